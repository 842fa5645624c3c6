# Run by the test country_table (tests/country_table.cmake):
#   cmake -DTOP=<repository> -DOUT=<scratch file> -P check_country_table.cmake
# Regenerates the country table into OUT and fails unless it equals the
# committed src/country_table.inc. Skipped when Debian's iso-codes or
# unicode-cldr-core is not installed.
foreach(f /usr/share/iso-codes/json/iso_3166-1.json /usr/share/iso-codes/json/iso_3166-3.json
          /usr/share/unicode/cldr/common/main/en.xml)
  if(NOT EXISTS "${f}")
    message("country_table: SKIPPED: ${f} is absent (apt-get install iso-codes unicode-cldr-core)")
    return()
  endif()
endforeach()
file(REMOVE "${OUT}")
execute_process(COMMAND ${CMAKE_COMMAND} -DOUTPUT=${OUT} -P ${TOP}/cmake/generate_countries.cmake
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "country_table: cmake/generate_countries.cmake failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}" "${TOP}/src/country_table.inc"
                RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "country_table: ${OUT} differs from the committed src/country_table.inc: "
                      "run `cmake -P cmake/generate_countries.cmake` and commit the result")
endif()
message("country_table: src/country_table.inc is what the generator makes")
