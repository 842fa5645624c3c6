# src/country_table.inc is generated from Debian's iso-codes and
# unicode-cldr-core and committed (docs/countries.md). This test runs the
# generator again into the build directory and checks its output is the
# committed file; without the packages it is skipped, saying so.
add_test(NAME country_table
         COMMAND ${CMAKE_COMMAND} -DTOP=${PROJECT_SOURCE_DIR}
                 -DOUT=${CMAKE_CURRENT_BINARY_DIR}/country_table.inc
                 -P ${PROJECT_SOURCE_DIR}/cmake/check_country_table.cmake)
set_tests_properties(country_table PROPERTIES SKIP_REGULAR_EXPRESSION "country_table: SKIPPED")
