// muster/event.hpp — one recorded row of a log: an arrival, a departure, a
// report, a pledge, a retraction or an end, with its source.
//
// Events are immutable: a `Log` keeps its rows in compact columns and hands
// each out as an `Event` value whose text fields view the log's own storage
// (valid while the log lives); a correction is a new event whose `supersedes`
// names the old one.
//
//     for (const muster::Event& e : log.events())
//       if (e.kind == muster::Kind::arrival)
//         fmt::print("{} {} arrived {}: {}\n", *e.country, e.component, e.date, e.value);
#pragma once

#include "muster/country.hpp"
#include "muster/day.hpp"
#include "muster/value.hpp"

#include <array>
#include <compare>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace muster {

/// What a row says happened (spec section 2). An `end` (version 1.2) says
/// that its scope has no personnel from its period on: its mission, narrowed
/// to its country and its component where given (a mission that closed).
enum class Kind : unsigned char { arrival, departure, report, pledge, retraction, end };

/// `confirmed` rows are seen by default; `planned` ones only when asked for.
enum class Status : unsigned char { confirmed, planned };

/// The columns of a log (spec section 2), in the spec's order: the one list
/// that the reader, the writer, import, generate and the command use. A
/// header names any of them in any order, with user columns (`x_...`).
enum class Column : unsigned char {
  id, kind, date, mission, country, component, count, low, high, status, recorded, supersedes,
  source, note
};
inline constexpr std::array<std::string_view, 14> log_columns = {
    "id",   "kind",   "date",     "mission",  "country",    "component", "count",
    "low",  "high",   "status",   "recorded", "supersedes", "source",    "note"};
/// A column's name in a header: `column_name(Column::supersedes)` is "supersedes".
constexpr std::string_view column_name(Column c) noexcept {
  return log_columns[static_cast<std::size_t>(c)];
}
/// The same: a column prints as its name (`fmt::format("{}", c)` too).
constexpr std::string_view to_string(Column c) noexcept { return column_name(c); }
/// A header line naming `columns` in this order, with its line end
/// (`header_line({Column::id, Column::kind})` is "id,kind\n").
inline std::string header_line(std::initializer_list<Column> columns) {
  std::string line;
  for (const Column c : columns) (line += line.empty() ? "" : ",") += column_name(c);
  return line += '\n';
}
/// A header line naming every column of spec section 2, in its order.
inline std::string header_line() {
  std::string line;
  for (const std::string_view name : log_columns) (line += line.empty() ? "" : ",") += name;
  return line += '\n';
}
/// The column a header name is (exactly, as spec section 2 spells it), or nullopt.
constexpr std::optional<Column> parse_column(std::string_view name) noexcept {
  for (std::size_t i = 0; i < log_columns.size(); ++i)
    if (log_columns[i] == name) return static_cast<Column>(i);
  return std::nullopt;
}

std::string_view to_string(Kind k) noexcept;
std::optional<Kind> parse_kind(std::string_view s) noexcept;
std::string_view to_string(Status s) noexcept;

/// A contingent: what one country sends to one mission, of one component
/// (`police`, `military`, ...; empty means unspecified).
struct Contingent {
  std::string mission;
  Country country;
  std::string component;

  friend auto operator<=>(const Contingent&, const Contingent&) = default;
  friend bool operator==(const Contingent&, const Contingent&) = default;
};

/// One row of a log, as validated (spec sections 2 and 3). The text fields
/// view the `Log` the event came from: copy them into strings to keep them
/// longer than the log.
struct Event {
  std::size_t line = 0;       ///< physical line of the file where the row starts
  std::size_t index = 0;      ///< position in file order, from 0
  std::string_view id;
  Kind kind = Kind::report;
  Period date;
  std::string_view mission;        ///< may be empty for a retraction
  std::optional<Country> country;  ///< empty only for a report or an end (or a retraction)
  std::string_view component;
  Value value;                     ///< meaningless for a retraction or an end (0)
  bool count_given = false;        ///< whether the row gave `count`
  Status status = Status::confirmed;
  Day recorded{};                  ///< the day this row became known
  std::optional<std::size_t> supersedes;  ///< index of the row it replaces
  std::string_view source;
  std::string_view note;
  /// The row's user columns (`x_...`): name and value, in header order.
  std::vector<std::pair<std::string_view, std::string_view>> extra;

  Contingent contingent() const {
    return {std::string(mission), country.value_or(Country{}), std::string(component)};
  }
};

// ---------------------------------------------------------------------------
// Definitions

inline std::string_view to_string(Kind k) noexcept {
  switch (k) {
    case Kind::arrival: return "arrival";
    case Kind::departure: return "departure";
    case Kind::report: return "report";
    case Kind::pledge: return "pledge";
    case Kind::retraction: return "retraction";
    case Kind::end: return "end";
  }
  return "?";
}

inline std::optional<Kind> parse_kind(std::string_view s) noexcept {
  for (Kind k : {Kind::arrival, Kind::departure, Kind::report, Kind::pledge, Kind::retraction,
                 Kind::end})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

inline std::string_view to_string(Status s) noexcept {
  return s == Status::planned ? "planned" : "confirmed";
}

}  // namespace muster
