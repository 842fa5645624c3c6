// src/index.hpp — what a Timeline answers from: the tracks of one vantage of
// one log, grouped for breakdowns (private to the library).
#pragma once

#include "muster/log.hpp"
#include "muster/query.hpp"
#include "hash_index.hpp"
#include "track_store.hpp"
#include "tracks.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <cstdint>
#include <memory>
#include <vector>

namespace muster::detail {

struct Index {
  // Seen pledges, sorted by contingent, first day, file order: what
  // Timeline::pledges needs of them.
  struct Pledge {
    std::uint32_t contingent;  // in the log's contingents(), which sort by key
    std::uint32_t row;
    Day first;
    Count estimate;
  };
  std::vector<bool> seen;  // by row
  std::vector<Pledge> pledges;
  std::vector<Contingent> keys;  // contingents with steps, sorted
  std::shared_ptr<const Tracks> tracks;  // one track per key (shared with the log for the default vantage)
  // For grouping by country, mission and component: the group keys, sorted,
  // and the group of each contingent, so that a breakdown sums without sorting.
  struct Grouping {
    std::vector<Contingent> keys;
    std::vector<std::uint32_t> of;
  };
  std::array<Grouping, 3> groupings;
  HashIndex positions;  // of keys, by hash_of
  // The sum of each country's contingents (groupings country order), as a
  // track of its own: one search a country for a breakdown by country
  // instead of one a contingent. Built by the second breakdown by country
  // that asks for it (country_tracks()): for one question, summing the
  // contingents costs less than merging their tracks (50 ms at 10^6 rows).
  const TrackStore& country_tracks() const;
  /// Counts a breakdown by country; true from the second on, when building
  /// the country tracks pays.
  bool country_tracks_pay() const noexcept { return country_queries_.fetch_add(1) > 0; }
  bool two_threads = false;  // whether building the country tracks uses two
  // Only for a Timeline with StaleAfter: one track per key, whose change on
  // each day that some figure (a StepRow) first puts a step holds the last
  // day of the period of the figure, of all on or before that day, that ends
  // last, as its day number plus figure_bias (so that 0, the value before a
  // track's first change, means no figure), in every field of an exact Value.
  // A few bytes a change, as the strength tracks; a query is one value_at.
  TrackStore figures;
  static constexpr Count figure_bias = 1'000'000;  // above minus the day number of 1800-01-01

  static std::uint64_t hash_of(const Contingent& c) noexcept;

 private:
  mutable std::once_flag countries_once_;
  mutable std::atomic<unsigned> country_queries_{0};
  mutable TrackStore countries_;
};

/// Builds the index of `log` under `view`; from `split_from` steps on, two
/// threads share the work (see run_contingents). With `figures`, also
/// Index::figures.
std::shared_ptr<const Index> build_index(const Log& log, const Vantage& view,
                                         std::size_t split_from = split_steps_from,
                                         bool figures = false);

}  // namespace muster::detail
