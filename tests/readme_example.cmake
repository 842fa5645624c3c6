# The README's C++ example, as a user copies it: the first ```cpp block after
# "## From C++" is extracted at configure time, compiled against the library
# and run from outside the repository, on the Haiti log and on a missing file
# (which must end in a message and exit status 1, never `terminate called`).
file(READ "${PROJECT_SOURCE_DIR}/README.md" muster_readme)
string(FIND "${muster_readme}" "## From C++" muster_at)
if(muster_at LESS 0)
  message(FATAL_ERROR "README.md has no \"## From C++\" section")
endif()
string(SUBSTRING "${muster_readme}" ${muster_at} -1 muster_readme)
string(FIND "${muster_readme}" "```cpp\n" muster_at)
math(EXPR muster_at "${muster_at} + 7")
string(SUBSTRING "${muster_readme}" ${muster_at} -1 muster_readme)
string(FIND "${muster_readme}" "```" muster_end)
string(SUBSTRING "${muster_readme}" 0 ${muster_end} muster_readme_code)
set(muster_readme_cpp "${CMAKE_CURRENT_BINARY_DIR}/readme_example.cpp")
file(CONFIGURE OUTPUT "${muster_readme_cpp}" CONTENT "${muster_readme_code}" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/README.md")

add_executable(readme_example "${muster_readme_cpp}")
target_link_libraries(readme_example PRIVATE muster::muster muster_warnings)
add_test(NAME readme_example
         COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/readme_example.sh" "$<TARGET_FILE:readme_example>"
                 "${PROJECT_SOURCE_DIR}/examples/haiti_mss/mss.csv")
