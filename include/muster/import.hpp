// muster/import.hpp — turning a table of figures kept by others into a log.
//
// The UN, research data sets and news trackers publish one row per date and
// country. `import_table` reads such a CSV table, with its columns named by
// `ImportOptions`, and writes a version-1 log of `report` rows, one per table
// row that has a figure, each citing the table and line it came from.
//
//     muster::ImportOptions o;
//     o.year_column = "year"; o.month_column = "month";
//     o.country_columns = {"iso3c", "countryname"}; o.count_column = "troops_ad";
//     o.mission = "US-DOD";
//     auto result = muster::import_table(text, "troops.csv", o);  // result.log_text
#pragma once

#include "muster/log.hpp"

#include <map>
#include <string>
#include <vector>

namespace muster {

struct ImportOptions {
  /// The date: one column holding YYYY-MM-DD, YYYY-MM or YYYY, or a year
  /// column with a month column (a name, an abbreviation or 1-12) or a
  /// quarter column (1-4: the quarter's last month). Month and quarter dates
  /// become month periods.
  std::string date_column;
  std::string year_column, month_column, quarter_column;
  /// Columns naming the country, tried in order: the first value that is a
  /// known spelling (or an alias) wins.
  std::vector<std::string> country_columns;
  /// Extra spellings: table value (compared case-insensitively) -> country code.
  std::map<std::string, std::string> aliases;
  /// The figure: a count column, or low/high columns, or both.
  std::string count_column, low_column, high_column;
  /// The mission: a fixed code or a column.
  std::string mission, mission_column;
  /// The component: a fixed value (may be empty) or a column.
  std::string component, component_column;
  /// A column whose text is quoted in each row's source.
  std::string source_column;
  /// Values that mean "no figure": such rows are skipped, not errors.
  std::vector<std::string> missing = {"", "NA", "N/A", "..", "-"};
  /// Skip rows whose country is not a known spelling instead of refusing.
  bool skip_unknown_countries = false;
};

struct ImportResult {
  std::string log_text;           ///< a version-1 log, header included
  std::size_t rows_written = 0;
  std::size_t skipped_missing = 0;  ///< rows without a figure
  /// Country spellings that matched nothing, with how many rows had each
  /// (only filled when skip_unknown_countries is set).
  std::map<std::string, std::size_t> unknown_countries;
};

/// Converts one table. Throws LogRefused naming the table, the line and what
/// is wrong (a column that does not exist, a bad year, an unknown country,
/// a figure that is not a whole number, ...), and std::invalid_argument when
/// the options themselves are incomplete.
ImportResult import_table(std::string text, const std::string& file_name,
                          const ImportOptions& options);

/// Same, for several tables written as one log (ids are unique across them).
ImportResult import_tables(const std::vector<std::string>& paths, const ImportOptions& options);

}  // namespace muster
