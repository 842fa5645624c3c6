// The rows behind a number (muster/explain.hpp).
#include "muster/explain.hpp"

#include "muster/rules.hpp"
#include "muster/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace muster {

std::string to_string(const HiddenReason& r, const Event& row, const View& view) {
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

namespace {

/// Every reason that `view` hides row `e`; `hidden_by` maps a row's index to
/// the rows known from the view that name it in `supersedes`.
HiddenRow hidden_row(const Event& e, const View& view,
                     const std::multimap<std::size_t, Event>& hidden_by) {
  HiddenRow h{e, {}};
  if (!rules::known(view, e.recorded)) h.reasons.push_back({HiddenBecause::recorded_after, std::nullopt});
  auto [b, en] = hidden_by.equal_range(e.index);
  for (auto it = b; it != en; ++it)
    h.reasons.push_back({it->second.kind == Kind::retraction ? HiddenBecause::retracted
                                                              : HiddenBecause::superseded,
                         it->second});
  if (e.status == Status::planned && !view.include_planned)
    h.reasons.push_back({HiddenBecause::planned, std::nullopt});
  return h;
}

/// Sorts the rows of the group into the observations and hidden rows of
/// `out`, and returns the seen rows that shape the strength, in file order.
std::vector<Event> sort_rows(const Log& log, const Timeline& timeline, Day day,
                             const Filter& filter, Explanation& out) {
  const View& view = out.view;
  std::multimap<std::size_t, Event> hidden_by;  // who hides whom, as of the view's day
  for (const Event& e : log.events())
    if (e.supersedes && rules::known(view, e.recorded)) hidden_by.emplace(*e.supersedes, e);
  std::vector<Event> shaping;
  for (const Event& e : log.events()) {
    if (e.kind == Kind::pledge || e.kind == Kind::retraction) continue;
    if (log.is_observation(e)) {
      // An observation belongs to the group when it counts no more than the
      // filter asks for.
      if (filter.covers(e.contingent()) && timeline.sees(e) && e.date.last <= day)
        out.observations.push_back(e);
      continue;
    }
    if (!filter.matches(e.contingent()) || rules::first_step_day(e) > day) continue;
    if (timeline.sees(e)) shaping.push_back(e);
    else out.hidden.push_back(hidden_row(e, view, hidden_by));
  }
  return shaping;
}

/// One contingent while rows are added in track order: the state settled at
/// the end of the last day before the current row's first step (no later row
/// can step before it) and the steps pending from then up to the day asked
/// for, so each row costs only the steps still open.
struct ContingentState {
  bool settled_any = false;
  Day settled_day{};
  Value settled;
  std::vector<rules::TrackStep> pending;
  Value at_day;
};

/// The group's strength at the end of one day as rows are added in track
/// order, kept as running totals over its contingents.
class GroupRun {
 public:
  explicit GroupRun(Day day) : day_(day) {}

  /// Counts seen row `e` (no row added earlier has a later first step day)
  /// and returns the group's strength at the end of the day.
  Value add(const Event& e) {
    ContingentState& c = per_[e.contingent()];
    settle(c, rules::first_step_day(e));
    std::vector<rules::TrackStep> steps;
    rules::append_steps(e, steps);
    for (const auto& s : steps)
      if (s.day <= day_) c.pending.push_back(s);
    replay(c, c.pending.begin(), c.pending.end());
    account(c.at_day, -1);
    c.at_day = rules::value_at_end(ends_, day_);
    account(c.at_day, +1);
    return Value{est_, low_, unbounded_ > 0 ? Value::unbounded : high_};
  }

 private:
  using Iter = std::vector<rules::TrackStep>::iterator;

  // Settles the steps of `c` before day `first`.
  void settle(ContingentState& c, Day first) {
    const auto open = std::stable_partition(c.pending.begin(), c.pending.end(),
                                            [&](const rules::TrackStep& s) { return s.day < first; });
    if (open == c.pending.begin()) return;
    replay(c, c.pending.begin(), open);
    c.settled = ends_.back().value;
    c.settled_day = ends_.back().day;
    c.settled_any = true;
    c.pending.erase(c.pending.begin(), open);
  }
  // Runs the tracks of `c` from its settled state over [first, last) into ends_.
  void replay(const ContingentState& c, Iter first, Iter last) {
    run_.clear();
    ends_.clear();
    if (c.settled_any) rules::append_seed(c.settled_day, c.settled, run_);
    run_.insert(run_.end(), first, last);
    rules::run_tracks(run_, ends_);
  }
  void account(const Value& v, Count sign) {
    est_ = checked_add(est_, sign * v.estimate);
    low_ = checked_add(low_, sign * v.low);
    if (v.bounded()) high_ = checked_add(high_, sign * v.high);
    else unbounded_ += sign;
  }

  Day day_;
  std::map<Contingent, ContingentState> per_;
  Count est_ = 0, low_ = 0, high_ = 0, unbounded_ = 0;
  std::vector<rules::TrackStep> run_;
  std::vector<rules::DayEnd> ends_;
};

}  // namespace

Explanation explain(const Log& log, Day day, const Filter& filter, const View& view) {
  const Timeline timeline{log, view};
  Explanation out;
  out.day = day;
  out.view = view;
  std::vector<Event> shaping = sort_rows(log, timeline, day, filter, out);
  // In track order: the first day a row puts a step, then file order.
  std::stable_sort(shaping.begin(), shaping.end(), [](const Event& a, const Event& b) {
    return rules::first_step_day(a) < rules::first_step_day(b);
  });
  GroupRun group{day};
  for (const Event& e : shaping) out.steps.push_back({e, group.add(e)});
  out.strength = out.steps.empty() ? Value{} : out.steps.back().after;
  return out;
}

}  // namespace muster
