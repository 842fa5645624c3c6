// What would read a destroyed log does not compile: each DANGLING_PATTERN
// below is built by a test that passes only if the compiler refuses it as a
// call of a deleted function (tests/CMakeLists.txt, lifetime_refused_N).
// tests/lifetime_test.cpp shows the same with concepts, and that keeping the
// log in a variable compiles and runs clean under AddressSanitizer.
#include <muster/explain.hpp>
#include <muster/log.hpp>
#include <muster/reconcile.hpp>
#include <muster/timeline.hpp>

int use(const char* path) {
  const muster::Day day = *muster::parse_day("2025-01-19");
#if DANGLING_PATTERN == 1
  const muster::Timeline t{muster::read_log(path)};  // the Timeline would outlive its log
  return static_cast<int>(t.strength(day).estimate);
#elif DANGLING_PATTERN == 2
  const muster::Reconciliation r = muster::reconcile(muster::read_log(path));
  return static_cast<int>(r.figures.size());
#elif DANGLING_PATTERN == 3
  const muster::Explanation e = muster::explain(muster::read_log(path), day);
  return static_cast<int>(e.strength.estimate);
#elif DANGLING_PATTERN == 4
  const auto events = muster::read_log(path).events();  // events viewing a dead log
  return static_cast<int>(events.size()) + static_cast<int>(day.days_since_epoch());
#else
#error "DANGLING_PATTERN 1 to 4"
#endif
}
