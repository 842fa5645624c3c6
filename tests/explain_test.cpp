// Tests for muster/explain.hpp (and `muster explain`): the seen rows behind a
// strength in track order with the strength after each, and the hidden rows
// with their reasons. Expected figures are worked out by hand from spec
// sections 4 and 5.
#include <muster/explain.hpp>
#include <muster/generate.hpp>
#include <muster/timeline.hpp>

#include <gtest/gtest.h>

#include "command.hpp"
#include "reference.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <sys/wait.h>

namespace {

using namespace muster;

const std::string header = "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes\n";

Log log_of(const std::string& rows) { return parse_log(header + rows, "t.csv"); }

Filter country(const char* c) {
  Filter f;
  f.country = Country::find(c);
  return f;
}

Day day(const char* d) { return *parse_day(d); }

constexpr Count inf = Value::unbounded;

std::vector<std::string> ids(const Explanation& x) {
  std::vector<std::string> out;
  for (const auto& s : x.steps) out.emplace_back(s.row.id);
  return out;
}

TEST(ExplainTest, RowsInTrackOrderWithTheStrengthAfterEach) {
  // File order differs from track order: the June arrival comes last in the
  // file but puts its steps first.
  const Log log = log_of(
      "r400,report,2025-01-17,MSS,KEN,police,400,,,,,\n"
      "a217,arrival,2025-01-18,MSS,KEN,police,217,,,,,\n"
      "june,arrival,2024-06,MSS,KEN,police,,0,,,,\n"
      "later,arrival,2025-02-01,MSS,KEN,police,5,,,,,\n");
  const auto x = explain(log, day("2025-01-19"), country("KEN"));
  EXPECT_EQ(ids(x), (std::vector<std::string>{"june", "r400", "a217"}));
  EXPECT_EQ(x.steps[0].after, (Value{0, 0, inf}));
  EXPECT_EQ(x.steps[1].after, Value::exactly(400));
  EXPECT_EQ(x.steps[2].after, Value::exactly(617));
  EXPECT_EQ(x.strength, Value::exactly(617));
  EXPECT_EQ(x.strength, Timeline(log).strength(day("2025-01-19"), country("KEN")));
  EXPECT_TRUE(x.hidden.empty());
}

TEST(ExplainTest, AMonthArrivalRaisesLowOnlyAtTheMonthsEnd) {
  const Log log = log_of("a,arrival,2025-01,M,KEN,police,30,,,,,\n");
  EXPECT_EQ(explain(log, day("2025-01-15")).strength, (Value{30, 0, 30}));
  EXPECT_EQ(explain(log, day("2025-01-31")).strength, Value::exactly(30));
  EXPECT_TRUE(explain(log, day("2024-12-31")).steps.empty());
}

TEST(ExplainTest, AGroupSumsItsContingentsAfterEachRow) {
  const Log log = log_of(
      "k,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "j,report,2025-01-02,M,JAM,military,,0,,,,\n"
      "k2,arrival,2025-01-03,M,KEN,swat,10,,,,,\n"
      "x,arrival,2025-01-03,Y,KEN,police,7,,,,,\n");
  Filter mission;
  mission.mission = "M";
  const auto x = explain(log, day("2025-01-05"), mission);
  EXPECT_EQ(ids(x), (std::vector<std::string>{"k", "j", "k2"}));
  EXPECT_EQ(x.steps[0].after, Value::exactly(100));
  EXPECT_EQ(x.steps[1].after, (Value{100, 100, inf}));
  EXPECT_EQ(x.steps[2].after, (Value{110, 110, inf}));
}

TEST(ExplainTest, HiddenRowsSayWhy) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,2025-01-01,\n"
      "r,report,2025-01-10,M,KEN,police,150,,,,2025-01-10,\n"
      "c,report,2025-01-10,M,KEN,police,120,,,,2025-01-12,r\n"
      "p,arrival,2025-01-11,M,KEN,police,50,,,planned,2025-01-01,\n"
      "d,departure,2025-01-11,M,KEN,police,10,,,,2025-01-11,\n"
      "x,retraction,2025-01-11,,,,,,,,2025-01-13,d\n"
      "n,arrival,2025-01-12,M,KEN,police,1,,,,2025-01-20,\n"
      "future,arrival,2025-02-01,M,KEN,police,9,,,planned,2025-01-01,\n");
  View v;
  v.as_of = day("2025-01-15");
  const auto x = explain(log, day("2025-01-31"), country("KEN"), v);
  EXPECT_EQ(ids(x), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(x.strength, Value::exactly(120));
  ASSERT_EQ(x.hidden.size(), 4u);  // r, p, d, n in file order; `future` is after the day
  EXPECT_EQ(x.hidden[0].row.id, "r");
  ASSERT_EQ(x.hidden[0].reasons.size(), 1u);
  EXPECT_EQ(x.hidden[0].reasons[0].because, HiddenBecause::superseded);
  EXPECT_EQ(to_string(x.hidden[0].reasons[0], x.hidden[0].row, v), "superseded by c");
  EXPECT_EQ(to_string(x.hidden[1].reasons[0], x.hidden[1].row, v), "planned");
  EXPECT_EQ(to_string(x.hidden[2].reasons[0], x.hidden[2].row, v), "retracted by x");
  EXPECT_EQ(to_string(x.hidden[3].reasons[0], x.hidden[3].row, v),
            "recorded 2025-01-20, after 2025-01-15");

  // Known only as of 2025-01-11: the correction and the retraction are not
  // yet known, so r and d are seen; c is hidden as recorded later.
  v.as_of = day("2025-01-11");
  const auto y = explain(log, day("2025-01-31"), country("KEN"), v);
  EXPECT_EQ(ids(y), (std::vector<std::string>{"a", "r", "d"}));
  EXPECT_EQ(y.strength, Value::exactly(140));
  EXPECT_EQ(y.strength, Timeline(log, v).strength(day("2025-01-31"), country("KEN")));
  ASSERT_EQ(y.hidden.size(), 3u);
  EXPECT_EQ(y.hidden[0].row.id, "c");
  EXPECT_EQ(y.hidden[0].reasons[0].because, HiddenBecause::recorded_after);
}

TEST(ExplainTest, EveryReasonThatAppliesIsGiven) {
  const Log log = log_of(
      "p,arrival,2025-01-11,M,KEN,police,50,,,planned,2025-01-20,\n"
      "c,arrival,2025-01-11,M,KEN,police,40,,,planned,2025-01-01,p\n");
  View v;
  v.as_of = day("2025-01-25");
  const auto x = explain(log, day("2025-01-31"), {}, v);
  ASSERT_EQ(x.hidden.size(), 2u);
  ASSERT_EQ(x.hidden[0].reasons.size(), 2u);
  EXPECT_EQ(x.hidden[0].reasons[0].because, HiddenBecause::superseded);
  EXPECT_EQ(x.hidden[0].reasons[1].because, HiddenBecause::planned);
  // With planned rows the correction counts, the original stays superseded.
  v.include_planned = true;
  const auto y = explain(log, day("2025-01-31"), {}, v);
  EXPECT_EQ(ids(y), (std::vector<std::string>{"c"}));
  EXPECT_EQ(y.strength, Value::exactly(40));
}

TEST(ExplainTest, ObservationsOfTheGroupAreListedButChangeNothing) {
  const Log log = log_of(
      "k,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "o,report,2025-01-02,M,KEN,,90,,,,,\n"
      "t,report,2025-01-02,M,,,95,,,,,\n"
      "late,report,2025-02-02,M,KEN,,90,,,,,\n");
  const auto x = explain(log, day("2025-01-05"), country("KEN"));
  EXPECT_EQ(x.strength, Value::exactly(100));
  ASSERT_EQ(x.observations.size(), 1u);
  EXPECT_EQ(x.observations[0].id, "o");
  EXPECT_EQ(explain(log, day("2025-01-05")).observations.size(), 2u);  // o and t
}

TEST(ExplainTest, MatchesAPlainRecomputationOnAGeneratedLog) {
  // After each row: the tracks of the rows so far, each contingent run from
  // scratch by a reference that shares no code with muster, and summed; the
  // last equals Timeline's answer.
  GenerateOptions o;
  o.rows = 2000;
  o.seed = 5;
  o.countries = 5;
  o.missions = 2;
  const Log log = parse_log(generate_log(o), "generated.csv");
  const std::vector<ref::Row> rows = ref::rows_of(log);
  View planned_as_of;
  planned_as_of.as_of = day("2012-06-30");
  planned_as_of.include_planned = true;
  for (const View& view : {View{}, planned_as_of}) {
    const Timeline t{log, view};
    for (const char* d : {"1999-12-31", "2025-12-31"}) {
      const auto x = explain(log, day(d), {}, view);
      ASSERT_FALSE(x.steps.empty());
      EXPECT_EQ(x.strength, t.strength(day(d)));
      // The reference (tests/reference.hpp) walks each contingent's rows so
      // far day by day; only the contingent of the row just added changes.
      std::map<ref::Key, std::vector<const ref::Row*>> per;
      std::map<ref::Key, Value> at_day;
      for (const auto& s : x.steps) {
        const ref::Row& row = rows[s.row.index];
        auto& mine = per[ref::key_of(row)];
        mine.push_back(&row);
        at_day[ref::key_of(row)] = ref::value_at(mine, day(d));
        Value sum;
        for (const auto& [key, v] : at_day) sum = ref::add(sum, v);
        ASSERT_EQ(s.after, sum) << s.row.id;
      }
      // Every row of a kind that counts is either shaping, hidden or an observation.
      std::size_t counted = 0;
      for (const Event& e : log.events())
        if (e.kind != Kind::pledge && e.kind != Kind::retraction && !log.is_observation(e) &&
            ref::first_step_day(rows[e.index]) <= day(d))
          ++counted;
      EXPECT_EQ(x.steps.size() + x.hidden.size(), counted);
    }
  }
}

#ifdef MUSTER_EXE
CommandResult run(const std::string& args) { return run_muster(args, "2>/dev/null"); }

TEST(ExplainCommandTest, CsvListsShapingAndHiddenRows) {
  const std::string path = ::testing::TempDir() + "explain_cmd.csv";
  std::ofstream(path) << header
                      << "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
                         "p,arrival,2025-01-02,M,KEN,police,50,,,planned,,\n"
                         "j,arrival,2025-01-02,M,JAM,police,9,,,,,\n";
  auto [status, out] = run("explain " + path + " --on 2025-01-03 --country Kenya --format csv");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out,
            "role,id,line,kind,date,mission,country,component,row_estimate,row_low,row_high,"
            "estimate,low,high,reason,source\n"
            "shapes,a,2,arrival,2025-01-01,M,KEN,police,100,100,100,100,100,100,,\n"
            "hidden,p,3,arrival,2025-01-02,M,KEN,police,50,50,50,,,,planned,\n");
  EXPECT_EQ(run("explain " + path + " --on 2025-02-30 --country KEN").status, 2);
  EXPECT_EQ(run("explain " + path + " --country KEN").status, 2);  // --on is required
}
#endif

}  // namespace
