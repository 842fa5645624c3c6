// Output for the muster command: one result table, written as a people's
// table, as CSV or as JSON (cli.md, "Common rules").
#pragma once

#include <muster/value.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace muster::cli {

enum class Format { table, csv, json };

/// A cell: text, a whole number, a number that may be unbounded (nullopt:
/// blank in CSV, null in JSON), or a ratio printed with 3 decimals.
struct Ratio { std::optional<double> value; };
using Cell = std::variant<std::string, Count, std::optional<Count>, Ratio>;

struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  /// For `table`: a last row summing these columns (by index), labelled in
  /// the first column. Empty: no total row.
  std::vector<std::size_t> total_columns;
};

/// The cell for a high: nullopt where unbounded.
inline Cell high_cell(Count high) {
  return high == Value::unbounded ? Cell{std::optional<Count>{}} : Cell{std::optional<Count>{high}};
}

void write(std::FILE* out, const Result& r, Format f);

/// Quotes a CSV field where it needs it (RFC 4180).
std::string csv_field(const std::string& s);

}  // namespace muster::cli
