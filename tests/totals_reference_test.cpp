// The section 8 reference of tests/totals_reference.hpp held against logs
// worked by hand from the spec, before the totals tests trust it: the
// spec's own Haiti example, every number of it, and small logs for each rule
// (links across exact step days, free unknowns, ends, conflicts, as-of views).
// It needs nothing of the totals engine, so it builds and runs always.
#include "totals_generate.hpp"
#include "totals_reference.hpp"

#include <muster/muster.hpp>
#include <muster/testing.hpp>

#include <gtest/gtest.h>

namespace {

using muster::Count;
using muster::Country;
using muster::Filter;
using muster::Value;
using muster::Vantage;
using muster::testing::log_from;
using ref::totals::inf;
using ref::totals::Lin;
using ref::totals::Reference;
using ref::totals::Solver;

muster::Day day(const char* d) { return *muster::parse_day(d); }

Filter mission(const char* m) {
  Filter f;
  f.mission = m;
  return f;
}

Filter of(const char* m, const char* country, const char* component = nullptr) {
  Filter f;
  f.mission = m;
  f.country = Country::find(country);
  if (component) f.component = component;
  return f;
}

const char* const header =
    "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,source,note\n";

TEST(TotalsSolverTest, RangesOfSumsAreExactOverWholeNumbers) {
  Solver s;
  const int x = s.var(0, inf), y = s.var(0, inf), z = s.var(0, 3);
  s.add({{{x, y}, 0}, 3, 5});
  EXPECT_TRUE(s.feasible());
  EXPECT_EQ(s.range({{x}, 0}), std::make_pair(Count{0}, Count{5}));
  EXPECT_EQ(s.range({{x, y}, 0}), std::make_pair(Count{3}, Count{5}));
  EXPECT_EQ(s.range({{x, y, z}, 10}), std::make_pair(Count{13}, Count{18}));
  const int w = s.var(2, inf);  // in no constraint
  EXPECT_EQ(s.range({{w, z}, 0}), std::make_pair(Count{2}, inf));
  // An unknown free above in constraints with no upper limit: unbounded.
  const int u = s.var(0, inf);
  s.add({{{u, z}, 0}, 7, inf});
  EXPECT_EQ(s.range({{u}, 0}), std::make_pair(Count{4}, inf));
  EXPECT_EQ(s.range({{z}, 0}), std::make_pair(Count{0}, Count{3}));
  // Three pairwise sums of exactly 1 have a real solution (1/2 each) and no whole one.
  Solver odd;
  const int a = odd.var(0, inf), b = odd.var(0, inf), c = odd.var(0, inf);
  odd.add({{{a, b}, 0}, 1, 1});
  odd.add({{{b, c}, 0}, 1, 1});
  odd.add({{{a, c}, 0}, 1, 1});
  EXPECT_FALSE(odd.feasible());
}

class TotalsReferenceHaitiTest : public ::testing::Test {
 protected:
  static const muster::Log& mss() {
    static const muster::Log log = muster::read_log(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv");
    return log;
  }
};

TEST_F(TotalsReferenceHaitiTest, EveryNumberOfTheSpecsExample) {
  const Reference r{mss(), {}};
  // Kenya's 600 conflicts (its parts number 617), the mission's is kept.
  const auto obs = r.observations();
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(r.rows()[obs[0].first->index].line, 5u);  // ken-now-600
  EXPECT_FALSE(obs[0].second);
  EXPECT_TRUE(obs[1].second);  // mss-under-800
  EXPECT_EQ(r.strength(day("2025-01-20"), mission("MSS")), (Value{780, 780, 799}));
  EXPECT_EQ(r.strength(day("2025-01-20"), of("MSS", "KEN", "police")), Value::exactly(617));
  for (const char* c : {"BHS", "BLZ", "GTM", "SLV"})
    EXPECT_EQ(r.strength(day("2025-01-20"), of("MSS", c, "military")), (Value{0, 0, 182})) << c;
  EXPECT_EQ(r.strength(day("2025-01-20"), of("MSS", "JAM", "military")), (Value{0, 0, 182}));
  EXPECT_EQ(r.strength(day("2025-01-20"), of("MSS", "JAM", "police")), (Value{0, 0, 182}));
  // The mission's own unattributed personnel: a blank country alternative.
  Filter own = mission("MSS");
  own.country = Country{};
  EXPECT_EQ(r.strength(day("2025-01-20"), own), (Value{163, 0, 182}));
  Filter rest = own;
  for (const char* c : {"BHS", "BLZ", "GTM", "SLV", "JAM"}) rest.country.add(*Country::find(c));
  EXPECT_EQ(r.strength(day("2025-01-20"), rest), (Value{163, 163, 182}));
  // --country KEN keeps Kenya's (none kept here) and leaves the mission's own out.
  EXPECT_EQ(r.strength(day("2025-01-20"), of("MSS", "KEN")), Value::exactly(617));
  // --component police leaves every unattributed out.
  Filter police = mission("MSS");
  police.component = "police";
  EXPECT_EQ(r.strength(day("2025-01-20"), police), (Value{617, 617, 799}));
  EXPECT_EQ(r.strength(day("2025-01-19"), mission("MSS")), (Value{617, 617, 799}));
  EXPECT_EQ(r.strength(day("2025-01-17"), mission("MSS")), Value::exactly(400));
  // Section 5 alone: 617 or more.
  EXPECT_EQ(r.parts_only(day("2025-01-20"), mission("MSS")), (Value{617, 617, inf}));

  const Reference planned{mss(), {.include_planned = true}};
  EXPECT_EQ(planned.strength(day("2025-01-27"), mission("MSS")), (Value{980, 980, 999}));
  EXPECT_EQ(planned.strength(day("2025-01-25"), mission("MSS")), (Value{780, 780, 799}));
  // Known as of the 19th: nothing at all (every row is recorded on the 20th).
  const Reference before{mss(), {.as_of = day("2025-01-19")}};
  EXPECT_EQ(before.strength(day("2025-01-20"), mission("MSS")), Value{});
}

TEST(TotalsReferenceTest, NoObservationAnswersAsSectionFive) {
  const muster::Log log = log_from(std::string(header) +
                                   "a,arrival,2025-01,M,KEN,police,5,,,,,,,\n"
                                   "b,departure,2025-01-10,M,KEN,police,5,,,,,,,\n"
                                   "c,arrival,2025-01-03,M,JAM,,,0,,,,,,\n");
  const Reference r{log, {}};
  for (const char* d : {"2025-01-01", "2025-01-10", "2025-01-31", "2025-02-01"})
    for (const Filter& f : {Filter{}, of("M", "KEN"), of("M", "JAM")})
      EXPECT_EQ(r.strength(day(d), f), r.parts_only(day(d), f)) << d;
  // Crossed tracks on the 31st: low track 5, high track 0, the range between them.
  EXPECT_EQ(r.strength(day("2025-01-31"), of("M", "KEN")), (Value{0, 0, 5}));
}

TEST(TotalsReferenceTest, ExactStepsLinkAndOtherStepsFree) {
  // Unknown from the 1st; +3 exact on the 5th (linked); a mission total of 3
  // on the 6th pins the unknown to 0 (and the mission's own to 0); on the
  // 8th an arrival: ranged (1 to 2: free) or exact (2: linked).
  const std::string base = std::string(header) +
                           "a,arrival,2025-01-01,M,KEN,police,,0,,,,,,\n"
                           "b,arrival,2025-01-05,M,KEN,police,3,,,,,,,\n"
                           "t,report,2025-01-06,M,,,3,,,,,,,\n";
  const std::string ranged = base + "c,arrival,2025-01-08,M,KEN,police,1,1,2,,,,,\n";
  const std::string exact = base + "c,arrival,2025-01-08,M,KEN,police,2,,,,,,,\n";
  const muster::Log ranged_log = log_from(ranged), exact_log = log_from(exact);
  const Reference r{ranged_log, {}}, e{exact_log, {}};
  EXPECT_TRUE(r.kept(2));
  EXPECT_EQ(r.strength(day("2025-01-06"), of("M", "KEN")), Value::exactly(3));
  EXPECT_EQ(r.strength(day("2025-01-04"), mission("M")), Value{});  // the same unknown, 3 fewer
  EXPECT_EQ(r.parts_only(day("2025-01-04"), mission("M")), (Value{0, 0, inf}));
  // Free across the ranged arrival: its tracks, 4 or more.
  EXPECT_EQ(r.strength(day("2025-01-09"), of("M", "KEN")), (Value{4, 4, inf}));
  // Linked across the exact one: 0 + 3 + 2.
  EXPECT_EQ(e.strength(day("2025-01-09"), of("M", "KEN")), Value::exactly(5));

  // A mission total of 4 on the 9th holds with the free unknown, and
  // conflicts with the linked one (5 there).
  const muster::Log ranged_total = log_from(ranged + "u,report,2025-01-09,M,,,4,,,,,,,\n");
  const muster::Log exact_total = log_from(exact + "u,report,2025-01-09,M,,,4,,,,,,,\n");
  const Reference rt{ranged_total, {}}, et{exact_total, {}};
  EXPECT_TRUE(rt.kept(4));
  EXPECT_EQ(rt.strength(day("2025-01-09"), mission("M")), Value::exactly(4));
  EXPECT_FALSE(et.kept(4));
  EXPECT_EQ(et.strength(day("2025-01-09"), mission("M")), Value::exactly(5));
  // As of the 5th neither total is known: section 5 alone.
  const Reference early{ranged_total, {.as_of = day("2025-01-05")}};
  EXPECT_EQ(early.strength(day("2025-01-09"), mission("M")), (Value{3, 3, inf}));
}

TEST(TotalsReferenceTest, CountryTotalsInsideMissionTotalsAndEnds) {
  // KEN police 2 exactly; KEN as a whole 5 on the 2nd (U_KEN 3); the mission
  // 9 on the 3rd (U_M 4, KEN still 5); the KEN end on the 5th holds KEN: the
  // police and U_KEN fall to 0, U_M stays.
  const muster::Log log = log_from(std::string(header) +
                                   "a,arrival,2025-01-01,M,KEN,police,2,,,,,,,\n"
                                   "k,report,2025-01-02,M,KEN,,5,,,,,,,\n"
                                   "m,report,2025-01-03,M,,,9,,,,,,,\n"
                                   "x,end,2025-01-05,M,KEN,,,,,,,,,\n");
  const Reference r{log, {}};
  EXPECT_TRUE(r.kept(1));
  EXPECT_TRUE(r.kept(2));
  EXPECT_EQ(r.strength(day("2025-01-02"), of("M", "KEN")), Value::exactly(5));
  EXPECT_EQ(r.strength(day("2025-01-02"), mission("M")), Value::exactly(5));
  EXPECT_EQ(r.strength(day("2025-01-03"), of("M", "KEN")), Value::exactly(5));
  Filter own = mission("M");
  own.country = Country{};
  EXPECT_EQ(r.strength(day("2025-01-03"), own), Value::exactly(4));
  EXPECT_EQ(r.strength(day("2025-01-03"), mission("M")), Value::exactly(9));
  EXPECT_EQ(r.strength(day("2025-01-05"), of("M", "KEN")), Value{});
  EXPECT_EQ(r.strength(day("2025-01-05"), mission("M")), Value::exactly(4));
  Filter blank = mission("M");
  blank.component = "";
  EXPECT_EQ(r.strength(day("2025-01-03"), blank), Value::exactly(7));  // both unattributed
}

TEST(TotalsReferenceTest, AMissionEndZeroesItsOwnUntilTheNextTotal) {
  const muster::Log log = log_from(std::string(header) +
                                   "m,report,2025-01-03,M,,,4,,,,,,,\n"
                                   "x,end,2025-01-05,M,,,,,,,,,,\n"
                                   "n,report,2025-01-08,M,,,2,1,3,,,,,\n");
  const Reference r{log, {}};
  EXPECT_EQ(r.strength(day("2025-01-02"), Filter{}), Value{});
  EXPECT_EQ(r.strength(day("2025-01-04"), Filter{}), Value::exactly(4));
  EXPECT_EQ(r.strength(day("2025-01-06"), Filter{}), Value{});
  EXPECT_EQ(r.strength(day("2025-01-08"), Filter{}), (Value{2, 1, 3}));
  // An unknown-size total (0, no upper limit) frees the mission's own.
  const muster::Log unknown = log_from(std::string(header) + "m,report,2025-01-03,M,,,,0,,,,,,\n");
  EXPECT_EQ(Reference(unknown, {}).strength(day("2025-01-03"), Filter{}), (Value{0, 0, inf}));
}

}  // namespace

namespace {

// The reference on the property test's random logs: it answers within its
// search budget, fast, every value in order (low <= estimate <= high), and
// as section 5 where no observation is seen.
TEST(TotalsReferenceTest, AnswersTheRandomLogsOfThePropertyTest) {
  int answered = 0, with_totals = 0, refused = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    ref::totals::Gen g(seed);
    const std::string text = ref::totals::random_log(g);
    SCOPED_TRACE(fmt::format("seed {}; log:\n{}", seed, text));
    std::optional<muster::Log> log;
    try {
      log.emplace(log_from(text));
    } catch (const muster::LogRefused&) {
      ++refused;
      continue;
    }
    const Vantage view = ref::totals::random_view(g);
    const Reference r{*log, view};
    with_totals += !r.observations().empty();
    for (int i = 0; i < 4; ++i) {
      const muster::Day d = ref::totals::first_day + date::days{g.uni(-1, 32)};
      for (const auto& [name, f] : ref::totals::totals_filters()) {
        const Value v = r.strength(d, f);
        EXPECT_LE(v.low, v.estimate) << name << " " << muster::to_string(d);
        EXPECT_LE(v.estimate, v.high) << name << " " << muster::to_string(d);
        if (r.observations().empty()) {
          EXPECT_EQ(v, r.parts_only(d, f));
        }
        ++answered;
      }
    }
  }
  EXPECT_EQ(refused, 0);
  EXPECT_GT(with_totals, 150);
  EXPECT_GT(answered, 10000);
}

}  // namespace
