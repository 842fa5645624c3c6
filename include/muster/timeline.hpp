// muster/timeline.hpp — the strength of every contingent on every day.
//
// A `Timeline` is built once from a `Log` under a `View` (what was known as of
// a day, with or without planned rows) and then answers, without rescanning
// the log, how many personnel were present at the end of any day: for one
// contingent, for any group of contingents, as a series of sample days, as
// personnel-days over a range, and against what was pledged. It is immutable
// and safe to query from many threads at once. Semantics: spec sections 4-7.
//
//     muster::Timeline t{log};
//     muster::Value kenya = t.strength(*muster::parse_day("2025-01-19"),
//                                      {.country = muster::Country::find("KEN")});
//     for (const muster::Group& g : t.strength_by(muster::GroupBy::country, day))
//       fmt::print("{}: {:L}\n", g.key.country, g.value);
#pragma once

#include "muster/log.hpp"
#include "muster/query.hpp"
#include "muster/rules.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace muster {

namespace detail {
struct Index;  // src/index.hpp
}  // namespace detail

/// One group of a breakdown and its value.
struct Group {
  Contingent key;
  Value value;
};

/// A pledge held against the strength it covers (cli.md, `pledges`).
struct PledgeStatus {
  Contingent key;            ///< component empty: covers every component
  std::optional<Event> pledge;  ///< the latest pledge for this key
  Count pledged = 0;         ///< the pledge's estimate
  Count present = 0;         ///< the strength estimate of what it covers
  /// present / pledged, or nullopt when pledged is 0.
  std::optional<double> fulfilment() const {
    if (pledged == 0) return std::nullopt;
    return static_cast<double>(present) / static_cast<double>(pledged);
  }
};

class Timeline {
 public:
  /// Indexes `log` under `view`. The log must outlive the timeline only for
  /// `pledges`; strengths are copied into the index.
  explicit Timeline(const Log& log, View view = {});

  const View& view() const noexcept { return view_; }

  /// Whether this view sees the row as a value (spec section 4).
  bool sees(const Event& e) const noexcept;

  /// Every contingent with a seen arrival, departure or report, in key order.
  std::span<const Contingent> contingents() const noexcept;

  /// The strength of one contingent at the end of day d.
  Value strength(const Contingent& c, Day d) const;
  /// The strength of every contingent the filter matches, summed.
  Value strength(Day d, const Filter& filter = {}) const;
  /// The strength of each group at the end of day d, sorted by key; a group
  /// appears when any of its contingents matches the filter.
  std::vector<Group> strength_by(GroupBy by, Day d, const Filter& filter = {}) const;

  /// Personnel-days: the sum over every day from `from` to `to` inclusive of
  /// the strength at the end of that day. High is unbounded where any day is.
  Value personnel_days(const Contingent& c, Day from, Day to) const;
  std::vector<Group> personnel_days_by(GroupBy by, Day from, Day to,
                                       const Filter& filter = {}) const;

  /// For each key with a seen pledge dated on or before d, the latest one
  /// against the strength at the end of d, sorted by key.
  std::vector<PledgeStatus> pledges(Day d, const Filter& filter = {}) const;

 private:
  std::size_t find(const Contingent& c) const;  // contingents().size() when absent
  Value value_at(std::size_t c, Day d) const;
  Value days_at(std::size_t c, Day from, Day to) const;
  template <class F>
  std::vector<Group> group(GroupBy by, const Filter& filter, F&& value_of) const;

  View view_;
  const Log* log_ = nullptr;
  std::shared_ptr<const detail::Index> index_;  // built once per log and view
};

}  // namespace muster
