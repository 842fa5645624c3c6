# Generates src/country_table.inc, the country table muster is built with
# (docs/countries.md), from Debian's data and the lists kept in data/:
#   ISO_3166_1  iso-codes' /usr/share/iso-codes/json/iso_3166-1.json
#   ISO_3166_3  iso-codes' /usr/share/iso-codes/json/iso_3166-3.json
#   CLDR_EN     unicode-cldr-core's /usr/share/unicode/cldr/common/main/en.xml
#   FORMER      data/former-countries.csv (what became of each ISO 3166-3 entry)
#   NAMES       data/country-names.csv (names used in UN and research tables)
#   OUTPUT      the file to write (default: src/country_table.inc)
# Usage, from the top of the repository:
#   cmake -P cmake/generate_countries.cmake
# The output is committed; the build does not run this script (a test does,
# and compares). It must stay byte-for-byte deterministic.
cmake_minimum_required(VERSION 3.20)
get_filename_component(top "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
foreach(var_default
    "ISO_3166_1=/usr/share/iso-codes/json/iso_3166-1.json"
    "ISO_3166_3=/usr/share/iso-codes/json/iso_3166-3.json"
    "CLDR_EN=/usr/share/unicode/cldr/common/main/en.xml"
    "FORMER=${top}/data/former-countries.csv"
    "NAMES=${top}/data/country-names.csv"
    "OUTPUT=${top}/src/country_table.inc")
  string(REGEX MATCH "^[^=]+" var "${var_default}")
  string(REGEX REPLACE "^[^=]+=" "" default "${var_default}")
  if(NOT DEFINED ${var})
    set(${var} "${default}")
  endif()
  if(NOT var STREQUAL "OUTPUT" AND NOT EXISTS "${${var}}")
    message(FATAL_ERROR "generate_countries: ${${var}} not found (${var})")
  endif()
endforeach()

# A C string literal of TEXT.
function(c_string text out)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  set(${out} "\"${text}\"" PARENT_SCOPE)
endfunction()

set(spellings "")  # lines MUSTER_SPELLING("text", "ABC", source)
function(add_spelling text code source)
  if(text STREQUAL "")
    return()
  endif()
  c_string("${text}" t)
  set(spellings "${spellings};MUSTER_SPELLING(${t}, \"${code}\", ${source})" PARENT_SCOPE)
endfunction()

# Splits a CSV line NAME,CODE,REST where NAME may be in double quotes (with
# no quotes inside) and REST is the rest of the line.
function(split_csv_line line name_out code_out rest_out)
  # (Not one if() with OR: CMake evaluates both MATCHES, the second resets CMAKE_MATCH_n.)
  if(NOT line MATCHES "^\"([^\"]*)\",([^,]*),(.*)$")
    if(NOT line MATCHES "^([^,\"]*),([^,]*),(.*)$")
      message(FATAL_ERROR "generate_countries: cannot read the line '${line}'")
    endif()
  endif()
  set(${name_out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  set(${code_out} "${CMAKE_MATCH_2}" PARENT_SCOPE)
  set(${rest_out} "${CMAKE_MATCH_3}" PARENT_SCOPE)
endfunction()

# --- ISO 3166-1 -------------------------------------------------------------------
file(READ "${ISO_3166_1}" json)
string(JSON count LENGTH "${json}" "3166-1")
math(EXPR last "${count} - 1")
set(countries "")  # lines MUSTER_COUNTRY("ABC", "AB", "name", "common name", former)
foreach(i RANGE ${last})
  foreach(field alpha_2 alpha_3 name official_name common_name)
    string(JSON ${field} ERROR_VARIABLE err GET "${json}" "3166-1" ${i} ${field})
    if(err)
      set(${field} "")
    endif()
  endforeach()
  set(code_of_${alpha_2} "${alpha_3}")
  set(known_${alpha_3} 1)
  c_string("${name}" n)
  c_string("${common_name}" c)
  list(APPEND countries "MUSTER_COUNTRY(\"${alpha_3}\", \"${alpha_2}\", ${n}, ${c}, 0)")
  add_spelling("${name}" ${alpha_3} iso_name)
  add_spelling("${official_name}" ${alpha_3} iso_official_name)
  add_spelling("${common_name}" ${alpha_3} iso_common_name)
endforeach()

# --- ISO 3166-3: each entry is renamed (a spelling of today's country) or
# dissolved, split or merged (a country of its own, with its own code) --------
file(STRINGS "${FORMER}" former_lines ENCODING UTF-8)
list(POP_FRONT former_lines)  # the header
foreach(line IN LISTS former_lines)
  split_csv_line("${line}" a3 today rest)
  split_csv_line("${rest},," short ignored ignored)
  set(former_today_${a3} "${today}")
  set(former_short_${a3} "${short}")
  set(former_listed_${a3} 1)
endforeach()
file(READ "${ISO_3166_3}" json)
string(JSON count LENGTH "${json}" "3166-3")
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON a3 GET "${json}" "3166-3" ${i} alpha_3)
  string(JSON name GET "${json}" "3166-3" ${i} name)
  if(NOT former_listed_${a3})
    message(FATAL_ERROR "generate_countries: ISO 3166-3 ${a3} (${name}) is not in ${FORMER}")
  endif()
  set(code "${former_today_${a3}}")
  if(code STREQUAL "")
    if(known_${a3})
      message(FATAL_ERROR "generate_countries: ${a3} is in ISO 3166-1 too: give it as today's")
    endif()
    set(code ${a3})
    set(known_${a3} 1)
    c_string("${former_short_${a3}}" n)
    list(APPEND countries "MUSTER_COUNTRY(\"${a3}\", \"\", ${n}, \"\", 1)")
  elseif(NOT known_${code})
    message(FATAL_ERROR "generate_countries: ${a3} became '${code}', not an ISO 3166-1 code")
  endif()
  add_spelling("${name}" ${code} iso_3166_3)
  add_spelling("${former_short_${a3}}" ${code} iso_3166_3)
endforeach()

# --- CLDR English territory names ---------------------------------------------------
file(STRINGS "${CLDR_EN}" cldr_lines ENCODING UTF-8
     REGEX "<territory type=\"[A-Z][A-Z]\"( alt=\"[a-z]+\")?>[^<]*</territory>")
set(cldr_left_out "")
foreach(line IN LISTS cldr_lines)
  string(REGEX MATCH "type=\"([A-Z][A-Z])\"( alt=\"([a-z]+)\")?>([^<]*)<" m "${line}")
  set(a2 "${CMAKE_MATCH_1}")
  set(alt "${CMAKE_MATCH_3}")
  set(text "${CMAKE_MATCH_4}")
  foreach(entity "&amp;=&" "&apos;='" "&quot;=\"" "&lt;=<" "&gt;=>")
    string(REGEX REPLACE "=.*" "" from "${entity}")
    string(REGEX REPLACE "^[^=]*=" "" to "${entity}")
    string(REPLACE "${from}" "${to}" text "${text}")
  endforeach()
  if(NOT DEFINED code_of_${a2})  # EU, UN, EZ, QO, ZZ, XK, ...: not a country of ISO 3166-1
    list(APPEND cldr_left_out ${a2})
    continue()
  endif()
  if(alt STREQUAL "")
    add_spelling("${text}" ${code_of_${a2}} cldr)
  elseif(alt STREQUAL "short" OR alt STREQUAL "variant")
    add_spelling("${text}" ${code_of_${a2}} cldr_${alt})
  endif()
endforeach()
list(REMOVE_DUPLICATES cldr_left_out)
list(SORT cldr_left_out)
list(JOIN cldr_left_out " " cldr_left_out)

# --- The documented list -------------------------------------------------------------
file(STRINGS "${NAMES}" name_lines ENCODING UTF-8)
list(POP_FRONT name_lines)  # the header
foreach(line IN LISTS name_lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  split_csv_line("${line}" name code where)
  if(NOT known_${code})
    message(FATAL_ERROR "generate_countries: ${NAMES}: '${name}' names '${code}', not a known code")
  endif()
  add_spelling("${name}" ${code} list)
endforeach()

# --- The output -----------------------------------------------------------------------
list(SORT countries)
list(REMOVE_ITEM spellings "")
list(SORT spellings)
list(REMOVE_DUPLICATES spellings)
list(LENGTH countries n_countries)
list(LENGTH spellings n_spellings)
list(JOIN countries "\n" countries)
list(JOIN spellings "\n" spellings)
foreach(f ISO_3166_1 ISO_3166_3 CLDR_EN FORMER NAMES)
  get_filename_component(${f}_name "${${f}}" NAME)
endforeach()
file(WRITE "${OUTPUT}.tmp" "\
// Generated by cmake/generate_countries.cmake from iso-codes' ${ISO_3166_1_name} and
// ${ISO_3166_3_name}, CLDR's ${CLDR_EN_name} and the repository's data/${FORMER_name} and
// data/${NAMES_name}. Do not edit: change the lists in data/ and run, from the top of
// the repository, `cmake -P cmake/generate_countries.cmake` (docs/countries.md).
// CLDR regions left out (not countries of ISO 3166-1): ${cldr_left_out}
//
// MUSTER_COUNTRY(alpha-3, alpha-2, name, common name, former): ${n_countries} countries,
// ISO 3166-1 and the former countries of ISO 3166-3 that keep their own code.
// MUSTER_SPELLING(text, alpha-3, source): ${n_spellings} spellings besides the codes.
${countries}
${spellings}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
