// muster/day.hpp — calendar days and the periods a row's date may name.
//
// Every date in a log is a `Period`: one day (`2025-01-18`), one month
// (`2024-06`, "began deploying in June 2024") or one year (`2024`). A period
// runs from its first day to its last day, both inclusive. A `Day` is
// muster's own small value type: a count of days since 1970-01-01, like
// Howard Hinnant's `date::sys_days`, to and from which it converts
// explicitly. All calendar arithmetic (months, years, the day of a month) is
// done by that library on the converted value; a `Day` itself only counts,
// compares and prints (`fmt::format("{}", day)`: `2025-01-18`).
//
//     auto june = muster::parse_period("2024-06");     // 2024-06-01 .. 2024-06-30
//     auto d = muster::parse_day("2025-01-18");        // std::optional<Day>
//     auto next = muster::add_months(*d, 1);           // 2025-02-18
//     auto week = *d + date::days{7};                  // 2025-01-25
//     auto ymd = date::year_month_day{d->sys()};       // date's calendar types
//     muster::Day new_year{date::year{2025} / 1 / 1};  // from date's
#pragma once

#include <date/date.h>

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace muster {

/// One calendar day: days since 1970-01-01 in the proleptic Gregorian
/// calendar. Regular (copy, compare, hash through `days_since_epoch()`),
/// four bytes, a trivial copy. Arithmetic is in whole days: `d + days{n}`,
/// `d - days{n}`, `b - a` (a `date::days`), `++d`. `Day{}` is 1970-01-01.
/// `ok()` says whether it lies in the years a log may name (1800-2200).
class Day {
 public:
  constexpr Day() noexcept = default;
  /// From date's day count, `date::sys_days`.
  constexpr explicit Day(date::sys_days d) noexcept : count_(d.time_since_epoch().count()) {}
  /// From a calendar date (`date::year{2025} / 1 / 18`).
  constexpr explicit Day(date::year_month_day ymd) noexcept : Day(date::sys_days{ymd}) {}
  /// From the last day of a month (`date::year{2024} / 2 / date::last`).
  constexpr explicit Day(date::year_month_day_last ymd) noexcept : Day(date::sys_days{ymd}) {}
  /// The day `n` days after 1970-01-01.
  static constexpr Day from_days_since_epoch(std::int32_t n) noexcept {
    Day d;
    d.count_ = n;
    return d;
  }

  /// The first and last days a Day can hold (sentinels, not dates of a log).
  static constexpr Day min() noexcept { return from_days_since_epoch(std::numeric_limits<std::int32_t>::min()); }
  static constexpr Day max() noexcept { return from_days_since_epoch(std::numeric_limits<std::int32_t>::max()); }

  /// As date's day count, for calendar work.
  constexpr date::sys_days sys() const noexcept { return date::sys_days{date::days{count_}}; }
  constexpr explicit operator date::sys_days() const noexcept { return sys(); }
  /// As a calendar date (year, month, day).
  constexpr date::year_month_day ymd() const noexcept { return date::year_month_day{sys()}; }
  /// Days since 1970-01-01 (negative before it).
  constexpr std::int32_t days_since_epoch() const noexcept { return count_; }
  /// In the years a log may name (spec section 2: 1800 to 2200).
  constexpr bool ok() const noexcept;

  constexpr Day& operator+=(date::days n) noexcept {
    count_ += static_cast<std::int32_t>(n.count());
    return *this;
  }
  constexpr Day& operator-=(date::days n) noexcept {
    count_ -= static_cast<std::int32_t>(n.count());
    return *this;
  }
  constexpr Day& operator++() noexcept { return *this += date::days{1}; }
  constexpr Day operator++(int) noexcept {
    Day before = *this;
    ++*this;
    return before;
  }
  constexpr Day& operator--() noexcept { return *this -= date::days{1}; }
  constexpr Day operator--(int) noexcept {
    Day before = *this;
    --*this;
    return before;
  }
  friend constexpr Day operator+(Day d, date::days n) noexcept { return d += n; }
  friend constexpr Day operator+(date::days n, Day d) noexcept { return d += n; }
  friend constexpr Day operator-(Day d, date::days n) noexcept { return d -= n; }
  friend constexpr date::days operator-(Day a, Day b) noexcept {
    return date::days{a.count_ - b.count_};
  }
  friend constexpr bool operator==(Day, Day) noexcept = default;
  friend constexpr auto operator<=>(Day, Day) noexcept = default;

 private:
  std::int32_t count_ = 0;
};

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

/// `day`, `month` or `year`.
constexpr std::string_view to_string(Precision p) noexcept {
  return p == Precision::day ? "day" : p == Precision::month ? "month" : "year";
}

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
    out = {Day{yy / January / 1}, Day{yy / December / 31}, Precision::year};
    return true;
  }
  if (s[4] != '-') return false;
  auto m = fixed_digits(s.substr(5, 2));
  if (!m || *m < 1 || *m > 12) return false;
  const month mm{*m};
  if (s.size() == 7) {
    out = {Day{yy / mm / 1}, Day{yy / mm / last}, Precision::month};
    return true;
  }
  if (s[7] != '-') return false;
  auto d = fixed_digits(s.substr(8, 2));
  if (!d) return false;
  const year_month_day ymd{yy, mm, day{*d}};
  if (!ymd.ok()) return false;
  out = Period::of_day(Day{ymd});
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
  const year_month_day ymd = d.ymd();
  const year_month ym = year_month{ymd.year(), ymd.month()} + months{n};
  const year_month_day target{ym.year(), ym.month(), ymd.day()};
  if (target.ok()) return Day{target};
  return Day{year_month_day_last{ym.year(), month_day_last{ym.month()}}};
}

constexpr bool Day::ok() const noexcept {
  // Compared as counts: every count between these two is a real date, and
  // a count far outside them (Day::max()) is never turned into one.
  constexpr Day first{date::year{min_year} / 1 / 1};
  constexpr Day last{date::year{max_year} / 12 / 31};
  return first <= *this && *this <= last;
}

}  // namespace muster
