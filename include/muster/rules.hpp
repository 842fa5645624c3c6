// muster/rules.hpp — the rules of spec sections 4 and 5, in one place.
//
// Which rows a vantage sees (section 4), which steps a seen row puts on its
// contingent's three tracks, and how a track takes its steps day by day
// (section 5). Everything that computes a strength (the index of a Timeline,
// the departure check of section 6, `reconcile`, `explain`) asks
// these functions; none of them knows of a Log or an index: they work on a
// row's kind, period and value.
//
//     std::vector<muster::rules::TrackStep> steps;
//     const muster::Period day = muster::Period::of_day(*muster::parse_day("2025-01-18"));
//     muster::rules::append_steps(muster::Kind::arrival, day, muster::Value::exactly(217), 0, steps);
//     muster::rules::append_steps(muster::Kind::report, day, muster::Value{600, 600, 650}, 1, steps);
//     std::vector<muster::rules::DayEnd> ends;
//     muster::rules::run_tracks(steps, ends);  // ends[0].value: 600 (600 to 650)
#pragma once

#include "muster/day.hpp"
#include "muster/event.hpp"
#include "muster/query.hpp"
#include "muster/value.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace muster::rules {

// --- Section 4: which rows a vantage sees ---------------------------------------

/// Whether a row recorded on `recorded` is known from vantage `v`.
constexpr bool known(const Vantage& v, Day recorded) noexcept {
  return !v.as_of || recorded <= *v.as_of;
}

/// Whether vantage `v` sees a row as a value: known, confirmed unless planned
/// rows are asked for, not a retraction, and not `hidden` (named in
/// `supersedes` by a row known from `v`).
constexpr bool sees(const Vantage& v, Kind kind, bool planned, Day recorded,
                    bool hidden) noexcept {
  return kind != Kind::retraction && !hidden && known(v, recorded) &&
         (!planned || v.include_planned);
}

/// A row naming another in `supersedes`: positions in file order, and the day
/// the naming row was recorded.
struct Supersession {
  std::size_t row;
  std::size_t target;
  Day recorded;
};

/// Which of `rows` rows vantage `v` hides: a row is hidden when a row known
/// from `v` names it (even where that row is itself hidden).
std::vector<bool> hidden_rows(const Vantage& v, std::size_t rows,
                              std::span<const Supersession> supersessions);

// --- Section 5: steps and tracks ------------------------------------------------

/// The three tracks of a contingent's strength.
enum class Track : unsigned char { estimate, low, high };

/// `estimate`, `low`, `high`.
constexpr std::string_view to_string(Track t) noexcept {
  return t == Track::estimate ? "estimate" : t == Track::low ? "low" : "high";
}

/// One step that a row puts on one track.
struct TrackStep {
  Day day;
  std::size_t order;  ///< file order of the row: the last set step of a day wins
  Track track;
  bool set;           ///< a set step (a report) rather than + or -
  bool infinite;      ///< + unbounded (high), - unbounded (low), or set unbounded (high)
  Count amount;       ///< signed for + and -
};

/// The first day on which a row of this kind and period puts a step.
constexpr Day first_step_day(Kind kind, const Period& date) noexcept {
  return kind == Kind::report ? date.last : date.first;
}
inline Day first_step_day(const Event& e) noexcept { return first_step_day(e.kind, e.date); }

/// Appends the steps that a seen arrival, departure or report (the row at
/// position `order` in file order) puts on its contingent's tracks, or that
/// a seen end puts on the tracks of each contingent of its scope (set to 0:
/// the estimate and the low on its first day, the high on its last); a
/// pledge or a retraction puts none.
void append_steps(Kind kind, const Period& date, const Value& v, std::size_t order,
                  std::vector<TrackStep>& out);
inline void append_steps(const Event& e, std::vector<TrackStep>& out) {
  append_steps(e.kind, e.date, e.value, e.index, out);
}

/// The steps that set the tracks to `v` at the end of day `d` (order 0), so
/// that a run can start from a known state instead of from 0 (`v` as the
/// tracks are, crossed or not: DayEnd::tracks()).
void append_seed(Day d, const Value& v, std::vector<TrackStep>& out);

/// The strength of a contingent, given its low and high tracks where they
/// may cross (spec section 5, version 1.2: where a set step falls inside
/// another row's period, the low track can end above the high): the range
/// between them, low the smaller and high the greater; the estimate as its
/// track gives it.
constexpr Value uncrossed(const Value& tracks) noexcept {
  if (!tracks.bounded() || tracks.low <= tracks.high) return tracks;
  return {tracks.estimate, tracks.high, tracks.low};
}

/// The tracks at the end of one day with steps.
struct DayEnd {
  Day day;
  Value value;  ///< the strength: the tracks, uncrossed
  bool high_below_zero = false;  ///< the day's + and - steps took a bounded high below 0
  bool crossed = false;          ///< the low track is above the high (value has them swapped)
  /// The tracks themselves (low above high where `crossed`).
  Value tracks() const noexcept { return crossed ? Value{value.estimate, value.high, value.low} : value; }
};

/// Runs the three tracks over `steps` (sorted here by day, then file order)
/// from 0 and appends the end of each day with steps to `out`, in day order.
/// Throws std::overflow_error where a track does not fit in 64 bits.
void run_tracks(std::span<TrackStep> steps, std::vector<DayEnd>& out);

/// The strength just before the set steps of one row on one day: after that
/// day's + and - steps (added together and raised to 0) and the set steps of
/// the rows before it in file order, uncrossed. What `muster check` holds a
/// report against (muster/reconcile.hpp).
struct BeforeSet {
  Day day;
  std::size_t order;  ///< file order of the row whose set steps come next
  Value value;
};

/// run_tracks that also appends, for each row with a set step on a day (in
/// day order, then file order), the strength just before its set steps.
/// The day ends are those of run_tracks.
void run_tracks(std::span<TrackStep> steps, std::vector<DayEnd>& out,
                std::vector<BeforeSet>& before_sets);

/// The strength at the end of day `d` (the tracks uncrossed), given the day
/// ends of a run in order.
Value value_at_end(std::span<const DayEnd> ends, Day d) noexcept;
/// The tracks themselves at the end of day `d` (crossed where they are).
Value tracks_at_end(std::span<const DayEnd> ends, Day d) noexcept;

/// Which reports are observations (section 5): `keys` are the contingents of
/// every row of a file, sorted; a report of `keys[i]` is an observation when
/// the result's `i`-th entry is set (a blank country, or a blank component
/// where another key has the same mission and country and a component).
/// Where `counted` is given, only keys with `counted[i]` set (those of an
/// arrival, a departure, a report or a pledge: not only of ends) count as
/// that other key.
std::vector<bool> observation_keys(std::span<const Contingent> keys,
                                   const std::vector<bool>* counted = nullptr);

/// Whether an `end` of `scope` (its mission, its country where ok(), its
/// component where not empty) sets contingent `c` to 0 (spec section 5).
inline bool end_covers(const Contingent& scope, const Contingent& c) noexcept {
  return scope.mission == c.mission && (!scope.country.ok() || scope.country == c.country) &&
         (scope.component.empty() || scope.component == c.component);
}

}  // namespace muster
