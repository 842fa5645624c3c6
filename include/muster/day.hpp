// muster/day.hpp — calendar days and the periods a row's date may name.
//
// Every date in a log is a `Period`: one day (`2025-01-18`), one month
// (`2024-06`, "began deploying in June 2024") or one year (`2024`). A period
// runs from its first day to its last day, both inclusive. A `Day` is Howard
// Hinnant's `date::sys_days`, the serial day count every other calendar type
// converts through, so all calendar arithmetic is done once, by that library.
//
//     auto june = muster::parse_period("2024-06");     // 2024-06-01 .. 2024-06-30
//     auto d = muster::parse_day("2025-01-18");        // std::optional<Day>
//     auto next = muster::add_months(*d, 1);           // 2025-02-18
#pragma once

#include <date/date.h>

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace muster {

/// One calendar day: days since 1970-01-01 in the proleptic Gregorian calendar.
using Day = date::sys_days;

/// How much of the calendar a period covers.
enum class Precision : unsigned char { day, month, year };

/// A day, a month or a year: the effective date of a row.
struct Period {
  Day first{};
  Day last{};
  Precision precision = Precision::day;

  static Period of_day(Day d) { return {d, d, Precision::day}; }
  friend bool operator==(const Period&, const Period&) = default;
};

/// The years a log may name (spec section 2).
inline constexpr int min_year = 1800;
inline constexpr int max_year = 2200;

/// Parses `YYYY-MM-DD` exactly (no spaces, a real date, year 1800-2200).
std::optional<Day> parse_day(std::string_view text) noexcept;

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (spec section 2).
std::optional<Period> parse_period(std::string_view text) noexcept;

/// `YYYY-MM-DD`.
std::string to_string(Day d);

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the period was written.
std::string to_string(const Period& p);

/// d plus n months, keeping d's day of the month where that month has it and
/// using the month's last day where it is shorter (spec section 7).
Day add_months(Day d, int n);

// ---------------------------------------------------------------------------
// Definitions

namespace detail {
// Reads exactly `width` ASCII digits; nullopt otherwise.
constexpr std::optional<unsigned> fixed_digits(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}
}  // namespace detail

inline std::optional<Period> parse_period(std::string_view s) noexcept {
  using namespace date;
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return std::nullopt;
  auto y = detail::fixed_digits(s.substr(0, 4));
  if (!y || *y < static_cast<unsigned>(min_year) || *y > static_cast<unsigned>(max_year))
    return std::nullopt;
  const year yy{static_cast<int>(*y)};
  if (s.size() == 4)
    return Period{sys_days{yy / January / 1}, sys_days{yy / December / 31}, Precision::year};
  if (s[4] != '-') return std::nullopt;
  auto m = detail::fixed_digits(s.substr(5, 2));
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  const month mm{*m};
  if (s.size() == 7)
    return Period{sys_days{yy / mm / 1}, sys_days{yy / mm / last}, Precision::month};
  if (s[7] != '-') return std::nullopt;
  auto d = detail::fixed_digits(s.substr(8, 2));
  if (!d) return std::nullopt;
  const year_month_day ymd{yy, mm, day{*d}};
  if (!ymd.ok()) return std::nullopt;
  return Period::of_day(sys_days{ymd});
}

inline std::optional<Day> parse_day(std::string_view s) noexcept {
  if (s.size() != 10) return std::nullopt;
  auto p = parse_period(s);
  if (!p) return std::nullopt;
  return p->first;
}

inline Day add_months(Day d, int n) {
  using namespace date;
  const year_month_day ymd{d};
  const year_month ym = year_month{ymd.year(), ymd.month()} + months{n};
  const year_month_day target{ym.year(), ym.month(), ymd.day()};
  if (target.ok()) return sys_days{target};
  return sys_days{year_month_day_last{ym.year(), month_day_last{ym.month()}}};
}

}  // namespace muster
