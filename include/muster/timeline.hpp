// muster/timeline.hpp — the strength of every contingent on every day.
//
// A `Timeline` is built once from a `Log` under a `Vantage` (what was known as of
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
//
// Built with a StaleAfter (muster/query.hpp), a timeline does not let an old
// figure pass for a current one: a contingent whose latest figure ended more
// than N before the day asked is stale, its low 0 and its high unbounded (its
// estimate kept), and each group says the day its stale figure ended.
//
//     muster::Timeline fresh{log, {}, muster::parse_stale_after("1y")};
//     for (const muster::Group& g : fresh.strength_by(muster::GroupBy::country, day))
//       if (g.last_figure) fmt::print("{}: stale since {}\n", g.key.country, muster::to_string(*g.last_figure));
#pragma once

#include "muster/format.hpp"
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
struct TimelineTotals;  // src/timeline.cpp
}  // namespace detail

/// One group of a breakdown and its value.
struct Group {
  Contingent key;
  Value value;
  /// Only with StaleAfter, where any contingent of the group is stale (on any
  /// day of a range): the last day of the oldest figure that makes it so.
  std::optional<Day> last_figure{};
  /// Whether the group counts only unattributed personnel (spec section 8):
  /// what a report of a whole mission or country counts beyond every
  /// contingent the log names (`MSS unattributed`).
  bool unattributed = false;
};

/// A pledge held against the strength it covers (cli.md, `pledges`).
struct PledgeStatus {
  Contingent key;            ///< component empty: covers every component
  std::optional<Event> pledge;  ///< the latest pledge for this key
  Count pledged = 0;         ///< the pledge's estimate
  Count present = 0;         ///< the strength estimate of what it covers
  Value pledged_value{};     ///< the pledge's whole value (estimate, low, high)
  /// Whether the pledge says how many: a bounded high or an estimate above 0.
  /// A pledge of unknown size (low 0, no count, blank high: what `import`
  /// writes for a missing figure) is not a pledge of 0.
  bool size_known() const noexcept { return pledged_value.bounded() || pledged_value.estimate > 0; }
  /// present / pledged, or nullopt when pledged is 0 or its size unknown.
  std::optional<double> fulfilment() const {
    if (pledged == 0 || !size_known()) return std::nullopt;
    return static_cast<double>(present) / static_cast<double>(pledged);
  }
};

class Timeline {
 public:
  /// Indexes `log` under `view`. The log must outlive the timeline only for
  /// `pledges`; strengths are copied into the index. With `stale_after`,
  /// every strength (and personnel-day) of a stale contingent has low 0 and
  /// an unbounded high, and groups carry `last_figure`; the index then also
  /// keeps, per contingent, the end of its latest figure on each day.
  explicit Timeline(const Log& log, Vantage view = {},
                    std::optional<StaleAfter> stale_after = std::nullopt);
  /// A timeline of a log about to be destroyed would read freed memory
  /// (pledges): refused at compile time. Keep the log in a variable.
  explicit Timeline(const Log&& log, Vantage view = {},
                    std::optional<StaleAfter> stale_after = std::nullopt) = delete;

  const Vantage& view() const noexcept { return view_; }
  const std::optional<StaleAfter>& stale_after() const noexcept { return stale_after_; }
  /// Whether spec section 8 takes part in the answers: the view does not ask
  /// for parts only and sees an observation (a report of a whole mission or
  /// country). Where false, every group is the sum of its contingents.
  bool counts_totals() const noexcept { return totals_ != nullptr; }

  /// Only with stale_after: the last day of the period of the latest figure
  /// of `c` (a row that puts a step on its tracks, first step on or before
  /// d; the one that ends last), or nullopt (none, or no stale_after).
  std::optional<Day> last_figure(const Contingent& c, Day d) const;

  /// Whether this view sees the row as a value (spec section 4).
  bool sees(const Event& e) const noexcept;
  /// Whether this view sees the row at position `row` in file order.
  bool sees(std::size_t row) const noexcept;

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
  Value value_at(std::size_t c, Day d) const;  // stale rule applied
  std::optional<Day> figure_end(std::size_t c, Day d) const;
  std::optional<Day> stale_at(std::size_t c, Day d) const;  // the figure's end where stale
  // Personnel-days; `oldest` (where given) gets the end of the oldest stale figure.
  Value days_at(std::size_t c, Day from, Day to, std::optional<Day>* oldest = nullptr) const;
  template <class F>
  std::vector<Group> group(GroupBy by, const Filter& filter, F&& value_of) const;

  Vantage view_;
  std::optional<StaleAfter> stale_after_;
  const Log* log_ = nullptr;
  std::shared_ptr<const detail::Index> index_;  // built once per log and view
  // Spec section 8, where the view asks for totals and sees an observation.
  std::shared_ptr<const detail::TimelineTotals> totals_;
  template <class F>
  std::vector<Group> group_totals(GroupBy by, const Filter& filter, Day from, Day to, F&& outside) const;
};

}  // namespace muster

/// `KEN 617 (600 to 650)`: a group of a breakdown; its key names only what it
/// groups by (`everything` for a total); a group of only unattributed
/// personnel says so (`MSS unattributed 163 (0 to 182)`).
template <>
struct fmt::formatter<muster::Group> : muster_text_spec {
  auto format(const muster::Group& g, format_context& ctx) const {
    std::string key = muster::contingent_text(g.key);
    if (g.unattributed) key += key.empty() ? "unattributed" : " unattributed";
    return write(fmt::format("{} {}", key.empty() ? "everything" : key, muster::value_text(g.value)), ctx);
  }
};

/// `MSS/KEN pledged 1,000, present 617`; `pledged ?` for a pledge of unknown size.
template <>
struct fmt::formatter<muster::PledgeStatus> : muster_text_spec {
  auto format(const muster::PledgeStatus& p, format_context& ctx) const {
    return write(fmt::format("{} pledged {}, present {}", muster::contingent_text(p.key),
                             p.size_known() ? muster::value_text(p.pledged_value) : "?",
                             muster::with_thousands(p.present)),
                 ctx);
  }
};

