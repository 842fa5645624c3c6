// muster strength | series | days | pledges (cli.md).
#include "commands.hpp"
#include "common.hpp"

#include <memory>

namespace muster::cli {
namespace {

void add_values(std::vector<Cell>& row, const Value& v) {
  row.emplace_back(v.estimate);
  row.emplace_back(v.low);
  row.push_back(high_cell(v.high));
}

// The day a stale group's figure ended, for the `last figure` column of a
// people's table with --stale-after (cli.md: csv and json keep their shape).
void add_mark(std::vector<Cell>& row, const std::optional<Day>& last_figure) {
  row.emplace_back(last_figure ? to_string(*last_figure) : std::string{});
}

// The groups as rows; `with_total` adds the total row of a people's table
// (summed here: a sum that does not fit is an error only where it is shown);
// `mark_stale` adds the `last figure` column.
Result grouped_result(GroupBy by, const std::vector<Group>& groups, bool always_one_row,
                      bool with_total, bool mark_stale = false) {
  Result r;
  r.columns = key_columns(by);
  const std::size_t keys = r.columns.size();
  for (const char* c : {"estimate", "low", "high"}) r.columns.emplace_back(c);
  if (mark_stale) r.columns.emplace_back("last figure");
  if (by == GroupBy::total) {
    Value sum;
    std::optional<Day> oldest;
    for (const auto& g : groups) {
      sum += g.value;
      if (g.last_figure && (!oldest || *g.last_figure < *oldest)) oldest = g.last_figure;
    }
    if (always_one_row || listed(sum)) {
      std::vector<Cell> row;
      add_values(row, sum);
      if (mark_stale) add_mark(row, oldest);
      r.rows.push_back(std::move(row));
    }
    return r;
  }
  Value sum;
  for (const auto& g : groups) {
    if (!listed(g.value)) continue;
    auto row = key_cells(by, g.key);
    add_values(row, g.value);
    if (mark_stale) add_mark(row, g.last_figure);
    r.rows.push_back(std::move(row));
    if (with_total) sum += g.value;
  }
  if (with_total) {
    r.total.assign(keys, std::string{});
    add_values(r.total, sum);
    if (mark_stale) add_mark(r.total, std::nullopt);
  }
  return r;
}

// A pledge's size: "?" in a table and blank in csv and json where unknown.
Cell pledged_cell(const PledgeStatus& p, Format format) {
  if (p.size_known()) return p.pledged;
  return format == Format::table ? Cell{std::string("?")} : Cell{std::optional<Count>{}};
}

}  // namespace

void add_query_commands(CLI::App& app, const Register& on_selected) {
  {
    auto o = std::make_shared<QueryOptions>();
    auto on = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("strength", "Strength at the end of a day");
    o->add_to(*cmd, true, true);
    cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
    cmd->callback([=] {
      on_selected([=] {
        const Day d = day_option("--on", *on);
        const auto [filter, view, by, format] = o->check();
        const Log log = o->load();
        const Timeline t{log, view, o->stale()};
        const bool table = format == Format::table;
        write(stdout,
              grouped_result(by, t.strength_by(by, d, filter), true, table, table && t.stale_after()),
              format);
        return 0;
      });
    });
  }
  {
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
        const auto [filter, view, by, format] = o->check();
        const Log log = o->load();
        const Timeline t{log, view, o->stale()};
        const bool mark = format == Format::table && t.stale_after();
        Result r;
        r.columns = {"date"};
        for (auto& c : key_columns(by)) r.columns.push_back(c);
        for (const char* c : {"estimate", "low", "high"}) r.columns.emplace_back(c);
        if (mark) r.columns.emplace_back("last figure");
        for (Day d : sample_days(d1, d2, *s)) {
          const Result one = grouped_result(by, t.strength_by(by, d, filter), true, false, mark);
          for (const auto& row : one.rows) {
            std::vector<Cell> full{to_string(d)};
            full.insert(full.end(), row.begin(), row.end());
            r.rows.push_back(std::move(full));
          }
        }
        write(stdout, r, format);
        return 0;
      });
    });
  }
  {
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
        const auto [filter, view, by, format] = o->check();
        const Log log = o->load();
        const Timeline t{log, view, o->stale()};
        const bool table = format == Format::table;
        write(stdout,
              grouped_result(by, t.personnel_days_by(by, d1, d2, filter), true, table,
                             table && t.stale_after()),
              format);
        return 0;
      });
    });
  }
  {
    auto o = std::make_shared<QueryOptions>();
    auto on = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("pledges", "Pledges against the strength present on a day");
    o->add_to(*cmd, false, true);
    cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
    cmd->callback([=] {
      on_selected([=] {
        const Day d = day_option("--on", *on);
        const auto [filter, view, by, format] = o->check();
        const Log log = o->load();
        const Timeline t{log, view, o->stale()};
        Result r;
        r.columns = {"mission", "country", "component", "pledged", "present", "fulfilment"};
        Count pledged = 0, present = 0;
        bool unknown = false;  // a pledge of unknown size: the total is at least `pledged`
        for (const auto& p : t.pledges(d, filter)) {
          r.rows.push_back({p.key.mission, std::string(p.key.country.code()), p.key.component,
                            pledged_cell(p, format), p.present, Ratio{p.fulfilment()}});
          if (format != Format::table) continue;
          if (p.size_known()) pledged = checked_add(pledged, p.pledged);
          else unknown = true;
          present = checked_add(present, p.present);
        }
        if (format == Format::table)
          r.total = {std::string{}, std::string{}, std::string{},
                     unknown ? Cell{with_thousands(pledged) + " + ?"} : Cell{pledged}, present,
                     std::string{}};
        write(stdout, r, format);
        return 0;
      });
    });
  }
}

}  // namespace muster::cli
