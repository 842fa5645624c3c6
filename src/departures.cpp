// Spec section 6's rule on departures (src/departures.hpp).
#include "departures.hpp"

#include "muster/rules.hpp"
#include "row_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <span>

namespace muster::detail {

namespace {

// The seen rows and seen pledges that a Timeline of the default vantage
// takes with the tracks.
void keep_seen(const Log& log, const std::vector<std::uint8_t>& seen, Tracks& tracks) {
  tracks.seen.assign(seen.begin(), seen.end());
  for (std::uint32_t i = 0; i < seen.size(); ++i)
    if (seen[i] && log.kind(i) == Kind::pledge) tracks.seen_pledges.push_back(i);
}

// The message of each (contingent, day) in `below_zero` goes on the line of
// the first departure of that contingent and day (file order) that is seen.
std::vector<std::pair<std::size_t, std::string>> departure_errors(
    const Log& log, const StepRows& rows,
    const std::vector<std::pair<std::uint32_t, Day>>& below_zero) {
  std::vector<std::size_t> line_of(below_zero.size(), 0);
  for (std::uint32_t i = 0; i < rows.contingent.size(); ++i) {
    if (rows.contingent[i] == StepRows::none || log.kind(i) != Kind::departure) continue;
    const StepRow r = rows.row(i);
    const std::pair<std::uint32_t, Day> at{r.contingent, r.date.last};
    const auto it = std::lower_bound(below_zero.begin(), below_zero.end(), at);
    if (it != below_zero.end() && *it == at) {
      std::size_t& line = line_of[static_cast<std::size_t>(it - below_zero.begin())];
      if (line == 0) line = log.line(r.order);
    }
  }
  std::vector<std::pair<std::size_t, std::string>> errors;
  for (std::size_t k = 0; k < below_zero.size(); ++k) {
    const Contingent& key = log.contingents()[below_zero[k].first];
    errors.emplace_back(line_of[k], spec::departures_below_zero(key, below_zero[k].second));
  }
  return errors;
}

}  // namespace

DepartureCheck check_departures(const Log& log) {
  const Vantage all{};
  const std::vector<bool> hidden = rules::hidden_rows(all, log.size(), log.supersessions());
  // Safe on two threads: each row's byte of `seen` is written by one. The
  // step takes addresses, not the vectors (step_rows).
  std::vector<std::uint8_t> seen(log.size(), 0);
  auto puts_step = [&all, hidden_at = hidden.cbegin(), seen_at = seen.data()](
                       std::size_t i, const Log::RowFacts& f) {
    const bool sees = rules::sees(all, f.kind, f.planned, f.recorded,
                                  hidden_at[static_cast<std::ptrdiff_t>(i)]);
    seen_at[i] = sees;
    return sees && f.kind != Kind::pledge && !f.observation;
  };
  StepRows rows = step_rows(log, puts_step, true);
  rows.prefetch = [&log](std::uint32_t i) { return log.facts_address(i); };
  std::vector<std::pair<std::uint32_t, Day>> below_zero;  // (key, day), in key and day order
  std::shared_ptr<Tracks> tracks =
      build_tracks(rows, log.contingents().size(),
                   [&](std::uint32_t key, std::span<const rules::DayEnd> ends) {
                     for (const rules::DayEnd& d : ends)
                       if (d.high_below_zero) below_zero.emplace_back(key, d.day);
                   });
  DepartureCheck check;
  if (below_zero.empty()) {
    keep_seen(log, seen, *tracks);
    check.tracks = std::move(tracks);
  } else {
    check.errors = departure_errors(log, rows, below_zero);
  }
  return check;
}

std::shared_ptr<const Tracks> default_tracks(const Log& log) noexcept {
  return std::static_pointer_cast<const Tracks>(log.checked_run());
}

}  // namespace muster::detail
