// The report (muster/report.hpp): typed answers from the timeline, reconcile
// and explain, put into an HTML template (src/templates/report.html.mustache)
// by kainjow's mustache, whose {{...}} escapes every value (here with
// markup.hpp's escaping, which also neutralises bidirectional controls). The
// chart goes in whole ({{{chart}}}): the SVG writer has escaped it already.
#include "muster/report.hpp"

#include "markup.hpp"
#include "muster/chart.hpp"
#include "muster/explain.hpp"
#include "muster/format.hpp"
#include "muster/reconcile.hpp"
#include "muster/timeline.hpp"
#include "reconcile.hpp"
#include "explain.hpp"
#include "totals.hpp"
#include "view_runs.hpp"

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace muster {
namespace {

using Data = kainjow::mustache::data;

constexpr std::string_view report_template =
#include "report_template.inc"
    ;

constexpr std::size_t checks_listed = 200;  // reconciliation rows in the page, conflicts first
constexpr std::size_t steps_listed = 25;    // rows behind a figure, the latest

// Every number on the page is written by these (line numbers excepted: they
// stay plain, as in muster check and an editor): digits grouped, 12,345; a
// count of 0 as 0 (range_text's "-", a table's blank, would read as a dash
// in a sentence); a difference signed, +17,129 or -1,234.
std::string count_text(std::size_t n) { return with_thousands(static_cast<Count>(n)); }
std::string signed_text(Count n) { return n > 0 ? "+" + with_thousands(n) : with_thousands(n); }
std::string figure_text(const Value& v) { return v.none() ? with_thousands(0) : range_text(v); }

std::string range_words(const Value& v) {
  if (!v.bounded()) return v.low == 0 ? "present, size not given" : fmt::format("{} or more", with_thousands(v.low));
  if (v.low == v.high) return "exactly";
  return fmt::format("{} to {}", with_thousands(v.low), with_thousands(v.high));
}

Data list() { return Data{Data::type::list}; }

// The span of the log's seen rows: first and last day.
std::pair<Day, Day> span_of(const Log& log, const Timeline& t) {
  Day first = Day::max(), last = Day::min();
  for (const Event& e : log.events()) {
    if (!t.sees(e)) continue;
    first = std::min(first, e.date.first);
    last = std::max(last, e.date.last);
  }
  if (first > last) first = last = *parse_day("2000-01-01");
  return {first, last};
}

Filter with_country(Filter f, const Country& c) {
  f.country = c;
  return f;
}

// One row of a strength table: a country, or (with totals, spec section 8)
// the unattributed personnel of a mission or of a country in it.
struct StrengthRow {
  Contingent key;
  Value value;
  bool unattributed = false;
};

// The rows of the strength table of one day: each country; with totals,
// also the unattributed personnel of each observed group, keyed by their
// mission (`MSS unattributed`), where no country's row counts them already.
std::vector<StrengthRow> strength_rows(const Timeline& t, Day d, const Filter& filter) {
  std::vector<StrengthRow> rows;
  for (const Group& g : t.strength_by(GroupBy::country, d, filter))
    if (!g.unattributed) rows.push_back({g.key, g.value, false});
  if (t.view().parts_only) return rows;
  for (const Group& g : t.strength_by(GroupBy::contingent, d, filter)) {
    if (!g.unattributed) continue;
    const bool in_a_country = g.key.country.ok() &&
        std::any_of(rows.begin(), rows.end(), [&](const StrengthRow& r) { return !r.unattributed && r.key.country == g.key.country; });
    if (!in_a_country) rows.push_back({g.key, g.value, true});
  }
  return rows;
}

// The strength table of one day. `whole`: the whole's own value (with
// totals, a total bounds the sum of its parts), else the rows summed.
Data headline(Day d, const std::vector<StrengthRow>& groups, const std::optional<Value>& whole) {
  Data h;
  h.set("day", to_string(d));
  Data rows = list();
  Value total;
  for (const StrengthRow& g : groups) {
    if (g.value.none()) continue;
    Data r;
    r.set("code", g.unattributed ? contingent_text(g.key) : std::string(g.key.country.code()));
    r.set("name", g.unattributed ? std::string("unattributed") : std::string(g.key.country.name()));
    r.set("estimate", figure_text(g.value));
    r.set("range", range_words(g.value));
    rows.push_back(r);
    total += g.value;
  }
  if (whole) total = *whole;
  h.set("rows", rows);
  h.set("total", figure_text(total));
  if (!(total.bounded() && total.low == total.high)) h.set("total_range", range_words(total));
  return h;
}

constexpr std::size_t totals_said = 12;  // sentences on totals under a table, then "and N more"

// "at most 182", "600 to 650", "617".
std::string narrowed_words(const Value& v) {
  if (v.bounded() && v.low == 0 && v.high > 0) return fmt::format("at most {}", with_thousands(v.high));
  return v.bounded() && v.low == v.high ? with_thousands(v.low) : range_words(v);
}

// "the mission total of MSS", "the total of MSS/KEN".
std::string total_name(const Contingent& group) {
  return group.country.ok() ? fmt::format("The total of {}", contingent_text(group))
                            : fmt::format("The mission total of {}", group.mission);
}

// With totals (spec section 8), what the totals did to the figures of day
// `d`: for each observed group, its latest kept total on or before d that
// narrows a contingent or counts unattributed personnel ("The mission total
// of MSS of 2025-01-20 (780 to 799, row mss-under-800, line 7) narrows BHS,
// BLZ, GTM, JAM and SLV to at most 182 each ..."), then the totals that
// conflict and are left out.
Data totals_notes(const Log& log, const detail::Totals& totals, const Timeline& t, const Timeline& parts,
                  Day d, const Filter& filter) {
  Data notes = list();
  std::size_t said = 0, more = 0;
  auto say = [&](std::string text) {
    if (++said > totals_said) { ++more; return; }
    Data n;
    n.set("text", std::move(text));
    notes.push_back(n);
  };
  const auto groups = totals.groups();
  std::map<std::uint32_t, const detail::Totals::Outcome*> latest;  // by group
  std::vector<const detail::Totals::Outcome*> conflicts;
  for (const detail::Totals::Outcome& o : totals.outcomes()) {  // in file order
    const Day end = log.facts(o.row).date.last;
    if (end > d) continue;
    if (!o.kept) {
      conflicts.push_back(&o);
      continue;
    }
    const auto it = latest.find(o.group);  // the latest by day, then by file order
    if (it == latest.end() || end >= log.facts(it->second->row).date.last) latest[o.group] = &o;
  }
  const std::span<const Contingent> keys = log.contingents();
  for (const auto& [g, o] : latest) {
    const Contingent& group = groups[g].key;
    const Event row = log.event(o->row);
    // The countries whose contingents it narrows on d, each with its value
    // (where it differs from what their rows alone give).
    std::map<Country, Value> narrowed;
    for (std::uint32_t c = 0; c < keys.size(); ++c) {
      const Contingent& k = keys[c];
      if (k.mission != group.mission || (group.country.ok() && k.country != group.country)) continue;
      if (!filter.matches(k) || !totals.narrows(c, d)) continue;
      Filter one = filter;
      one.mission = k.mission;
      one.country = k.country;
      const Value v = t.strength(d, one);
      if (v != parts.strength(d, one)) narrowed.emplace(k.country, v);
    }
    std::string unattributed;
    if (totals.unattributed_at(g, d))
      for (const Group& u : t.strength_by(GroupBy::contingent, d, filter))
        if (u.unattributed && u.key.mission == group.mission && u.key.country == group.country)
          unattributed = fmt::format("counts {} personnel it finds in no contingent ({} unattributed)",
                                     u.value.bounded()   ? narrowed_words(u.value)
                                     : u.value.low == 0 ? std::string("an unknown number of")
                                                        : fmt::format("{} or more", with_thousands(u.value.low)),
                                     contingent_text(group));
    if (narrowed.empty() && unattributed.empty()) continue;
    // The countries, those of one value together: "BHS, BLZ and GTM to at most 182 each".
    std::map<std::string, std::vector<std::string>> by_value;
    for (const auto& [country, v] : narrowed) by_value[narrowed_words(v)].emplace_back(country.code());
    std::vector<std::string> parts;
    for (const auto& [words, countries] : by_value) {
      std::string names;
      for (std::size_t i = 0; i < countries.size(); ++i)
        names += (i == 0 ? "" : i + 1 == countries.size() ? " and " : ", ") + countries[i];
      parts.push_back(fmt::format("{} to {}{}", names, words, countries.size() > 1 ? " each" : ""));
    }
    std::string what;
    if (!parts.empty()) {
      what = "narrows ";
      for (std::size_t i = 0; i < parts.size(); ++i) what += (i == 0 ? "" : "; ") + parts[i];
    }
    if (!unattributed.empty()) what += (what.empty() ? "" : ", and ") + unattributed;
    say(fmt::format("{} of {} ({}, row {}, line {}) {}.", total_name(group), to_string(row.date),
                    figure_text(row.value), row.id, row.line, what));
  }
  for (const detail::Totals::Outcome* o : conflicts) {
    const Event row = log.event(o->row);
    if (!filter.matches(row.contingent())) continue;
    say(fmt::format("{} of {} ({}, row {}, line {}) cannot hold with the rows of what it covers: "
                    "it conflicts, and bounds nothing.",
                    total_name(groups[o->group].key), to_string(row.date), figure_text(row.value), row.id,
                    row.line));
  }
  if (more) {
    Data n;
    n.set("text", fmt::format("And {} more totals.", count_text(more)));
    notes.push_back(n);
  }
  return notes;
}

Data pledges(const Timeline& t, Day d, const Filter& filter, Data& page) {
  Data rows = list();
  bool any = false;
  for (const PledgeStatus& p : t.pledges(d, filter)) {
    any = true;
    Data r;
    r.set("mission", p.key.mission);
    r.set("country", std::string(p.key.country.code()));
    r.set("component", p.key.component.empty() ? "every component" : p.key.component);
    r.set("pledged", p.pledge ? figure_text(p.pledge->value) : with_thousands(p.pledged));
    r.set("present", with_thousands(p.present));
    const auto f = p.fulfilment();
    const bool known = f && p.pledge && p.pledge->value.bounded();
    r.set("fulfilment", known ? with_thousands(static_cast<Count>(std::llround(*f * 100))) + "%" : "-");
    rows.push_back(r);
  }
  page.set(any ? "has_pledges" : "no_pledges", true);
  return rows;
}

Data check_row(std::string_view verdict, const Event& row, Day day, const std::string& scope,
               const Value& stated, const std::string& against, Count difference) {
  Data r;
  r.set("verdict", std::string(verdict));
  r.set("id", std::string(row.id));
  r.set("line", fmt::format("{}", row.line));
  r.set("date", to_string(day));
  r.set("scope", scope);
  r.set("figure", figure_text(stated));
  r.set("against", against);
  r.set("difference", signed_text(difference));
  return r;
}

void reconciliation(const detail::ViewRuns& runs, const ReportOptions& o, Data& page) {
  const Reconciliation r = detail::reconcile(runs, o.filter);
  // Only the rows listed are made (a log can hold a hundred thousand).
  Data rows = list();
  std::size_t listed = 0, all = 0;
  for (const FigureCheck* checked : r.conflicts_first()) {
    const FigureCheck& f = *checked;
    const Verdict v = f.verdict();
    if (v == Verdict::unattributed) continue;  // ranked between conflicts and differs
    if (v != Verdict::conflicts && v != Verdict::differs) break;
    if (++all > checks_listed) continue;
    const std::string against =
        f.same_day() ? fmt::format("row {} of the same day: {}", f.set_by->id, figure_text(f.tracks))
        : f.observation ? fmt::format("the sum of its contingents: {}", figure_text(f.tracks))
                        : fmt::format("the rows before it: {}", figure_text(f.tracks));
    ++listed;
    rows.push_back(check_row(to_string(v), f.row, f.day, scope_text(f.scope, f.observation), f.stated,
                             against, f.difference()));
  }
  page.set("check_summary",
           fmt::format("{} figures held against the other rows: {} conflict (their ranges do not "
                       "overlap), {} differ within range, {} are a table's next figure (an update), "
                       "{} agree, {} come first.",
                       count_text(r.figures.size()), count_text(r.count(Verdict::conflicts)),
                       count_text(r.count(Verdict::differs)), count_text(r.count(Verdict::update)),
                       count_text(r.count(Verdict::agrees)), count_text(r.count(Verdict::first))));
  if (listed) page.set("has_checks", true);
  if (all > listed)
    page.set("checks_more", fmt::format("and {} more (muster check lists them all)", count_text(all - listed)));
  page.set("checks", rows);
}

// The rows behind a country's figure `value` (section 5's rows: with totals,
// where a total narrows the figure, the page says what the rows alone give).
Data explanation(const detail::ViewRuns& runs, Day d, const Country& c, const ReportOptions& o,
                 const Value& value) {
  const Explanation why = detail::explain(runs, d, with_country(o.filter, c));
  Data e;
  e.set("group", fmt::format("{} {}", c.code(), c.name()));
  e.set("day", to_string(d));
  e.set("value", figure_text(value));
  if (!o.view.parts_only && value != why.strength)
    e.set("narrowed", fmt::format("Narrowed by a total (above); the rows below alone give {}.",
                                  figure_text(why.strength)));
  const std::size_t skip = why.steps.size() > steps_listed ? why.steps.size() - steps_listed : 0;
  if (skip)
    e.set("earlier",
          fmt::format("{} earlier rows are not listed here (muster explain lists them).", count_text(skip)));
  Data steps = list();
  for (std::size_t i = skip; i < why.steps.size(); ++i) {
    const ShapingRow& s = why.steps[i];
    Data r;
    r.set("id", std::string(s.row.id));
    r.set("line", fmt::format("{}", s.row.line));
    r.set("kind", std::string(to_string(s.row.kind)));
    r.set("date", to_string(s.row.date));
    // An end carries no value; the strength after a day is on its last row.
    if (s.row.kind != Kind::end) r.set("figure", figure_text(s.row.value));
    if (s.after) r.set("after", figure_text(*s.after));
    if (!s.row.source.empty()) r.set("source", std::string(s.row.source));
    if (!s.row.note.empty()) r.set("note", std::string(s.row.note));
    steps.push_back(r);
  }
  e.set("steps", steps);
  Data hidden = list();
  for (const HiddenRow& h : why.hidden) {
    Data r;
    r.set("id", std::string(h.row.id));
    r.set("line", fmt::format("{}", h.row.line));
    std::string reasons;
    for (const HiddenReason& reason : h.reasons)
      reasons += (reasons.empty() ? "" : "; ") + to_string(reason, h.row, why.view);
    r.set("why", reasons);
    hidden.push_back(r);
  }
  e.set("hidden", hidden);
  return e;
}

}  // namespace

std::string render_report(const Log& log, const ReportOptions& o) {
  const Timeline t{log, o.view};
  const detail::ViewRuns runs{log, o.view};  // for the reconciliation and the rows behind each figure
  const auto [first, last] = span_of(log, t);
  std::vector<Day> days = o.days.empty() ? std::vector<Day>{last} : o.days;
  Data page;
  page.set("title", o.title.empty()
                        ? fmt::format("Deployments in {}", std::filesystem::path(log.file()).filename().string())
                        : o.title);
  page.set("meta", fmt::format("{} rows from {}{}{}{}. Strength is the number present at the end of a day; "
                               "a range is what the sources allow.",
                               count_text(log.size()), log.file(),
                               o.view.as_of ? fmt::format(", as known at the end of {}", to_string(*o.view.as_of)) : "",
                               o.view.include_planned ? ", counting planned rows" : "",
                               log.observation_rows().empty() ? ""
                               : o.view.parts_only
                                   ? ", by contingents alone (reports of a whole mission or country left out)"
                                   : ", with reports of a whole mission or country bounding what they cover"));
  // With totals (spec section 8): which observations are kept, and what they narrow.
  std::optional<detail::Totals> totals;
  std::optional<Timeline> parts;  // the same view by section 5 alone
  if (!o.view.parts_only && !log.observation_rows().empty()) {
    totals.emplace(runs);
    Vantage alone = o.view;
    alone.parts_only = true;
    parts.emplace(log, alone);
  }
  Data heads = list(), explanations = list();
  for (Day d : days) {
    std::vector<StrengthRow> groups = strength_rows(t, d, o.filter);
    Data head = headline(d, groups, totals ? std::optional<Value>(t.strength(d, o.filter)) : std::nullopt);
    if (totals) head.set("totals", totals_notes(log, *totals, t, *parts, d, o.filter));
    heads.push_back(head);
    std::stable_sort(groups.begin(), groups.end(),  // the largest figures first
                     [](const StrengthRow& a, const StrengthRow& b) { return a.value.estimate > b.value.estimate; });
    for (const StrengthRow& g : groups)
      if (!g.value.none() && !g.unattributed)
        explanations.push_back(explanation(runs, d, g.key.country, o, g.value));
  }
  page.set("headlines", heads);
  page.set("explanations", explanations);
  // The whole span, and a little after it, so that the last figures show as lines.
  const Day end = std::max(last, *std::max_element(days.begin(), days.end()));
  ChartOptions c{.from = first, .to = end + date::days{std::max<int>(14, static_cast<int>((end - first).count() / 8))}};
  c.filter = o.filter;
  c.view = o.view;
  c.title = "Personnel by country";
  std::string svg = render_chart(log, c);
  svg.erase(0, svg.find("<svg"));
  page.set("chart", svg);
  page.set("pledge_day", to_string(days.back()));
  page.set("pledges", pledges(t, days.back(), o.filter, page));
  reconciliation(runs, o, page);
  kainjow::mustache::mustache tmpl{std::string(report_template)};
  tmpl.set_custom_escape([](const std::string& s) { return detail::escaped(s); });
  if (!tmpl.is_valid()) throw std::logic_error(fmt::format("report template: {}", tmpl.error_message()));
  return tmpl.render(page);
}

}  // namespace muster
