// row_rules.hpp — the spec's rules for a log's header and rows
// (docs/spec/event-log-v1.md sections 1, 2, 3 and 6), one function a rule,
// in the spec's order and words: cells in, diagnostics out.
//
// The loading engine (read_log.cpp: mapping, splitting a file in two, threads,
// hashing ids, compact storage) reads the records, hands each rule its cells
// and keeps what the rules give back; it decides no rule itself and writes no
// message. Each rule takes `error`, a callable that takes a message (the
// engine adds the file and the line), and calls it once for each thing the
// rule finds wrong; a rule that finds nothing costs a few comparisons, and
// a message is formatted only for a row that breaks it.
//
//     spec::id_given(cell_id, [&](std::string m) { errors.push_back({file, line, std::move(m)}); });
#pragma once

#include "muster/country.hpp"
#include "muster/day.hpp"
#include "muster/event.hpp"
#include "muster/value.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace muster::spec {

/// A cell as a message quotes it: `'text'`, cut after 40 bytes.
inline std::string shown(std::string_view s) {
  if (s.size() > 40) return fmt::format("'{}...'", s.substr(0, 40));
  return fmt::format("'{}'", s);
}

// --- Section 1: the file --------------------------------------------------------

/// Every record has exactly as many fields as the header.
inline std::string wrong_field_count(std::size_t fields, std::size_t header_width) {
  return fmt::format("{} fields, but the header has {}", fields, header_width);
}

/// A header names each column at most once.
inline std::string repeated_column(std::string_view name) {
  return fmt::format("column {} appears more than once", shown(name));
}

/// A name that begins with `x_` is a user column, kept and never interpreted.
inline bool user_column(std::string_view name) noexcept { return name.substr(0, 2) == "x_"; }

/// Any other name must be one of section 2's columns: the column, or nullopt
/// and the error.
template <class Error>
std::optional<Column> known_column(std::string_view name, Error&& error) {
  const std::optional<Column> c = parse_column(name);
  if (!c) error(fmt::format("unknown column {} (user columns begin with x_)", shown(name)));
  return c;
}

/// The columns every header has: `id`, `kind` and `date`. `has(c)` says
/// whether the header names column `c`; false where one is missing.
template <class Has, class Error>
bool required_columns(Has&& has, Error&& error) {
  bool ok = true;
  for (const Column c : {Column::id, Column::kind, Column::date})
    if (!has(c)) {
      error(fmt::format("missing required column '{}'", column_name(c)));
      ok = false;
    }
  return ok;
}

// --- Section 2: the columns of a row ----------------------------------------------

/// `id`: always given (its uniqueness is section 6's, over the whole file).
template <class Error>
void id_given(std::string_view id, Error&& error) {
  if (id.empty()) error("id is blank");
}

/// `kind`: one of the six kinds; nullopt where it is none of them.
template <class Error>
std::optional<Kind> kind_of(std::string_view text, Error&& error) {
  const std::optional<Kind> kind = parse_kind(text);
  if (!kind)
    error(fmt::format("unknown kind {} (expected arrival, departure, report, pledge, "
                      "retraction or end)", shown(text)));
  return kind;
}

/// `date`: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real calendar date of a year
/// from min_year to max_year. False where it is not (`date` left as it was).
template <class Error>
bool date_of(std::string_view text, Period& date, Error&& error) {
  if (detail::parse_period_to(text, date)) return true;
  if (text.empty()) error("date is blank");
  else
    error(fmt::format("bad date {}: expected a real date YYYY-MM-DD, YYYY-MM or YYYY with a "
                      "year from {} to {}", shown(text), min_year, max_year));
  return false;
}

/// `mission`: required for every kind but `retraction` (a row whose kind is
/// unknown has only that error).
template <class Error>
void mission_given(std::string_view mission, std::optional<Kind> kind, std::string_view kind_text,
                   Error&& error) {
  if (mission.empty() && kind && *kind != Kind::retraction)
    error(fmt::format("mission is blank (required for {})", kind_text));
}

/// `country`: a spelling of section 2a (`known` says whether it was one:
/// the engine looks it up once for each spelling), required for `arrival`,
/// `departure` and `pledge`, optional for `report` and `end`.
template <class Error>
void country_given(std::string_view text, bool known, std::optional<Kind> kind,
                   std::string_view kind_text, Error&& error) {
  if (!known) error(Country::lookup(text).message(text));
  else if (text.empty() && kind && *kind != Kind::report && *kind != Kind::end)
    error(fmt::format("country is blank (required for {})", kind_text));
}

/// `status`: `confirmed` (also when blank) or `planned`.
template <class Error>
Status status_of(std::string_view text, Error&& error) {
  if (text == "planned") return Status::planned;
  if (!text.empty() && text != "confirmed")
    error(fmt::format("unknown status {} (expected confirmed or planned)", shown(text)));
  return Status::confirmed;
}

/// `recorded`: a real day `YYYY-MM-DD`; blank means the first day of `date`.
template <class Error>
Day recorded_of(std::string_view text, const Period& date, Error&& error) {
  Day recorded = date.first;
  if (!text.empty() && !detail::parse_day_to(text, recorded))
    error(fmt::format("bad recorded day {}: expected a real date YYYY-MM-DD with a year from {} "
                      "to {}", shown(text), min_year, max_year));
  return recorded;
}

/// `supersedes`: required for a `retraction` (what it names is section 6's).
template <class Error>
void supersedes_given(std::string_view supersedes, bool retraction, Error&& error) {
  if (retraction && supersedes.empty()) error("a retraction needs supersedes");
}

// --- Section 3: the value of a row --------------------------------------------------

/// The most a count, low or high may be.
inline constexpr Count max_count = 1'000'000'000;

/// A count, low or high: a whole number from 0 to max_count, digits only.
inline std::optional<Count> count_of(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  const auto nz = s.find_first_not_of('0');
  if (nz == std::string_view::npos) return 0;
  s = s.substr(nz);
  if (s.size() > 10) return std::nullopt;
  Count v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  if (v > max_count) return std::nullopt;
  return v;
}

/// Why a count cell is refused; a number with a zero fraction (`400.0`, as
/// pandas writes an integer column that has a blank cell) says how to fix it.
std::string bad_count(std::string_view column, std::string_view text);

/// A row's value: estimate, low and high (high Value::unbounded where not
/// bounded), and whether `count` was given.
struct RowValue {
  Value value;
  bool count_given = false;
};

/// The value of a row that carries one (not a retraction, not an end): at
/// least one of `count`, `low`, `high`; only `count`: all three are it; any
/// bound given: a missing low is 0, a missing high unbounded, low <= high,
/// and low <= count <= high where count is given; the estimate is count
/// where given, else low. Nullopt where the cells break a rule.
template <class Error>
std::optional<RowValue> value_of(std::string_view count, std::string_view low,
                                 std::string_view high, Error&& error) {
  if (low.empty() && high.empty()) {  // the common row: only count, or nothing at all
    if (count.empty()) {
      error("no value: give count, low or high");
      return std::nullopt;
    }
    const std::optional<Count> n = count_of(count);
    if (!n) {
      error(bad_count(column_name(Column::count), count));
      return std::nullopt;
    }
    return RowValue{Value::exactly(*n), true};
  }
  const std::string_view text[3] = {count, low, high};
  std::optional<Count> n[3];
  bool bad = false;
  for (int i = 0; i < 3; ++i) {
    if (text[i].empty()) continue;
    n[i] = count_of(text[i]);
    if (!n[i]) {
      error(bad_count(column_name(static_cast<Column>(static_cast<int>(Column::count) + i)),
                      text[i]));
      bad = true;
    }
  }
  const bool given[3] = {!count.empty(), !low.empty(), !high.empty()};
  if (!given[0] && !given[1] && !given[2]) {
    error("no value: give count, low or high");
    return std::nullopt;
  }
  if (bad) return std::nullopt;
  RowValue v;
  v.count_given = given[0];
  if (!given[1] && !given[2]) {
    v.value = Value::exactly(*n[0]);
    return v;
  }
  const Count lo = given[1] ? *n[1] : 0;
  if (given[2] && lo > *n[2]) {
    error(fmt::format("low {} is above high {}", lo, *n[2]));
    return std::nullopt;
  }
  if (given[0] && (*n[0] < lo || (given[2] && *n[0] > *n[2]))) {
    error(fmt::format("count {} is outside low {} to high {}", *n[0], lo,
                      given[2] ? fmt::to_string(*n[2]) : "unbounded"));
    return std::nullopt;
  }
  v.value = {given[0] ? *n[0] : lo, lo, given[2] ? *n[2] : Value::unbounded};
  return v;
}

// --- Section 6: the file as a whole ---------------------------------------------------

/// Every id is unique in the file: a later row with an id is refused.
inline std::string duplicate_id(std::string_view id, std::size_t first_line) {
  return fmt::format("duplicate id {} (first on line {})", shown(id), first_line);
}

/// `supersedes` names another row of the file: never its own id ...
inline std::string supersedes_own_id(std::string_view id) {
  return fmt::format("supersedes names its own id {}", shown(id));
}

/// ... and never an id no row has.
inline std::string supersedes_missing(std::string_view id) {
  return fmt::format("supersedes {}: no row has that id", shown(id));
}

/// With every confirmed row seen and no as-of day, no day's steps take a
/// contingent's high track below 0 (section 5); named at a departure of the day.
inline std::string departures_below_zero(const Contingent& key, Day day) {
  return fmt::format("departures take {} {}{} below zero on {}: more leave than the log has "
                     "present", key.mission, key.country.code(),
                     key.component.empty() ? std::string{} : " " + key.component, to_string(day));
}

}  // namespace muster::spec
