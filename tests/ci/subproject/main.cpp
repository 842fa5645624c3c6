// A parent's program that links muster::muster from add_subdirectory.
#include <muster/muster.hpp>

#include <fmt/core.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const muster::Log log = muster::read_log(argv[1]);
  const muster::Timeline t{log};
  const auto day = muster::parse_day("2025-01-19");
  if (!day) return 2;
  for (const muster::Group& g : t.strength_by(muster::GroupBy::country, *day))
    fmt::print("{} {}\n", g.key.country.code(), g.value.estimate);
}
