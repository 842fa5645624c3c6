// muster/reconcile.hpp — holding what sources say against what the rows give.
//
// A report says "there were N on day D"; an observation says the same about a
// whole country or mission without changing any track (spec section 5). Both
// can be checked: a report against its contingent's tracks just before its
// set step (what the other rows gave at that point), an observation against
// its group's strength at the end of its day. `reconcile` does this for every
// seen report and observation, says by how much the figures differ and
// whether their ranges overlap at all, and lists the reports of one
// contingent on one day that disagree with each other.
//
//     muster::Reconciliation r = muster::reconcile(log);
//     for (const muster::FigureCheck& f : r.figures)
//       if (f.verdict() == muster::Verdict::conflicts) fmt::print("{}: {}\n", f.row.id, f.difference());
#pragma once

#include "muster/event.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace muster {

/// How a stated figure sits against the figure it is held against.
enum class Verdict : unsigned char {
  first,      ///< nothing before it to hold it against (the first figure of its contingent)
  agrees,     ///< same estimate, ranges overlap
  differs,    ///< estimates differ, but the ranges overlap
  conflicts,  ///< the ranges do not overlap at all
};

std::string_view to_string(Verdict v) noexcept;

/// Whether two ranges [low, high] have any number in common (an unbounded
/// high reaches every number above its low).
constexpr bool overlaps(const Value& a, const Value& b) noexcept {
  return a.low <= b.high && b.low <= a.high;
}

/// The verdict for a figure `stated` held against `against`.
constexpr Verdict judge(const Value& stated, const Value& against) noexcept {
  if (!overlaps(stated, against)) return Verdict::conflicts;
  return stated.estimate == against.estimate ? Verdict::agrees : Verdict::differs;
}

/// One report or observation held against the tracks.
struct FigureCheck {
  Event row;                 ///< the report or observation (it views the log)
  bool observation = false;  ///< an observation (spec section 5) rather than a report
  /// What the figure counts: the report's contingent, or for an observation
  /// its mission, country (not ok(): every country) and component (empty:
  /// every component).
  Contingent scope;
  Day day{};        ///< the day it is held at: the last day of its period
  Value stated;     ///< the figure the row gives
  Value tracks;     ///< the figure the other rows give at that point
  bool nothing_before = false;  ///< no other row puts a step on or before `day`

  /// stated minus tracks, by estimate.
  Count difference() const { return checked_add(stated.estimate, -tracks.estimate); }
  bool overlap() const noexcept { return overlaps(stated, tracks); }
  Verdict verdict() const noexcept {
    return nothing_before ? Verdict::first : judge(stated, tracks);
  }
};

/// Two reports (or two observations) of one contingent on one day whose
/// figures differ: `earlier` comes first in file order.
struct Disagreement {
  Event earlier;
  Event later;
  Contingent scope;
  Day day{};
  bool observation = false;

  /// later minus earlier, by estimate.
  Count difference() const { return checked_add(later.value.estimate, -earlier.value.estimate); }
  bool overlap() const noexcept { return overlaps(earlier.value, later.value); }
  Verdict verdict() const noexcept { return judge(later.value, earlier.value); }
};

/// Everything `reconcile` found, in file order.
struct Reconciliation {
  std::vector<FigureCheck> figures;
  std::vector<Disagreement> disagreements;

  /// How many figures have this verdict.
  std::size_t count(Verdict v) const {
    return static_cast<std::size_t>(std::count_if(
        figures.begin(), figures.end(), [v](const FigureCheck& f) { return f.verdict() == v; }));
  }
  /// Whether any figure, or any two reports of one day, conflict.
  bool any_conflict() const {
    return count(Verdict::conflicts) > 0 ||
           std::any_of(disagreements.begin(), disagreements.end(),
                       [](const Disagreement& d) { return d.verdict() == Verdict::conflicts; });
  }
};

/// Holds every report and observation that `view` sees against the tracks.
/// Only the figures (and disagreements) whose scope `filter` matches are
/// kept: a report's contingent, an observation's mission, country and
/// component as written (a blank country or component matches only a filter
/// that names none, or `component = ""`). The figures themselves do not depend on the filter. The log must outlive
/// the result (its events view the log's text).
Reconciliation reconcile(const Log& log, const View& view = {}, const Filter& filter = {});

}  // namespace muster
