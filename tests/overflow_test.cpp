// Overflow safety (muster/value.hpp, muster/timeline.hpp): sums over 10^6
// rows of 10^9 personnel and personnel-days over 10^4 days are exact 64-bit
// numbers, and a sum that does not fit is an error, never a wrapped number.
#include "muster/log.hpp"
#include "muster/timeline.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include <sys/wait.h>

namespace {

using muster::Count;
using muster::Day;
using muster::Value;

constexpr Count billion = 1'000'000'000;
constexpr int rows = 1'000'000;
constexpr int kenya_rows = 900'000;  // the other 100,000 are Uganda's

// 10^6 arrivals of 10^9 each on 2000-01-01: 900,000 from Kenya, 100,000
// from Uganda.
const std::string& big_log_text() {
  static const std::string text = [] {
    std::string t = "id,kind,date,mission,country,count\n";
    t.reserve(45u * rows);
    for (int i = 0; i < rows; ++i)
      t += std::to_string(i) + (i < kenya_rows ? ",arrival,2000-01-01,M,KEN,1000000000\n"
                                               : ",arrival,2000-01-01,M,UGA,1000000000\n");
    return t;
  }();
  return text;
}

const muster::Log& big_log() {
  static const muster::Log log = muster::parse_log(big_log_text(), "big.csv");
  return log;
}

Day day(const char* s) { return *muster::parse_day(s); }

muster::Contingent contingent(const char* country) {
  return {"M", *muster::Country::find(country), ""};
}

}  // namespace

TEST(Overflow, CheckedArithmeticThrowsInsteadOfWrapping) {
  constexpr Count max = std::numeric_limits<Count>::max();
  EXPECT_EQ(muster::checked_add(max - 1, 1), max);
  EXPECT_THROW((void)muster::checked_add(max, 1), std::overflow_error);
  EXPECT_THROW((void)muster::checked_add(std::numeric_limits<Count>::min(), -1), std::overflow_error);
  EXPECT_EQ(muster::checked_mul(3'037'000'499, 3'037'000'499), 9'223'372'030'926'249'001);
  EXPECT_THROW((void)muster::checked_mul(3'037'000'500, 3'037'000'500), std::overflow_error);
  Value a = Value::exactly(max - 5);
  EXPECT_THROW(a += Value::exactly(6), std::overflow_error);
  // An unbounded high absorbs any sum without overflowing.
  Value u{1, 1, Value::unbounded};
  EXPECT_EQ((u + Value::exactly(10)).high, Value::unbounded);
}

TEST(Overflow, StrengthOfAMillionRowsOfABillionIsExact) {
  const muster::Log& log = big_log();
  ASSERT_EQ(log.events().size(), static_cast<std::size_t>(rows));
  const muster::Timeline t{log};
  EXPECT_EQ(t.strength(day("2000-01-01")), Value::exactly(rows * billion));  // 10^15
  EXPECT_EQ(t.strength(day("1999-12-31")), Value{});
  EXPECT_EQ(t.strength(contingent("KEN"), day("2100-01-01")), Value::exactly(kenya_rows * billion));
  const auto by = t.strength_by(muster::GroupBy::country, day("2000-06-30"));
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0].value, Value::exactly(900'000 * billion));
  EXPECT_EQ(by[1].value, Value::exactly(100'000 * billion));
}

TEST(Overflow, PersonnelDaysOverTenThousandDaysAreExact) {
  const muster::Timeline t{big_log()};
  const Day from = day("2000-01-01"), to = day("2027-05-18");  // 10^4 days
  ASSERT_EQ((to - from).count() + 1, 10'000);
  // 9 * 10^14 a day for 10^4 days: 9 * 10^18, just below 2^63 - 1.
  EXPECT_EQ(t.personnel_days(contingent("KEN"), from, to),
            Value::exactly(9'000'000'000'000'000'000));
  EXPECT_EQ(t.personnel_days(contingent("UGA"), from, to),
            Value::exactly(1'000'000'000'000'000'000));
  const auto by = t.personnel_days_by(muster::GroupBy::country, from, to);
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0].value.estimate, 9'000'000'000'000'000'000);
  // The two together, 10^19, do not fit in 64 bits: an error, not a number.
  EXPECT_THROW((void)t.personnel_days_by(muster::GroupBy::total, from, to), std::overflow_error);
}

TEST(Overflow, PersonnelDaysPastTwoToTheSixtyThreeThrow) {
  const muster::Timeline t{big_log()};
  const Day from = day("2000-01-01");
  // floor((2^63 - 1) / (9 * 10^14)) = 10248 days fit; 10249 do not.
  EXPECT_EQ(t.personnel_days(contingent("KEN"), from, day("2028-01-21")).estimate,
            Count{10'248} * 900'000 * billion);
  EXPECT_THROW((void)t.personnel_days(contingent("KEN"), from, day("2028-01-22")),
               std::overflow_error);
  // The whole calendar, 1800 to 2200: far past 2^63 - 1.
  EXPECT_THROW((void)t.personnel_days(contingent("KEN"), day("1800-01-01"), day("2200-12-31")),
               std::overflow_error);
}

#ifdef MUSTER_EXE
namespace {
struct CmdResult {
  int status;
  std::string out, err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CmdResult muster_cmd(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path() / "muster-overflow-test";
  std::filesystem::create_directories(dir);
  const auto log = dir / "big.csv";
  if (!std::filesystem::exists(log)) std::ofstream(log, std::ios::binary) << big_log_text();
  const std::string cmd = std::string("'") + MUSTER_EXE + "' " + args + " '" + log.string() +
                          "' >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
}
}  // namespace

TEST(Overflow, CommandPrintsExactSumsOrAnErrorAndNothingElse) {
  const CmdResult ok = muster_cmd("days --from 2000-01-01 --to 2027-05-18 --by country --format csv");
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out,
            "country,estimate,low,high\n"
            "KEN,9000000000000000000,9000000000000000000,9000000000000000000\n"
            "UGA,1000000000000000000,1000000000000000000,1000000000000000000\n");
  for (const char* args : {"days --from 2000-01-01 --to 2027-05-18 --by total --format csv",
                           "days --from 2000-01-01 --to 2027-05-18 --by country --format table",
                           "days --from 2000-01-01 --to 2028-01-22 --by country --format json"}) {
    const CmdResult bad = muster_cmd(args);
    EXPECT_NE(bad.status, 0) << args;
    EXPECT_EQ(bad.out, "") << args;
    EXPECT_NE(bad.err.find("overflow"), std::string::npos) << args << ": " << bad.err;
  }
}
#endif
