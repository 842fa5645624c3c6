// Tests for muster/format.hpp: fmt::formatter specialisations for the value
// types and thousands separators for tables.
#include <muster/format.hpp>
#include <muster/explain.hpp>
#include <muster/reconcile.hpp>
#include <muster/timeline.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <gtest/gtest.h>

namespace {

using muster::Value;

// muster::Day is muster's own type: fmt's formatting of date's and the
// standard's day counts is left as fmt has it, muster's headers included.
TEST(Format, FmtsOwnSysDaysFormattingIsIntact) {
  const date::sys_days d = date::year{2025} / 1 / 18;
  EXPECT_EQ(fmt::format("{:%d %B %Y}", d), "18 January 2025");
  EXPECT_EQ(fmt::format("{:%F}", std::chrono::sys_days{d}), "2025-01-18");
  EXPECT_EQ(fmt::format("{}", muster::Day{d}), "2025-01-18");
  EXPECT_EQ(fmt::format("[{:>12}]", muster::Day{d}), "[  2025-01-18]");
}

TEST(Format, Grouped) {
  EXPECT_EQ(muster::with_thousands(0), "0");
  EXPECT_EQ(muster::with_thousands(999), "999");
  EXPECT_EQ(muster::with_thousands(1000), "1,000");
  EXPECT_EQ(muster::with_thousands(1234567), "1,234,567");
  EXPECT_EQ(muster::with_thousands(1'000'000'000), "1,000,000,000");
  EXPECT_EQ(muster::with_thousands(-1234), "-1,234");
}

TEST(Format, Values) {
  EXPECT_EQ(fmt::format("{}", Value::exactly(617)), "617");
  EXPECT_EQ(fmt::format("{}", Value{617, 600, 799}), "617 (600 to 799)");
  EXPECT_EQ(fmt::format("{:L}", Value{1217, 617, 1217}), "1,217 (617 to 1,217)");
  EXPECT_EQ(fmt::format("{:L}", Value::exactly(12345)), "12,345");
  EXPECT_EQ(fmt::format("{}", Value{0, 0, Value::unbounded}), "?");
  EXPECT_EQ(fmt::format("{}", Value{617, 617, Value::unbounded}), "617 or more");
  EXPECT_EQ(fmt::format("{:L}", Value{2500, 1500, Value::unbounded}), "2,500 (1,500 or more)");
}

TEST(Format, DaysPeriodsCountriesKindsContingents) {
  const auto d = *muster::parse_day("2025-01-08");
  EXPECT_EQ(fmt::format("{}", d), "2025-01-08");
  EXPECT_EQ(fmt::format("{}", *muster::parse_period("2024-06")), "2024-06");
  EXPECT_EQ(fmt::format("{}", *muster::parse_period("2024")), "2024");
  EXPECT_EQ(fmt::format("{}", *muster::Country::find("Kenya")), "KEN");
  EXPECT_EQ(fmt::format("{:>5}", *muster::Country::find("Kenya")), "  KEN");
  EXPECT_EQ(fmt::format("{}", muster::Kind::departure), "departure");
  EXPECT_EQ(fmt::format("{}", muster::Contingent{"MSS", *muster::Country::find("KEN"), "police"}),
            "MSS/KEN/police");
  EXPECT_EQ(fmt::format("{}", muster::Contingent{"MSS", *muster::Country::find("KEN"), ""}),
            "MSS/KEN");
}

TEST(Format, Diagnostics) {
  EXPECT_EQ(fmt::format("{}", muster::Diagnostic{"mss.csv", 12, "bad date"}), "mss.csv:12: bad date");
}

TEST(Format, BadSpecIsRejected) {
  EXPECT_THROW((void)fmt::format(fmt::runtime("{:x}"), Value::exactly(1)), fmt::format_error);
}


// What is known of a size, as a briefing says it (the Haiti briefing's rule).
TEST(Format, RangeText) {
  EXPECT_EQ(muster::range_text(Value::exactly(617)), "617");
  EXPECT_EQ(muster::range_text(Value::exactly(12345)), "12,345");
  EXPECT_EQ(muster::range_text({617, 617, Value::unbounded}), "617 or more");
  EXPECT_EQ(muster::range_text({1217, 617, Value::unbounded}), "617 or more");
  EXPECT_EQ(muster::range_text({0, 0, Value::unbounded}), "?");
  EXPECT_EQ(muster::range_text({500, 0, Value::unbounded}), "?");
  EXPECT_EQ(muster::range_text({790, 780, 799}), "780 to 799");
  EXPECT_EQ(muster::range_text({1500, 1000, 2000}), "1,000 to 2,000");
  EXPECT_EQ(muster::range_text(Value::exactly(0)), "-");
}

}  // namespace

// Issue 24: one text for a contingent and for a scope, in every output.
TEST(Format, ContingentAndScopeText) {
  const muster::Country ken = *muster::Country::find("KEN");
  const muster::Contingent police{"MSS", ken, "police"}, unspecified{"MSS", ken, ""},
      all_countries{"MSS", muster::Country{}, "police"}, mission{"MSS", muster::Country{}, ""};
  EXPECT_EQ(muster::contingent_text(police), "MSS/KEN/police");
  EXPECT_EQ(muster::contingent_text(unspecified), "MSS/KEN");
  EXPECT_EQ(fmt::format("{}", police), muster::contingent_text(police));
  // A report's scope is its contingent: a blank component is unspecified.
  EXPECT_EQ(muster::scope_text(unspecified, false), "MSS/KEN");
  // An observation's is a group: blank counts every country, every component.
  EXPECT_EQ(muster::scope_text(unspecified, true), "MSS/KEN (all components)");
  EXPECT_EQ(muster::scope_text(all_countries, true), "MSS/police (all countries)");
  EXPECT_EQ(muster::scope_text(mission, true), "MSS (all countries)");
  EXPECT_EQ(muster::scope_text(police, true), "MSS/KEN/police");
}

// Issue 24: one people's text for a value (the command's tables, chart).
TEST(Format, ValueText) {
  EXPECT_EQ(muster::value_text(Value::exactly(1217)), "1,217");
  EXPECT_EQ(muster::value_text({617, 600, 650}), "617 (600 to 650)");
  EXPECT_EQ(muster::value_text({617, 617, Value::unbounded}), "617 or more");
  EXPECT_EQ(muster::value_text({620, 617, Value::unbounded}), "620 (617 or more)");
  EXPECT_EQ(muster::value_text({0, 0, Value::unbounded}), "?");
  EXPECT_EQ(muster::value_text(Value::exactly(0)), "0");
}

TEST(Format, EveryTypePrintsWithFmt) {
  using namespace muster;
  EXPECT_EQ(fmt::format("{}", Status::planned), "planned");
  EXPECT_EQ(fmt::format("{}", Column::supersedes), "supersedes");
  EXPECT_EQ(to_string(Column::supersedes), "supersedes");
  EXPECT_EQ(fmt::format("{:>8}|", Column::note), "    note|");
  EXPECT_EQ(fmt::format("{}", GroupBy::country), "country");
  EXPECT_EQ(fmt::format("{}", SampleStep::month_end), "month-end");
  EXPECT_EQ(fmt::format("{}", HiddenBecause::recorded_after), "recorded after");
  EXPECT_EQ(fmt::format("{}", Verdict::conflicts), "conflicts");
  EXPECT_EQ(fmt::format("{:>9}|", Verdict::agrees), "   agrees|");
  EXPECT_EQ(fmt::format("{}", *parse_stale_after("6m")), "6m");
  EXPECT_EQ(fmt::format("{}", Vantage{}), "every confirmed row");
  EXPECT_EQ(fmt::format("{}", Vantage{.as_of = parse_day("2025-01-20"), .include_planned = true}),
            "as of 2025-01-20, with planned rows");
  EXPECT_EQ(fmt::format("{}", Filter{}), "everything");
  Filter f{.mission = std::string("MSS"), .country = Country::find("KEN")};
  f.country.add(*Country::find("JAM"));
  f.component = std::string();
  EXPECT_EQ(fmt::format("{}", f), "mission MSS, country KEN or JAM, component (unspecified)");
  const Contingent ken{"MSS", *Country::find("KEN"), "police"};
  EXPECT_EQ(fmt::format("{}", Group{ken, {617, 600, 650}}), "MSS/KEN/police 617 (600 to 650)");
  EXPECT_EQ(fmt::format("{}", Group{{}, Value::exactly(1217)}), "everything 1,217");
  EXPECT_EQ(fmt::format("{}", Precision::month), "month");
  EXPECT_EQ(fmt::format("{:>6}|", Precision::day), "   day|");
  EXPECT_EQ(fmt::format("{}", StaleAfter::Unit::weeks), "weeks");
  EXPECT_EQ(fmt::format("{}", HiddenReason{HiddenBecause::planned, std::nullopt}), "planned");
  EXPECT_EQ(fmt::format("{}", HiddenReason{HiddenBecause::recorded_after, std::nullopt}),
            "recorded after the as-of day");
  EXPECT_EQ(fmt::format("{}", Overwritten{}), "no row overwritten");
  EXPECT_EQ(fmt::format("{}", Overwritten{2, *parse_period("2024-06"), *parse_period("2025-01-17"), {3, 5}}),
            "2 rows overwritten, 2024-06 to 2025-01-17, by the steps at 3 and 5");
}

// The rows a view hides, read from a log: each with its reasons.
TEST(Format, HiddenRowsAndTheirReasons) {
  using namespace muster;
  const Log log = parse_log("id,kind,date,mission,country,component,count,status,supersedes\n"
                            "a1,arrival,2025-01-18,MSS,KEN,police,217,,\n"
                            "a2,arrival,2025-01-18,MSS,KEN,police,216,,a1\n"
                            "p1,arrival,2025-01-19,MSS,KEN,police,100,planned,\n",
                            "hidden.csv");
  const Explanation e = explain(log, *parse_day("2025-01-20"), {.country = Country::find("KEN")});
  ASSERT_EQ(e.hidden.size(), 2u);
  EXPECT_EQ(fmt::format("{}", e.hidden[0].reasons.at(0)), "superseded by a2");
  EXPECT_EQ(fmt::format("{}", e.hidden[0]),
            "row a1 (line 2): arrival of MSS/KEN/police on 2025-01-18, 217, hidden: superseded by a2");
  EXPECT_EQ(fmt::format("{}", e.hidden[1]),
            "row p1 (line 4): arrival of MSS/KEN/police on 2025-01-19, 100, planned, hidden: planned");
}

TEST(Format, AValueTakesAWidthAndAlignment) {
  const muster::Value v{1217, 617, 1217};
  EXPECT_EQ(fmt::format("{:>24}|", v), "      1217 (617 to 1217)|");
  EXPECT_EQ(fmt::format("{:>24L}|", v), "    1,217 (617 to 1,217)|");
  EXPECT_EQ(fmt::format("{:<8}|", muster::Value::exactly(5)), "5       |");
  EXPECT_EQ(fmt::format("{:L}", v), "1,217 (617 to 1,217)");
  EXPECT_EQ(fmt::format("{:*^9L}|", muster::Value::exactly(1217)), "**1,217**|");
  const std::string too_long = "{:>" + std::string(40, '0') + "8L}";
  EXPECT_THROW((void)fmt::format(fmt::runtime(too_long), v), fmt::format_error);
  EXPECT_THROW((void)fmt::format(fmt::runtime("{:xL}"), v), fmt::format_error);
}

