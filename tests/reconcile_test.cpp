// Tests for muster/reconcile.hpp (and `muster check`): every report held
// against the tracks just before its set step, every observation against its
// group at the end of its day, and same-day disagreements. Expected figures
// are worked out by hand from spec sections 4 and 5.
#include <muster/generate.hpp>
#include <muster/timeline.hpp>
#include <muster/reconcile.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "reference.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
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

TEST(ReconcileTest, TwoReportsOfOneDayConflict) {
  // r1 is held against the arrival (100); r2 against r1's set step (110), r3
  // against r2's: reports of one day, never updates of each other.
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r1,report,2025-02-01,M,KEN,police,110,,,,,\n"
      "r2,report,2025-02-01,M,KEN,police,120,,,,,\n"
      "r3,report,2025-02-01,M,KEN,police,110,,,,,\n"
      "r4,report,2025-02-01,M,KEN,police,100,95,115,,,\n");
  const auto r = reconcile(log);
  EXPECT_EQ(figure(r, "r1").tracks, Value::exactly(100));
  EXPECT_FALSE(figure(r, "r1").set_by);
  EXPECT_EQ(figure(r, "r1").verdict(), Verdict::conflicts);
  EXPECT_EQ(figure(r, "r2").tracks, Value::exactly(110));
  ASSERT_TRUE(figure(r, "r2").set_by);
  EXPECT_EQ(figure(r, "r2").set_by->id, "r1");
  EXPECT_TRUE(figure(r, "r2").same_day());
  EXPECT_EQ(figure(r, "r2").difference(), 10);
  EXPECT_EQ(figure(r, "r2").verdict(), Verdict::conflicts);
  EXPECT_EQ(figure(r, "r3").tracks, Value::exactly(120));
  EXPECT_EQ(figure(r, "r3").set_by->id, "r2");
  EXPECT_EQ(figure(r, "r3").verdict(), Verdict::conflicts);
  EXPECT_EQ(figure(r, "r4").verdict(), Verdict::differs);  // 95-115 holds 110
  EXPECT_EQ(r.count(Verdict::conflicts), 3u);
  EXPECT_EQ(r.count(Verdict::update), 0u);
  EXPECT_TRUE(r.any_conflict());
}

TEST(ReconcileTest, ATablesNextFigureIsAnUpdate) {
  // Quarterly reports, as an imported table has them: each quarter's figure
  // differs from the last, with no arrival or departure between.
  const Log log = log_of(
      "q1,report,2024-03,M,KEN,police,100,,,,,\n"
      "q2,report,2024-06,M,KEN,police,120,,,,,\n"
      "q3,report,2024-09,M,KEN,police,120,,,,,\n"
      "q4,report,2024-12,M,KEN,police,90,80,,,,\n"
      "j1,report,2024-03,M,JAM,police,5,,,,,\n");
  const auto r = reconcile(log);
  EXPECT_EQ(figure(r, "q1").verdict(), Verdict::first);
  const auto& q2 = figure(r, "q2");
  ASSERT_TRUE(q2.set_by);
  EXPECT_EQ(q2.set_by->id, "q1");
  EXPECT_FALSE(q2.same_day());
  EXPECT_EQ(q2.tracks, Value::exactly(100));
  EXPECT_FALSE(q2.overlap());
  EXPECT_EQ(q2.verdict(), Verdict::update);
  EXPECT_EQ(figure(r, "q3").verdict(), Verdict::agrees);  // same figure: agrees
  EXPECT_EQ(figure(r, "q4").set_by->id, "q3");
  EXPECT_EQ(figure(r, "q4").verdict(), Verdict::update);  // overlapping: still an update
  EXPECT_EQ(figure(r, "j1").verdict(), Verdict::first);   // another contingent
  EXPECT_EQ(r.count(Verdict::update), 2u);
  EXPECT_FALSE(r.any_conflict());  // an update is not a conflict
}

TEST(ReconcileTest, AnArrivalOrDepartureBetweenMakesAConflict) {
  // q2 against q1 and the arrival after it: the tracks, not q1's figure.
  const Log log = log_of(
      "q1,report,2024-03,M,KEN,police,100,,,,,\n"
      "a,arrival,2024-04-10,M,KEN,police,10,,,,,\n"
      "q2,report,2024-06,M,KEN,police,120,,,,,\n"
      "d,departure,2024-06-30,M,KEN,police,5,,,,,\n"
      "q3,report,2024-06-30,M,KEN,police,130,,,,,\n");
  const auto r = reconcile(log);
  const auto& q2 = figure(r, "q2");
  EXPECT_FALSE(q2.set_by);
  EXPECT_EQ(q2.tracks, Value::exactly(105));  // the departure of its day comes before it
  EXPECT_EQ(q2.verdict(), Verdict::conflicts);
  // The departure is of q2's and q3's day: before both set steps, so q3 is
  // held against q2 itself (a report of the same day).
  EXPECT_EQ(figure(r, "q3").set_by->id, "q2");
  EXPECT_EQ(figure(r, "q3").verdict(), Verdict::conflicts);
  EXPECT_TRUE(r.any_conflict());
}

TEST(ReconcileTest, WhatComesBetweenIsJudgedOnTheTracksOfTheView) {
  // A month arrival that starts before q1 and ends after it puts its low
  // step between q1 and q2. An arrival of q3's day comes before q3's set
  // step: between q2 and q3, not between q3 and q4. A retracted arrival never
  // comes between; a planned one only when planned rows are counted.
  const Log log = log_of(
      "q1,report,2024-03-15,M,KEN,police,100,,,,,\n"
      "span,arrival,2024-03,M,KEN,police,4,,,,,\n"
      "q2,report,2024-04-20,M,KEN,police,120,,,,,\n"
      "on3,arrival,2024-06-30,M,KEN,police,7,,,,,\n"
      "q3,report,2024-06,M,KEN,police,140,,,,,\n"
      "plan,arrival,2024-07-05,M,KEN,police,20,,,planned,,\n"
      "x,arrival,2024-08-10,M,KEN,police,3,,,,,\n"
      "gone,retraction,2024-08-11,,,,,,,,,x\n"
      "q4,report,2024-09,M,KEN,police,150,,,,,\n");
  auto r = reconcile(log);
  EXPECT_FALSE(figure(r, "q2").set_by);
  // The tracks cross (low 104, high 100): the range between them (section 5).
  EXPECT_EQ(figure(r, "q2").tracks, (Value{100, 100, 104}));
  EXPECT_EQ(figure(r, "q2").verdict(), Verdict::conflicts);
  EXPECT_FALSE(figure(r, "q3").set_by);
  EXPECT_EQ(figure(r, "q3").tracks, Value::exactly(127));
  EXPECT_EQ(figure(r, "q3").verdict(), Verdict::conflicts);
  ASSERT_TRUE(figure(r, "q4").set_by);
  EXPECT_EQ(figure(r, "q4").set_by->id, "q3");
  EXPECT_EQ(figure(r, "q4").verdict(), Verdict::update);
  Vantage planned;
  planned.include_planned = true;
  r = reconcile(log, {}, planned);
  EXPECT_FALSE(figure(r, "q4").set_by);
  EXPECT_EQ(figure(r, "q4").tracks, Value::exactly(160));
  EXPECT_EQ(figure(r, "q4").verdict(), Verdict::conflicts);
}

TEST(ReconcileTest, ReportsOfOtherContingentsOrDaysDoNotDisagree) {
  const Log log = log_of(
      "r1,report,2025-02-01,M,KEN,police,110,,,,,\n"
      "r2,report,2025-02-01,M,KEN,military,120,,,,,\n"
      "r3,report,2025-02-02,M,KEN,police,120,,,,,\n");
  const auto r = reconcile(log);
  EXPECT_EQ(figure(r, "r2").verdict(), Verdict::first);
  EXPECT_EQ(figure(r, "r3").verdict(), Verdict::update);
  EXPECT_FALSE(r.any_conflict());
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
  const auto r = reconcile(log, {}, Vantage{.parts_only = true});  // section 5's sums
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
  Vantage v;
  v.as_of = *parse_day("2025-01-11");
  v.include_planned = true;
  r = reconcile(log, {}, v);
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

// The definition, computed the slow way: a report's figure is what its
// contingent's tracks give at the end of its day from every other seen row,
// leaving out reports of that day later in the file; an observation's is
// the strength of its group (Timeline). Counts what it held.
struct Held {
  std::size_t reports = 0, observations = 0, updates = 0;
};
Held expect_as_reference(const Log& log, const Vantage& view) {
  // The reference (tests/reference.hpp) shares no code with muster: section 4
  // row by row, section 5 day by day.
  const std::vector<ref::Row> rows = ref::rows_of(log);
  std::vector<bool> observation(rows.size());
  for (const ref::Row& e : rows) observation[e.index] = ref::is_observation(rows, e);
  Held held;
  const Timeline t{log, view};
  const std::vector<bool> seen = ref::seen(rows, view);
  const auto r = reconcile(log, {}, view);
  for (const FigureCheck& f : r.figures) {
    if (f.observation) {
      ++held.observations;
      Filter group{std::string(f.row.mission), f.row.country, std::nullopt};
      if (!f.row.component.empty()) group.component = f.row.component;
      EXPECT_EQ(f.tracks, t.strength(f.day, group));
      continue;
    }
    ++held.reports;
    const ref::Key scope{f.scope.mission,
                         f.scope.country.ok() ? std::string(f.scope.country.code()) : "",
                         f.scope.component};
    std::vector<const ref::Row*> others;
    for (const ref::Row& e : rows) {
      // A seen end counts where its scope holds the report's contingent.
      const bool end_of_scope = e.kind == Kind::end && e.mission == std::get<0>(scope) &&
                                (e.country.empty() || e.country == std::get<1>(scope)) &&
                                (e.component.empty() || e.component == std::get<2>(scope));
      if (!seen[e.index] || e.kind == Kind::pledge || observation[e.index] ||
          (ref::key_of(e) != scope && !end_of_scope) || e.index == f.row.index)
        continue;
      if (e.kind == Kind::report && e.last == f.day && e.index > f.row.index) continue;
      // So with an end whose set steps on that day come later.
      if (e.kind == Kind::end && e.first == f.day && e.index > f.row.index) continue;
      others.push_back(&e);
    }
    const Value expected = ref::value_at(others, f.day);
    EXPECT_EQ(f.tracks, expected) << f.row.id;
    if (f.tracks != expected) return held;
    // The report held against: the last other report by (day, file order)
    // before this one, where no arrival or departure has its first or last
    // day after that report's day and on or before this one's, and no end
    // sets the estimate (on its first day) between the two reports' set steps.
    const ref::Row* last = nullptr;
    for (const ref::Row* e : others)
      if (e->kind == Kind::report && std::pair(e->last, e->index) < std::pair(f.day, f.row.index) &&
          (!last || std::pair(e->last, e->index) > std::pair(last->last, last->index)))
        last = e;
    bool between = false;
    for (const ref::Row* e : others)
      if (last && e->kind == Kind::end)
        between = between || (std::pair(last->last, last->index) < std::pair(e->first, e->index) &&
                              std::pair(e->first, e->index) < std::pair(f.day, f.row.index));
      else if (last && e->kind != Kind::report)
        for (Day d : {e->first, e->last}) between = between || (last->last < d && d <= f.day);
    EXPECT_EQ(f.set_by.has_value(), last && !between) << f.row.id;
    if (f.set_by.has_value() != (last && !between)) return held;
    if (f.set_by) {
      EXPECT_EQ(f.set_by->index, last->index) << f.row.id;
      EXPECT_EQ(f.tracks, f.set_by->value) << f.row.id;
      if (f.set_by->index != last->index || f.tracks != f.set_by->value) return held;
      held.updates += f.verdict() == Verdict::update;
    }
  }
  return held;
}

TEST(ReconcileTest, MatchesAPlainRecomputationOnAGeneratedLog) {
  GenerateOptions o;
  o.rows = 3000;
  o.seed = 11;
  o.countries = 6;
  o.missions = 2;
  const Log log = parse_log(generate_log(o), "generated.csv");
  // The reference holds observations against section 5's sums.
  for (const Vantage& view : {Vantage{.parts_only = true}, Vantage{parse_day("2008-01-01"), true, true}}) {
    const Held held = expect_as_reference(log, view);
    EXPECT_GT(held.reports, 100u);
    EXPECT_GT(held.updates, 10u);
    EXPECT_GT(held.observations, 0u);
  }
}

TEST(ReconcileTest, ManyFiguresOfOneDayMatchAPlainRecomputation) {
  // What `check` once replayed a day for each report of (bench/linear.sh):
  // many reports of one contingent on one day, with arrivals, a month
  // departure, an unbounded report and a planned end among them, and
  // observations of every kind of group against many contingents.
  std::string rows;
  const std::array<const char*, 4> countries{"KEN", "JAM", "BHS", "BLZ"};
  for (int c = 0; c < 4; ++c)
    for (int p = 0; p < 5; ++p)
      rows += fmt::format("a{}-{},arrival,2025-01-01,M,{},unit{},{},,,,,\n", c, p, countries[c], p, 10 + c + p);
  for (int i = 0; i < 400; ++i) {
    if (i % 50 == 7) rows += fmt::format("x{},arrival,2025-01-18,M,KEN,unit0,{},,,,,\n", i, i);
    if (i == 123) rows += "d,departure,2025-01,M,KEN,unit0,,3,8,,,\n";
    if (i == 200) rows += "u,report,2025-01-18,M,KEN,unit0,,500,,,,\n";
    if (i == 300) rows += "e,end,2025-01-18,M,KEN,,,,,planned,,\n";
    rows += fmt::format("r{},report,2025-01-18,M,KEN,unit0,{},,,,,\n", i, 600 + (i * 37) % 100);
  }
  for (int i = 0; i < 60; ++i)
    rows += fmt::format("o{},report,2025-01-{:02},M,{},{},{},,,,,\n", i, 1 + i % 28,
                        i % 3 == 0 ? "" : countries[i % 4], i % 3 == 1 ? "" : fmt::format("unit{}", i % 5),
                        700 + i);
  const Log log = log_of(rows);
  for (const Vantage& view : {Vantage{.parts_only = true}, Vantage{std::nullopt, true, true}}) {
    const Held held = expect_as_reference(log, view);
    EXPECT_GT(held.reports, 400u);
    EXPECT_GT(held.observations, 30u);
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
  const auto some = reconcile(log, one_country);
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
}

// --- muster check, as a subprocess ----------------------------------------------

#ifdef MUSTER_EXE
CommandResult run(const std::string& args) { return run_muster(args, "2>/dev/null"); }

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

// A report against the arrival (conflicts), one that agrees, the next
// quarter's figure (update), a second report of that day (conflicts).
const std::string quarters = header +
    "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
    "r,report,2025-01-10,M,KEN,police,90,,,,,\n"
    "ok,report,2025-02-10,M,KEN,police,90,,,,,\n"
    "u,report,2025-03,M,KEN,police,80,,,,,\n"
    "r2,report,2025-03-31,M,KEN,police,85,,,,,\n";

TEST(CheckCommandTest, CsvFindingsConflictsFirstAndExitStatus) {
  const std::string path = write_temp("check_conflict.csv", quarters);
  const CommandResult r = run("check " + path + " --format csv");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "verdict,id,line,kind,date,mission,country,component,estimate,low,high,against,"
            "against_estimate,against_low,against_high,difference,overlap\n"
            "conflicts,r,3,report,2025-01-10,M,KEN,police,90,90,90,tracks,100,100,100,-10,no\n"
            "conflicts,r2,6,report,2025-03-31,M,KEN,police,85,85,85,u,80,80,80,5,no\n"
            "update,u,5,report,2025-03-31,M,KEN,police,80,80,80,ok,90,90,90,-10,no\n"
            "agrees,ok,4,report,2025-02-10,M,KEN,police,90,90,90,r,90,90,90,0,yes\n");
  EXPECT_EQ(run("check " + path + " --strict --format csv").status, 3);
}

TEST(CheckCommandTest, AnUpdateIsNoConflictForStrict) {
  const std::string path = write_temp("check_update.csv", header +
      "q1,report,2024-03,M,KEN,police,100,,,,,\n"
      "q2,report,2024-06,M,KEN,police,120,,,,,\n");
  const CommandResult r = run("check " + path + " --strict --format csv");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("\nupdate,q2,3,"), std::string::npos) << r.out;
}

TEST(CheckCommandTest, TableOpensWithTheSummaryThenConflicts) {
  const std::string path = write_temp("check_table.csv", quarters);
  const CommandResult r = run("check " + path + " --format table");
  EXPECT_EQ(r.status, 0);
  std::istringstream lines(r.out);
  std::string summary, blank, columns, rule, first, second, third;
  std::getline(lines, summary);
  std::getline(lines, blank);
  std::getline(lines, columns);
  std::getline(lines, rule);
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_EQ(summary, path + ": 4 figures: 0 first, 1 agrees, 1 update, 0 differ, 2 conflict");
  EXPECT_EQ(first.rfind("conflicts  r ", 0), 0u) << r.out;
  EXPECT_EQ(second.rfind("conflicts  r2 ", 0), 0u) << r.out;
  EXPECT_EQ(third.rfind("update     u ", 0), 0u) << r.out;
}

TEST(CheckCommandTest, TableLineNumbersArePlain) {
  std::string rows = header;
  for (int i = 0; i < 1200; ++i) rows += fmt::format("a{},arrival,2020-01-01,M,KEN,police,1,,,,,\n", i);
  rows += "r,report,2025-01-10,M,KEN,police,5,,,,,\n";  // line 1202
  const std::string path = write_temp("check_lines.csv", rows);
  const CommandResult r = run("check " + path + " --format table");
  EXPECT_NE(r.out.find("  1202  report"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("1,202"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": 1 figure: 0 first, 0 agree, 0 updates, 0 differ, 1 conflicts"),
            std::string::npos) << r.out;
}

TEST(CheckCommandTest, StrictPassesWhenNothingConflicts) {
  const std::string path = write_temp("check_ok.csv", header +
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "r,report,2025-01-10,M,KEN,police,100,90,110,,,\n");
  const CommandResult r = run("check " + path + " --strict --format table");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind(path + ": 1 figure: 0 first, 1 agrees, 0 updates, 0 differ, 0 conflict\n", 0), 0u)
      << r.out;
}

TEST(CheckCommandTest, RefusedLogExitsOneWithNothingOnStdout) {
  const std::string path = write_temp("check_bad.csv", header + "a,arrival,2025-13-01,M,KEN,,1,,,,,\n");
  const CommandResult r = run("check " + path + " --strict");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
}

TEST(CheckCommandTest, JsonIsAnArrayOfTypedFindings) {
  const std::string path = write_temp("check_json.csv", header +
      "a,arrival,2025-01-01,M,KEN,police,,0,,,,\n"
      "r,report,2025-01-10,M,KEN,police,400,,,,,\n");
  const CommandResult r = run("check " + path + " --format json");
  EXPECT_EQ(r.status, 0);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array()) << r.out;
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["verdict"], "differs");
  EXPECT_EQ(j[0]["line"], 3);
  EXPECT_EQ(j[0]["against"], "tracks");
  EXPECT_TRUE(j[0]["against_high"].is_null());
  EXPECT_EQ(j[0]["overlap"], true);
  const auto none = nlohmann::json::parse(run("check " + write_temp("check_none.csv", header) +
                                              " --format json").out);
  EXPECT_EQ(none, nlohmann::json::array());
}
#endif

}  // namespace

TEST(ReconcileTest, EqualReportsOfAFirstDayAreFirstThenAgrees) {
  // Real panels repeat a row (one per conflict episode): the first row of a
  // contingent's first day is `first`, the second is held against it.
  const Log log = log_of(
      "r1,report,2020-01-31,M,KEN,,100,,,,,\n"
      "r2,report,2020-01-31,M,KEN,,100,,,,,\n"
      "r3,report,2020-01-31,M,KEN,,90,,,,,\n"
      "j1,report,2020-02-29,M,JAM,,5,,,,,\n"
      "j0,arrival,2020-02-29,M,JAM,,5,,,,,\n");
  const auto r = reconcile(log);
  EXPECT_EQ(figure(r, "r1").verdict(), Verdict::first);
  EXPECT_EQ(figure(r, "r2").verdict(), Verdict::agrees);
  EXPECT_EQ(figure(r, "r2").tracks, Value::exactly(100));
  EXPECT_EQ(figure(r, "r3").verdict(), Verdict::conflicts);  // against r2's 100, same day
  // The report is the first row of JAM's first day: first, although an
  // arrival of that day follows it in the file.
  EXPECT_EQ(figure(r, "j1").verdict(), Verdict::first);
  EXPECT_EQ(r.count(Verdict::conflicts), 1u);
}

TEST(ReconcileTest, AnEndSetsTheTracksAReportIsHeldAgainst) {
  const Log log = log_of(
      "a,arrival,2020-01-05,M,KEN,police,100,,,,,\n"
      "e,end,2020-02-01,M,,,,,,,,\n"
      "r,report,2020-03-31,M,KEN,police,0,,,,,\n"
      "x,end,2020-04-01,M,KEN,,,,,,,\n");
  const auto r = reconcile(log);
  ASSERT_EQ(r.figures.size(), 1u);  // an end is no figure
  EXPECT_EQ(figure(r, "r").tracks, Value::exactly(0));
  EXPECT_EQ(figure(r, "r").verdict(), Verdict::agrees);
  // A table that still reports a closed mission disagrees with its end: held
  // against the 0 the end set, never an update of it.
  const Log later = log_of(
      "a,arrival,2020-01-05,M,KEN,police,100,,,,,\n"
      "q,report,2020-01-31,M,KEN,police,100,,,,,\n"
      "e,end,2020-02-15,M,,,,,,,,\n"
      "r,report,2020-02-29,M,KEN,police,110,,,,,\n");
  const auto r2 = reconcile(later);
  EXPECT_FALSE(figure(r2, "r").set_by);
  EXPECT_EQ(figure(r2, "r").verdict(), Verdict::conflicts);
}
