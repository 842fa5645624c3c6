// A view applied to a log, once (src/view_runs.hpp).
#include "view_runs.hpp"

#include <algorithm>

namespace muster::detail {

Value RunTracks::before_set(Day d, std::size_t order) const noexcept {
  const auto it = std::lower_bound(
      before_sets.begin(), before_sets.end(), std::pair(d, order),
      [](const rules::BeforeSet& b, const std::pair<Day, std::size_t>& k) {
        return std::pair(b.day, b.order) < k;
      });
  return it != before_sets.end() && it->day == d && it->order == order ? it->value : Value{};
}

ViewRuns::ViewRuns(const Log& log, const Vantage& view, const Filter* only)
    : log_(&log), view_(view) {
  const std::span<const Contingent> keys = log.contingents();
  runs_it_.assign(keys.size(), true);
  if (only)
    for (std::size_t c = 0; c < keys.size(); ++c) runs_it_[c] = only->matches(keys[c]);
  std::vector<std::uint32_t> own;  // by row: the contingent of a row whose tracks are run
  select(own);
  bucket(own);
  ran_.resize(runs_.size());
}

// Spec section 4: which rows the view sees, and why it hides the others.
void ViewRuns::select(std::vector<std::uint32_t>& own) {
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
  own.assign(n, Hidden::none);
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
    else if (f.kind != Kind::pledge && runs_it_[f.contingent]) own[i] = f.contingent;
  }
}

// The seen rows of each contingent whose tracks are run, in file order,
// flat: own rows, then a seen end on each contingent of its scope that has
// rows of its own (as a Timeline's index runs no tracks for one without).
void ViewRuns::bucket(const std::vector<std::uint32_t>& own) {
  const Log& log = *log_;
  const std::size_t nk = log.contingents().size();
  std::vector<std::uint32_t> start(nk + 1, 0);
  for (const std::uint32_t c : own)
    if (c != Hidden::none) ++start[c + 1];
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
  for (std::size_t i = 0; i < own.size(); ++i)
    if (const std::uint32_t c = own[i]; c != Hidden::none) rows_[at[c]++] = static_cast<std::uint32_t>(i);
  for (const std::uint32_t i : ends_)
    for (const std::uint32_t c : log.end_scope(i))
      if (has_rows[c]) rows_[at[c]++] = i;
  run_at_.assign(nk, Hidden::none);
  for (std::size_t c = 0; c < nk; ++c) {
    if (!has_rows[c]) continue;
    if (takes_end[c]) std::sort(rows_.begin() + start[c], rows_.begin() + start[c + 1]);
    run_at_[c] = static_cast<std::uint32_t>(runs_.size());
    ContingentRun r{static_cast<std::uint32_t>(c), {}};
    r.rows = std::span<const std::uint32_t>(rows_.data() + start[c], start[c + 1] - start[c]);
    runs_.push_back(r);
  }
}

// Spec section 5: a contingent's steps and tracks, once.
const RunTracks& ViewRuns::tracks(const ContingentRun& run) const {
  Ran& r = ran_[static_cast<std::size_t>(&run - runs_.data())];
  if (r.done) return r.tracks;
  std::vector<rules::TrackStep> steps = this->steps(run);
  rules::run_tracks(steps, r.ends, r.before_sets);
  r.tracks = {r.ends, r.before_sets};
  r.done = true;
  return r.tracks;
}

std::vector<rules::TrackStep> ViewRuns::steps(const ContingentRun& run) const {
  std::vector<rules::TrackStep> out;
  steps(run, out);
  return out;
}

void ViewRuns::steps(const ContingentRun& run, std::vector<rules::TrackStep>& out) const {
  out.clear();
  out.reserve(3 * run.rows.size());
  for (const std::uint32_t i : run.rows) {
    const Log::RowFacts f = log_->facts(i);
    rules::append_steps(f.kind, f.date, f.value, i, out);
  }
  // Steps of one row share no track: their order among themselves does not
  // matter. A log in date order gives them sorted already.
  const auto before = [](const rules::TrackStep& a, const rules::TrackStep& b) {
    return a.day != b.day ? a.day < b.day : a.order < b.order;
  };
  if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
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

GroupSum::GroupSum(const ViewRuns& runs, std::span<const ContingentRun* const> members) {
  for (const ContingentRun* r : members) {
    Value prev{};
    for (const rules::DayEnd& d : runs.tracks(*r).ends) {
      changes_.push_back(ValueChange::between(d.day, prev, d.value));
      prev = d.value;
    }
  }
  std::sort(changes_.begin(), changes_.end(),
            [](const ValueChange& a, const ValueChange& b) { return a.day < b.day; });
}

Value GroupSum::at(Day d) {
  for (; next_ < changes_.size() && changes_[next_].day <= d; ++next_) sum_.add(changes_[next_]);
  return sum_.value();
}

}  // namespace muster::detail
