// Property test of spec section 8 (totals, version 1.2): muster's Timeline
// against the exhaustive reference of tests/totals_reference.hpp on 300
// random small logs (tests/totals_generate.hpp), under random views, for
// several days and filters. Seeds are fixed; a failure prints the log, the
// view, the day and the filter.
#include "totals_generate.hpp"
#include "totals_reference.hpp"

#include <muster/muster.hpp>
#include <muster/testing.hpp>

#include <gtest/gtest.h>

namespace {

// Under AddressSanitizer every allocation of z3 (not instrumented, but its
// malloc is ASan's) costs many times more: the sanitizer run compares the
// first 30 logs, the Release build all 300 (the test of logs without an
// observation, cheap, all 300 in both).
#if defined(__SANITIZE_ADDRESS__)
constexpr unsigned log_count = 30;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr unsigned log_count = 30;
#else
constexpr unsigned log_count = 300;
#endif
#else
constexpr unsigned log_count = 300;
#endif

using muster::Value;
using ref::totals::Reference;

std::string show(const Value& v) {
  return fmt::format("{} ({} to {})", v.estimate, v.low, v.bounded() ? fmt::to_string(v.high) : "unbounded");
}

TEST(TotalsPropertyTest, StrengthIsTheLeastAndGreatestOverEveryAssignment) {
  int compared = 0, with_totals = 0;
  for (unsigned seed = 1; seed <= log_count; ++seed) {
    ref::totals::Gen g(seed);
    const std::string text = ref::totals::random_log(g);
    const muster::Log log = muster::testing::log_from(text);
    const muster::Vantage view = ref::totals::random_view(g);
    const Reference r{log, view};
    with_totals += !r.observations().empty();
    muster::Vantage totals = view, parts = view;
    parts.parts_only = true;
    const muster::Timeline t{log, totals}, p{log, parts};
    std::vector<muster::Day> days;
    for (int i = 0; i < 4; ++i) days.push_back(ref::totals::first_day + date::days{g.uni(-1, 32)});
    for (const auto& [o, kept] : r.observations()) days.push_back(o->last);  // the days totals speak of
    for (muster::Day d : days)
      for (const auto& [name, f] : ref::totals::totals_filters()) {
        const Value want = r.strength(d, f), got = t.strength(d, f);
        ++compared;
        if (want != got)
          ADD_FAILURE() << fmt::format("seed {}, {}, day {}, filter {}: the reference says {}, muster {}\nlog:\n{}",
                                       seed, ::testing::PrintToString(view), muster::to_string(d), name,
                                       show(want), show(got), text);
        const Value want5 = r.parts_only(d, f), got5 = p.strength(d, f);
        if (want5 != got5)
          ADD_FAILURE() << fmt::format("seed {}, parts only, day {}, filter {}: section 5 says {}, muster {}\nlog:\n{}",
                                       seed, muster::to_string(d), name, show(want5), show(got5), text);
      }
    if (::testing::Test::HasFailure()) return;  // one log's failures are enough to read
  }
  EXPECT_GT(with_totals, static_cast<int>(log_count / 2));
  EXPECT_GT(compared, static_cast<int>(log_count * 33));
}

TEST(TotalsPropertyTest, ALogWithNoObservationAnswersTheSameWithPartsOnly) {
  int logs = 0;
  for (unsigned seed = 1001; seed <= 1300; ++seed) {
    ref::totals::Gen g(seed);
    const std::string text = ref::totals::random_log(g);
    const muster::Log log = muster::testing::log_from(text);
    const muster::Vantage view = ref::totals::random_view(g);
    if (!Reference(log, view).observations().empty()) continue;
    ++logs;
    muster::Vantage totals = view, parts = view;
    parts.parts_only = true;
    const muster::Timeline t{log, totals}, p{log, parts};
    for (int i = 0; i < 6; ++i) {
      const muster::Day d = ref::totals::first_day + date::days{g.uni(-1, 32)};
      for (const auto& [name, f] : ref::totals::totals_filters())
        EXPECT_EQ(t.strength(d, f), p.strength(d, f))
            << "seed " << seed << ", day " << muster::to_string(d) << ", filter " << name << "\nlog:\n" << text;
    }
  }
  EXPECT_GT(logs, 15);
}

}  // namespace
