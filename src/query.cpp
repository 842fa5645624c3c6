// The words of a question (muster/query.hpp).
#include "muster/query.hpp"

#include <array>

namespace muster {

namespace {
constexpr std::array<std::string_view, 5> group_names = {"country", "mission", "component",
                                                         "contingent", "total"};
constexpr std::array<std::string_view, 8> step_names = {
    "day", "week", "month", "quarter", "year", "month-end", "quarter-end", "year-end"};

// The last day of the k-th period of `months` months after the one that holds
// d, periods aligned on January (a calendar month, quarter or year).
Day period_end(Day d, int months, int k) {
  using namespace date;
  const year_month_day ymd = d.ymd();
  const int m0 = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;  // 0-11
  const year_month first = year_month{ymd.year(), January} + date::months{m0 - m0 % months};
  const year_month last = first + date::months{months * (k + 1) - 1};
  return Day{year_month_day_last{last.year(), month_day_last{last.month()}}};
}
}  // namespace

std::string_view to_string(HiddenBecause because) noexcept {
  switch (because) {
    case HiddenBecause::recorded_after: return "recorded after";
    case HiddenBecause::superseded: return "superseded";
    case HiddenBecause::retracted: return "retracted";
    case HiddenBecause::planned: return "planned";
  }
  return "?";
}

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

Day StaleAfter::last_current_day(Day end) const {
  switch (unit) {
    case Unit::days: return end + date::days{amount};
    case Unit::weeks: return end + date::days{7 * amount};
    case Unit::months: return add_months(end, amount);
    case Unit::years: return add_months(end, 12 * amount);
  }
  return end;
}

std::optional<StaleAfter> parse_stale_after(std::string_view text) noexcept {
  constexpr std::string_view units = "dwmy";
  StaleAfter s;
  if (!text.empty() && units.find(text.back()) != std::string_view::npos) {
    s.unit = static_cast<StaleAfter::Unit>(units.find(text.back()));
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 6) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    s.amount = s.amount * 10 + (c - '0');
  }
  if (s.amount > (s.unit == StaleAfter::Unit::years ? StaleAfter::max_years : StaleAfter::max_amount))
    return std::nullopt;
  return s;
}

std::string to_string(const StaleAfter& s) {
  constexpr std::string_view units = "dwmy";
  return std::to_string(s.amount) + units[static_cast<std::size_t>(s.unit)];
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
      case SampleStep::month_end: d = period_end(from, 1, k); break;
      case SampleStep::quarter_end: d = period_end(from, 3, k); break;
      case SampleStep::year_end: d = period_end(from, 12, k); break;
    }
    if (d > to) break;
    out.push_back(d);
  }
  return out;
}

}  // namespace muster
