// Days and periods as text (muster/day.hpp).
#include "muster/day.hpp"

#include <fmt/format.h>

namespace muster {

std::string to_string(Day d) {
  const date::year_month_day ymd = d.ymd();
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string to_string(const Period& p) {
  std::string s = to_string(p.first);
  switch (p.precision) {
    case Precision::year: return s.substr(0, 4);
    case Precision::month: return s.substr(0, 7);
    case Precision::day: return s;
  }
  return s;
}

}  // namespace muster
