// Tests for muster/log.hpp: every rule of spec sections 1, 2, 3 and 6, each
// error with the line it must name, and the edge cases the spec accepts.
#include <muster/log.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <ranges>
#include <string>

namespace {

using muster::Kind;
using muster::LogRefused;
using muster::parse_log;
using muster::Value;

std::vector<muster::Diagnostic> errors_of(std::string text) {
  try {
    parse_log(std::move(text), "t.csv");
  } catch (const LogRefused& e) {
    return e.diagnostics();
  }
  return {};
}

// One error, at `line`, whose message mentions `part`.
#define EXPECT_ONE_ERROR(text, at_line, part)                                      \
  do {                                                                            \
    const auto errs = errors_of(text);                                            \
    ASSERT_EQ(errs.size(), 1u) << (errs.empty() ? "accepted" : errs[0].to_string()); \
    EXPECT_EQ(errs[0].file, "t.csv");                                             \
    EXPECT_EQ(errs[0].line, std::size_t{at_line}) << errs[0].to_string();         \
    EXPECT_NE(errs[0].message.find(part), std::string::npos) << errs[0].to_string(); \
  } while (0)

const std::string H = "id,kind,date,mission,country,count\n";

// ---------------------------------------------------------------------------
// Section 1: the file.

TEST(LogFile, EmptyFileIsRefusedAtLineOne) {
  EXPECT_ONE_ERROR("", 1, "header");
  EXPECT_ONE_ERROR("\n\n", 1, "header");
}

TEST(LogFile, HeaderOnlyIsAnEmptyLog) {
  EXPECT_EQ(parse_log("id,kind,date\n", "t.csv").size(), 0u);
}

TEST(LogFile, ColumnsInAnyOrder) {
  auto log = parse_log("count,country,mission,date,kind,id\n7,KEN,MSS,2024-01-02,arrival,a\n", "t");
  ASSERT_EQ(log.events().size(), 1u);
  EXPECT_EQ(log.events()[0].id, "a");
  EXPECT_EQ(log.events()[0].value, Value::exactly(7));
}

TEST(LogFile, UnknownColumnIsAnErrorAtLineOne) {
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,colour\n", 1, "colour");
  // Names are lower case.
  EXPECT_ONE_ERROR("id,kind,date,Kind\n", 1, "Kind");
}

TEST(LogFile, RepeatedColumnIsAnError) { EXPECT_ONE_ERROR("id,kind,date,id\n", 1, "id"); }

TEST(LogFile, MissingRequiredColumnIsAnError) {
  EXPECT_ONE_ERROR("id,kind,mission\n", 1, "date");
  EXPECT_ONE_ERROR("kind,date\n", 1, "id");
  EXPECT_ONE_ERROR("id,date\n", 1, "kind");
}

TEST(LogFile, UserColumnsAreKeptNotInterpreted) {
  auto log = parse_log("id,x_url,kind,date,mission,country,count,x_n\n"
                       "a,\"http://x, y\",arrival,2024-01-02,MSS,KEN,7,  z  \n",
                       "t");
  EXPECT_EQ(log.user_columns(), (std::vector<std::string>{"x_url", "x_n"}));
  ASSERT_EQ(log.events()[0].extra.size(), 2u);
  EXPECT_EQ(log.events()[0].extra[0].second, "http://x, y");
  EXPECT_EQ(log.events()[0].extra[0].first, "x_url");
}

TEST(LogFile, ANameThatIsJustXUnderscoreIsAUserColumn) {
  // Section 1: "A name that begins with x_ is a user column"; `x_` does.
  auto log = parse_log("id,kind,date,mission,country,count,x_\na,arrival,2024-01-02,MSS,KEN,7,hi\n", "t");
  EXPECT_EQ(log.user_columns(), (std::vector<std::string>{"x_"}));
  EXPECT_ONE_ERROR("id,kind,date,x\n", 1, "'x'");
  EXPECT_ONE_ERROR("id,kind,date,X_y\n", 1, "X_y");
}

TEST(LogFile, WrongNumberOfFieldsNamesItsLine) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,7\nb,arrival,2024-01-02,MSS,KEN\n", 3,
                   "field");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,7,8\n", 2, "field");
}

TEST(LogFile, BlankLinesAreSkippedButCounted) {
  // line 1 header, 2 and 3 blank, 4 good, 5 blank, 6 bad
  EXPECT_ONE_ERROR(H + "\n\na,arrival,2024-01-02,MSS,KEN,7\n\nb,arrival,2024-01-02,MSS,KEN,x\n",
                   6, "count");
  EXPECT_ONE_ERROR(H + "\r\n\r\na,arrival,2024-01-02,MSS,KEN,y\r\n", 4, "count");
}

TEST(LogFile, MultiLineQuotedFieldShiftsLineNumbers) {
  const std::string h = "id,kind,date,mission,country,count,note\n";
  // Row a starts on line 2 and spans lines 2-4; row b starts on line 5.
  const std::string text = h + "a,arrival,2024-01-02,MSS,KEN,7,\"one\ntwo\nthree\"\n" +
                           "b,arrival,2024-01-02,MSS,KEN,bad,x\n";
  EXPECT_ONE_ERROR(text, 5, "count");
  // A bad row that itself spans lines is named by the line where it starts.
  EXPECT_ONE_ERROR(h + "a,arrival,2024-01-02,MSS,KEN,bad,\"one\ntwo\"\n", 2, "count");
  // The note keeps its line ends.
  auto log = parse_log(h + "a,arrival,2024-01-02,MSS,KEN,7,\"one\ntwo\"\n", "t");
  EXPECT_EQ(log.events()[0].note, "one\ntwo");
}

TEST(LogFile, CrlfAndLfAndNoFinalLineEnd) {
  auto crlf = parse_log("id,kind,date,mission,country,count\r\na,arrival,2024-01-02,MSS,KEN,7\r\n"
                        "b,arrival,2024-01-03,MSS,KEN,8",
                        "t");
  ASSERT_EQ(crlf.events().size(), 2u);
  EXPECT_EQ(crlf.events()[1].line, 3u);
  EXPECT_EQ(crlf.events()[1].value, Value::exactly(8));
  EXPECT_EQ(crlf.events()[0].value, Value::exactly(7));  // no '\r' left in the last field
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count\r\na,arrival,2024-01-02,MSS,KEN,7\r\n"
                   "b,arrival,2024-01-02,MSS,KEN,-1\r\n",
                   3, "count");
}

TEST(LogFile, ByteOrderMarkIsSkipped) {
  auto log = parse_log("\xEF\xBB\xBF" + H + "a,arrival,2024-01-02,MSS,KEN,7\n", "t");
  ASSERT_EQ(log.events().size(), 1u);
  EXPECT_EQ(log.events()[0].id, "a");  // the header's first name was read as `id`
  EXPECT_EQ(log.events()[0].line, 2u);
  EXPECT_ONE_ERROR("\xEF\xBB\xBF" + H + "a,arrival,2024-01-02,MSS,KEN,z\n", 2, "count");
}

TEST(LogFile, BlankLinesBeforeTheHeaderAndSpacesAroundNames) {
  // BOM, two blank lines: the header is on line 3, the row on line 4.
  auto log = parse_log("\xEF\xBB\xBF\n\r\n id , kind,date ,mission,country,count\n"
                       "a,arrival,2024-01-02,MSS,KEN,7\n", "t");
  ASSERT_EQ(log.events().size(), 1u);
  EXPECT_EQ(log.events()[0].line, 4u);
  EXPECT_ONE_ERROR("\n\nid,kind,date,bogus\n", 3, "bogus");
}

TEST(LogFile, UnterminatedQuoteNamesTheLineWhereTheRecordStarts) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,7\nb,arrival,\"2024-01-02,MSS,KEN,7\nmore\n",
                   3, "unterminated");
}

TEST(LogFile, QuoteInsideAnUnquotedFieldIsAnError) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KE\"N,7\n", 2, "quote");
}

TEST(LogFile, AnythingButSeparatorOrLineEndAfterClosingQuoteIsAnError) {
  EXPECT_ONE_ERROR(H + "a,arrival,\"2024-01-02\"x,MSS,KEN,7\n", 2, "closing quote");
  EXPECT_ONE_ERROR(H + "a,arrival,\"2024-01-02\" ,MSS,KEN,7\n", 2, "closing quote");
}

TEST(LogFile, ReadingGoesOnAfterABadRecord) {
  const auto errs = errors_of(H + "a,arrival,2024-01-02,MSS,KE\"N,7\nb,arrival,2024-01-02,MSS,KEN,q\n");
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].line, 2u);
  EXPECT_EQ(errs[1].line, 3u);
}

TEST(LogFile, BytesThatAreNotUtf8AreAnError) {
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,note\n"
                   "a,arrival,2024-01-02,MSS,KEN,7,caf\xE9\n",
                   2, "UTF-8");
  // Valid UTF-8 is fine, also in a quoted field.
  EXPECT_NO_THROW(parse_log("id,kind,date,mission,country,count,note\n"
                            "a,arrival,2024-01-02,MSS,KEN,7,\"café, ok\"\n",
                            "t"));
}

TEST(LogFile, QuotedFieldsAndDoubledQuotes) {
  auto log = parse_log("id,kind,date,mission,country,count,source\n"
                       "\"a\",\"arrival\",\"2024-01-02\",MSS,\"KEN\",\"7\",\"He said \"\"617\"\"\"\n",
                       "t");
  EXPECT_EQ(log.events()[0].source, "He said \"617\"");
}

TEST(LogFile, SpacesAreTrimmedExceptInSourceAndNote) {
  auto log = parse_log("id,kind,date,mission,country,component,count,source,note\n"
                       " a , arrival , 2024-01-02 , MSS , KEN , police , 7 ,  src  , n \n",
                       "t");
  const auto& e = log.events()[0];
  EXPECT_EQ(e.id, "a");
  EXPECT_EQ(e.mission, "MSS");
  EXPECT_EQ(e.component, "police");
  EXPECT_EQ(e.value, Value::exactly(7));
  EXPECT_EQ(e.source, "  src  ");
  EXPECT_EQ(e.note, " n ");
}

// ---------------------------------------------------------------------------
// Section 2: the columns.

TEST(LogColumns, IdMustBeNonEmptyAndUnique) {
  EXPECT_ONE_ERROR(H + ",arrival,2024-01-02,MSS,KEN,7\n", 2, "id");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,7\nb,arrival,2024-01-02,MSS,KEN,7\n"
                       "a,arrival,2024-01-03,MSS,KEN,7\n",
                   4, "duplicate");
}

TEST(LogColumns, KindMustBeKnown) {
  EXPECT_ONE_ERROR(H + "a,arrivals,2024-01-02,MSS,KEN,7\n", 2, "kind");
  EXPECT_ONE_ERROR(H + "a,Arrival,2024-01-02,MSS,KEN,7\n", 2, "kind");
  EXPECT_ONE_ERROR(H + "a,,2024-01-02,MSS,KEN,7\n", 2, "kind");
}

TEST(LogColumns, DatesMustBeRealAndInRange) {
  for (const char* bad : {"2023-02-29", "2024-02-30", "2024-13", "2024-00", "1799", "2201",
                          "2201-01-01", "2024-1-02", "24-01-02", "2024/01/02", "2024-01-2",
                          "20240102", "2024-01-02T00", ""}) {
    SCOPED_TRACE(bad);
    EXPECT_ONE_ERROR(H + "a,arrival," + bad + ",MSS,KEN,7\n", 2, "date");
  }
  // The edges are fine.
  EXPECT_NO_THROW(parse_log(H + "a,arrival,1800-01-01,MSS,KEN,7\nb,arrival,2200-12-31,MSS,KEN,7\n"
                                "c,arrival,2024-02-29,MSS,KEN,7\nd,arrival,2200,MSS,KEN,7\n",
                            "t"));
}

TEST(LogColumns, PeriodsRunFromFirstToLastDay) {
  auto log = parse_log(H + "a,arrival,2024-02,MSS,KEN,7\nb,arrival,2023,MSS,KEN,7\n", "t");
  EXPECT_EQ(log.events()[0].date.first, muster::Day{date::year{2024} / 2 / 1});
  EXPECT_EQ(log.events()[0].date.last, muster::Day{date::year{2024} / 2 / 29});
  EXPECT_EQ(log.events()[1].date.first, muster::Day{date::year{2023} / 1 / 1});
  EXPECT_EQ(log.events()[1].date.last, muster::Day{date::year{2023} / 12 / 31});
}

TEST(LogColumns, MissionRequiredForAllButRetraction) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,,KEN,7\n", 2, "mission");
  EXPECT_ONE_ERROR(H + "a,report,2024-01-02,,KEN,7\n", 2, "mission");
  EXPECT_ONE_ERROR(H + "a,pledge,2024-01-02,,KEN,7\n", 2, "mission");
  EXPECT_NO_THROW(parse_log("id,kind,date,supersedes,mission,country,count\n"
                            "a,arrival,2024-01-02,,MSS,KEN,7\nb,retraction,2024-01-05,a,,,\n",
                            "t"));
  // Without a mission column at all, an arrival is missing its mission.
  EXPECT_ONE_ERROR("id,kind,date,country,count\na,arrival,2024-01-02,KEN,7\n", 2, "mission");
}

TEST(LogColumns, MissionAndComponentAreCaseSensitive) {
  auto log = parse_log("id,kind,date,mission,country,component,count\n"
                       "a,arrival,2024-01-02,MSS,KEN,Police,7\nb,arrival,2024-01-02,mss,KEN,police,7\n",
                       "t");
  EXPECT_EQ(log.events()[0].mission, "MSS");
  EXPECT_EQ(log.events()[0].component, "Police");
  EXPECT_EQ(log.events()[1].mission, "mss");
}

TEST(LogColumns, CountryRequiredForArrivalDeparturePledgeOptionalForReport) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,,7\n", 2, "country");
  EXPECT_ONE_ERROR(H + "a,departure,2024-01-02,MSS,,7\n", 2, "country");
  EXPECT_ONE_ERROR(H + "a,pledge,2024-01-02,MSS,,7\n", 2, "country");
  auto log = parse_log(H + "a,report,2024-01-02,MSS,,7\n", "t");
  EXPECT_FALSE(log.events()[0].country.has_value());
}

TEST(LogColumns, CountryInEverySpellingStoredAsAlpha3) {
  auto log = parse_log(H + "a,arrival,2024-01-02,MSS,KEN,1\nb,arrival,2024-01-02,MSS,ke,1\n"
                           "c,arrival,2024-01-02,MSS,kenya,1\nd,arrival,2024-01-02,MSS,Cote d'Ivoire,1\n"
                           "e,arrival,2024-01-02,MSS,The Bahamas,1\nf,arrival,2024-01-02,MSS,"
                           "\"Korea, Republic of\",1\n",
                           "t");
  const char* want[] = {"KEN", "KEN", "KEN", "CIV", "BHS", "KOR"};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(log.events()[i].country->code(), want[i]) << i;
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,Narnia,7\n", 2, "country");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,XX,7\n", 2, "country");
}

TEST(LogColumns, CountrySpellingsOfSection2a) {
  auto log = parse_log(H + "a,arrival,2024-01-02,MSS,Russia,1\nb,arrival,2024-01-02,MSS,Yugoslavia,1\n"
                           "c,arrival,2024-01-02,MSS,YUG,1\n",
                       "t");
  EXPECT_EQ(log.events()[0].country->code(), "RUS");
  EXPECT_EQ(log.events()[1].country->code(), "YUG");
  EXPECT_EQ(log.events()[2].country->code(), "YUG");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,Kenia,7\n", 2,
                   "unknown country 'Kenia' (did you mean Kenya?)");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,Korea,7\n", 2,
                   "unknown country 'Korea' (ambiguous: KOR South Korea or PRK North Korea)");
}

TEST(LogColumns, StatusIsConfirmedBlankOrPlanned) {
  auto log = parse_log("id,kind,date,mission,country,count,status\n"
                       "a,arrival,2024-01-02,MSS,KEN,1,\nb,arrival,2024-01-02,MSS,KEN,1,confirmed\n"
                       "c,arrival,2024-01-02,MSS,KEN,1,planned\n",
                       "t");
  EXPECT_EQ(log.events()[0].status, muster::Status::confirmed);
  EXPECT_EQ(log.events()[1].status, muster::Status::confirmed);
  EXPECT_EQ(log.events()[2].status, muster::Status::planned);
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,status\na,arrival,2024-01-02,MSS,KEN,1,maybe\n",
                   2, "status");
}

TEST(LogColumns, RecordedDefaultsToTheFirstDayOfTheDate) {
  auto log = parse_log("id,kind,date,mission,country,count,recorded\n"
                       "a,arrival,2024-03,MSS,KEN,1,\nb,arrival,2024-03,MSS,KEN,1,2024-05-06\n",
                       "t");
  EXPECT_EQ(log.events()[0].recorded, muster::Day{date::year{2024} / 3 / 1});
  EXPECT_EQ(log.events()[1].recorded, muster::Day{date::year{2024} / 5 / 6});
  // recorded is a day, not a month.
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,recorded\na,arrival,2024-03,MSS,KEN,1,2024-05\n",
                   2, "recorded");
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,recorded\na,arrival,2024-03,MSS,KEN,1,2024-02-30\n",
                   2, "recorded");
}

TEST(LogColumns, SupersedesNamesAnotherRowOfTheFile) {
  const std::string h = "id,kind,date,mission,country,count,supersedes\n";
  auto log = parse_log(h + "a,report,2024-01-02,MSS,KEN,1,\nb,report,2024-01-02,MSS,KEN,2,a\n"
                           "c,retraction,2024-01-09,,,,b\n",
                       "t");
  EXPECT_EQ(log.events()[1].supersedes, std::optional<std::size_t>{0});
  EXPECT_EQ(log.events()[2].supersedes, std::optional<std::size_t>{1});
  // A later row may be named too.
  EXPECT_NO_THROW(parse_log(h + "a,report,2024-01-02,MSS,KEN,1,b\nb,report,2024-01-02,MSS,KEN,2,\n", "t"));
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,1,a\n", 2, "own");
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,1,\nb,report,2024-01-02,MSS,KEN,1,zz\n", 3, "zz");
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,1,\nb,retraction,2024-01-02,,,,\n", 3,
                   "supersedes");
}

TEST(LogColumns, RetractionIgnoresValueCountryComponentStatus) {
  // Even values that would be errors on another row are ignored.
  auto log = parse_log("id,kind,date,mission,country,component,count,low,high,status,supersedes\n"
                       "a,arrival,2024-01-02,MSS,KEN,,7,,,,\n"
                       "r,retraction,2024-01-03,,Narnia,x,-5,9,1,maybe,a\n",
                       "t");
  EXPECT_EQ(log.events()[1].kind, Kind::retraction);
}

// ---------------------------------------------------------------------------
// Section 3: the value of a row.

TEST(LogValue, AtLeastOneOfCountLowHigh) {
  EXPECT_ONE_ERROR("id,kind,date,mission,country,count,low,high\na,arrival,2024-01-02,MSS,KEN,,,\n",
                   2, "value");
}

TEST(LogValue, CountOnlyGivesEstimateLowHighAllEqual) {
  auto log = parse_log(H + "a,arrival,2024-01-02,MSS,KEN,617\n", "t");
  EXPECT_EQ(log.events()[0].value, (Value{617, 617, 617}));
}

TEST(LogValue, BoundsMissingLowIsZeroMissingHighIsUnbounded) {
  const std::string h = "id,kind,date,mission,country,count,low,high\n";
  auto log = parse_log(h + "a,report,2024-01-02,MSS,KEN,,600,799\n"      // estimate = low
                           "b,report,2024-01-02,MSS,KEN,617,600,799\n"   // estimate = count
                           "c,report,2024-01-02,MSS,KEN,,,799\n"         // low 0, estimate 0
                           "d,report,2024-01-02,MSS,KEN,,600,\n"         // high unbounded
                           "e,report,2024-01-02,MSS,KEN,700,,\n"         // count only
                           "f,report,2024-01-02,MSS,KEN,700,600,\n"      // count, low, unbounded
                           "g,report,2024-01-02,MSS,KEN,5,,9\n",         // low 0
                       "t");
  const auto ev = log.events();
  EXPECT_EQ(ev[0].value, (Value{600, 600, 799}));
  EXPECT_EQ(ev[1].value, (Value{617, 600, 799}));
  EXPECT_EQ(ev[2].value, (Value{0, 0, 799}));
  EXPECT_EQ(ev[3].value, (Value{600, 600, Value::unbounded}));
  EXPECT_EQ(ev[4].value, (Value{700, 700, 700}));
  EXPECT_EQ(ev[5].value, (Value{700, 600, Value::unbounded}));
  EXPECT_EQ(ev[6].value, (Value{5, 0, 9}));
  EXPECT_TRUE(ev[1].count_given);
  EXPECT_FALSE(ev[0].count_given);
}

TEST(LogValue, BoundsOutOfOrderAreErrors) {
  const std::string h = "id,kind,date,mission,country,count,low,high\n";
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,,800,799\n", 2, "low");
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,500,600,799\n", 2, "count");
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,800,600,799\n", 2, "count");
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,5,6,\n", 2, "count");  // 5 < low 6
  EXPECT_ONE_ERROR(h + "a,report,2024-01-02,MSS,KEN,10,,9\n", 2, "count");  // 10 > high 9
  EXPECT_NO_THROW(parse_log(h + "a,report,2024-01-02,MSS,KEN,600,600,600\n", "t"));
}

TEST(LogValue, NumbersAreDigitsOnlyUpToOneBillion) {
  for (const char* bad : {"-1", "+5", "1.5", "1,000", "1e3", "1000000001", "99999999999999999999",
                          "12a", "0x10", "１"}) {
    SCOPED_TRACE(bad);
    EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,\"" + bad + "\"\n", 2, "count");
  }
  auto log = parse_log(H + "a,arrival,2024-01-02,MSS,KEN,1000000000\nb,arrival,2024-01-02,MSS,KEN,007\n"
                           "c,arrival,2024-01-02,MSS,KEN,0\nd,arrival,2024-01-02,MSS,KEN,0001000000000\n",
                       "t");
  EXPECT_EQ(log.events()[0].value, Value::exactly(1'000'000'000));
  EXPECT_EQ(log.events()[1].value, Value::exactly(7));
  EXPECT_EQ(log.events()[2].value, Value::exactly(0));
  EXPECT_EQ(log.events()[3].value, Value::exactly(1'000'000'000));
  EXPECT_ONE_ERROR("id,kind,date,mission,country,low\na,arrival,2024-01-02,MSS,KEN,x\n", 2, "low");
  EXPECT_ONE_ERROR("id,kind,date,mission,country,high\na,arrival,2024-01-02,MSS,KEN,1000000001\n",
                   2, "high");
}

// ---------------------------------------------------------------------------
// Every error, not just the first; whole log or nothing.

TEST(LogErrors, EveryErrorIsReportedInLineOrder) {
  const auto errs = errors_of(H + "a,arrival,2024-01-02,MSS,KEN,7\n"   // 2 ok
                                  "b,arrivl,2024-01-02,MSS,KEN,7\n"    // 3 kind
                                  "c,arrival,2024-02-30,MSS,KEN,7\n"   // 4 date
                                  "\n"                                 // 5 blank
                                  "d,arrival,2024-01-02,MSS,XYZ,7\n"   // 6 country
                                  "a,arrival,2024-01-02,MSS,KEN,7\n"   // 7 duplicate
                                  "e,arrival,2024-01-02,MSS,KEN\n");   // 8 fields
  ASSERT_EQ(errs.size(), 5u);
  const std::size_t want[] = {3, 4, 6, 7, 8};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(errs[i].line, want[i]) << errs[i].to_string();
}

TEST(LogErrors, SeveralErrorsOnOneRow) {
  const auto errs = errors_of(H + "a,arrivl,2024-02-30,MSS,KEN,7\n");
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].line, 2u);
  EXPECT_EQ(errs[1].line, 2u);
}

TEST(LogErrors, DiagnosticPrintsFileLineMessage) {
  const auto errs = errors_of(H + "a,arrivl,2024-01-02,MSS,KEN,7\n");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].to_string().rfind("t.csv:2: ", 0), 0u) << errs[0].to_string();
}

TEST(LogErrors, ReadLogOfAMissingFileIsRefused) {
  EXPECT_THROW(muster::read_log("/nonexistent/dir/log.csv"), LogRefused);
}

TEST(LogErrors, ReadLogReadsAFile) {
  const std::string path = testing::TempDir() + "log_test_read.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << H << "a,arrival,2024-01-02,MSS,KEN,7\nb,arrival,2024-01-02,MSS,KEN,x\n";
  }
  try {
    muster::read_log(path);
    FAIL() << "accepted";
  } catch (const LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, path);
    EXPECT_EQ(e.diagnostics()[0].line, 3u);
  }
}

// ---------------------------------------------------------------------------
// Section 5: which reports are observations.

TEST(LogObservations, BlankCountryReportIsAnObservation) {
  auto log = parse_log(H + "a,report,2024-01-02,MSS,,700\nb,report,2024-01-02,MSS,KEN,7\n", "t");
  EXPECT_TRUE(log.is_observation(log.events()[0]));
  EXPECT_FALSE(log.is_observation(log.events()[1]));
}

TEST(LogObservations, BlankComponentReportWhereTheFileHasComponentRows) {
  const std::string h = "id,kind,date,mission,country,component,count\n";
  // A pledge with a component is enough (section 5 names pledges too); the
  // component row may come later in the file.
  auto log = parse_log(h + "a,report,2024-01-02,MSS,KEN,,700\n"
                           "b,pledge,2024-01-01,MSS,KEN,police,800\n"
                           "c,report,2024-01-02,MSS,FRA,,50\n"          // no FRA component rows
                           "d,report,2024-01-02,UNX,KEN,,9\n"           // another mission
                           "e,report,2024-01-02,MSS,KEN,police,650\n",  // has a component
                       "t");
  const auto ev = log.events();
  EXPECT_TRUE(log.is_observation(ev[0]));
  EXPECT_FALSE(log.is_observation(ev[1]));
  EXPECT_FALSE(log.is_observation(ev[2]));
  EXPECT_FALSE(log.is_observation(ev[3]));
  EXPECT_FALSE(log.is_observation(ev[4]));
}

TEST(LogObservations, AnArrivalWithABlankComponentIsNeverAnObservation) {
  const std::string h = "id,kind,date,mission,country,component,count\n";
  auto log = parse_log(h + "a,arrival,2024-01-02,MSS,KEN,,700\nb,arrival,2024-01-02,MSS,KEN,swat,7\n",
                       "t");
  EXPECT_FALSE(log.is_observation(log.events()[0]));
}

// ---------------------------------------------------------------------------
// Section 6: departures the log cannot hold.

TEST(LogDepartures, MoreLeavingThanPresentIsRefusedAtTheDepartureLine) {
  // High track: +10 on 01-02 (line 2); -11 on 01-05 (line 3): -1 < 0.
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,10\nb,departure,2024-01-05,MSS,KEN,11\n", 3,
                   "2024-01-05");
  const auto errs = errors_of(H + "a,arrival,2024-01-02,MSS,KEN,10\nb,departure,2024-01-05,MSS,KEN,11\n");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_NE(errs[0].message.find("MSS"), std::string::npos);
  EXPECT_NE(errs[0].message.find("KEN"), std::string::npos);
}

TEST(LogDepartures, ExactlyEveryoneLeavingIsFine) {
  EXPECT_NO_THROW(
      parse_log(H + "a,arrival,2024-01-02,MSS,KEN,10\nb,departure,2024-01-05,MSS,KEN,10\n", "t"));
}

TEST(LogDepartures, SameDayStepsAreSummedBeforeTheCheck) {
  // Departure first in file order, arrival the same day: -5 + 5 = 0, fine.
  EXPECT_NO_THROW(
      parse_log(H + "b,departure,2024-01-02,MSS,KEN,5\na,arrival,2024-01-02,MSS,KEN,5\n", "t"));
}

TEST(LogDepartures, TheHighTrackTakesTheDeparturesLowOnItsLastDay) {
  // Arrival of 5 on 2024-03-20; a departure of 8 in March 2024: its -8 on the
  // high track lands on 2024-03-31 (E), so the error names that day, at the
  // departure's line (3).
  EXPECT_ONE_ERROR(H + "a,arrival,2024-03-20,MSS,KEN,5\nb,departure,2024-03,MSS,KEN,8\n", 3,
                   "2024-03-31");
  // The departure's high (12) is not taken from the high track: low 4 <= 5.
  EXPECT_NO_THROW(parse_log("id,kind,date,mission,country,low,high\n"
                            "a,arrival,2024-03-20,MSS,KEN,5,5\nb,departure,2024-03,MSS,KEN,4,12\n",
                            "t"));
}

TEST(LogDepartures, ChecksOnlyConfirmedSeenRows) {
  const std::string h = "id,kind,date,mission,country,count,status,supersedes,recorded\n";
  // A planned departure is not held against the log.
  EXPECT_NO_THROW(parse_log(h + "a,arrival,2024-01-02,MSS,KEN,10,,,\n"
                                "b,departure,2024-01-05,MSS,KEN,50,planned,,\n",
                            "t"));
  // A planned arrival does not make room for a confirmed departure.
  EXPECT_ONE_ERROR(h + "a,arrival,2024-01-02,MSS,KEN,10,planned,,\nb,departure,2024-01-05,MSS,KEN,5,,,\n",
                   3, "2024-01-05");
  // A retracted arrival is not seen, whenever the retraction was recorded.
  EXPECT_ONE_ERROR(h + "a,arrival,2024-01-02,MSS,KEN,10,,,\nb,departure,2024-01-05,MSS,KEN,5,,,\n"
                       "r,retraction,2024-01-02,,,,,a,2025-06-01\n",
                   3, "2024-01-05");
  // A correction that lowers the arrival.
  EXPECT_ONE_ERROR(h + "a,arrival,2024-01-02,MSS,KEN,10,,,\nb,departure,2024-01-05,MSS,KEN,5,,,\n"
                       "c,arrival,2024-01-02,MSS,KEN,4,,a,2024-02-01\n",
                   3, "2024-01-05");
}

TEST(LogDepartures, AnUnboundedHighHoldsAnyDeparture) {
  EXPECT_NO_THROW(parse_log("id,kind,date,mission,country,count,low,high\n"
                            "a,arrival,2024-01-02,MSS,KEN,,10,\nb,departure,2024-01-05,MSS,KEN,900,,\n",
                            "t"));
}

TEST(LogDepartures, AReportSetsTheHighTrack) {
  // Report high 10 on 01-03; departure of 11 on 01-04 takes it to -1.
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,100\nr,report,2024-01-03,MSS,KEN,10\n"
                       "b,departure,2024-01-04,MSS,KEN,11\n",
                   4, "2024-01-04");
}

TEST(LogDepartures, EachContingentOnItsOwn) {
  // 10 police present, 10 military leave: the military track goes below 0.
  EXPECT_ONE_ERROR("id,kind,date,mission,country,component,count\n"
                   "a,arrival,2024-01-02,MSS,KEN,police,10\nb,departure,2024-01-05,MSS,KEN,military,10\n",
                   3, "military");
}

TEST(LogDepartures, AnObservationDoesNotSetTheTrack) {
  // The blank-component report is an observation (police rows exist): it
  // gives the KEN/"" contingent nothing, so the departure of 3 is refused.
  EXPECT_ONE_ERROR("id,kind,date,mission,country,component,count\n"
                   "p,arrival,2024-01-01,MSS,KEN,police,5\n"
                   "o,report,2024-01-02,MSS,KEN,,10\nb,departure,2024-01-05,MSS,KEN,,3\n",
                   4, "2024-01-05");
}

TEST(LogDepartures, EveryDayIsReported) {
  const auto errs = errors_of(H + "a,arrival,2024-01-02,MSS,KEN,10\nb,departure,2024-01-05,MSS,KEN,11\n"
                                  "c,departure,2024-01-09,MSS,KEN,1\n");
  // High: 10, then -11 -> raised to 0 on 01-05, then -1 -> below 0 on 01-09.
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].line, 3u);
  EXPECT_EQ(errs[1].line, 4u);
  EXPECT_NE(errs[1].message.find("2024-01-09"), std::string::npos);
}

}  // namespace

// ---------------------------------------------------------------------------
// The storage behind Log::events(): rows in columns and a text arena, handed
// out as Event values. Every field must come back as written, in file order,
// whether the rows are walked, indexed or found by id, across the blocks in
// which the arena is indexed (16 rows) and around lines that a quoted field
// or blank lines add.

namespace storage {

struct Written {
  std::string id, kind, date, mission, country, component, source, note, x;
  std::size_t line;
};

}  // namespace storage

TEST(LogStorage, EveryFieldComesBackAsWrittenByWalkIndexAndId) {
  std::string text = "id,kind,date,mission,country,component,count,low,high,status,recorded,"
                     "supersedes,source,note,x_url\n";
  std::vector<storage::Written> rows;
  std::size_t line = 2;
  const char* kinds[] = {"arrival", "report", "pledge", "departure"};
  for (int i = 0; i < 53; ++i) {
    storage::Written w;
    w.id = "row-" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 7), 'x');
    w.kind = i == 0 ? "arrival" : kinds[i % 4];
    if (w.kind == "departure") w.kind = "report";  // no departure check to satisfy
    w.date = i % 5 == 0 ? "2024-0" + std::to_string(1 + i % 9) : "2024-03-1" + std::to_string(i % 10);
    w.mission = i % 3 == 0 ? "MSS" : "UNMISS";
    w.country = i % 2 == 0 ? "KEN" : "JAM";
    w.component = i % 4 == 0 ? "" : "police";
    w.source = i % 6 == 0 ? "" : "source " + std::string(static_cast<std::size_t>(i * 3), 's');
    w.note = i % 9 == 4 ? "two\nlines" : (i % 2 ? "note " + std::to_string(i) : "");
    w.x = i % 11 == 0 ? "" : "http://x/" + std::to_string(i);
    w.line = line;
    const bool quoted_note = w.note.find('\n') != std::string::npos;
    text += w.id + "," + w.kind + "," + w.date + "," + w.mission + "," + w.country + "," +
            w.component + "," + std::to_string(10 + i) + ",,," + (i % 8 == 3 ? "planned" : "") +
            ",2024-12-0" + std::to_string(1 + i % 9) + ",,\"" + w.source + "\"," +
            (quoted_note ? "\"" + w.note + "\"" : w.note) + "," + w.x + "\n";
    line += quoted_note ? 2 : 1;
    if (i % 13 == 12) {  // blank lines between rows
      text += "\n\n";
      line += 2;
    }
    rows.push_back(w);
  }
  const muster::Log log = parse_log(text, "t.csv");
  ASSERT_EQ(log.size(), rows.size());
  ASSERT_EQ(log.user_columns(), std::vector<std::string>{"x_url"});
  EXPECT_GE(log.text_bytes(), rows.size() * 3);  // at least a length byte per text field
  auto check = [&](const muster::Event& e, std::size_t i) {
    const storage::Written& w = rows[i];
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(e.index, i);
    EXPECT_EQ(e.line, w.line);
    EXPECT_EQ(e.id, w.id);
    EXPECT_EQ(muster::to_string(e.kind), w.kind);
    EXPECT_EQ(muster::to_string(e.date), w.date);
    EXPECT_EQ(e.mission, w.mission);
    ASSERT_TRUE(e.country);
    EXPECT_EQ(e.country->code(), w.country == "KEN" ? "KEN" : "JAM");
    EXPECT_EQ(e.component, w.component);
    EXPECT_EQ(e.value, Value::exactly(10 + static_cast<int>(i)));
    EXPECT_TRUE(e.count_given);
    EXPECT_EQ(e.status, i % 8 == 3 ? muster::Status::planned : muster::Status::confirmed);
    EXPECT_EQ(muster::to_string(e.recorded), "2024-12-0" + std::to_string(1 + i % 9));
    EXPECT_FALSE(e.supersedes);
    EXPECT_EQ(e.source, w.source);
    EXPECT_EQ(e.note, w.note);
    ASSERT_EQ(e.extra.size(), 1u);
    EXPECT_EQ(e.extra[0].first, "x_url");
    EXPECT_EQ(e.extra[0].second, w.x);
  };
  std::size_t i = 0;
  for (const muster::Event& e : log.events()) check(e, i++);
  EXPECT_EQ(i, rows.size());
  for (std::size_t k = rows.size(); k-- > 0;) check(log.event(k), k);  // backwards: no walk state
  for (std::size_t k = 0; k < rows.size(); k += 5) {
    const auto found = log.find(rows[k].id);
    ASSERT_TRUE(found);
    check(*found, k);
  }
  EXPECT_FALSE(log.find("row-"));
  EXPECT_FALSE(log.find(""));
}

TEST(LogStorage, SupersedesAndOptionalFieldsComeBackAsWritten) {
  const auto log = parse_log("id,kind,date,mission,country,component,count,low,high,supersedes\n"
                             "a,arrival,2024,MSS,KEN,,,5,,\n"
                             "b,report,2024-02,MSS,,,7,7,9,\n"
                             "c,arrival,2024-01-02,MSS,KE,police,1000000000,,,a\n"
                             "d,retraction,2024-01-03,,,,,,,c\n",
                             "t.csv");
  ASSERT_EQ(log.size(), 4u);
  const auto a = log.event(0), b = log.event(1), c = log.event(2), d = log.event(3);
  EXPECT_EQ(a.value, (Value{5, 5, Value::unbounded}));
  EXPECT_FALSE(a.count_given);
  EXPECT_EQ(a.date.precision, muster::Precision::year);
  EXPECT_EQ(muster::to_string(a.date.last), "2024-12-31");
  EXPECT_EQ(muster::to_string(a.recorded), "2024-01-01");  // blank: the first day of the date
  EXPECT_FALSE(b.country);
  EXPECT_EQ(b.value, (Value{7, 7, 9}));
  EXPECT_EQ(muster::to_string(b.date.last), "2024-02-29");
  EXPECT_EQ(c.value, Value::exactly(1'000'000'000));
  EXPECT_EQ(c.supersedes, std::optional<std::size_t>{0});
  EXPECT_EQ(d.kind, Kind::retraction);
  EXPECT_EQ(d.supersedes, std::optional<std::size_t>{2});
  EXPECT_TRUE(log.is_observation(b));
  EXPECT_FALSE(log.is_observation(a));
}

namespace {

static_assert(std::ranges::random_access_range<muster::Log::Events>);
static_assert(std::ranges::sized_range<muster::Log::Events>);

// Jumps, steps back and walks in order give the same rows as event(i),
// across the 16-row blocks of the text offsets.
TEST(LogEvents, RandomAccessGivesTheRowsOfEventI) {
  std::string text = "id,kind,date,mission,country,count,source,note,x_tag\n";
  for (int i = 0; i < 40; ++i)
    text += "r" + std::to_string(i) + ",arrival," + (i % 2 ? "2025-01-18" : "2025-02-03") +
            ",MSS,KEN," + std::to_string(i + 1) + ",s" +
            std::to_string(i) + ",\"n, " + std::to_string(i) + "\",t" + std::to_string(i) + "\n";
  const muster::Log log = muster::parse_log(text, "t.csv");
  const auto events = log.events();
  ASSERT_EQ(events.size(), 40u);
  auto it = events.begin();
  it += 37;
  EXPECT_EQ((*it).id, "r37");
  EXPECT_EQ((*it).note, "n, 37");
  --it;
  EXPECT_EQ((*it).source, "s36");
  EXPECT_EQ(it[-20].id, "r16");
  EXPECT_EQ((*(events.end() - 1)).id, log.event(39).id);
  EXPECT_EQ(events.end() - events.begin(), 40);
  EXPECT_LT(events.begin(), it);
  std::size_t i = 0;
  for (auto e = events.begin() + 3; e != events.end(); ++e, ++i) {
    const muster::Event a = *e, b = log.event(i + 3);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.extra, b.extra);
    EXPECT_EQ(a.line, b.line);
  }
  EXPECT_EQ(i, 37u);
}

}  // namespace

// A count written as a float (pandas writes an integer column that has a
// blank cell as 400.0) is refused with how to write it; other fractions and
// words get no such hint.
TEST(LogValue, AFloatWithAZeroFractionSaysHowToWriteAWholeNumber) {
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,400.0\n", 2, "write 400 without '.0'");
  EXPECT_ONE_ERROR(H + "a,arrival,2024-01-02,MSS,KEN,400.00\n", 2, "astype('Int64')");
  for (const char* bad : {"400.5", "abc", ".0", "4e2"}) {
    const auto errs = errors_of(H + "a,arrival,2024-01-02,MSS,KEN," + bad + "\n");
    ASSERT_EQ(errs.size(), 1u) << bad;
    EXPECT_NE(errs[0].message.find("expected a whole number"), std::string::npos) << bad;
    EXPECT_EQ(errs[0].message.find("pandas"), std::string::npos) << errs[0].to_string();
  }
}

namespace {

// A row's (mission, country, component) is looked up as its cells joined
// with commas, side by side in the text or copied where quoted or padded:
// cells that join to the same text but split differently stay apart, and
// one contingent written plainly, quoted and padded is one.
TEST(LogContingents, CellsThatJoinAlikeButSplitApartAreTwoContingents) {
  const auto log = parse_log(
      "id,kind,date,mission,country,component,count\n"
      "a,report,2024-01-01,\"M,KEN\",,p,5\n"
      "b,report,2024-01-01,M,KEN,\",p\",6\n"
      "c,report,2024-01-02,M,KEN,\",p\",7\n"
      "d,arrival,2024-01-03,M,KEN,x,1\n"
      "e,arrival,2024-01-04,\"M\",\"KEN\",\"x\",2\n"
      "f,arrival,2024-01-05, M , KEN ,x ,3\n",
      "t.csv");
  ASSERT_EQ(log.contingents().size(), 3u);
  std::vector<std::string> keys;
  for (const auto& c : log.contingents())
    keys.push_back(c.mission + "|" + std::string(c.country.code()) + "|" + c.component);
  EXPECT_EQ(keys, (std::vector<std::string>{"M|KEN|,p", "M|KEN|x", "M,KEN||p"}));
  const auto events = log.events();
  EXPECT_EQ(events[0].mission, "M,KEN");
  EXPECT_EQ(events[1].component, ",p");
  EXPECT_EQ(log.facts(1).contingent, log.facts(2).contingent);
  EXPECT_EQ(log.facts(3).contingent, log.facts(4).contingent);
  EXPECT_EQ(log.facts(3).contingent, log.facts(5).contingent);
}

}  // namespace

namespace {

// ---------------------------------------------------------------------------
// Sections 2 and 3, version 1.2: the `end` kind.

TEST(LogEnd, AnEndNeedsAMissionOnlyAndCarriesNoValue) {
  const auto log = parse_log("id,kind,date,mission,country,component,count,low,high\n"
                             "a,arrival,2025-01-05,MSS,KEN,police,10,,\n"
                             "e1,end,2025-03,MSS,,,,,\n"
                             "e2,end,2025-04-01,MSS,Kenya,police,12,x,\n",
                             "t.csv");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.event(1).kind, Kind::end);
  EXPECT_FALSE(log.event(1).country);
  EXPECT_EQ(log.event(1).value, Value{});  // count, low and high are ignored
  EXPECT_EQ(log.event(2).country->code(), "KEN");
  ASSERT_EQ(log.end_rows().size(), 2u);
  ASSERT_EQ(log.end_scope(1).size(), 1u);
  EXPECT_EQ(log.contingents()[log.end_scope(1)[0]].component, "police");
  EXPECT_TRUE(log.end_scope(0).empty());
  EXPECT_EQ(muster::parse_kind("end"), Kind::end);
  EXPECT_EQ(muster::to_string(Kind::end), "end");
}

TEST(LogEnd, AnEndWithoutAMissionOrWithABadDateIsRefused) {
  EXPECT_ONE_ERROR(H + "e,end,2025-03,,,\n", 2, "mission is blank");
  EXPECT_ONE_ERROR(H + "e,end,2025-13,MSS,,\n", 2, "bad date");
  EXPECT_ONE_ERROR(H + "e,end,2025-03,MSS,Kenia,\n", 2, "Kenia");
  EXPECT_ONE_ERROR(H + "e,ending,2025-03,MSS,KEN,1\n", 2, "retraction or end");
}

TEST(LogEnd, ADepartureAfterAnEndTakesTheContingentBelowZero) {
  EXPECT_ONE_ERROR(H + "a,arrival,2025-01-05,MSS,KEN,10\n"
                       "e,end,2025-02-01,MSS,,\n"
                       "d,departure,2025-03-01,MSS,KEN,5\n",
                   4, "below zero");
}

}  // namespace
