// Holding what sources say against what the rows give (muster/reconcile.hpp).
#include "muster/reconcile.hpp"

#include "muster/rules.hpp"
#include "muster/timeline.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace muster {

std::string_view to_string(Verdict v) noexcept {
  switch (v) {
    case Verdict::first: return "first";
    case Verdict::agrees: return "agrees";
    case Verdict::update: return "update";
    case Verdict::differs: return "differs";
    case Verdict::conflicts: return "conflicts";
  }
  return "?";
}

namespace {

/// The group an observation counts: its mission, its country (blank: every
/// country) and its component (blank: every component).
Filter group_of(const Event& e) {
  return Filter{std::string(e.mission), e.country,
                e.component.empty() ? std::nullopt : std::optional<std::string>(e.component)};
}

/// The seen rows that move tracks, by contingent (file order kept), and the
/// seen observations.
struct SeenRows {
  std::map<Contingent, std::vector<Event>> rows;
  std::vector<Event> observations;
};

SeenRows seen_rows(const Log& log, const Timeline& timeline) {
  SeenRows out;
  for (const Event& e : log.events()) {
    if (!timeline.sees(e) || e.kind == Kind::pledge) continue;
    if (log.is_observation(e)) out.observations.push_back(e);
    else out.rows[e.contingent()].push_back(e);
  }
  return out;
}

/// The earliest first step day of the rows of one contingent, the row that
/// has it, and the earliest first step day of any other row.
struct Earliest {
  std::size_t row = 0;  // its index
  Day first = Day::max(), second = Day::max();

  explicit Earliest(const std::vector<Event>& list) {
    for (const Event& o : list) {
      const Day d = rules::first_step_day(o);
      if (d < first) {
        second = first;
        first = d;
        row = o.index;
      } else if (d < second) {
        second = d;
      }
    }
  }
  /// Whether a row other than `e` puts a step on or before `day`.
  bool other_by(const Event& e, Day day) const { return (e.index == row ? second : first) <= day; }
};

/// The tracks just before report `e`'s set step: the state at the end of the
/// day before (from `ends`), then that day's + and - steps and the set steps
/// of earlier reports of that day only. `steps` are sorted by day.
Value tracks_before(const Event& e, const std::vector<rules::TrackStep>& steps,
                    const std::vector<rules::DayEnd>& ends) {
  const Day day = e.date.last;
  const Day before = day - date::days{1};
  std::vector<rules::TrackStep> replay;
  rules::append_seed(before, rules::value_at_end(ends, before), replay);
  const auto lo = std::lower_bound(steps.begin(), steps.end(), day,
                                   [](const rules::TrackStep& s, Day d) { return s.day < d; });
  for (auto it = lo; it != steps.end() && it->day == day; ++it)
    if (!it->set || it->order < e.index) replay.push_back(*it);
  std::vector<rules::DayEnd> replayed;
  rules::run_tracks(replay, replayed);
  return rules::value_at_end(replayed, day);
}

/// The set steps and the + and - steps of one contingent's tracks, to find
/// the report a figure is held against (muster/reconcile.hpp, FigureCheck).
class SetSteps {
 public:
  /// `steps` sorted by day, then file order (as rules::run_tracks leaves them).
  explicit SetSteps(std::span<const rules::TrackStep> steps) {
    for (const rules::TrackStep& s : steps) {
      if (!s.set) moves_.push_back(s.day);
      else if (s.track == rules::Track::estimate) sets_.push_back({s.day, s.order});
    }
  }
  /// The file order of the report whose set step gave the tracks just before
  /// the set step of the report at file order `order` on `day`, where no + or
  /// - step comes between them.
  std::optional<std::size_t> set_by(Day day, std::size_t order) const {
    const auto it = std::lower_bound(sets_.begin(), sets_.end(), Set{day, order});
    if (it == sets_.begin()) return std::nullopt;
    const Set& p = *std::prev(it);
    const auto move = std::upper_bound(moves_.begin(), moves_.end(), p.day);
    if (move != moves_.end() && *move <= day) return std::nullopt;
    return p.order;
  }

 private:
  struct Set {
    Day day;
    std::size_t order;
    auto operator<=>(const Set&) const = default;
  };
  std::vector<Set> sets_;   // by day, then file order
  std::vector<Day> moves_;  // days of + and - steps, in order
};

/// The row of `list` (file order) at file order `order`.
const Event& at_order(const std::vector<Event>& list, std::size_t order) {
  return *std::lower_bound(list.begin(), list.end(), order,
                           [](const Event& e, std::size_t o) { return e.index < o; });
}

/// The reports of one contingent, each held against the tracks just before
/// its set step. Returns the contingent's earliest step day, if any.
std::optional<Day> check_reports(const Contingent& key, const std::vector<Event>& list,
                                 const Filter& filter, std::vector<FigureCheck>& out) {
  std::vector<rules::TrackStep> steps;
  for (const Event& e : list) rules::append_steps(e, steps);
  std::vector<rules::DayEnd> ends;
  rules::run_tracks(steps, ends);  // sorts steps
  const std::optional<Day> first =
      steps.empty() ? std::nullopt : std::optional<Day>(steps.front().day);
  if (!filter.matches(key)) return first;
  const Earliest earliest{list};
  const SetSteps sets{steps};
  for (const Event& e : list) {
    if (e.kind != Kind::report) continue;
    FigureCheck f;
    f.row = e;
    f.scope = key;
    f.day = e.date.last;
    f.stated = e.value;
    f.tracks = tracks_before(e, steps, ends);
    f.nothing_before = !earliest.other_by(e, f.day);
    if (const auto by = sets.set_by(f.day, e.index)) f.set_by = at_order(list, *by);
    out.push_back(f);
  }
  return first;
}

/// An observation held against its group's strength at the end of its day.
FigureCheck check_observation(const Event& e, const Timeline& timeline,
                              const std::map<Contingent, Day>& first_day) {
  FigureCheck f;
  f.row = e;
  f.observation = true;
  f.scope = e.contingent();
  f.day = e.date.last;
  f.stated = e.value;
  // A blank component counts every component; a blank-country report that
  // names one counts that component of every country.
  const Filter group = group_of(e);
  f.tracks = timeline.strength(f.day, group);
  bool any = false;
  for (const auto& [key, day] : first_day)
    if (group.matches(key) && day <= f.day) any = true;
  f.nothing_before = !any;
  return f;
}

}  // namespace

Reconciliation reconcile(const Log& log, const View& view, const Filter& filter) {
  const Timeline timeline{log, view};
  const SeenRows seen = seen_rows(log, timeline);
  Reconciliation out;
  std::map<Contingent, Day> first_day;  // earliest step of each contingent
  for (const auto& [key, list] : seen.rows)
    if (auto d = check_reports(key, list, filter, out.figures)) first_day.emplace(key, *d);
  for (const Event& e : seen.observations)
    if (filter.matches(e.contingent())) out.figures.push_back(check_observation(e, timeline, first_day));
  std::sort(out.figures.begin(), out.figures.end(),
            [](const FigureCheck& a, const FigureCheck& b) { return a.row.index < b.row.index; });
  return out;
}

}  // namespace muster
