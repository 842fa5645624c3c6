// muster strength | series | days | pledges (cli.md).
#include "commands.hpp"
#include "common.hpp"

#include <memory>

namespace muster::cli {
namespace {

// The columns of a grouped answer: `date` where dated, the key columns,
// `estimate,low,high`.
std::vector<std::string> group_columns(GroupBy by, bool dated) {
  std::vector<std::string> c;
  if (dated) c.emplace_back("date");
  for (auto& k : key_columns(by)) c.push_back(std::move(k));
  for (const char* v : {"estimate", "low", "high"}) c.emplace_back(v);
  return c;
}

// Writes the groups as rows, each after `lead` (a date, or nothing); with
// --by total, one row of their sum, always. Returns the sum of the rows
// written where `with_sum` (the total row of a people's table: a sum that
// does not fit is an error only where it is shown), else nullopt.
std::optional<Value> write_groups(TableWriter& w, GroupBy by, const std::vector<Group>& groups,
                                  const std::vector<Cell>& lead, bool with_sum) {
  std::vector<Cell> row;
  if (by == GroupBy::total) {
    Value sum;
    for (const auto& g : groups) sum += g.value;
    row = lead;
    add_value_cells(row, sum);
    w.row(row);
    return std::nullopt;
  }
  Value sum;
  for (const auto& g : groups) {
    if (!listed(g.value)) continue;
    row = lead;
    for (auto& c : key_cells(by, g.key)) row.push_back(std::move(c));
    add_value_cells(row, g.value);
    w.row(row);
    if (with_sum) sum += g.value;
  }
  if (!with_sum) return std::nullopt;
  return sum;
}

// Ends a grouped table, with a total row of `sum` where there is one.
void finish_groups(TableWriter& w, GroupBy by, const std::optional<Value>& sum) {
  std::vector<Cell> total;
  if (sum) {
    total.assign(key_columns(by).size(), std::string{});
    add_value_cells(total, *sum);
  }
  w.finish(total);
}

// One grouped answer (strength, days), with a total row in a table.
void write_grouped(GroupBy by, const std::vector<Group>& groups, Format format) {
  TableWriter w(standard_output(), format, group_columns(by, false));
  finish_groups(w, by, write_groups(w, by, groups, {}, format == Format::table));
}

}  // namespace

void add_query_commands(CLI::App& app, const Register& on_selected) {
  {
    auto o = std::make_shared<QueryOptions>();
    auto on = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("strength", "Strength at the end of a day");
    o->add_to(*cmd, true);
    cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
    cmd->callback([=] {
      on_selected([=] {
        const Day d = day_option("--on", *on);
        const auto [filter, view, by, format] = o->check();
        const Log log = load(o->log);
        const Timeline t{log, view};
        write_grouped(by, t.strength_by(by, d, filter), format);
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
    o->add_to(*cmd, true);
    cmd->add_option("--from", *from, "First sample day (YYYY-MM-DD)")->required();
    cmd->add_option("--to", *to, "Last day (YYYY-MM-DD)")->required();
    cmd->add_option("--step", *step, "day, week, month, quarter or year")->capture_default_str();
    cmd->callback([=] {
      on_selected([=] {
        const Day d1 = day_option("--from", *from), d2 = day_option("--to", *to);
        const std::optional<SampleStep> s = parse_sample_step(*step);
        if (!s) throw UsageError("--step: '" + *step + "' is not one of day, week, month, quarter, year");
        const auto [filter, view, by, format] = o->check();
        const Log log = load(o->log);
        const Timeline t{log, view};
        TableWriter w(standard_output(), format, group_columns(by, true));
        for (Day d : sample_days(d1, d2, *s))
          write_groups(w, by, t.strength_by(by, d, filter), {to_string(d)}, false);
        w.finish();
        return 0;
      });
    });
  }
  {
    auto o = std::make_shared<QueryOptions>();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("days", "Personnel-days from one day to another, inclusive");
    o->add_to(*cmd, true);
    cmd->add_option("--from", *from, "First day (YYYY-MM-DD)")->required();
    cmd->add_option("--to", *to, "Last day (YYYY-MM-DD)")->required();
    cmd->callback([=] {
      on_selected([=] {
        const Day d1 = day_option("--from", *from), d2 = day_option("--to", *to);
        const auto [filter, view, by, format] = o->check();
        const Log log = load(o->log);
        const Timeline t{log, view};
        write_grouped(by, t.personnel_days_by(by, d1, d2, filter), format);
        return 0;
      });
    });
  }
  {
    auto o = std::make_shared<QueryOptions>();
    auto on = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("pledges", "Pledges against the strength present on a day");
    o->add_to(*cmd, false);
    cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
    cmd->callback([=] {
      on_selected([=] {
        const Day d = day_option("--on", *on);
        const auto [filter, view, by, format] = o->check();
        const Log log = load(o->log);
        const Timeline t{log, view};
        TableWriter w(standard_output(), format,
                      {"mission", "country", "component", "pledged", "present", "fulfilment"});
        Count pledged = 0, present = 0;
        for (const auto& p : t.pledges(d, filter)) {
          w.row({p.key.mission, std::string(p.key.country.code()), p.key.component, p.pledged,
                 p.present, Ratio{p.fulfilment()}});
          if (format != Format::table) continue;
          pledged = checked_add(pledged, p.pledged);
          present = checked_add(present, p.present);
        }
        if (format == Format::table)
          w.finish({std::string{}, std::string{}, std::string{}, pledged, present, std::string{}});
        else
          w.finish();
        return 0;
      });
    });
  }
}

}  // namespace muster::cli
