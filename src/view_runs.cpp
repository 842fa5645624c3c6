// A view applied to a log, once (src/view_runs.hpp).
#include "view_runs.hpp"

#include <algorithm>

namespace muster::detail {

Value ContingentRun::before_set(Day d, std::size_t order) const noexcept {
  const auto it = std::lower_bound(
      before_sets.begin(), before_sets.end(), std::pair(d, order),
      [](const rules::BeforeSet& b, const std::pair<Day, std::size_t>& k) {
        return std::pair(b.day, b.order) < k;
      });
  return it != before_sets.end() && it->day == d && it->order == order ? it->value : Value{};
}

ViewRuns::ViewRuns(const Log& log, const View& view, const Filter* only)
    : log_(&log), view_(view) {
  const std::span<const Contingent> keys = log.contingents();
  runs_it_.assign(keys.size(), true);
  if (only)
    for (std::size_t c = 0; c < keys.size(); ++c) runs_it_[c] = only->matches(keys[c]);
  select();
  bucket();
  run();
}

// Spec section 4: which rows the view sees, and why it hides the others.
void ViewRuns::select() {
  const Log& log = *log_;
  const std::size_t n = log.size();
  const std::vector<rules::Supersession> names = log.supersessions();
  const std::vector<bool> hidden = rules::hidden_rows(view_, n, names);
  // The rows known from the view that name another, by the row they name
  // (file order kept).
  std::vector<rules::Supersession> naming;
  for (const rules::Supersession& s : names)
    if (rules::known(view_, s.recorded)) naming.push_back(s);
  std::stable_sort(naming.begin(), naming.end(),
                   [](const auto& a, const auto& b) { return a.target < b.target; });
  auto named = naming.begin();
  seen_.assign(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const Log::RowFacts f = log.facts(i);
    const auto row = static_cast<std::uint32_t>(i);
    for (; named != naming.end() && named->target < i; ++named) {}
    if (!rules::sees(view_, f.kind, f.planned, f.recorded, hidden[i])) {
      if (f.kind == Kind::retraction) continue;
      if (!rules::known(view_, f.recorded)) hidden_.push_back({row, HiddenBecause::recorded_after, Hidden::none});
      for (auto it = named; it != naming.end() && it->target == i; ++it) {
        const bool retracted = log.facts(it->row).kind == Kind::retraction;
        hidden_.push_back({row, retracted ? HiddenBecause::retracted : HiddenBecause::superseded,
                           static_cast<std::uint32_t>(it->row)});
      }
      if (f.planned && !view_.include_planned) hidden_.push_back({row, HiddenBecause::planned, Hidden::none});
      continue;
    }
    seen_[i] = true;
    if (f.kind == Kind::end) ends_.push_back(row);
    else if (f.observation) observations_.push_back(row);
  }
}

// The seen rows of each contingent whose tracks are run, in file order,
// flat: own rows, then a seen end on each contingent of its scope that has
// rows of its own (as a Timeline's index runs no tracks for one without).
void ViewRuns::bucket() {
  const Log& log = *log_;
  const std::size_t nk = log.contingents().size();
  std::vector<std::uint32_t> start(nk + 1, 0);
  auto own = [&](std::size_t i, const Log::RowFacts& f) {
    return seen_[i] && f.kind != Kind::pledge && f.kind != Kind::end && !f.observation &&
           runs_it_[f.contingent];
  };
  for (std::size_t i = 0; i < log.size(); ++i)
    if (const Log::RowFacts f = log.facts(i); own(i, f)) ++start[f.contingent + 1];
  std::vector<bool> has_rows(nk);
  for (std::size_t c = 0; c < nk; ++c) has_rows[c] = start[c + 1] > 0;
  std::vector<bool> takes_end(nk, false);
  for (const std::uint32_t i : ends_)
    for (const std::uint32_t c : log.end_scope(i))
      if (has_rows[c]) {
        ++start[c + 1];
        takes_end[c] = true;
      }
  for (std::size_t c = 0; c < nk; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> at(start.begin(), start.end() - 1);
  rows_.resize(start[nk]);
  for (std::size_t i = 0; i < log.size(); ++i)
    if (const Log::RowFacts f = log.facts(i); own(i, f)) rows_[at[f.contingent]++] = static_cast<std::uint32_t>(i);
  for (const std::uint32_t i : ends_)
    for (const std::uint32_t c : log.end_scope(i))
      if (has_rows[c]) rows_[at[c]++] = i;
  run_at_.assign(nk, Hidden::none);
  for (std::size_t c = 0; c < nk; ++c) {
    if (!has_rows[c]) continue;
    if (takes_end[c]) std::sort(rows_.begin() + start[c], rows_.begin() + start[c + 1]);
    run_at_[c] = static_cast<std::uint32_t>(runs_.size());
    ContingentRun r{static_cast<std::uint32_t>(c), {}, {}, {}, {}};
    r.rows = std::span<const std::uint32_t>(rows_.data() + start[c], start[c + 1] - start[c]);
    runs_.push_back(r);
  }
}

// Spec section 5: each contingent's steps and tracks, once.
void ViewRuns::run() {
  const Log& log = *log_;
  steps_.reserve(3 * rows_.size());
  struct Part { std::size_t steps, ends, before; };
  std::vector<Part> from;
  from.reserve(runs_.size() + 1);
  for (const ContingentRun& r : runs_) {
    from.push_back({steps_.size(), day_ends_.size(), before_sets_.size()});
    for (const std::uint32_t i : r.rows) {
      const Log::RowFacts f = log.facts(i);
      rules::append_steps(f.kind, f.date, f.value, i, steps_);
    }
    rules::run_tracks(std::span(steps_).subspan(from.back().steps), day_ends_, before_sets_);
  }
  from.push_back({steps_.size(), day_ends_.size(), before_sets_.size()});
  // The vectors no longer grow: the runs view them.
  for (std::size_t k = 0; k < runs_.size(); ++k) {
    const Part& a = from[k];
    const Part& b = from[k + 1];
    runs_[k].steps = std::span<const rules::TrackStep>(steps_.data() + a.steps, b.steps - a.steps);
    runs_[k].ends = std::span<const rules::DayEnd>(day_ends_.data() + a.ends, b.ends - a.ends);
    runs_[k].before_sets =
        std::span<const rules::BeforeSet>(before_sets_.data() + a.before, b.before - a.before);
  }
}

std::span<const Hidden> ViewRuns::hidden(std::size_t row) const noexcept {
  const auto [b, e] = std::equal_range(
      hidden_.begin(), hidden_.end(), Hidden{static_cast<std::uint32_t>(row), {}, 0},
      [](const Hidden& x, const Hidden& y) { return x.row < y.row; });
  return {b, e};
}

const ContingentRun* ViewRuns::run_of(std::uint32_t c) const noexcept {
  return c < run_at_.size() && run_at_[c] != Hidden::none ? &runs_[run_at_[c]] : nullptr;
}

GroupSum::GroupSum(std::span<const ContingentRun* const> members) {
  for (const ContingentRun* r : members) {
    Value prev{};
    for (const rules::DayEnd& d : r->ends) {
      const Value& v = d.value;
      changes_.push_back({d.day, checked_add(v.estimate, -prev.estimate), checked_add(v.low, -prev.low),
                          checked_add(v.bounded() ? v.high : 0, prev.bounded() ? -prev.high : 0),
                          Count{v.bounded() ? 0 : 1} - Count{prev.bounded() ? 0 : 1}});
      prev = v;
    }
  }
  std::sort(changes_.begin(), changes_.end(),
            [](const Change& a, const Change& b) { return a.day < b.day; });
}

Value GroupSum::at(Day d) {
  for (; next_ < changes_.size() && changes_[next_].day <= d; ++next_) {
    const Change& c = changes_[next_];
    estimate_ = checked_add(estimate_, c.estimate);
    low_ = checked_add(low_, c.low);
    high_ = checked_add(high_, c.high);
    unbounded_ += c.unbounded;
  }
  return {estimate_, low_, unbounded_ > 0 ? Value::unbounded : high_};
}

}  // namespace muster::detail
