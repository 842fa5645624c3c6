// value_sum.hpp — a group's strength summed from its contingents' tracks
// (spec section 5: the sum of an unbounded high is unbounded), one change at
// a time: each track read as its changes (how much each figure moved on a
// day, and whether its high became or stopped being unbounded), the changes
// of every track merged by day and summed. The Timeline's breakdowns
// (timeline.cpp) and a view's GroupSum (view_runs.hpp) both sum this way.
// Private to the library.
#pragma once

#include "muster/day.hpp"
#include "muster/value.hpp"

#include <cstdint>

namespace muster::detail {

/// How a track's value moved on `day`. No sum can overflow: each figure is
/// at most 1,000,000,000 and a log has fewer than 2^32 rows.
struct ValueChange {
  Day day;
  Count estimate, low, high;  // high: of the bounded values only
  std::int64_t unbounded;     // +1: the high became unbounded; -1: bounded again

  /// The change from `before` to `after` on `day`.
  static ValueChange between(Day day, const Value& before, const Value& after) noexcept {
    return {day, after.estimate - before.estimate, after.low - before.low,
            (after.bounded() ? after.high : 0) - (before.bounded() ? before.high : 0),
            std::int64_t{after.bounded() ? 0 : 1} - std::int64_t{before.bounded() ? 0 : 1}};
  }
};

/// The sum of the changes added so far: the group's value after them.
struct ValueSum {
  Count estimate = 0, low = 0, high = 0;
  std::int64_t unbounded = 0;  // how many of the tracks are unbounded

  void add(const ValueChange& c) noexcept {
    estimate += c.estimate;
    low += c.low;
    high += c.high;
    unbounded += c.unbounded;
  }
  Value value() const noexcept { return {estimate, low, unbounded > 0 ? Value::unbounded : high}; }
};

}  // namespace muster::detail
