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

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster {

/// Which rows a query sees (spec section 4): those recorded on or before
/// `as_of` (no limit when empty), confirmed unless planned rows are asked for.
struct Vantage {
  std::optional<Day> as_of{};    ///< only rows recorded on or before this day
  bool include_planned = false;  ///< whether planned rows count
  friend bool operator==(const Vantage&, const Vantage&) = default;
};
/// The former name of Vantage.
using View = Vantage;

/// Which contingents a query covers; an empty field matches everything.
/// `component = ""` selects the unspecified component.
struct Filter {
  std::optional<std::string> mission{};
  std::optional<Country> country{};
  std::optional<std::string> component{};

  /// Whether no field is set.
  bool everything() const noexcept { return !mission && !country && !component; }
  bool matches(const Contingent& c) const noexcept {
    return (!mission || *mission == c.mission) && (!country || *country == c.country) &&
           (!component || *component == c.component);
  }
  /// Whether every contingent of `group` matches, where a blank country or
  /// component in `group` stands for every one (the group an observation
  /// counts, spec section 5): the group counts no more than the filter asks for.
  bool covers(const Contingent& group) const noexcept {
    return (!mission || *mission == group.mission) &&
           (!country || (group.country.ok() && *country == group.country)) &&
           (!component || (!group.component.empty() && *component == group.component));
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

/// How far apart the sample days of a series are (spec section 7).
enum class SampleStep : unsigned char { day, week, month, quarter, year };
/// The former name of SampleStep.
using Step = SampleStep;

/// `day`, `week`, `month`, `quarter`, `year`.
std::string_view to_string(SampleStep step) noexcept;
/// The sample step of that name, or nullopt.
std::optional<SampleStep> parse_sample_step(std::string_view name) noexcept;

/// The sample days of a series from `from` to `to` (spec section 7).
std::vector<Day> sample_days(Day from, Day to, SampleStep step);

}  // namespace muster
