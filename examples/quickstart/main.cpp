// The C++ example of the README, kept compiling: strength by country on a
// day, and a later day counting planned arrivals.
//   quickstart [LOG.csv]
#include <muster/muster.hpp>

int main(int argc, char** argv) try {
  const muster::Log log = muster::read_log(argc > 1 ? argv[1] : MUSTER_HAITI_LOG);
  const muster::Timeline timeline{log};
  const muster::Day day = *muster::parse_day("2025-01-19");
  for (const muster::Group& g : timeline.strength_by(muster::GroupBy::country, day))
    fmt::print("{} {:L}\n", g.key.country, g.value);
  const muster::Timeline planned{log, {.include_planned = true}};           // another view
  fmt::print("27 January, with the planned arrivals: {:L}\n",
             planned.strength(*muster::parse_day("2025-01-27")));
} catch (const muster::LogRefused& e) {
  for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", d);
  return 1;
}
