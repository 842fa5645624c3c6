// The tracks of every contingent under one vantage (src/tracks.hpp).
#include "tracks.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace muster::detail {

namespace {

// The rows of each contingent, as positions in the rows, in file order:
// `start[c]` is where contingent c's rows begin. Only a row's position is
// kept here; its steps are made when its contingent is run (run_group), so
// that no array of every row's steps is ever built.
struct Buckets {
  std::vector<std::size_t> start;
  std::vector<std::uint32_t> rows;
};

Buckets bucket(const StepRows& rows, std::size_t contingents) {
  Buckets b;
  b.start.assign(contingents + 1, 0);
  for (const std::uint32_t c : rows.contingent)
    if (c != StepRows::none) ++b.start[c + 1];
  // An end's steps go to the contingents of its scope that have rows here.
  std::vector<bool> has_rows;
  if (!rows.ends.empty()) {
    has_rows.resize(contingents);
    for (std::size_t c = 0; c < contingents; ++c) has_rows[c] = b.start[c + 1] > 0;
    for (const auto& [c, i] : rows.ends)
      if (has_rows[c]) ++b.start[c + 1];
  }
  for (std::size_t c = 0; c < contingents; ++c) b.start[c + 1] += b.start[c];
  std::vector<std::size_t> at(b.start.begin(), b.start.end() - 1);
  b.rows.resize(b.start[contingents]);
  for (std::size_t i = 0; i < rows.contingent.size(); ++i)
    if (const std::uint32_t c = rows.contingent[i]; c != StepRows::none)
      b.rows[at[c]++] = static_cast<std::uint32_t>(i);
  for (const auto& [c, i] : rows.ends)
    if (has_rows[c]) b.rows[at[c]++] = i;
  return b;
}

// Runs the tracks of contingent c, its steps made in `steps` (reused from
// one contingent to the next), appending its day ends to `ends`.
void run_group(const StepRows& rows, const Buckets& b, std::size_t c,
               std::vector<rules::TrackStep>& steps, std::vector<rules::DayEnd>& ends) {
  steps.clear();
  constexpr std::size_t ahead = 8;  // rows asked of the cache before they are read
  const std::size_t end = b.start[c + 1];
  for (std::size_t k = b.start[c]; k < end; ++k) {
    if (rows.prefetch && k + ahead < end) __builtin_prefetch(rows.prefetch(b.rows[k + ahead]));
    const StepRow r = rows.row(b.rows[k]);
    rules::append_steps(r.kind, r.date, r.value, r.order, steps);
  }
  rules::run_tracks(steps, ends);
}

}  // namespace

StepRows StepRows::of(std::span<const StepRow> rows) {
  StepRows s;
  s.contingent.reserve(rows.size());
  for (const StepRow& r : rows) s.contingent.push_back(r.contingent);
  s.row = [rows](std::uint32_t p) { return rows[p]; };
  return s;
}

void run_contingents(const StepRows& rows, std::size_t contingents, const TrackSink& sink,
                     std::size_t split_from) {
  const Buckets g = bucket(rows, contingents);
  const bool two = g.rows.size() * 3 >= split_from && two_threads();
  // Contingents are independent: those past the first third of the rows run
  // on a second thread, which hands on each contingent's day ends as it
  // finishes it. This thread runs the first third and hands their day ends
  // to the sink, then hands on the second thread's in contingent order,
  // while that thread still runs: the sink (which builds the track store)
  // is this thread's extra work, a fifth to a half of running the rows.
  std::size_t split = contingents;
  if (two)
    split = static_cast<std::size_t>(
        std::upper_bound(g.start.begin(), g.start.end(), g.rows.size() / 3) - g.start.begin() - 1);
  // Room for as many day ends as two for each of its rows (a row steps on
  // its first and its last day at most) and an entry for each contingent:
  // neither grows while this thread reads them. The second thread writes
  // these as it goes: on lines of their own (OwnLines).
  OwnLines<std::vector<rules::DayEnd>> later_ends_own;
  OwnLines<std::vector<std::pair<std::uint32_t, std::size_t>>> later_own;  // (contingent, day ends)
  auto& later_ends = later_ends_own.value;
  auto& later = later_own.value;
  if (split < contingents) {
    reserve_huge(later_ends, 2 * (g.rows.size() - g.start[split]));
    later.reserve(contingents - split);
  }
  // How many entries of `later` are ready, with `over` set once the second
  // thread has stopped (done, or failed: run_both then throws its error).
  constexpr std::size_t over = std::size_t{1} << (sizeof(std::size_t) * 8 - 1);
  OwnLines<std::atomic<std::size_t>> ready_own{0};
  std::atomic<std::size_t>& ready = ready_own.value;
  const rules::DayEnd* const later_at = later_ends.data();
  const std::pair<std::uint32_t, std::size_t>* const later_of = later.data();
  run_both(
      split < contingents,
      [&] {
        std::vector<rules::DayEnd> ends;
        std::vector<rules::TrackStep> steps;
        for (std::size_t c = 0; c < split; ++c) {
          if (g.start[c + 1] == g.start[c]) continue;
          ends.clear();
          run_group(rows, g, c, steps, ends);
          sink(static_cast<std::uint32_t>(c), ends);
        }
        if (split == contingents) return;
        std::size_t k = 0, at = 0;
        for (;;) {
          const std::size_t now = ready.load(std::memory_order_acquire);
          for (; k < (now & ~over); ++k) {
            const auto [c, count] = later_of[k];
            sink(c, std::span<const rules::DayEnd>(later_at + at, count));
            at += count;
          }
          if (now & over) break;
          ready.wait(now, std::memory_order_acquire);
        }
      },
      [&] {
        struct Over {  // set whether the loop ends or throws
          std::atomic<std::size_t>& ready;
          const std::vector<std::pair<std::uint32_t, std::size_t>>& later;
          ~Over() {
            ready.store(later.size() | over, std::memory_order_release);
            ready.notify_one();
          }
        } stop{ready, later};
        std::vector<rules::TrackStep> steps;
        for (std::size_t c = split; c < contingents; ++c) {
          if (g.start[c + 1] == g.start[c]) continue;
          const std::size_t before = later_ends.size();
          if (later_ends.capacity() - before < 2 * (g.start[c + 1] - g.start[c]))
            throw std::logic_error("run_contingents: more day ends than two a row");
          run_group(rows, g, c, steps, later_ends);
          later.emplace_back(static_cast<std::uint32_t>(c), later_ends.size() - before);
          ready.store(later.size(), std::memory_order_release);
          ready.notify_one();
        }
      });
}

std::shared_ptr<Tracks> build_tracks(const StepRows& rows, std::size_t contingents,
                                     const TrackSink& sink, std::size_t split_from) {
  auto tracks = std::make_shared<Tracks>();
  run_contingents(rows, contingents,
                  [&](std::uint32_t c, std::span<const rules::DayEnd> ends) {
                    if (sink) sink(c, ends);
                    for (const rules::DayEnd& d : ends) tracks->store.add(d.day, d.value);
                    tracks->store.end_track();
                    tracks->contingents.push_back(c);
                  },
                  split_from);
  tracks->store.shrink_to_fit();
  tracks->contingents.shrink_to_fit();
  return tracks;
}

}  // namespace muster::detail
