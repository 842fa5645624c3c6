// Tests for muster/import.hpp: tables of figures -> a version-1 log.
#include <muster/import.hpp>
#include <muster/timeline.hpp>

#include <gtest/gtest.h>

namespace {

using namespace muster;

ImportOptions troops_options() {
  ImportOptions o;
  o.year_column = "year";
  o.month_column = "month";
  o.country_columns = {"iso3c", "countryname"};
  o.count_column = "troops";
  o.mission = "US-DOD";
  o.source_column = "source";
  return o;
}

constexpr const char* table =
    "iso3c,countryname,year,month,troops,source\n"
    "DEU,Germany,2020,June,34000,June 2020\n"
    "NA,Viet Nam,2020,Sep,12,\"Kane, 2006\"\n"
    "JPN,Japan,2020,9,NA,NA\n"
    "DEU,Germany,2020,December,33500,December 2020\n";

TEST(ImportTest, TurnsRowsIntoMonthReportsThatAnswerQueries) {
  const ImportResult r = import_table(table, "troops.csv", troops_options());
  // Japan's NA is a report of unknown size; Germany has no row in 2020-09,
  // Viet Nam and Japan none in 2020-12: absent, three more of unknown size.
  EXPECT_EQ(r.rows_written, 7u);
  EXPECT_EQ(r.figures_missing, 1u);
  EXPECT_EQ(r.keys_absent, 3u);
  EXPECT_EQ(r.unknown_size, 4u);
  const Log log = parse_log(r.log_text, "imported");
  ASSERT_EQ(log.events().size(), 7u);
  const Event& first = log.events()[0];
  EXPECT_EQ(first.kind, Kind::report);
  EXPECT_EQ(first.date.precision, Precision::month);
  EXPECT_EQ(first.source, "troops.csv line 2: June 2020");
  // The second row has no code; its name is the fallback column.
  EXPECT_EQ(log.events()[1].country->code(), "VNM");
  EXPECT_EQ(log.events()[1].source, "troops.csv line 3: Kane, 2006");
  // A month report sets the tracks at the end of its month (spec section 5).
  const Timeline t{log};
  const Contingent deu{"US-DOD", *Country::find("DEU"), ""};
  EXPECT_EQ(t.strength(deu, *parse_day("2020-06-29")), Value{});
  EXPECT_EQ(t.strength(deu, *parse_day("2020-06-30")), Value::exactly(34000));
  EXPECT_EQ(t.strength(deu, *parse_day("2020-12-31")), Value::exactly(33500));
  // Japan has no earlier figure: no count, low 0, high unbounded.
  const Contingent jpn{"US-DOD", *Country::find("JPN"), ""};
  EXPECT_EQ(t.strength(jpn, *parse_day("2020-09-30")), (Value{0, 0, Value::unbounded}));
}

TEST(ImportTest, UnknownCountryNamesTheLineOrIsSkippedWhenAsked) {
  const std::string bad = "iso3c,countryname,year,month,troops,source\n"
                          "DEU,Germany,2020,June,1,x\n"
                          "NA,Yugoslavia,1980,June,5,y\n";
  try {
    import_table(bad, "t.csv", troops_options());
    FAIL() << "an unknown country must refuse the table";
  } catch (const LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "t.csv");
    EXPECT_EQ(e.diagnostics()[0].line, 3u);
    EXPECT_NE(e.diagnostics()[0].message.find("Yugoslavia"), std::string::npos);
  }
  auto o = troops_options();
  o.skip_unknown_countries = true;
  const auto r = import_table(bad, "t.csv", o);
  EXPECT_EQ(r.rows_written, 1u);
  EXPECT_EQ(r.unknown_countries.at("Yugoslavia"), 1u);
  o.skip_unknown_countries = false;
  o.aliases = {{"yugoslavia", "SRB"}};
  EXPECT_EQ(parse_log(import_table(bad, "t.csv", o).log_text, "x").events()[1].country->code(),
            "SRB");
}

TEST(ImportTest, BadCellsAreErrorsWithTheirLines) {
  const std::string bad = "iso3c,countryname,year,month,troops,source\n"
                          "DEU,Germany,20x0,June,1,x\n"
                          "DEU,Germany,2020,Juin,1,x\n"
                          "DEU,Germany,2020,June,-4,x\n";
  try {
    import_table(bad, "t.csv", troops_options());
    FAIL();
  } catch (const LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 3u);
    EXPECT_EQ(e.diagnostics()[0].line, 2u);
    EXPECT_EQ(e.diagnostics()[1].line, 3u);
    EXPECT_EQ(e.diagnostics()[2].line, 4u);
  }
}

TEST(ImportTest, MissingColumnAndIncompleteOptions) {
  auto o = troops_options();
  o.count_column = "troops_ad";
  try {
    import_table(table, "t.csv", o);
    FAIL();
  } catch (const LogRefused& e) {
    EXPECT_EQ(e.diagnostics()[0].line, 1u);
    EXPECT_NE(e.diagnostics()[0].message.find("troops_ad"), std::string::npos);
  }
  o = troops_options();
  o.mission.clear();
  EXPECT_THROW(import_table(table, "t.csv", o), std::invalid_argument);
  o = troops_options();
  o.month_column.clear();
  o.quarter_column = "month";  // "June" is no quarter
  EXPECT_THROW(import_table(table, "t.csv", o), LogRefused);
}

TEST(ImportTest, QuarterAndFullDates) {
  ImportOptions o;
  o.year_column = "y";
  o.quarter_column = "q";
  o.country_columns = {"c"};
  o.count_column = "n";
  o.mission_column = "m";
  const auto r = import_table("y,q,c,n,m\n2021,2,KEN,10,MSS\n", "q.csv", o);
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(to_string(log.events()[0].date), "2021-06");
  EXPECT_EQ(log.events()[0].mission, "MSS");
  ImportOptions d = o;
  d.year_column.clear();
  d.quarter_column.clear();
  d.date_column = "y";
  const auto r2 = import_table("y,c,n,m\n2021-03-04,KEN,10,MSS\n", "d.csv", d);
  EXPECT_EQ(to_string(parse_log(r2.log_text, "x").events()[0].date), "2021-03-04");
}

TEST(ImportTest, FieldsAreWrittenByTheOneCsvWriter) {
  ImportOptions o;
  o.year_column = "y";
  o.country_columns = {"c"};
  o.count_column = "n";
  o.mission = "X, Y";
  o.component = "a \"b\"\t";  // a quote, and a tab at the end that a reader would trim
  o.source_column = "s";
  const auto r = import_table("y,c,n,s\n2021,KEN,10,\"said \"\"so\"\"\"\n", "q.csv", o);
  EXPECT_EQ(r.log_text.substr(r.log_text.find('\n') + 1),
            "t1-2,report,2021,\"X, Y\",KEN,\"a \"\"b\"\"\t\",10,,,\"q.csv line 2: said \"\"so\"\"\"\n");
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(log.events()[0].mission, "X, Y");
}

}  // namespace
