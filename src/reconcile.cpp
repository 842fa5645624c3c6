// Holding what sources say against what the rows give (muster/reconcile.hpp).
#include "muster/reconcile.hpp"

#include "muster/rules.hpp"
#include "muster/timeline.hpp"

#include <algorithm>
#include <cstdint>
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

/// The seen rows that move tracks, by contingent (a position in the log's
/// contingents(), file order kept), and the seen observations: row
/// positions, so that an Event is built only for a figure held.
struct SeenRows {
  std::vector<std::vector<std::uint32_t>> rows;
  std::vector<std::uint32_t> observations;
};

SeenRows seen_rows(const Log& log, const Timeline& timeline) {
  SeenRows out;
  out.rows.resize(log.contingents().size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (!timeline.sees(i)) continue;
    const Log::RowFacts f = log.facts(i);
    if (f.kind == Kind::pledge) continue;
    if (f.observation) out.observations.push_back(static_cast<std::uint32_t>(i));
    else if (f.kind != Kind::end) out.rows[f.contingent].push_back(static_cast<std::uint32_t>(i));
  }
  // An end's steps go to the contingents of its scope with rows of their own
  // (in file order among them, as rules::run_tracks takes a day's set steps).
  for (const std::uint32_t i : log.end_rows()) {
    if (!timeline.sees(i)) continue;
    for (const std::uint32_t c : log.end_scope(i)) {
      auto& list = out.rows[c];
      if (list.empty()) continue;
      list.insert(std::upper_bound(list.begin(), list.end(), i), i);
    }
  }
  return out;
}

/// The first day on which a row of one contingent puts a step, and the
/// first row of that day in file order: the contingent's first figure
/// (cli.md, `check`: only the first row of a contingent's first day is
/// `first`; the others of that day are held against what comes before them).
struct Earliest {
  std::size_t row = 0;  // its index
  Day first = Day::max();

  Earliest(const Log& log, const std::vector<std::uint32_t>& list) {
    for (const std::uint32_t i : list) {  // in file order
      const Log::RowFacts f = log.facts(i);
      const Day d = rules::first_step_day(f.kind, f.date);
      if (d < first) {
        first = d;
        row = i;
      }
    }
  }
  /// Whether report `e`, held at the end of `day`, is the contingent's first figure.
  bool is_first(const Event& e, Day day) const { return e.index == row && day == first; }
};

/// The tracks just before report `e`'s set step: the state at the end of the
/// day before (from `ends`), then that day's + and - steps and the set steps
/// of earlier reports of that day only. `steps` are sorted by day.
Value tracks_before(const Event& e, const std::vector<rules::TrackStep>& steps,
                    const std::vector<rules::DayEnd>& ends) {
  const Day day = e.date.last;
  const Day before = day - date::days{1};
  std::vector<rules::TrackStep> replay;
  rules::append_seed(before, rules::tracks_at_end(ends, before), replay);
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
  /// An end's set steps (`is_end` of its order) set the tracks but are no
  /// report's figure: a report after one is held against them, never an
  /// update of it.
  template <class IsEnd>
  SetSteps(std::span<const rules::TrackStep> steps, IsEnd&& is_end) {
    for (const rules::TrackStep& s : steps) {
      if (!s.set) moves_.push_back(s.day);
      else if (s.track == rules::Track::estimate) sets_.push_back({s.day, s.order, is_end(s.order)});
    }
  }
  /// The file order of the report whose set step gave the tracks just before
  /// the set step of the report at file order `order` on `day`, where no + or
  /// - step comes between them.
  std::optional<std::size_t> set_by(Day day, std::size_t order) const {
    const auto it = std::lower_bound(sets_.begin(), sets_.end(), Set{day, order});
    if (it == sets_.begin()) return std::nullopt;
    const Set& p = *std::prev(it);
    if (p.end) return std::nullopt;
    const auto move = std::upper_bound(moves_.begin(), moves_.end(), p.day);
    if (move != moves_.end() && *move <= day) return std::nullopt;
    return p.order;
  }

 private:
  struct Set {
    Day day;
    std::size_t order;
    bool end = false;
    auto operator<=>(const Set&) const = default;
  };
  std::vector<Set> sets_;   // by day, then file order
  std::vector<Day> moves_;  // days of + and - steps, in order
};

/// The reports of one contingent, each held against the tracks just before
/// its set step. Returns the contingent's earliest step day, if any.
std::optional<Day> check_reports(const Log& log, const Contingent& key,
                                 const std::vector<std::uint32_t>& list, const Filter& filter,
                                 std::vector<FigureCheck>& out) {
  std::vector<rules::TrackStep> steps;
  for (const std::uint32_t i : list) {
    const Log::RowFacts f = log.facts(i);
    rules::append_steps(f.kind, f.date, f.value, i, steps);
  }
  std::vector<rules::DayEnd> ends;
  rules::run_tracks(steps, ends);  // sorts steps
  const std::optional<Day> first =
      steps.empty() ? std::nullopt : std::optional<Day>(steps.front().day);
  if (!filter.matches(key)) return first;
  std::optional<Earliest> earliest;
  std::optional<SetSteps> sets;
  for (const std::uint32_t i : list) {
    if (log.facts(i).kind != Kind::report) continue;
    if (!earliest) {
      earliest.emplace(log, list);
      sets.emplace(steps, [&](std::size_t i) { return log.facts(i).kind == Kind::end; });
    }
    const Event e = log.event(i);
    FigureCheck f;
    f.row = e;
    f.scope = key;
    f.day = e.date.last;
    f.stated = e.value;
    f.tracks = tracks_before(e, steps, ends);
    f.nothing_before = earliest->is_first(e, f.day);
    if (const auto by = sets->set_by(f.day, e.index)) f.set_by = log.event(*by);
    out.push_back(std::move(f));
  }
  return first;
}

/// An observation held against its group's strength at the end of its day;
/// `first_day` holds the earliest step of each contingent that has one.
FigureCheck check_observation(const Event& e, const Timeline& timeline,
                              const std::vector<std::pair<Contingent, Day>>& first_day) {
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
  std::vector<std::pair<Contingent, Day>> first_day;  // earliest step of each contingent
  const std::span<const Contingent> keys = log.contingents();
  for (std::size_t k = 0; k < keys.size(); ++k)
    if (!seen.rows[k].empty())
      if (auto d = check_reports(log, keys[k], seen.rows[k], filter, out.figures))
        first_day.emplace_back(keys[k], *d);
  for (const std::uint32_t i : seen.observations) {
    const Event e = log.event(i);
    if (filter.matches(e.contingent())) out.figures.push_back(check_observation(e, timeline, first_day));
  }
  std::sort(out.figures.begin(), out.figures.end(),
            [](const FigureCheck& a, const FigureCheck& b) { return a.row.index < b.row.index; });
  return out;
}

}  // namespace muster
