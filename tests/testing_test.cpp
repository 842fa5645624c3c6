// muster/testing.hpp: the printers, each matcher passing and failing (with the
// failure's text, through gtest-spi), log_from and TestLog.
#include "muster/testing.hpp"

#include <muster/muster.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <string>

namespace {

using namespace muster::testing;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::PrintToString;

muster::Day day(const char* text) { return *muster::parse_day(text); }

// What a matcher says of a value it is shown: its explanation.
template <class M, class T>
std::string explanation(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

// Kenya's police: 217 land on 18 January, a report of 617 (600 to 650) on
// the 19th (which conflicts with the 217 the tracks give), 5 more on the 20th
// corrected to 6 the same day.
muster::Log kenya() {
  return TestLog{}
      .arrival("2025-01-18", "KEN", 217)
      .report("2025-01-19", "KEN", 617, {.low = 600, .high = 650})
      .arrival("2025-01-20", "KEN", 5)
      .arrival("2025-01-20", "KEN", 6, {.supersedes = "r3"})
      .log();
}

// --- Printers ---------------------------------------------------------------------

TEST(Printers, PrintValuesAsTheLibraryFormatsThem) {
  EXPECT_EQ(PrintToString(muster::Value{617, 600, 650}), "617 (600 to 650)");
  EXPECT_EQ(PrintToString(muster::Value{0, 0, muster::Value::unbounded}), "?");
  EXPECT_EQ(PrintToString(day("2025-01-18")), "2025-01-18");
  EXPECT_EQ(PrintToString(*muster::parse_period("2024-06")), "2024-06");
  EXPECT_EQ(PrintToString(*muster::Country::find("Kenya")), "KEN");
  EXPECT_EQ(PrintToString(muster::Country{}), "no country");
  EXPECT_EQ(PrintToString(muster::Kind::pledge), "pledge");
  EXPECT_EQ(PrintToString(muster::Verdict::conflicts), "conflicts");
  EXPECT_EQ(PrintToString(std::optional<muster::Country>(muster::Country::find("JAM"))),
            "(JAM)");
  EXPECT_EQ(PrintToString(muster::Vantage{.as_of = day("2025-01-20"), .include_planned = true}),
            "as of 2025-01-20, with planned rows");
}

TEST(Printers, PrintAGroupAsItsKeyAndValue) {
  const muster::Contingent police{"MSS", *muster::Country::find("KEN"), "police"};
  EXPECT_EQ(PrintToString(muster::Group{police, {617, 600, 650}}),
            "MSS/KEN/police 617 (600 to 650)");
  const muster::Log log = kenya();
  const muster::Timeline t{log};
  EXPECT_EQ(PrintToString(t.strength_by(muster::GroupBy::country, day("2025-01-19"))),
            "{ KEN 617 (600 to 650) }");
  EXPECT_EQ(PrintToString(muster::Contingent{}), "everything");
}

TEST(Printers, PrintAnEventWithItsIdLineAndValue) {
  const muster::Log log = kenya();
  EXPECT_EQ(PrintToString(log.event(1)),
            "row r2 (line 3): report of MSS/KEN/police on 2025-01-19, 617 (600 to 650)");
  EXPECT_EQ(PrintToString(log.event(3)),
            "row r4 (line 5): arrival of MSS/KEN/police on 2025-01-20, 6, supersedes the row "
            "of index 2");
}

TEST(Printers, PrintAFigureADiagnosticAndAPledge) {
  const muster::Log log = kenya();
  const muster::Reconciliation r = muster::reconcile(log);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_EQ(PrintToString(r.figures[0]),
            "report r2 (line 3) of MSS/KEN/police on 2025-01-19 states 617 (600 to 650), the "
            "tracks give 217: conflicts");
  EXPECT_EQ(PrintToString(muster::Diagnostic{"<test>", 3, "bad date"}), "<test>:3: bad date");
  const muster::Log pledged = TestLog{}.pledge("2025-01-01", "KEN", 1000).arrival("2025-01-18", "KEN", 217).log();
  const auto pledges = muster::Timeline{pledged}.pledges(day("2025-01-19"));
  ASSERT_EQ(pledges.size(), 1u);
  EXPECT_EQ(PrintToString(pledges[0]), "MSS/KEN/police pledged 1,000, present 217");
  // A pledge of unknown size (no count, as import writes it) is no pledge of 0.
  const muster::Log unknown = log_from(
      "id,kind,date,mission,country,component,count,low,high\n"
      "p1,pledge,2025-01-01,MSS,KEN,police,,0,\n"
      "a1,arrival,2025-01-18,MSS,KEN,police,217,,\n");
  const auto open = muster::Timeline{unknown}.pledges(day("2025-01-19"));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(PrintToString(open[0]), "MSS/KEN/police pledged ?, present 217");
}

TEST(Printers, AReconciliationAndAnExplanationPrintTheirRowsNotBytes) {
  const muster::Log log = kenya();
  const std::string check = PrintToString(muster::reconcile(log));
  EXPECT_EQ(check.find("-byte object"), std::string::npos) << check;
  EXPECT_NE(check.find("report r2 (line 3) of MSS/KEN/police on 2025-01-19"), std::string::npos)
      << check;
  const std::string why = PrintToString(muster::explain(log, day("2025-01-19")));
  EXPECT_EQ(why.find("-byte object"), std::string::npos) << why;
  EXPECT_NE(why.find("at the end of 2025-01-19 (every confirmed row), from 2 rows: row r1 (line 2)"),
            std::string::npos)
      << why;
}

// Every public value type prints in words, never as bytes: the import
// options, the rules' steps and day ends, what an append wrote.
TEST(Printers, TheRestOfThePublicTypesPrintInWords) {
  using muster::rules::Track;
  EXPECT_EQ(PrintToString(muster::MissingAs::skip), "skip");
  EXPECT_EQ(PrintToString(muster::AbsentAs::carry), "carry");
  EXPECT_EQ(PrintToString(muster::Fractions::range), "range");
  EXPECT_EQ(PrintToString(muster::UnknownCountry{3, "t.csv", 7, "unknown country 'Kenia'"}),
            "t.csv:7: unknown country 'Kenia' (3 rows)");
  EXPECT_EQ(PrintToString(muster::UnknownCountry{1, "t.csv", 7, "unknown country 'Kenia'"}),
            "t.csv:7: unknown country 'Kenia'");
  const muster::Day d = *muster::parse_day("2025-01-18");
  EXPECT_EQ(PrintToString(Track::low), "low");
  EXPECT_EQ(PrintToString(muster::rules::TrackStep{d, 3, Track::low, false, false, 217}),
            "2025-01-18 #3 low +217");
  EXPECT_EQ(PrintToString(muster::rules::TrackStep{d, 4, Track::high, false, false, -5}),
            "2025-01-18 #4 high -5");
  EXPECT_EQ(PrintToString(muster::rules::TrackStep{d, 4, Track::high, true, true, 0}),
            "2025-01-18 #4 high = unbounded");
  EXPECT_EQ(PrintToString(muster::rules::TrackStep{d, 2, Track::estimate, true, false, 617}),
            "2025-01-18 #2 estimate = 617");
  EXPECT_EQ(PrintToString(muster::rules::DayEnd{d, {617, 600, 650}}), "2025-01-18: 617 (600 to 650)");
  EXPECT_EQ(PrintToString(muster::rules::DayEnd{d, {5, 0, 10}, true, true}),
            "2025-01-18: 5 (0 to 10), crossed, high below 0");
  EXPECT_EQ(PrintToString(muster::rules::BeforeSet{d, 4, muster::Value::exactly(400)}),
            "before the sets of #4 on 2025-01-18: 400");
  EXPECT_EQ(PrintToString(muster::rules::Supersession{5, 2, d}), "row 5 supersedes row 2, recorded 2025-01-18");
  EXPECT_EQ(PrintToString(muster::Appended{"ken-landed-217", 18}), "row ken-landed-217, line 18");
  EXPECT_EQ(fmt::format("{:>6}|", muster::Fractions::round), " round|");
  EXPECT_EQ(PrintToString(muster::CountColumn{"police", "police"}), "police as police");
  EXPECT_EQ(PrintToString(muster::CountColumn{"troops"}), "troops");
  muster::ImportResult r;
  r.rows_written = 12;
  r.figures_missing = 1;
  EXPECT_EQ(PrintToString(r), "12 rows written; 1 figure missing, 0 keys absent, 0 rows of unknown size, "
                              "0 dates blank, 0 unknown countries");
  EXPECT_EQ(PrintToString(muster::Country::lookup("Kenya")), "KEN");
  EXPECT_EQ(PrintToString(muster::Country::lookup("Korea")), "no country (ambiguous: KOR or PRK)");
  EXPECT_THAT(PrintToString(muster::Country::lookup("Kenia")), HasSubstr("no country (closest: "));
  EXPECT_EQ(PrintToString(muster::Country::lookup("Xyzzyq")), "no country");
  EXPECT_EQ(fmt::format("{:>4}|", muster::Country::lookup("Kenya")), " KEN|");
}

TEST(Printers, AFailedComparisonShowsDomainTermsNotBytes) {
  const muster::Value a{617, 600, 650};
  const muster::Value b = muster::Value::exactly(600);
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(a, b), "617 (600 to 650)");
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(day("2025-01-18"), day("2025-01-19")), "2025-01-19");
}

// --- StrengthIs -------------------------------------------------------------------

TEST(StrengthIs, MatchesTheEstimateWhateverTheRange) {
  EXPECT_THAT((muster::Value{617, 600, 650}), StrengthIs(617));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT((muster::Value{617, 600, 650}), Not(StrengthIs(617))),
                          "Expected: is not a strength of 617\n  Actual: 617 (600 to 650)");
}

TEST(StrengthIs, SaysByHowMuchTheEstimateMisses) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(muster::Value::exactly(617), StrengthIs(600)),
                          "Expected: is a strength of 600\n  Actual: 617 (of type muster::Value), it is 617, 17 more");
  EXPECT_EQ(explanation(StrengthIs(600), muster::Value::exactly(583)), "it is 583, 17 fewer");
  EXPECT_EQ(explanation(StrengthIs(0), muster::Value::exactly(muster::Value::unbounded - 1)),
            "it is 9223372036854775806, 9223372036854775806 more");
  EXPECT_EQ(explanation(StrengthIs(muster::Value::unbounded - 1), muster::Value::exactly(-5)),
            "it is -5, 9223372036854775811 fewer");
}

TEST(StrengthIs, WithBoundsMatchesTheWholeRange) {
  const muster::Value v{617, 600, 650};
  EXPECT_THAT(v, StrengthIs(617, 600, 650));
  EXPECT_THAT((muster::Value{0, 0, muster::Value::unbounded}), StrengthIs(0, 0, std::nullopt));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(v, StrengthIs(617, 550, 650)),
                          "Expected: is a strength of 617 (550 to 650)\n"
                          "  Actual: 617 (600 to 650) (of type muster::Value), it is 617 (600 to 650): its low is 600, "
                          "not 550");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(v, StrengthIs(600, 600, std::nullopt)),
                          "Expected: is a strength of 600 or more\n"
                          "  Actual: 617 (600 to 650) (of type muster::Value), it is 617 (600 to 650), 17 more; its "
                          "high is 650, not unbounded");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(v, Not(StrengthIs(617, 600, 650))),
                          "Expected: is not a strength of 617 (600 to 650)");
}

// --- RefusedAt --------------------------------------------------------------------

auto bad_date = [] {
  TestLog{}.arrival("2025-01-18", "KEN", 217).arrival("2025-02-30", "KEN", 5).log();
};

TEST(RefusedAt, MatchesARefusalAtTheLineWithTheText) {
  EXPECT_THAT(bad_date, RefusedAt(3, "date"));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(bad_date, Not(RefusedAt(3, "date"))),
                          "Expected: is not refused at line 3 with a message containing 'date'\n"
                          "  Actual: ");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(bad_date, Not(RefusedAt(3, "date"))),
                          "it was refused at line 3: ");
}

TEST(RefusedAt, SaysWhereAndWhyItWasRefusedOrThatItWasAccepted) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(bad_date, RefusedAt(2, "date")),
                          "Expected: is refused at line 2 with a message containing 'date'");
  EXPECT_THAT(explanation(RefusedAt(2, "date"), bad_date), HasSubstr("it was refused at line 3: "));
  EXPECT_THAT(bad_date, Not(RefusedAt(3, "count")));
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT([] { TestLog{}.arrival("2025-01-18", "KEN", 217).log(); }, RefusedAt(2, "date")),
      "it was accepted");
  EXPECT_EQ(explanation(RefusedAt(2, "x"), [] { throw std::runtime_error("disk full"); }),
            "it threw an exception that is not LogRefused: disk full");
}

// Given a log's text, RefusedAt reads it, and a failure prints the text
// (GoogleTest prints a lambda that captures nothing as `1`).
TEST(RefusedAt, TakesALogsTextAndPrintsItOnFailure) {
  const std::string text =
      "id,kind,date,mission,country,count\n"
      "r1,landing,2025-01-18,MSS,KEN,217\n";
  EXPECT_THAT(text, RefusedAt(2, "kind"));
  EXPECT_THAT("id,kind,date,mission,country,count\nr1,arrival,2025-01-18,MSS,KEN,x\n",
              RefusedAt(2, "count"));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(text, RefusedAt(3, "kind")),
                          "Actual: \"id,kind,date,mission,country,count\\nr1,landing,");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(std::string("id,kind,date,mission,country,count\nr1,arrival,2025-01-18,MSS,KEN,5\n"),
                  RefusedAt(2, "kind")),
      "it was accepted");
  EXPECT_THAT([] { static_cast<void>(muster::read_log("/no/such/muster/file.csv")); },
              RefusedAt(0, "cannot open"));
}

TEST(RefusedAt, ListsEveryDiagnostic) {
  const auto two_bad = [] {
    log_from("id,kind,date,mission,country,count\n"
             "r1,landing,2025-01-18,MSS,KEN,217\n"
             "r2,arrival,2025-01-18,MSS,Kenia,5\n");
  };
  EXPECT_THAT(two_bad, RefusedAt(3, "Kenia"));
  EXPECT_THAT(explanation(RefusedAt(4, "x"), two_bad),
              ::testing::MatchesRegex("it was refused at line 2: .*kind.*; and at line 3: .*Kenia.*"));
}

// --- HasGroup ---------------------------------------------------------------------

TEST(HasGroup, MatchesAGroupWithAValue) {
  const muster::Log log = TestLog{}.arrival("2025-01-18", "KEN", 217).arrival("2025-01-18", "JAM", 24).log();
  const muster::Timeline t{log};
  const auto groups = t.strength_by(muster::GroupBy::country, day("2025-01-19"));
  EXPECT_THAT(groups, HasGroup("KEN", 217));
  EXPECT_THAT(groups, HasGroup("JAM", muster::Value::exactly(24)));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(groups, Not(HasGroup("KEN", 217))),
                          "Expected: has no group KEN that is a strength of 217");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(groups, HasGroup("KEN", StrengthIs(200))),
                          "Expected: has a group KEN that is a strength of 200\n"
                          "  Actual: { JAM 24, KEN 217 }, in group KEN, it is 217, 17 more");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(groups, HasGroup("USA", 1)),
                          "it has no group USA; its groups are JAM 24, KEN 217");
  EXPECT_EQ(explanation(HasGroup("USA", 1), std::vector<muster::Group>{}),
            "it has no group USA; it has no groups at all");
}

// --- HasUnattributed --------------------------------------------------------------

// Kenya's 217 and Jamaica's unknown number, and a report of the whole mission
// of 300 to 320: the mission's own unattributed personnel and Jamaica's
// police number 83 to 103 together.
muster::Log mission_total() {
  return TestLog{}
      .arrival("2025-01-18", "KEN", 217)
      .report("2025-01-18", "JAM", std::nullopt, {.low = 0})
      .report("2025-01-20", "", 300, {.component = "", .low = 300, .high = 320})
      .log();
}

TEST(HasUnattributed, MatchesTheUnattributedPersonnelOfAMission) {
  const muster::Log log = mission_total();
  const muster::Timeline t{log, muster::Vantage{}};
  const auto groups = t.strength_by(muster::GroupBy::contingent, day("2025-01-20"));
  EXPECT_THAT(groups, HasUnattributed("MSS", "", 0, 103));
  EXPECT_THAT(groups, HasUnattributed("MSS", "", StrengthIs(83, 0, 103)));
  EXPECT_THAT(t.strength_by(muster::GroupBy::country, day("2025-01-20")), HasUnattributed("MSS", "", 0, 103));
  EXPECT_THAT(groups, Not(HasUnattributed("MSS", "", 0, 100)));
  EXPECT_THAT(groups, Not(HasUnattributed("MSS", "KEN", 0, 103)));
  EXPECT_THAT(groups, Not(HasUnattributed("UNMISS", "", 0, 103)));
  EXPECT_EQ(PrintToString(groups.front()), "MSS unattributed 83 (0 to 103)");
}

TEST(HasUnattributed, SaysWhatItFound) {
  const muster::Log log = mission_total();
  const muster::Timeline t{log, muster::Vantage{}};
  const auto groups = t.strength_by(muster::GroupBy::contingent, day("2025-01-20"));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(groups, HasUnattributed("MSS", "", 83, 103)),
                          "Expected: has the unattributed personnel of MSS as a group that is a range "
                          "of 83 to 103");
  EXPECT_EQ(explanation(HasUnattributed("MSS", "", 83, 103), groups),
            "in the unattributed personnel of MSS, it is 83 (0 to 103): its low is 0, not 83");
  EXPECT_EQ(explanation(HasUnattributed("MSS", "", 0, std::nullopt), groups),
            "in the unattributed personnel of MSS, it is 83 (0 to 103): its high is 103, not unbounded");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(groups, Not(HasUnattributed("MSS", "", 0, 103))),
                          "Expected: has no unattributed personnel of MSS as a group that is a range "
                          "of 0 to 103");
  EXPECT_EQ(explanation(HasUnattributed("MSS", "Kenya", 0, 103), groups),
            "it has no group of the unattributed personnel of MSS/KEN; its unattributed groups are "
            "MSS unattributed 83 (0 to 103)");
  // Section 5 alone counts no unattributed personnel: the hint says where they come from.
  const muster::Timeline parts{log, muster::Vantage{.parts_only = true}};
  EXPECT_EQ(explanation(HasUnattributed("MSS", "", 0, 103),
                        parts.strength_by(muster::GroupBy::contingent, day("2025-01-20"))),
            "it has no group of the unattributed personnel of MSS; none of its groups is "
            "unattributed (a Timeline with Vantage::parts_only has none)");
}

// --- HasConflictFor ---------------------------------------------------------------

TEST(HasConflictFor, MatchesARowWhoseFigureConflicts) {
  const muster::Log log = kenya();
  const muster::Reconciliation r = muster::reconcile(log);
  EXPECT_THAT(r, HasConflictFor("r2"));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(r, Not(HasConflictFor("r2"))),
                          "Expected: has no conflict for row 'r2'");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(r, HasConflictFor("r1")),
                          "Expected: has a conflict for row 'r1'");
  EXPECT_EQ(explanation(HasConflictFor("r1"), r), "it holds no figure of row 'r1'");
}

TEST(HasConflictFor, SaysWhatTheFigureGives) {
  const muster::Log log =
      TestLog{}.arrival("2025-01-18", "KEN", 217).report("2025-01-19", "KEN", 220, {.low = 200, .high = 250}).log();
  const muster::Reconciliation r = muster::reconcile(log);
  EXPECT_THAT(r, Not(HasConflictFor("r2")));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(r, HasConflictFor("r2")),
                          "it holds report r2 (line 3) of MSS/KEN/police on 2025-01-19 states 220 "
                          "(200 to 250), the tracks give 217: differs");
}

TEST(HasConflictFor, SeesTwoReportsOfADayThatConflict) {
  const muster::Log log = TestLog{}
                              .report("2025-01-19", "KEN", 600)
                              .report("2025-01-19", "KEN", 700)
                              .log();
  const muster::Reconciliation r = muster::reconcile(log);
  EXPECT_THAT(r, HasConflictFor("r1"));
  EXPECT_THAT(r, HasConflictFor("r2"));
  EXPECT_THAT(explanation(HasConflictFor("r1"), r),
              HasSubstr("report r2 (line 3) of MSS/KEN/police on 2025-01-19 states 700, r1 of the "
                        "same day gives 600: conflicts"));
}

// --- ListsRow ---------------------------------------------------------------------

TEST(ListsRow, MatchesARowBehindTheStrength) {
  const muster::Log log = kenya();
  const muster::Explanation why = muster::explain(log, day("2025-01-20"));
  EXPECT_THAT(why, ListsRow("r4"));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(why, Not(ListsRow("r4"))),
                          "it lists row r4 (line 5): arrival of MSS/KEN/police on 2025-01-20, 6, "
                          "supersedes the row of index 2 -> 623 (606 to 656)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(why, ListsRow("r3")),
                          "Expected: lists row 'r3' among the rows behind its strength\n");
  EXPECT_THAT(explanation(ListsRow("r3"), why),
              HasSubstr("it lists rows r1, r2, r4; row 'r3' is hidden: superseded by r4"));
  EXPECT_EQ(explanation(ListsRow("r1"), muster::explain(log, day("2025-01-01"))),
            "it lists no rows");
}

// --- log_from ---------------------------------------------------------------------

TEST(LogFrom, ReadsTextAsAFileNamedTest) {
  const muster::Log log = log_from(R"(
id,kind,date,mission,country,count
a,arrival,2025-01-18,MSS,KEN,217
    )");
  EXPECT_EQ(log.file(), "<test>");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.event(0).line, 2u);  // the line end after R"( is dropped
  try {
    log_from("id,kind,date,mission,country,count\na,arrival,2025-01-18,MSS,KEN,x\n");
    ADD_FAILURE() << "accepted";
  } catch (const muster::LogRefused& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics()[0].file, "<test>");
    EXPECT_EQ(e.diagnostics()[0].line, 2u);
  }
}

// --- TestLog ----------------------------------------------------------------------

TEST(TestLog, FillsTheDefaultsAndGoesThroughTheWritePath) {
  TestLog b;
  b.arrival("2025-01-18", "Kenya", 217).mission("UNMISS").component("").source("UN").report(
      "2025-01", "JAM", std::nullopt, {.low = 10, .planned = true, .recorded = "2025-01-02",
                                       .note = "n"});
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.last_id(), "r2");
  const muster::Log built = b.log();
  // The same rows as the file a person would write.
  const muster::Log written = log_from(R"(
id,kind,date,mission,country,component,count,low,high,status,recorded,source,note
r1,arrival,2025-01-18,MSS,KEN,police,217,,,,,test,
r2,report,2025-01,UNMISS,JAM,,,10,,planned,2025-01-02,UN,n
)");
  EXPECT_EQ(muster::write_log(built), muster::write_log(written));
  EXPECT_EQ(built.event(1).line, 3u);
  EXPECT_EQ(built.file(), "<test>");
}

TEST(TestLog, RetractsAndTakesRowsCellByCell) {
  const muster::Log log = TestLog{}
                              .arrival("2025-01-18", "KEN", 217, {.id = "landed"})
                              .retraction("2025-01-20", "landed")
                              .row({.kind = "pledge", .date = "2025", .mission = "MSS",
                                    .country = "KEN", .count = "1000"})
                              .log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.event(1).kind, muster::Kind::retraction);
  EXPECT_EQ(log.event(1).supersedes, 0u);
  EXPECT_EQ(log.event(2).id, "r3");
  EXPECT_THAT(muster::Timeline{log}.strength(day("2025-01-20")), StrengthIs(0, 0, 0));
}

TEST(TestLog, CanBeBuiltAgainAfterMoreRows) {
  TestLog b;
  b.arrival("2025-01-18", "KEN", 217);
  EXPECT_EQ(b.log().size(), 1u);
  b.departure("2025-01-19", "KEN", 17);
  const muster::Log log = b.log();
  EXPECT_THAT(muster::Timeline{log}.strength(day("2025-01-19")), StrengthIs(200));
}

// The example of README.md's "Testing your code with muster", and the failure
// it says StrengthIs(600) would give.
TEST(Readme, TheExampleHoldsAndItsFailureReadsAsItSays) {
  const muster::Log log = TestLog{}.arrival("2025-01-18", "KEN", 217)
                              .report("2025-01-19", "KEN", 617, {.low = 600, .high = 650}).log();
  const muster::Timeline t{log};
  EXPECT_THAT(t.strength(*muster::parse_day("2025-01-19")), StrengthIs(617, 600, 650));
  EXPECT_THAT(t.strength(*muster::parse_day("2025-01-18")), StrengthIs(217));
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(t.strength(*muster::parse_day("2025-01-18")), StrengthIs(600)),
      "Expected: is a strength of 600\n  Actual: 217 (of type muster::Value), it is 217, 383 fewer");
  EXPECT_THAT([] { log_from("id,kind,date,mission,country,count\n"
                            "r1,arrival,2025-02-30,MSS,KEN,5\n"); }, RefusedAt(2, "date"));
}

}  // namespace
