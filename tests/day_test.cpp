// Tests for muster/day.hpp: days and periods of spec section 2 (`date`:
// YYYY-MM-DD, YYYY-MM or YYYY, a real calendar date, year 1800-2200) and the
// month arithmetic of section 7.
#include <muster/day.hpp>

#include <gtest/gtest.h>

#include <concepts>
#include <type_traits>

namespace {

using muster::Precision;
using namespace date;

muster::Day ymd(int y, unsigned m, unsigned d) { return muster::Day{year{y} / month{m} / day{d}}; }

TEST(Day, ParseDay) {
  EXPECT_EQ(muster::parse_day("2025-01-18"), ymd(2025, 1, 18));
  EXPECT_EQ(muster::parse_day("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(muster::parse_day("1800-01-01"), ymd(1800, 1, 1));
  EXPECT_EQ(muster::parse_day("2200-12-31"), ymd(2200, 12, 31));
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-00-10", "2024-13-01",
                          "2024-01-00", "1799-12-31", "2201-01-01", "2024-01", "2024", "",
                          " 2024-01-02", "2024-01-02 ", "2024-1-2", "2024/01/02", "+024-01-02",
                          "2024-01-0a", "２０２４-01-02"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(muster::parse_day(bad).has_value());
  }
}

TEST(Day, ParsePeriod) {
  auto d = muster::parse_period("2024-06-15");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first, ymd(2024, 6, 15));
  EXPECT_EQ(d->last, ymd(2024, 6, 15));
  EXPECT_EQ(d->precision, Precision::day);
  auto m = muster::parse_period("2024-02");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first, ymd(2024, 2, 1));
  EXPECT_EQ(m->last, ymd(2024, 2, 29));
  EXPECT_EQ(m->precision, Precision::month);
  EXPECT_EQ(muster::parse_period("2023-02")->last, ymd(2023, 2, 28));
  EXPECT_EQ(muster::parse_period("2100-02")->last, ymd(2100, 2, 28));  // not a leap year
  EXPECT_EQ(muster::parse_period("2000-02")->last, ymd(2000, 2, 29));
  auto y = muster::parse_period("2024");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->first, ymd(2024, 1, 1));
  EXPECT_EQ(y->last, ymd(2024, 12, 31));
  EXPECT_EQ(y->precision, Precision::year);
  for (const char* bad : {"1799", "2201", "2024-13", "2024-00", "2024-", "24", "2024-6",
                          "2024-06-", "2024-06-1", "abcd", "2023-02-29"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(muster::parse_period(bad).has_value());
  }
}

TEST(Day, ToStringAsWritten) {
  EXPECT_EQ(muster::to_string(ymd(2025, 1, 8)), "2025-01-08");
  EXPECT_EQ(muster::to_string(ymd(1800, 1, 1)), "1800-01-01");
  for (const char* s : {"2024-06-15", "2024-06", "2024"})
    EXPECT_EQ(muster::to_string(*muster::parse_period(s)), s);
}

TEST(Day, AddMonthsKeepsTheDayOrUsesTheLastDay) {
  EXPECT_EQ(muster::add_months(ymd(2025, 1, 18), 1), ymd(2025, 2, 18));
  EXPECT_EQ(muster::add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
  EXPECT_EQ(muster::add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));
  EXPECT_EQ(muster::add_months(ymd(2024, 1, 31), 2), ymd(2024, 3, 31));
  EXPECT_EQ(muster::add_months(ymd(2024, 1, 31), 3), ymd(2024, 4, 30));
  EXPECT_EQ(muster::add_months(ymd(2024, 2, 29), 12), ymd(2025, 2, 28));
  EXPECT_EQ(muster::add_months(ymd(2024, 2, 29), 48), ymd(2028, 2, 29));
  EXPECT_EQ(muster::add_months(ymd(2024, 11, 30), 3), ymd(2025, 2, 28));
  EXPECT_EQ(muster::add_months(ymd(2024, 3, 31), -1), ymd(2024, 2, 29));
  EXPECT_EQ(muster::add_months(ymd(2024, 5, 5), 0), ymd(2024, 5, 5));
}

TEST(Day, PeriodIsARegularValue) {
  const auto a = *muster::parse_period("2024-06");
  auto b = a;
  EXPECT_EQ(a, b);
  b.precision = Precision::day;
  EXPECT_NE(a, b);
  EXPECT_EQ(muster::Period::of_day(ymd(2024, 1, 1)), *muster::parse_period("2024-01-01"));
}

TEST(Day, IsASmallRegularTypeOfItsOwn) {
  static_assert(sizeof(muster::Day) == 4);
  static_assert(std::is_trivially_copyable_v<muster::Day>);
  static_assert(std::regular<muster::Day>);
  static_assert(std::totally_ordered<muster::Day>);
  // Conversions to and from date's types are explicit only.
  static_assert(!std::is_convertible_v<sys_days, muster::Day>);
  static_assert(!std::is_convertible_v<muster::Day, sys_days>);
  static_assert(std::is_constructible_v<muster::Day, sys_days>);
  static_assert(std::is_constructible_v<sys_days, muster::Day>);
  static_assert(!std::is_same_v<muster::Day, sys_days>);
  EXPECT_EQ(muster::Day{}, ymd(1970, 1, 1));
  EXPECT_EQ(muster::Day{}.days_since_epoch(), 0);
  EXPECT_EQ(ymd(1969, 12, 31).days_since_epoch(), -1);
  EXPECT_EQ(muster::Day::from_days_since_epoch(20106), ymd(2025, 1, 18));
  const sys_days s = year{2025} / 1 / 18;
  EXPECT_EQ(muster::Day{s}, ymd(2025, 1, 18));
  EXPECT_EQ(static_cast<sys_days>(ymd(2025, 1, 18)), s);
  EXPECT_EQ(ymd(2025, 1, 18).sys(), s);
  EXPECT_EQ(ymd(2025, 1, 18).ymd(), year{2025} / 1 / 18);
  EXPECT_EQ(muster::Day{year{2024} / 2 / last}, ymd(2024, 2, 29));
}

TEST(Day, CountsInWholeDays) {
  muster::Day d = ymd(2024, 2, 28);
  EXPECT_EQ(d + days{1}, ymd(2024, 2, 29));
  EXPECT_EQ(days{2} + d, ymd(2024, 3, 1));
  EXPECT_EQ(d - days{59}, ymd(2023, 12, 31));
  EXPECT_EQ(ymd(2025, 1, 1) - ymd(2024, 1, 1), days{366});
  EXPECT_EQ(ymd(2024, 1, 1) - ymd(2025, 1, 1), days{-366});
  EXPECT_EQ(++d, ymd(2024, 2, 29));
  EXPECT_EQ(d++, ymd(2024, 2, 29));
  EXPECT_EQ(d, ymd(2024, 3, 1));
  EXPECT_EQ(--d, ymd(2024, 2, 29));
  d += days{30};
  EXPECT_EQ(d, ymd(2024, 3, 30));
  d -= days{30};
  EXPECT_EQ(d, ymd(2024, 2, 29));
  EXPECT_LT(ymd(2024, 2, 29), ymd(2024, 3, 1));
  EXPECT_GT(ymd(2024, 3, 1), ymd(2024, 2, 29));
  EXPECT_LT(muster::Day::min(), ymd(1800, 1, 1));
  EXPECT_GT(muster::Day::max(), ymd(2200, 12, 31));
}

TEST(Day, OkInTheYearsALogMayName) {
  EXPECT_TRUE(ymd(1800, 1, 1).ok());
  EXPECT_TRUE(ymd(2200, 12, 31).ok());
  EXPECT_FALSE(ymd(1799, 12, 31).ok());
  EXPECT_FALSE(ymd(2201, 1, 1).ok());
  EXPECT_FALSE(muster::Day::max().ok());
  EXPECT_TRUE(muster::Day{}.ok());
}

}  // namespace
