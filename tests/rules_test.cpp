// Tests for muster/rules.hpp: spec sections 4 and 5 on hand-worked cases,
// each number worked out from the spec's text, not from another run.
#include <muster/rules.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using muster::Count;
using muster::Day;
using muster::Kind;
using muster::Period;
using muster::Value;
namespace rules = muster::rules;

Day day(const char* s) { return *muster::parse_day(s); }
Period on(const char* s) { return Period::of_day(day(s)); }

struct Row {
  Kind kind;
  Period date;
  Value value;
};

std::vector<rules::DayEnd> run(const std::vector<Row>& rows) {
  std::vector<rules::TrackStep> steps;
  for (std::size_t i = 0; i < rows.size(); ++i)
    rules::append_steps(rows[i].kind, rows[i].date, rows[i].value, i, steps);
  std::vector<rules::DayEnd> ends;
  rules::run_tracks(steps, ends);
  return ends;
}

constexpr Count inf = Value::unbounded;

TEST(Rules, AReportSetsTheTracksAfterTheDaysArrivals) {
  // 217 land and a report of 600 (600 to 650) on the same day: + first, then set.
  const auto ends = run({{Kind::arrival, on("2025-01-18"), Value::exactly(217)},
                         {Kind::report, on("2025-01-18"), Value{600, 600, 650}}});
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].value, (Value{600, 600, 650}));
}

TEST(Rules, AnArrivalOverAMonthRaisesTheLowOnlyOnItsLastDay) {
  const auto ends = run({{Kind::arrival, *muster::parse_period("2024-06"), Value{300, 200, 400}}});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[0].day, day("2024-06-01"));
  EXPECT_EQ(ends[0].value, (Value{300, 0, 400}));
  EXPECT_EQ(ends[1].day, day("2024-06-30"));
  EXPECT_EQ(ends[1].value, (Value{300, 200, 400}));
  EXPECT_EQ(rules::value_at_end(ends, day("2024-06-15")), (Value{300, 0, 400}));
  EXPECT_EQ(rules::value_at_end(ends, day("2024-05-31")), Value{});
}

TEST(Rules, DeparturesBelowZeroAreRaisedToZeroAndFlagged) {
  // 100 present; 150 leave: every track falls below 0 and is raised to 0.
  const auto ends = run({{Kind::arrival, on("2025-01-01"), Value::exactly(100)},
                         {Kind::departure, on("2025-02-01"), Value::exactly(150)}});
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_FALSE(ends[0].high_below_zero);
  EXPECT_EQ(ends[1].value, Value{});
  EXPECT_TRUE(ends[1].high_below_zero);
}

TEST(Rules, PlusAndMinusOfOneDayAreAddedBeforeRaisingToZero) {
  // 50 arrive and 80 leave on a day with 40 present: 40 + 50 - 80 = 10.
  const auto ends = run({{Kind::arrival, on("2025-01-01"), Value::exactly(40)},
                         {Kind::departure, on("2025-01-05"), Value::exactly(80)},
                         {Kind::arrival, on("2025-01-05"), Value::exactly(50)}});
  EXPECT_EQ(rules::value_at_end(ends, day("2025-01-05")), Value::exactly(10));
}

TEST(Rules, AnUnboundedHighStaysUnboundedUntilASetStep) {
  // "present, size unknown", then 30 leave, then a report of 120.
  const auto ends = run({{Kind::arrival, on("2025-01-01"), Value{0, 0, inf}},
                         {Kind::departure, on("2025-01-10"), Value::exactly(30)},
                         {Kind::report, on("2025-01-20"), Value::exactly(120)}});
  EXPECT_EQ(rules::value_at_end(ends, day("2025-01-01")), (Value{0, 0, inf}));
  EXPECT_EQ(rules::value_at_end(ends, day("2025-01-10")), (Value{0, 0, inf}));
  EXPECT_EQ(rules::value_at_end(ends, day("2025-01-20")), Value::exactly(120));
}

TEST(Rules, AnUnboundedDepartureTakesTheLowToZero) {
  // 100 present; "some left" (0 or more): the low falls to 0, the high loses 0.
  const auto ends = run({{Kind::arrival, on("2025-01-01"), Value::exactly(100)},
                         {Kind::departure, on("2025-01-10"), Value{0, 0, inf}}});
  EXPECT_EQ(rules::value_at_end(ends, day("2025-01-10")), (Value{100, 0, 100}));
}

TEST(Rules, TheLastSetStepOfADayInFileOrderWins) {
  // Two reports of one day: the later row wins whatever order the steps come in.
  std::vector<rules::TrackStep> steps;
  rules::append_steps(Kind::report, on("2025-03-01"), Value::exactly(700), 5, steps);
  rules::append_steps(Kind::report, on("2025-03-01"), Value::exactly(650), 2, steps);
  std::vector<rules::DayEnd> ends;
  rules::run_tracks(steps, ends);
  EXPECT_EQ(rules::value_at_end(ends, day("2025-03-01")), Value::exactly(700));
}

TEST(Rules, TheStrengthBeforeEachRowsSetSteps) {
  // 100 there; on 1 March 30 land and reports of 120, then 150 (a month
  // arrival of 10 steps on its first day; an unbounded report on 2 March).
  std::vector<rules::TrackStep> steps;
  rules::append_steps(Kind::arrival, on("2025-02-01"), Value::exactly(100), 0, steps);
  rules::append_steps(Kind::report, on("2025-03-01"), Value::exactly(120), 1, steps);
  rules::append_steps(Kind::arrival, on("2025-03-01"), Value::exactly(30), 2, steps);
  rules::append_steps(Kind::report, on("2025-03-01"), Value{150, 140, 160}, 3, steps);
  rules::append_steps(Kind::arrival, *muster::parse_period("2025-03"), Value::exactly(10), 4, steps);
  rules::append_steps(Kind::report, on("2025-03-02"), Value{200, 190, inf}, 5, steps);
  std::vector<rules::DayEnd> ends, plain;
  std::vector<rules::BeforeSet> before;
  std::vector<rules::TrackStep> copy = steps;
  rules::run_tracks(steps, ends, before);
  rules::run_tracks(copy, plain);
  ASSERT_EQ(before.size(), 3u);
  // The day's + steps (30 and 10: 140, the month's low step still to come), then row 1's set.
  EXPECT_EQ(before[0].order, 1u);
  EXPECT_EQ(before[0].value, (Value{140, 130, 140}));
  EXPECT_EQ(before[1].order, 3u);
  EXPECT_EQ(before[1].value, Value::exactly(120));
  EXPECT_EQ(before[2].order, 5u);
  EXPECT_EQ(before[2].day, day("2025-03-02"));
  EXPECT_EQ(before[2].value, (Value{150, 140, 160}));
  // The day ends are run_tracks' own.
  ASSERT_EQ(ends.size(), plain.size());
  for (std::size_t i = 0; i < ends.size(); ++i) {
    EXPECT_EQ(ends[i].day, plain[i].day);
    EXPECT_EQ(ends[i].value, plain[i].value);
    EXPECT_EQ(ends[i].crossed, plain[i].crossed);
    EXPECT_EQ(ends[i].high_below_zero, plain[i].high_below_zero);
  }
}

TEST(Rules, ASeedStartsARunFromAKnownState) {
  std::vector<rules::TrackStep> steps;
  rules::append_seed(day("2025-01-31"), Value{400, 380, inf}, steps);
  rules::append_steps(Kind::arrival, on("2025-02-01"), Value::exactly(200), 1, steps);
  std::vector<rules::DayEnd> ends;
  rules::run_tracks(steps, ends);
  EXPECT_EQ(rules::value_at_end(ends, day("2025-02-01")), (Value{600, 580, inf}));
}

TEST(Rules, PledgesAndRetractionsPutNoSteps) {
  std::vector<rules::TrackStep> steps;
  rules::append_steps(Kind::pledge, on("2025-01-01"), Value::exactly(1000), 0, steps);
  rules::append_steps(Kind::retraction, on("2025-01-01"), Value{}, 1, steps);
  EXPECT_TRUE(steps.empty());
  EXPECT_EQ(rules::first_step_day(Kind::report, *muster::parse_period("2024-06")), day("2024-06-30"));
  EXPECT_EQ(rules::first_step_day(Kind::arrival, *muster::parse_period("2024-06")), day("2024-06-01"));
}

TEST(Rules, AVantageSeesKnownConfirmedRowsThatNothingKnownHides) {
  const muster::Vantage then{.as_of = day("2025-01-20")};
  const muster::Vantage planned{.include_planned = true};
  EXPECT_TRUE(rules::sees(then, Kind::arrival, false, day("2025-01-20"), false));
  EXPECT_FALSE(rules::sees(then, Kind::arrival, false, day("2025-01-21"), false));
  EXPECT_FALSE(rules::sees(then, Kind::arrival, true, day("2025-01-01"), false));
  EXPECT_TRUE(rules::sees(planned, Kind::arrival, true, day("2025-01-01"), false));
  EXPECT_FALSE(rules::sees(planned, Kind::retraction, false, day("2025-01-01"), false));
  EXPECT_FALSE(rules::sees(planned, Kind::report, false, day("2025-01-01"), true));
  // Row 2 corrects row 0 on 2025-01-22; row 3 retracts row 2 on 2025-01-19.
  const std::vector<rules::Supersession> s = {{2, 0, day("2025-01-22")}, {3, 2, day("2025-01-19")}};
  EXPECT_EQ(rules::hidden_rows(then, 4, s), (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(rules::hidden_rows({}, 4, s), (std::vector<bool>{true, false, true, false}));
}

TEST(Rules, ReportsOfAWholeCountryOrMissionAreObservations) {
  const auto ken = *muster::Country::find("KEN");
  const auto jam = *muster::Country::find("JAM");
  const std::vector<muster::Contingent> keys = {
      {"MSS", {}, ""}, {"MSS", jam, ""}, {"MSS", ken, ""}, {"MSS", ken, "police"}};
  EXPECT_EQ(rules::observation_keys(keys), (std::vector<bool>{true, false, true, false}));
}

}  // namespace
