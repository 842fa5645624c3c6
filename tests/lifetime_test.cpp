// What views a log cannot be made from a log about to be destroyed: each
// pattern that read freed memory before (AddressSanitizer: heap-use-after-free
// in Timeline::pledges, and in the events of reconcile's and explain's
// results) no longer compiles, and the same calls on a log kept in a variable
// work (this file runs under AddressSanitizer in the sanitizer build).
#include "muster/muster.hpp"
#include "muster/testing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace {

using muster::Day;
using muster::Log;

// Whether each call compiles with a log of type L (an lvalue for `const Log&`,
// a temporary for `Log`).
template <class L>
concept makes_timeline = requires(L&& log) { muster::Timeline{std::forward<L>(log)}; };
template <class L>
concept reconciles = requires(L&& log) { muster::reconcile(std::forward<L>(log)); };
template <class L>
concept explains = requires(L&& log, Day d) { muster::explain(std::forward<L>(log), d); };
template <class L>
concept gives_events = requires(L&& log) { std::forward<L>(log).events(); };
template <class L>
concept gives_an_event = requires(L&& log) { std::forward<L>(log).event(0); };
template <class L>
concept finds = requires(L&& log) { std::forward<L>(log).find("a1"); };
template <class L>
concept renders_a_chart = requires(L&& log, const muster::ChartOptions& o) {
  muster::render_chart(std::forward<L>(log), o);
};

// A log kept in a variable: everything compiles.
static_assert(makes_timeline<const Log&> && reconciles<const Log&> && explains<const Log&>);
static_assert(gives_events<const Log&> && gives_an_event<const Log&> && finds<const Log&>);
// A log about to be destroyed (what read_log returns, used in place): what
// would view it does not compile ...
static_assert(!makes_timeline<Log> && !makes_timeline<const Log>);
static_assert(!reconciles<Log> && !explains<Log>);
static_assert(!gives_events<Log> && !gives_an_event<Log> && !finds<Log>);
// ... and what copies everything out of it still does.
static_assert(renders_a_chart<Log>);

constexpr const char* haiti =
    "id,kind,date,mission,country,component,count,status,recorded,source\n"
    "a1,arrival,2024-06-25,MSS,KEN,police,400,confirmed,2024-06-25,s1\n"
    "a2,pledge,2024-07-01,MSS,JAM,,200,confirmed,2024-07-01,s2\n"
    "a3,report,2024-07-16,MSS,KEN,police,600,confirmed,2024-07-16,s3\n";

TEST(Lifetime, AnswersFromALogKeptInAVariableOutliveNothing) {
  const Log log = muster::testing::log_from(haiti);
  const muster::Timeline t{log};
  const Day day = muster::parse_day("2024-07-20").value();
  ASSERT_EQ(t.pledges(day).size(), 1u);
  ASSERT_TRUE(t.pledges(day).front().pledge.has_value());
  EXPECT_EQ(t.pledges(day).front().pledge->source, "s2");
  const muster::Reconciliation r = muster::reconcile(log);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_EQ(r.figures.front().row.id, "a3");
  const muster::Explanation why = muster::explain(log, day);
  ASSERT_FALSE(why.steps.empty());
  EXPECT_EQ(why.steps.front().row.source, "s1");
  EXPECT_EQ(log.event(2).id, "a3");
  EXPECT_EQ(log.find("a2")->source, "s2");
}

}  // namespace
