// muster/format.hpp — {fmt} support for muster's value types.
//
// Every value type prints as a person would write it, so `fmt::print("{}", x)`
// just works. `{:L}` on a `Value` (or `muster::with_thousands(n)`) adds thousands
// separators, as tables do.
//
//     fmt::print("{} on {}: {:L}\n", ken, day, t.strength(day, {.country = ken}));
//     // KEN on 2025-01-19: 1,217 (617 to 1,217)
//
// For people who must not be misled by a size nobody knows, `range_text`
// gives only what is known, as a briefing says it:
//
//     std::string a = muster::range_text(muster::Value::exactly(617));     // "617"
//     std::string b = muster::range_text({617, 617, muster::Value::unbounded});  // "617 or more"
//     std::string c = muster::range_text({0, 0, muster::Value::unbounded});      // "?"
#pragma once

#include "muster/event.hpp"
#include "muster/log.hpp"

#include <fmt/core.h>

#include <string>

namespace muster {

/// n with a comma between groups of three digits: 1,000,000.
std::string with_thousands(Count n);

/// A value in the command's words: "617", "617 (600 to 799)", "617 or more",
/// "620 (617 or more)", and "?" for a size nobody knows (no upper bound,
/// nothing above 0), never "0"; `thousands` groups digits. `fmt::format("{}",
/// v)` gives the same (`{:L}` groups digits).
std::string to_string(const Value& v, bool thousands = false);

/// What is known of a size, in the fewest words, digits grouped: "617" (an
/// exact count), "780 to 799" (a range), "617 or more" (no upper bound),
/// "?" (nothing known: no upper bound and a low of 0), "-" (none: a high of
/// 0). The estimate is left out where low and high differ: it is the range
/// that a reader may rely on.
std::string range_text(const Value& v);

/// A value as people read it in a table's cell, never misleading, the same
/// in every output (the command's tables, chart): `617`, `617 (600 to
/// 650)`, `617 or more`, `620 (617 or more)`, and `?` for a size nobody
/// knows (no upper bound, nothing above 0). Digits grouped.
std::string value_text(const Value& v);

/// A contingent as people read it, the same in every output (tables,
/// `check`, chart, report): `MSS/KEN/police`, `MSS/KEN` where the component
/// is unspecified; `fmt::format("{}", c)` gives the same.
std::string contingent_text(const Contingent& c);

/// The scope of a figure as people read it, the same in every output. A
/// report's (`observation` false) is its contingent (contingent_text). An
/// observation's, or an end's, is a group: a blank country counts every
/// country and a blank component every component: `MSS/police (all
/// countries)`, `MSS (all countries)`, `MSS/KEN (all components)`,
/// `MSS/KEN/police`.
std::string scope_text(const Contingent& scope, bool observation);

/// A country lookup as people read it: `KEN`, or `no country (ambiguous:
/// KOR or PRK)`, `no country (closest: Niger, Nigeria)`, `no country`.
std::string to_string(const CountryLookup& l);

/// A view as people read it: `every confirmed row`, `as of 2025-01-20`,
/// `as of 2025-01-20, with planned rows`, `every row, planned too`.
std::string vantage_text(const Vantage& v);

/// A filter as people read it: `everything`, `mission MSS, country KEN or
/// JAM`, `component police or (unspecified)`.
std::string filter_text(const Filter& f);

/// A row as people read it: `row r2 (line 3): report of MSS/KEN/police on
/// 2025-01-19, 617 (600 to 650)`, with `planned`, `recorded DAY` and
/// `supersedes the row of index N` where they apply.
std::string event_text(const Event& e);

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
    if (it != ctx.end() && *it != '}') ctx.on_error("muster: invalid format spec");
    return it;
  }
};

/// Keeps a standard text spec (fill, alignment, width: `{:>5}`) and writes a
/// type's text with it, so that these formatters need only <fmt/core.h>.
struct muster_text_spec {
  char spec[40] = "{:";
  std::size_t size = 2;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    for (; it != ctx.end() && *it != '}'; ++it) {
      if (size + 2 > sizeof spec) ctx.on_error("muster: format spec too long");
      spec[size++] = *it;
    }
    spec[size++] = '}';
    return it;
  }
  template <class Context>
  auto write(std::string_view text, Context& ctx) const {
    return fmt::format_to(ctx.out(), fmt::runtime(std::string_view(spec, size)), text);
  }
};

/// Writes a type as its `to_string` (found by argument-dependent lookup),
/// with a standard text spec: `template <> struct fmt::formatter<T> :
/// muster_to_string_formatter<T> {};` is all a type of muster's needs.
template <class T>
struct muster_to_string_formatter : muster_text_spec {
  template <class Context>
  auto format(const T& x, Context& ctx) const {
    return write(to_string(x), ctx);
  }
};

/// A Value: `{}` gives `617 (600 to 650)`; `L` groups digits (`{:L}`,
/// `1,217 (617 to 1,217)`); a standard text spec before it pads and aligns the
/// whole text (`{:>24}`, `{:>24L}`).
template <>
struct fmt::formatter<muster::Value> : muster_text_spec {
  bool thousands = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto end = ctx.begin();
    while (end != ctx.end() && *end != '}') ++end;
    if (end == ctx.begin() || *(end - 1) != 'L') return muster_text_spec::parse(ctx);
    // The text spec is what comes before the L.
    thousands = true;
    fmt::format_parse_context text(fmt::string_view(ctx.begin(), static_cast<std::size_t>(end - 1 - ctx.begin())));
    muster_text_spec::parse(text);
    return end;
  }
  auto format(const muster::Value& v, format_context& ctx) const {
    return write(muster::to_string(v, thousands), ctx);
  }
};

template <>
struct fmt::formatter<muster::Country> : muster_text_spec {
  auto format(const muster::Country& c, format_context& ctx) const { return write(c.code(), ctx); }
};

template <>
struct fmt::formatter<muster::Day> : muster_to_string_formatter<muster::Day> {};

template <>
struct fmt::formatter<muster::Period> : muster_to_string_formatter<muster::Period> {};

template <>
struct fmt::formatter<muster::Kind> : muster_to_string_formatter<muster::Kind> {};

/// `KEN`, or `no country (ambiguous: KOR or PRK)`.
template <>
struct fmt::formatter<muster::CountryLookup> : muster_to_string_formatter<muster::CountryLookup> {};

/// `MSS/KEN/police` (`MSS/KEN` where the component is unspecified).
template <>
struct fmt::formatter<muster::Contingent> : muster_text_spec {
  auto format(const muster::Contingent& c, format_context& ctx) const {
    return write(muster::contingent_text(c), ctx);
  }
};

template <>
struct fmt::formatter<muster::Diagnostic> : muster_text_spec {
  auto format(const muster::Diagnostic& d, format_context& ctx) const {
    return write(d.to_string(), ctx);
  }
};

/// An enum of muster's prints as its name in the log or on the command line
/// (`report`, `planned`, `country`, `month-end`, `supersedes`, `superseded`,
/// `month`, `weeks`).
template <>
struct fmt::formatter<muster::Status> : muster_to_string_formatter<muster::Status> {};
template <>
struct fmt::formatter<muster::GroupBy> : muster_to_string_formatter<muster::GroupBy> {};
template <>
struct fmt::formatter<muster::SampleStep> : muster_to_string_formatter<muster::SampleStep> {};
template <>
struct fmt::formatter<muster::Column> : muster_to_string_formatter<muster::Column> {};
template <>
struct fmt::formatter<muster::HiddenBecause> : muster_to_string_formatter<muster::HiddenBecause> {};
template <>
struct fmt::formatter<muster::Precision> : muster_to_string_formatter<muster::Precision> {};
template <>
struct fmt::formatter<muster::StaleAfter::Unit> : muster_to_string_formatter<muster::StaleAfter::Unit> {};

/// `30d`, `2w`, `6m`, `1y`, as --stale-after reads it.
template <>
struct fmt::formatter<muster::StaleAfter> : muster_to_string_formatter<muster::StaleAfter> {};

/// vantage_text: `as of 2025-01-20, with planned rows`.
template <>
struct fmt::formatter<muster::Vantage> : muster_text_spec {
  auto format(const muster::Vantage& v, format_context& ctx) const {
    return write(muster::vantage_text(v), ctx);
  }
};

/// filter_text: `mission MSS, country KEN or JAM`.
template <>
struct fmt::formatter<muster::Filter> : muster_text_spec {
  auto format(const muster::Filter& f, format_context& ctx) const {
    return write(muster::filter_text(f), ctx);
  }
};

/// event_text: `row r2 (line 3): report of MSS/KEN/police on 2025-01-19, 617`.
template <>
struct fmt::formatter<muster::Event> : muster_text_spec {
  auto format(const muster::Event& e, format_context& ctx) const {
    return write(muster::event_text(e), ctx);
  }
};

// The rules' steps and day ends (muster/rules.hpp, which log.hpp includes).
namespace muster::rules {

/// `2025-01-18 #3 low +217`, `2025-01-19 #4 high = unbounded`: a step's
/// day, row order, track, and what it does.
inline std::string to_string(const TrackStep& s) {
  std::string what;
  if (s.set) what = s.infinite ? "= unbounded" : fmt::format("= {}", s.amount);
  else if (s.infinite) what = s.track == Track::low ? "-unbounded" : "+unbounded";
  else what = fmt::format("{:+}", s.amount);
  return fmt::format("{} #{} {} {}", muster::to_string(s.day), s.order, to_string(s.track), what);
}
/// `2025-01-18: 617 (600 to 650)`, with `, crossed` and `, high below 0`.
inline std::string to_string(const DayEnd& e) {
  return fmt::format("{}: {}{}{}", muster::to_string(e.day), muster::to_string(e.value), e.crossed ? ", crossed" : "",
                     e.high_below_zero ? ", high below 0" : "");
}
/// `before the sets of #4 on 2025-01-19: 400`.
inline std::string to_string(const BeforeSet& b) {
  return fmt::format("before the sets of #{} on {}: {}", b.order, muster::to_string(b.day), muster::to_string(b.value));
}
/// `row 5 supersedes row 2, recorded 2025-01-20` (row indexes).
inline std::string to_string(const Supersession& s) {
  return fmt::format("row {} supersedes row {}, recorded {}", s.row, s.target, muster::to_string(s.recorded));
}

}  // namespace muster::rules

template <>
struct fmt::formatter<muster::rules::Track> : muster_to_string_formatter<muster::rules::Track> {};
template <>
struct fmt::formatter<muster::rules::TrackStep> : muster_to_string_formatter<muster::rules::TrackStep> {};
template <>
struct fmt::formatter<muster::rules::DayEnd> : muster_to_string_formatter<muster::rules::DayEnd> {};
template <>
struct fmt::formatter<muster::rules::BeforeSet> : muster_to_string_formatter<muster::rules::BeforeSet> {};
template <>
struct fmt::formatter<muster::rules::Supersession> : muster_to_string_formatter<muster::rules::Supersession> {};
