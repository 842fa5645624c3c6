// muster/import.hpp — turning a table of figures kept by others into a log.
//
// The UN, research data sets and news trackers publish one row per date and
// country (or one column per date). `import_table` reads such a CSV table,
// with its columns named by `ImportOptions`, and writes a version-1 log of
// `report` rows (or `end` rows, `ImportOptions::kind`), each citing the
// table and line it came from (cli.md, `import`; docs/import.md has a recipe
// per shape of table).
//
//     muster::ImportOptions o;
//     o.year_column = "year"; o.month_column = "month";
//     o.country_columns = {"iso3c", "countryname"}; o.count_column = "troops_ad";
//     o.mission = "US-DOD";
//     o.missing_when = {{"source", "NA"}};  // troopdata's "no figure this quarter"
//     auto result = muster::import_table(text, "troops.csv", o);  // result.log_text
//
// Rows of the log come in two parts. First one row per figure of the table,
// in the table's line order (a line with several figures, `counts` or
// `wide`, gives its figures in column order); a missing figure keeps its
// place (as a report of unknown size or of 0, or no row). Then the reports
// for absent keys, sorted by date, then mission, country and component. Ids
// are the prefix, the table's number and the line (`t1-2`); where one line
// may give several rows, `-K` for its K-th figure (`t1-2-3`); absent keys'
// rows `a` and their number in that order (`t1-a4`).
#pragma once

#include "muster/format.hpp"
#include "muster/log.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace muster {

/// What a missing figure becomes (cli.md, `--missing-as`).
enum class MissingAs : unsigned char {
  unknown,  ///< a report of unknown size (count = the key's last figure, low 0, high unbounded)
  skip,     ///< no row: the last figure stands
  zero,     ///< a report of 0
};

/// What a key that has no row on a later table date becomes there (`--absent-as`).
enum class AbsentAs : unsigned char {
  unknown,  ///< a report of unknown size, as for a missing figure
  zero,     ///< a report of 0 (the contingent has gone home)
  carry,    ///< nothing: the last figure stands
};

/// What a figure with a fraction becomes (cli.md, `--fractions`).
enum class Fractions : unsigned char {
  refuse,  ///< an error naming its line (a zero fraction, `13.0`, is whole and accepted)
  range,   ///< `264.25`: estimate 264 (rounded half to even), low 264, high 265
  round,   ///< estimate = low = high = the figure rounded half to even
};

/// `unknown`, `skip`, `zero`: as `--missing-as` reads it.
constexpr std::string_view to_string(MissingAs m) noexcept {
  return m == MissingAs::unknown ? "unknown" : m == MissingAs::skip ? "skip" : "zero";
}
/// `unknown`, `zero`, `carry`: as `--absent-as` reads it.
constexpr std::string_view to_string(AbsentAs a) noexcept {
  return a == AbsentAs::unknown ? "unknown" : a == AbsentAs::zero ? "zero" : "carry";
}
/// `refuse`, `range`, `round`: as `--fractions` reads it.
constexpr std::string_view to_string(Fractions f) noexcept {
  return f == Fractions::refuse ? "refuse" : f == Fractions::range ? "range" : "round";
}

/// One figure column: `column` is a header name or names joined by `+`
/// (their sum; a sum with a missing cell is missing). `component`, where
/// given, is the component of its figures (else the options' component).
struct CountColumn {
  std::string column;
  std::optional<std::string> component{};
};

struct ImportOptions {
  /// The date: one column holding YYYY-MM-DD, YYYY-MM or YYYY, or a year
  /// column with a month column (a name, an abbreviation with or without a
  /// period, or 1-12) or a quarter column (1-4: the quarter's last month).
  /// Month and quarter dates become month periods.
  std::string date_column{};
  std::string year_column{}, month_column{}, quarter_column{};
  /// A strftime-style format for the date column (and, with `wide`, the
  /// date headers), read by Howard Hinnant's `date::parse`: `%d-%b-%Y`,
  /// `%B %Y`, ... A format without a day gives a month period, without a
  /// month a year period. Empty: YYYY-MM-DD, YYYY-MM or YYYY.
  std::string date_format{};
  /// One column per date: every column that no other option names is a date
  /// column (its header read as a date), its cells the figures.
  bool wide = false;
  /// Columns left out (descriptive columns of a wide table: a region, a
  /// note). Each must be in the header.
  std::vector<std::string> ignore_columns{};
  /// Columns naming the country, tried in order: the first value that is a
  /// known spelling (or an alias) wins. None: every row is a figure for the
  /// whole mission (a report with a blank country, an observation).
  std::vector<std::string> country_columns{};
  /// Every row's country, a fixed spelling (not with `country_columns`):
  /// `{file}` in it is the table's file name without its directory and
  /// extension, so that one file per country (`countries/Kenya.csv`) names
  /// its own country.
  std::string country_name{};
  /// Extra spellings: table value (compared case-insensitively) -> country code.
  std::map<std::string, std::string> aliases{};
  /// The figure: a count column (or `A+B`), or low/high columns, or both;
  /// or several count columns, each of its component.
  std::string count_column{}, low_column{}, high_column{};
  std::vector<CountColumn> counts{};
  /// A thousands separator allowed in figures (`1,000`); 0 for none. The
  /// decimal mark is `.`, or `,` where the separator is `.` (`1.264,25`).
  char thousands = 0;
  /// Cells are whole numbers (a zero fraction, `13.0`, is one); a fraction
  /// is refused unless `fractions` says what it becomes. A sum of columns
  /// (`A+B`) adds the exact decimals first and rounds the sum once
  /// (`0.5+0.5` is exactly 1). A `low` column's fraction is rounded down
  /// and a `high` column's up under `range`; both to the nearest under
  /// `round`; bound columns, where given, replace the bounds of the count's
  /// fraction.
  Fractions fractions = Fractions::refuse;
  /// The mission: a fixed code or a column.
  std::string mission{}, mission_column{};
  /// The component: a fixed value (may be empty) or a column.
  std::string component{}, component_column{};
  /// A column whose text is quoted in each row's source.
  std::string source_column{};
  /// The table's field delimiter: `,`, `;`, `\t`, `|`.
  char delimiter = ',';
  /// Values that mean "no figure".
  std::vector<std::string> missing = {"", "NA", "N/A", "..", "-"};
  /// Rows where column == value have no figure (troopdata: source = NA).
  std::vector<std::pair<std::string, std::string>> missing_when{};
  /// The kind of the rows: `report` (figures), or `end`: each row is the end
  /// of its scope on its date (its mission, and its country and component
  /// where given: a blank country cell is the whole mission), with no figure,
  /// for a table of missions and their closing dates. Rows whose date is
  /// blank (or a `missing` value) are skipped and counted; the missing and
  /// absent policies do not apply.
  Kind kind = Kind::report;
  MissingAs missing_as = MissingAs::unknown;
  AbsentAs absent_as = AbsentAs::unknown;
  /// Ids are this prefix, the table's number and the row's number.
  std::string id_prefix = "t";
  /// Every row's `recorded` day (YYYY-MM-DD); empty: no `recorded` column.
  std::string recorded{};
  /// Skip rows whose country is not a known spelling instead of refusing.
  bool skip_unknown_countries = false;
};

/// A country spelling of the tables that names no country, reported once.
struct UnknownCountry {
  std::size_t rows = 0;    ///< rows that have it
  std::string file;        ///< the table of its first row
  std::size_t line = 0;    ///< its first row's line
  /// Why it names no country, with the closest known spellings or the
  /// candidates of an ambiguous name (`CountryLookup::message`).
  std::string message;
};

struct ImportResult {
  /// A version-1 log, header included. Its columns are always `id,kind,
  /// date,mission,country,component,count,low,high,source,recorded,note`
  /// (`recorded` blank without ImportOptions::recorded), so that the rows
  /// of another import (with another id prefix) can be appended to it.
  std::string log_text;
  std::size_t rows_written = 0;
  std::size_t figures_missing = 0;  ///< figures missing (however written)
  std::size_t keys_absent = 0;      ///< times a key was absent on a table date
  std::size_t unknown_size = 0;     ///< rows written as of unknown size
  std::size_t dates_blank = 0;      ///< rows skipped for a blank date (`kind` end)
  /// Country spellings that matched nothing ("(blank)" for none), each
  /// once, with how many rows had it and the first (only filled when
  /// skip_unknown_countries is set: else each is one error, at its first
  /// row, with the number of rows).
  std::map<std::string, UnknownCountry> unknown_countries;
};

/// Converts one table (its number is 1 in ids). Throws LogRefused naming the
/// table, the line and what is wrong (a column that does not exist, a bad
/// year, an unknown country, a figure that is not a whole number, ...), and
/// std::invalid_argument when the options themselves are incomplete.
ImportResult import_table(std::string text, const std::string& file_name,
                          const ImportOptions& options);

/// Same, for several tables read in turn into one log: table i (from 1) has
/// ids `t<i>-...`, and each row's source names its own table's file and line.
/// `-` reads standard input (named `<stdin>`). Each table is read within the
/// limits of `read_log` (docs/limits.md), with its messages: at most
/// `max_file_bytes`, fields of 1 MiB, 1,000 fields a record, column names of
/// 64 bytes, and reading stops after 1,000 errors. An endless input
/// (/dev/zero) is refused at the first record over a limit; a directory is
/// refused as such.
ImportResult import_tables(const std::vector<std::string>& paths, const ImportOptions& options,
                           std::size_t max_file_bytes = max_log_bytes);

/// `table.csv:7: unknown country ...`, with `(3 rows)` where more than one
/// row has it.
inline std::string to_string(const UnknownCountry& u) {
  return u.rows > 1 ? fmt::format("{}:{}: {} ({} rows)", u.file, u.line, u.message, u.rows)
                    : fmt::format("{}:{}: {}", u.file, u.line, u.message);
}

/// `troops`, `police as police`: a figure column and its component.
inline std::string to_string(const CountColumn& c) {
  return c.component ? fmt::format("{} as {}", c.column, *c.component) : c.column;
}

/// `12 rows written; 3 figures missing, 2 keys absent, 5 rows of unknown
/// size, 0 dates blank, 1 unknown country` (the import's summary).
inline std::string to_string(const ImportResult& r) {
  return fmt::format("{} row{} written; {} figure{} missing, {} key{} absent, {} row{} of unknown size, "
                     "{} date{} blank, {} unknown countr{}",
                     r.rows_written, r.rows_written == 1 ? "" : "s", r.figures_missing,
                     r.figures_missing == 1 ? "" : "s", r.keys_absent, r.keys_absent == 1 ? "" : "s",
                     r.unknown_size, r.unknown_size == 1 ? "" : "s", r.dates_blank, r.dates_blank == 1 ? "" : "s",
                     r.unknown_countries.size(), r.unknown_countries.size() == 1 ? "y" : "ies");
}

}  // namespace muster

template <>
struct fmt::formatter<muster::CountColumn> : muster_to_string_formatter<muster::CountColumn> {};
template <>
struct fmt::formatter<muster::ImportResult> : muster_to_string_formatter<muster::ImportResult> {};
template <>
struct fmt::formatter<muster::MissingAs> : muster_to_string_formatter<muster::MissingAs> {};
template <>
struct fmt::formatter<muster::AbsentAs> : muster_to_string_formatter<muster::AbsentAs> {};
template <>
struct fmt::formatter<muster::Fractions> : muster_to_string_formatter<muster::Fractions> {};
/// `table.csv:7: unknown country 'Kenia' (did you mean Kenya?) (3 rows)`.
template <>
struct fmt::formatter<muster::UnknownCountry> : muster_to_string_formatter<muster::UnknownCountry> {};

