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

#include "muster/log.hpp"
#include "muster/timeline.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <utility>
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
/// The log must outlive the result (its events view the log's text).
Reconciliation reconcile(const Log& log, const View& view = {});

// ---------------------------------------------------------------------------
// Definitions

inline std::string_view to_string(Verdict v) noexcept {
  switch (v) {
    case Verdict::first: return "first";
    case Verdict::agrees: return "agrees";
    case Verdict::differs: return "differs";
    case Verdict::conflicts: return "conflicts";
  }
  return "?";
}


inline Reconciliation reconcile(const Log& log, const View& view) {
  const Timeline timeline{log, view};
  const auto events = log.events();
  Reconciliation out;

  // Seen rows that move tracks, by contingent (file order kept).
  std::map<Contingent, std::vector<Event>> rows;
  std::vector<Event> observations;
  for (const Event& e : events) {
    if (!timeline.sees(e) || e.kind == Kind::pledge) continue;
    if (log.is_observation(e)) observations.push_back(e);
    else rows[e.contingent()].push_back(e);
  }

  // Reports: the tracks just before the report's set step. Earlier days come
  // from one run over every row of the contingent; the report's own day is
  // replayed from the state at the end of the day before, with that day's
  // + and - steps and the set steps of earlier reports of that day only.
  std::map<Contingent, Day> first_day;  // earliest step of each contingent
  for (const auto& [key, list] : rows) {
    std::vector<rules::TrackStep> steps;
    for (const Event& e : list) rules::append_steps(e, steps);
    std::vector<rules::DayEnd> ends;
    rules::run_tracks(steps, ends);  // sorts steps
    if (!steps.empty()) first_day.emplace(key, steps.front().day);
    // The earliest row to put a step, its day, and the earliest day of any other row.
    std::size_t earliest = 0;  // its index
    Day first_day_of_list = Day::max(), second_day = Day::max();
    for (const Event& o : list) {
      const Day d = rules::first_step_day(o);
      if (d < first_day_of_list) {
        second_day = first_day_of_list;
        first_day_of_list = d;
        earliest = o.index;
      } else if (d < second_day) {
        second_day = d;
      }
    }
    for (const Event& e : list) {
      if (e.kind != Kind::report) continue;
      const Day day = e.date.last;
      const Day before = day - date::days{1};
      std::vector<rules::TrackStep> replay;
      rules::append_seed(before, rules::value_at_end(ends, before), replay);
      const auto lo = std::lower_bound(steps.begin(), steps.end(), day,
                                       [](const rules::TrackStep& s, Day d) { return s.day < d; });
      // Another row puts a step on or before this day.
      const bool other = (e.index == earliest ? second_day : first_day_of_list) <= day;
      for (auto it = lo; it != steps.end() && it->day == day; ++it)
        if (!it->set || it->order < e.index) replay.push_back(*it);
      std::vector<rules::DayEnd> replayed;
      rules::run_tracks(replay, replayed);
      FigureCheck f;
      f.row = e;
      f.scope = key;
      f.day = day;
      f.stated = e.value;
      f.tracks = rules::value_at_end(replayed, day);
      f.nothing_before = !other;
      out.figures.push_back(f);
    }
  }

  // Observations: the group's strength at the end of the observation's day.
  for (const Event& e : observations) {
    FigureCheck f;
    f.row = e;
    f.observation = true;
    f.scope = e.contingent();
    f.day = e.date.last;
    f.stated = e.value;
    // A blank component counts every component; a blank-country report that
    // names one counts that component of every country.
    Filter filter{std::string(e.mission), e.country,
                  e.component.empty() ? std::nullopt : std::optional<std::string>(e.component)};
    f.tracks = timeline.strength(f.day, filter);
    bool any = false;
    for (const auto& [key, day] : first_day)
      if (filter.matches(key) && day <= f.day) any = true;
    f.nothing_before = !any;
    out.figures.push_back(f);
  }
  std::sort(out.figures.begin(), out.figures.end(),
            [](const FigureCheck& a, const FigureCheck& b) { return a.row.index < b.row.index; });

  // Reports of one contingent on one day that disagree: each later report
  // whose figure differs from the first report of that contingent and day.
  std::map<std::pair<std::pair<bool, Contingent>, Day>, std::vector<Event>> same_day;
  for (const FigureCheck& f : out.figures)
    same_day[{{f.observation, f.scope}, f.day}].push_back(f.row);
  for (const auto& [key, list] : same_day)
    for (std::size_t i = 1; i < list.size(); ++i)
      if (!(list[i].value == list[0].value))
        out.disagreements.push_back({list[0], list[i], key.first.second, key.second, key.first.first});
  std::sort(out.disagreements.begin(), out.disagreements.end(),
            [](const Disagreement& a, const Disagreement& b) {
              return a.later.index != b.later.index ? a.later.index < b.later.index
                                                    : a.earlier.index < b.earlier.index;
            });
  return out;
}

}  // namespace muster
