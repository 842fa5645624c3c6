// muster strength | series | days | pledges (cli.md).
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <memory>

namespace muster::cli {
namespace {

/// A query command's options checked (before the log is read), its log read
/// and the log's Timeline: what every query answers from. Neither copied nor
/// moved (the Timeline views the log).
struct Query {
  explicit Query(const QueryOptions& o)
      : checked(o.check()), in(o.load()), timeline(in.log, checked.view, o.stale()) {}
  const QueryOptions::Checked checked;
  const LoadedLog in;
  const Timeline timeline;
};

// The columns of a grouped answer: `date` where dated, the key columns,
// `estimate,low,high`, and `last figure` where stale groups are marked (a
// people's table with --stale-after; csv and json keep their shape).
std::vector<std::string> group_columns(GroupBy by, bool dated, bool mark_stale) {
  std::vector<std::string> c;
  if (dated) c.emplace_back("date");
  for (auto& k : key_columns(by)) c.push_back(std::move(k));
  for (const char* v : {"estimate", "low", "high"}) c.emplace_back(v);
  if (mark_stale) c.emplace_back("last figure");
  return c;
}

// The day a stale group's figure ended, for the `last figure` column.
void add_mark(std::vector<Cell>& row, const std::optional<Day>& last_figure) {
  row.emplace_back(last_figure ? to_string(*last_figure) : std::string{});
}

// Writes the groups as rows, each after `lead` (a date, or nothing); with
// --by total, one row of their sum, always. Returns the sum of the rows
// written where `with_sum` (the total row of a people's table: a sum that
// does not fit is an error only where it is shown), else nullopt.
std::optional<Value> write_groups(TableWriter& w, GroupBy by, const std::vector<Group>& groups,
                                  const std::vector<Cell>& lead, bool with_sum, bool mark_stale) {
  std::vector<Cell> row;
  if (by == GroupBy::total) {
    Value sum;
    std::optional<Day> oldest;
    for (const auto& g : groups) {
      sum += g.value;
      if (g.last_figure && (!oldest || *g.last_figure < *oldest)) oldest = g.last_figure;
    }
    row = lead;
    add_value_cells(row, sum);
    if (mark_stale) add_mark(row, oldest);
    w.row(row);
    return std::nullopt;
  }
  Value sum;
  for (const auto& g : groups) {
    if (!listed(g.value)) continue;
    row = lead;
    const std::size_t first_key = row.size();
    for (auto& c : key_cells(by, g.key)) row.push_back(std::move(c));
    if (g.unattributed && w.format() == Format::table) {
      // `MSS unattributed`, `KEN unattributed`: the blank cell named (cli.md).
      if (by == GroupBy::country) row[first_key] = std::string("unattributed");
      if (by == GroupBy::component) row[first_key] = std::string("unattributed");
      if (by == GroupBy::contingent) row[first_key + (g.key.country.ok() ? 2 : 1)] = std::string("unattributed");
    }
    add_value_cells(row, g.value);
    if (mark_stale) add_mark(row, g.last_figure);
    w.row(row);
    if (with_sum) sum += g.value;
  }
  if (!with_sum) return std::nullopt;
  return sum;
}

// Ends a grouped table, with a total row of `sum` where there is one.
void finish_groups(TableWriter& w, GroupBy by, const std::optional<Value>& sum, bool mark_stale) {
  std::vector<Cell> total;
  if (sum) {
    total.assign(key_columns(by).size(), std::string{});
    add_value_cells(total, *sum);
    if (mark_stale) add_mark(total, std::nullopt);
  }
  w.finish(total);
}

// One grouped answer (strength, days), with a total row in a table.
// With totals (spec section 8), `total` is the whole's own value: the
// least and greatest of the sum, not the sum of each row's.
void write_grouped(GroupBy by, const std::vector<Group>& groups, Format format, bool stale,
                   const std::optional<Value>& total = std::nullopt) {
  const bool table = format == Format::table, mark = table && stale;
  TableWriter w(standard_output(), format, group_columns(by, false, mark));
  std::optional<Value> sum = write_groups(w, by, groups, {}, table, mark);
  if (sum && total) sum = total;
  finish_groups(w, by, sum, mark);
}

// The whole of a breakdown where rows do not add up to it (spec section 8).
std::optional<Value> whole(const std::vector<Group>& total) {
  return total.empty() ? Value{} : total.front().value;
}

// A pledge's size: "?" in a table and blank in csv and json where unknown.
Cell pledged_cell(const PledgeStatus& p, Format format) {
  if (p.size_known()) return p.pledged;
  return format == Format::table ? Cell{std::string("?")} : Cell{std::optional<Count>{}};
}

/// A query command of one day (`--on`): its options, then `answer(day,
/// query)` once the day and the options are checked and the log is read.
template <class Answer>
void add_one_day(CLI::App& app, const Register& on_selected, const char* name, const char* about,
                 bool with_by, Answer answer) {
  auto o = std::make_shared<QueryOptions>();
  auto on = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(name, about);
  o->add_to(*cmd, with_by, true);
  cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
  cmd->callback([=] {
    on_selected([=] {
      const Day d = day_option("--on", *on);
      const Query q(*o);
      return answer(d, q);
    });
  });
}

/// `strength`: each group's strength at the end of a day.
void add_strength(CLI::App& app, const Register& on_selected) {
  add_one_day(app, on_selected, "strength", "Strength at the end of a day", true,
              [](Day d, const Query& q) {
                const auto& [filter, view, by, format] = q.checked;
                std::optional<Value> total;
                if (q.timeline.counts_totals() && by != GroupBy::total && format == Format::table)
                  total = whole(q.timeline.strength_by(GroupBy::total, d, filter));
                write_grouped(by, q.timeline.strength_by(by, d, filter), format,
                              q.timeline.stale_after().has_value(), total);
                return 0;
              });
}

/// `series`: strength at each sample day.
void add_series(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<QueryOptions>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto step = std::make_shared<std::string>("month");
  auto* cmd = app.add_subcommand("series", "Strength at each sample day from one day to another");
  o->add_to(*cmd, true, true);
  cmd->add_option("--from", *from, "First sample day (YYYY-MM-DD)")->required();
  cmd->add_option("--to", *to, "Last day (YYYY-MM-DD), on or after --from")->required();
  cmd->add_option("--step", *step,
                  "day, week, month, quarter or year (added to --from), or month-end, "
                  "quarter-end or year-end (the last day of each month, quarter or year)")
      ->capture_default_str();
  cmd->callback([=] {
    on_selected([=] {
      const auto [d1, d2] = day_range(*from, *to);
      const std::optional<SampleStep> s = parse_sample_step(*step);
      if (!s)
        throw UsageError("--step: '" + *step +
                         "' is not one of day, week, month, quarter, year, month-end, "
                         "quarter-end, year-end");
      const Query q(*o);
      const auto& [filter, view, by, format] = q.checked;
      const Timeline& t = q.timeline;
      const bool mark = format == Format::table && t.stale_after();
      TableWriter w(standard_output(), format, group_columns(by, true, mark));
      for (Day d : sample_days(d1, d2, *s))
        write_groups(w, by, t.strength_by(by, d, filter), {to_string(d)}, false, mark);
      w.finish();
      return 0;
    });
  });
}

/// `days`: personnel-days over a span of days.
void add_days(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<QueryOptions>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("days", "Personnel-days from one day to another, inclusive");
  o->add_to(*cmd, true, true);
  cmd->add_option("--from", *from, "First day (YYYY-MM-DD)")->required();
  cmd->add_option("--to", *to, "Last day (YYYY-MM-DD), on or after --from")->required();
  cmd->callback([=] {
    on_selected([=] {
      const auto [d1, d2] = day_range(*from, *to);
      const Query q(*o);
      const auto& [filter, view, by, format] = q.checked;
      const Timeline& t = q.timeline;
      std::optional<Value> total;
      if (t.counts_totals() && by != GroupBy::total && format == Format::table)
        total = whole(t.personnel_days_by(GroupBy::total, d1, d2, filter));
      write_grouped(by, t.personnel_days_by(by, d1, d2, filter), format,
                    t.stale_after().has_value(), total);
      return 0;
    });
  });
}

/// `pledges`: pledges against the strength present on a day.
void add_pledges(CLI::App& app, const Register& on_selected) {
  add_one_day(app, on_selected, "pledges", "Pledges against the strength present on a day", false,
              [](Day d, const Query& q) {
    const auto& [filter, view, by, format] = q.checked;
    const Timeline& t = q.timeline;
    TableWriter w(standard_output(), format,
                  {"mission", "country", "component", "pledged", "present", "fulfilment"});
    Count pledged = 0, present = 0;
    bool unknown = false;  // a pledge of unknown size: the total is at least `pledged`
    for (const auto& p : t.pledges(d, filter)) {
      w.row({p.key.mission, std::string(p.key.country.code()), p.key.component,
             pledged_cell(p, format), p.present, Ratio{p.fulfilment()}});
      if (format != Format::table) continue;
      if (p.size_known()) pledged = checked_add(pledged, p.pledged);
      else unknown = true;
      present = checked_add(present, p.present);
    }
    if (format == Format::table)
      w.finish({std::string{}, std::string{}, std::string{},
                unknown ? Cell{fmt::format("{} + ?", with_thousands(pledged))} : Cell{pledged},
                present, std::string{}});
    else
      w.finish();
    return 0;
  });
}

}  // namespace

void add_query_commands(CLI::App& app, const Register& on_selected) {
  add_strength(app, on_selected);
  add_series(app, on_selected);
  add_days(app, on_selected);
  add_pledges(app, on_selected);
}

}  // namespace muster::cli
