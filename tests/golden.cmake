# The command's output, byte for byte, against outputs recorded before the
# one-way core refactoring (issue 9): tests/golden/commands.txt lists the
# commands, tests/golden/expected/ holds what each printed and its exit status.
# Re-record only on a deliberate change of output:
#   tests/golden/run.sh build/src/cli/muster tests/golden/expected
if(TARGET muster_cmd)
  add_test(NAME golden_outputs
           COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh" "$<TARGET_FILE:muster_cmd>"
                   "${CMAKE_CURRENT_BINARY_DIR}/golden-out"
                   "${CMAKE_CURRENT_SOURCE_DIR}/golden/expected")
  # Skipped (exit 77) where ../shared/data is not beside the repository.
  set_tests_properties(golden_outputs PROPERTIES SKIP_RETURN_CODE 77)
endif()
