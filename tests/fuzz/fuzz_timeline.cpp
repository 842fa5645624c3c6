// Differential fuzz target: for any bytes that parse_log accepts, the
// Timeline's answers (muster/timeline.hpp) equal a plain re-computation from
// the rows (reference.hpp): the contingents, the strength of each on the days
// around every change, every grouping, personnel-days and pledges, by spec
// section 5 alone (Vantage::parts_only), with planned rows and as of several
// days. An accepted log
// also never takes a high track below zero (spec section 6).
#include "muster/log.hpp"
#include "muster/timeline.hpp"
#include "reference.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>

namespace {

using muster::Day;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "differential mismatch: %s\n", what);
    std::abort();
  }
}

void compare(const muster::Log& log, muster::Vantage view, const std::set<Day>& days) {
  view.parts_only = true;  // the reference is spec section 5's (section 8 has its own tests)
  const muster::Timeline t{log, view};
  const muster::reference::Model ref{log, view};
  const auto keys = ref.contingents();
  check(std::vector<muster::Contingent>(t.contingents().begin(), t.contingents().end()) == keys,
        "contingents");
  for (Day d : days) {
    for (const auto& k : keys) check(t.strength(k, d) == ref.strength(k, d), "strength");
    for (auto by : {muster::GroupBy::country, muster::GroupBy::mission, muster::GroupBy::component,
                    muster::GroupBy::contingent, muster::GroupBy::total}) {
      std::vector<muster::Filter> filters{{}};
      if (!keys.empty())
        filters.push_back({keys.front().mission, keys.back().country, std::nullopt});
      for (const auto& f : filters) {
        const auto got = t.strength_by(by, d, f);
        const auto want = ref.strength_by(by, d, f);
        check(got.size() == want.size(), "strength_by size");
        auto it = want.begin();
        for (const auto& g : got) {
          check(g.key == it->first && g.value == it->second, "strength_by");
          ++it;
        }
      }
    }
    const auto got = t.pledges(d);
    const auto want = ref.pledges_on(d, {});
    check(got.size() == want.size(), "pledges size");
    for (std::size_t i = 0; i < got.size(); ++i)
      check(got[i].key == want[i].key && got[i].pledge && got[i].pledge->index == want[i].pledge &&
                got[i].pledged == want[i].pledged &&
                got[i].present == want[i].present,
            "pledges");
  }
  // Personnel-days between neighbouring interesting days (at most 60 days
  // each, so that the day-by-day reference stays cheap: longer ranges are
  // the overflow test's and the unit tests' part).
  Day prev = *days.begin();
  for (Day d : days) {
    Day to = d;
    if ((to - prev).count() > 60) to = prev + date::days{60};
    for (const auto& k : keys)
      check(t.personnel_days(k, prev, to) == ref.personnel_days(k, prev, to), "personnel_days");
    prev = d;
  }
  if (!keys.empty())
    check(t.personnel_days(keys.front(), *days.rbegin(), *days.begin()) == muster::Value{},
          "personnel_days of an empty range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // keep the reference's day-by-day work small
  std::optional<muster::Log> log;
  try {
    log = muster::parse_log(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  } catch (const muster::LogRefused&) {
    return 0;
  }
  if (log->events().size() > 32) return 0;
  check(!muster::reference::Model(*log, {}).high_goes_below_zero(), "accepted a negative high");

  std::set<Day> days;
  std::set<Day> recorded;
  for (const muster::Event& e : log->events()) {
    for (Day d : {e.date.first, e.date.last}) {
      days.insert(d - date::days{1});
      days.insert(d);
      days.insert(d + date::days{1});
    }
    recorded.insert(e.recorded);
  }
  if (days.empty()) days.insert(Day{});
  while (days.size() > 48) days.erase(std::next(days.begin(), static_cast<long>(days.size() / 2)));
  compare(*log, {}, days);
  compare(*log, {std::nullopt, true}, days);
  int n = 0;
  for (Day r : recorded) {
    if (++n > 4) break;
    compare(*log, {r - date::days{1}, false}, days);
    compare(*log, {r, true}, days);
  }
  return 0;
}
