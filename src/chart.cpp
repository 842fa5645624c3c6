// The chart (muster/chart.hpp): what to draw is gathered from the timeline,
// the rules and reconcile, then drawn by the one SVG writer (markup.hpp).
#include "muster/chart.hpp"

#include "markup.hpp"
#include "muster/format.hpp"
#include "muster/reconcile.hpp"
#include "muster/rules.hpp"
#include "muster/timeline.hpp"
#include "reconcile.hpp"
#include "view_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <locale>
#include <map>
#include <set>
#include <stdexcept>

namespace muster {
namespace {

constexpr std::size_t ids_shown = 8;  // ids named in a tooltip, then "and N more"
constexpr std::size_t marks_drawn = 250;  // observations, and conflicts, drawn at most

// The ids of the rows whose steps fall on one day of one group.
struct RowsOfDay {
  std::vector<std::string_view> ids;
  std::size_t count = 0;
};

// One line of the chart: a group (or "others") and its points.
struct Line {
  Contingent key;
  std::string label;
  bool others = false;
  bool unattributed = false;         // only unattributed personnel (spec section 8)
  std::vector<Day> days;             // the points, from `from`, in order
  std::vector<Value> values;         // as seen by the chart's vantage
  std::vector<Value> confirmed;      // without planned rows (only with include_planned)
  std::vector<std::string> rows;     // the rows behind each point, for its tooltip
  Count peak = 0;
};

// A figure held against the tracks, drawn as a point.
struct Mark {
  Day day;
  Value stated;
  std::string tooltip;
  bool observation = false;
  bool conflict = false;
};

// An end (spec version 1.2: a mission closed, a country withdrawn), drawn
// as a mark on the time axis.
struct EndMark {
  Day day;
  std::string tooltip;
};

struct Pledge {
  std::size_t line;  // index into the lines
  Day from;
  Count pledged;
  std::string id;
};

struct Picture {
  std::vector<Line> lines;
  std::vector<Mark> marks;
  std::vector<EndMark> ends;
  std::vector<Pledge> pledges;
  Count top = 0;  // the largest count drawn
  std::size_t marks_left_out = 0;
};

bool unknown_size(const Value& v) { return v.size_unknown(); }
// Nobody there (exactly 0): drawn as nothing, on the axis.
bool nobody(const Value& v) { return v.none(); }

std::string group_label(const Contingent& k, GroupBy by) {
  switch (by) {
    case GroupBy::country: return std::string(k.country.code());
    case GroupBy::mission: return k.mission;
    case GroupBy::component: return k.component.empty() ? "(unspecified)" : k.component;
    case GroupBy::contingent: return contingent_text(k);
    case GroupBy::total: return "total";
  }
  return {};
}

// A tooltip's value: the table's text (format.hpp), a size nobody knows in words.
std::string tip_value(const Value& v) { return unknown_size(v) ? "size unknown" : value_text(v); }

// The ids of the rows behind each group's change days: every seen arrival,
// departure and report of the filter, at each day it puts a step, and every
// seen end on each group of a contingent of its scope.
std::map<Contingent, std::map<Day, RowsOfDay>> rows_by_day(const detail::ViewRuns& runs,
                                                           const ChartOptions& o) {
  const Log& log = runs.log();
  std::map<Contingent, std::map<Day, RowsOfDay>> out;
  std::vector<rules::TrackStep> steps;
  const std::span<const Contingent> keys = log.contingents();
  std::vector<Contingent> targets;
  for (std::size_t i = 0; i < log.size(); ++i) {  // in file order: the ids a point names first
    if (!runs.sees(i)) continue;
    const Log::RowFacts f = log.facts(i);
    if (f.kind == Kind::pledge || f.observation) continue;
    // The groups it puts steps on: its contingent's, or an end's, each
    // group of a contingent of its scope once.
    targets.clear();
    if (f.kind == Kind::end) {
      for (const std::uint32_t c : log.end_scope(i))
        if (o.filter.matches(keys[c])) targets.push_back(group_key(keys[c], o.by));
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    } else if (o.filter.matches(keys[f.contingent])) {
      targets.push_back(group_key(keys[f.contingent], o.by));
    }
    if (targets.empty()) continue;
    const std::string_view id = log.event(i).id;
    steps.clear();
    rules::append_steps(f.kind, f.date, f.value, i, steps);
    for (const Contingent& group : targets) {
      auto& days = out[group];
      Day last{};
      for (const auto& s : steps) {
        if (s.day == last || s.day > o.to) continue;
        last = s.day;
        RowsOfDay& r = days[s.day];
        if (r.ids.size() < ids_shown && (r.ids.empty() || r.ids.back() != id)) r.ids.push_back(id);
        ++r.count;
      }
    }
  }
  return out;
}

std::string rows_text(const std::map<Day, RowsOfDay>& days, Day after, Day upto, bool first) {
  auto it = first ? days.begin() : days.upper_bound(after);
  std::vector<std::string_view> ids;
  std::size_t count = 0;
  if (first) {  // the first point: the rows of the latest change on or before it
    auto at = days.upper_bound(upto);
    if (at == days.begin()) return "no rows";
    it = std::prev(at);
  }
  for (; it != days.end() && it->first <= upto; ++it) {
    for (auto id : it->second.ids)
      if (ids.size() < ids_shown) ids.push_back(id);
    count += it->second.count;
  }
  if (count == 0) return "no change";
  std::string s = fmt::format("rows: {}", fmt::join(ids, ", "));
  if (count > ids.size()) s += fmt::format(" and {} more", count - ids.size());
  return s;
}

// The days drawn: the sample days, or `from` and every change day after it.
std::vector<Day> days_drawn(const ChartOptions& o,
                            const std::map<Contingent, std::map<Day, RowsOfDay>>& rows) {
  if (o.step) return sample_days(o.from, o.to, *o.step);
  std::vector<Day> days{o.from};
  for (const auto& [key, by_day] : rows)
    for (auto it = by_day.upper_bound(o.from); it != by_day.end() && it->first <= o.to; ++it)
      days.push_back(it->first);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

// With totals (spec section 8), the days of the seen observations too: a
// total narrows its parts, and counts unattributed personnel, from its day.
// Returns the missions of the seen observations of a whole mission that
// the filter keeps (whose own unattributed personnel a breakdown by country
// keys with a blank country).
std::set<std::string> add_observation_days(const Log& log, const Timeline& t, const ChartOptions& o,
                                           std::vector<Day>& days) {
  std::set<std::string> missions;
  if (o.view.parts_only) return missions;
  for (const Event& e : log.events()) {
    if (!log.is_observation(e) || !t.sees(e)) continue;
    if (!e.country && (!o.filter.mission || o.filter.mission.contains(std::string(e.mission))))
      missions.emplace(e.mission);
    if (!o.step && e.date.last > o.from && e.date.last <= o.to) days.push_back(e.date.last);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return missions;
}

// Each group's value on each drawn day, from one timeline; `unattributed`
// (where given) gets the keys of the groups of only unattributed personnel.
std::map<Contingent, std::vector<Value>> values_on(const Timeline& t, const ChartOptions& o,
                                                   const std::vector<Day>& days,
                                                   std::set<Contingent>* unattributed = nullptr) {
  std::map<Contingent, std::vector<Value>> out;
  for (std::size_t i = 0; i < days.size(); ++i)
    for (const Group& g : t.strength_by(o.by, days[i], o.filter)) {
      auto& v = out[g.key];
      v.resize(days.size());
      v[i] = g.value;
      if (unattributed && g.unattributed) unattributed->insert(g.key);
    }
  return out;
}

// The groups kept (the largest), the rest summed as "others".
void keep_largest(std::vector<Line>& lines, std::size_t most) {
  if (lines.size() <= most) return;
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.peak > b.peak; });
  Line others;
  others.label = fmt::format("others ({} groups)", lines.size() - (most - 1));
  others.others = true;
  others.days = lines.front().days;
  others.values.assign(others.days.size(), Value{});
  others.confirmed.assign(lines.front().confirmed.size(), Value{});
  others.rows.assign(others.days.size(), "the rows of every group summed here");
  for (std::size_t k = most - 1; k < lines.size(); ++k)
    for (std::size_t i = 0; i < others.days.size(); ++i) {
      others.values[i] += lines[k].values[i];
      if (!others.confirmed.empty()) others.confirmed[i] += lines[k].confirmed[i];
    }
  lines.resize(most - 1);
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.key < b.key; });
  lines.push_back(std::move(others));
}

// Consecutive equal points merged (the last point stays, so the line reaches `to`).
void merge_equal(Line& l) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < l.days.size(); ++i) {
    const bool same = kept > 0 && i + 1 < l.days.size() && l.values[i] == l.values[kept - 1] &&
                      (l.confirmed.empty() || l.confirmed[i] == l.confirmed[kept - 1]);
    if (same) continue;
    if (kept != i) {  // a string moved onto itself is left empty: a point lost its rows
      l.days[kept] = l.days[i];
      l.values[kept] = l.values[i];
      if (!l.confirmed.empty()) l.confirmed[kept] = l.confirmed[i];
      l.rows[kept] = std::move(l.rows[i]);
    }
    ++kept;
  }
  l.days.resize(kept);
  l.values.resize(kept);
  l.rows.resize(kept);
  if (!l.confirmed.empty()) l.confirmed.resize(kept);
}

Count drawn_top(const Value& v) {
  return std::max({v.estimate, v.low, v.bounded() ? v.high : Count{0}});
}

std::vector<Line> gather_lines(const Log& log, const Timeline& t, const detail::ViewRuns& runs,
                               const ChartOptions& o) {
  const auto rows = rows_by_day(runs, o);
  std::vector<Day> days = days_drawn(o, rows);
  const std::set<std::string> observed_missions = add_observation_days(log, t, o, days);
  std::set<Contingent> unattributed;
  const auto values = values_on(t, o, days, &unattributed);
  std::map<Contingent, std::vector<Value>> confirmed;
  if (o.view.include_planned)
    confirmed = values_on(Timeline{log, {o.view.as_of, false, o.view.parts_only}, o.stale_after}, o, days);
  static const std::map<Day, RowsOfDay> no_rows;
  std::vector<Line> lines;
  for (const auto& [key, vals] : values) {
    Line l;
    l.key = key;
    l.label = group_label(key, o.by);
    l.unattributed = unattributed.contains(key);
    // `MSS unattributed`, `MSS/KEN unattributed`, `KEN unattributed`; by
    // country, a mission's own where one mission has them, else `unattributed`
    // (as a table names them).
    if (l.unattributed && o.by == GroupBy::component) l.label.clear();  // not `(unspecified)`
    if (l.unattributed && l.label.empty() && o.by == GroupBy::country && observed_missions.size() == 1)
      l.label = *observed_missions.begin();
    if (l.unattributed) l.label = l.label.empty() ? "unattributed" : l.label + " unattributed";
    l.days = days;
    l.values = vals;
    if (o.view.include_planned) {
      auto it = confirmed.find(key);
      l.confirmed = it != confirmed.end() ? it->second : std::vector<Value>(days.size());
    }
    const auto r = rows.find(key);
    const auto& by_day = r != rows.end() ? r->second : no_rows;
    for (std::size_t i = 0; i < days.size(); ++i) {
      if (l.unattributed) l.rows.emplace_back("what the totals count beyond every contingent");
      else l.rows.push_back(rows_text(by_day, i ? days[i - 1] : days[i], days[i], i == 0));
      l.peak = std::max(l.peak, vals[i].estimate);
    }
    lines.push_back(std::move(l));
  }
  keep_largest(lines, std::max<std::size_t>(o.max_groups, 2));
  for (Line& l : lines) merge_equal(l);
  return lines;
}

// Observations, and the reports that conflict, as points.
std::vector<Mark> gather_marks(const detail::ViewRuns& runs, const ChartOptions& o) {
  const Reconciliation r = detail::reconcile(runs, o.filter);
  std::vector<Mark> marks;
  auto add = [&](const Event& row, Day day, const Value& stated, const Value& against, bool obs,
                 bool conflict) {
    if (day < o.from || day > o.to || unknown_size(stated)) return;
    std::string tip = fmt::format("{} · {} {} · {} · row {}", to_string(day),
                                  obs ? "observation" : "report", scope_text(row.contingent(), obs),
                                  tip_value(stated), row.id);
    if (conflict) tip += fmt::format(" · conflicts: the other rows give {}", tip_value(against));
    marks.push_back({day, stated, std::move(tip), obs, conflict});
  };
  for (const FigureCheck& f : r.figures) {
    const bool conflict = f.verdict() == Verdict::conflicts;
    if (f.observation || conflict) add(f.row, f.day, f.stated, f.tracks, f.observation, conflict);
  }
  return marks;
}

// The seen ends in the span that set a contingent of the filter to 0.
std::vector<EndMark> gather_ends(const detail::ViewRuns& runs, const ChartOptions& o) {
  const Log& log = runs.log();
  std::vector<EndMark> out;
  const std::span<const Contingent> keys = log.contingents();
  for (const std::uint32_t i : runs.ends()) {
    const Log::RowFacts f = log.facts(i);
    if (f.date.first < o.from || f.date.first > o.to) continue;
    const auto scope = log.end_scope(i);
    if (std::none_of(scope.begin(), scope.end(), [&](std::uint32_t c) { return o.filter.matches(keys[c]); }))
      continue;
    const Event e = log.event(i);
    out.push_back({f.date.first, fmt::format("{} · end of {}: no one from then on · row {}",
                                             to_string(e.date), scope_text(e.contingent(), true), e.id)});
    if (out.size() == marks_drawn) break;
  }
  return out;
}

// At most `most` marks of each kind (conflicts, other observations), taken
// evenly across the span, so that a large log still gives a small picture;
// how many were left out is said in the legend.
std::size_t thin_marks(std::vector<Mark>& marks, std::size_t most) {
  std::vector<Mark> conflicts, others;
  for (Mark& m : marks) (m.conflict ? conflicts : others).push_back(std::move(m));
  std::size_t left_out = 0;
  auto thin = [&](std::vector<Mark>& v) {
    if (v.size() <= most) return;
    std::vector<Mark> kept;
    for (std::size_t k = 0; k < most; ++k) kept.push_back(std::move(v[k * v.size() / most]));
    left_out += v.size() - most;
    v = std::move(kept);
  };
  thin(conflicts);
  thin(others);
  marks = std::move(others);
  for (Mark& m : conflicts) marks.push_back(std::move(m));
  return left_out;
}

std::vector<Pledge> gather_pledges(const Timeline& t, const ChartOptions& o,
                                   const std::vector<Line>& lines) {
  std::vector<Pledge> out;
  for (const PledgeStatus& p : t.pledges(o.to, o.filter)) {
    if (!p.pledge || unknown_size(p.pledge->value)) continue;
    const Contingent g = group_key(p.key, o.by);
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (!lines[i].others && lines[i].key == g)
        out.push_back({i, std::max(o.from, p.pledge->date.first), p.pledge->value.estimate,
                       std::string(p.pledge->id)});
  }
  return out;
}

Picture gather(const Log& log, const ChartOptions& o) {
  Picture p;
  const Timeline t{log, o.view, o.stale_after};  // one index for the lines and the pledges
  const detail::ViewRuns runs{log, o.view};  // the rows behind the lines, and the marks
  p.lines = gather_lines(log, t, runs, o);
  p.marks = gather_marks(runs, o);
  p.marks_left_out = thin_marks(p.marks, marks_drawn);
  p.ends = gather_ends(runs, o);
  p.pledges = gather_pledges(t, o, p.lines);
  for (const Line& l : p.lines)
    for (std::size_t i = 0; i < l.values.size(); ++i) {
      p.top = std::max(p.top, drawn_top(l.values[i]));
      if (!l.confirmed.empty()) p.top = std::max(p.top, drawn_top(l.confirmed[i]));
    }
  for (const Mark& m : p.marks) p.top = std::max(p.top, drawn_top(m.stated));
  for (const Pledge& pl : p.pledges) p.top = std::max(p.top, pl.pledged);
  return p;
}

// --- Drawing ---------------------------------------------------------------------

constexpr std::array<std::string_view, 12> palette = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
    "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f", "#393b79", "#637939"};

// Where things go: days across, counts up.
struct Scale {
  double left = 70, top = 40, width = 0, height = 0;
  Day from{}, to{};
  Count max = 10;
  double x(Day d) const {
    const double span = std::max<double>(1, (to - from).count());
    return left + width * static_cast<double>((d - from).count()) / span;
  }
  double y(Count v) const {
    return top + height - height * static_cast<double>(std::min(v, max)) / static_cast<double>(max);
  }
};

// A round step for about five ticks up to `top`, and the axis' top.
std::pair<Count, Count> count_ticks(Count top) {
  top = std::max<Count>(top, 10);
  const double raw = static_cast<double>(top) / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  Count step = 0;
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (f * mag >= raw) {
      step = static_cast<Count>(f * mag);
      break;
    }
  step = std::max<Count>(step, 1);
  return {step, (top + step - 1) / step * step};
}

// The date axis' labels: 11px text, each estimated (conservatively, for any
// sans-serif face) at 0.7em a character, and at least a gap apart.
constexpr double axis_font_size = 11;
constexpr double label_em_per_char = 0.7;
constexpr double label_gap = 8;  // pixels between two labels, at least

double label_width(std::string_view label) {
  return static_cast<double>(label.size()) * label_em_per_char * axis_font_size;
}

using Ticks = std::vector<std::pair<Day, std::string>>;

// One spacing of the date axis: every `days` days from the first day (days,
// weeks, fortnights), or on the first of every `months` months (months, two
// months, quarters, halves) or of January of every `years` years, as the
// calendar falls.
struct TickStep {
  int days = 0, months = 0, years = 0;
  double shortest() const { return days ? days : months ? 28.0 * months : 365.0 * years; }  // in days
};

Ticks ticks_of(TickStep step, Day from, Day to) {
  Ticks ticks;
  if (step.days) {
    for (Day d = from; d <= to; d += date::days{step.days})
      ticks.emplace_back(d, fmt::format("{} {}", static_cast<unsigned>(d.ymd().day()),
                                        date::format(std::locale::classic(), "%b", d.sys())));
  } else if (step.months) {
    const date::year_month_day a = from.ymd();
    const int first = (static_cast<int>(static_cast<unsigned>(a.month())) - 1) / step.months * step.months + 1;
    for (date::year_month ym{a.year(), date::month{static_cast<unsigned>(first)}};; ym += date::months{step.months}) {
      const Day d{ym / 1};
      if (d > to) break;
      if (d >= from) ticks.emplace_back(d, date::format(std::locale::classic(), "%b %Y", d.sys()));
    }
  } else {
    const int a = static_cast<int>(from.ymd().year());
    const int first = a - ((a % step.years) + step.years) % step.years;  // a multiple of the step
    for (int y = first; y <= static_cast<int>(date::year::max()); y += step.years) {
      const Day d{date::year{y} / 1 / 1};
      if (d > to) break;
      if (d >= from) ticks.emplace_back(d, fmt::format("{}", y));
    }
  }
  return ticks;
}

// Whether no two consecutive labels (centred on their ticks) come closer than the gap.
bool labels_fit(const Ticks& ticks, double pixels_per_day) {
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    const double apart = pixels_per_day * static_cast<double>((ticks[i].first - ticks[i - 1].first).count());
    if (apart < (label_width(ticks[i - 1].second) + label_width(ticks[i].second)) / 2 + label_gap) return false;
  }
  return true;
}

// The date axis' ticks: the finest spacing (days, weeks, months, quarters,
// years, then 2, 5, 10, 20, 50... years) whose labels fit between the ticks
// at this width (years alone only where months do not fit). Where that
// leaves fewer than two ticks in the span: its first and last day, as dates.
Ticks date_ticks(Day from, Day to, double width) {
  const auto span = (to - from).count();
  if (span <= 0) return {{from, to_string(from)}};
  const double per_day = width / static_cast<double>(span);
  std::vector<TickStep> steps = {{.days = 1}, {.days = 2}, {.days = 7}, {.days = 14},
                                 {.months = 1}, {.months = 2}, {.months = 3}, {.months = 6}};
  for (int years = 1; years <= 1000; years *= 10)
    for (int f : {1, 2, 5}) steps.push_back({.years = years * f});
  const double narrowest = label_width("0") + label_gap;  // no label is narrower
  for (const TickStep& step : steps) {
    if (step.shortest() * per_day < narrowest) continue;  // too close for any label
    Ticks ticks = ticks_of(step, from, to);
    if (!labels_fit(ticks, per_day)) continue;
    if (ticks.size() >= 2) return ticks;
    break;
  }
  return {{from, to_string(from)}, {to, to_string(to)}};
}

void draw_axes(detail::SvgWriter& w, const Scale& s, Count step, const ChartOptions& o) {
  using detail::coordinate;
  w.open("g", {{"class", "axes"}, {"font-size", coordinate(axis_font_size)}, {"fill", "#333"}});
  for (Count v = 0; v <= s.max; v += step) {
    const std::string y = coordinate(s.y(v));
    w.empty("line", {{"x1", coordinate(s.left)}, {"x2", coordinate(s.left + s.width)}, {"y1", y},
                     {"y2", y}, {"stroke", v == 0 ? "#333" : "#ddd"}});
    w.element("text", {{"x", coordinate(s.left - 6)}, {"y", coordinate(s.y(v) + 4)}, {"text-anchor", "end"}},
              with_thousands(v));
  }
  for (const auto& [d, label] : date_ticks(o.from, o.to, s.width)) {
    const std::string x = coordinate(s.x(d));
    w.empty("line", {{"x1", x}, {"x2", x}, {"y1", coordinate(s.top + s.height)},
                     {"y2", coordinate(s.top + s.height + 5)}, {"stroke", "#333"}});
    w.element("text", {{"x", x}, {"y", coordinate(s.top + s.height + 18)}, {"text-anchor", "middle"}},
              label);
  }
  w.element("text", {{"x", coordinate(s.left)}, {"y", coordinate(s.top + s.height + 36)}},
            fmt::format("{} to {} · personnel at the end of each day", to_string(o.from), to_string(o.to)));
  w.close();
}

// The x of point i's interval end: the next point, or the chart's end.
double interval_end(const Line& l, std::size_t i, const Scale& s) {
  return i + 1 < l.days.size() ? s.x(l.days[i + 1]) : s.x(s.to);
}

// The ranges: a band from low to high; unbounded, a hatched band to the top
// edge marked "size unknown".
void draw_bands(detail::SvgWriter& w, const Line& l, const Scale& s, std::string_view colour,
                bool stepped, std::size_t row) {
  using detail::coordinate;
  for (std::size_t i = 0; i < l.days.size(); ++i) {
    const Value& v = l.values[i];
    if (v.bounded() && v.low == v.high) continue;
    const double x0 = s.x(l.days[i]), x1 = stepped ? interval_end(l, i, s) : x0;
    const double yl = s.y(v.low), yh = v.bounded() ? s.y(v.high) : s.top;
    const std::string tip = fmt::format("{} · {} · {}", to_string(l.days[i]), l.label,
                                        v.bounded() ? tip_value(v) : fmt::format("size unknown: {}", tip_value(v)));
    if (!stepped && i + 1 >= l.days.size()) continue;
    w.open("g", {{"class", v.bounded() ? "range" : "range unknown"}, {"data-group", l.label}});
    w.element("title", {}, tip);
    if (stepped) {
      w.empty("rect", {{"x", coordinate(x0)}, {"y", coordinate(yh)}, {"width", coordinate(std::max(x1 - x0, 0.5))},
                       {"height", coordinate(std::max(yl - yh, 0.5))}, {"fill", colour},
                       {"fill-opacity", v.bounded() ? "0.18" : "0.03"}});
      if (!v.bounded())
        w.empty("rect", {{"x", coordinate(x0)}, {"y", coordinate(yh)}, {"width", coordinate(std::max(x1 - x0, 0.5))},
                         {"height", coordinate(std::max(yl - yh, 0.5))}, {"fill", "url(#hatch)"}, {"opacity", "0.15"}});
    } else {
      const Value& n = l.values[i + 1];
      const double xn = s.x(l.days[i + 1]);
      const double ynh = n.bounded() ? s.y(n.high) : s.top;
      w.empty("polygon", {{"points", fmt::format("{},{} {},{} {},{} {},{}", coordinate(x0), coordinate(yh),
                                                 coordinate(xn), coordinate(ynh), coordinate(xn),
                                                 coordinate(s.y(n.low)), coordinate(x0), coordinate(yl))},
                          {"fill", v.bounded() ? colour : "url(#hatch)"},
                          {"fill-opacity", v.bounded() ? "0.18" : "1"}});
    }
    const bool run_starts = i == 0 || l.values[i - 1].bounded();
    if (!v.bounded() && run_starts)
      w.element("text", {{"class", "unknown-label"}, {"x", coordinate(std::min(x0 + 4, s.left + s.width - 110))},
                         {"y", coordinate(s.top + 12 + 13 * static_cast<double>(row % 8))},
                         {"font-size", "11"}, {"fill", colour}},
                fmt::format("{}: size unknown", l.label));
    w.close();
  }
}

// The estimate as a path through the points `keep` selects, broken where
// the size is unknown (a size nobody gave is not drawn as 0).
std::string estimate_path(const Line& l, const Scale& s, bool stepped, const std::vector<Value>& vals,
                          const std::vector<bool>& keep) {
  using detail::coordinate;
  std::string d;
  bool pen = false;
  for (std::size_t i = 0; i < l.days.size(); ++i) {
    if (!keep[i] || unknown_size(vals[i]) || nobody(vals[i])) {
      pen = false;
      continue;
    }
    const std::string x = coordinate(s.x(l.days[i])), y = coordinate(s.y(vals[i].estimate));
    if (!pen) d += fmt::format("{}{} {}", d.empty() ? "M" : " M", x, y);
    else if (stepped) d += fmt::format(" V{}", y);
    else d += fmt::format(" L{} {}", x, y);
    if (stepped) d += fmt::format(" H{}", coordinate(interval_end(l, i, s)));
    pen = true;
  }
  return d;
}

void draw_line(detail::SvgWriter& w, const Line& l, const Scale& s, std::string_view colour, bool stepped,
               std::size_t row) {
  using detail::coordinate;
  draw_bands(w, l, s, colour, stepped, row);
  const std::size_t n = l.days.size();
  std::vector<bool> all(n, true), planned(n, false);
  const std::vector<Value>& solid = l.confirmed.empty() ? l.values : l.confirmed;
  for (std::size_t i = 0; i < n && !l.confirmed.empty(); ++i) planned[i] = !(l.values[i] == l.confirmed[i]);
  w.empty("path", {{"class", "estimate"}, {"data-group", l.label}, {"d", estimate_path(l, s, stepped, solid, all)},
                   {"fill", "none"}, {"stroke", colour}, {"stroke-width", "2"}});
  if (!l.confirmed.empty())
    w.empty("path", {{"class", "estimate planned"}, {"data-group", l.label},
                     {"d", estimate_path(l, s, stepped, l.values, planned)}, {"fill", "none"},
                     {"stroke", colour}, {"stroke-width", "2"}, {"stroke-dasharray", "6 4"}});
  for (std::size_t i = 0; i < n; ++i) {
    const Value& v = l.values[i];
    const bool unknown = unknown_size(v);
    if (nobody(v) && (i == 0 || nobody(l.values[i - 1]))) continue;
    w.open("circle", {{"class", unknown ? "point unknown" : "point"}, {"data-group", l.label},
                      {"data-day", to_string(l.days[i])}, {"cx", coordinate(s.x(l.days[i]))},
                      {"cy", coordinate(unknown ? s.top : s.y(v.estimate))}, {"r", "3"},
                      {"fill", unknown ? "#fff" : colour}, {"stroke", colour}});
    w.element("title", {}, fmt::format("{} · {} · {}{} · {}", to_string(l.days[i]), l.label, tip_value(v),
                                       planned[i] ? " (with planned rows)" : "", l.rows[i]));
    w.close();
  }
}

void draw_marks(detail::SvgWriter& w, const Picture& p, const Scale& s) {
  using detail::coordinate;
  for (const Mark& m : p.marks) {
    const std::string cx = coordinate(s.x(m.day)), cy = coordinate(s.y(m.stated.estimate));
    w.open("g", {{"class", m.conflict ? "observation conflict" : "observation"}});
    w.element("title", {}, m.tooltip);
    w.empty("rect", {{"x", coordinate(s.x(m.day) - 4)}, {"y", coordinate(s.y(m.stated.estimate) - 4)},
                     {"width", "8"}, {"height", "8"}, {"fill", m.observation ? "#000" : "#fff"},
                     {"stroke", "#000"}, {"transform", fmt::format("rotate(45 {} {})", cx, cy)}});
    if (m.conflict)
      w.empty("circle", {{"cx", cx}, {"cy", cy}, {"r", "9"}, {"fill", "none"}, {"stroke", "#d00"},
                         {"stroke-width", "2"}});
    w.close();
  }
}

// Each end as a small triangle on the time axis, pointing up at the day.
void draw_ends(detail::SvgWriter& w, const Picture& p, const Scale& s) {
  using detail::coordinate;
  const double base = s.top + s.height;
  for (const EndMark& m : p.ends) {
    const double x = s.x(m.day);
    w.open("g", {{"class", "end"}, {"data-day", to_string(m.day)}});
    w.element("title", {}, m.tooltip);
    w.empty("path", {{"d", fmt::format("M{} {} L{} {} L{} {} Z", coordinate(x), coordinate(base - 7),
                                       coordinate(x - 5), coordinate(base + 2), coordinate(x + 5),
                                       coordinate(base + 2))},
                     {"fill", "#000"}, {"stroke", "#fff"}, {"stroke-width", "1"}});
    w.close();
  }
}

void draw_pledges(detail::SvgWriter& w, const Picture& p, const Scale& s) {
  using detail::coordinate;
  for (const Pledge& pl : p.pledges) {
    const std::string colour(palette[pl.line % palette.size()]);
    const std::string y = coordinate(s.y(pl.pledged));
    const std::string label = fmt::format("{} pledged {}", p.lines[pl.line].label, with_thousands(pl.pledged));
    w.open("g", {{"class", "pledge"}, {"data-group", p.lines[pl.line].label}});
    w.element("title", {}, fmt::format("{} (row {}, from {})", label, pl.id, to_string(pl.from)));
    w.empty("line", {{"x1", coordinate(s.x(pl.from))}, {"x2", coordinate(s.x(s.to))}, {"y1", y}, {"y2", y},
                     {"stroke", colour}, {"stroke-width", "1"}, {"stroke-dasharray", "2 3"}});
    w.element("text", {{"x", coordinate(s.x(pl.from) + 4)}, {"y", coordinate(s.y(pl.pledged) - 4)},
                       {"font-size", "11"}, {"fill", colour}},
              label);
    w.close();
  }
}

void draw_legend(detail::SvgWriter& w, const Picture& p, const Scale& s, const ChartOptions& o) {
  using detail::coordinate;
  const double x = s.left + s.width + 16;
  double y = s.top + 6;
  w.open("g", {{"class", "legend"}, {"font-size", "12"}});
  for (std::size_t i = 0; i < p.lines.size(); ++i, y += 18) {
    const Line& l = p.lines[i];
    const bool unknown = std::any_of(l.values.begin(), l.values.end(), [](const Value& v) { return !v.bounded(); });
    const bool known = std::any_of(l.values.begin(), l.values.end(),
                                   [](const Value& v) { return v.bounded() && v.high > 0; });
    const std::string colour(palette[i % palette.size()]);
    w.empty("line", {{"x1", coordinate(x)}, {"x2", coordinate(x + 18)}, {"y1", coordinate(y)}, {"y2", coordinate(y)},
                     {"stroke", colour}, {"stroke-width", "3"}});
    std::string label = l.label;
    if (o.by == GroupBy::country && !l.others && !l.unattributed && l.key.country.ok()) label += fmt::format(" {}", l.key.country.name());
    if (unknown) label += known ? " (size unknown at times)" : " (size unknown)";
    w.element("text", {{"x", coordinate(x + 24)}, {"y", coordinate(y + 4)}}, label);
  }
  y += 8;
  const std::vector<std::string> keys = {
      "band: the range the sources allow", "hatched: size unknown (no upper bound)",
      "\u25C6 observation, \u25C7 report; red ring: conflict",
      o.view.include_planned ? "dashed: counting planned rows" : "", p.pledges.empty() ? "" : "dotted: pledged",
      p.marks_left_out ? fmt::format("{} more figures not drawn (muster check lists them)",
                                     with_thousands(static_cast<Count>(p.marks_left_out)))
                       : ""};
  for (const std::string& k : keys) {
    if (k.empty()) continue;
    w.element("text", {{"x", coordinate(x)}, {"y", coordinate(y + 4)}, {"fill", "#555"}, {"font-size", "11"}}, k);
    y += 16;
  }
  w.close();
}

}  // namespace

std::string render_chart(const Log& log, const ChartOptions& o) {
  if (o.to < o.from) throw std::invalid_argument("render_chart: `to` is before `from`");
  if (o.width < 320 || o.height < 240 || o.width > 20000 || o.height > 20000)
    throw std::invalid_argument("render_chart: the size must be 320x240 to 20000x20000 pixels");
  const Picture p = gather(log, o);
  Scale s;
  s.from = o.from;
  s.to = o.to;
  s.top = o.title.empty() ? 20 : 44;
  s.width = std::max(100.0, o.width - s.left - 250.0);
  s.height = std::max(100.0, o.height - s.top - 60.0);
  const auto [step, max] = count_ticks(p.top + p.top / 10);
  s.max = max;
  using detail::coordinate;
  detail::SvgWriter w;
  w.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"}, {"width", fmt::format("{}", o.width)},
                 {"height", fmt::format("{}", o.height)}, {"viewBox", fmt::format("0 0 {} {}", o.width, o.height)},
                 {"font-family", "sans-serif"}, {"role", "img"},
                 {"data-plot", fmt::format("{} {} {} {}", coordinate(s.left), coordinate(s.top),
                                           coordinate(s.width), coordinate(s.height))},
                 {"data-from", to_string(o.from)}, {"data-to", to_string(o.to)},
                 {"data-max", fmt::format("{}", s.max)}});
  w.element("title", {}, o.title.empty() ? fmt::format("Personnel by {}", to_string(o.by)) : o.title);
  w.open("defs", {});
  w.open("pattern", {{"id", "hatch"}, {"width", "6"}, {"height", "6"}, {"patternUnits", "userSpaceOnUse"},
                     {"patternTransform", "rotate(45)"}});
  w.empty("line", {{"x1", "0"}, {"y1", "0"}, {"x2", "0"}, {"y2", "6"}, {"stroke", "#888"}, {"stroke-width", "1"}});
  w.close();
  w.close();
  w.empty("rect", {{"width", "100%"}, {"height", "100%"}, {"fill", "#fff"}});
  if (!o.title.empty())
    w.element("text", {{"x", coordinate(s.left)}, {"y", "26"}, {"font-size", "16"}, {"font-weight", "bold"}}, o.title);
  draw_axes(w, s, step, o);
  w.open("g", {{"class", "lines"}});
  for (std::size_t i = 0; i < p.lines.size(); ++i)
    draw_line(w, p.lines[i], s, palette[i % palette.size()], !o.step, i);
  w.close();
  draw_pledges(w, p, s);
  draw_marks(w, p, s);
  draw_ends(w, p, s);
  draw_legend(w, p, s, o);
  w.close();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += w.finish();
  return out;
}

}  // namespace muster
