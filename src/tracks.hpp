// src/tracks.hpp — the tracks of every contingent of a log under one vantage,
// run by the rules of spec section 5 (private to the library).
//
// The departure rule of section 6 (departures.cpp) and the index of a Timeline
// (timeline.cpp) both hand the rows a vantage sees, as `StepRow`s, to
// `run_contingents`, which gathers each contingent's steps, runs its tracks
// with `rules::run_tracks` and hands each contingent's day ends to a sink.
#pragma once

#include "muster/day.hpp"
#include "muster/event.hpp"
#include "muster/log.hpp"
#include "muster/rules.hpp"
#include "muster/value.hpp"
#include "big_buffer.hpp"
#include "track_store.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <span>
#include <thread>
#include <utility>
#include <vector>

namespace muster::detail {

/// A seen arrival, departure or report (not an observation) of contingent
/// number `contingent`, at position `order` in file order.
struct StepRow {
  Kind kind;
  Period date;
  Value value;
  std::uint32_t contingent;
  std::uint32_t order;
};

/// The rows that move tracks, made one at a time as their contingent is
/// run, so that no array of every row's StepRow is ever built (40 bytes a
/// row): `contingent[p]` is the contingent of the row at position p, or
/// `none` where it puts no step; `row(p)` makes it. Where set,
/// `prefetch(p)` gives the memory that row(p) reads first, asked of the
/// cache a few rows ahead.
struct StepRows {
  static constexpr std::uint32_t none = 0xFFFFFFFF;
  std::vector<std::uint32_t> contingent;
  /// The steps of seen ends (whose `contingent` entry is `none`), each on
  /// the contingents of its scope: (contingent, position). A contingent
  /// with no row of its own here takes no end's steps (it has no tracks).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  std::function<StepRow(std::uint32_t)> row;
  std::function<const void*(std::uint32_t)> prefetch;
  /// Rows of `rows` (position p is rows[p]).
  static StepRows of(std::span<const StepRow> rows);
};

/// Receives the day ends of one contingent's run, in day order.
using TrackSink = std::function<void(std::uint32_t contingent, std::span<const rules::DayEnd>)>;

/// Steps from which run_contingents works on two threads.
inline constexpr std::size_t split_steps_from = 30'000;

/// Whether this machine can run two threads at once.
inline bool two_threads() { return std::thread::hardware_concurrency() >= 2; }

/// Runs the tracks of every contingent below `contingents` that has rows,
/// and calls `sink` for each, in contingent order, on this thread. From
/// `split_from` steps on (where two_threads()), two threads share the work.
void run_contingents(const StepRows& rows, std::size_t contingents, const TrackSink& sink,
                     std::size_t split_from = split_steps_from);

/// The tracks of every contingent with rows under one vantage: the track
/// store's i-th track is that of contingent number `contingents[i]`. Those
/// of the default vantage, which the departure rule runs, are kept with the
/// log (src/departures.hpp), and the Timeline of that vantage shares them.
struct Tracks {
  std::vector<std::uint32_t> contingents;
  TrackStore store;
  // Kept by the departure rule only (the default vantage): the rows
  // that vantage sees, by row, and the seen pledges' rows in file order,
  // so that a Timeline sharing these tracks needs no pass over the rows.
  std::vector<bool> seen;
  std::vector<std::uint32_t> seen_pledges;
};

/// Runs the tracks of `rows` into a Tracks; `sink` (when set) also sees every
/// contingent's day ends, in contingent order.
std::shared_ptr<Tracks> build_tracks(const StepRows& rows, std::size_t contingents,
                                     const TrackSink& sink = {},
                                     std::size_t split_from = split_steps_from);

/// Two threads writing to one cache line take it from each other at every
/// write, which can make a loop ten times slower (false sharing). What one
/// thread writes while another works nearby is kept on lines of its own:
/// a loop run on two threads reads the addresses it needs into its own
/// locals, and the values either thread writes (vectors that grow, counters)
/// are OwnLines. Whether two variables of a stack frame share a line moves
/// with the stack's random start, so a shared line shows as a loop that is
/// slow in one process and fast in the next.
inline constexpr std::size_t cache_line_bytes = 64;

/// A T alone on its cache lines: aligned to a line and padded to whole lines.
template <class T>
struct alignas(cache_line_bytes) OwnLines {
  T value;
};

/// Runs a() on this thread and, where `parallel`, b() on another at the same
/// time (else after a); rethrows what either threw.
template <class A, class B>
void run_both(bool parallel, A&& a, B&& b) {
  if (!parallel) {
    a();
    b();
    return;
  }
  std::exception_ptr failed;
  std::thread other([&] {
    try {
      b();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    a();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failed) std::rethrow_exception(failed);
}

/// The StepRows of the rows of `log` (position p is row p) for which
/// `puts_step(p, facts)` holds; they view `log`. With `two` (and a large
/// log), the halves of the rows on two threads, each with its own copy of
/// `puts_step`: it must then be safe to call from two threads at once, and
/// is best made of values (pointers rather than references to vectors on
/// the caller's stack, OwnLines).
template <class PutsStep>
StepRows step_rows(const Log& log, PutsStep&& puts_step, bool two = false) {
  StepRows s;
  const std::size_t n = log.size();
  reserve_huge(s.contingent, n);
  s.contingent.resize(n);
  // Each thread with its own copy of the output's address and of puts_step
  // (OwnLines above): nothing it reads in the loop is on the other's stack.
  std::uint32_t* const contingent = s.contingent.data();
  // A seen end is marked `seen_end` here, then given to the contingents of
  // its scope (Log::end_scope).
  constexpr std::uint32_t seen_end = StepRows::none - 1;
  auto mark = [&log, &puts_step, contingent](std::size_t from, std::size_t to) {
    std::uint32_t* const out = contingent;
    auto puts = puts_step;
    for (std::size_t i = from; i < to; ++i) {
      const Log::RowFacts f = log.facts(i);
      out[i] = !puts(i, f) ? StepRows::none : f.kind == Kind::end ? seen_end : f.contingent;
    }
  };
  run_both(two && n >= split_steps_from && two_threads(), [&] { mark(0, n / 2); },
           [&] { mark(n / 2, n); });
  for (const std::uint32_t i : log.end_rows()) {
    if (s.contingent[i] != seen_end) continue;
    s.contingent[i] = StepRows::none;
    for (const std::uint32_t c : log.end_scope(i)) s.ends.emplace_back(c, i);
  }
  s.row = [&log](std::uint32_t i) {
    const Log::RowFacts f = log.facts(i);
    return StepRow{f.kind, f.date, f.value, f.contingent, i};
  };
  return s;
}


}  // namespace muster::detail
