// src/departures.hpp — spec section 6's rule on departures, which needs the
// tracks (private to the library).
//
// With every confirmed row seen and no as-of day, no day's steps may take a
// contingent's high track below 0. Only running the tracks of that view (the
// default vantage, spec section 5) tells, so this rule sits above the tracks,
// and the reader of a log (src/read_log.cpp) calls it once the rows are
// otherwise valid. What it ran is not thrown away: the reader keeps it with
// the log (Log::checked_run), and a Timeline of the default vantage takes it
// (default_tracks) instead of running the same tracks again.
//
//     detail::DepartureCheck check = detail::check_departures(log);
//     for (const auto& [line, message] : check.errors) report(line, message);
#pragma once

#include "muster/log.hpp"
#include "tracks.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace muster::detail {

/// What the departure rule found, and the run that found it.
struct DepartureCheck {
  /// The tracks of the default vantage, with the rows it sees and its seen
  /// pledges (Tracks::seen, Tracks::seen_pledges); null where `errors` is not
  /// empty.
  std::shared_ptr<const Tracks> tracks;
  /// For each contingent and day whose departures take the high track below
  /// 0, in contingent and day order: the line of the first departure of that
  /// day (file order) that is seen, and the message.
  std::vector<std::pair<std::size_t, std::string>> errors;
};

/// Runs the tracks of the default vantage of `log`, whose rows are otherwise
/// valid (ids, supersedes, keys and observations are known).
DepartureCheck check_departures(const Log& log);

/// The tracks that check_departures ran for `log`, kept with it by the
/// reader; null for a log not read that way (a default-made Log).
std::shared_ptr<const Tracks> default_tracks(const Log& log) noexcept;

}  // namespace muster::detail
