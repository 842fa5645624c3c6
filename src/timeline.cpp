// The index of a Timeline and its answers (muster/timeline.hpp).
#include "muster/timeline.hpp"

#include "departures.hpp"
#include "index.hpp"
#include "totals.hpp"
#include "view_runs.hpp"
#include "value_sum.hpp"

#include <algorithm>
#include <map>
#include <cstring>

namespace muster {

namespace detail {

namespace {

// A seen pledge of row i, as Timeline::pledges needs it.
Index::Pledge pledge_of(std::size_t i, const Log::RowFacts& f) {
  return {f.contingent, static_cast<std::uint32_t>(i), f.date.first, f.value.estimate};
}

// By contingent, then first day, file order kept.
void sort_pledges(std::vector<Index::Pledge>& pledges) {
  std::stable_sort(pledges.begin(), pledges.end(), [](const auto& a, const auto& b) {
    return a.contingent != b.contingent ? a.contingent < b.contingent : a.first < b.first;
  });
  pledges.shrink_to_fit();
}

// Spec section 4: the rows the vantage sees (in `seen`) and its pledges;
// those that move tracks become StepRows.
StepRows select_rows(const Log& log, const Vantage& view, std::vector<bool>& seen,
                     std::vector<Index::Pledge>& pledges) {
  const std::size_t n = log.size();
  const std::vector<bool> hidden = rules::hidden_rows(view, n, log.supersessions());
  seen.assign(n, false);
  auto visit = [&](std::size_t i, const Log::RowFacts& f) {
    if (!rules::sees(view, f.kind, f.planned, f.recorded, hidden[i])) return false;
    seen[i] = true;
    if (f.kind == Kind::pledge) pledges.push_back(pledge_of(i, f));
    return f.kind != Kind::pledge && !f.observation;
  };
  StepRows rows = step_rows(log, visit);
  sort_pledges(pledges);
  return rows;
}

void build_hash(Index& x) {
  auto hash_of = [&](std::uint32_t c) { return Index::hash_of(x.keys[c]); };
  x.positions.reserve(x.keys.size(), hash_of);
  for (std::size_t c = 0; c < x.keys.size(); ++c)
    x.positions.add(hash_of(static_cast<std::uint32_t>(c)), static_cast<std::uint32_t>(c), hash_of);
}

void build_groupings(Index& x) {
  for (std::size_t g = 0; g < x.groupings.size(); ++g) {
    const auto by = static_cast<GroupBy>(g);  // country, mission, component
    Index::Grouping& grouping = x.groupings[g];
    for (const Contingent& k : x.keys) grouping.keys.push_back(group_key(k, by));
    std::sort(grouping.keys.begin(), grouping.keys.end());
    grouping.keys.erase(std::unique(grouping.keys.begin(), grouping.keys.end()),
                        grouping.keys.end());
    grouping.of.reserve(x.keys.size());
    for (const Contingent& k : x.keys)
      grouping.of.push_back(static_cast<std::uint32_t>(
          std::lower_bound(grouping.keys.begin(), grouping.keys.end(), group_key(k, by)) -
          grouping.keys.begin()));
  }
}

// Each country's sum as (day, value) changes, for countries [from, to): the
// changes of its contingents' tracks, merged.
void sum_countries(const Index& x, const std::vector<std::vector<std::uint32_t>>& members,
                   std::size_t from, std::size_t to, std::vector<std::pair<Day, Value>>& out,
                   std::vector<std::size_t>& ends) {
  std::vector<ValueChange> changes, merged;
  std::vector<std::size_t> runs;  // where each track's changes (in day order) begin
  for (std::size_t g = from; g < to; ++g) {
    changes.clear();
    runs.clear();
    for (std::uint32_t c : members[g]) {
      runs.push_back(changes.size());
      Value prev{};
      x.tracks->store.for_each(c, [&](Day day, const Value& v) {
        changes.push_back(ValueChange::between(day, prev, v));
        prev = v;
      });
    }
    // The tracks' runs merged two by two (the order of one day's changes
    // does not matter: they are summed).
    const auto by_day = [](const ValueChange& a, const ValueChange& b) { return a.day < b.day; };
    runs.push_back(changes.size());
    while (runs.size() > 2) {
      merged.resize(changes.size());
      std::size_t kept = 0;
      for (std::size_t r = 0; r + 1 < runs.size(); r += 2) {
        const std::size_t a = runs[r], b = runs[r + 1],
                          e = r + 2 < runs.size() ? runs[r + 2] : runs[r + 1];
        std::merge(changes.begin() + a, changes.begin() + b, changes.begin() + b,
                   changes.begin() + e, merged.begin() + a, by_day);
        runs[kept++] = a;
      }
      runs[kept++] = changes.size();
      runs.resize(kept);
      changes.swap(merged);
    }
    ValueSum sum;
    for (std::size_t i = 0; i < changes.size();) {
      const Day day = changes[i].day;
      for (; i < changes.size() && changes[i].day == day; ++i) sum.add(changes[i]);
      out.emplace_back(day, sum.value());
    }
    ends.push_back(out.size());
  }
}

void build_country_tracks(const Index& x, bool two, TrackStore& countries) {
  const Index::Grouping& g = x.groupings[static_cast<std::size_t>(GroupBy::country)];
  std::vector<std::vector<std::uint32_t>> members(g.keys.size());
  for (std::size_t c = 0; c < x.keys.size(); ++c)
    members[g.of[c]].push_back(static_cast<std::uint32_t>(c));
  const std::size_t ng = members.size(), mid = two ? ng / 2 : ng;
  // Written as the two threads go: each on lines of its own (OwnLines).
  OwnLines<std::vector<std::pair<Day, Value>>> first_own, second_own;
  OwnLines<std::vector<std::size_t>> first_ends_own, second_ends_own;
  auto &first = first_own.value, &second = second_own.value;
  auto &first_ends = first_ends_own.value, &second_ends = second_ends_own.value;
  run_both(two, [&] { sum_countries(x, members, 0, mid, first, first_ends); },
           [&] { sum_countries(x, members, mid, ng, second, second_ends); });
  for (const auto* part : {&first, &second}) {
    const auto& ends = part == &first ? first_ends : second_ends;
    std::size_t at = 0;
    for (std::size_t end : ends) {
      for (; at < end; ++at) countries.add((*part)[at].first, (*part)[at].second);
      countries.end_track();
    }
  }
  countries.shrink_to_fit();
}

// Index::figures from the rows the vantage sees, once the tracks are built.
void build_figures(Index& x, const StepRows& rows, std::size_t contingents) {
  constexpr auto none = static_cast<std::uint32_t>(-1);
  std::vector<std::uint32_t> track_of(contingents, none);
  for (std::size_t i = 0; i < x.tracks->contingents.size(); ++i)
    track_of[x.tracks->contingents[i]] = static_cast<std::uint32_t>(i);
  struct Figure { std::uint32_t track; Day first_step, end; };
  std::vector<Figure> figures;
  for (std::uint32_t p = 0; p < rows.contingent.size(); ++p) {
    if (rows.contingent[p] == StepRows::none) continue;
    const StepRow r = rows.row(p);
    figures.push_back({track_of[r.contingent], rules::first_step_day(r.kind, r.date), r.date.last});
  }
  std::sort(figures.begin(), figures.end(), [](const Figure& a, const Figure& b) {
    return a.track != b.track ? a.track < b.track : a.first_step < b.first_step;
  });
  auto serial = [](Day d) { return Count{d.days_since_epoch()} + Index::figure_bias; };
  std::size_t i = 0;
  for (std::uint32_t t = 0; t < x.tracks->contingents.size(); ++t) {
    Count latest = 0;
    while (i < figures.size() && figures[i].track == t) {
      const Day day = figures[i].first_step;
      const Count before = latest;
      for (; i < figures.size() && figures[i].track == t && figures[i].first_step == day; ++i)
        latest = std::max(latest, serial(figures[i].end));
      if (latest != before) x.figures.add(day, Value::exactly(latest));
    }
    x.figures.end_track();
  }
  x.figures.shrink_to_fit();
}

}  // namespace

std::shared_ptr<const Index> build_index(const Log& log, const Vantage& view,
                                         std::size_t split_from, bool figures) {
  auto index = std::make_shared<Index>();
  Index& x = *index;
  const std::shared_ptr<const Tracks> checked = default_tracks(log);
  const bool shared = !view.as_of && !view.include_planned && checked;  // parts_only: the same tracks
  if (shared && !figures) {
    // The rows, seen rows and pledges as the log's departure check found them.
    x.tracks = checked;
    x.seen = x.tracks->seen;
    for (const std::uint32_t i : x.tracks->seen_pledges)
      x.pledges.push_back(pledge_of(i, log.facts(i)));
    sort_pledges(x.pledges);
  } else {
    const StepRows rows = select_rows(log, view, x.seen, x.pledges);
    if (shared) x.tracks = checked;
    else x.tracks = build_tracks(rows, log.contingents().size(), {}, split_from);
    if (figures) build_figures(x, rows, log.contingents().size());
  }
  const bool two = log.size() * 3 >= split_from && two_threads();
  x.keys.reserve(x.tracks->contingents.size());
  for (std::uint32_t c : x.tracks->contingents) x.keys.push_back(log.contingents()[c]);
  build_hash(x);
  build_groupings(x);
  x.two_threads = two;
  return index;
}

const TrackStore& Index::country_tracks() const {
  std::call_once(countries_once_, [this] { build_country_tracks(*this, two_threads, countries_); });
  return countries_;
}

std::uint64_t Index::hash_of(const Contingent& c) noexcept {
  return mix_bytes(c.component, mix_bytes(c.country.code(), mix_bytes(c.mission, 0)));
}

// Spec section 8 for a Timeline: the view applied once more, with the rows
// behind each contingent (what totals need), and the position in the log's
// contingents of each of the timeline's.
struct TimelineTotals {
  ViewRuns runs;
  Totals totals;
  std::vector<std::uint32_t> position;  // by timeline key
  TimelineTotals(const Log& log, const Vantage& view, std::optional<StaleAfter> stale,
                 std::span<const Contingent> keys)
      : runs(log, view), totals(runs, stale) {
    const std::span<const Contingent> all = log.contingents();
    position.reserve(keys.size());
    for (const Contingent& k : keys)
      position.push_back(static_cast<std::uint32_t>(std::lower_bound(all.begin(), all.end(), k) - all.begin()));
  }
};

}  // namespace detail

namespace {

// What one contingent gives a group: its value, and the end of its figure
// where it is stale.
struct Reading {
  Value value;
  std::optional<Day> stale;
};

void add_reading(Group& g, const Reading& r) {
  g.value += r.value;
  if (r.stale && (!g.last_figure || *r.stale < *g.last_figure)) g.last_figure = r.stale;
}

// Section 8 brings each contingent's estimate within its own range.
Value within(Value v) {
  if (v.estimate < v.low) v.estimate = v.low;
  if (v.bounded() && v.estimate > v.high) v.estimate = v.high;
  return v;
}

Value made_stale(Value v) {
  v.low = 0;
  v.high = Value::unbounded;
  return v;
}

}  // namespace

Timeline::Timeline(const Log& log, Vantage view, std::optional<StaleAfter> stale_after)
    : view_(view),
      stale_after_(stale_after),
      log_(&log),
      index_(detail::build_index(log, view_, detail::split_steps_from, stale_after.has_value())) {
  if (!view_.parts_only && !log.observation_rows().empty()) {
    auto t = std::make_shared<detail::TimelineTotals>(log, view_, stale_after_, index_->keys);
    if (t->totals.active()) totals_ = std::move(t);
  }
}

bool Timeline::sees(const Event& e) const noexcept { return sees(e.index); }

bool Timeline::sees(std::size_t row) const noexcept {
  return row < index_->seen.size() && index_->seen[row];
}

std::span<const Contingent> Timeline::contingents() const noexcept { return index_->keys; }

std::size_t Timeline::find(const Contingent& c) const {
  const auto& x = *index_;
  const std::uint32_t at = x.positions.find(detail::Index::hash_of(c), [&](std::uint32_t k) {
    // The country first: three bytes in place, where the strings are calls.
    const Contingent& key = x.keys[k];
    return key.country == c.country && key.mission == c.mission && key.component == c.component;
  });
  return at == detail::HashIndex::none ? x.keys.size() : at;
}

std::optional<Day> Timeline::figure_end(std::size_t c, Day d) const {
  if (!stale_after_) return std::nullopt;
  const Count stored = index_->figures.value_at(c, d).estimate;
  if (stored == 0) return std::nullopt;
  return Day::from_days_since_epoch(static_cast<std::int32_t>(stored - detail::Index::figure_bias));
}

std::optional<Day> Timeline::stale_at(std::size_t c, Day d) const {
  const std::optional<Day> end = figure_end(c, d);
  if (end && stale_after_->stale(*end, d)) return end;
  return std::nullopt;
}

Value Timeline::value_at(std::size_t c, Day d) const {
  const Value v = index_->tracks->store.value_at(c, d);
  if (!stale_after_) return v;  // no call for what most queries do not ask
  return stale_at(c, d) ? made_stale(v) : v;
}

std::optional<Day> Timeline::last_figure(const Contingent& c, Day d) const {
  const std::size_t i = find(c);
  return i == index_->keys.size() ? std::nullopt : figure_end(i, d);
}

Value Timeline::strength(const Contingent& c, Day d) const {
  const std::size_t i = find(c);
  if (i == index_->keys.size()) return Value{};
  if (totals_ && totals_->totals.narrows(totals_->position[i], d))
    return totals_->totals.sum(d, std::span(&totals_->position[i], 1), {});
  return value_at(i, d);
}

Value Timeline::strength(Day d, const Filter& filter) const {
  if (totals_) {
    const std::vector<Group> all = strength_by(GroupBy::total, d, filter);
    return all.empty() ? Value{} : all.front().value;
  }
  Value sum;
  for (std::size_t c = 0; c < index_->keys.size(); ++c)
    if (filter.matches(index_->keys[c])) sum += value_at(c, d);
  return sum;
}

template <class F>
std::vector<Group> Timeline::group(GroupBy by, const Filter& filter, F&& value_of) const {
  // Contingents are in key order, so each group sums its contingents in that
  // order and groups come out sorted.
  const bool all = filter.everything();
  const auto& keys = index_->keys;
  std::vector<Group> out;
  if (by == GroupBy::contingent) {
    for (std::size_t c = 0; c < keys.size(); ++c)
      if (all || filter.matches(keys[c])) {
        out.push_back({keys[c], {}, {}});
        add_reading(out.back(), value_of(c));
      }
    return out;
  }
  if (by == GroupBy::total) {
    Group sum{};
    bool any = false;
    for (std::size_t c = 0; c < keys.size(); ++c)
      if (all || filter.matches(keys[c])) {
        add_reading(sum, value_of(c));
        any = true;
      }
    if (any) out.push_back(std::move(sum));
    return out;
  }
  const detail::Index::Grouping& g = index_->groupings[static_cast<std::size_t>(by)];
  std::vector<Group> sums(g.keys.size());
  std::vector<unsigned char> present(g.keys.size(), 0);
  for (std::size_t c = 0; c < keys.size(); ++c)
    if (all || filter.matches(keys[c])) {
      add_reading(sums[g.of[c]], value_of(c));
      present[g.of[c]] = 1;
    }
  for (std::size_t i = 0; i < sums.size(); ++i)
    if (present[i]) {
      sums[i].key = g.keys[i];
      out.push_back(std::move(sums[i]));
    }
  return out;
}

namespace {
// Whether a filter keeps the unattributed personnel of `key` (mission,
// country or blank, blank component: spec section 8).
bool keeps_unattributed(const Filter& f, const Contingent& key) {
  return (!f.mission || f.mission.contains(key.mission)) &&
         (!f.country || f.country.contains(key.country)) &&
         (!f.component || f.component.contains(std::string{}));
}
}  // namespace

// A breakdown by spec section 8, summed day by day from `from` to `to`
// (one day for a strength): a contingent no total can narrow gives
// `outside(c)` for the whole range; one that a total may narrow, and the
// unattributed personnel of each observed group, are summed each day
// through the totals.
template <class F>
std::vector<Group> Timeline::group_totals(GroupBy by, const Filter& filter, Day from, Day to, F&& outside) const {
  const detail::Totals& totals = totals_->totals;
  const auto& keys = index_->keys;
  struct Sums {
    Group group;
    bool counts_contingents = false;
    std::vector<std::size_t> narrowable;  // timeline keys
    std::vector<std::uint32_t> groups;    // observed groups
  };
  std::map<Contingent, Sums> sums;
  auto key_of = [&](const Contingent& k) { return by == GroupBy::total ? Contingent{} : group_key(k, by); };
  for (std::size_t c = 0; c < keys.size(); ++c) {
    if (!filter.matches(keys[c])) continue;
    Sums& s = sums[key_of(keys[c])];
    s.counts_contingents = true;
    if (totals.may_narrow(totals_->position[c])) s.narrowable.push_back(c);
    else add_reading(s.group, outside(c));
  }
  const auto observed = totals.groups();
  for (std::uint32_t g = 0; g < observed.size(); ++g)
    if (keeps_unattributed(filter, observed[g].key)) {
      bool any = false;
      for (Day d = from; d <= to && !any; d += date::days{1}) any = totals.unattributed_at(g, d);
      if (!any && sums.find(key_of(observed[g].key)) == sums.end()) continue;
      sums[key_of(observed[g].key)].groups.push_back(g);
    }
  std::vector<Group> out;
  std::vector<std::uint32_t> touched, groups;
  for (auto& [key, s] : sums) {
    if (!s.narrowable.empty() || !s.groups.empty())
      for (Day d = from; d <= to; d += date::days{1}) {
        touched.clear();
        groups.clear();
        for (const std::size_t c : s.narrowable) {
          if (totals.narrows(totals_->position[c], d)) touched.push_back(totals_->position[c]);
          else add_reading(s.group, Reading{within(value_at(c, d)), stale_at(c, d)});
        }
        for (const std::uint32_t g : s.groups)
          if (totals.unattributed_at(g, d)) {
            groups.push_back(g);
            if (stale_after_)
              if (const std::optional<Day> e = totals.stale_unattributed(g, d))
                if (!s.group.last_figure || *e < *s.group.last_figure) s.group.last_figure = e;
          }
        if (!touched.empty() || !groups.empty()) s.group.value += totals.sum(d, touched, groups);
      }
    s.group.key = key;
    s.group.unattributed = !s.counts_contingents;
    out.push_back(std::move(s.group));
  }
  return out;
}

std::vector<Group> Timeline::strength_by(GroupBy by, Day d, const Filter& filter) const {
  if (totals_)
    return group_totals(by, filter, d, d, [&](std::size_t c) { return Reading{within(value_at(c, d)), stale_at(c, d)}; });
  if (by == GroupBy::country && filter.everything() && !stale_after_ &&
      index_->country_tracks_pay()) {
    // Every country, from the merged tracks: one search per country.
    const auto& g = index_->groupings[static_cast<std::size_t>(GroupBy::country)];
    const detail::TrackStore& countries = index_->country_tracks();
    std::vector<Group> out;
    out.reserve(g.keys.size());
    for (std::size_t i = 0; i < g.keys.size(); ++i)
      out.push_back({g.keys[i], countries.value_at(i, d), {}});
    return out;
  }
  return group(by, filter, [&](std::size_t c) { return Reading{value_at(c, d), stale_at(c, d)}; });
}

Value Timeline::days_at(std::size_t c, Day from, Day to, std::optional<Day>* oldest) const {
  const detail::TrackStore& store = index_->tracks->store;
  Value v = store.area(c, from, to);
  if (!stale_after_ || to < from) return v;
  // The days of [from, to] on which c is stale: in each run of days with one
  // latest figure, those after it stops being current. Each has low 0 and
  // an unbounded high instead.
  std::optional<Day> run_start;
  Count run_end = 0;
  auto close_run = [&](Day next) {  // the run [*run_start, next - 1] of figure run_end
    if (!run_start) return;
    const Day end = Day::from_days_since_epoch(static_cast<std::int32_t>(run_end - detail::Index::figure_bias));
    const Day a = std::max({*run_start, stale_after_->last_current_day(end) + date::days{1}, from});
    const Day b = std::min(next - date::days{1}, to);
    if (a > b) return;
    v.low -= store.area(c, a, b).low;
    v.high = Value::unbounded;
    if (oldest && (!*oldest || end < **oldest)) *oldest = end;
  };
  index_->figures.for_each(c, [&](Day day, const Value& f) {
    if (day > to) return;
    close_run(day);
    run_start = day;
    run_end = f.estimate;
  });
  close_run(to + date::days{1});
  return v;
}

Value Timeline::personnel_days(const Contingent& c, Day from, Day to) const {
  const std::size_t i = find(c);
  return i == index_->keys.size() ? Value{} : days_at(i, from, to);
}

std::vector<Group> Timeline::personnel_days_by(GroupBy by, Day from, Day to,
                                               const Filter& filter) const {
  auto days = [&](std::size_t c) {
    Reading r;
    r.value = days_at(c, from, to, &r.stale);
    return r;
  };
  if (totals_ && from <= to) return group_totals(by, filter, from, to, days);
  return group(by, filter, days);
}

std::vector<PledgeStatus> Timeline::pledges(Day d, const Filter& filter) const {
  std::vector<PledgeStatus> out;
  const auto& pledges = index_->pledges;
  for (std::size_t i = 0; i < pledges.size();) {
    const std::uint32_t contingent = pledges[i].contingent;
    const Contingent& k = log_->contingents()[contingent];
    const detail::Index::Pledge* latest = nullptr;
    for (; i < pledges.size() && pledges[i].contingent == contingent; ++i)
      if (pledges[i].first <= d) latest = &pledges[i];
    if (!latest || !filter.matches(k)) continue;
    PledgeStatus p{k, log_->event(latest->row), latest->estimate, 0, {}};
    p.pledged_value = p.pledge->value;
    p.present = k.component.empty()
                    ? strength(d, Filter{k.mission, k.country, std::nullopt}).estimate
                    : strength(k, d).estimate;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace muster
