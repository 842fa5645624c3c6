// Output for the muster command: one result table, written as a people's
// table, as CSV or as JSON (cli.md, "Common rules").
#pragma once

#include <muster/value.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace muster::cli {

enum class Format { table, csv, json };
/// The format of that name (`table`, `csv`, `json`), or nullopt.
std::optional<Format> parse_format(std::string_view name) noexcept;

/// A cell: text, a whole number, a number that may be unbounded (nullopt:
/// blank in CSV, null in JSON), a ratio printed with 3 decimals, or a yes/no
/// (`yes`/`no` in a table and CSV, true/false in JSON).
struct Ratio { std::optional<double> value; };
struct Flag { bool value; };
using Cell = std::variant<std::string, Count, std::optional<Count>, Ratio, Flag>;

struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  /// For `table`: a last row of totals, which the command computes (its
  /// first cell is replaced by "total"), written below a rule where there
  /// are rows. Empty: no total row.
  std::vector<Cell> total;
};

/// The cell for a high: nullopt where unbounded.
inline Cell high_cell(Count high) {
  return high == Value::unbounded ? Cell{std::optional<Count>{}} : Cell{std::optional<Count>{high}};
}

void write(std::FILE* out, const Result& r, Format f);

/// A JSON document: an object of named parts, in order, each a text, a
/// yes/no, or a table (an array of objects, as `write` gives in JSON).
struct Document {
  using Part = std::variant<std::string, bool, Result>;
  std::vector<std::pair<std::string, Part>> parts;
};
void write_json(std::FILE* out, const Document& d);

/// Quotes a CSV field where it needs it (muster::csv_field, RFC 4180).
std::string csv_field(const std::string& s);

}  // namespace muster::cli
