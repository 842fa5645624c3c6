// muster/explain.hpp — why a strength is what it is: the rows behind a number.
//
// For one group of contingents (a filter) at the end of one day under a view,
// `explain` lists every seen row that shapes the strength, in the order the
// tracks take them (by the first day each row puts a step, then file order),
// with the group's strength at the end of each day on that day's last row
// (never a sum partway through a day); `strength` is the answer. Rows whose effect a later report of their
// contingent has overwritten (a report sets all three tracks) are marked, so
// that a reader can skip them or sum them up (`Explanation::overwritten`). It
// also lists every row of the group that the view hides, with the reason
// (superseded by X, retracted by X, planned, recorded after the as-of day),
// and the observations of the group up to that day, which are held against
// the number but do not change it. It runs each contingent's tracks once: its
// time grows with the rows of the group times a logarithm, whatever their
// dates.
//
// By default (spec section 8; unless Vantage::parts_only), the
// strengths are section 8's (as Timeline::strength gives them), and it also
// says which kept observations bound the group at the end of the day (each
// one without which its low or its high would differ), with the group's
// strength without each, and the group's strength by section 5 alone.
//
//     auto why = muster::explain(log, *muster::parse_day("2025-01-19"),
//                                {.country = muster::Country::find("KEN")});
//     for (const auto& s : why.steps)
//       if (!s.overwritten_by && s.after) fmt::print("{} -> {}\n", s.row.id, s.after->estimate);
//     fmt::print("{} earlier rows overwritten\n", why.overwritten().rows);
#pragma once

#include "muster/event.hpp"
#include "muster/format.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace muster {

/// A seen row that shapes the strength, and the strength once it is counted.
///
/// Overwritten rows: each contingent's latest report is the one whose set
/// step comes last on or before the day (by day, then file order). A row of
/// that contingent is overwritten when every step it puts on or before the
/// day comes before that set step: on an earlier day, or on the same day as a
/// + or - step (the day's + and - steps apply before its set steps) or as the
/// set step of a report earlier in the file. The latest report itself is not,
/// nor is a row with a step after it (a month arrival whose low step falls
/// after the report), nor any row of a contingent without a report. In a group
/// of several contingents each contingent has its own latest report, so a row
/// is overwritten only by a report of its own contingent.
struct ShapingRow {
  Event row;
  /// On the last row of each day (the first day a row puts a step): the
  /// group's strength at the end of that day (cli.md, version 1.2); empty
  /// on the day's other rows.
  std::optional<Value> after;
  /// Where this row is overwritten: the position in Explanation::steps of
  /// its contingent's latest report.
  std::optional<std::size_t> overwritten_by;
};

/// The overwritten rows of an explanation, summed up.
struct Overwritten {
  std::size_t rows = 0;  ///< how many rows of `steps` are overwritten
  Period first{}, last{};  ///< the dates of the first and the last of them, in track order
  std::vector<std::size_t> by;  ///< positions in `steps` of the reports that overwrite them, in order
};

struct HiddenReason {
  HiddenBecause because = HiddenBecause::planned;
  std::optional<Event> by;  ///< the superseding or retracting row
};

/// A row of the group that the view hides, with every reason that applies.
struct HiddenRow {
  Event row;
  std::vector<HiddenReason> reasons;
};

/// With totals (spec section 8): a kept observation that bounds the group at
/// the end of the day, and what the group would number without it (the
/// other observations then judged again, in the spec's order).
struct BoundingTotal {
  Event row;      ///< the observation; its value is row.value
  Value without;  ///< the group's strength at the end of the day without it
};

/// The rows behind one group's strength at the end of one day.
struct Explanation {
  Day day{};
  Vantage view;
  Value strength;                         ///< the answer: equals Timeline::strength(day, filter)
  std::vector<ShapingRow> steps;          ///< seen rows with a step on or before `day`, in track order
  std::vector<HiddenRow> hidden;          ///< rows with a step on or before `day` that the view hides
  std::vector<Event> observations;        ///< seen observations of the group dated on or before `day`
  /// With totals: by observation (as `observations`), whether spec section 8
  /// keeps it; empty without totals.
  std::vector<bool> observation_kept;
  /// With totals: the kept observations (of any day, any group of the
  /// group's missions) without which the group's low or high at the end of
  /// `day` would differ, in file order; empty without totals.
  std::vector<BoundingTotal> bounded_by;
  /// With totals: the group's strength by spec section 5 alone (what
  /// `strength` is without totals); empty without totals.
  std::optional<Value> parts_only;

  /// The rows of `steps` that are overwritten (ShapingRow), summed up.
  Overwritten overwritten() const;
};

/// The rows behind the strength of the contingents `filter` matches at the
/// end of `day` under `view`. The log must outlive the result (its events
/// view the log's text).
Explanation explain(const Log& log, Day day, const Filter& filter = {}, const Vantage& view = {});
/// Its events would view a log about to be destroyed: refused at compile
/// time (keep the log in a variable).
Explanation explain(const Log&& log, Day day, const Filter& filter = {}, const Vantage& view = {}) = delete;

/// "superseded by r7", "retracted by r9", "planned", "recorded 2025-01-20, after 2025-01-19".
std::string to_string(const HiddenReason& r, const Event& row, const Vantage& view);

}  // namespace muster

/// `row mss-under-800 (line 7): report of ... 780..799; without it 617..?`.
template <>
struct fmt::formatter<muster::BoundingTotal> : muster_text_spec {
  auto format(const muster::BoundingTotal& b, format_context& ctx) const {
    return write(muster::event_text(b.row) + "; without it " + muster::value_text(b.without), ctx);
  }
};

/// `row r2 (line 3): ... -> 617`: a row behind a strength, and the strength
/// at the end of its day (on a day's last row).
template <>
struct fmt::formatter<muster::ShapingRow> : muster_text_spec {
  auto format(const muster::ShapingRow& s, format_context& ctx) const {
    std::string text = muster::event_text(s.row);
    if (s.after) text += " -> " + muster::value_text(*s.after);
    return write(text, ctx);
  }
};

/// `superseded by r5`, `retracted by r7`, `planned`, `recorded after the
/// as-of day` (`HiddenRow` says when, knowing the row and the view).
template <>
struct fmt::formatter<muster::HiddenReason> : muster_text_spec {
  auto format(const muster::HiddenReason& r, format_context& ctx) const {
    if (r.by) return write(fmt::format("{} by {}", r.because, r.by->id), ctx);
    if (r.because == muster::HiddenBecause::recorded_after)
      return write("recorded after the as-of day", ctx);
    return write(muster::to_string(r.because), ctx);
  }
};

/// `row r2 (line 3): report of ..., hidden: superseded by r5; planned`.
template <>
struct fmt::formatter<muster::HiddenRow> : muster_text_spec {
  auto format(const muster::HiddenRow& h, format_context& ctx) const {
    std::string text = muster::event_text(h.row) + ", hidden: ";
    std::string_view sep;
    for (const muster::HiddenReason& r : h.reasons) {
      text += sep;
      text += fmt::format("{}", r);
      sep = "; ";
    }
    if (h.reasons.empty()) text += "(no reason kept)";
    return write(text, ctx);
  }
};

/// `2 rows overwritten, 2024-06 to 2025-01-17, by the steps at 3 and 5`,
/// `1 row overwritten, 2024-06, by the step at 1`
/// (positions in `Explanation::steps`), or `no row overwritten`.
template <>
struct fmt::formatter<muster::Overwritten> : muster_text_spec {
  auto format(const muster::Overwritten& o, format_context& ctx) const {
    if (o.rows == 0) return write("no row overwritten", ctx);
    std::string text =
        o.first == o.last
            ? fmt::format("{} row{} overwritten, {}", o.rows, o.rows == 1 ? "" : "s", o.first)
            : fmt::format("{} row{} overwritten, {} to {}", o.rows, o.rows == 1 ? "" : "s", o.first, o.last);
    text += o.by.size() == 1 ? ", by the step at" : ", by the steps at";
    std::string_view sep = " ";
    for (std::size_t i = 0; i < o.by.size(); ++i) {
      text += sep;
      text += fmt::format("{}", o.by[i]);
      sep = i + 2 == o.by.size() ? " and " : ", ";
    }
    return write(text, ctx);
  }
};

/// `617 at the end of 2025-01-19 (every confirmed row), from 2 rows: row a1
/// (line 2): ...; row a3 (line 4): ... -> 617`, then `; 1 hidden row` and
/// `; 1 observation` where there are; with totals, `; bounded by ...` for
/// each bounding total and `; by its contingents alone 617..?`.
template <>
struct fmt::formatter<muster::Explanation> : muster_text_spec {
  auto format(const muster::Explanation& e, format_context& ctx) const {
    std::string text = fmt::format("{} at the end of {} ({}), from {} row{}", muster::value_text(e.strength),
                                   e.day, muster::vantage_text(e.view), e.steps.size(),
                                   e.steps.size() == 1 ? "" : "s");
    std::string_view sep = ": ";
    for (const muster::ShapingRow& r : e.steps) {
      text += sep;
      text += fmt::format("{}", r);
      sep = "; ";
    }
    if (!e.hidden.empty())
      text += fmt::format("; {} hidden row{}", e.hidden.size(), e.hidden.size() == 1 ? "" : "s");
    if (!e.observations.empty())
      text += fmt::format("; {} observation{}", e.observations.size(), e.observations.size() == 1 ? "" : "s");
    for (const muster::BoundingTotal& b : e.bounded_by) text += fmt::format("; bounded by {}", b);
    if (e.parts_only) text += "; by its contingents alone " + muster::value_text(*e.parts_only);
    return write(text, ctx);
  }
};
