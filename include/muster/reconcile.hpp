// muster/reconcile.hpp — holding what sources say against what the rows give.
//
// A report says "there were N on day D"; an observation says the same about a
// whole country or mission without changing any track (spec section 5). Both
// can be checked: a report against its contingent's tracks just before its
// set step (what the other rows gave at that point), an observation against
// its group's strength at the end of its day. `reconcile` does this for every
// seen report and observation and says how each figure sits against what it
// is held against: the first of its contingent, agreeing, a table's next
// figure (an update of an earlier report with no arrival or departure
// between), differing within range, or conflicting.
//
// By default (spec section 8; unless Vantage::parts_only), an
// observation is judged by section 8 instead: it conflicts when it is not
// kept (with the rows it cannot hold with), its group has unattributed
// personnel when its parts cannot account for its low, and it agrees
// otherwise. Reports are judged as above.
//
//     muster::Reconciliation r = muster::reconcile(log);
//     for (const muster::FigureCheck& f : r.figures)
//       if (f.verdict() == muster::Verdict::conflicts) fmt::print("{}: {}\n", f.row.id, f.difference());
#pragma once

#include "muster/event.hpp"
#include "muster/format.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace muster {

/// How a stated figure sits against the figure it is held against.
enum class Verdict : unsigned char {
  first,      ///< nothing before it to hold it against (the first figure of its contingent)
  agrees,     ///< same estimate, ranges overlap
  update,     ///< a report that differs from the figure an earlier report set, with no
              ///< arrival or departure between them (FigureCheck::set_by): a table's next figure
  differs,    ///< estimates differ, but the ranges overlap
  conflicts,  ///< the ranges do not overlap at all; with totals, an observation that is not kept
  /// With totals (spec section 8): a kept observation whose group has
  /// unattributed personnel at the end of its day in every assignment (its
  /// parts cannot account for its low).
  unattributed,
};

std::string_view to_string(Verdict v) noexcept;

/// Whether two ranges [low, high] have any number in common (an unbounded
/// high reaches every number above its low).
constexpr bool overlaps(const Value& a, const Value& b) noexcept {
  return a.low <= b.high && b.low <= a.high;
}

/// The verdict for a figure `stated` held against `against`, where `against`
/// is not simply an earlier report's figure (no `update`).
constexpr Verdict judge(const Value& stated, const Value& against) noexcept {
  if (!overlaps(stated, against)) return Verdict::conflicts;
  return stated.estimate == against.estimate ? Verdict::agrees : Verdict::differs;
}

/// What spec section 8 made of an observation (unless the view asks for
/// Vantage::parts_only).
struct TotalsOutcome {
  bool kept = false;
  /// Where kept: the least number of its group's unattributed personnel at
  /// the end of its day, over every assignment (what its parts cannot
  /// account for).
  Count unattributed = 0;
  /// Where it conflicts: rows that cannot all hold with it, none of which
  /// can be left out (kept observations, and the rows that set the bounds of
  /// the contingents that take part), in file order.
  std::vector<Event> against;
};

/// One report or observation held against the tracks.
///
/// When is a report an update? Reports P and R of one contingent put their
/// set steps at the end of their last days, dP and dR. R is held against the
/// tracks just before its own set step; where the last set step before it
/// (in track order: by day, then file order) is P's and no row puts a + or -
/// step (on any of the three tracks) on a day after dP and on or before dR,
/// that figure is exactly P's, and `set_by` is P. "Between" is judged on the
/// tracks of the view: only rows it sees put steps, so a planned arrival comes
/// between only with planned rows counted, and a superseded, retracted or
/// not-yet-recorded one never. + and - steps on dP itself apply before P's
/// set step (P overrides them) and do not come between; those on dR apply
/// before R's and do. An arrival or departure of a month or a year puts steps
/// on its first and its last day: it comes between where either falls in
/// (dP, dR], so one that spans dP does when its last day is after dP. Where P
/// is of the same day as R (dP = dR, earlier in the file), `set_by` is P but
/// the verdict is never `update`: two reports of one contingent on one day
/// that disagree differ or conflict.
struct FigureCheck {
  Event row;                 ///< the report or observation (it views the log)
  bool observation = false;  ///< an observation (spec section 5) rather than a report
  /// What the figure counts: the report's contingent, or for an observation
  /// its mission, country (not ok(): every country) and component (empty:
  /// every component).
  Contingent scope;
  Day day{};        ///< the day it is held at: the last day of its period
  Value stated;     ///< the figure the row gives
  Value tracks;     ///< the figure the other rows give at that point
  /// The contingent's first figure: the first row (in file order) of the
  /// first day on which a row of its contingent puts a step (for an
  /// observation: no contingent of its group has a step on or before `day`).
  /// Another report of that day is held against the rows before it, so two
  /// equal reports of a first day are `first`, then `agrees`.
  bool nothing_before = false;
  /// The earlier report whose set step gave `tracks` with no arrival or
  /// departure between (see above); empty for an observation, and where an
  /// arrival or departure comes between or no report comes before, or where
  /// an end's set step is the last before it (an end is no figure to update:
  /// a report after it is held against its 0).
  std::optional<Event> set_by;
  /// With totals, an observation's outcome by spec section 8, which then
  /// gives its verdict (`tracks` stays section 5's sum of its contingents).
  std::optional<TotalsOutcome> totals;

  /// stated minus tracks, by estimate.
  Count difference() const { return checked_add(stated.estimate, -tracks.estimate); }
  bool overlap() const noexcept { return overlaps(stated, tracks); }
  /// Whether it is held against a report of its own day, earlier in the file.
  bool same_day() const noexcept { return set_by && set_by->date.last == day; }
  Verdict verdict() const noexcept {
    if (totals)
      return !totals->kept ? Verdict::conflicts : totals->unattributed >= 1 ? Verdict::unattributed : Verdict::agrees;
    if (nothing_before) return Verdict::first;
    const Verdict v = judge(stated, tracks);
    return v != Verdict::agrees && set_by && !same_day() ? Verdict::update : v;
  }
};

/// Everything `reconcile` found, in file order.
struct Reconciliation {
  std::vector<FigureCheck> figures;

  /// How many figures have this verdict.
  std::size_t count(Verdict v) const {
    return static_cast<std::size_t>(std::count_if(
        figures.begin(), figures.end(), [v](const FigureCheck& f) { return f.verdict() == v; }));
  }
  /// Whether any figure conflicts (an update is not a conflict).
  bool any_conflict() const { return count(Verdict::conflicts) > 0; }
  /// The figures in the order a reader takes them (cli.md, `check`):
  /// conflicts first, then unattributed personnel, those that differ,
  /// updates, agreements and first figures, each verdict in file order.
  std::vector<const FigureCheck*> conflicts_first() const {
    constexpr auto rank = [](Verdict v) {
      switch (v) {
        case Verdict::conflicts: return 0;
        case Verdict::unattributed: return 1;
        case Verdict::differs: return 2;
        case Verdict::update: return 3;
        case Verdict::agrees: return 4;
        case Verdict::first: return 5;
      }
      return 6;
    };
    std::vector<const FigureCheck*> out;
    out.reserve(figures.size());
    for (const FigureCheck& f : figures) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [&](const FigureCheck* a, const FigureCheck* b) {
      return rank(a->verdict()) < rank(b->verdict());
    });
    return out;
  }
};

/// Holds every report and observation that `view` sees against the tracks.
/// Only the figures whose scope `filter` matches are
/// kept: a report's contingent, an observation's mission, country and
/// component as written (a blank country or component matches only a filter
/// that names none, or `component = ""`). The figures themselves do not
/// depend on the filter. Unless `view.parts_only`, observations are judged by spec
/// section 8 (FigureCheck::totals), over every observation the view sees. Two reports of one contingent on one day need no
/// list of their own: the later is held against the earlier (`same_day()`).
/// The log must outlive the result (its events view the log's text).
Reconciliation reconcile(const Log& log, const Filter& filter = {}, const Vantage& view = {});
/// Its events would view a log about to be destroyed: refused at compile
/// time (`reconcile(read_log(path))` does not compile; keep the log in a
/// variable).
Reconciliation reconcile(const Log&& log, const Filter& filter = {}, const Vantage& view = {}) = delete;

}  // namespace muster

/// `conflicts`, `agrees`, ... as `check` prints it.
template <>
struct fmt::formatter<muster::Verdict> : muster_to_string_formatter<muster::Verdict> {};

/// `report r2 (line 3) of MSS/KEN/police on 2025-01-19 states 617, the
/// tracks give 600: conflicts` (an observation names its group: `MSS (all
/// countries)`). With totals: `..., kept: agrees`, `..., kept: at least 163
/// unattributed`, `..., not kept: conflicts with r1 (line 2), r2 (line 3)`.
template <>
struct fmt::formatter<muster::FigureCheck> : muster_text_spec {
  auto format(const muster::FigureCheck& f, format_context& ctx) const {
    std::string text = fmt::format("{} {} (line {}) of {} on {} states {}, ",
                                   f.observation ? "observation" : "report", f.row.id, f.row.line,
                                   muster::scope_text(f.scope, f.observation), f.day, f.stated);
    if (f.totals) {
      if (!f.totals->kept) {
        text += "not kept: conflicts with ";
        std::string_view sep;
        for (const muster::Event& e : f.totals->against) {
          text += fmt::format("{}{} (line {})", sep, e.id, e.line);
          sep = ", ";
        }
      } else if (f.totals->unattributed >= 1) {
        text += fmt::format("kept: at least {} unattributed", f.totals->unattributed);
      } else {
        text += "kept: agrees";
      }
    } else if (f.nothing_before)
      text += "the first figure";
    else if (f.same_day())
      text += fmt::format("{} of the same day gives {}: {}", f.set_by->id, f.tracks, f.verdict());
    else
      text += fmt::format("the tracks give {}: {}", f.tracks, f.verdict());
    return write(text, ctx);
  }
};

/// `2 figures: report r2 ...; report r3 ...` (`no figures`).
template <>
struct fmt::formatter<muster::Reconciliation> : muster_text_spec {
  auto format(const muster::Reconciliation& r, format_context& ctx) const {
    std::string text = r.figures.empty() ? std::string("no figures")
                                         : fmt::format("{} figure{}: ", r.figures.size(),
                                                       r.figures.size() == 1 ? "" : "s");
    std::string_view sep;
    for (const muster::FigureCheck& f : r.figures) {
      text += sep;
      text += fmt::format("{}", f);
      sep = "; ";
    }
    return write(text, ctx);
  }
};

