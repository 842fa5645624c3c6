// Tests for muster/explain.hpp (and `muster explain`): the seen rows behind a
// strength in track order with the strength after each, and the hidden rows
// with their reasons. Expected figures are worked out by hand from spec
// sections 4 and 5.
#include <muster/explain.hpp>
#include <muster/generate.hpp>
#include <muster/timeline.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "reference.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
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
  Vantage v;
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
  Vantage v;
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

TEST(ExplainTest, RowsBeforeTheLatestReportAreOverwritten) {
  // KEN: quarterly reports, an arrival between them, an arrival on the day
  // of the latest report (its + step comes before the set step), a report of
  // that day earlier in the file, and a month arrival whose low step falls
  // after the latest report. JAM has no report: nothing of it is overwritten.
  const Log log = log_of(
      "q1,report,2024-03,M,KEN,police,100,,,,,\n"
      "a,arrival,2024-04-10,M,KEN,police,10,,,,,\n"
      "q2,report,2024-06,M,KEN,police,120,,,,,\n"
      "early,report,2024-09-30,M,KEN,police,125,,,,,\n"
      "same,arrival,2024-09-30,M,KEN,police,3,,,,,\n"
      "month,arrival,2024-09,M,KEN,police,4,,,,,\n"
      "q3,report,2024-09,M,KEN,police,130,,,,,\n"
      "j,arrival,2024-05-01,M,JAM,police,7,,,,,\n"
      "after,arrival,2024-10-05,M,KEN,police,1,,,,,\n");
  const auto x = explain(log, day("2024-10-31"));
  EXPECT_EQ(ids(x), (std::vector<std::string>{"q1", "a", "j", "q2", "month", "early", "same", "q3",
                                              "after"}));
  std::map<std::string, std::optional<std::string>> by;
  for (const auto& s : x.steps)
    by[std::string(s.row.id)] =
        s.overwritten_by ? std::optional<std::string>(x.steps[*s.overwritten_by].row.id) : std::nullopt;
  const std::optional<std::string> q3 = "q3", none;
  EXPECT_EQ(by["q1"], q3);
  EXPECT_EQ(by["a"], q3);
  EXPECT_EQ(by["q2"], q3);
  EXPECT_EQ(by["early"], q3);
  EXPECT_EQ(by["same"], q3);
  EXPECT_EQ(by["month"], q3);  // its low step is on 2024-09-30 too, before q3's set step
  EXPECT_EQ(by["q3"], none);
  EXPECT_EQ(by["after"], none);
  EXPECT_EQ(by["j"], none);
  const Overwritten o = x.overwritten();
  EXPECT_EQ(o.rows, 6u);
  EXPECT_EQ(to_string(o.first), "2024-03");
  EXPECT_EQ(to_string(o.last), "2024-09-30");  // `same`, the last of them in track order
  ASSERT_EQ(o.by.size(), 1u);
  EXPECT_EQ(x.steps[o.by[0]].row.id, "q3");
  EXPECT_EQ(x.strength, Value::exactly(138));  // 130 + 1 + JAM's 7
  // On 2024-09-29 q2 is the latest report: q1 and the arrival before it are
  // overwritten; `month` is not (its + steps on 2024-09-01 come after q2).
  const auto y = explain(log, day("2024-09-29"));
  std::size_t overwritten = 0;
  for (const auto& s : y.steps) {
    if (!s.overwritten_by) continue;
    ++overwritten;
    EXPECT_EQ(y.steps[*s.overwritten_by].row.id, "q2") << s.row.id;
  }
  EXPECT_EQ(overwritten, 2u);
}

TEST(ExplainTest, EachContingentIsOverwrittenByItsOwnLatestReport) {
  const Log log = log_of(
      "k1,report,2024-03,M,KEN,police,100,,,,,\n"
      "j1,report,2024-03,M,JAM,police,10,,,,,\n"
      "k2,report,2024-06,M,KEN,police,110,,,,,\n"
      "ka,arrival,2024-07-01,M,KEN,police,5,,,,,\n"
      "j2,report,2024-09,M,JAM,police,12,,,,,\n");
  Filter mission;
  mission.mission = "M";
  const auto x = explain(log, day("2024-12-31"), mission);
  const Overwritten o = x.overwritten();
  EXPECT_EQ(o.rows, 2u);  // k1 by k2, j1 by j2; ka steps after k2
  ASSERT_EQ(o.by.size(), 2u);
  EXPECT_EQ(x.steps[o.by[0]].row.id, "k2");
  EXPECT_EQ(x.steps[o.by[1]].row.id, "j2");
  EXPECT_EQ(x.strength, Value::exactly(127));
}

TEST(ExplainTest, ManyArrivalsOfOneDayAddUp) {
  // 5,000 arrivals of one contingent on one day, with a departure and a
  // report of that day: the + and - steps of a day apply at once, then the
  // set step, whatever the order rows are added in.
  std::string rows;
  for (int i = 0; i < 5000; ++i) rows += fmt::format("a{},arrival,2025-01-18,M,KEN,police,2,,,,,\n", i);
  rows += "d,departure,2025-01-18,M,KEN,police,3,,,,,\n";
  const Log log = log_of(rows);
  const auto x = explain(log, day("2025-01-18"));
  ASSERT_EQ(x.steps.size(), 5001u);
  // The strength after the day, on its last row only: never a sum partway
  // through the day (cli.md, version 1.2).
  EXPECT_EQ(x.steps[0].after, std::nullopt);
  EXPECT_EQ(x.steps[4999].after, std::nullopt);
  EXPECT_EQ(x.steps[5000].after, Value::exactly(9997));
  EXPECT_EQ(x.strength, Value::exactly(9997));
  EXPECT_EQ(x.strength, Timeline(log).strength(day("2025-01-18")));
  const Log with_report = log_of(rows + "r,report,2025-01-18,M,KEN,police,40,,,,,\n");
  const auto y = explain(with_report, day("2025-01-18"));
  EXPECT_EQ(y.strength, Value::exactly(40));
  EXPECT_EQ(y.overwritten().rows, 5001u);
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
  Vantage planned_as_of;
  planned_as_of.as_of = day("2012-06-30");
  planned_as_of.include_planned = true;
  planned_as_of.parts_only = true;
  for (const Vantage& view : {Vantage{.parts_only = true}, planned_as_of}) {  // the reference is section 5's
    const Timeline t{log, view};
    for (const char* d : {"1999-12-31", "2025-12-31"}) {
      const auto x = explain(log, day(d), {}, view);
      ASSERT_FALSE(x.steps.empty());
      EXPECT_EQ(x.strength, t.strength(day(d)));
      // The reference (tests/reference.hpp) walks each contingent's rows so
      // far day by day, to the end of the day of the row just added: on a
      // day's last row the sum is the group's strength then; no other row
      // shows one.
      std::map<ref::Key, std::vector<const ref::Row*>> per;
      std::map<ref::Key, Value> at_day;
      for (std::size_t i = 0; i < x.steps.size(); ++i) {
        const ShapingRow& s = x.steps[i];
        const ref::Row& row = rows[s.row.index];
        per[ref::key_of(row)].push_back(&row);
        const Day row_day = ref::first_step_day(row);
        if (i + 1 < x.steps.size() && ref::first_step_day(rows[x.steps[i + 1].row.index]) == row_day) {
          ASSERT_EQ(s.after, std::nullopt) << s.row.id;
          continue;
        }
        Value sum;
        for (const auto& [key, list] : per) sum = ref::add(sum, ref::value_at(list, row_day));
        ASSERT_EQ(s.after, sum) << s.row.id;
      }
      for (const auto& [key, list] : per) at_day[key] = ref::value_at(list, day(d));
      // Leaving the overwritten rows out changes no contingent's strength:
      // each contingent's other rows give what all of them give.
      std::map<ref::Key, std::vector<const ref::Row*>> kept;
      std::size_t overwritten = 0;
      for (const auto& s : x.steps) {
        if (s.overwritten_by) {
          ++overwritten;
          const ShapingRow& by = x.steps[*s.overwritten_by];
          ASSERT_EQ(by.row.kind, Kind::report);
          ASSERT_TRUE(by.row.contingent() == s.row.contingent()) << s.row.id;
          ASSERT_FALSE(by.overwritten_by);
          continue;
        }
        kept[ref::key_of(rows[s.row.index])].push_back(&rows[s.row.index]);
      }
      EXPECT_GT(overwritten, x.steps.size() / 10);
      for (const auto& [key, all] : per) ASSERT_EQ(ref::value_at(kept[key], day(d)), at_day[key]);
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

// A quarterly table: 1,200 filler rows of another country (so lines pass
// 1,000), then three reports of Germany, the last of which sets the number.
std::string table_log() {
  std::string rows = header;
  for (int i = 0; i < 1200; ++i) rows += fmt::format("f{},arrival,2020-01-01,M,FRA,,1,,,,,\n", i);
  rows += "q1,report,2024-03,M,DEU,,100,,,,,\n"   // line 1202
          "q2,report,2024-06,M,DEU,,120,,,,,\n"   // line 1203
          "q3,report,2024-09,M,DEU,,90,,,,,\n";   // line 1204
  const std::string path = ::testing::TempDir() + "explain_table.csv";
  std::ofstream(path) << rows;
  return path;
}

TEST(ExplainCommandTest, OverwrittenRowsAreSummedUpInOneLine) {
  const std::string path = table_log();
  const auto r = run("explain " + path + " --on 2024-12-31 --country DEU --format table");
  EXPECT_EQ(r.status, 0);
  std::istringstream lines(r.out);
  std::string answer, summary;
  std::getline(lines, answer);
  std::getline(lines, summary);
  EXPECT_EQ(answer, "DEU at the end of 2024-12-31: 90");
  EXPECT_EQ(summary,
            "2 earlier rows, 2024-03 to 2024-06, overwritten by the report of 2024-09-30 (q3); "
            "--all lists them");
  EXPECT_NE(r.out.find("shapes  q3  1204  report"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("q1 "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("1,204"), std::string::npos) << r.out;  // line numbers plain
}

TEST(ExplainCommandTest, AllListsTheOverwrittenRowsToo) {
  const std::string path = table_log();
  const auto table = run("explain " + path + " --on 2024-12-31 --country DEU --format table --all");
  EXPECT_NE(table.out.find("overwritten by the report of 2024-09-30 (q3) (listed below)"),
            std::string::npos) << table.out;
  EXPECT_NE(table.out.find("overwritten  q1  1202  report"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("overwritten  q2  1203  report"), std::string::npos) << table.out;
  const auto csv = run("explain " + path + " --on 2024-12-31 --country DEU --format csv --all");
  EXPECT_NE(csv.out.find("\noverwritten,q1,1202,report,2024-03,M,DEU,,100,100,100,100,100,100,"
                         "overwritten by q3 (the report of 2024-09-30),\n"),
            std::string::npos) << csv.out;
  // Without --all, csv and json leave them out: one record per row listed.
  const auto plain = run("explain " + path + " --on 2024-12-31 --country DEU --format csv");
  EXPECT_EQ(plain.out,
            "role,id,line,kind,date,mission,country,component,row_estimate,row_low,row_high,"
            "estimate,low,high,reason,source\n"
            "shapes,q3,1204,report,2024-09,M,DEU,,90,90,90,90,90,90,,\n");
  const auto json = nlohmann::json::parse(
      run("explain " + path + " --on 2024-12-31 --country DEU --format json --all").out);
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 3u);
  EXPECT_EQ(json[0]["role"], "overwritten");
  EXPECT_EQ(json[2]["role"], "shapes");
  EXPECT_EQ(json[2]["estimate"], 90);
}
#endif

}  // namespace
