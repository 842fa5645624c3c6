// src/totals.hpp — what totals add (spec section 8), on a view applied once
// (private to the library).
//
// An observation (a report of a whole mission, or of one country's
// contingents in a mission) bounds the sum of what it covers: its
// contingents and the unattributed personnel of the observed groups inside
// it, and its own group's unattributed personnel. `Totals` makes the
// unknowns of section 8 from a ViewRuns (each contingent's strength between
// its step days, linked across exact steps; each observed group's
// unattributed personnel, changing on the days of its kept observations),
// decides which observations are kept and which conflict in the spec's
// order, and answers the least and greatest value of any group's sum on any
// day, exactly, with the estimates of section 8: by closed forms where a
// component's observations are all of one group and count no inner group
// (docs/totals.md, "Flat components"), else by src/sum_solver.hpp.
//
// Unknowns that an observation links form a component; components are
// solved apart, and a contingent no observation reaches on a day is not
// narrowed (its value is section 5's: `narrows` says which). A log with no
// seen observation makes no component and costs one pass over the
// observations it does not have.
//
//     const muster::detail::ViewRuns runs{log, view};
//     const muster::detail::Totals totals{runs};
//     for (const muster::detail::Totals::Outcome& o : totals.outcomes())
//       if (!o.kept) fmt::print("line {} conflicts\n", log.line(o.row));
#pragma once

#include "muster/query.hpp"
#include "muster/value.hpp"
#include "view_runs.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace muster::detail {

class Totals {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFF;

  /// A group with at least one seen observation: a mission (country not
  /// given) or one country's contingents in a mission. Component empty.
  struct ObservedGroup {
    Contingent key;
    std::uint32_t mission = none;  ///< for a country: its mission's group, where observed
  };
  /// What section 8 made of one seen observation.
  struct Outcome {
    std::uint32_t row;    ///< the observation, in file order
    std::uint32_t group;  ///< in groups()
    bool kept = false;
  };

  /// Applies section 8 to the view of `runs` (which must outlive this).
  /// With `stale_after`, a contingent is free from N days after its last
  /// step day and a group's unattributed personnel from N days after its
  /// last kept observation (section 8, "Staleness"). The observations
  /// `leave_out` (rows) are taken as if the view did not see them: what the
  /// others make of a group without them (`explain`).
  explicit Totals(const ViewRuns& runs, std::optional<StaleAfter> stale_after = std::nullopt,
                  std::span<const std::uint32_t> leave_out = {});
  ~Totals();
  Totals(const Totals&) = delete;
  Totals& operator=(const Totals&) = delete;

  /// Whether the view sees any observation (else every answer is section 5's).
  bool active() const noexcept;
  std::span<const ObservedGroup> groups() const noexcept;
  /// Every seen observation (but those left out), in file order.
  std::span<const Outcome> outcomes() const noexcept;
  /// The outcome of observation row `row`, or null.
  const Outcome* outcome(std::uint32_t row) const noexcept;

  /// Where observation `o` (one of outcomes()) conflicts: rows that cannot
  /// all hold with it, none of which can be left out (kept observations,
  /// and the rows that set the bounds of the contingents that take part),
  /// in file order; empty where it is kept. Found when asked (a query of
  /// strength never pays for it). Safe from several threads at once.
  std::vector<std::uint32_t> against(const Outcome& o) const;
  /// Where observation `o` (one of outcomes()) is kept: the least number of
  /// its group's unattributed personnel at the end of its day, over every
  /// assignment (what its parts cannot account for).
  Count unattributed_least(const Outcome& o) const;
  /// Whether a total can narrow contingent `c` on any day (it is a part of
  /// an observed group with a step day).
  bool may_narrow(std::uint32_t c) const noexcept;
  /// Whether a kept observation narrows contingent `c` (a position in
  /// Log::contingents()) at the end of `d`; where not, its value is section 5's.
  bool narrows(std::uint32_t c, Day d) const;
  /// Whether group `g` has unattributed personnel that can be above 0 at `d`.
  bool unattributed_at(std::uint32_t g, Day d) const;
  /// With a stale limit, where group `g`'s unattributed personnel are free at
  /// `d` (N days after its last kept observation): that observation's day.
  std::optional<Day> stale_unattributed(std::uint32_t g, Day d) const;
  /// The strength at the end of `d` of contingents `cs` (each one that
  /// `narrows` at `d`) and the unattributed personnel of groups `gs`: the
  /// least and greatest value of their sum, and the sum of their estimates,
  /// each brought within its own range. Safe from several threads at once.
  Value sum(Day d, std::span<const std::uint32_t> cs, std::span<const std::uint32_t> gs) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace muster::detail
