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

namespace detail {
// parse_period and parse_day, into `out`: true where `s` is one. The log
// reader calls these: g++ 12 returns an optional<Period> through a load
// that waits for the stores before it (a store-forwarding stall), a tenth
// of the time of parsing a date.
inline bool parse_period_to(std::string_view s, Period& out) noexcept {
  using namespace date;
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  auto y = fixed_digits(s.substr(0, 4));
  if (!y || *y < static_cast<unsigned>(min_year) || *y > static_cast<unsigned>(max_year))
    return false;
  const year yy{static_cast<int>(*y)};
  if (s.size() == 4) {
    out = {sys_days{yy / January / 1}, sys_days{yy / December / 31}, Precision::year};
    return true;
  }
  if (s[4] != '-') return false;
  auto m = fixed_digits(s.substr(5, 2));
  if (!m || *m < 1 || *m > 12) return false;
  const month mm{*m};
  if (s.size() == 7) {
    out = {sys_days{yy / mm / 1}, sys_days{yy / mm / last}, Precision::month};
    return true;
  }
  if (s[7] != '-') return false;
  auto d = fixed_digits(s.substr(8, 2));
  if (!d) return false;
  const year_month_day ymd{yy, mm, day{*d}};
  if (!ymd.ok()) return false;
  out = Period::of_day(sys_days{ymd});
  return true;
}

inline bool parse_day_to(std::string_view s, Day& out) noexcept {
  Period p;
  if (s.size() != 10 || !parse_period_to(s, p)) return false;
  out = p.first;
  return true;
}
}  // namespace detail

inline std::optional<Period> parse_period(std::string_view s) noexcept {
  Period p;
  if (!detail::parse_period_to(s, p)) return std::nullopt;
  return p;
}

inline std::optional<Day> parse_day(std::string_view s) noexcept {
  Day d;
  if (!detail::parse_day_to(s, d)) return std::nullopt;
  return d;
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
