// muster check: refuse a bad log exactly as every command does; for a good
// one, the reconciliation report (muster/reconcile.hpp): a summary line, then
// every report and observation held against the tracks, then the reports of
// one contingent on one day that disagree with each other.
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <memory>

namespace muster::cli {
namespace {

std::string signed_count(Count n) { return n > 0 ? "+" + with_thousands(n) : with_thousands(n); }

/// One finding, as every format shows it: the figure, what it is held
/// against (`tracks`: the contingent's tracks just before a report's set
/// step; `contingents`: the sum of an observation's group; an id: an earlier
/// report of the same day), the verdict.
struct Finding {
  Verdict verdict;
  const Event* row;
  bool observation;
  Day day;
  const Contingent* scope;
  Value stated;
  const Event* earlier;  // null: held against the tracks or the contingents
  Value against;
  Count difference;
  bool overlap;
};

/// The figures, then the same-day disagreements, in the order of `r`.
std::vector<Finding> findings(const Reconciliation& r) {
  std::vector<Finding> out;
  for (const FigureCheck& f : r.figures)
    out.push_back({f.verdict(), &f.row, f.observation, f.day, &f.scope, f.stated, nullptr,
                   f.tracks, f.difference(), f.overlap()});
  for (const Disagreement& d : r.disagreements)
    out.push_back({d.verdict(), &d.later, d.observation, d.day, &d.scope, d.later.value,
                   &d.earlier, d.earlier.value, d.difference(), d.overlap()});
  return out;
}

std::string against_name(const Finding& f) {
  if (f.earlier) return std::string(f.earlier->id);
  return f.observation ? "contingents" : "tracks";
}

/// One record per finding (csv and json).
const std::vector<std::string> record_columns = {
    "verdict",  "id",       "line", "kind",    "date",     "mission",
    "country",  "component",        "estimate", "low",     "high",
    "against",  "against_estimate", "against_low", "against_high",
    "difference", "overlap"};
void records(TableWriter& out, const std::vector<Finding>& list) {
  for (const Finding& f : list)
    out.row({std::string(to_string(f.verdict)), std::string(f.row->id),
             static_cast<Count>(f.row->line),
             std::string(f.observation ? "observation" : "report"), to_string(f.day),
             f.scope->mission, std::string(f.scope->country.code()),
             f.scope->component, f.stated.estimate, f.stated.low,
             high_cell(f.stated.high), against_name(f), f.against.estimate,
             f.against.low, high_cell(f.against.high), f.difference, Flag{f.overlap}});
}

std::string summary(const std::string& file, const Reconciliation& r) {
  const std::size_t figures = r.figures.size(), same_day = r.disagreements.size();
  std::size_t same_day_conflicts = 0;
  for (const Disagreement& d : r.disagreements) same_day_conflicts += d.verdict() == Verdict::conflicts;
  return fmt::format(
      "{}: {} figure{} held against the tracks: {} conflicting, {} differing within range, {} "
      "agreeing, {} first of their contingent; {} same-day disagreement{} ({} conflicting)",
      file, figures, figures == 1 ? "" : "s", r.count(Verdict::conflicts),
      r.count(Verdict::differs), r.count(Verdict::agrees), r.count(Verdict::first), same_day,
      same_day == 1 ? "" : "s", same_day_conflicts);
}

/// The findings for a terminal: each contingent and each figure in one cell.
void for_people(const std::vector<Finding>& list) {
  TableWriter out(standard_output(), Format::table,
                  {"verdict", "id", "line", "kind", "date", "counts", "figure", "against",
                   "difference", "overlap"});
  for (const Finding& f : list) {
    std::string who = fmt::format("{}", *f.scope);
    if (!f.scope->country.ok()) who += " (all countries)";
    else if (f.scope->component.empty()) who += " (all)";
    const std::string against = f.earlier       ? "report " + std::string(f.earlier->id) + ": "
                                : f.observation ? "sum of contingents: "
                                                : "the rows before: ";
    out.row({std::string(to_string(f.verdict)), std::string(f.row->id),
             static_cast<Count>(f.row->line),
             std::string(f.observation ? "observation" : "report"), to_string(f.day),
             who, to_string(f.stated, true), against + to_string(f.against, true),
             signed_count(f.difference), Flag{f.overlap}});
  }
  out.finish();
}

/// The table for people: the summary, the findings, and the sentences behind
/// every figure that does not simply agree.
void print_for_people(const std::string& file, const Reconciliation& r) {
  Output& out = standard_output();
  out.print("{}\n", summary(file, r));
  const std::vector<Finding> list = findings(r);
  if (list.empty()) return;
  out.print("\n");
  for_people(list);
  bool header = false;
  for (const FigureCheck& x : r.figures) {
    if (x.verdict() != Verdict::differs && x.verdict() != Verdict::conflicts) continue;
    if (x.row.source.empty()) continue;
    if (!header) out.print("\nSources of the figures that differ or conflict:\n");
    header = true;
    out.print("  {} (line {}): {}\n", x.row.id, x.row.line, x.row.source);
  }
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
      const Reconciliation r = reconcile(log, view, filter);
      const bool conflict = r.any_conflict();
      const auto rows = [&r](TableWriter& w) { records(w, findings(r)); };
      if (f == Format::json) {
        write_json(standard_output(), {{{"summary", summary(log.file(), r)},
                                        {"conflicts", conflict},
                                        {"findings", Document::Table{record_columns, rows}}}});
      } else if (f == Format::csv) {
        TableWriter w(standard_output(), f, record_columns);
        rows(w);
        w.finish();
      } else {
        print_for_people(log.file(), r);
      }
      return (*strict && conflict) ? 3 : 0;
    });
  });
}

}  // namespace muster::cli
