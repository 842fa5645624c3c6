// muster/query.hpp — the words of a question: what was known (a vantage),
// which contingents (a filter), how to group them, how often to sample.
//
// A `Vantage` is the standpoint a question is asked from (spec section 4):
// what was known as of a day, with or without the rows still planned. A
// `Filter` picks contingents; `GroupBy` says how a breakdown sums them;
// `SampleStep` says how far apart the days of a series are (section 7).
//
//     muster::Vantage then{.as_of = muster::parse_day("2025-01-20")};
//     muster::Filter kenya{.country = muster::Country::find("KEN")};
//     std::optional<muster::GroupBy> by = muster::parse_group_by("country");
//     std::vector<muster::Day> months = muster::sample_days(
//         *muster::parse_day("2024-06-30"), *muster::parse_day("2025-06-30"),
//         *muster::parse_sample_step("month"));
#pragma once

#include "muster/country.hpp"
#include "muster/day.hpp"
#include "muster/event.hpp"

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace muster {

/// Which rows a query sees (spec section 4): those recorded on or before
/// `as_of` (no limit when empty), confirmed unless planned rows are asked for.
struct Vantage {
  std::optional<Day> as_of{};    ///< only rows recorded on or before this day
  bool include_planned = false;  ///< whether planned rows count
  /// Whether a Timeline answers by spec section 5 alone: each group the sum
  /// of its contingents' tracks, reports of a whole mission or country
  /// (observations) left off. By default (false) it answers by spec section
  /// 8: observations bound what they cover, and the personnel they find in
  /// no contingent are counted as unattributed (docs/totals.md). A log with
  /// no observation answers the same either way. The command's `--parts-only`.
  bool parts_only = false;
  friend bool operator==(const Vantage&, const Vantage&) = default;
};

/// Why a view does not count a row (spec section 4; explain lists them).
enum class HiddenBecause : unsigned char {
  recorded_after,  ///< recorded after the as-of day
  superseded,      ///< named in `supersedes` by a row (not a retraction) known by then
  retracted,       ///< named by a retraction known by then
  planned,         ///< planned, and planned rows were not asked for
};
/// `recorded after`, `superseded`, `retracted`, `planned`.
std::string_view to_string(HiddenBecause because) noexcept;


/// The alternatives of one filter field: none set matches everything; else a
/// value matches when it equals any of them (`--country KEN --country JAM`).
/// It reads like the optional it replaces: `if (f.country)`, `*f.mission` (the
/// first alternative), `f.country = Country::find("KEN")`.
template <class T>
class AnyOf {
 public:
  AnyOf() = default;
  AnyOf(std::optional<T> v) {  // NOLINT: implicit, as an optional assigns
    if (v) values_.push_back(std::move(*v));
  }
  template <class U>
    requires std::constructible_from<T, U&&> &&
             (!std::same_as<std::remove_cvref_t<U>, AnyOf>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::optional<T>>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::nullopt_t>)
  AnyOf(U&& v) {  // NOLINT: implicit, as an optional assigns
    values_.emplace_back(std::forward<U>(v));
  }
  AnyOf(std::nullopt_t) noexcept {}
  AnyOf(std::initializer_list<T> vs) : values_(vs) {}

  /// Whether any alternative is set.
  explicit operator bool() const noexcept { return !values_.empty(); }
  bool has_value() const noexcept { return !values_.empty(); }
  /// The first alternative (there must be one).
  const T& operator*() const noexcept { return values_.front(); }
  const T* operator->() const noexcept { return &values_.front(); }
  /// Adds an alternative (once).
  void add(T v) {
    if (!contains(v)) values_.push_back(std::move(v));
  }
  /// Whether `v` is one of the alternatives.
  bool contains(const T& v) const noexcept {
    for (const T& x : values_)
      if (x == v) return true;
    return false;
  }
  const std::vector<T>& values() const noexcept { return values_; }
  std::size_t size() const noexcept { return values_.size(); }
  friend bool operator==(const AnyOf&, const AnyOf&) = default;

 private:
  std::vector<T> values_;
};

/// Which contingents a query covers; a field with no alternative matches
/// everything, and a contingent matches when every field that is set holds
/// one of its alternatives. `component = ""` selects the unspecified component.
struct Filter {
  AnyOf<std::string> mission{};
  AnyOf<Country> country{};
  AnyOf<std::string> component{};

  /// Whether no field is set.
  bool everything() const noexcept { return !mission && !country && !component; }
  bool matches(const Contingent& c) const noexcept {
    return (!mission || mission.contains(c.mission)) && (!country || country.contains(c.country)) &&
           (!component || component.contains(c.component));
  }
  /// Whether every contingent of `group` matches, where a blank country or
  /// component in `group` stands for every one (the group an observation
  /// counts, spec section 5): the group counts no more than the filter asks for.
  bool covers(const Contingent& group) const noexcept {
    return (!mission || mission.contains(group.mission)) &&
           (!country || (group.country.ok() && country.contains(group.country))) &&
           (!component || (!group.component.empty() && component.contains(group.component)));
  }
};

/// How contingents are grouped in a breakdown.
enum class GroupBy : unsigned char { country, mission, component, contingent, total };

/// `country`, `mission`, `component`, `contingent`, `total`.
std::string_view to_string(GroupBy by) noexcept;
/// The grouping of that name, or nullopt.
std::optional<GroupBy> parse_group_by(std::string_view name) noexcept;

/// The part of a contingent's key that names its group: fields the grouping
/// does not use are left empty.
Contingent group_key(const Contingent& c, GroupBy by);

/// How far apart the sample days of a series are (spec section 7): `day`,
/// `week`, `month`, `quarter` and `year` add 1 or 7 days, or 1, 3 or 12
/// months to the first day; `month_end`, `quarter_end` and `year_end` take
/// the last day of the month, calendar quarter or year that holds the first
/// day, then the last day of each following one (cli.md, `series`).
enum class SampleStep : unsigned char { day, week, month, quarter, year, month_end, quarter_end, year_end };

/// `day`, `week`, `month`, `quarter`, `year`, `month-end`, `quarter-end`, `year-end`.
std::string_view to_string(SampleStep step) noexcept;
/// The sample step of that name, or nullopt.
std::optional<SampleStep> parse_sample_step(std::string_view name) noexcept;

/// How long a contingent's latest figure stays current (cli.md,
/// `--stale-after N`). A figure is a row that puts a step on the contingent's
/// tracks (an arrival, a departure or a report that is not an observation);
/// the latest figure at day D is, of those whose first step is on or before
/// D, the one whose period ends last, and it ends on E (the last day of that
/// period). The contingent is stale at D when D is after E + N: `N` days
/// (`Nd` or a bare number), `7N` days (`Nw`), N calendar months (`Nm`: E
/// plus N months as add_months counts them, so a figure of 31 January is
/// current through 28 or 29 February with `1m`) or 12N months (`Ny`: a figure
/// of 2023-12-31 is current through 2024-12-31 with `1y`). A stale
/// contingent's low is 0 and its high unbounded; its estimate is kept.
///
///     std::optional<muster::StaleAfter> year = muster::parse_stale_after("1y");
///     bool old = year->stale(*muster::parse_day("2023-06-30"), *muster::parse_day("2024-07-01"));  // true
struct StaleAfter {
  enum class Unit : unsigned char { days, weeks, months, years };
  int amount = 0;  ///< N, 0 to max_amount (max_years for years)
  Unit unit = Unit::days;
  /// The largest N that parse_stale_after accepts: days, weeks and months,
  /// and years (so that E + N stays a day of the calendar).
  static constexpr int max_amount = 100'000, max_years = 10'000;

  /// The last day on which a figure that ends on `end` is current: end + N.
  Day last_current_day(Day end) const;
  /// Whether at day `d` a contingent whose latest figure ends on `end` is stale.
  bool stale(Day end, Day d) const { return d > last_current_day(end); }
  friend bool operator==(const StaleAfter&, const StaleAfter&) = default;
};

/// `days`, `weeks`, `months` or `years`.
constexpr std::string_view to_string(StaleAfter::Unit u) noexcept {
  using U = StaleAfter::Unit;
  return u == U::days ? "days" : u == U::weeks ? "weeks" : u == U::months ? "months" : "years";
}
/// `N`, `Nd`, `Nw`, `Nm` or `Ny` (N digits only, at most
/// StaleAfter::max_amount, or max_years years), or nullopt.
std::optional<StaleAfter> parse_stale_after(std::string_view text) noexcept;
/// As parse_stale_after reads it: `30d`, `2w`, `6m`, `1y`.
std::string to_string(const StaleAfter& s);

/// The sample days of a series from `from` to `to` (spec section 7): none
/// when `to` is before `from` or (for the `_end` steps) before the first end.
std::vector<Day> sample_days(Day from, Day to, SampleStep step);

}  // namespace muster
