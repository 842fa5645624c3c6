// muster/testing.hpp — muster in your own GoogleTest suite: values printed in
// domain terms, matchers that read as sentences, test logs in few words.
//
// Include it in test files only (it needs GoogleTest and gmock; link the
// CMake target `muster::testing`, README "Testing your code with muster").
// A failing expectation then prints a muster value as a person writes it
// (`MSS/KEN/police 617 (600 to 650)`), not as bytes. The matchers say what
// was expected and what was seen: `StrengthIs(600)` on 617 fails with "is a
// strength of 600" and "it is 617, 17 more"; `RefusedAt(3, "count")` on a
// log's text (or a callable that reads one) fails with "it was accepted" or
// where and why it was refused; given the text, the failure shows it.
// `HasUnattributed("MSS", "", 0, 182)` on a breakdown by spec section 8
// (a Timeline's default) matches the mission's own unattributed personnel, the
// personnel a report of the whole mission counts beyond its contingents
// ("it has no group of the unattributed personnel of MSS; ...").
// `log_from` reads a log from a string (errors name `<test>`); `TestLog`
// makes one through the write path (LogBuilder), with defaults for all a test
// does not care about: mission MSS, component police, source `test`, ids r1,
// r2, ... (row n is on line n + 1). Include it in every test file that
// prints muster values, so that all of a program's tests print them alike.
//
//     #include <muster/testing.hpp>
//     using namespace muster::testing;
//     muster::Log built = TestLog{}.arrival("2025-01-18", "KEN", 217)
//                             .report("2025-01-19", "KEN", 617, {.low = 600, .high = 650}).log();
//     muster::Timeline timeline{built};
//     EXPECT_THAT(timeline.strength(*muster::parse_day("2025-01-19")), StrengthIs(617, 600, 650));
//     EXPECT_THAT(timeline.strength(*muster::parse_day("2025-01-18")), ::testing::Not(StrengthIs(617)));
//     EXPECT_THAT("id,kind,date,mission,country,count\n"
//                 "r1,landing,2025-01-18,MSS,KEN,217\n", RefusedAt(2, "kind"));
//     EXPECT_THAT([] { muster::read_log("/no/such/file.csv"); }, RefusedAt(0, "cannot open"));
#pragma once

#include "muster/event.hpp"
#include "muster/explain.hpp"
#include "muster/format.hpp"
#include "muster/import.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"
#include "muster/reconcile.hpp"
#include "muster/rules.hpp"
#include "muster/timeline.hpp"
#include "muster/value.hpp"
#include "muster/write.hpp"

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// ---------------------------------------------------------------------------
// Printers: found by GoogleTest through argument-dependent lookup, so they
// live beside the types. Each uses the library's own formatting (format.hpp).

namespace muster {

/// Every printer writes the type's {fmt} text (format.hpp, and the formatters
/// beside each type), so a failing test prints what `fmt::print("{}", x)` does.
template <class T>
void print_with_fmt(const T& x, std::ostream* os) {
  *os << fmt::format("{}", x);
}

inline void PrintTo(const Value& v, std::ostream* os) { print_with_fmt(v, os); }
inline void PrintTo(const Period& p, std::ostream* os) { print_with_fmt(p, os); }
inline void PrintTo(const Country& c, std::ostream* os) {
  *os << (c.ok() ? fmt::format("{}", c) : std::string("no country"));
}
/// `MSS/KEN/police`; a group key names only what it groups by (`KEN`).
inline void PrintTo(const Contingent& c, std::ostream* os) {
  const std::string text = fmt::format("{}", c);
  *os << (text.empty() ? std::string("everything") : text);
}
inline void PrintTo(Kind k, std::ostream* os) { print_with_fmt(k, os); }
inline void PrintTo(Status s, std::ostream* os) { print_with_fmt(s, os); }
inline void PrintTo(Column c, std::ostream* os) { print_with_fmt(c, os); }
inline void PrintTo(Verdict v, std::ostream* os) { print_with_fmt(v, os); }
inline void PrintTo(GroupBy by, std::ostream* os) { print_with_fmt(by, os); }
inline void PrintTo(SampleStep step, std::ostream* os) { print_with_fmt(step, os); }
inline void PrintTo(HiddenBecause because, std::ostream* os) { print_with_fmt(because, os); }
inline void PrintTo(const StaleAfter& a, std::ostream* os) { print_with_fmt(a, os); }
/// `FILE:LINE: message`.
inline void PrintTo(const Diagnostic& d, std::ostream* os) { print_with_fmt(d, os); }
/// `every confirmed row`, `as of 2025-01-20, with planned rows`, ...
inline void PrintTo(const Vantage& v, std::ostream* os) { print_with_fmt(v, os); }
/// `everything`, `mission MSS, country KEN or JAM`.
inline void PrintTo(const Filter& f, std::ostream* os) { print_with_fmt(f, os); }
/// `KEN 617 (600 to 650)`: a group of a breakdown.
inline void PrintTo(const Group& g, std::ostream* os) { print_with_fmt(g, os); }
/// `MSS/KEN pledged 1,000, present 617` (`pledged ?` where nobody knows how many).
inline void PrintTo(const PledgeStatus& p, std::ostream* os) { print_with_fmt(p, os); }
/// `row r2 (line 3): report of MSS/KEN/police on 2025-01-19, 617 (600 to 650)`.
inline void PrintTo(const Event& e, std::ostream* os) { print_with_fmt(e, os); }
/// `report r2 (line 3) of MSS/KEN/police on 2025-01-19 states 617, the
/// tracks give 600: conflicts`.
inline void PrintTo(const FigureCheck& f, std::ostream* os) { print_with_fmt(f, os); }
/// `2 figures: report r2 ...; report r3 ...`.
inline void PrintTo(const Reconciliation& r, std::ostream* os) { print_with_fmt(r, os); }
/// `2025-01-19`.
inline void PrintTo(Day d, std::ostream* os) { *os << to_string(d); }
/// `day`, `month`, `year`.
inline void PrintTo(Precision p, std::ostream* os) { print_with_fmt(p, os); }
/// `days`, `weeks`, `months`, `years`.
inline void PrintTo(StaleAfter::Unit u, std::ostream* os) { print_with_fmt(u, os); }
/// `superseded by r5`.
inline void PrintTo(const HiddenReason& r, std::ostream* os) { print_with_fmt(r, os); }
/// `row r2 (line 3): ..., hidden: superseded by r5`.
inline void PrintTo(const HiddenRow& h, std::ostream* os) { print_with_fmt(h, os); }
/// `2 rows overwritten, 2024-06 to 2025-01-17, by the steps at 3 and 5`.
inline void PrintTo(const Overwritten& o, std::ostream* os) { print_with_fmt(o, os); }
/// `unknown`, `carry`, `range`: as the import options read them.
inline void PrintTo(MissingAs m, std::ostream* os) { print_with_fmt(m, os); }
inline void PrintTo(AbsentAs a, std::ostream* os) { print_with_fmt(a, os); }
inline void PrintTo(Fractions f, std::ostream* os) { print_with_fmt(f, os); }
/// `troops as police`.
inline void PrintTo(const CountColumn& c, std::ostream* os) { print_with_fmt(c, os); }
/// `12 rows written; 3 figures missing, ...`.
inline void PrintTo(const ImportResult& r, std::ostream* os) { print_with_fmt(r, os); }
/// `KEN`, or `no country (ambiguous: KOR or PRK)`.
inline void PrintTo(const CountryLookup& l, std::ostream* os) { print_with_fmt(l, os); }
/// `table.csv:7: unknown country 'Kenia' (did you mean Kenya?)`.
inline void PrintTo(const UnknownCountry& u, std::ostream* os) { print_with_fmt(u, os); }
/// `row ken-landed-217, line 18`.
inline void PrintTo(const Appended& a, std::ostream* os) { print_with_fmt(a, os); }
/// `row r2 (line 3): ... -> 617`.
inline void PrintTo(const ShapingRow& s, std::ostream* os) { print_with_fmt(s, os); }
/// `617 at the end of 2025-01-19 (every confirmed row), from 2 rows: ...`.
inline void PrintTo(const Explanation& e, std::ostream* os) { print_with_fmt(e, os); }

namespace rules {
/// `estimate`, `low`, `high`.
inline void PrintTo(Track t, std::ostream* os) { print_with_fmt(t, os); }
/// `2025-01-18 #3 low +217`.
inline void PrintTo(const TrackStep& s, std::ostream* os) { print_with_fmt(s, os); }
/// `2025-01-18: 617 (600 to 650)`.
inline void PrintTo(const DayEnd& e, std::ostream* os) { print_with_fmt(e, os); }
/// `before the sets of #4 on 2025-01-19: 400`.
inline void PrintTo(const BeforeSet& b, std::ostream* os) { print_with_fmt(b, os); }
/// `row 5 supersedes row 2, recorded 2025-01-20`.
inline void PrintTo(const Supersession& s, std::ostream* os) { print_with_fmt(s, os); }
}  // namespace rules

}  // namespace muster

namespace muster::testing {

Log log_from(std::string_view csv_text);

namespace detail {

// "17 more" or "17 fewer" (empty where equal), without overflow.
inline std::string difference(Count actual, Count expected) {
  if (actual == expected) return {};
  const bool more = actual > expected;
  const std::uint64_t by = more ? static_cast<std::uint64_t>(actual) - static_cast<std::uint64_t>(expected)
                                : static_cast<std::uint64_t>(expected) - static_cast<std::uint64_t>(actual);
  return fmt::format("{} {}", by, more ? "more" : "fewer");
}

inline std::string bound(Count n) { return n == Value::unbounded ? "unbounded" : std::to_string(n); }

// Is a value a strength of `expected` (only its estimate unless `whole`)?
class StrengthMatcher : public ::testing::MatcherInterface<const Value&> {
 public:
  StrengthMatcher(Value expected, bool whole) : expected_(expected), whole_(whole) {}

  bool MatchAndExplain(const Value& v, ::testing::MatchResultListener* out) const override {
    const bool same = whole_ ? v == expected_ : v.estimate == expected_.estimate;
    if (same) return true;
    *out << "it is " << to_string(v);
    const std::string by = difference(v.estimate, expected_.estimate);
    if (!by.empty()) *out << ", " << by;
    std::string sep = by.empty() ? ": " : "; ";
    if (whole_ && v.low != expected_.low) {
      *out << sep << "its low is " << v.low << ", not " << expected_.low;
      sep = ", ";
    }
    if (whole_ && v.high != expected_.high)
      *out << sep << "its high is " << bound(v.high) << ", not " << bound(expected_.high);
    return false;
  }
  void DescribeTo(std::ostream* os) const override { *os << "is a strength of " << expected(); }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "is not a strength of " << expected();
  }

 private:
  std::string expected() const {
    return whole_ ? to_string(expected_) : std::to_string(expected_.estimate);
  }
  Value expected_;
  bool whole_;
};

// Does reading it (a log's text) or calling it (a callable) throw LogRefused
// with a diagnostic at `line` whose message contains `text`?
class RefusedAtMatcher {
 public:
  RefusedAtMatcher(std::size_t line, std::string text) : line_(line), text_(std::move(text)) {}

  template <class F>
  bool MatchAndExplain(const F& f, ::testing::MatchResultListener* out) const {
    try {
      if constexpr (std::is_convertible_v<const F&, std::string_view>)
        static_cast<void>(log_from(std::string_view(f)));
      else
        static_cast<void>(f());
    } catch (const LogRefused& refused) {
      return refused_as(refused.diagnostics(), out);
    } catch (const std::exception& e) {
      *out << "it threw an exception that is not LogRefused: " << e.what();
      return false;
    } catch (...) {
      *out << "it threw something that is not a std::exception";
      return false;
    }
    *out << "it was accepted";
    return false;
  }
  void DescribeTo(std::ostream* os) const { *os << "is refused at " << what(); }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not refused at " << what(); }

 private:
  std::string what() const {
    return fmt::format("line {} with a message containing '{}'", line_, text_);
  }
  bool refused_as(const std::vector<Diagnostic>& diagnostics,
                  ::testing::MatchResultListener* out) const {
    bool found = false;
    const char* sep = "it was refused at ";
    for (const Diagnostic& d : diagnostics) {
      found = found || (d.line == line_ && d.message.find(text_) != std::string::npos);
      *out << sep << "line " << d.line << ": " << d.message;
      sep = "; and at ";
    }
    if (diagnostics.empty()) *out << "it was refused, with no diagnostic";
    return found;
  }
  std::size_t line_;
  std::string text_;
};

// Does a breakdown hold a group `key` (as printed: `KEN`, `MSS/KEN/police`)
// whose value matches?
class GroupMatcher : public ::testing::MatcherInterface<const std::vector<Group>&> {
 public:
  GroupMatcher(std::string key, ::testing::Matcher<const Value&> value)
      : key_(std::move(key)), value_(std::move(value)) {}

  bool MatchAndExplain(const std::vector<Group>& groups,
                       ::testing::MatchResultListener* out) const override {
    for (const Group& g : groups) {
      if (::testing::PrintToString(g.key) != key_) continue;
      ::testing::StringMatchResultListener inner;
      const bool ok = value_.MatchAndExplain(g.value, &inner);
      *out << "in group " << key_ << ", "
           << (inner.str().empty() ? "it is " + to_string(g.value) : inner.str());
      return ok;
    }
    *out << "it has no group " << key_;
    const char* sep = "; its groups are ";
    for (const Group& g : groups) {
      *out << sep << ::testing::PrintToString(g);
      sep = ", ";
    }
    if (groups.empty()) *out << "; it has no groups at all";
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "has a group " << key_ << " that ";
    value_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has no group " << key_ << " that ";
    value_.DescribeTo(os);
  }

 private:
  std::string key_;
  ::testing::Matcher<const Value&> value_;
};

// Is a value within `low` to `high` exactly (its estimate not compared)?
class RangeMatcher : public ::testing::MatcherInterface<const Value&> {
 public:
  RangeMatcher(Count low, Count high) : low_(low), high_(high) {}

  bool MatchAndExplain(const Value& v, ::testing::MatchResultListener* out) const override {
    if (v.low == low_ && v.high == high_) return true;
    *out << "it is " << to_string(v);
    std::string sep = ": ";
    if (v.low != low_) {
      *out << sep << "its low is " << v.low << ", not " << low_;
      sep = ", ";
    }
    if (v.high != high_) *out << sep << "its high is " << bound(v.high) << ", not " << bound(high_);
    return false;
  }
  void DescribeTo(std::ostream* os) const override { *os << "is a range of " << range(); }
  void DescribeNegationTo(std::ostream* os) const override { *os << "is not a range of " << range(); }

 private:
  std::string range() const {
    return high_ == Value::unbounded ? fmt::format("{} or more", low_) : fmt::format("{} to {}", low_, high_);
  }
  Count low_, high_;
};

// Does a breakdown hold a group of only the unattributed personnel (spec
// section 8) of `mission` and `country` (blank: the mission's own) whose
// value matches? A breakdown that does not group by mission (by country)
// leaves the key's mission blank: any mission's then fits.
class UnattributedMatcher : public ::testing::MatcherInterface<const std::vector<Group>&> {
 public:
  UnattributedMatcher(std::string mission, std::string country, ::testing::Matcher<const Value&> value)
      : mission_(std::move(mission)), country_text_(std::move(country)), value_(std::move(value)) {
    if (!country_text_.empty()) country_ = Country::find(country_text_);
  }

  bool MatchAndExplain(const std::vector<Group>& groups,
                       ::testing::MatchResultListener* out) const override {
    for (const Group& g : groups) {
      if (!fits(g)) continue;
      ::testing::StringMatchResultListener inner;
      const bool ok = value_.MatchAndExplain(g.value, &inner);
      *out << "in the unattributed personnel of " << whose() << ", "
           << (inner.str().empty() ? "it is " + to_string(g.value) : inner.str());
      return ok;
    }
    *out << "it has no group of the unattributed personnel of " << whose();
    const char* sep = "; its unattributed groups are ";
    bool any = false;
    for (const Group& g : groups) {
      if (!g.unattributed) continue;
      *out << sep << ::testing::PrintToString(g);
      sep = ", ";
      any = true;
    }
    if (!any) *out << "; none of its groups is unattributed (a Timeline with Vantage::parts_only has none)";
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "has the unattributed personnel of " << whose() << " as a group that ";
    value_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has no unattributed personnel of " << whose() << " as a group that ";
    value_.DescribeTo(os);
  }

 private:
  bool fits(const Group& g) const {
    if (!g.unattributed || !g.key.component.empty()) return false;
    if (!g.key.mission.empty() && g.key.mission != mission_) return false;
    if (country_text_.empty()) return !g.key.country.ok();
    return country_ && g.key.country.ok() && g.key.country == *country_;
  }
  // `MSS` (the mission's own), `MSS/KEN`.
  std::string whose() const {
    if (country_text_.empty()) return mission_;
    return mission_ + "/" + (country_ ? std::string(country_->code()) : country_text_);
  }
  std::string mission_;
  std::string country_text_;
  std::optional<Country> country_;
  ::testing::Matcher<const Value&> value_;
};

// Does a reconciliation hold a conflict (a figure, or two figures of one day)
// for the row `id`?
class ConflictMatcher : public ::testing::MatcherInterface<const Reconciliation&> {
 public:
  explicit ConflictMatcher(std::string id) : id_(std::move(id)) {}

  bool MatchAndExplain(const Reconciliation& r, ::testing::MatchResultListener* out) const override {
    bool conflict = false;
    const char* sep = "it holds ";
    auto say = [&](const auto& what, Verdict v) {
      conflict = conflict || v == Verdict::conflicts;
      *out << sep << ::testing::PrintToString(what);
      sep = "; and ";
    };
    for (const FigureCheck& f : r.figures)  // its own figure, or one of its day held against it
      if (f.row.id == id_ || (f.same_day() && f.set_by->id == id_)) say(f, f.verdict());
    if (*sep == 'i') *out << "it holds no figure of row '" << id_ << "'";
    return conflict;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "has a conflict for row '" << id_ << "'";
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has no conflict for row '" << id_ << "'";
  }

 private:
  std::string id_;
};

// Does an explanation list the row `id` among those behind its strength?
class ListsRowMatcher : public ::testing::MatcherInterface<const Explanation&> {
 public:
  explicit ListsRowMatcher(std::string id) : id_(std::move(id)) {}

  bool MatchAndExplain(const Explanation& x, ::testing::MatchResultListener* out) const override {
    for (const ShapingRow& s : x.steps)
      if (s.row.id == id_) {
        *out << "it lists " << ::testing::PrintToString(s);
        return true;
      }
    *out << "it lists " << (x.steps.empty() ? "no rows" : "rows");
    const char* sep = " ";
    for (const ShapingRow& s : x.steps) {
      *out << sep << s.row.id;
      sep = ", ";
    }
    for (const HiddenRow& h : x.hidden)
      if (h.row.id == id_)
        for (const HiddenReason& why : h.reasons)
          *out << "; row '" << id_ << "' is hidden: " << to_string(why, h.row, x.view);
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "lists row '" << id_ << "' among the rows behind its strength";
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "does not list row '" << id_ << "' among the rows behind its strength";
  }

 private:
  std::string id_;
};

}  // namespace detail

// ---------------------------------------------------------------------------
// Matchers

/// A `Value` whose estimate is `estimate`, whatever its range: "is a strength of 600".
inline ::testing::Matcher<const Value&> StrengthIs(Count estimate) {
  return ::testing::MakeMatcher(new detail::StrengthMatcher(Value::exactly(estimate), false));
}

/// A `Value` of exactly this estimate and range; `high` nullopt: unbounded.
/// "is a strength of 617 (600 to 650)".
inline ::testing::Matcher<const Value&> StrengthIs(Count estimate, Count low,
                                                   std::optional<Count> high) {
  return ::testing::MakeMatcher(
      new detail::StrengthMatcher(Value{estimate, low, high.value_or(Value::unbounded)}, true));
}

/// A log's text that `log_from` refuses, or a callable that, called, throws
/// `LogRefused`, with a diagnostic at `line` whose message contains `text`:
/// "is refused at line 3 with a message containing 'count'". Give the text
/// where you have it: a failure then prints it, where GoogleTest can print a
/// callable only as bytes (or, for a lambda that captures nothing, as `1`).
inline ::testing::PolymorphicMatcher<detail::RefusedAtMatcher> RefusedAt(std::size_t line,
                                                                        std::string text) {
  return ::testing::MakePolymorphicMatcher(detail::RefusedAtMatcher(line, std::move(text)));
}

/// A breakdown (`Timeline::strength_by`, `personnel_days_by`) holding the
/// group `key`, written as printed (`KEN`, `MSS`, `MSS/KEN/police`; the
/// one group of GroupBy::total is `everything`), with a
/// value that `value` matches (a Value, StrengthIs(...), ...).
inline ::testing::Matcher<const std::vector<Group>&> HasGroup(
    std::string key, ::testing::Matcher<const Value&> value) {
  return ::testing::MakeMatcher(new detail::GroupMatcher(std::move(key), std::move(value)));
}

/// A breakdown holding the group `key` with this estimate.
inline ::testing::Matcher<const std::vector<Group>&> HasGroup(std::string key, Count estimate) {
  return HasGroup(std::move(key), StrengthIs(estimate));
}

/// A breakdown (`Timeline::strength_by`, `personnel_days_by`, by contingent or
/// by country, by default: not Vantage::parts_only) holding a group of only the
/// unattributed personnel (spec section 8) of `mission` and `country` (a code
/// or a name; "" for the mission's own), with a value that `value` matches:
/// "has the unattributed personnel of MSS as a group that is a range of 0
/// to 182". Where a contingent has their key (mission, country, blank
/// component), they are counted in its group, which this does not match.
inline ::testing::Matcher<const std::vector<Group>&> HasUnattributed(
    std::string mission, std::string country, ::testing::Matcher<const Value&> value) {
  return ::testing::MakeMatcher(
      new detail::UnattributedMatcher(std::move(mission), std::move(country), std::move(value)));
}

/// ... whose range is `low` to `high` (nullopt: unbounded), whatever its
/// estimate: `HasUnattributed("MSS", "", 0, 182)`.
inline ::testing::Matcher<const std::vector<Group>&> HasUnattributed(std::string mission,
                                                                     std::string country, Count low,
                                                                     std::optional<Count> high) {
  return HasUnattributed(std::move(mission), std::move(country),
                         ::testing::MakeMatcher(new detail::RangeMatcher(low, high.value_or(Value::unbounded))));
}

/// A `Reconciliation` in which the row `id` conflicts: its figure's range
/// does not overlap the tracks', or it and another figure of its day do not overlap.
inline ::testing::Matcher<const Reconciliation&> HasConflictFor(std::string id) {
  return ::testing::MakeMatcher(new detail::ConflictMatcher(std::move(id)));
}

/// An `Explanation` that lists the row `id` among the rows that shape its strength.
inline ::testing::Matcher<const Explanation&> ListsRow(std::string id) {
  return ::testing::MakeMatcher(new detail::ListsRowMatcher(std::move(id)));
}

// ---------------------------------------------------------------------------
// Fixtures

/// The name errors of test logs use.
inline constexpr std::string_view test_file = "<test>";

/// The log of `csv_text`, read as a file named `<test>` is (throws
/// LogRefused). One line end at the very start (as after `R"(`) is dropped,
/// so that the header is line 1, and so are spaces after the last line end.
inline Log log_from(std::string_view csv_text) {
  if (csv_text.starts_with("\r\n")) csv_text.remove_prefix(2);
  else if (csv_text.starts_with("\n")) csv_text.remove_prefix(1);
  const std::size_t end = csv_text.find_last_not_of(" \t");
  csv_text = csv_text.substr(0, end == std::string_view::npos ? 0 : end + 1);
  return parse_log(std::string(csv_text), std::string(test_file));
}

/// What a row of a TestLog may say beyond its kind, date, country and count;
/// every field left out takes the log's default.
struct RowOptions {
  std::string id{};                        ///< blank: `r<n>` for the n-th row
  std::string mission{};                   ///< blank: the log's mission
  std::optional<std::string> component{};  ///< unset: the log's; "" for unspecified
  std::optional<Count> low{}, high{};      ///< bounds; with a bound, an unset high is unbounded
  bool planned = false;
  std::string recorded{};    ///< `YYYY-MM-DD`; blank: the first day of the date
  std::string supersedes{};  ///< the id of the row this one replaces
  std::string source{};      ///< blank: the log's source
  std::string note{};
};

/// A log made in few words through the write path (LogBuilder): every row is
/// checked by every rule of the spec when `log()` is called, which throws
/// LogRefused naming `<test>` (row n on line n + 1).
///
///     TestLog{}.arrival("2025-01-18", "KEN", 217).departure("2025-03", "KEN", 17).log()
class TestLog {
 public:
  TestLog() = default;

  /// The defaults of the rows added after: mission (MSS), component
  /// (police; "" for unspecified), source (`test`).
  TestLog& mission(std::string m) { mission_ = std::move(m); return *this; }
  TestLog& component(std::string c) { component_ = std::move(c); return *this; }
  TestLog& source(std::string s) { source_ = std::move(s); return *this; }

  /// Rows of each kind; `count` nullopt leaves the cell blank (give a bound).
  TestLog& arrival(std::string date, std::string country, std::optional<Count> count,
                   RowOptions more = {}) {
    return add("arrival", std::move(date), std::move(country), count, std::move(more));
  }
  TestLog& departure(std::string date, std::string country, std::optional<Count> count,
                     RowOptions more = {}) {
    return add("departure", std::move(date), std::move(country), count, std::move(more));
  }
  /// A report; a blank country makes it an observation (spec section 5).
  TestLog& report(std::string date, std::string country, std::optional<Count> count,
                  RowOptions more = {}) {
    return add("report", std::move(date), std::move(country), count, std::move(more));
  }
  TestLog& pledge(std::string date, std::string country, std::optional<Count> count,
                  RowOptions more = {}) {
    return add("pledge", std::move(date), std::move(country), count, std::move(more));
  }
  /// A retraction of the row `id`.
  TestLog& retraction(std::string date, std::string id, RowOptions more = {}) {
    more.supersedes = std::move(id);
    return add("retraction", std::move(date), {}, std::nullopt, std::move(more));
  }
  /// A row given cell by cell, as it stands but for a blank id (`r<n>`).
  TestLog& row(RowCells cells) {
    if (cells.id.empty()) cells.id = fmt::format("r{}", rows_ + 1);
    last_id_ = cells.id;
    ++rows_;
    builder_.add(std::move(cells));
    return *this;
  }

  /// The id of the row added last (empty before any).
  const std::string& last_id() const noexcept { return last_id_; }
  /// The number of rows added.
  std::size_t size() const noexcept { return rows_; }

  /// The log of the rows added so far; throws LogRefused.
  Log log() const {
    LogBuilder copy = builder_;
    return std::move(copy).build();
  }

 private:
  TestLog& add(std::string kind, std::string date, std::string country,
               std::optional<Count> count, RowOptions more) {
    auto text = [](std::optional<Count> n) { return n ? std::to_string(*n) : std::string(); };
    return row({.id = std::move(more.id),
                .kind = std::move(kind),
                .date = std::move(date),
                .mission = more.mission.empty() ? mission_ : std::move(more.mission),
                .country = std::move(country),
                .component = more.component.value_or(component_),
                .count = text(count),
                .low = text(more.low),
                .high = text(more.high),
                .status = more.planned ? "planned" : "",
                .recorded = std::move(more.recorded),
                .supersedes = std::move(more.supersedes),
                .source = more.source.empty() ? source_ : std::move(more.source),
                .note = std::move(more.note)});
  }

  LogBuilder builder_{std::string(test_file)};
  std::string mission_ = "MSS", component_ = "police", source_ = "test";
  std::string last_id_;
  std::size_t rows_ = 0;
};

}  // namespace muster::testing
