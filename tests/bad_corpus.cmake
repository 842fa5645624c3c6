# The hostile-input corpus tests/data/bad/: one ctest test per case of its
# EXPECTED file, run by tests/bad_corpus.sh against the muster command.
if(TARGET muster_cmd)
  file(STRINGS "${CMAKE_CURRENT_SOURCE_DIR}/data/bad/EXPECTED" muster_bad_cases REGEX "^[^#].* \\| ")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               "${CMAKE_CURRENT_SOURCE_DIR}/data/bad/EXPECTED")
  foreach(line IN LISTS muster_bad_cases)
    string(REGEX REPLACE " \\|.*" "" case "${line}")
    add_test(NAME "bad_corpus.${case}"
             COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/bad_corpus.sh" "$<TARGET_FILE:muster_cmd>"
                     "${CMAKE_CURRENT_SOURCE_DIR}/data/bad" "${CMAKE_CURRENT_BINARY_DIR}/bad_corpus"
                     "${case}")
    set_tests_properties("bad_corpus.${case}" PROPERTIES TIMEOUT 120)
  endforeach()
endif()
