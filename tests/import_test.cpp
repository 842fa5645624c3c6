// Tests for muster/import.hpp: tables of figures -> a version-1 log.
#include <muster/import.hpp>
#include <muster/timeline.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "turkish_locale.hpp"

#include <cctype>
#include <chrono>
#include <clocale>
#include <locale>
#include <filesystem>
#include <fstream>

namespace {

using namespace muster;

// What row `i` of the log `text` holds, by value: the numbers of its Event,
// which views the log's text, copied while the log is alive.
struct RowNumbers {
  std::optional<Country> country;
  Period date;
  Value value;
};
RowNumbers row_of(const std::string& text, std::size_t i) {
  const Log log = parse_log(text, "x");
  const Event e = log.event(i);
  return {e.country, e.date, e.value};
}

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

// (Zanzibar: not a country of ISO 3166; Yugoslavia, once unknown, is YUG now: spec 2a.)
TEST(ImportTest, UnknownCountryNamesTheLineOrIsSkippedWhenAsked) {
  const std::string bad = "iso3c,countryname,year,month,troops,source\n"
                          "DEU,Germany,2020,June,1,x\n"
                          "NA,Zanzibar,1980,June,5,y\n";
  try {
    import_table(bad, "t.csv", troops_options());
    FAIL() << "an unknown country must refuse the table";
  } catch (const LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "t.csv");
    EXPECT_EQ(e.diagnostics()[0].line, 3u);
    EXPECT_NE(e.diagnostics()[0].message.find("Zanzibar"), std::string::npos);
  }
  auto o = troops_options();
  o.skip_unknown_countries = true;
  const auto r = import_table(bad, "t.csv", o);
  EXPECT_EQ(r.rows_written, 1u);
  EXPECT_EQ(r.unknown_countries.at("Zanzibar").rows, 1u);
  o.skip_unknown_countries = false;
  o.aliases = {{"zanzibar", "TZA"}};
  EXPECT_EQ(row_of(import_table(bad, "t.csv", o).log_text, 1).country, Country::find("TZA"));
}

// An unknown spelling is reported once, with its number of rows, its first
// line and the closest known spellings: refused, or skipped and summed up.
TEST(ImportTest, UnknownCountriesReportedOnceEach) {
  std::string t = "iso3c,countryname,year,month,troops,source\n";
  for (int i = 0; i < 150; ++i)
    t += fmt::format("NA,Zanzibar,{},June,5,y\n", 1900 + i);
  t += "NA,Kenia,2020,June,5,y\nDEU,Germany,2020,June,1,x\nNA,Kenia,2021,June,5,y\n";
  t += "NA,Korea,2021,June,5,y\nDEU,Germany,2021,June,x,x\n";
  try {
    import_table(t, "t.csv", troops_options());
    FAIL() << "unknown countries must refuse the table";
  } catch (const LogRefused& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 4u);  // Zanzibar, Kenia, Korea once each, and the bad figure
    EXPECT_EQ(d[0].line, 2u);
    EXPECT_NE(d[0].message.find("'Zanzibar'"), std::string::npos) << d[0].message;
    EXPECT_NE(d[0].message.find("150 rows"), std::string::npos) << d[0].message;
    EXPECT_EQ(d[1].line, 152u);
    EXPECT_NE(d[1].message.find("did you mean Kenya"), std::string::npos) << d[1].message;
    EXPECT_NE(d[1].message.find("2 rows"), std::string::npos) << d[1].message;
    EXPECT_NE(d[1].message.find("--alias 'Kenia=CODE'"), std::string::npos) << d[1].message;
    EXPECT_EQ(d[2].line, 155u);
    EXPECT_NE(d[2].message.find("ambiguous"), std::string::npos) << d[2].message;
    EXPECT_EQ(d[3].line, 156u);  // in line order
  }
  auto o = troops_options();
  o.skip_unknown_countries = true;
  t.erase(t.rfind("DEU,Germany,2021,June,x,x\n"));
  const auto r = import_table(t, "t.csv", o);
  EXPECT_EQ(r.rows_written, 2u);  // Germany's figure, and Germany absent on 2021-06
  ASSERT_EQ(r.unknown_countries.size(), 3u);
  const UnknownCountry& kenia = r.unknown_countries.at("Kenia");
  EXPECT_EQ(kenia.rows, 2u);
  EXPECT_EQ(kenia.file, "t.csv");
  EXPECT_EQ(kenia.line, 152u);
  EXPECT_NE(kenia.message.find("did you mean Kenya"), std::string::npos) << kenia.message;
  EXPECT_EQ(r.unknown_countries.at("Zanzibar").rows, 150u);
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
  EXPECT_EQ(to_string(row_of(r2.log_text, 0).date), "2021-03-04");
}

TEST(ImportTest, FieldsAreWrittenByTheOneCsvWriter) {
  // Designated (g++ 12's -Wrestrict false positive on assigned literals; see base_options).
  const ImportOptions o{.year_column = "y",
                        .country_columns = {"c"},
                        .count_column = "n",
                        .mission = "X, Y",
                        // a quote, and a tab at the end that a reader would trim
                        .component = "a \"b\"\t",
                        .source_column = "s"};
  const auto r = import_table("y,c,n,s\n2021,KEN,10,\"said \"\"so\"\"\"\n", "q.csv", o);
  EXPECT_EQ(r.log_text.substr(r.log_text.find('\n') + 1),
            "t1-2,report,2021,\"X, Y\",KEN,\"a \"\"b\"\"\t\",10,,,\"q.csv line 2: said \"\"so\"\"\",,\n");
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(log.events()[0].mission, "X, Y");
}

// --- Shapes and policies ------------------------------------------------------

ImportOptions base_options() {
  // Designated, not assigned: g++ 12 warns (-Wrestrict) on assigning a short
  // literal to a string here, a known false positive.
  return {.date_column = "date", .country_columns = {"c"}, .count_column = "n", .mission = "M"};
}

Value at(const Log& log, const char* day, Filter f = {}) {
  return Timeline{log}.strength(*parse_day(day), f);
}
Filter country(const char* c) { return {.country = Country::find(c)}; }
constexpr Value unknown{0, 0, Value::unbounded};

TEST(ImportTest, CountColumnsEachOfItsComponentAndSums) {
  ImportOptions o = base_options();
  o.count_column.clear();
  o.counts = {{"Troops Total", "troops"}, {"Male+Female", "police"}};
  const auto r = import_table("date,c,Troops Total,Male,Female\n"
                              "2020-01,KEN,10,3,4\n"
                              "2020-02,KEN,12,5,NA\n", "un.csv", o);
  const Log log = parse_log(r.log_text, "x");
  ASSERT_EQ(log.events().size(), 4u);
  EXPECT_EQ(log.events()[0].id, "t1-2-1");
  EXPECT_EQ(log.events()[1].id, "t1-2-2");
  EXPECT_EQ(log.events()[1].component, "police");
  EXPECT_EQ(log.events()[1].value, Value::exactly(7));
  // A sum with a missing cell is missing: police of unknown size, count 7 kept.
  EXPECT_EQ(log.events()[3].value, (Value{7, 0, Value::unbounded}));
  EXPECT_EQ(at(log, "2020-02-29", {.component = "troops"}), Value::exactly(12));
  EXPECT_EQ(r.figures_missing, 1u);
}

TEST(ImportTest, WholeNumbersZeroFractionsAndThousands) {
  ImportOptions o = base_options();
  const std::string t = "date,c,n\n2020,KEN,13.0\n2021,KEN,\"1,000\"\n";
  EXPECT_THROW(import_table(t, "t.csv", o), LogRefused);  // "1,000" without --thousands
  o.thousands = ',';
  const Log log = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(log.events()[0].value, Value::exactly(13));
  EXPECT_EQ(log.events()[1].value, Value::exactly(1000));
  for (const char* bad : {"13.5", "1,00", "1.0.0", "x"}) {
    try {
      import_table(fmt::format("date,c,n\n2020,KEN,\"{}\"\n", bad), "t.csv", o);
      FAIL() << bad;
    } catch (const LogRefused& e) {
      EXPECT_EQ(e.diagnostics()[0].line, 2u) << bad;
      EXPECT_NE(e.diagnostics()[0].message.find("whole number"), std::string::npos) << bad;
    }
  }
}

// --fractions: a yearly average such as 264.25 is a range (rounded half to
// even, the whole numbers on either side) or a rounded figure; a whole
// number stays exact; a sum adds the exact decimals and rounds once.
TEST(ImportTest, FractionsAsRangeOrRounded) {
  ImportOptions o = base_options();
  const std::string t = "date,c,n\n2020,KEN,264.25\n2021,KEN,264.5\n2022,KEN,265.5\n"
                        "2023,KEN,264.51\n2024,KEN,13.0\n2025,KEN,0.75\n";
  EXPECT_THROW(import_table(t, "t.csv", o), LogRefused);
  o.fractions = Fractions::range;
  const auto r = import_table(t, "t.csv", o);
  EXPECT_NE(r.log_text.find("t1-2,report,2020,M,KEN,,264,264,265,"), std::string::npos)
      << r.log_text;
  EXPECT_NE(r.log_text.find("t1-6,report,2024,M,KEN,,13,,,"), std::string::npos);  // exact
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(log.events()[0].value, (Value{264, 264, 265}));
  EXPECT_EQ(log.events()[1].value, (Value{264, 264, 265}));  // half to even: down
  EXPECT_EQ(log.events()[2].value, (Value{266, 265, 266}));  // half to even: up
  EXPECT_EQ(log.events()[3].value, (Value{265, 264, 265}));
  EXPECT_EQ(log.events()[4].value, Value::exactly(13));
  EXPECT_EQ(log.events()[5].value, (Value{1, 0, 1}));
  o.fractions = Fractions::round;
  const Log rounded = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(rounded.events()[0].value, Value::exactly(264));
  EXPECT_EQ(rounded.events()[1].value, Value::exactly(264));
  EXPECT_EQ(rounded.events()[2].value, Value::exactly(266));
  EXPECT_EQ(rounded.events()[5].value, Value::exactly(1));
  // With a thousands separator, and the decimal comma where it is '.'.
  o.fractions = Fractions::range;
  o.thousands = ',';
  EXPECT_EQ(row_of(import_table("date,c,n\n2020,KEN,\"1,264.25\"\n", "t.csv", o).log_text, 0).value,
            (Value{1264, 1264, 1265}));
  o.thousands = '.';
  EXPECT_EQ(row_of(import_table("date,c,n\n2020,KEN,\"1.264,75\"\n", "t.csv", o).log_text, 0).value,
            (Value{1265, 1264, 1265}));
  // A sum of columns: the exact decimals added, then rounded once.
  o.thousands = 0;
  o.count_column = "a+b";
  const auto sum = [&](const char* a, const char* b) {
    return row_of(import_table(fmt::format("date,c,a,b\n2020,KEN,{},{}\n", a, b), "t.csv", o)
                      .log_text, 0).value;
  };
  EXPECT_EQ(sum("0.5", "0.5"), Value::exactly(1));
  EXPECT_EQ(sum("10.25", "3.5"), (Value{14, 13, 14}));
  EXPECT_EQ(sum("10.125", "3.375"), (Value{14, 13, 14}));  // 13.5: half to even
  o.fractions = Fractions::round;
  EXPECT_EQ(sum("10.4", "3.4"), Value::exactly(14));  // 13.8, not 10 + 3
}

TEST(ImportTest, DateFormats) {
  ImportOptions o = base_options();
  const auto date_of = [&](const char* fmt_, const char* cell) {
    o.date_format = fmt_;
    const auto r = import_table(fmt::format("date,c,n\n\"{}\",KEN,1\n", cell), "t.csv", o);
    return to_string(row_of(r.log_text, 0).date);
  };
  EXPECT_EQ(date_of("%d-%b-%Y", "31-Dec-2013"), "2013-12-31");
  EXPECT_EQ(date_of("%d/%m/%Y", "05/04/2013"), "2013-04-05");
  EXPECT_EQ(date_of("%B %Y", "December 2013"), "2013-12");
  EXPECT_EQ(date_of("%Y-%m-%dT%H:%M:%SZ", "2013-12-31T10:00:00Z"), "2013-12-31");
  EXPECT_EQ(date_of("%Y", "2013"), "2013");
  o.date_format = "%d/%m/%Y";
  EXPECT_THROW(import_table("date,c,n\n31-Dec-2013,KEN,1\n", "t.csv", o), LogRefused);
  // Month names with or without a period for --month.
  ImportOptions m = base_options();
  m.date_column.clear();
  m.year_column = "y";
  m.month_column = "m";
  const auto r = import_table("y,m,c,n\n2020,sep.,KEN,1\n2020,Sept,JPN,1\n2020,Dec.,KEN,2\n",
                              "t.csv", m);
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(to_string(log.events()[0].date), "2020-09");
  EXPECT_EQ(to_string(log.events()[1].date), "2020-09");
  EXPECT_EQ(to_string(log.events()[2].date), "2020-12");
}

TEST(ImportTest, WideTableAndDelimiters) {
  ImportOptions o = base_options();
  o.date_column.clear();
  o.count_column.clear();
  o.wide = true;
  o.date_format = "%b %Y";
  o.delimiter = ';';
  const auto r = import_table("c;Jan 2020;Feb 2020\nKEN;10;12\nJPN;5;..\n", "w.csv", o);
  const Log log = parse_log(r.log_text, "x");
  ASSERT_EQ(log.events().size(), 4u);
  EXPECT_EQ(log.events()[1].id, "t1-2-2");
  EXPECT_EQ(at(log, "2020-02-29", country("KEN")), Value::exactly(12));
  EXPECT_EQ(at(log, "2020-02-29", country("JPN")), (Value{5, 0, Value::unbounded}));
  for (char d : {'\t', '|'}) {
    ImportOptions p = base_options();
    p.delimiter = d;
    const std::string t = fmt::format("date{0}c{0}n\n2020{0}KEN{0}\"1,500\"\n", d);
    p.thousands = ',';
    EXPECT_EQ(row_of(import_table(t, "t.csv", p).log_text, 0).value, Value::exactly(1500));
  }
  o.date_format.clear();
  EXPECT_THROW(import_table("c;notes;2020\nKEN;x;1\n", "w.csv", o), LogRefused);
}

// A wide table's descriptive columns: an error naming the column and
// suggesting --ignore-column, or left out with it.
TEST(ImportTest, WideTableIgnoredColumns) {
  ImportOptions o = base_options();
  o.date_column.clear();
  o.count_column.clear();
  o.wide = true;
  const std::string t = "region,c,notes,2020,2021\nAfrica,KEN,x,10,12\nAsia,JPN,,5,6\n";
  try {
    import_table(t, "w.csv", o);
    FAIL() << "a column that is neither named nor a date";
  } catch (const LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].line, 1u);
    EXPECT_NE(e.diagnostics()[0].message.find("'region'"), std::string::npos);
    EXPECT_NE(e.diagnostics()[0].message.find("--ignore-column 'region'"), std::string::npos)
        << e.diagnostics()[0].message;
    EXPECT_NE(e.diagnostics()[1].message.find("--ignore-column 'notes'"), std::string::npos);
  }
  o.ignore_columns = {"region", "notes"};
  const auto r = import_table(t, "w.csv", o);
  EXPECT_EQ(r.rows_written, 4u);
  EXPECT_EQ(at(parse_log(r.log_text, "x"), "2021-12-31", country("KEN")), Value::exactly(12));
  o.ignore_columns = {"region", "note"};  // not in the header
  EXPECT_THROW(import_table(t, "w.csv", o), LogRefused);
}

TEST(ImportTest, WithoutCountryEveryRowIsAnObservation) {
  ImportOptions o = base_options();
  o.country_columns.clear();
  const Log log = parse_log(import_table("date,n\n2020,100\n", "t.csv", o).log_text, "x");
  ASSERT_EQ(log.events().size(), 1u);
  EXPECT_FALSE(log.events()[0].country.has_value());
  // An observation changes no track: by section 5 alone, nothing ...
  EXPECT_EQ(Timeline(log, Vantage{.parts_only = true}).strength(*parse_day("2020-12-31")), Value{});
  // ... and by default (section 8) the total is the mission's own, unattributed personnel.
  EXPECT_EQ(at(log, "2020-12-31"), Value::exactly(100));
}

TEST(ImportTest, MissingPolicies) {
  const std::string t = "date,c,n,s\n2020-01,KEN,10,a\n2020-02,KEN,0,NA\n2020-03,KEN,N/A,b\n"
                        "2020-02,JPN,-,b\n";
  ImportOptions o = base_options();
  o.missing_when = {{"s", "NA"}};
  const Log unk = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(at(unk, "2020-02-29", country("KEN")), (Value{10, 0, Value::unbounded}));
  EXPECT_EQ(at(unk, "2020-03-31", country("KEN")), (Value{10, 0, Value::unbounded}));
  EXPECT_EQ(at(unk, "2020-02-29", country("JPN")), unknown);  // no earlier figure: no count
  EXPECT_NE(unk.events()[1].note.find("size unknown"), std::string::npos);
  o.missing_as = MissingAs::skip;
  const auto skip = import_table(t, "t.csv", o);
  EXPECT_EQ(skip.rows_written, 1u + 1u);  // KEN's figure; JPN absent on 2020-03
  EXPECT_EQ(at(parse_log(skip.log_text, "x"), "2020-03-31", country("KEN")), Value::exactly(10));
  o.missing_as = MissingAs::zero;
  o.absent_as = AbsentAs::carry;
  const Log zero = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(at(zero, "2020-02-29", country("KEN")), Value{});
  EXPECT_EQ(zero.events().size(), 4u);
}

TEST(ImportTest, AbsentPolicies) {
  // KEN leaves after 2020-02 and comes back in 2020-04; JPN stays.
  const std::string t = "date,c,n\n2020-01,KEN,10\n2020-01,JPN,5\n2020-02,KEN,11\n"
                        "2020-02,JPN,5\n2020-03,JPN,6\n2020-04,JPN,6\n2020-04,KEN,9\n";
  ImportOptions o = base_options();
  const auto r = import_table(t, "t.csv", o);
  EXPECT_EQ(r.keys_absent, 1u);
  const Log unk = parse_log(r.log_text, "x");
  EXPECT_EQ(unk.events().back().id, "t1-a1");
  EXPECT_EQ(at(unk, "2020-03-31", country("KEN")), (Value{11, 0, Value::unbounded}));
  EXPECT_EQ(at(unk, "2020-04-30", country("KEN")), Value::exactly(9));
  o.absent_as = AbsentAs::zero;
  const Log zero = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(at(zero, "2020-03-31", country("KEN")), Value{});
  EXPECT_EQ(at(zero, "2020-04-30", country("KEN")), Value::exactly(9));
  o.absent_as = AbsentAs::carry;
  const Log carry = parse_log(import_table(t, "t.csv", o).log_text, "x");
  EXPECT_EQ(at(carry, "2020-03-31", country("KEN")), Value::exactly(11));
  EXPECT_EQ(carry.events().size(), 7u);
}

// The count of a report of unknown size is the last figure WRITTEN for its
// key, whatever wrote it: here the 0 that --missing-as zero made of
// February's NA, not January's 50 (which the table no longer holds).
TEST(ImportTest, UnknownSizeCountIsTheLastFigureWrittenForTheKey) {
  const std::string t = "date,country,troops\n2020-01,Kenya,50\n2020-02,Kenya,NA\n"
                        "2020-01,Japan,5\n2020-02,Japan,5\n2020-03,Japan,5\n";
  ImportOptions o;
  o.date_column = "date";
  o.country_columns = {"country"};
  o.count_column = "troops";
  o.mission = "M";
  o.missing_as = MissingAs::zero;  // absent_as: unknown (the default)
  const auto r = import_table(t, "T.csv", o);
  const Log log = parse_log(r.log_text, "x");
  EXPECT_EQ(at(log, "2020-02-29", country("KEN")), Value{});
  EXPECT_EQ(at(log, "2020-03-31", country("KEN")), unknown);  // count 0, not 50
  EXPECT_NE(r.log_text.find("t1-a1,report,2020-03,M,KEN,,0,0,,"), std::string::npos)
      << r.log_text;
  // An absent key taken as 0, then a missing figure of unknown size: count 0.
  const std::string back = "date,country,troops\n2020-01,Kenya,50\n2020-03,Kenya,NA\n"
                           "2020-01,Japan,5\n2020-02,Japan,5\n2020-03,Japan,5\n";
  o.missing_as = MissingAs::unknown;
  o.absent_as = AbsentAs::zero;
  const Log log2 = parse_log(import_table(back, "T.csv", o).log_text, "x");
  EXPECT_EQ(at(log2, "2020-02-29", country("KEN")), Value{});
  EXPECT_EQ(at(log2, "2020-03-31", country("KEN")), unknown);  // count 0, not 50
  // A report of unknown size writes no figure of its own: the next one
  // repeats the figure before it.
  const std::string twice = "date,country,troops\n2020-01,Kenya,50\n2020-02,Kenya,NA\n"
                            "2020-01,Japan,5\n2020-02,Japan,5\n2020-03,Japan,5\n";
  o.absent_as = AbsentAs::unknown;
  const Log log3 = parse_log(import_table(twice, "T.csv", o).log_text, "x");
  EXPECT_EQ(at(log3, "2020-03-31", country("KEN")), (Value{50, 0, Value::unbounded}));
}

// A table file in a fresh directory of the test's own.
std::string table_file(const std::string& dir, const std::string& name, const std::string& text) {
  const auto d = std::filesystem::path(::testing::TempDir()) / dir;
  std::filesystem::create_directories(d);
  const auto p = d / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

// --country-name gives every row one country; {file} is the table's file
// name without directory and extension, so one file per country is read in
// one run, each table with its own number in ids and its own lines in source.
TEST(ImportTest, CountryNameFromEachFileOfSeveralTables) {
  const auto kenya = table_file("per-country", "Kenya.csv", "date,troops\n2020-01,50\n2020-02,55\n");
  const auto japan = table_file("per-country", "Cote d'Ivoire.csv",
                                "date,troops\n2020-01,7\n\n2020-02,NA\n");
  ImportOptions o;
  o.date_column = "date";
  o.count_column = "troops";
  o.mission = "M";
  o.country_name = "{file}";
  o.missing_as = MissingAs::zero;
  const auto r = import_tables({kenya, japan}, o);
  const Log log = parse_log(r.log_text, "x");
  ASSERT_EQ(log.events().size(), 4u) << r.log_text;
  EXPECT_EQ(log.events()[0].id, "t1-2");
  EXPECT_EQ(log.events()[0].country->code(), "KEN");
  EXPECT_EQ(log.events()[0].source, "Kenya.csv line 2");
  EXPECT_EQ(log.events()[2].id, "t2-2");
  EXPECT_EQ(log.events()[2].country->code(), "CIV");
  EXPECT_EQ(log.events()[3].id, "t2-4");
  EXPECT_EQ(log.events()[3].source, "Cote d'Ivoire.csv line 4");
  EXPECT_EQ(at(log, "2020-02-29"), Value::exactly(55));
  // A fixed name, and around {file}.
  o.country_name = "Kenya";
  EXPECT_EQ(row_of(import_tables({japan}, o).log_text, 0).country, Country::find("KEN"));
  const auto un = table_file("per-country", "UN-Ghana.csv", "date,troops\n2020-01,3\n");
  o.country_name = "{file}";
  EXPECT_THROW(import_tables({un}, o), LogRefused);  // "UN-Ghana" is no country
  o.aliases = {{"UN-Ghana", "GHA"}};
  EXPECT_EQ(row_of(import_tables({un}, o).log_text, 0).country, Country::find("GHA"));
  // Not with country columns.
  o.country_columns = {"troops"};
  EXPECT_THROW(import_tables({un}, o), std::invalid_argument);
}

// --kind end: a table of missions with their closing dates becomes `end`
// rows (no figure); a mission still running (blank date) is skipped and
// counted; a country or component where the table gives one narrows the end.
TEST(ImportTest, KindEndTurnsClosingDatesIntoEnds) {
  const std::string t = "mission_acronym,start_date,end_date,country\n"
                        "UNMIH,1993-09-23,1996-06-30,\n"
                        "MINUSTAH,2004-06-01,2017-10-15,\n"
                        "MONUSCO,2010-07-01,,\n"
                        "MINUSMA,2013-04-25,2023-12-31,Kenya\n"
                        "UNMISS,2011-07-09,NA,\n";
  ImportOptions o;
  o.date_column = "end_date";
  o.mission_column = "mission_acronym";
  o.country_columns = {"country"};
  o.kind = Kind::end;
  const auto r = import_table(t, "missions.csv", o);
  EXPECT_EQ(r.rows_written, 3u);
  EXPECT_EQ(r.dates_blank, 2u);
  EXPECT_EQ(r.log_text, "id,kind,date,mission,country,component,count,low,high,source,recorded,note\n"
                        "t1-2,end,1996-06-30,UNMIH,,,,,,missions.csv line 2,,\n"
                        "t1-3,end,2017-10-15,MINUSTAH,,,,,,missions.csv line 3,,\n"
                        "t1-5,end,2023-12-31,MINUSMA,KEN,,,,,missions.csv line 5,,\n");
  const Log log = parse_log(r.log_text, "x");
  ASSERT_EQ(log.events().size(), 3u);
  EXPECT_EQ(log.events()[0].kind, Kind::end);
  // Joined with reports, the end sets MINUSTAH's contingents to 0.
  const Log joined = parse_log(
      "id,kind,date,mission,country,component,count,low,high,source,recorded,note\n"
      "r1,report,2017-01,MINUSTAH,BRA,,900,,,,,\n"
      "r2,report,2017-01,MINUSMA,KEN,,20,,,,,\n" + r.log_text.substr(r.log_text.find('\n') + 1),
      "joined");
  EXPECT_EQ(at(joined, "2017-10-14", {.mission = "MINUSTAH"}), Value::exactly(900));
  EXPECT_EQ(at(joined, "2017-10-15", {.mission = "MINUSTAH"}), Value{});
  EXPECT_EQ(at(joined, "2023-12-31", {.mission = "MINUSMA"}), Value{});
  // An end carries no figure.
  o.count_column = "start_date";
  EXPECT_THROW(import_table(t, "missions.csv", o), std::invalid_argument);
}

TEST(ImportTest, IdPrefixAndRecorded) {
  ImportOptions o = base_options();
  o.id_prefix = "un";
  o.recorded = "2021-05-01";
  const auto r = import_table("date,c,n\n2020,KEN,1\n", "t.csv", o);
  EXPECT_EQ(r.log_text, "id,kind,date,mission,country,component,count,low,high,source,recorded,note\n"
                        "un1-2,report,2020,M,KEN,,1,,,t.csv line 2,2021-05-01,\n");
  o.recorded = "2021-5-1";
  EXPECT_THROW(import_table("date,c,n\n2020,KEN,1\n", "t.csv", o), std::invalid_argument);
}

// An extract of /work/shared/data/us-troops-by-host-quarterly.csv (its first
// eight columns): troopdata marks a quarter it has no figure for with source
// NA and a 0.
constexpr const char* troopdata_extract =
    "ccode,iso3c,countryname,year,month,quarter,source,troops_ad\n"
    "2,USA,United States,2022,December,4,December 2022,1151458\n"
    "2,USA,United States,2022,June,2,June 2022,1162657\n"
    "2,USA,United States,2022,March,1,March 2022,1173279\n"
    "2,USA,United States,2022,September,3,September 2022,1164238\n"
    "2,USA,United States,2023,December,4,December 2023,1125787\n"
    "2,USA,United States,2023,June,2,June 2023,1146898\n"
    "2,USA,United States,2023,March,1,March 2023,1142632\n"
    "2,USA,United States,2023,September,3,September 2023,1143324\n"
    "20,CAN,Canada,2022,December,4,NA,0\n"
    "20,CAN,Canada,2022,September,3,September 2022,155\n"
    "20,CAN,Canada,2023,June,2,NA,0\n"
    "260,DEU,Germany,2022,December,4,NA,0\n"
    "260,DEU,Germany,2022,June,2,June 2022,36056\n"
    "260,DEU,Germany,2022,March,1,March 2022,36039\n"
    "260,DEU,Germany,2022,September,3,September 2022,35781\n"
    "260,DEU,Germany,2023,December,4,December 2023,35125\n"
    "260,DEU,Germany,2023,June,2,NA,0\n"
    "260,DEU,Germany,2023,March,1,NA,0\n"
    "260,DEU,Germany,2023,September,3,September 2023,35188\n";

TEST(ImportTest, TroopdataNaQuartersAreUnknownNotZero) {
  ImportOptions o = troops_options();
  o.count_column = "troops_ad";
  o.missing_when = {{"source", "NA"}};
  const Log log = parse_log(import_table(troopdata_extract, "troops.csv", o).log_text, "x");
  EXPECT_EQ(at(log, "2023-06-30", country("DEU")), (Value{35781, 0, Value::unbounded}));
  EXPECT_EQ(at(log, "2023-09-30", country("DEU")), Value::exactly(35188));
  const Value sep = at(log, "2022-09-30"), dec = at(log, "2022-12-31");
  EXPECT_EQ(sep, Value::exactly(1164238 + 155 + 35781));
  EXPECT_EQ(dec.estimate, 1151458 + 155 + 35781);  // no drop of Germany's 35,781
  EXPECT_FALSE(dec.bounded());
  // Without --missing-when, the NA quarters are figures of 0.
  o.missing_when.clear();
  const Log plain = parse_log(import_table(troopdata_extract, "troops.csv", o).log_text, "x");
  EXPECT_EQ(at(plain, "2023-06-30", country("DEU")), Value{});
}

// A monthly UN-style table by contributor, mission and personnel type.
// MINURSO leaves after 2020-02 (closed); MONUC is renamed MONUSCO in 2020-03.
constexpr const char* un_table =
    "Month,Contributor,Mission,Troops Total,Individual Police Total,"
    "Formed Police Units Total,Experts on Mission Total\n"
    "Jan 2020,Kenya,MINURSO,10,2,0,3\n"
    "Jan 2020,Kenya,MONUC,100,5,20,1\n"
    "Jan 2020,Ghana,MONUC,50,0,0,2\n"
    "Feb 2020,Kenya,MINURSO,8,2,0,3\n"
    "Feb 2020,Kenya,MONUC,110,5,20,1\n"
    "Feb 2020,Ghana,MONUC,55,1,0,2\n"
    "Mar 2020,Kenya,MONUSCO,115,5,20,1\n"
    "Mar 2020,Ghana,MONUSCO,60,1,0,2\n"
    "Apr 2020,Kenya,MONUSCO,120,6,20,1\n"
    "Apr 2020,Ghana,MONUSCO,60,1,0,2\n";

ImportOptions un_options() {
  ImportOptions o;
  o.date_column = "Month";
  o.date_format = "%b %Y";
  o.country_columns = {"Contributor"};
  o.mission_column = "Mission";
  o.counts = {{"Troops Total", "troops"}, {"Individual Police Total", "police"},
              {"Formed Police Units Total", "fpu"}, {"Experts on Mission Total", "experts"}};
  return o;
}

TEST(ImportTest, UnMonthlyTableByPersonnelType) {
  ImportOptions o = un_options();
  o.absent_as = AbsentAs::zero;
  const Log log = parse_log(import_table(un_table, "un.csv", o).log_text, "x");
  // The table's own sums, on its dates and between them.
  for (const char* day : {"2020-01-31", "2020-02-15", "2020-02-29"})
    EXPECT_EQ(at(log, day, {.mission = "MINURSO"}).estimate,
              std::string_view(day) < "2020-02-29" ? 15 : 13) << day;
  EXPECT_EQ(at(log, "2020-03-31", {.mission = "MINURSO"}), Value{});  // closed
  EXPECT_EQ(at(log, "2020-04-30", {.mission = "MINURSO"}), Value{});
  EXPECT_EQ(at(log, "2020-03-31", {.mission = "MONUC"}), Value{});    // renamed
  EXPECT_EQ(at(log, "2020-03-31", {.mission = "MONUSCO"}), Value::exactly(141 + 63));
  EXPECT_EQ(at(log, "2020-03-31", country("KEN")), Value::exactly(141));  // not twice
  EXPECT_EQ(at(log, "2020-04-15", country("KEN")), Value::exactly(141));
  EXPECT_EQ(at(log, "2020-04-30", country("KEN")), Value::exactly(147));
  EXPECT_EQ(at(log, "2020-04-30", {.component = "fpu"}), Value::exactly(20));
  EXPECT_EQ(at(log, "2020-02-29"), Value::exactly(13 + 136 + 58));
  // With the default policy a closed mission's contingents are of unknown size.
  const Log unk = parse_log(import_table(un_table, "un.csv", un_options()).log_text, "x");
  const Value closed = at(unk, "2020-03-31", {.mission = "MINURSO"});
  EXPECT_FALSE(closed.bounded());
  EXPECT_EQ(closed.low, 0);
}

}  // namespace

// --- Issue 23: every input bounded, every file type handled ------------------

namespace limits {

ImportOptions date_count() {
  ImportOptions o;
  o.date_column = std::string("date");
  o.count_column = std::string("troops");
  o.mission = std::string("X");
  return o;
}

// The first error of refusing `paths`.
std::string refusal(const std::vector<std::string>& paths, std::size_t max = max_log_bytes,
                    std::size_t* errors = nullptr) {
  try {
    import_tables(paths, date_count(), max);
  } catch (const LogRefused& e) {
    if (errors) *errors = e.diagnostics().size();
    const Diagnostic& d = e.diagnostics().front();
    return fmt::format("{}:{}: {}", d.file, d.line, d.message);
  }
  return "accepted";
}

std::string temp_table(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace limits

TEST(ImportLimitsTest, DevZeroIsRefusedAtTheFieldLimitAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(limits::refusal({"/dev/zero"}),
            "/dev/zero:1: header: field 1 is longer than 1 MiB (1048576 bytes), the most muster "
            "reads");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ImportLimitsTest, ADirectoryIsNamedAsOne) {
  const auto dir = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(limits::refusal({dir}), dir + ":0: is a directory, not a table: give the files in it");
}

TEST(ImportLimitsTest, FileSizeLimitAsTheLogReaders) {
  const auto path = limits::temp_table("import_limit.csv", "date,troops\n2020-01,5\n2020-02,6\n");
  EXPECT_EQ(limits::refusal({path}, 20),
            path + ":2: the file goes on past 20 bytes, the most muster reads");
  EXPECT_EQ(limits::refusal({path}, 100), "accepted");
}

TEST(ImportLimitsTest, LongColumnNameAndTooManyFieldsAndErrors) {
  const std::string long_name(65, 'n');
  const auto a = limits::temp_table("import_long_name.csv", "date,troops," + long_name + "\n");
  EXPECT_EQ(limits::refusal({a}), a + ":1: column '" + long_name.substr(0, 40) +
                                      "...' has a name longer than 64 bytes, the most muster reads");
  const auto b = limits::temp_table("import_wide.csv", "date,troops\n" + std::string(5000, ','));
  EXPECT_EQ(limits::refusal({b}), b + ":2: more than 1000 fields, the most muster reads in a record");
  std::string bad = "date,troops\n";
  for (int i = 0; i < 1500; ++i) bad += "2020-01,x\n";
  const auto c = limits::temp_table("import_errors.csv", bad);
  std::size_t errors = 0;
  limits::refusal({c}, max_log_bytes, &errors);
  EXPECT_EQ(errors, 1001u);
}

// Issue 23: no library function depends on the C or C++ global locale. Under
// tr_TR, std::tolower('I') is not 'i' (a dotless i): months, country names
// and aliases are still compared by ASCII case folding.
TEST(ImportLocaleTest, TurkishLocaleReadsCapitalI) {
  TurkishLocale turkish;
  ASSERT_TRUE(turkish.set());
  ASSERT_NE(std::tolower('I'), 'i');  // the locale is in force: 'I' folds to a dotless i

  ImportOptions o;
  o.year_column = std::string("year");
  o.month_column = std::string("month");
  o.country_columns = {"country"};
  o.count_column = std::string("troops");
  o.mission = std::string("X");
  o.aliases = {{"IRAQI KURDISTAN", "IRQ"}};
  const ImportResult ok = import_table("country,year,month,troops\n"
                                       "INDIA,2020,APRIL,10\n"
                                       "ITALY,2020,APR.,11\n"
                                       "iraqi kurdistan,2020,Aug,12\n"
                                       "Italy,2020,JUNE,2\n",
                                       "t.csv", o);
  EXPECT_EQ(ok.rows_written, 4u + 2u) << ok.log_text;  // and two absent keys
  EXPECT_NE(ok.log_text.find("t1-2,report,2020-04,X,IND,,10,"), std::string::npos) << ok.log_text;
  EXPECT_NE(ok.log_text.find("t1-3,report,2020-04,X,ITA,,11,"), std::string::npos) << ok.log_text;
  EXPECT_NE(ok.log_text.find("t1-4,report,2020-08,X,IRQ,,12,"), std::string::npos) << ok.log_text;
  EXPECT_NE(ok.log_text.find("t1-5,report,2020-06,X,ITA,,2,"), std::string::npos) << ok.log_text;

  ImportOptions f;
  f.date_column = std::string("date");
  f.date_format = std::string("%d-%b-%Y");
  f.country_columns = {"country"};
  f.count_column = std::string("troops");
  f.mission = std::string("X");
  const ImportResult dated = import_table("country,date,troops\n"
                                          "INDONESIA,01-APR-2020,3\n"
                                          "India,15-Jul-2021,4\n",
                                          "d.csv", f);
  EXPECT_NE(dated.log_text.find("t1-2,report,2020-04-01,X,IDN,,3,"), std::string::npos)
      << dated.log_text;
  EXPECT_NE(dated.log_text.find("t1-3,report,2021-07-15,X,IND,,4,"), std::string::npos)
      << dated.log_text;
}
