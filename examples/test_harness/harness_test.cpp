// A user's own test suite: a newsroom's code that sums what muster answers,
// tested with muster::testing (log_from, TestLog, StrengthIs, RefusedAt, ...).
#include <muster/muster.hpp>
#include <muster/testing.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

namespace {

using muster::testing::HasGroup;
using muster::testing::log_from;
using muster::testing::RefusedAt;
using muster::testing::StrengthIs;
using muster::testing::TestLog;
using ::testing::Not;

// The code under test: the strength of one country on one day.
muster::Value kenya_on(const muster::Log& log, const char* day) {
  return muster::Timeline{log}.strength(*muster::parse_day(day),
                                        {.country = muster::Country::find("KEN")});
}

TEST(Harness, ReadsALogFromText) {
  const muster::Log log = log_from(R"(
id,kind,date,mission,country,component,count,low,high
landed,arrival,2025-01-18,MSS,Kenya,police,217,,
counted,report,2025-01-19,MSS,KEN,police,617,600,650
)");
  EXPECT_THAT(kenya_on(log, "2025-01-18"), StrengthIs(217));
  EXPECT_THAT(kenya_on(log, "2025-01-19"), StrengthIs(617, 600, 650));
  EXPECT_THAT(kenya_on(log, "2025-01-19"), Not(StrengthIs(600)));
}

TEST(Harness, BuildsALogInFewWords) {
  const muster::Log log = TestLog{}
                              .arrival("2025-01-18", "KEN", 217)
                              .arrival("2025-02-05", "JAM", 24, {.component = "military"})
                              .report("2025-01-19", "KEN", 617, {.low = 600, .high = 650})
                              .log();
  const muster::Timeline t{log};
  EXPECT_THAT(t.strength_by(muster::GroupBy::country, *muster::parse_day("2025-03-01")),
              HasGroup("KEN", StrengthIs(617, 600, 650)));
  EXPECT_THAT(t.strength_by(muster::GroupBy::country, *muster::parse_day("2025-03-01")),
              HasGroup("JAM", 24));
}

TEST(Harness, ARowTheLogRefusesIsNamedByLine) {
  EXPECT_THAT([] { TestLog{}.arrival("2025-01-18", "KEN", 217).arrival("2025-02-30", "KEN", 5).log(); },
              RefusedAt(3, "date"));
  EXPECT_THAT([] { TestLog{}.arrival("2025-01-18", "KEN", 217).log(); }, Not(RefusedAt(2, "date")));
}

// What a failure says: both values, in muster's terms.
TEST(Harness, AFailureSaysWhatItSaw) {
  const muster::Log log = TestLog{}.arrival("2025-01-18", "KEN", 617).log();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(kenya_on(log, "2025-01-18"), StrengthIs(600)),
                          "is a strength of 600\n  Actual: 617 (of type muster::Value), it is 617, 17 more");
}

}  // namespace
