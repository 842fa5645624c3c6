// muster/format.hpp — {fmt} support for muster's value types.
//
// Every value type prints as a person would write it, so `fmt::print("{}", x)`
// just works. `{:L}` on a `Value` (or `muster::grouped(n)`) adds thousands
// separators, as tables do.
//
//     fmt::print("{} on {}: {:L}\n", ken, day, t.strength(day, {.country = ken}));
//     // KEN on 2025-01-19: 1,217 (617 to 1,217)
#pragma once

#include "muster/event.hpp"
#include "muster/log.hpp"

#include <fmt/format.h>

#include <locale>
#include <string>

namespace muster {

/// n with a comma between groups of three digits: 1,000,000.
std::string grouped(Count n);

/// "617", "617 (600 to 799)" or "0 (0 or more)"; `thousands` groups digits.
std::string to_string(const Value& v, bool thousands = false);

// ---------------------------------------------------------------------------
// Definitions

namespace detail {
struct thousands_punct : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};
inline const std::locale& thousands_locale() {
  static const std::locale loc(std::locale::classic(), new thousands_punct);
  return loc;
}
}  // namespace detail

inline std::string grouped(Count n) { return fmt::format(detail::thousands_locale(), "{:L}", n); }

inline std::string to_string(const Value& v, bool thousands) {
  auto num = [&](Count n) { return thousands ? grouped(n) : fmt::to_string(n); };
  if (!v.bounded()) return fmt::format("{} ({} or more)", num(v.estimate), num(v.low));
  if (v.low == v.high) return num(v.estimate);
  return fmt::format("{} ({} to {})", num(v.estimate), num(v.low), num(v.high));
}

}  // namespace muster

/// Parses an optional `L` (thousands separators); nothing else.
struct muster_format_spec {
  bool thousands = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it == 'L') {
      thousands = true;
      ++it;
    }
    if (it != ctx.end() && *it != '}') throw fmt::format_error("muster: invalid format spec");
    return it;
  }
};

template <>
struct fmt::formatter<muster::Value> : muster_format_spec {
  auto format(const muster::Value& v, format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}", muster::to_string(v, thousands));
  }
};

template <>
struct fmt::formatter<muster::Country> : fmt::formatter<std::string_view> {
  auto format(const muster::Country& c, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(c.code(), ctx);
  }
};

template <>
struct fmt::formatter<muster::Day> : fmt::formatter<std::string_view> {
  auto format(const muster::Day& d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(muster::to_string(d), ctx);
  }
};

template <>
struct fmt::formatter<muster::Period> : fmt::formatter<std::string_view> {
  auto format(const muster::Period& p, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(muster::to_string(p), ctx);
  }
};

template <>
struct fmt::formatter<muster::Kind> : fmt::formatter<std::string_view> {
  auto format(muster::Kind k, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(muster::to_string(k), ctx);
  }
};

/// `MSS/KEN/police` (`MSS/KEN` where the component is unspecified).
template <>
struct fmt::formatter<muster::Contingent> : fmt::formatter<std::string_view> {
  auto format(const muster::Contingent& c, format_context& ctx) const {
    std::string s = c.mission;
    if (c.country.ok()) s += (s.empty() ? "" : "/") + std::string(c.country.code());
    if (!c.component.empty()) s += (s.empty() ? "" : "/") + c.component;
    return fmt::formatter<std::string_view>::format(s, ctx);
  }
};

template <>
struct fmt::formatter<muster::Diagnostic> : fmt::formatter<std::string_view> {
  auto format(const muster::Diagnostic& d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(d.to_string(), ctx);
  }
};
