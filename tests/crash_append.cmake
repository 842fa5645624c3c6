# tests/crash_append.py: `muster append` of rows of 100 B, 120 KB and 5 MB
# killed with SIGKILL 200 times; every log read afterwards, no acknowledged
# row lost or doubled, the next append succeeds (docs/durability.md).
find_package(Python3 COMPONENTS Interpreter)
if(TARGET muster_cmd AND Python3_Interpreter_FOUND)
  add_test(NAME crash_append
           COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_SOURCE_DIR}/crash_append.py"
                   "$<TARGET_FILE:muster_cmd>")
  set_tests_properties(crash_append PROPERTIES TIMEOUT 600)
endif()
