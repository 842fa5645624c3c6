// Many threads query one Timeline at the same time (muster/timeline.hpp:
// "immutable and safe to query from many threads at once"). Answers are
// computed single-threaded first; 8 threads then run every kind of query at
// once and compare. Run under ThreadSanitizer by another CI step.
#include <muster/timeline.hpp>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

namespace {

using muster::Day;
using muster::GroupBy;

// A log of a few hundred rows over three years: arrivals, departures that
// fit, reports, pledges, some with ranges and blank highs, some planned.
std::string make_log() {
  std::string text = "id,kind,date,mission,country,component,count,low,high,status,recorded\n";
  const char* countries[] = {"KEN", "FRA", "JAM", "BGD", "NPL"};
  const char* components[] = {"", "police", "military"};
  std::mt19937 rng(7);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int id = 0;
  for (const char* mission : {"MSS", "UNX"})
    for (const char* c : countries)
      for (const char* comp : components) {
        const Day start = muster::Day{date::year{2023} / 1 / 1} + date::days{uni(0, 300)};
        text += fmt::format("r{},arrival,{},{},{},{},{},,,,\n", id++, muster::to_string(start),
                            mission, c, comp, uni(100, 900));
        for (int k = 0; k < 6; ++k) {
          const Day d = start + date::days{uni(1, 900)};
          switch (uni(0, 4)) {
            case 0:
              text += fmt::format("r{},departure,{},{},{},{},{},,,,\n", id++, muster::to_string(d),
                                  mission, c, comp, uni(0, 15));  // at most 90 of at least 100
              break;
            case 1:
              text += fmt::format("r{},report,{},{},{},{},{},{},,,\n", id++,
                                  muster::to_string(d).substr(0, 7), mission, c, comp,
                                  uni(300, 400), uni(100, 300));
              break;
            case 2:
              text += fmt::format("r{},arrival,{},{},{},{},,{},,planned,{}\n", id++,
                                  muster::to_string(d), mission, c, comp, uni(1, 50),
                                  muster::to_string(d - date::days{30}));
              break;
            case 3:
              text += fmt::format("r{},pledge,{},{},{},{},{},,,,\n", id++, muster::to_string(d),
                                  mission, c, comp, uni(100, 1000));
              break;
            default:
              text += fmt::format("r{},arrival,{},{},{},{},{},{},{},,{}\n", id++,
                                  muster::to_string(d), mission, c, comp, uni(20, 30), uni(0, 20),
                                  uni(30, 60), muster::to_string(d + date::days{uni(0, 40)}));
          }
        }
      }
  return text;
}

struct Query {
  int kind;  // 0 strength, 1 strength_by, 2 personnel_days_by, 3 pledges, 4 one contingent
  Day a, b;
  GroupBy by;
  muster::Filter filter;
};

// Every answer flattened to numbers, so answers compare with ==.
std::vector<long long> answer(const muster::Timeline& t, const Query& q) {
  std::vector<long long> out;
  auto put = [&](const muster::Value& v) {
    out.push_back(v.estimate);
    out.push_back(v.low);
    out.push_back(v.high);
  };
  switch (q.kind) {
    case 0: put(t.strength(q.a, q.filter)); break;
    case 1:
      for (const auto& g : t.strength_by(q.by, q.a, q.filter)) put(g.value);
      break;
    case 2:
      for (const auto& g : t.personnel_days_by(q.by, q.a, q.b, q.filter)) put(g.value);
      break;
    case 3:
      for (const auto& p : t.pledges(q.a, q.filter)) {
        out.push_back(p.pledged);
        out.push_back(p.present);
        out.push_back(static_cast<long long>(p.pledge->index));
      }
      break;
    default:
      for (const auto& c : t.contingents()) put(t.personnel_days(c, q.a, q.b));
  }
  return out;
}

TEST(Threads, ManyThreadsQueryOneTimeline) {
  const muster::Log log = muster::parse_log(make_log(), "threads.csv");
  for (const muster::Vantage view : {muster::Vantage{}, muster::Vantage{std::nullopt, true},
                                  muster::Vantage{*muster::parse_day("2024-06-30"), true}}) {
    const muster::Timeline t{log, view};
    ASSERT_GT(t.contingents().size(), 20u);
    std::mt19937 rng(11);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::vector<Query> queries;
    for (int i = 0; i < 400; ++i) {
      Query q;
      q.kind = uni(0, 4);
      q.a = muster::Day{date::year{2022} / 12 / 1} + date::days{uni(0, 1400)};
      q.b = q.a + date::days{uni(0, 400)};
      q.by = static_cast<GroupBy>(uni(0, 4));
      if (uni(0, 3) == 0) q.filter.mission = "MSS";
      if (uni(0, 3) == 0) q.filter.country = muster::Country::find("KEN");
      if (uni(0, 4) == 0) q.filter.component = "police";
      queries.push_back(q);
    }
    std::vector<std::vector<long long>> expected;
    for (const auto& q : queries) expected.push_back(answer(t, q));
    // The answers are not all empty: the test can tell a wrong answer.
    std::size_t nonempty = 0;
    for (const auto& e : expected) nonempty += !e.empty();
    ASSERT_GT(nonempty, queries.size() / 2);

    std::atomic<int> mismatches{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int th = 0; th < 8; ++th)
      threads.emplace_back([&, th] {
        while (!go.load()) std::this_thread::yield();
        for (int round = 0; round < 10; ++round)
          for (std::size_t i = 0; i < queries.size(); ++i) {
            const std::size_t k = (i * 7 + static_cast<std::size_t>(th) * 53) % queries.size();
            if (answer(t, queries[k]) != expected[k]) ++mismatches;
          }
      });
    go = true;
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches.load(), 0);
  }
}

}  // namespace
