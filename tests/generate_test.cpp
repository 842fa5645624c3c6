// muster/generate.hpp: the same options give the same bytes, every generated
// log is accepted, and it has the shape the header promises.
#include <muster/generate.hpp>
#include <muster/log.hpp>
#include <muster/timeline.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace muster {
namespace {

GenerateOptions options(std::size_t rows, std::uint64_t seed) {
  GenerateOptions o;
  o.rows = rows;
  o.seed = seed;
  return o;
}

TEST(Generate, SameOptionsGiveSameBytes) {
  const auto o = options(5000, 42);
  const std::string a = generate_log(o);
  EXPECT_EQ(a, generate_log(o));
  // Written in pieces, the same bytes.
  std::string pieces;
  std::size_t calls = 0;
  generate_log(o, [&](std::string_view s) { pieces.append(s); ++calls; });
  EXPECT_EQ(a, pieces);
  EXPECT_GE(calls, 1u);
  EXPECT_NE(a, generate_log(options(5000, 43)));
}

TEST(Generate, HasTheRowsAskedFor) {
  for (std::size_t rows : {0u, 1u, 2u, 3u, 100u, 2001u}) {
    const Log log = parse_log(generate_log(options(rows, 7)), "g.csv");
    EXPECT_EQ(log.events().size(), rows);
  }
}

TEST(Generate, EveryLogIsAccepted) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    GenerateOptions o = options(3000, seed);
    o.countries = 1 + static_cast<int>(seed % 7) * 30;
    o.missions = 1 + static_cast<int>(seed % 5);
    if (seed % 3 == 0) {  // a short span: many rows a day
      o.from = *parse_day("2020-01-01");
      o.to = *parse_day("2020-03-31");
    }
    o.plain = seed % 4 == 0;
    SCOPED_TRACE(seed);
    EXPECT_NO_THROW(parse_log(generate_log(o), "g.csv"));
  }
}

TEST(Generate, RealisticShape) {
  GenerateOptions o = options(20000, 3);
  o.countries = 40;
  o.missions = 6;
  const Log log = parse_log(generate_log(o), "g.csv");
  std::map<Kind, int> kinds;
  int ranges = 0, unknown = 0, months = 0, years = 0, planned = 0, corrections = 0,
      recorded_later = 0, observations = 0;
  std::set<std::string> missions;
  std::set<Country> countries;
  for (const Event& e : log.events()) {
    ++kinds[e.kind];
    if (e.kind == Kind::retraction) continue;
    missions.emplace(e.mission);
    if (e.country) countries.insert(*e.country);
    if (e.value.low != e.value.high) ++ranges;
    if (!e.value.bounded()) ++unknown;
    if (e.date.precision == Precision::month) ++months;
    if (e.date.precision == Precision::year) ++years;
    if (e.status == Status::planned) ++planned;
    if (e.supersedes) ++corrections;
    if (e.recorded > e.date.first) ++recorded_later;
    if (log.is_observation(e)) ++observations;
    EXPECT_GE(e.date.first, *parse_day("1990-01-01"));
  }
  for (Kind k : {Kind::arrival, Kind::departure, Kind::report, Kind::pledge, Kind::retraction})
    EXPECT_GT(kinds[k], 20) << to_string(k);
  EXPECT_GT(kinds[Kind::arrival], kinds[Kind::pledge]);
  EXPECT_GT(ranges, 100);
  EXPECT_GT(unknown, 20);
  EXPECT_GT(months, 50);
  EXPECT_GT(years, 0);
  EXPECT_GT(planned, 50);
  EXPECT_GT(corrections, kinds[Kind::retraction]);
  EXPECT_GT(recorded_later, 1000);
  EXPECT_GT(observations, 50);
  EXPECT_EQ(missions.size(), 6u);
  EXPECT_EQ(countries.size(), 40u);
  // Someone is present at the end, and the strength stays within reason.
  const Timeline t{log};
  const Value end = t.strength(*parse_day("2025-12-31"));
  EXPECT_GT(end.estimate, 0);
  EXPECT_LT(end.estimate, 10'000'000);
}

TEST(Generate, PlainLogsHoldOnlyExactDayDatedArrivalsAndDepartures) {
  GenerateOptions o = options(5000, 9);
  o.plain = true;
  const Log log = parse_log(generate_log(o), "g.csv");
  // A sum of arrivals minus departures gives muster's answer on every day.
  std::map<Contingent, Count> sum;
  for (const Event& e : log.events()) {
    ASSERT_TRUE(e.kind == Kind::arrival || e.kind == Kind::departure);
    ASSERT_EQ(e.date.precision, Precision::day);
    ASSERT_EQ(e.value, Value::exactly(e.value.estimate));
    ASSERT_EQ(e.status, Status::confirmed);
    ASSERT_FALSE(e.supersedes);
  }
  const Timeline t{log};
  const Day d = *parse_day("2010-06-30");
  for (const Event& e : log.events())
    if (e.date.first <= d)
      sum[e.contingent()] += e.kind == Kind::arrival ? e.value.estimate : -e.value.estimate;
  for (const auto& [c, n] : sum) {
    EXPECT_GE(n, 0);
    EXPECT_EQ(t.strength(c, d), Value::exactly(n));
  }
}

// On a generated log, every view: the breakdown by country (which has its own
// index) gives each country the sum of its contingents.
TEST(Generate, BreakdownByCountryIsTheSumOfItsContingents) {
  GenerateOptions o = options(20000, 11);
  o.countries = 30;
  o.missions = 5;
  const Log log = parse_log(generate_log(o), "g.csv");
  // Section 5 alone: by section 8 a mission's total may count unattributed personnel.
  for (const Vantage& view : {Vantage{.parts_only = true}, Vantage{parse_day("2005-03-01"), false, true},
                              Vantage{std::nullopt, true, true}}) {
    const Timeline t{log, view};
    for (const char* day : {"1989-12-31", "1990-01-01", "1997-07-15", "2010-06-30", "2030-01-01"}) {
      const Day d = *parse_day(day);
      const auto groups = t.strength_by(GroupBy::country, d);
      std::map<Country, Value> sums;
      for (const Contingent& c : t.contingents()) sums[c.country] += t.strength(c, d);
      ASSERT_EQ(groups.size(), sums.size());
      for (const Group& g : groups) {
        EXPECT_EQ(g.value, sums[g.key.country]) << g.key.country.code() << " " << day;
        EXPECT_EQ(g.value, t.strength(d, Filter{std::nullopt, g.key.country, std::nullopt}));
      }
    }
  }
}

TEST(Generate, RefusesOptionsOutOfRange) {
  GenerateOptions o = options(10, 1);
  o.countries = 0;
  EXPECT_THROW(generate_log(o), std::invalid_argument);
  o.countries = 100'000;
  EXPECT_THROW(generate_log(o), std::invalid_argument);
  o = options(10, 1);
  o.missions = 0;
  EXPECT_THROW(generate_log(o), std::invalid_argument);
  o = options(10, 1);
  o.to = o.from - date::days{1};
  EXPECT_THROW(generate_log(o), std::invalid_argument);
}

}  // namespace
}  // namespace muster
