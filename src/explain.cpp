// The rows behind a number (muster/explain.hpp).
#include "muster/explain.hpp"

#include "muster/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <queue>
#include <set>
#include <span>
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
HiddenRow hidden_row(const Log& log, const Event& e, const View& view,
                     const std::multimap<std::size_t, std::size_t>& hidden_by) {
  HiddenRow h{e, {}};
  if (!rules::known(view, e.recorded)) h.reasons.push_back({HiddenBecause::recorded_after, std::nullopt});
  auto [b, en] = hidden_by.equal_range(e.index);
  for (auto it = b; it != en; ++it) {
    const Event by = log.event(it->second);
    h.reasons.push_back(
        {by.kind == Kind::retraction ? HiddenBecause::retracted : HiddenBecause::superseded, by});
  }
  if (e.status == Status::planned && !view.include_planned)
    h.reasons.push_back({HiddenBecause::planned, std::nullopt});
  return h;
}

/// Sorts the rows of the group into the observations and hidden rows of
/// `out`, and returns the seen rows that shape the strength, in file order.
/// Only the rows of the group are built as events; the others cost a look at
/// their numbers (spec section 4 through muster/rules.hpp).
std::vector<Event> sort_rows(const Log& log, Day day, const Filter& filter, Explanation& out) {
  const View& view = out.view;
  const std::vector<rules::Supersession> names = log.supersessions();
  const std::vector<bool> hidden = rules::hidden_rows(view, log.size(), names);
  std::multimap<std::size_t, std::size_t> hidden_by;  // who hides whom, as of the view's day
  for (const rules::Supersession& s : names)
    if (rules::known(view, s.recorded)) hidden_by.emplace(s.target, s.row);
  // Whether each contingent of the log is of the group: its rows (matches),
  // its observations (an observation belongs to the group when it counts no
  // more than the filter asks for: covers).
  const std::span<const Contingent> keys = log.contingents();
  std::vector<bool> matches(keys.size()), covers(keys.size());
  for (std::size_t c = 0; c < keys.size(); ++c) {
    matches[c] = filter.matches(keys[c]);
    covers[c] = filter.covers(keys[c]);
  }
  std::vector<Event> shaping;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const Log::RowFacts f = log.facts(i);
    if (f.kind == Kind::pledge || f.kind == Kind::retraction) continue;
    const bool seen = rules::sees(view, f.kind, f.planned, f.recorded, hidden[i]);
    if (f.kind == Kind::end) {  // of the group where it sets a contingent of it to 0
      const auto scope = log.end_scope(i);
      if (f.date.first > day ||
          std::none_of(scope.begin(), scope.end(), [&](std::uint32_t c) { return matches[c]; }))
        continue;
      if (seen) shaping.push_back(log.event(i));
      else out.hidden.push_back(hidden_row(log, log.event(i), view, hidden_by));
      continue;
    }
    if (f.observation) {
      if (covers[f.contingent] && seen && f.date.last <= day) out.observations.push_back(log.event(i));
      continue;
    }
    if (!matches[f.contingent] || rules::first_step_day(f.kind, f.date) > day) continue;
    if (seen) shaping.push_back(log.event(i));
    else out.hidden.push_back(hidden_row(log, log.event(i), view, hidden_by));
  }
  return shaping;
}

/// What a stretch of days does to one track, as a function of the value
/// before it (spec section 5; the same rules as rules::run_tracks, in a form
/// that composes): a constant (a set step; a - unbounded step on low, a +
/// unbounded step on high), or x -> max(floor, x + shift) with an unbounded
/// x kept unbounded. One day's + and - steps, added together and raised to 0,
/// are max(0, x + sum); two stretches in turn compose to one of these forms.
struct TrackFn {
  bool constant = false;
  Count value = 0;  ///< the constant (Value::unbounded: unbounded)
  Count floor = 0, shift = 0;

  Count apply(Count x) const {
    if (constant) return value;
    if (x == Value::unbounded) return x;
    return std::max(floor, checked_add(x, shift));
  }
  /// This stretch, then `later`.
  TrackFn then(const TrackFn& later) const {
    if (later.constant) return later;
    if (constant) return {true, later.apply(value), 0, 0};
    return {false, 0, std::max(later.floor, checked_add(floor, later.shift)),
            checked_add(shift, later.shift)};
  }
};

/// One day's steps on one track, gathered in any order.
struct DayTrack {
  Count sum = 0;
  bool infinite = false;  ///< a + unbounded (high) or - unbounded (low) step
  bool has_set = false, set_infinite = false;
  std::size_t set_order = 0;
  Count set_to = 0;

  void add(const rules::TrackStep& s) {
    if (s.set) {
      if (has_set && s.order < set_order) return;  // the last in file order wins
      has_set = true;
      set_order = s.order;
      set_to = s.amount;
      set_infinite = s.infinite;
    } else if (s.infinite) {
      infinite = true;
    } else {
      sum = checked_add(sum, s.amount);
    }
  }
  TrackFn fn(rules::Track t) const {
    if (has_set) return {true, set_infinite ? Value::unbounded : set_to, 0, 0};
    if (infinite) return {true, t == rules::Track::high ? Value::unbounded : 0, 0, 0};
    return {false, 0, 0, sum};
  }
};

/// The tracks of one contingent at the end of the day asked for, as steps
/// are added in any order: a tree over its step days (known beforehand) whose
/// leaves are the days and whose inner nodes compose them, so that a step
/// costs a logarithm of the days.
class ContingentTracks {
 public:
  explicit ContingentTracks(std::vector<Day> days) : days_(std::move(days)) {
    while (size_ < days_.size()) size_ *= 2;
    leaves_.resize(days_.size());
    tree_.resize(2 * size_);
  }
  void add(const rules::TrackStep& s) {
    const auto i = static_cast<std::size_t>(
        std::lower_bound(days_.begin(), days_.end(), s.day) - days_.begin());
    const auto t = static_cast<std::size_t>(s.track);
    leaves_[i][t].add(s);
    std::size_t n = size_ + i;
    tree_[n][t] = leaves_[i][t].fn(s.track);
    for (n /= 2; n >= 1; n /= 2) tree_[n][t] = tree_[2 * n][t].then(tree_[2 * n + 1][t]);
  }
  /// The tracks (crossed where they are) after every day with steps.
  Value value() const {
    const auto& root = tree_[1];
    return {root[0].apply(0), root[1].apply(0), root[2].apply(0)};
  }
  /// The tracks at the end of day `d`: its days up to `d` only.
  Value value_at(Day d) const {
    const auto n = static_cast<std::size_t>(
        std::upper_bound(days_.begin(), days_.end(), d) - days_.begin());
    std::array<TrackFn, 3> f{};  // the identity: x -> max(0, x)
    prefix(1, 0, size_, n, f);
    return {f[0].apply(0), f[1].apply(0), f[2].apply(0)};
  }

 private:
  // Composes, in day order, the leaves below `node` (leaves [lo, hi)) that
  // are before `n` onto `f`.
  void prefix(std::size_t node, std::size_t lo, std::size_t hi, std::size_t n,
              std::array<TrackFn, 3>& f) const {
    if (n <= lo) return;
    if (hi <= n) {
      for (std::size_t t = 0; t < 3; ++t) f[t] = f[t].then(tree_[node][t]);
      return;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    prefix(2 * node, lo, mid, n, f);
    prefix(2 * node + 1, mid, hi, n, f);
  }

  std::vector<Day> days_;
  std::size_t size_ = 1;
  std::vector<std::array<DayTrack, 3>> leaves_;
  std::vector<std::array<TrackFn, 3>> tree_;  // tree_[1] is the root
};

/// The contingents each shaping row puts steps on: its own, or for an end
/// the contingents of its scope that are of the group and have a row of
/// their own among `rows` (as a Timeline runs no tracks for one without).
std::vector<std::vector<Contingent>> targets_of(const Log& log, const std::vector<Event>& rows) {
  std::set<Contingent> own;
  for (const Event& e : rows)
    if (e.kind != Kind::end) own.insert(e.contingent());
  std::vector<std::vector<Contingent>> out(rows.size());
  const std::span<const Contingent> keys = log.contingents();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind != Kind::end) {
      out[i].push_back(rows[i].contingent());
      continue;
    }
    for (const std::uint32_t c : log.end_scope(rows[i].index))
      if (own.count(keys[c])) out[i].push_back(keys[c]);
  }
  return out;
}

/// The steps each shaping row puts on or before the day, three a row.
std::vector<rules::TrackStep> steps_of(const std::vector<Event>& rows) {
  std::vector<rules::TrackStep> out;
  out.reserve(3 * rows.size());
  for (const Event& e : rows) rules::append_steps(e, out);
  return out;
}

/// The group's strength as rows are added in track order: at the end of the
/// day of the rows added so far (the first day each puts a step), kept as
/// running totals over its contingents, each moved to that day as it is
/// reached (a month arrival's low step, added with its first day, counts
/// from its last).
class GroupRun {
 public:
  /// `rows` in track order, `steps` their steps (three a row), `targets` the
  /// contingents each row puts them on.
  GroupRun(Day day, const std::vector<Event>& rows, const std::vector<rules::TrackStep>& steps,
           const std::vector<std::vector<Contingent>>& targets)
      : day_(day) {
    std::map<Contingent, std::vector<Day>> days;
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (const Contingent& c : targets[i])
        for (std::size_t k = 3 * i; k < 3 * i + 3; ++k)
          if (steps[k].day <= day) days[c].push_back(steps[k].day);
    for (auto& [key, list] : days) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      per_.emplace(key, Run{ContingentTracks(std::move(list)), Value{}});
    }
  }

  /// Moves every contingent to the end of `d` (no earlier than the last day
  /// reached), then counts a row whose first step is on `d`: its steps on
  /// each of `targets`.
  void add(Day d, std::span<const rules::TrackStep> steps, const std::vector<Contingent>& targets) {
    reach(d);
    for (const Contingent& key : targets) {
      Run& c = per_.at(key);
      for (const rules::TrackStep& s : steps) {
        if (s.day > day_) continue;
        c.tracks.add(s);
        if (s.day > d) later_.push({s.day, &c});
      }
      move(c, d);
    }
  }
  /// Moves every contingent to the end of `d` and gives the group's strength there.
  Value at(Day d) {
    reach(d);
    return Value{est_, low_, unbounded_ > 0 ? Value::unbounded : high_};
  }

 private:
  struct Run {
    ContingentTracks tracks;
    Value at_day;
  };
  struct Later {
    Day day;
    Run* run;
    bool operator>(const Later& o) const { return day > o.day; }
  };
  // Moves the contingents with a step after the last day reached and on or
  // before `d` to the end of `d`.
  void reach(Day d) {
    while (!later_.empty() && later_.top().day <= d) {
      Run* r = later_.top().run;
      later_.pop();
      move(*r, d);
    }
  }
  void move(Run& c, Day d) {
    account(c.at_day, -1);
    c.at_day = rules::uncrossed(c.tracks.value_at(d));
    account(c.at_day, +1);
  }
  void account(const Value& v, Count sign) {
    est_ = checked_add(est_, sign * v.estimate);
    low_ = checked_add(low_, sign * v.low);
    if (v.bounded()) high_ = checked_add(high_, sign * v.high);
    else unbounded_ += sign;
  }

  Day day_;
  std::map<Contingent, Run> per_;
  std::priority_queue<Later, std::vector<Later>, std::greater<Later>> later_;
  Count est_ = 0, low_ = 0, high_ = 0, unbounded_ = 0;
};

/// Marks the overwritten rows of `out.steps` (muster/explain.hpp, ShapingRow):
/// `steps` are the steps of its rows, three a row.
void mark_overwritten(Day day, const std::vector<rules::TrackStep>& steps, Explanation& out) {
  struct Latest {
    Day day;
    std::size_t order;
    std::size_t position;  // in out.steps
  };
  std::map<Contingent, Latest> latest;  // each contingent's latest set step on or before `day`
  for (std::size_t i = 0; i < out.steps.size(); ++i) {
    const rules::TrackStep& s = steps[3 * i];
    if (!s.set || s.day > day || out.steps[i].row.kind == Kind::end) continue;
    auto [it, fresh] = latest.try_emplace(out.steps[i].row.contingent(), Latest{s.day, s.order, i});
    if (!fresh && std::pair(s.day, s.order) > std::pair(it->second.day, it->second.order))
      it->second = {s.day, s.order, i};
  }
  for (std::size_t i = 0; i < out.steps.size(); ++i) {
    const auto it = latest.find(out.steps[i].row.contingent());
    if (it == latest.end() || it->second.position == i) continue;
    const Latest& l = it->second;
    bool before = true;
    for (std::size_t k = 3 * i; k < 3 * i + 3; ++k) {
      const rules::TrackStep& s = steps[k];
      if (s.day > day) continue;
      before = before && (s.day < l.day || (s.day == l.day && (!s.set || s.order < l.order)));
    }
    if (before) out.steps[i].overwritten_by = l.position;
  }
}

}  // namespace

Explanation explain(const Log& log, Day day, const Filter& filter, const View& view) {
  Explanation out;
  out.day = day;
  out.view = view;
  std::vector<Event> shaping = sort_rows(log, day, filter, out);
  // In track order: the first day a row puts a step, then file order.
  std::stable_sort(shaping.begin(), shaping.end(), [](const Event& a, const Event& b) {
    return rules::first_step_day(a) < rules::first_step_day(b);
  });
  const std::vector<rules::TrackStep> steps = steps_of(shaping);
  const std::vector<std::vector<Contingent>> targets = targets_of(log, shaping);
  GroupRun group{day, shaping, steps, targets};
  // The strength after each day, on the day's last row: never a sum partway
  // through a day.
  for (std::size_t i = 0; i < shaping.size(); ++i) {
    const Day d = rules::first_step_day(shaping[i]);
    group.add(d, std::span(steps).subspan(3 * i, 3), targets[i]);
    const bool last_of_day = i + 1 == shaping.size() || rules::first_step_day(shaping[i + 1]) != d;
    out.steps.push_back({shaping[i], last_of_day ? std::optional<Value>(group.at(d)) : std::nullopt, {}});
  }
  out.strength = group.at(day);
  mark_overwritten(day, steps, out);
  return out;
}

Overwritten Explanation::overwritten() const {
  Overwritten o;
  for (const ShapingRow& s : steps) {
    if (!s.overwritten_by) continue;
    if (o.rows++ == 0) o.first = s.row.date;
    o.last = s.row.date;
    o.by.push_back(*s.overwritten_by);
  }
  std::sort(o.by.begin(), o.by.end());
  o.by.erase(std::unique(o.by.begin(), o.by.end()), o.by.end());
  return o;
}

}  // namespace muster
