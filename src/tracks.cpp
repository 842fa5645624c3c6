// The tracks of every contingent under one vantage (src/tracks.hpp).
#include "tracks.hpp"

#include <algorithm>

namespace muster::detail {

namespace {

// Every row's steps in one array, grouped by contingent: `start[c]` is where
// contingent c's steps begin (rules::run_tracks orders them by day and row,
// so the rows of each half may be written at once).
struct Gathered {
  std::vector<std::size_t> start;
  std::vector<rules::TrackStep> steps;
};

Gathered gather(std::span<const StepRow> rows, std::size_t contingents, bool two) {
  Gathered g;
  g.start.assign(contingents + 1, 0);
  for (const StepRow& r : rows) g.start[r.contingent + 1] += 3;
  for (std::size_t c = 0; c < contingents; ++c) g.start[c + 1] += g.start[c];
  const std::size_t half = two ? rows.size() / 2 : rows.size();
  std::vector<std::size_t> first(g.start.begin(), g.start.end() - 1), second(contingents, 0);
  if (two) {  // the second half starts past the first half's steps of each contingent
    for (std::size_t i = 0; i < half; ++i) second[rows[i].contingent] += 3;
    for (std::size_t c = 0; c < contingents; ++c) second[c] += g.start[c];
  }
  g.steps.resize(g.start[contingents]);
  auto put = [&](std::size_t from, std::size_t to, std::vector<std::size_t>& at) {
    std::vector<rules::TrackStep> one;
    for (std::size_t i = from; i < to; ++i) {
      const StepRow& r = rows[i];
      one.clear();
      rules::append_steps(r.kind, r.date, r.value, r.order, one);
      std::copy(one.begin(), one.end(), g.steps.begin() + static_cast<std::ptrdiff_t>(at[r.contingent]));
      at[r.contingent] += one.size();
    }
  };
  run_both(two, [&] { put(0, half, first); }, [&] { put(half, rows.size(), second); });
  return g;
}

}  // namespace

void run_contingents(std::span<const StepRow> rows, std::size_t contingents, const TrackSink& sink,
                     std::size_t split_from) {
  const bool two = rows.size() * 3 >= split_from && two_threads();
  Gathered g = gather(rows, contingents, two);
  auto run = [&](std::size_t c, std::vector<rules::DayEnd>& ends) {
    rules::run_tracks(std::span<rules::TrackStep>(g.steps.data() + g.start[c],
                                                  g.start[c + 1] - g.start[c]), ends);
  };
  // Contingents are independent: those past the middle of the steps run on a
  // second thread, which keeps its day ends until this thread has handed on
  // its own, in contingent order.
  std::size_t split = contingents;
  if (two)
    split = static_cast<std::size_t>(
        std::upper_bound(g.start.begin(), g.start.end(), g.steps.size() / 2) - g.start.begin() - 1);
  std::vector<rules::DayEnd> later_ends;
  std::vector<std::pair<std::uint32_t, std::size_t>> later;  // (contingent, day ends)
  run_both(
      split < contingents,
      [&] {
        std::vector<rules::DayEnd> ends;
        for (std::size_t c = 0; c < split; ++c) {
          if (g.start[c + 1] == g.start[c]) continue;
          ends.clear();
          run(c, ends);
          sink(static_cast<std::uint32_t>(c), ends);
        }
      },
      [&] {
        for (std::size_t c = split; c < contingents; ++c) {
          if (g.start[c + 1] == g.start[c]) continue;
          const std::size_t before = later_ends.size();
          run(c, later_ends);
          later.emplace_back(static_cast<std::uint32_t>(c), later_ends.size() - before);
        }
      });
  std::size_t at = 0;
  for (const auto& [c, count] : later) {
    sink(c, std::span<const rules::DayEnd>(later_ends.data() + at, count));
    at += count;
  }
}

std::shared_ptr<Tracks> build_tracks(std::span<const StepRow> rows, std::size_t contingents,
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
