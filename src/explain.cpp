// The rows behind a number (muster/explain.hpp).
#include "muster/explain.hpp"

#include "muster/rules.hpp"
#include "explain.hpp"
#include "totals.hpp"
#include "view_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <span>
#include <utility>

namespace muster {

std::string to_string(const HiddenReason& r, const Event& row, const Vantage& view) {
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

/// A row of the group that the view hides, with the reasons it keeps for it.
HiddenRow hidden_row(const detail::ViewRuns& runs, std::size_t row) {
  const Log& log = runs.log();
  HiddenRow h{log.event(row), {}};
  for (const detail::Hidden& r : runs.hidden(row))
    h.reasons.push_back({r.because, r.by == detail::Hidden::none ? std::nullopt
                                                                  : std::optional<Event>(log.event(r.by))});
  return h;
}

/// Sorts the rows of the group into the observations and hidden rows of
/// `out`, and returns the seen rows that shape the strength, in file order.
/// Only the rows of the group are built as events; the others cost a look at
/// their numbers (which rows the view sees, and why not: `runs`).
std::vector<Event> sort_rows(const detail::ViewRuns& runs, Day day, const Filter& filter,
                             Explanation& out) {
  const Log& log = runs.log();
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
    const bool seen = runs.sees(i);
    if (f.kind == Kind::end) {  // of the group where it sets a contingent of it to 0
      const auto scope = log.end_scope(i);
      if (f.date.first > day ||
          std::none_of(scope.begin(), scope.end(), [&](std::uint32_t c) { return matches[c]; }))
        continue;
      if (seen) shaping.push_back(log.event(i));
      else out.hidden.push_back(hidden_row(runs, i));
      continue;
    }
    if (f.observation) {
      if (covers[f.contingent] && seen && f.date.last <= day) out.observations.push_back(log.event(i));
      continue;
    }
    if (!matches[f.contingent] || rules::first_step_day(f.kind, f.date) > day) continue;
    if (seen) shaping.push_back(log.event(i));
    else out.hidden.push_back(hidden_row(runs, i));
  }
  return shaping;
}

/// The steps each shaping row puts on or before the day, three a row.
std::vector<rules::TrackStep> steps_of(const std::vector<Event>& rows) {
  std::vector<rules::TrackStep> out;
  out.reserve(3 * rows.size());
  for (const Event& e : rows) rules::append_steps(e, out);
  return out;
}

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

/// Spec section 8 for one group: the contingents `filter` matches and the
/// unattributed personnel of the observed groups it keeps (as
/// Timeline::strength counts them), under `totals`, made on `all` (a view of
/// every contingent).
class TotalsSum {
 public:
  TotalsSum(const detail::ViewRuns& all, const detail::Totals& totals, const Filter& filter)
      : all_(all), totals_(totals) {
    const std::span<const Contingent> keys = all.log().contingents();
    for (std::uint32_t c = 0; c < keys.size(); ++c)
      if (filter.matches(keys[c]) && all.run_of(c)) members_.push_back(c);
    const auto groups = totals.groups();
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
      const Contingent& k = groups[g].key;  // a blank component
      if ((!filter.mission || filter.mission.contains(k.mission)) &&
          (!filter.country || filter.country.contains(k.country)) &&
          (!filter.component || filter.component.contains(std::string{})))
        groups_.push_back(g);
    }
  }

  /// The group's strength at the end of `d`: each contingent that no kept
  /// observation narrows at `d` by section 5 (its estimate within its range),
  /// the others and the unattributed personnel by the totals.
  Value at(Day d) const {
    Value sum;
    std::vector<std::uint32_t> touched, groups;
    for (const std::uint32_t c : members_) {
      if (totals_.narrows(c, d)) {
        touched.push_back(c);
        continue;
      }
      Value v = all_.tracks(*all_.run_of(c)).at(d);
      if (v.estimate < v.low) v.estimate = v.low;
      if (v.bounded() && v.estimate > v.high) v.estimate = v.high;
      sum += v;
    }
    for (const std::uint32_t g : groups_)
      if (totals_.unattributed_at(g, d)) groups.push_back(g);
    if (!touched.empty() || !groups.empty()) sum += totals_.sum(d, touched, groups);
    return sum;
  }

 private:
  const detail::ViewRuns& all_;
  const detail::Totals& totals_;
  std::vector<std::uint32_t> members_;  // positions in Log::contingents()
  std::vector<std::uint32_t> groups_;   // in Totals::groups()
};

/// With totals: the strengths of `out` by spec section 8, whether each
/// observation is kept, the kept observations that bound the group at the
/// end of the day and its strength by section 5 alone.
void add_totals(const Log& log, Day day, const Filter& filter, Explanation& out) {
  const detail::ViewRuns all{log, out.view};
  // Only the observations of the group's missions can bound it: a total
  // links nothing across missions, so the others are left out (the engine's
  // time grows with the observations it judges).
  const std::span<const Contingent> keys = log.contingents();
  std::vector<std::string_view> missions;
  for (const Contingent& k : keys)
    if (filter.matches(k)) missions.push_back(k.mission);
  std::sort(missions.begin(), missions.end());
  const auto of_group = [&](std::uint32_t row) {
    return std::binary_search(missions.begin(), missions.end(), keys[log.facts(row).contingent].mission);
  };
  std::vector<std::uint32_t> left_out;
  for (const std::uint32_t row : all.observations())
    if (!of_group(row)) left_out.push_back(row);
  const detail::Totals totals{all, std::nullopt, left_out};
  const TotalsSum sum(all, totals, filter);
  out.parts_only = out.strength;
  out.strength = sum.at(day);
  for (ShapingRow& s : out.steps)
    if (s.after) s.after = sum.at(rules::first_step_day(s.row));
  for (const Event& e : out.observations) {
    const detail::Totals::Outcome* o = totals.outcome(static_cast<std::uint32_t>(e.index));
    out.observation_kept.push_back(o && o->kept);
  }
  for (const detail::Totals::Outcome& o : totals.outcomes()) {
    if (!o.kept) continue;
    left_out.push_back(o.row);
    const detail::Totals without{all, std::nullopt, left_out};
    left_out.pop_back();
    const Value v = TotalsSum(all, without, filter).at(day);
    if (v.low != out.strength.low || v.high != out.strength.high) out.bounded_by.push_back({log.event(o.row), v});
  }
}

}  // namespace

namespace detail {

Explanation explain(const ViewRuns& runs, Day day, const Filter& filter) {
  Explanation out;
  out.day = day;
  out.view = runs.view();
  std::vector<Event> shaping = sort_rows(runs, day, filter, out);
  // In track order: the first day a row puts a step, then file order.
  std::stable_sort(shaping.begin(), shaping.end(), [](const Event& a, const Event& b) {
    return rules::first_step_day(a) < rules::first_step_day(b);
  });
  // The group's strength: the sum of the runs of its contingents.
  std::vector<const ContingentRun*> members;
  const std::span<const Contingent> keys = runs.log().contingents();
  for (std::uint32_t c = 0; c < keys.size(); ++c)
    if (filter.matches(keys[c]))
      if (const ContingentRun* r = runs.run_of(c)) members.push_back(r);
  GroupSum group(runs, members);
  // The strength after each day, on the day's last row: never a sum partway
  // through a day.
  for (std::size_t i = 0; i < shaping.size(); ++i) {
    const Day d = rules::first_step_day(shaping[i]);
    const bool last_of_day = i + 1 == shaping.size() || rules::first_step_day(shaping[i + 1]) != d;
    out.steps.push_back({shaping[i], last_of_day ? std::optional<Value>(group.at(d)) : std::nullopt, {}});
  }
  out.strength = group.at(day);
  mark_overwritten(day, steps_of(shaping), out);
  return out;
}

}  // namespace detail

Explanation explain(const Log& log, Day day, const Filter& filter, const Vantage& view) {
  const detail::ViewRuns runs{log, view, &filter};
  Explanation out = detail::explain(runs, day, filter);
  if (!view.parts_only && !log.observation_rows().empty()) add_totals(log, day, filter, out);
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
