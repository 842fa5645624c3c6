// muster check: refuse a bad log exactly as every command does; for a good
// one, the reconciliation report (muster/reconcile.hpp): a summary line (table
// only), then every report and observation held against the tracks, one
// record each, conflicts first. With --totals, observations by spec section 8.
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace muster::cli {
namespace {

std::string signed_count(Count n) { return n > 0 ? fmt::format("+{}", with_thousands(n)) : with_thousands(n); }

/// What a figure is held against: the id of the report that set it (no
/// arrival or departure between), else `tracks` (a report: its contingent's
/// tracks just before its set step) or `contingents` (an observation: the sum
/// of its group).
std::string against_name(const FigureCheck& f) {
  if (f.set_by) return std::string(f.set_by->id);
  return f.observation ? "contingents" : "tracks";
}

/// The ids of the rows an observation cannot hold with (spec section 8).
Words against_rows(const FigureCheck& f) {
  Words w;
  if (f.totals)
    for (const Event& e : f.totals->against) w.values.emplace_back(e.id);
  return w;
}

/// One record per figure (csv and json), written as they come. Where the log
/// has an observation (spec section 8), every record has two more columns:
/// `against_rows` (an observation that is not kept: the ids of the rows it
/// cannot hold with, separated by spaces; an array in JSON) and
/// `unattributed` (a kept observation: the least number of its group's
/// unattributed personnel), blank where they do not apply (a report, or
/// --parts-only); a log without observations has neither column.
void records(const std::vector<const FigureCheck*>& list, Format format, bool totals) {
  std::vector<std::string> columns{"verdict",  "id",       "line", "kind",    "date",     "mission",
                                   "country",  "component",        "estimate", "low",     "high",
                                   "against",  "against_estimate", "against_low", "against_high",
                                   "difference", "overlap"};
  if (totals) columns.insert(columns.end(), {"against_rows", "unattributed"});
  TableWriter out(standard_output(), format, std::move(columns));
  for (const FigureCheck* f : list) {
    std::vector<Cell> cells{std::string(to_string(f->verdict())), std::string(f->row.id),
                            static_cast<Count>(f->row.line),
                            std::string(f->observation ? "observation" : "report"), to_string(f->day),
                            f->scope.mission, std::string(f->scope.country.code()),
                            f->scope.component, f->stated.estimate, f->stated.low,
                            high_cell(f->stated.high), against_name(*f), f->tracks.estimate,
                            f->tracks.low, high_cell(f->tracks.high), f->difference(),
                            Flag{f->overlap()}};
    if (totals) {
      cells.emplace_back(against_rows(*f));
      cells.emplace_back(f->totals && f->totals->kept ? std::optional<Count>(f->totals->unattributed)
                                                      : std::nullopt);
    }
    out.row(cells);
  }
  out.finish();
}

/// "troops.csv: 31,407 figures: 201 first, 16,804 agree, 14,000 updates, 336 differ, 66 conflict".
/// With totals, "..., 1 conflict, 0 unattributed".
std::string summary(const std::string& file, const Reconciliation& r, bool totals) {
  auto part = [&](Verdict v, const char* one, const char* many) {
    const std::size_t n = r.count(v);
    return fmt::format("{} {}", with_thousands(static_cast<Count>(n)), n == 1 ? one : many);
  };
  const std::size_t n = r.figures.size();
  std::string text = fmt::format("{}: {} figure{}: {}, {}, {}, {}, {}", file,
                                 with_thousands(static_cast<Count>(n)), n == 1 ? "" : "s",
                                 part(Verdict::first, "first", "first"), part(Verdict::agrees, "agrees", "agree"),
                                 part(Verdict::update, "update", "updates"),
                                 part(Verdict::differs, "differs", "differ"),
                                 part(Verdict::conflicts, "conflicts", "conflict"));
  if (totals) text += ", " + part(Verdict::unattributed, "unattributed", "unattributed");
  return text;
}

/// An observation by spec section 8, for people: "cannot hold with r1
/// (line 2), r2 (line 3)", "kept; at least 163 unattributed", "kept"; blank
/// for a report.
std::string totals_text(const FigureCheck& f) {
  if (!f.totals) return "";
  if (!f.totals->kept) {
    std::string text = "cannot hold with ";
    std::string_view sep;
    for (const Event& e : f.totals->against) {
      text += fmt::format("{}{} (line {})", sep, e.id, e.line);
      sep = ", ";
    }
    return text;
  }
  if (f.totals->unattributed >= 1)
    return fmt::format("kept; at least {} unattributed", with_thousands(f.totals->unattributed));
  return "kept";
}

/// The figures for a terminal: each contingent and each figure in one cell;
/// the line plain (no thousands separator), padded to align on the right.
/// With totals, a last column says what spec section 8 made of each
/// observation.
void for_people(const std::vector<const FigureCheck*>& list, bool totals) {
  std::vector<std::string> columns{"verdict", "id", "line", "kind", "date", "counts", "figure", "against",
                                   "difference", "overlap"};
  if (totals) columns.emplace_back("section 8");
  TableWriter out(standard_output(), Format::table, std::move(columns));
  std::size_t width = std::string_view("line").size();
  for (const FigureCheck* f : list) width = std::max(width, fmt::formatted_size("{}", f->row.line));
  for (const FigureCheck* f : list) {
    const std::string who = scope_text(f->scope, f->observation);
    const std::string against = f->set_by       ? "report " + std::string(f->set_by->id) + ": "
                                : f->observation ? "sum of contingents: "
                                                 : "the rows before: ";
    std::vector<Cell> cells{std::string(to_string(f->verdict())), std::string(f->row.id),
                            fmt::format("{:>{}}", f->row.line, width),
                            std::string(f->observation ? "observation" : "report"), to_string(f->day),
                            who, value_text(f->stated), against + value_text(f->tracks),
                            signed_count(f->difference()), Flag{f->overlap()}};
    if (totals) cells.emplace_back(totals_text(*f));
    out.row(cells);
  }
  out.finish();
}

/// The table for people: the summary, the figures (conflicts first), and
/// the sources of every figure that differs or conflicts.
void print_for_people(const std::string& file, const Reconciliation& r, bool totals) {
  Output& out = standard_output();
  out.print("{}\n", summary(file, r, totals));
  const std::vector<const FigureCheck*> list = r.conflicts_first();
  if (list.empty()) return;
  out.print("\n");
  for_people(list, totals);
  bool header = false;
  for (const FigureCheck* x : list) {
    if (x->verdict() != Verdict::differs && x->verdict() != Verdict::conflicts) continue;
    if (x->row.source.empty()) continue;
    if (!header) out.print("\nSources of the figures that differ or conflict:\n");
    header = true;
    out.print("  {} (line {}): {}\n", x->row.id, x->row.line, x->row.source);
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
      const Vantage view = o->view();
      const Format f = o->output_format();
      const LoadedLog in = o->load();
      const Log& log = in.log;
      const Reconciliation r = reconcile(log, filter, view);
      const bool conflict = r.any_conflict();
      // A log with no observation answers as before (cli.md, Totals): no
      // section 8 column. Where it has one, csv and json keep their columns
      // under --parts-only too (blank), so a log's records have one shape.
      const bool observations = !log.observation_rows().empty();
      if (f == Format::table) print_for_people(log.file(), r, observations && !view.parts_only);
      else records(r.conflicts_first(), f, observations);
      return (*strict && conflict) ? 3 : 0;
    });
  });
}

}  // namespace muster::cli
