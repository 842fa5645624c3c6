# The report in a real browser: Debian's chromium, headless (tests/browser_test.sh).
find_program(MUSTER_CHROMIUM NAMES chromium chromium-browser google-chrome DOC "a headless browser for the report test")
if(TARGET muster_cmd)
  add_test(NAME browser_report
           COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/browser_test.sh" "$<TARGET_FILE:muster_cmd>"
                   "${MUSTER_CHROMIUM}" "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_BINARY_DIR}/browser")
  set_tests_properties(browser_report PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL ON)
endif()
