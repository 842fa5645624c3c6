// The words of a question (muster/query.hpp).
#include "muster/query.hpp"

#include <array>

namespace muster {

namespace {
constexpr std::array<std::string_view, 5> group_names = {"country", "mission", "component",
                                                         "contingent", "total"};
constexpr std::array<std::string_view, 5> step_names = {"day", "week", "month", "quarter",
                                                        "year"};
}  // namespace

std::string_view to_string(GroupBy by) noexcept { return group_names[static_cast<std::size_t>(by)]; }

std::optional<GroupBy> parse_group_by(std::string_view name) noexcept {
  for (std::size_t i = 0; i < group_names.size(); ++i)
    if (group_names[i] == name) return static_cast<GroupBy>(i);
  return std::nullopt;
}

Contingent group_key(const Contingent& c, GroupBy by) {
  switch (by) {
    case GroupBy::country: return {{}, c.country, {}};
    case GroupBy::mission: return {c.mission, {}, {}};
    case GroupBy::component: return {{}, {}, c.component};
    case GroupBy::contingent: return c;
    case GroupBy::total: return {};
  }
  return {};
}

std::string_view to_string(SampleStep step) noexcept {
  return step_names[static_cast<std::size_t>(step)];
}

std::optional<SampleStep> parse_sample_step(std::string_view name) noexcept {
  for (std::size_t i = 0; i < step_names.size(); ++i)
    if (step_names[i] == name) return static_cast<SampleStep>(i);
  return std::nullopt;
}

std::vector<Day> sample_days(Day from, Day to, SampleStep step) {
  std::vector<Day> out;
  for (int k = 0;; ++k) {
    Day d = from;
    switch (step) {
      case SampleStep::day: d = from + date::days{k}; break;
      case SampleStep::week: d = from + date::days{7 * k}; break;
      case SampleStep::month: d = add_months(from, k); break;
      case SampleStep::quarter: d = add_months(from, 3 * k); break;
      case SampleStep::year: d = add_months(from, 12 * k); break;
    }
    if (d > to) break;
    out.push_back(d);
  }
  return out;
}

}  // namespace muster
