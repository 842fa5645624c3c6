// muster/explain.hpp — why a strength is what it is: the rows behind a number.
//
// For one group of contingents (a filter) at the end of one day under a view,
// `explain` lists every seen row that shapes the strength, in the order the
// tracks take them (by the first day each row puts a step, then file order),
// with the group's strength at the end of the day once that row is counted;
// the last of these is the answer. It also lists every row of the group that
// the view hides, with the reason (superseded by X, retracted by X, planned,
// recorded after the as-of day), and the observations of the group up to that
// day, which are held against the number but do not change it.
//
//     auto why = muster::explain(log, *muster::parse_day("2025-01-19"),
//                                {.country = muster::Country::find("KEN")});
//     for (const auto& s : why.steps) fmt::print("{} -> {:L}\n", s.row.id, s.after);
#pragma once

#include "muster/log.hpp"
#include "muster/reconcile.hpp"
#include "muster/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace muster {

/// A seen row that shapes the strength, and the strength once it is counted.
struct ShapingRow {
  Event row;
  Value after;  ///< the group's strength at the end of the day with this row and those before it
};

/// Why a view does not count a row.
enum class HiddenBecause : unsigned char {
  recorded_after,  ///< recorded after the as-of day
  superseded,      ///< named in `supersedes` by a row (not a retraction) known by then
  retracted,       ///< named by a retraction known by then
  planned,         ///< planned, and planned rows were not asked for
};

struct HiddenReason {
  HiddenBecause because = HiddenBecause::planned;
  std::optional<Event> by;  ///< the superseding or retracting row
};

/// A row of the group that the view hides, with every reason that applies.
struct HiddenRow {
  Event row;
  std::vector<HiddenReason> reasons;
};

/// The rows behind one group's strength at the end of one day.
struct Explanation {
  Day day{};
  View view;
  Value strength;                         ///< the answer: equals Timeline::strength(day, filter)
  std::vector<ShapingRow> steps;          ///< seen rows with a step on or before `day`, in track order
  std::vector<HiddenRow> hidden;          ///< rows with a step on or before `day` that the view hides
  std::vector<Event> observations;        ///< seen observations of the group dated on or before `day`
};

/// The rows behind the strength of the contingents `filter` matches at the
/// end of `day` under `view`. The log must outlive the result (its events
/// view the log's text).
Explanation explain(const Log& log, Day day, const Filter& filter = {}, const View& view = {});

/// "superseded by r7", "retracted by r9", "planned", "recorded 2025-01-20, after 2025-01-19".
std::string to_string(const HiddenReason& r, const Event& row, const View& view);

// ---------------------------------------------------------------------------
// Definitions

inline std::string to_string(const HiddenReason& r, const Event& row, const View& view) {
  switch (r.because) {
    case HiddenBecause::recorded_after:
      return fmt::format("recorded {}, after {}", to_string(row.recorded),
                         view.as_of ? to_string(*view.as_of) : std::string("the as-of day"));
    case HiddenBecause::superseded: return fmt::format("superseded by {}", r.by ? r.by->id : "?");
    case HiddenBecause::retracted: return fmt::format("retracted by {}", r.by ? r.by->id : "?");
    case HiddenBecause::planned: return "planned";
  }
  return "?";
}

inline Explanation explain(const Log& log, Day day, const Filter& filter, const View& view) {
  const Timeline timeline{log, view};
  const auto events = log.events();
  Explanation out;
  out.day = day;
  out.view = view;

  // Who hides whom, as of the view's day.
  const auto known = [&](const Event& e) { return !view.as_of || e.recorded <= *view.as_of; };
  std::multimap<std::size_t, Event> hidden_by;
  for (const Event& e : events)
    if (e.supersedes && known(e)) hidden_by.emplace(*e.supersedes, e);

  std::vector<Event> shaping;
  for (const Event& e : events) {
    if (e.kind == Kind::pledge || e.kind == Kind::retraction) continue;
    if (log.is_observation(e)) {
      // An observation belongs to the group when it counts no more than the
      // filter asks for: the same mission and country where the filter names them.
      const bool in_group =
          (!filter.mission || *filter.mission == e.mission) &&
          (!filter.country || (e.country && *filter.country == *e.country)) &&
          (!filter.component || (!e.component.empty() && *filter.component == e.component));
      if (in_group && timeline.sees(e) && e.date.last <= day) out.observations.push_back(e);
      continue;
    }
    if (!filter.matches(e.contingent()) || rules::first_step_day(e) > day) continue;
    if (timeline.sees(e)) {
      shaping.push_back(e);
      continue;
    }
    HiddenRow h{e, {}};
    if (!known(e)) h.reasons.push_back({HiddenBecause::recorded_after, std::nullopt});
    auto [b, en] = hidden_by.equal_range(e.index);
    for (auto it = b; it != en; ++it)
      h.reasons.push_back({it->second.kind == Kind::retraction ? HiddenBecause::retracted
                                                                : HiddenBecause::superseded,
                           it->second});
    if (e.status == Status::planned && !view.include_planned)
      h.reasons.push_back({HiddenBecause::planned, std::nullopt});
    out.hidden.push_back(std::move(h));
  }

  // In track order: the first day a row puts a step, then file order.
  std::stable_sort(shaping.begin(), shaping.end(), [](const Event& a, const Event& b) {
    return rules::first_step_day(a) < rules::first_step_day(b);
  });
  // Each contingent keeps the state settled at the end of the last day before
  // the current row's first step (no later row can step before it) and the
  // steps pending from then up to `day`, so each row costs only the steps
  // still open. The group's sum is kept as running totals.
  struct Contingent_state {
    bool settled_any = false;
    Day settled_day{};
    Value settled;
    std::vector<rules::TrackStep> pending;
    Value at_day;
  };
  std::map<Contingent, Contingent_state> per;
  Count est = 0, low = 0, high = 0, unbounded = 0;
  auto account = [&](const Value& v, Count sign) {
    est = checked_add(est, sign * v.estimate);
    low = checked_add(low, sign * v.low);
    if (v.bounded()) high = checked_add(high, sign * v.high);
    else unbounded += sign;
  };
  std::vector<rules::TrackStep> run;
  std::vector<rules::DayEnd> ends;
  auto replay = [&](const Contingent_state& c, auto first, auto last) {
    run.clear();
    ends.clear();
    if (c.settled_any) rules::append_seed(c.settled_day, c.settled, run);
    run.insert(run.end(), first, last);
    rules::run_tracks(run, ends);
  };
  Value total;
  for (const Event& e : shaping) {
    auto& c = per[e.contingent()];
    const Day first = rules::first_step_day(e);
    // Settle the steps before this row's first day.
    const auto open = std::stable_partition(c.pending.begin(), c.pending.end(),
                                            [&](const rules::TrackStep& s) { return s.day < first; });
    if (open != c.pending.begin()) {
      replay(c, c.pending.begin(), open);
      c.settled = ends.back().value;
      c.settled_day = ends.back().day;
      c.settled_any = true;
      c.pending.erase(c.pending.begin(), open);
    }
    std::vector<rules::TrackStep> steps;
    rules::append_steps(e, steps);
    for (const auto& s : steps)
      if (s.day <= day) c.pending.push_back(s);
    replay(c, c.pending.begin(), c.pending.end());
    account(c.at_day, -1);
    c.at_day = rules::value_at_end(ends, day);
    account(c.at_day, +1);
    total = Value{est, low, unbounded > 0 ? Value::unbounded : high};
    out.steps.push_back({e, total});
  }
  out.strength = total;
  return out;
}

}  // namespace muster
