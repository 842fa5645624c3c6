// Tests for muster/reconcile.hpp (and `muster check`): every report held
// against the tracks just before its set step, every observation against its
// group at the end of its day, and same-day disagreements. Expected figures
// are worked out by hand from spec sections 4 and 5.
#include <muster/generate.hpp>
#include <muster/timeline.hpp>
#include <muster/reconcile.hpp>

#include <gtest/gtest.h>

#include "command.hpp"
#include "reference.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace {

using namespace muster;

const std::string header = "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes\n";

Log log_of(const std::string& rows) { return parse_log(header + rows, "t.csv"); }

const FigureCheck& figure(const Reconciliation& r, std::string_view id) {
  for (const auto& f : r.figures)
    if (f.row.id == id) return f;
  throw std::runtime_error("no figure " + std::string(id));
}

bool has_figure(const Reconciliation& r, std::string_view id) {
  for (const auto& f : r.figures)
    if (f.row.id == id) return true;
  return false;
}

constexpr Count inf = Value::unbounded;

TEST(ReconcileTest, ReportIsHeldAgainstTheTracksBeforeIt) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,90,,,,,\n");
  const auto r = reconcile(log);
  ASSERT_EQ(r.figures.size(), 1u);
  const auto& f = figure(r, "r");
  EXPECT_FALSE(f.observation);
  EXPECT_EQ(f.day, *parse_day("2025-01-10"));
  EXPECT_EQ(f.stated, Value::exactly(90));
  EXPECT_EQ(f.tracks, Value::exactly(100));
  EXPECT_EQ(f.difference(), -10);
  EXPECT_FALSE(f.overlap());
  EXPECT_EQ(f.verdict(), Verdict::conflicts);
  EXPECT_TRUE(r.any_conflict());
}

TEST(ReconcileTest, SameDayPlusAndMinusStepsComeBeforeTheSetStep) {
  // Spec 5: on one day the + and - steps apply first, then the set steps, so
  // the report is held against 100 - 30 + 10 = 80 even though it comes first
  // in the file.
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,80,,,,,\n"
      "d,departure,2025-01-05,M,KEN,police,30,,,,,\n"
      "b,arrival,2025-01-10,M,KEN,police,10,,,,,\n");
  const Reconciliation rec = reconcile(log);  // figure() refers into it
  const auto& f = figure(rec, "r");
  EXPECT_EQ(f.tracks, Value::exactly(80));
  EXPECT_EQ(f.verdict(), Verdict::agrees);
  EXPECT_EQ(f.difference(), 0);
}

TEST(ReconcileTest, OverlappingRangesDifferRatherThanConflict) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-02-01,M,KEN,police,95,90,110,,,\n");
  const Reconciliation rec = reconcile(log);  // figure() refers into it
  const auto& f = figure(rec, "r");
  EXPECT_EQ(f.stated, (Value{95, 90, 110}));
  EXPECT_EQ(f.difference(), -5);
  EXPECT_TRUE(f.overlap());
  EXPECT_EQ(f.verdict(), Verdict::differs);
}

TEST(ReconcileTest, UnboundedTracksOverlapAnyHigherFigure) {
  // Present, size unknown, then a count: 400 against 0 (0 or more).
  const Log log = log_of(
      "a,arrival,2024-06,M,KEN,police,,0,,,,\n"
      "r,report,2025-01-17,M,KEN,police,400,,,,,\n");
  const Reconciliation rec = reconcile(log);  // figure() refers into it
  const auto& f = figure(rec, "r");
  EXPECT_EQ(f.tracks, (Value{0, 0, inf}));
  EXPECT_EQ(f.difference(), 400);
  EXPECT_TRUE(f.overlap());
  EXPECT_EQ(f.verdict(), Verdict::differs);
}

TEST(ReconcileTest, AFirstReportHasNothingBeforeIt) {
  const Log log = log_of(
      "r,report,2025-01-10,M,KEN,police,90,,,,,\n"
      "a,arrival,2025-02-01,M,KEN,police,5,,,,,\n");
  const auto r = reconcile(log);
  const auto& f = figure(r, "r");
  EXPECT_TRUE(f.nothing_before);
  EXPECT_EQ(f.tracks, Value{});
  EXPECT_EQ(f.verdict(), Verdict::first);
  EXPECT_FALSE(r.any_conflict());
  EXPECT_EQ(r.count(Verdict::first), 1u);
}

TEST(ReconcileTest, MonthReportIsHeldAtTheEndOfItsMonth) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "d,departure,2025-01-31,M,KEN,police,40,,,,,\n"
      "r,report,2025-01,M,KEN,police,60,,,,,\n");
  const Reconciliation rec = reconcile(log);  // figure() refers into it
  const auto& f = figure(rec, "r");
  EXPECT_EQ(f.day, *parse_day("2025-01-31"));
  EXPECT_EQ(f.tracks, Value::exactly(60));
  EXPECT_EQ(f.verdict(), Verdict::agrees);
}

TEST(ReconcileTest, TwoReportsOfOneDayDisagree) {
  // r1 is held against the arrival (100); r2 against r1's set step (110).
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r1,report,2025-02-01,M,KEN,police,110,,,,,\n"
      "r2,report,2025-02-01,M,KEN,police,120,,,,,\n"
      "r3,report,2025-02-01,M,KEN,police,110,,,,,\n");
  const auto r = reconcile(log);
  EXPECT_EQ(figure(r, "r1").tracks, Value::exactly(100));
  EXPECT_EQ(figure(r, "r2").tracks, Value::exactly(110));
  EXPECT_EQ(figure(r, "r3").tracks, Value::exactly(120));
  ASSERT_EQ(r.disagreements.size(), 1u);  // r3 repeats r1
  const Disagreement& d = r.disagreements[0];
  EXPECT_EQ(d.earlier.id, "r1");
  EXPECT_EQ(d.later.id, "r2");
  EXPECT_EQ(d.day, *parse_day("2025-02-01"));
  EXPECT_EQ(d.difference(), 10);
  EXPECT_EQ(d.verdict(), Verdict::conflicts);
}

TEST(ReconcileTest, ReportsOfOtherContingentsOrDaysDoNotDisagree) {
  const Log log = log_of(
      "r1,report,2025-02-01,M,KEN,police,110,,,,,\n"
      "r2,report,2025-02-01,M,KEN,military,120,,,,,\n"
      "r3,report,2025-02-02,M,KEN,police,120,,,,,\n");
  EXPECT_TRUE(reconcile(log).disagreements.empty());
}

TEST(ReconcileTest, ObservationsAreHeldAgainstTheirGroupAtTheEndOfTheDay) {
  // The mission total and Kenya (blank component, Kenya has components) are
  // observations; both are held against sums at the end of 2025-01-20.
  const Log log = log_of(
      "k,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "j,arrival,2025-01-01,M,JAM,military,40,,,,,\n"
      "late,arrival,2025-01-20,M,JAM,military,5,,,,,\n"
      "total,report,2025-01-20,M,,,150,,,,,\n"
      "ken,report,2025-01-20,M,KEN,,100,,,,,\n"
      "other,report,2025-01-20,X,,,10,,,,,\n"
      "soldiers,report,2025-01-20,M,,military,45,,,,,\n");
  const auto r = reconcile(log);
  const auto& total = figure(r, "total");
  EXPECT_TRUE(total.observation);
  EXPECT_FALSE(total.scope.country.ok());
  EXPECT_EQ(total.tracks, Value::exactly(145));
  EXPECT_EQ(total.difference(), 5);
  EXPECT_EQ(total.verdict(), Verdict::conflicts);
  const auto& ken = figure(r, "ken");
  EXPECT_TRUE(ken.observation);
  EXPECT_EQ(ken.scope.country.code(), "KEN");
  EXPECT_EQ(ken.tracks, Value::exactly(100));
  EXPECT_EQ(ken.verdict(), Verdict::agrees);
  // Mission X has no rows at all: nothing to hold it against.
  EXPECT_EQ(figure(r, "other").verdict(), Verdict::first);
  // A blank country with a component: that component of every country.
  const auto& soldiers = figure(r, "soldiers");
  EXPECT_TRUE(soldiers.observation);
  EXPECT_EQ(soldiers.scope.component, "military");
  EXPECT_EQ(soldiers.tracks, Value::exactly(45));
  EXPECT_EQ(soldiers.verdict(), Verdict::agrees);
  // Figures come in file order.
  ASSERT_EQ(r.figures.size(), 4u);
  EXPECT_EQ(r.figures[0].row.id, "total");
  EXPECT_EQ(r.figures[2].row.id, "other");
}

TEST(ReconcileTest, TheViewDecidesWhatIsHeldAndAgainstWhat) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,2025-01-01,\n"
      "p,arrival,2025-01-05,M,KEN,police,50,,,planned,2025-01-01,\n"
      "r,report,2025-01-10,M,KEN,police,150,,,,2025-01-10,\n"
      "c,report,2025-01-10,M,KEN,police,100,,,,2025-01-12,r\n");
  // Default view: c supersedes r; c is held against 100 (the plan unseen).
  auto r = reconcile(log);
  EXPECT_FALSE(has_figure(r, "r"));
  EXPECT_EQ(figure(r, "c").tracks, Value::exactly(100));
  EXPECT_EQ(figure(r, "c").verdict(), Verdict::agrees);
  // As of 2025-01-11 with planned rows: r is seen (c unknown) against 150.
  View v;
  v.as_of = *parse_day("2025-01-11");
  v.include_planned = true;
  r = reconcile(log, v);
  EXPECT_FALSE(has_figure(r, "c"));
  EXPECT_EQ(figure(r, "r").tracks, Value::exactly(150));
  EXPECT_EQ(figure(r, "r").verdict(), Verdict::agrees);
}

TEST(ReconcileTest, RetractedReportsAreNotHeld) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,5,,,,,\n"
      "x,retraction,2025-01-10,,,,,,,,,r\n");
  const auto r = reconcile(log);
  EXPECT_TRUE(r.figures.empty());
  EXPECT_FALSE(r.any_conflict());
}

TEST(ReconcileTest, JudgeAndOverlaps) {
  EXPECT_TRUE(overlaps(Value{0, 0, inf}, Value::exactly(1'000'000'000)));
  EXPECT_FALSE(overlaps(Value::exactly(600), Value::exactly(617)));
  EXPECT_TRUE(overlaps(Value{780, 780, 799}, Value{617, 617, inf}));
  EXPECT_EQ(judge(Value{780, 780, 799}, Value{617, 617, inf}), Verdict::differs);
  EXPECT_EQ(judge(Value::exactly(7), Value{7, 0, 9}), Verdict::agrees);
  EXPECT_EQ(to_string(Verdict::conflicts), "conflicts");
}

TEST(ReconcileTest, MatchesAPlainRecomputationOnAGeneratedLog) {
  // The definition, computed the slow way: a report's figure is what its
  // contingent's tracks give at the end of its day from every other seen row,
  // leaving out reports of that day later in the file; an observation's is
  // the strength of its group (Timeline).
  GenerateOptions o;
  o.rows = 3000;
  o.seed = 11;
  o.countries = 6;
  o.missions = 2;
  const Log log = parse_log(generate_log(o), "generated.csv");
  // The reference (tests/reference.hpp) shares no code with muster: section 4
  // row by row, section 5 day by day.
  const std::vector<ref::Row> rows = ref::rows_of(log);
  std::vector<bool> observation(rows.size());
  for (const ref::Row& e : rows) observation[e.index] = ref::is_observation(rows, e);
  for (const View& view : {View{}, View{parse_day("2008-01-01"), true}}) {
    const Timeline t{log, view};
    const std::vector<bool> seen = ref::seen(rows, view);
    const auto r = reconcile(log, view);
    std::size_t reports = 0, observations = 0;
    for (const FigureCheck& f : r.figures) {
      if (f.observation) {
        ++observations;
        Filter group{std::string(f.row.mission), f.row.country, std::nullopt};
        if (!f.row.component.empty()) group.component = f.row.component;
        EXPECT_EQ(f.tracks, t.strength(f.day, group));
        continue;
      }
      ++reports;
      const ref::Key scope{f.scope.mission,
                           f.scope.country.ok() ? std::string(f.scope.country.code()) : "",
                           f.scope.component};
      std::vector<const ref::Row*> others;
      for (const ref::Row& e : rows) {
        if (!seen[e.index] || e.kind == Kind::pledge || observation[e.index] ||
            ref::key_of(e) != scope || e.index == f.row.index)
          continue;
        if (e.kind == Kind::report && e.last == f.day && e.index > f.row.index) continue;
        others.push_back(&e);
      }
      const Value expected = ref::value_at(others, f.day);
      ASSERT_EQ(f.tracks, expected) << f.row.id;
    }
    EXPECT_GT(reports, 100u);
    EXPECT_GT(observations, 0u);
  }
}

TEST(ReconcileTest, AFilterKeepsTheFiguresOfItsScopeUnchanged) {
  GenerateOptions o;
  o.rows = 1500;
  o.seed = 3;
  o.countries = 4;
  o.missions = 2;
  const Log log = parse_log(generate_log(o), "generated.csv");
  const auto all = reconcile(log);
  Filter one_country;
  one_country.country = all.figures.front().scope.country.ok() ? all.figures.front().scope.country
                                                          : *Country::find("KEN");
  const auto some = reconcile(log, {}, one_country);
  std::vector<std::size_t> expected, got;
  for (const FigureCheck& f : all.figures)
    if (one_country.matches(f.scope)) expected.push_back(f.row.index);
  for (const FigureCheck& f : some.figures) {
    got.push_back(f.row.index);
    const FigureCheck& same = figure(all, f.row.id);
    EXPECT_EQ(f.tracks, same.tracks) << f.row.id;
    EXPECT_EQ(f.verdict(), same.verdict()) << f.row.id;
  }
  EXPECT_FALSE(got.empty());
  EXPECT_EQ(got, expected);
  for (const Disagreement& d : some.disagreements) EXPECT_TRUE(d.scope.country == *one_country.country);
}

// --- muster check, as a subprocess ----------------------------------------------

#ifdef MUSTER_EXE
CommandResult run(const std::string& args) { return run_muster(args, "2>/dev/null"); }

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(CheckCommandTest, CsvFindingsAndExitStatus) {
  const std::string path = write_temp("check_conflict.csv", header +
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,90,,,,,\n"
      "r2,report,2025-01-10,M,KEN,police,95,,,,,\n");
  const CommandResult r = run("check " + path + " --format csv");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "verdict,id,line,kind,date,mission,country,component,estimate,low,high,against,"
            "against_estimate,against_low,against_high,difference,overlap\n"
            "conflicts,r,3,report,2025-01-10,M,KEN,police,90,90,90,tracks,100,100,100,-10,no\n"
            "conflicts,r2,4,report,2025-01-10,M,KEN,police,95,95,95,tracks,90,90,90,5,no\n"
            "conflicts,r2,4,report,2025-01-10,M,KEN,police,95,95,95,r,90,90,90,5,no\n");
  EXPECT_EQ(run("check " + path + " --strict --format csv").status, 3);
}

TEST(CheckCommandTest, StrictPassesWhenNothingConflicts) {
  const std::string path = write_temp("check_ok.csv", header +
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,100,90,110,,,\n");
  const CommandResult r = run("check " + path + " --strict --format table");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind(path + ": 1 figure held against the tracks: 0 conflicting", 0), 0u) << r.out;
}

TEST(CheckCommandTest, RefusedLogExitsOneWithNothingOnStdout) {
  const std::string path = write_temp("check_bad.csv", header + "a,arrival,2025-13-01,M,KEN,,1,,,,,\n");
  const CommandResult r = run("check " + path + " --strict");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
}

TEST(CheckCommandTest, JsonHasSummaryAndTypedFindings) {
  const std::string path = write_temp("check_json.csv", header +
      "a,arrival,2025-01-01,M,KEN,police,,0,,,,\n"
      "r,report,2025-01-10,M,KEN,police,400,,,,,\n");
  const CommandResult r = run("check " + path + " --format json");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("\"conflicts\": false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"against_high\": null"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"overlap\": true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"verdict\": \"differs\""), std::string::npos) << r.out;
}
#endif

}  // namespace
