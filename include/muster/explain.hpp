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

#include "muster/event.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <optional>
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

}  // namespace muster
