// src/view_runs.hpp — a view applied to a log, once (private to the library).
//
// A view (an as-of day, planned rows or not) decides which rows of a log
// count (spec section 4); the tracks turn the counted rows of each contingent
// into its strength, day by day (section 5). `ViewRuns` does both once and
// keeps what every question about "which rows, and why this number" needs:
// the rows the view sees, the rows it hides with every reason (superseded
// by, retracted by, planned, recorded after the as-of day), and for each
// contingent with rows its run: its seen rows, and once asked for, its
// tracks (run once, kept): the end of each day with steps and the strength
// just before each row's set steps. Its steps (each names the row behind
// it) are made again on request, from its rows. Only what is asked for is
// run and kept, so that `check` of a log without reports or observations
// runs no tracks at all, and a large log's steps are never all held at once.
// `reconcile`, `explain` (their forms that take a ViewRuns: src/reconcile.hpp,
// src/explain.hpp), the chart (the rows behind a point, its marks and
// ends) and the report ask it; none of them applies section 4 or runs
// tracks itself.
//
//     const muster::detail::ViewRuns runs{log, view};
//     for (const muster::detail::ContingentRun& r : runs.runs())
//       fmt::print("{}: {}\n", log.contingents()[r.contingent], runs.tracks(r).ends.back().value);
//     for (const muster::detail::Hidden& h : runs.hidden(row))  // why `row` is not counted
//       fmt::print("{}\n", static_cast<int>(h.because));
//
// A Timeline does not ask it: its index keeps only the day ends, a few bytes
// each, where a ViewRuns keeps each as a rules::DayEnd (32 bytes), with the
// rows of each contingent, and runs on one thread. A ViewRuns is not for two
// threads at once (tracks() keeps what it runs).
#pragma once

#include "muster/log.hpp"
#include "muster/query.hpp"
#include "muster/rules.hpp"
#include "value_sum.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace muster::detail {

/// One contingent's seen rows under the view.
struct ContingentRun {
  std::uint32_t contingent;  ///< position in Log::contingents()
  /// Its seen arrivals, departures and reports, and the seen ends whose
  /// scope holds it (it has rows of its own), in file order.
  std::span<const std::uint32_t> rows;
};

/// One contingent's tracks under the view, run once (ViewRuns::tracks).
struct RunTracks {
  /// The end of each day with steps, in order.
  std::span<const rules::DayEnd> ends;
  /// For each row with set steps on a day (day order, then file order), the
  /// strength just before them.
  std::span<const rules::BeforeSet> before_sets;

  /// The first day with a step.
  Day first_day() const noexcept { return ends.front().day; }
  /// The strength at the end of day `d`.
  Value at(Day d) const noexcept { return rules::value_at_end(ends, d); }
  /// The strength just before the set steps that row `order` puts on day `d`.
  Value before_set(Day d, std::size_t order) const noexcept;
};

/// One reason why the view does not count a row.
struct Hidden {
  std::uint32_t row;
  HiddenBecause because;
  std::uint32_t by;  ///< the superseding or retracting row, or `none`
  static constexpr std::uint32_t none = 0xFFFFFFFF;
};

class ViewRuns {
 public:
  /// Applies `view` to `log`, running the tracks of every contingent with
  /// seen rows, or (with `only`) of those that `only` matches. The log must
  /// outlive this.
  ViewRuns(const Log& log, const Vantage& view, const Filter* only = nullptr);
  ViewRuns(const ViewRuns&) = delete;  // the runs view its vectors
  ViewRuns& operator=(const ViewRuns&) = delete;

  const Log& log() const noexcept { return *log_; }
  const Vantage& view() const noexcept { return view_; }

  /// Whether the view counts row `row` (a retraction never: it only hides).
  bool sees(std::size_t row) const noexcept { return seen_[row]; }
  /// The seen observations (spec section 5), in file order.
  std::span<const std::uint32_t> observations() const noexcept { return observations_; }
  /// The seen ends, in file order.
  std::span<const std::uint32_t> ends() const noexcept { return ends_; }
  /// Every reason the view hides row `row` (none where it is seen, and none
  /// for a retraction), in this order: recorded after, the rows naming it in
  /// file order, planned.
  std::span<const Hidden> hidden(std::size_t row) const noexcept;

  /// The runs, in the order of Log::contingents().
  std::span<const ContingentRun> runs() const noexcept { return runs_; }
  /// The run of contingent `c` (a position in Log::contingents()), or null
  /// where it has none.
  const ContingentRun* run_of(std::uint32_t c) const noexcept;
  /// The tracks of `run` (one of runs()): run the first time they are asked
  /// for, then kept.
  const RunTracks& tracks(const ContingentRun& run) const;
  /// The steps of `run`'s rows, by day, then file order (TrackStep::order
  /// is the row behind each): made again from its rows, tracks not run.
  std::vector<rules::TrackStep> steps(const ContingentRun& run) const;
  /// The same into `out` (cleared first), whose memory a loop over many
  /// runs can reuse.
  void steps(const ContingentRun& run, std::vector<rules::TrackStep>& out) const;

 private:
  void select(std::vector<std::uint32_t>& own);
  void bucket(const std::vector<std::uint32_t>& own);

  const Log* log_;
  Vantage view_;
  std::vector<bool> seen_;
  std::vector<std::uint32_t> observations_, ends_;
  std::vector<Hidden> hidden_;  // by row
  std::vector<bool> runs_it_;   // by contingent: whether its tracks are run
  std::vector<std::uint32_t> rows_;  // flat, each run's in turn
  std::vector<ContingentRun> runs_;
  struct Ran {
    bool done = false;
    std::vector<rules::DayEnd> ends;
    std::vector<rules::BeforeSet> before_sets;
    RunTracks tracks;
  };
  mutable std::vector<Ran> ran_;  // by run
  std::vector<std::uint32_t> run_at_;  // by contingent: position in runs_, or Hidden::none
};

/// The strength of a group of contingents, the sum of their runs (spec
/// section 5: the sum of an unbounded high is unbounded), read at days in
/// order: the changes of every run merged once, then summed as the days
/// are asked for.
class GroupSum {
 public:
  GroupSum(const ViewRuns& runs, std::span<const ContingentRun* const> members);
  /// The group's strength at the end of day `d`, which is no earlier than
  /// the day asked before.
  Value at(Day d);

 private:
  std::vector<ValueChange> changes_;  // by day
  std::size_t next_ = 0;
  ValueSum sum_;
};

}  // namespace muster::detail
