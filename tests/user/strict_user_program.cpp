// A user's program, compiled as users compile theirs at their strictest:
// -O3 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror (tests/CMakeLists.txt),
// with g++ in the main build and clang in the sanitizer build. It includes
// every public header and instantiates what they define inline (the
// formatters, with width and thousands; Day's arithmetic; the test helpers'
// printers and matchers), so a warning in a muster header fails the build.
// Run on the Haiti log, it checks a few answers and exits 0.
#include <muster/muster.hpp>
#include <muster/testing.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "strict_user_program: %s\n", what.c_str());
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: strict_user_program mss.csv\n");
    return 2;
  }
  const muster::Log log = muster::read_log(argv[1]);
  const muster::Timeline t{log};
  const muster::Day day = *muster::parse_day("2025-01-19");
  const muster::Value v = t.strength(day, {.country = muster::Country::find("KEN")});
  expect(fmt::format("{:>24L}|", muster::Value{1217, 617, 1217}) == "    1,217 (617 to 1,217)|",
         "a Value with width and thousands");
  expect(fmt::format("{}", v) == "617", fmt::format("KEN on {}: {}", day, v));
  expect(fmt::format("{:<12}|", day) == "2025-01-19  |", "a Day with width");
  expect(fmt::format("{:%d %B %Y}", day.sys()) == "19 January 2025", "fmt's own sys_days");
  expect(day + date::days{1} - day == date::days{1} && day.ok(), "Day arithmetic");
  expect(muster::add_months(day, 1) == muster::Day{date::year{2025} / 2 / 19}, "add_months");
  const auto groups = t.strength_by(muster::GroupBy::country, day);
  expect(!groups.empty(), "strength_by");
  for (const auto& g : groups) expect(!fmt::format("{}", g).empty(), "a Group prints");
  const muster::Reconciliation r = muster::reconcile(log);
  expect(!fmt::format("{}", r).empty(), "a Reconciliation prints");
  const muster::Explanation e = muster::explain(log, day, {.country = muster::Country::find("KEN")});
  expect(fmt::format("{}", e).find("617") != std::string::npos, "an Explanation prints");
  expect(::testing::PrintToString(v) == "617", "GoogleTest prints a Value");
  expect(::testing::PrintToString(day) == "2025-01-19", "GoogleTest prints a Day");
  expect(::testing::Value(v, muster::testing::StrengthIs(617)), "StrengthIs");
  expect(::testing::Value("id,kind,date,mission,country,count\nr1,landing,2025-01-18,MSS,KEN,217\n",
                          muster::testing::RefusedAt(2, "kind")),
         "RefusedAt");
  for (const muster::Event& ev : log.events())
    expect(!muster::event_text(ev).empty(), "an Event prints");
  if (failures == 0) std::printf("strict_user_program: every check held\n");
  return failures == 0 ? 0 : 1;
}
