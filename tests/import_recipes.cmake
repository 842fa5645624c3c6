# docs/import.md's recipes on the sample tables of tests/data/import/ run as
# written with the built command, and write logs that `muster check` accepts.
if(TARGET muster_cmd)
  add_test(NAME import_recipes
           COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/import_recipes.sh" "$<TARGET_FILE:muster_cmd>"
                   "${PROJECT_SOURCE_DIR}")
endif()

# The UN's list of missions imported as ends and joined to a monthly
# contributions table: every closed mission is 0 from its closing day on.
if(TARGET muster_cmd)
  add_test(NAME closed_missions
           COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/closed_missions.sh" "$<TARGET_FILE:muster_cmd>"
                   "${PROJECT_SOURCE_DIR}")
endif()
