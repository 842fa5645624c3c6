// muster explain: the rows behind one group's strength at the end of a day
// (muster/explain.hpp). "Why 617?"
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace muster::cli {
namespace {

/// Who the group is, in words: "KEN", "MSS/KEN/police", "everything".
std::string group_name(const Filter& f) {
  std::string s;
  auto add = [&](const std::string& part) { s += (s.empty() ? "" : "/") + part; };
  auto either = [](const auto& alternatives, auto name) {  // "KEN or JAM"
    std::string out;
    for (const auto& a : alternatives.values()) out += (out.empty() ? "" : " or ") + name(a);
    return out;
  };
  if (f.mission) add(either(f.mission, [](const std::string& m) { return m; }));
  if (f.country) add(either(f.country, [](const Country& c) { return std::string(c.code()); }));
  if (f.component)
    add(either(f.component, [](const std::string& c) { return c.empty() ? std::string("(unspecified)") : c; }));
  return s.empty() ? "every contingent" : s;
}

/// One row of an explanation as every format shows it, in the order of the
/// explanation: the shaping rows (the overwritten ones only with --all), the
/// hidden rows, the observations; with totals (csv and json) the totals that
/// bound the group (`bounds`: the strength without each) and the group by
/// section 5 alone (`parts-only`, no row).
struct Line {
  const char* role;
  const Event* row;  ///< null for `parts-only`
  std::optional<Value> after;  ///< the strength after a shaping row (or without a bound, or by parts)
  std::string reason;
};

std::vector<Line> lines(const Explanation& x, bool all) {
  std::vector<Line> out;
  for (const ShapingRow& s : x.steps) {
    if (s.overwritten_by && !all) continue;
    std::string reason = s.row.status == Status::planned ? "planned, counted" : "";
    if (s.overwritten_by) {
      const Event& by = x.steps[*s.overwritten_by].row;
      reason += fmt::format("{}overwritten by {} (the report of {})", reason.empty() ? "" : "; ",
                            by.id, to_string(by.date.last));
    }
    out.push_back({s.overwritten_by ? "overwritten" : "shapes", &s.row, s.after, std::move(reason)});
  }
  for (const HiddenRow& h : x.hidden) {
    std::string why;
    for (const auto& reason : h.reasons)
      why += (why.empty() ? "" : "; ") + to_string(reason, h.row, x.view);
    out.push_back({"hidden", &h.row, std::nullopt, std::move(why)});
  }
  for (std::size_t i = 0; i < x.observations.size(); ++i) {
    const char* reason = x.observation_kept.empty() ? "held against the tracks; changes none"
                         : x.observation_kept[i]    ? "kept: bounds what it covers (spec section 8)"
                                                    : "not kept: conflicts (spec section 8; see check)";
    out.push_back({"observation", &x.observations[i], std::nullopt, reason});
  }
  return out;
}

/// With totals, the lines after the rows (csv and json): each bounding
/// total with the group's strength without it, then the group by section 5.
void add_totals_lines(const Explanation& x, std::vector<Line>& out) {
  for (const BoundingTotal& b : x.bounded_by)
    out.push_back({"bounds", &b.row, b.without, "the group's strength without it"});
  if (x.parts_only)
    out.push_back({"parts-only", nullptr, x.parts_only, "the group's strength by spec section 5 alone"});
}

/// "165 earlier rows, 1950-06 to 2024-06, overwritten by the report of
/// 2024-09-30 (t1-6720)"; empty when no row is overwritten.
std::string overwritten_line(const Explanation& x) {
  const Overwritten o = x.overwritten();
  if (o.rows == 0) return "";
  const std::string span = o.first == o.last
                               ? to_string(o.first)
                               : fmt::format("{} to {}", to_string(o.first), to_string(o.last));
  const std::string rows = fmt::format("{} earlier row{}, {}", with_thousands(static_cast<Count>(o.rows)),
                                       o.rows == 1 ? "" : "s", span);
  if (o.by.size() == 1) {
    const Event& by = x.steps[o.by.front()].row;
    return fmt::format("{}, overwritten by the report of {} ({})", rows, to_string(by.date.last), by.id);
  }
  Day first = Day::max(), last = Day::min();
  for (std::size_t i : o.by) {
    first = std::min(first, x.steps[i].row.date.last);
    last = std::max(last, x.steps[i].row.date.last);
  }
  return fmt::format("{}, overwritten by the latest reports of their {} contingents ({} to {})", rows,
                     o.by.size(), to_string(first), to_string(last));
}

/// The first cells of a line; `line` is its line number as a cell (a number
/// for programs, plain text for people).
std::vector<Cell> line_start(const Line& l, Cell line) {
  return {std::string(l.role), std::string(l.row->id), std::move(line),
          std::string(to_string(l.row->kind)), to_string(l.row->date)};
}

/// One record per row (csv and json).
void records(const std::vector<Line>& list, Format f) {
  TableWriter r(standard_output(), f,
                {"role",      "id",  "line", "kind", "date",     "mission",  "country",
                 "component", "row_estimate", "row_low", "row_high", "estimate", "low",
                 "high",      "reason", "source"});
  const std::optional<Count> blank;
  for (const Line& l : list) {
    if (!l.row) {  // parts-only: the group, no row
      std::vector<Cell> cells{std::string(l.role), std::string(), blank, std::string(), std::string(),
                              std::string(), std::string(), std::string(), blank, blank, blank};
      cells.insert(cells.end(), {std::optional<Count>{l.after->estimate}, std::optional<Count>{l.after->low},
                                 high_cell(l.after->high), l.reason, std::string()});
      r.row(cells);
      continue;
    }
    const Event& e = *l.row;
    std::vector<Cell> cells = line_start(l, static_cast<Count>(e.line));
    cells.insert(cells.end(), {std::string(e.mission),
                               std::string(e.country ? e.country->code() : ""),
                               std::string(e.component)});
    if (e.kind == Kind::end)  // no value
      cells.insert(cells.end(), {blank, blank, blank});
    else
      cells.insert(cells.end(), {std::optional<Count>{e.value.estimate},
                                 std::optional<Count>{e.value.low}, high_cell(e.value.high)});
    if (l.after)
      cells.insert(cells.end(), {std::optional<Count>{l.after->estimate},
                                 std::optional<Count>{l.after->low}, high_cell(l.after->high)});
    else
      cells.insert(cells.end(), {blank, blank, blank});
    cells.insert(cells.end(), {l.reason, std::string(e.source)});
    r.row(cells);
  }
  r.finish();
}

/// With totals, for people: the totals that bound the group, each with the
/// group's strength without it, and the group by section 5 alone.
void print_totals(const Explanation& x) {
  if (!x.parts_only) return;
  Output& out = standard_output();
  out.print("\n");
  if (x.bounded_by.empty())
    out.print("No total bounds it at the end of {} (spec section 8).\n", to_string(x.day));
  else
    out.print("Bounded at the end of {} by (spec section 8; without it, the group would number):\n",
              to_string(x.day));
  for (const BoundingTotal& b : x.bounded_by)
    out.print("  {} (line {}), {} on {}: {}; without it {}\n", b.row.id, b.row.line,
              scope_text(b.row.contingent(), true), to_string(b.row.date), value_text(b.row.value),
              value_text(b.without));
  out.print("By its contingents alone (spec section 5): {}\n", value_text(*x.parts_only));
}

/// For people: the answer first, the overwritten rows summed up, the table
/// without the long sentences (line numbers plain), then each row's sentence.
void print_for_people(const Explanation& x, const Filter& filter, bool all) {
  const Vantage& view = x.view;
  std::string as_of = view.as_of ? fmt::format(", as known on {}", to_string(*view.as_of)) : "";
  Output& out = standard_output();
  out.print("{} at the end of {}{}{}{}: {}\n", group_name(filter), to_string(x.day), as_of,
             view.include_planned ? ", planned rows counted" : "", view.parts_only ? ", by contingents alone" : "",
             value_text(x.strength));
  const std::vector<Line> list = lines(x, all);
  const std::string earlier = overwritten_line(x);
  if (!earlier.empty()) out.print("{}{}\n", earlier, all ? " (listed below)" : "; --all lists them");
  if (list.empty()) {
    if (x.steps.empty())
      out.print("No row of this group puts a step on or before {}.\n", to_string(x.day));
    print_totals(x);
    return;
  }
  out.print("\n");
  TableWriter shown(out, Format::table,
                    {"role", "id", "line", "kind", "date", "contingent", "row", "strength after",
                     "reason"});
  std::size_t width = std::string_view("line").size();
  for (const Line& l : list) width = std::max(width, fmt::formatted_size("{}", l.row->line));
  for (const Line& l : list) {
    std::vector<Cell> cells = line_start(l, fmt::format("{:>{}}", l.row->line, width));
    // An end carries no value; the strength after a day shows on its last row.
    cells.insert(cells.end(), {fmt::format("{}", l.row->contingent()),
                               l.row->kind == Kind::end ? std::string() : value_text(l.row->value),
                               l.after ? value_text(*l.after) : std::string(), l.reason});
    shown.row(cells);
  }
  shown.finish();
  print_totals(x);
  bool header = false;
  for (const Line& l : list) {
    if (l.row->source.empty()) continue;
    if (!header) out.print("\nSources:\n");
    header = true;
    out.print("  {} (line {}): {}\n", l.row->id, l.row->line, l.row->source);
  }
}

}  // namespace

void add_explain_command(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<QueryOptions>();
  auto on = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "explain", "The rows behind one group's strength at the end of a day, and the rows hidden");
  o->add_to(*cmd, false);
  cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
  cmd->add_flag("--all", *all,
                "List the rows whose effect a later report has overwritten too (without it, "
                "a table sums them up in one line and csv and json leave them out)");
  cmd->callback([=] {
    on_selected([=] {
      const Day d = day_option("--on", *on);
      const Filter filter = o->filter();
      const Vantage view = o->view();
      const Format f = o->output_format();
      const LoadedLog in = o->load();
      const Log& log = in.log;
      const Explanation x = explain(log, d, filter, view);
      if (f == Format::table) {
        print_for_people(x, filter, *all);
      } else {
        std::vector<Line> list = lines(x, *all);
        add_totals_lines(x, list);
        records(list, f);
      }
      return 0;
    });
  });
}

}  // namespace muster::cli
