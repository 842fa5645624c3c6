// muster explain: the rows behind one group's strength at the end of a day
// (muster/explain.hpp). "Why 617?"
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <memory>

namespace muster::cli {
namespace {

/// Who the group is, in words: "KEN", "MSS/KEN/police", "everything".
std::string group_name(const Filter& f) {
  std::string s;
  auto add = [&](const std::string& part) { s += (s.empty() ? "" : "/") + part; };
  if (f.mission) add(*f.mission);
  if (f.country) add(std::string(f.country->code()));
  if (f.component) add(f.component->empty() ? "(unspecified)" : *f.component);
  return s.empty() ? "every contingent" : s;
}

Result explanation_rows(const Explanation& x) {
  Result r;
  r.columns = {"role",      "id",  "line", "kind", "date",     "mission",  "country",
               "component", "row_estimate", "row_low", "row_high", "estimate", "low",
               "high",      "reason", "source"};
  auto base = [](const char* role, const Event& e) {
    const Contingent c = e.contingent();
    std::vector<Cell> cells{std::string(role),
                            std::string(e.id),
                            static_cast<Count>(e.line),
                            std::string(to_string(e.kind)),
                            to_string(e.date),
                            c.mission,
                            std::string(c.country.code()),
                            c.component,
                            std::optional<Count>{e.value.estimate},
                            std::optional<Count>{e.value.low},
                            high_cell(e.value.high)};
    return cells;
  };
  const std::optional<Count> blank;
  for (const ShapingRow& s : x.steps) {
    auto cells = base("shapes", s.row);
    cells.push_back(std::optional<Count>{s.after.estimate});
    cells.push_back(std::optional<Count>{s.after.low});
    cells.push_back(high_cell(s.after.high));
    cells.emplace_back(std::string(s.row.status == Status::planned ? "planned, counted" : ""));
    cells.emplace_back(std::string(s.row.source));
    r.rows.push_back(std::move(cells));
  }
  for (const HiddenRow& h : x.hidden) {
    auto cells = base("hidden", h.row);
    cells.insert(cells.end(), {blank, blank, blank});
    std::string why;
    for (const auto& reason : h.reasons)
      why += (why.empty() ? "" : "; ") + to_string(reason, h.row, x.view);
    cells.emplace_back(std::move(why));
    cells.emplace_back(std::string(h.row.source));
    r.rows.push_back(std::move(cells));
  }
  for (const Event& e : x.observations) {
    auto cells = base("observation", e);
    cells.insert(cells.end(), {blank, blank, blank});
    cells.emplace_back(std::string("held against the tracks; changes none"));
    cells.emplace_back(std::string(e.source));
    r.rows.push_back(std::move(cells));
  }
  return r;
}

}  // namespace

void add_explain_command(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<QueryOptions>();
  auto on = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "explain", "The rows behind one group's strength at the end of a day, and the rows hidden");
  o->add_to(*cmd, false);
  cmd->add_option("--on", *on, "The day (YYYY-MM-DD)")->required();
  cmd->callback([=] {
    on_selected([=] {
      const Day d = day_option("--on", *on);
      const Filter filter = o->filter();
      const View view = o->view();
      const Format f = o->output_format();
      const Log log = load(o->log);
      const Explanation x = explain(log, d, filter, view);
      Result r = explanation_rows(x);
      if (f != Format::table) {
        write(stdout, r, f);
        return 0;
      }
      // For people: the answer first, the table without the long sentences,
      // then each row's sentence.
      std::string as_of = view.as_of ? fmt::format(", as known on {}", to_string(*view.as_of)) : "";
      fmt::print("{} at the end of {}{}{}: {}\n", group_name(filter), to_string(d), as_of,
                 view.include_planned ? ", planned rows counted" : "",
                 to_string(x.strength, true));
      if (r.rows.empty()) {
        fmt::print("No row of this group puts a step on or before {}.\n", to_string(d));
        return 0;
      }
      fmt::print("\n");
      Result shown;
      shown.columns = {"role", "id", "line", "kind", "date", "contingent", "row", "strength after",
                       "reason"};
      auto value = [](const Cell& e, const Cell& l, const Cell& h) {
        auto get = [](const Cell& c) {
          const auto& o = std::get<std::optional<Count>>(c);
          return o ? *o : Value::unbounded;
        };
        return to_string(Value{get(e), get(l), get(h)}, true);
      };
      for (const auto& row : r.rows) {
        const bool shapes = std::get<std::string>(row[0]) == "shapes";
        const Contingent c{std::get<std::string>(row[5]),
                           Country::find(std::get<std::string>(row[6])).value_or(Country{}),
                           std::get<std::string>(row[7])};
        shown.rows.push_back({row[0], row[1], row[2], row[3], row[4], fmt::format("{}", c),
                              value(row[8], row[9], row[10]),
                              shapes ? value(row[11], row[12], row[13]) : std::string("-"),
                              row[14]});
      }
      write(stdout, shown, f);
      bool header = false;
      for (const auto& row : r.rows) {
        const auto& source = std::get<std::string>(row.back());
        if (source.empty()) continue;
        if (!header) fmt::print("\nSources:\n");
        header = true;
        fmt::print("  {} (line {}): {}\n", std::get<std::string>(row[1]), std::get<Count>(row[2]),
                   source);
      }
      return 0;
    });
  });
}

}  // namespace muster::cli
