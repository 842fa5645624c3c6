// muster check: refuse a bad log exactly as every command does; for a good
// one, the reconciliation report (muster/reconcile.hpp): a summary line, then
// every report and observation held against the tracks, then the reports of
// one contingent on one day that disagree with each other.
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace muster::cli {
namespace {

std::string country_cell(const Contingent& c) { return std::string(c.country.code()); }

std::string signed_count(Count n) { return n > 0 ? "+" + grouped(n) : grouped(n); }

/// One line per finding: the figure, what it is held against (`tracks`: the
/// contingent's tracks just before a report's set step; `contingents`: the sum
/// of an observation's group; an id: an earlier report of the same day), the
/// verdict.
Result findings(const Reconciliation& r, const Filter& filter, bool people) {
  Result out;
  out.columns = {"verdict",  "id",   "line",   "kind",    "date",     "mission",
                 "country",  "component",    "estimate", "low",     "high",
                 "against",  "against_estimate", "against_low", "against_high",
                 "difference", "overlap"};
  auto in = [&](const Contingent& scope) {
    return (!filter.mission || *filter.mission == scope.mission) &&
           (!filter.country || *filter.country == scope.country) &&
           (!filter.component || *filter.component == scope.component);
  };
  auto add = [&](std::string verdict, const Event& row, const char* kind, Day day,
                 const Contingent& scope, const Value& stated, std::string against,
                 const Value& other, Count diff, bool overlap) {
    std::vector<Cell> cells{std::move(verdict), std::string(row.id), static_cast<Count>(row.line),
                            std::string(kind), to_string(day), scope.mission,
                            country_cell(scope), scope.component, stated.estimate, stated.low,
                            high_cell(stated.high), std::move(against), other.estimate, other.low,
                            high_cell(other.high)};
    cells.push_back(people ? Cell{signed_count(diff)} : Cell{diff});
    cells.emplace_back(std::string(overlap ? "yes" : "no"));
    out.rows.push_back(std::move(cells));
  };
  for (const FigureCheck& f : r.figures) {
    if (!in(f.scope)) continue;
    add(std::string(to_string(f.verdict())), f.row, f.observation ? "observation" : "report",
        f.day, f.scope, f.stated, f.observation ? "contingents" : "tracks", f.tracks,
        f.difference(), f.overlap());
  }
  for (const Disagreement& d : r.disagreements) {
    if (!in(d.scope)) continue;
    add(std::string(to_string(d.verdict())), d.later,
        d.observation ? "observation" : "report", d.day, d.scope, d.later.value,
        std::string(d.earlier.id), d.earlier.value, d.difference(), d.overlap());
  }
  return out;
}

std::string summary(const std::string& file, const Result& rows) {
  std::size_t counts[4] = {0, 0, 0, 0};
  std::size_t figures = 0, same_day = 0, same_day_conflicts = 0;
  for (const auto& row : rows.rows) {
    const auto& verdict = std::get<std::string>(row[0]);
    const auto& against = std::get<std::string>(row[11]);
    const bool tracks = against == "tracks" || against == "contingents";
    if (!tracks) {
      ++same_day;
      if (verdict == "conflicts") ++same_day_conflicts;
      continue;
    }
    ++figures;
    for (int v = 0; v < 4; ++v)
      if (verdict == to_string(static_cast<Verdict>(v))) ++counts[v];
  }
  return fmt::format(
      "{}: {} figure{} held against the tracks: {} conflicting, {} differing within range, {} "
      "agreeing, {} first of their contingent; {} same-day disagreement{} ({} conflicting)",
      file, figures, figures == 1 ? "" : "s", counts[3], counts[2], counts[1], counts[0], same_day,
      same_day == 1 ? "" : "s", same_day_conflicts);
}

/// The findings for a terminal: each contingent and each figure in one cell.
Result for_people(const Result& rows) {
  auto count = [](const Cell& c) {
    if (const auto* n = std::get_if<Count>(&c)) return *n;
    const auto& h = std::get<std::optional<Count>>(c);
    return h ? *h : Value::unbounded;
  };
  auto value = [&](const std::vector<Cell>& row, std::size_t i) {
    return to_string(Value{count(row[i]), count(row[i + 1]), count(row[i + 2])}, true);
  };
  Result out;
  out.columns = {"verdict", "id", "line", "kind", "date", "counts", "figure", "against",
                 "difference", "overlap"};
  for (const auto& row : rows.rows) {
    const Contingent c{std::get<std::string>(row[5]),
                       Country::find(std::get<std::string>(row[6])).value_or(Country{}),
                       std::get<std::string>(row[7])};
    std::string who = fmt::format("{}", c);
    if (!c.country.ok()) who += " (all countries)";
    else if (c.component.empty()) who += " (all)";
    const auto& against = std::get<std::string>(row[11]);
    out.rows.push_back({row[0], row[1], row[2], row[3], row[4], who, value(row, 8),
                        (against == "tracks"        ? "the rows before: "
                         : against == "contingents" ? "sum of contingents: "
                                                    : "report " + against + ": ") +
                            value(row, 12),
                        row[15], row[16]});
  }
  return out;
}

}  // namespace

void add_check_command(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<QueryOptions>();
  auto strict = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "check", "Validate a log and hold every report and observation against the other rows");
  o->add_to(*cmd, false);
  cmd->add_flag("--strict", *strict, "Exit 3 when any figure conflicts");
  cmd->callback([=] {
    on_selected([=] {
      const Filter filter = o->filter();
      const View view = o->view();
      const Format f = o->output_format();
      const Log log = load(o->log);
      const Reconciliation r = reconcile(log, view);
      const Result rows = findings(r, filter, f == Format::table);
      bool conflict = false;
      for (const auto& row : rows.rows)
        if (std::get<std::string>(row[0]) == "conflicts") conflict = true;
      if (f == Format::json) {
        const Result plain = findings(r, filter, false);
        nlohmann::ordered_json doc;
        doc["summary"] = summary(log.file(), plain);
        doc["conflicts"] = conflict;
        auto arr = nlohmann::ordered_json::array();
        for (const auto& row : plain.rows) {
          nlohmann::ordered_json item = nlohmann::ordered_json::object();
          for (std::size_t i = 0; i < row.size(); ++i) {
            auto& slot = item[plain.columns[i]];
            if (plain.columns[i] == "overlap") {
              slot = std::get<std::string>(row[i]) == "yes";
              continue;
            }
            std::visit(
                [&](const auto& v) {
                  using T = std::decay_t<decltype(v)>;
                  if constexpr (std::is_same_v<T, std::optional<Count>>)
                    slot = v ? nlohmann::ordered_json(*v) : nullptr;
                  else if constexpr (std::is_same_v<T, Ratio>)
                    slot = v.value ? nlohmann::ordered_json(*v.value) : nullptr;
                  else
                    slot = v;
                },
                row[i]);
          }
          arr.push_back(std::move(item));
        }
        doc["findings"] = std::move(arr);
        fmt::print("{}\n", doc.dump(2));
      } else if (f == Format::csv) {
        write(stdout, rows, f);
      } else {
        fmt::print("{}\n", summary(log.file(), rows));
        if (!rows.rows.empty()) {
          fmt::print("\n");
          write(stdout, for_people(rows), f);
          // The sentences behind every figure that does not simply agree.
          bool header = false;
          auto source_of = [&](const Event& e) {
            if (e.source.empty()) return;
            if (!header) fmt::print("\nSources of the figures that differ or conflict:\n");
            header = true;
            fmt::print("  {} (line {}): {}\n", e.id, e.line, e.source);
          };
          for (const FigureCheck& x : r.figures)
            if ((x.verdict() == Verdict::differs || x.verdict() == Verdict::conflicts) &&
                filter.matches(x.scope))
              source_of(x.row);
        }
      }
      std::fflush(stdout);
      return (*strict && conflict) ? 3 : 0;
    });
  });
}

}  // namespace muster::cli
