// Tests for src/track_store.hpp: every answer of a TrackStore
// against a plain reference (the changes of each track in a vector, and a
// day-by-day loop for personnel-days), on hand-written tracks (empty, one
// change, block boundaries, unbounded highs, values near INT64_MAX, long day
// gaps) and on thousands of random ones.
#include "track_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using muster::Count;
using muster::Day;
using muster::Value;
using muster::detail::TrackStore;
using Track = std::vector<std::pair<Day, Value>>;

constexpr Count inf = Value::unbounded;
constexpr Count max = std::numeric_limits<Count>::max();
constexpr Count min = std::numeric_limits<Count>::min();

Day day(int n) { return Day::from_days_since_epoch(n); }

// --- The reference -------------------------------------------------------------

Value ref_value_at(const Track& t, Day d) {
  Value v{};
  for (const auto& [cd, cv] : t)
    if (cd <= d) v = cv;
  return v;
}

// Personnel-days day by day, in 128 bits; nullopt where a sum does not fit.
std::optional<Value> ref_area(const Track& t, Day from, Day to) {
  if (to < from) return Value{};
  __extension__ typedef __int128 Wide;
  Wide e = 0, l = 0, h = 0;
  bool unbounded = false;
  // Day by day, walking the changes alongside rather than searching them.
  std::size_t next = 0;
  Value v{};
  for (Day d = from; d <= to; d += date::days{1}) {
    for (; next < t.size() && t[next].first <= d; ++next) v = t[next].second;
    e += v.estimate;
    l += v.low;
    if (v.bounded()) h += v.high;
    else unbounded = true;
  }
  auto fits = [](Wide w) { return w >= min && w <= max; };
  if (!fits(e) || !fits(l) || (!unbounded && !fits(h))) return std::nullopt;
  return Value{static_cast<Count>(e), static_cast<Count>(l), unbounded ? inf : static_cast<Count>(h)};
}

TrackStore build(const std::vector<Track>& tracks) {
  TrackStore s;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    for (const auto& [d, v] : tracks[i]) s.add(d, v);
    EXPECT_EQ(s.end_track(), i);
  }
  return s;
}

Track changes_of(const TrackStore& s, std::size_t track) {
  Track out;
  s.for_each(track, [&](Day d, const Value& v) { out.emplace_back(d, v); });
  return out;
}

// Compares area with the reference, an overflow included.
void expect_area(const TrackStore& s, std::size_t track, const Track& t, Day from, Day to) {
  const std::optional<Value> want = ref_area(t, from, to);
  SCOPED_TRACE("area from " + std::to_string(from.days_since_epoch()) + " to " +
               std::to_string(to.days_since_epoch()));
  if (want) {
    EXPECT_EQ(s.area(track, from, to), *want);
  } else {
    EXPECT_THROW(s.area(track, from, to), std::overflow_error);
  }
}

// Every day from `lo` to `hi` for value_at, and every (from, to) pair on a
// coarser grid over the same days, both ways round, for area.
void expect_track(const TrackStore& s, std::size_t track, const Track& t, int lo, int hi, int area_step) {
  SCOPED_TRACE("track " + std::to_string(track));
  ASSERT_EQ(s.changes(track), t.size());
  EXPECT_EQ(changes_of(s, track), t);
  for (int d = lo; d <= hi; ++d) ASSERT_EQ(s.value_at(track, day(d)), ref_value_at(t, day(d))) << "day " << d;
  for (int from = lo; from <= hi; from += area_step)
    for (int to = lo; to <= hi; to += area_step) expect_area(s, track, t, day(from), day(to));
}

// --- Hand-written cases ----------------------------------------------------------

TEST(TrackStore, AnEmptyStoreHasNoTracks) {
  TrackStore s;
  EXPECT_EQ(s.tracks(), 0u);
  s.shrink_to_fit();
  EXPECT_EQ(s.tracks(), 0u);
}

TEST(TrackStore, TracksAreNumberedInOrderAndMayBeEmpty) {
  TrackStore s;
  EXPECT_EQ(s.end_track(), 0u);
  s.add(day(10), Value::exactly(5));
  EXPECT_EQ(s.end_track(), 1u);
  EXPECT_EQ(s.end_track(), 2u);
  EXPECT_EQ(s.tracks(), 3u);
  EXPECT_EQ(s.changes(0), 0u);
  EXPECT_EQ(s.changes(1), 1u);
  EXPECT_EQ(s.changes(2), 0u);
  for (std::size_t t : {0u, 2u}) {
    EXPECT_EQ(s.value_at(t, day(10)), Value{});
    EXPECT_EQ(s.area(t, day(-1000), day(1000)), Value{});
    EXPECT_TRUE(changes_of(s, t).empty());
  }
  EXPECT_EQ(s.value_at(1, day(10)), Value::exactly(5));
}

TEST(TrackStore, OneChangeBeforeOnAndAfterItsDay) {
  const Track t{{day(100), Value{7, 5, 9}}};
  TrackStore s = build({t});
  EXPECT_EQ(s.value_at(0, day(99)), Value{});
  EXPECT_EQ(s.value_at(0, day(100)), (Value{7, 5, 9}));
  EXPECT_EQ(s.value_at(0, day(100'000)), (Value{7, 5, 9}));
  // Worked by hand: days 98-99 are 0, days 100-102 are {7,5,9}.
  EXPECT_EQ(s.area(0, day(98), day(102)), (Value{21, 15, 27}));
  EXPECT_EQ(s.area(0, day(0), day(99)), Value{});
  EXPECT_EQ(s.area(0, day(100), day(100)), (Value{7, 5, 9}));
  EXPECT_EQ(s.area(0, day(101), day(100)), Value{});  // to < from
  expect_track(s, 0, t, 90, 110, 1);
}

TEST(TrackStore, QueriesOnEveryDayAroundSeveralChanges) {
  const Track t{{day(0), Value::exactly(400)},
                {day(1), Value::exactly(617)},
                {day(8), Value{600, 600, 799}},
                {day(9), Value{0, 0, 0}},
                {day(12), Value::exactly(817)}};
  TrackStore s = build({t});
  EXPECT_EQ(s.value_at(0, day(-1)), Value{});
  EXPECT_EQ(s.value_at(0, day(7)), Value::exactly(617));
  EXPECT_EQ(s.value_at(0, day(8)), (Value{600, 600, 799}));
  EXPECT_EQ(s.value_at(0, day(11)), Value{});
  // 400 + 617 * 7 + 600 = 5,319 estimate; high 400 + 617 * 7 + 799 = 5,518.
  EXPECT_EQ(s.area(0, day(-5), day(8)), (Value{5'319, 5'319, 5'518}));
  expect_track(s, 0, t, -3, 16, 1);
}

TEST(TrackStore, UnboundedHighAppearsAndDisappears) {
  const Track t{{day(0), Value{0, 0, inf}},
                {day(3), Value{10, 10, 10}},
                {day(5), Value{12, 10, inf}},
                {day(6), Value{13, 11, inf}},
                {day(7), Value{13, 11, 20}},
                {day(9), Value{max - 1, 0, inf}},
                {day(10), Value{5, 5, 6}}};
  TrackStore s = build({t});
  EXPECT_EQ(s.value_at(0, day(2)), (Value{0, 0, inf}));
  EXPECT_EQ(s.value_at(0, day(4)), (Value{10, 10, 10}));
  EXPECT_EQ(s.value_at(0, day(6)), (Value{13, 11, inf}));
  EXPECT_EQ(s.value_at(0, day(8)), (Value{13, 11, 20}));
  EXPECT_EQ(s.area(0, day(3), day(4)), (Value{20, 20, 20}));
  EXPECT_EQ(s.area(0, day(3), day(5)), (Value{32, 30, inf}));
  EXPECT_EQ(s.area(0, day(7), day(8)), (Value{26, 22, 40}));
  EXPECT_EQ(s.area(0, day(10), day(11)), (Value{10, 10, 12}));
  expect_track(s, 0, t, -2, 12, 1);
}

TEST(TrackStore, ValuesNearTheLimitsRoundTrip) {
  const Track t{{day(0), Value{max - 1, max - 2, max - 1}},
                {day(1), Value{0, 0, 0}},
                {day(2), Value{max - 1, 0, inf}},
                {day(3), Value{1, max - 1, max - 1}},
                {day(4), Value{min, min, max - 1}},
                {day(5), Value{max - 1, min + 1, inf}},
                {day(6), Value{-1, -2, -3}},
                {day(7), Value::exactly(max - 1)},
                {day(8), Value::exactly(min)},
                {day(9), Value{max, max, inf}}};
  TrackStore s = build({t});
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_EQ(s.value_at(0, t[i].first), t[i].second) << i;
  // One day each fits; two days of max - 1 do not.
  EXPECT_EQ(s.area(0, day(7), day(7)), Value::exactly(max - 1));
  EXPECT_THROW(s.area(0, day(0), day(2)), std::overflow_error);
  expect_track(s, 0, t, -1, 11, 1);
}

TEST(TrackStore, DayGapsOfOneAndOfAHundredThousandDays) {
  Track t;
  for (int i = 0; i < 40; ++i) {
    const int d = i * 100'001 - 2'000'000;
    t.emplace_back(day(d), Value::exactly(i + 1));
    t.emplace_back(day(d + 1), Value{i + 3, i, i + 9});
  }
  TrackStore s = build({t});
  EXPECT_EQ(changes_of(s, 0), t);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int d = t[i].first.days_since_epoch();
    for (int k : {-1, 0, 1, 50'000, 100'000})
      EXPECT_EQ(s.value_at(0, day(d + k)), ref_value_at(t, day(d + k))) << d + k;
  }
  // Areas across long gaps: a few, the reference loops over every day.
  for (auto [from, to] : std::vector<std::pair<int, int>>{{-2'100'000, -1'700'000}, {-1'999'999, -1'800'000},
                                                          {-100, 250'000}, {-5, 5}, {1'900'000, 2'100'000}})
    expect_area(s, 0, t, day(from), day(to));
}

TEST(TrackStore, TheFirstAndLastDaysOfTheCalendarType) {
  const int lo = std::numeric_limits<int>::min(), hi = std::numeric_limits<int>::max();
  TrackStore s = build({{{day(lo), Value::exactly(1)}, {day(0), Value{2, 1, inf}}, {day(hi), Value::exactly(3)}}});
  EXPECT_EQ(s.value_at(0, day(lo)), Value::exactly(1));
  EXPECT_EQ(s.value_at(0, day(-1)), Value::exactly(1));
  EXPECT_EQ(s.value_at(0, day(hi - 1)), (Value{2, 1, inf}));
  EXPECT_EQ(s.value_at(0, day(hi)), Value::exactly(3));
  // 2^31 days of 1, then 2^31 - 1 days of {2,1,inf}, then one day of 3.
  const Count half = Count{1} << 31;
  EXPECT_EQ(s.area(0, day(lo), day(hi)), (Value{half + 2 * (half - 1) + 3, half + (half - 1) + 3, inf}));
  EXPECT_EQ(s.area(0, day(lo), day(-1)), (Value{half, half, half}));
  EXPECT_EQ(s.area(0, day(hi), day(hi)), Value::exactly(3));
}

// Tracks of 15, 16, 17, 32, 33 ... changes, after tracks that shift where the
// personnel-day checkpoints (every few blocks of the whole store) fall.
TEST(TrackStore, TracksOfEveryLengthAroundTheBlockSize) {
  std::mt19937_64 rng(7);
  std::vector<Track> tracks;
  for (int shift = 0; shift < 5; ++shift) {
    for (int i = 0; i < shift; ++i) tracks.push_back({{day(0), Value::exactly(1)}});  // one block each
    for (int n : {1, 2, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 80, 129}) {
      Track t;
      int d = -50;
      for (int i = 0; i < n; ++i) {
        d += 1 + static_cast<int>(rng() % 4);
        const Count e = static_cast<Count>(rng() % 1000);
        t.emplace_back(day(d), rng() % 3 == 0 ? Value{e, e / 2, e * 2} : Value::exactly(e));
      }
      tracks.push_back(std::move(t));
    }
  }
  TrackStore s = build(tracks);
  ASSERT_EQ(s.tracks(), tracks.size());
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const int last = tracks[i].back().first.days_since_epoch();
    expect_track(s, i, tracks[i], -52, last + 2, 3);
  }
}

TEST(TrackStore, AnAreaThatDoesNotFitThrows) {
  TrackStore s = build({{{day(0), Value{max / 2, 1, 1}}, {day(3), Value{1, 1, inf}}},
                        {{day(0), Value{min / 2, min / 2, 0}}}});
  EXPECT_EQ(s.area(0, day(0), day(1)), (Value{max - 1, 2, 2}));
  try {
    (void)s.area(0, day(0), day(2));
    ADD_FAILURE() << "no overflow_error";
  } catch (const std::overflow_error& e) {
    EXPECT_STREQ(e.what(), "personnel-days overflow: the sum does not fit in 64 bits");
  }
  // An unbounded high is no overflow, but the estimate still is.
  EXPECT_EQ(s.area(0, day(3), day(5)), (Value{3, 3, inf}));
  EXPECT_EQ(s.area(0, day(2), day(4)), (Value{max / 2 + 2, 3, inf}));
  EXPECT_THROW(s.area(0, day(1), day(4)), std::overflow_error);
  // Below INT64_MIN too.
  EXPECT_EQ(s.area(1, day(0), day(1)), (Value{min, min, 0}));
  EXPECT_THROW(s.area(1, day(0), day(2)), std::overflow_error);
}

TEST(TrackStore, ShrinkToFitKeepsEveryAnswer) {
  std::vector<Track> tracks;
  for (int n = 0; n < 40; ++n) {
    Track t;
    for (int i = 0; i < n; ++i) t.emplace_back(day(i * 3), Value{i, i - 1, i % 5 == 0 ? inf : i + 1});
    tracks.push_back(std::move(t));
  }
  TrackStore s = build(tracks);
  const std::size_t before = s.bytes();
  s.shrink_to_fit();
  EXPECT_LE(s.bytes(), before);
  EXPECT_GT(s.bytes(), 0u);
  for (std::size_t i = 0; i < tracks.size(); ++i) expect_track(s, i, tracks[i], -2, 3 * static_cast<int>(i) + 2, 5);
}

// --- Random tracks -------------------------------------------------------------------

// A random value: mostly small and realistic, sometimes anywhere in int64.
Value random_value(std::mt19937_64& rng, bool wild) {
  auto any = [&]() -> Count {
    switch (rng() % 6) {
      case 0: return static_cast<Count>(rng());
      case 1: return max - static_cast<Count>(rng() % 4);
      case 2: return min + static_cast<Count>(rng() % 4);
      default: return static_cast<Count>(rng() % 200) - 20;
    }
  };
  const Count e = wild && rng() % 3 == 0 ? any() : static_cast<Count>(rng() % 100'000);
  switch (rng() % 6) {
    case 0: return {e, e / 2, inf};
    case 1:
      if (e < -(Count{1} << 62) || e > (Count{1} << 62)) return Value::exactly(e);
      return {e, e - static_cast<Count>(rng() % 50), e + static_cast<Count>(rng() % 50)};
    case 2: return wild ? Value{any(), any(), rng() % 2 ? inf : any()} : Value{e, 0, inf};
    default: return Value::exactly(e);
  }
}

Track random_track(std::mt19937_64& rng, bool wild) {
  Track t;
  const int n = static_cast<int>(rng() % 5 == 0 ? rng() % 200 : rng() % 40);
  int d = static_cast<int>(rng() % 2000) - 1000;
  Value v{};
  for (int i = 0; i < n; ++i) {
    d += 1 + static_cast<int>(rng() % 4 == 0 ? rng() % 60 : rng() % 3);
    // Often a small move of every number together, as arrivals and departures do.
    if (i > 0 && v.bounded() && rng() % 2 == 0) {
      const Count delta = static_cast<Count>(rng() % 41) - 20;
      if (std::max({v.estimate, v.low, v.high}) < max - 100 && std::min({v.estimate, v.low, v.high}) > min + 100)
        v = {v.estimate + delta, v.low + delta, v.high + delta};
      else v = random_value(rng, wild);
    } else {
      v = random_value(rng, wild);
    }
    t.emplace_back(day(d), v);
  }
  return t;
}

TEST(TrackStore, ThousandsOfRandomTracksAgainstTheReference) {
  std::mt19937_64 rng(20250118);
  for (bool wild : {false, true}) {
    std::vector<Track> tracks;
    for (int i = 0; i < 2'500; ++i) tracks.push_back(random_track(rng, wild));
    TrackStore s = build(tracks);
    ASSERT_EQ(s.tracks(), tracks.size());
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      const Track& t = tracks[i];
      SCOPED_TRACE("track " + std::to_string(i) + (wild ? " (wild)" : ""));
      ASSERT_EQ(s.changes(i), t.size());
      ASSERT_EQ(changes_of(s, i), t);
      const int lo = t.empty() ? -10 : t.front().first.days_since_epoch() - 5;
      const int hi = t.empty() ? 10 : t.back().first.days_since_epoch() + 5;
      for (int d = lo; d <= hi; ++d) ASSERT_EQ(s.value_at(i, day(d)), ref_value_at(t, day(d))) << "day " << d;
      for (int q = 0; q < 12; ++q) {
        // From and to anywhere around the track, either order, sometimes far
        // before or after every change.
        auto pick = [&] {
          const int span = hi - lo + 1;
          switch (rng() % 8) {
            case 0: return lo - 1 - static_cast<int>(rng() % 500);
            case 1: return hi + static_cast<int>(rng() % 500);
            default: return lo + static_cast<int>(rng() % static_cast<std::uint64_t>(span));
          }
        };
        expect_area(s, i, t, day(pick()), day(pick()));
      }
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(TrackStore, ManyThreadsReadOneStore) {
  std::mt19937_64 rng(99);
  std::vector<Track> tracks;
  for (int i = 0; i < 300; ++i) tracks.push_back(random_track(rng, false));
  const TrackStore s = build(tracks);
  std::vector<Value> want;
  for (std::size_t i = 0; i < tracks.size(); ++i)
    for (int d = -1000; d < 2000; d += 37) want.push_back(s.area(i, day(d), day(d + 100)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int round = 0; round < 3; ++round) {
        std::size_t j = 0;
        for (std::size_t i = 0; i < tracks.size(); ++i)
          for (int d = -1000; d < 2000; d += 37, ++j)
            if (s.area(i, day(d), day(d + 100)) != want[j] ||
                s.value_at(i, day(d)) != ref_value_at(tracks[i], day(d)))
              ++mismatches[static_cast<std::size_t>(k)];
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// --- Size and speed: printed, never asserted ----------------------------------------

TEST(TrackStore, PrintsBytesPerChangeOnRealisticTracks) {
  // Realistic: contingents of a few hundred to 10^5 personnel, mostly exact,
  // moving by arrivals and departures of tens to hundreds, a change every few
  // days to a few hundred days, now and then of unknown size (no high).
  std::mt19937_64 rng(4);
  std::vector<Track> tracks;
  std::size_t total = 0;
  for (int i = 0; i < 4'000; ++i) {
    Track t;
    const int n = i % 10 == 0 ? 5'000 : 1 + static_cast<int>(rng() % 400);
    int d = 7'000 + static_cast<int>(rng() % 5'000);
    Count e = static_cast<Count>(rng() % 2'000);
    for (int k = 0; k < n; ++k) {
      d += 1 + static_cast<int>(rng() % 4 == 0 ? rng() % 1000 : rng() % 30);
      e = std::max<Count>(0, e + static_cast<Count>(rng() % 401) - 180);
      const unsigned kind = static_cast<unsigned>(rng() % 20);
      t.emplace_back(day(d), kind == 0 ? Value{e, 0, inf} : kind == 1 ? Value{e, e - e / 10, e + e / 10}
                                                                        : Value::exactly(e));
    }
    total += t.size();
    tracks.push_back(std::move(t));
  }
  TrackStore s = build(tracks);
  s.shrink_to_fit();
  const double per_change = static_cast<double>(s.bytes()) / static_cast<double>(total);
  std::printf("[ figures  ] %zu tracks, %zu changes, %zu bytes: %.2f bytes a change\n", tracks.size(), total,
              s.bytes(), per_change);

  // value_at and area on the tracks of 5,000 changes, at random days.
  constexpr std::size_t queries_made = 300'000;
  std::vector<std::pair<std::size_t, Day>> queries;
  for (std::size_t q = 0; q < queries_made; ++q) {
    const std::size_t i = static_cast<std::size_t>(rng() % 400) * 10;
    const int a = tracks[i].front().first.days_since_epoch();
    const int b = tracks[i].back().first.days_since_epoch();
    queries.emplace_back(i, day(a + static_cast<int>(rng() % static_cast<std::uint64_t>(b - a + 1))));
  }
  Count sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& [i, d] : queries) sink += s.value_at(i, d).estimate;
  auto t1 = std::chrono::steady_clock::now();
  for (std::size_t q = 0; q + 1 < queries.size(); q += 2) {
    const auto [i, d] = queries[q];
    sink += s.area(i, d - date::days{400}, d).low;
  }
  auto t2 = std::chrono::steady_clock::now();
  const double ns_value = std::chrono::duration<double, std::nano>(t1 - t0).count() / queries_made;
  const double ns_area = std::chrono::duration<double, std::nano>(t2 - t1).count() / (queries_made / 2);
  std::printf("[ figures  ] 400 tracks of 5,000 changes (12 MB, out of cache): value_at %.1f ns, area %.1f ns\n",
              ns_value, ns_area);
  // One track of 5,000 changes, in cache, as a benchmark that repeats its queries sees it.
  for (auto& q : queries) {
    const int a = tracks[0].front().first.days_since_epoch();
    const int b = tracks[0].back().first.days_since_epoch();
    q = {0, day(a + static_cast<int>(rng() % static_cast<std::uint64_t>(b - a + 1)))};
  }
  t0 = std::chrono::steady_clock::now();
  for (const auto& [i, d] : queries) sink += s.value_at(i, d).estimate;
  t1 = std::chrono::steady_clock::now();
  for (std::size_t q = 0; q + 1 < queries.size(); q += 2) {
    const auto [i, d] = queries[q];
    sink += s.area(i, d - date::days{400}, d).low;
  }
  t2 = std::chrono::steady_clock::now();
  std::printf("[ figures  ] one track of 5,000 changes (in cache): value_at %.1f ns, area %.1f ns (checksum %lld)\n",
              std::chrono::duration<double, std::nano>(t1 - t0).count() / queries_made,
              std::chrono::duration<double, std::nano>(t2 - t1).count() / (queries_made / 2), static_cast<long long>(sink));
  EXPECT_GT(per_change, 0.0);
  EXPECT_EQ(s.value_at(0, tracks[0].back().first), tracks[0].back().second);
}

}  // namespace
