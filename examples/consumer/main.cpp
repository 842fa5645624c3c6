// The smallest program that uses muster: strength by country on a day.
//   consumer LOG.csv [YYYY-MM-DD]
#include <muster/muster.hpp>

#include <fmt/format.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: consumer LOG.csv [YYYY-MM-DD]\n");
    return 2;
  }
  try {
    const muster::Log log = muster::read_log(argv[1]);
    const muster::Timeline timeline{log};
    const auto day = muster::parse_day(argc > 2 ? argv[2] : "2025-01-19");
    if (!day) {
      fmt::print(stderr, "consumer: not a day: {}\n", argv[2]);
      return 2;
    }
    for (const muster::Group& g : timeline.strength_by(muster::GroupBy::country, *day))
      fmt::print("{} on {}: {:L}\n", g.key.country, *day, g.value);
    fmt::print("all on {}: {:L}\n", *day, timeline.strength(*day));
  } catch (const muster::LogRefused& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", d);
    return 1;
  }
}
