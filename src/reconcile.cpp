// Holding what sources say against what the rows give (muster/reconcile.hpp).
#include "muster/reconcile.hpp"

#include "muster/rules.hpp"
#include "reconcile.hpp"
#include "totals.hpp"
#include "view_runs.hpp"

#include <algorithm>
#include <cstdint>
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
    case Verdict::unattributed: return "unattributed";
  }
  return "?";
}

namespace {

/// The group an observation counts: its mission, its country (blank: every
/// country) and its component (blank: every component).
Filter group_of(const Contingent& scope) {
  return Filter{scope.mission,
                scope.country.ok() ? std::optional<Country>(scope.country) : std::nullopt,
                scope.component.empty() ? std::nullopt : std::optional<std::string>(scope.component)};
}

/// The first day on which a row of one contingent puts a step, and the
/// first row of that day in file order: the contingent's first figure
/// (cli.md, `check`: only the first row of a contingent's first day is
/// `first`; the others of that day are held against what comes before them).
struct Earliest {
  std::size_t row = 0;  // its index
  Day first = Day::max();

  Earliest(const Log& log, std::span<const std::uint32_t> list) {
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

/// The reports of one contingent's run, each held against the strength just
/// before its set step (RunTracks::before_set).
void check_reports(const detail::ViewRuns& runs, const detail::ContingentRun& run,
                   std::vector<FigureCheck>& out) {
  const Log& log = runs.log();
  const Contingent& key = log.contingents()[run.contingent];
  std::optional<Earliest> earliest;
  std::optional<SetSteps> sets;
  for (const std::uint32_t i : run.rows) {
    if (log.facts(i).kind != Kind::report) continue;
    if (!earliest) {
      earliest.emplace(log, run.rows);
      sets.emplace(runs.steps(run), [&](std::size_t i) { return log.facts(i).kind == Kind::end; });
    }
    const Event e = log.event(i);
    FigureCheck f;
    f.row = e;
    f.scope = key;
    f.day = e.date.last;
    f.stated = e.value;
    f.tracks = runs.tracks(run).before_set(f.day, e.index);
    f.nothing_before = earliest->is_first(e, f.day);
    if (const auto by = sets->set_by(f.day, e.index)) f.set_by = log.event(*by);
    out.push_back(std::move(f));
  }
}

/// The contingents of the groups that observations count, found among the
/// runs (which are in the order of Log::contingents(): by mission, country,
/// component) without a pass over every run for each group.
class Members {
 public:
  explicit Members(const detail::ViewRuns& runs) : runs_(runs.runs()), keys_(runs.log().contingents()) {}

  /// The runs of the contingents that `group` matches (Timeline::strength's
  /// contingents for that filter).
  std::vector<const detail::ContingentRun*> of(const Filter& group) {
    std::vector<const detail::ContingentRun*> out;
    const std::string& mission = *group.mission;
    auto key = [&](const detail::ContingentRun& r) -> const Contingent& { return keys_[r.contingent]; };
    auto lo = std::lower_bound(runs_.begin(), runs_.end(), mission,
                               [&](const auto& r, const std::string& m) { return key(r).mission < m; });
    auto hi = std::upper_bound(lo, runs_.end(), mission,
                               [&](const std::string& m, const auto& r) { return m < key(r).mission; });
    if (group.component && !group.country) {
      // Every country's contingents of one component: by (mission, component).
      const std::string& component = *group.component;
      if (by_component_.empty()) sort_by_component();
      const auto [b, e] = std::equal_range(
          by_component_.begin(), by_component_.end(), std::pair<std::string_view, std::string_view>(mission, component),
          [&](const auto& a, const auto& b) { return pair_of(a) < pair_of(b); });
      for (auto it = b; it != e; ++it) out.push_back(&runs_[*it]);
      std::sort(out.begin(), out.end());
      return out;
    }
    if (group.country) {
      const Country c = *group.country;
      lo = std::lower_bound(lo, hi, c, [&](const auto& r, Country x) { return key(r).country < x; });
      hi = std::upper_bound(lo, hi, c, [&](Country x, const auto& r) { return x < key(r).country; });
    }
    for (auto it = lo; it != hi; ++it)
      if (group.matches(key(*it))) out.push_back(&*it);
    return out;
  }

 private:
  void sort_by_component() {
    for (std::uint32_t k = 0; k < runs_.size(); ++k) by_component_.push_back(k);
    std::sort(by_component_.begin(), by_component_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return pair_of(a) < pair_of(b); });
  }
  std::pair<std::string_view, std::string_view> pair_of(std::uint32_t k) const {
    const Contingent& c = keys_[runs_[k].contingent];
    return {c.mission, c.component};
  }
  static const std::pair<std::string_view, std::string_view>& pair_of(
      const std::pair<std::string_view, std::string_view>& p) {
    return p;
  }

  std::span<const detail::ContingentRun> runs_;
  std::span<const Contingent> keys_;
  std::vector<std::uint32_t> by_component_;
};

/// The observations of one group, each held against the group's strength at
/// the end of its day: the changes of its contingents' tracks, merged once
/// and summed in day order.
void check_group(const detail::ViewRuns& runs, const std::vector<const detail::ContingentRun*>& members,
                 const std::vector<std::uint32_t>& rows, std::vector<FigureCheck>& out) {
  const Log& log = runs.log();
  Day first = Day::max();
  for (const detail::ContingentRun* r : members) first = std::min(first, runs.tracks(*r).first_day());
  // In order of their days (file order within one), as the sum is read.
  std::vector<std::pair<Day, std::uint32_t>> by_day;
  for (const std::uint32_t i : rows) by_day.emplace_back(log.facts(i).date.last, i);
  std::sort(by_day.begin(), by_day.end());
  detail::GroupSum sum(runs, members);
  for (const auto& [day, i] : by_day) {
    const Event e = log.event(i);
    FigureCheck f;
    f.row = e;
    f.observation = true;
    f.scope = e.contingent();
    f.day = day;
    f.stated = e.value;
    f.tracks = sum.at(day);
    f.nothing_before = first > day;
    out.push_back(std::move(f));
  }
}

/// Spec section 8 for every observation of `out` (the view asks for totals):
/// which are kept, and what each kept one's parts cannot account for.
void judge_by_totals(const detail::ViewRuns& runs, std::vector<FigureCheck>& out) {
  const Log& log = runs.log();
  // A conflict's rows as positions while the engine lives, as events once it
  // is gone: the two are never held at once (on a large log both are tens of
  // megabytes).
  std::vector<std::vector<std::uint32_t>> against(out.size());
  {
    const detail::Totals totals{runs};
    for (std::size_t i = 0; i < out.size(); ++i) {
      FigureCheck& f = out[i];
      if (!f.observation) continue;
      const detail::Totals::Outcome* o = totals.outcome(static_cast<std::uint32_t>(f.row.index));
      if (!o) continue;
      TotalsOutcome t;
      t.kept = o->kept;
      if (o->kept) t.unattributed = totals.unattributed_least(*o);
      else against[i] = totals.against(*o);
      f.totals = std::move(t);
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (against[i].empty()) continue;
    std::vector<Event>& events = out[i].totals->against;
    events.reserve(against[i].size());
    for (const std::uint32_t row : against[i]) events.push_back(log.event(row));
    std::vector<std::uint32_t>().swap(against[i]);
  }
}

}  // namespace

namespace detail {

Reconciliation reconcile(const ViewRuns& runs, const Filter& filter) {
  const Log& log = runs.log();
  Reconciliation out;
  std::size_t figures = runs.observations().size();
  for (const ContingentRun& r : runs.runs())
    for (const std::uint32_t i : r.rows) figures += log.facts(i).kind == Kind::report;
  out.figures.reserve(figures);
  for (const ContingentRun& r : runs.runs())
    if (filter.matches(log.contingents()[r.contingent])) check_reports(runs, r, out.figures);
  // Observations by the group they count (a blank component counts every
  // component; a blank-country report that names one counts that component
  // of every country), each group summed once.
  std::map<Contingent, std::vector<std::uint32_t>> groups;
  for (const std::uint32_t i : runs.observations()) {
    const Contingent& scope = log.contingents()[log.facts(i).contingent];
    if (filter.matches(scope)) groups[scope].push_back(i);
  }
  Members members(runs);
  for (const auto& [scope, rows] : groups)
    check_group(runs, members.of(group_of(scope)), rows, out.figures);
  const auto by_row = [](const FigureCheck& a, const FigureCheck& b) { return a.row.index < b.row.index; };
  if (!std::is_sorted(out.figures.begin(), out.figures.end(), by_row))
    std::sort(out.figures.begin(), out.figures.end(), by_row);
  if (!runs.view().parts_only && !groups.empty()) judge_by_totals(runs, out.figures);
  return out;
}

}  // namespace detail

Reconciliation reconcile(const Log& log, const Filter& filter, const Vantage& view) {
  const detail::ViewRuns runs{log, view};
  return detail::reconcile(runs, filter);
}

}  // namespace muster
