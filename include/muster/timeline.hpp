// muster/timeline.hpp — the strength of every contingent on every day.
//
// A `Timeline` is built once from a `Log` under a `View` (what was known as of
// a day, with or without planned rows) and then answers, without rescanning
// the log, how many personnel were present at the end of any day: for one
// contingent, for any group of contingents, as a series of sample days, as
// personnel-days over a range, and against what was pledged. It is immutable
// and safe to query from many threads at once. Semantics: spec sections 4-7.
//
//     muster::Timeline t{log};
//     muster::Value kenya = t.strength(*muster::parse_day("2025-01-19"),
//                                      {.country = muster::Country::find("KEN")});
//     for (const auto& g : t.strength_by(muster::GroupBy::country, day)) ...
#pragma once

#include "muster/detail/track_store.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"
#include "muster/rules.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <exception>
#include <thread>
#include <utility>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace muster {

/// One group of a breakdown and its value.
struct Group {
  Contingent key;
  Value value;
};

/// A pledge held against the strength it covers (cli.md, `pledges`).
struct PledgeStatus {
  Contingent key;            ///< component empty: covers every component
  std::optional<Event> pledge;  ///< the latest pledge for this key
  Count pledged = 0;         ///< the pledge's estimate
  Count present = 0;         ///< the strength estimate of what it covers
  /// present / pledged, or nullopt when pledged is 0.
  std::optional<double> fulfilment() const {
    if (pledged == 0) return std::nullopt;
    return static_cast<double>(present) / static_cast<double>(pledged);
  }
};

class Timeline {
 public:
  /// Indexes `log` under `view`. The log must outlive the timeline only for
  /// `pledges`; strengths are copied into the index.
  explicit Timeline(const Log& log, View view = {});

  const View& view() const noexcept { return view_; }

  /// Whether this view sees the row as a value (spec section 4).
  bool sees(const Event& e) const noexcept;

  /// Every contingent with a seen arrival, departure or report, in key order.
  std::span<const Contingent> contingents() const noexcept;

  /// The strength of one contingent at the end of day d.
  Value strength(const Contingent& c, Day d) const;
  /// The strength of every contingent the filter matches, summed.
  Value strength(Day d, const Filter& filter = {}) const;
  /// The strength of each group at the end of day d, sorted by key; a group
  /// appears when any of its contingents matches the filter.
  std::vector<Group> strength_by(GroupBy by, Day d, const Filter& filter = {}) const;

  /// Personnel-days: the sum over every day from `from` to `to` inclusive of
  /// the strength at the end of that day. High is unbounded where any day is.
  Value personnel_days(const Contingent& c, Day from, Day to) const;
  std::vector<Group> personnel_days_by(GroupBy by, Day from, Day to,
                                       const Filter& filter = {}) const;

  /// For each key with a seen pledge dated on or before d, the latest one
  /// against the strength at the end of d, sorted by key.
  std::vector<PledgeStatus> pledges(Day d, const Filter& filter = {}) const;

 private:
  std::size_t find(const Contingent& c) const;  // keys().size() when absent
  Value value_at(std::size_t c, Day d) const;
  Value days_at(std::size_t c, Day from, Day to) const;
  template <class F>
  std::vector<Group> group(GroupBy by, const Filter& filter, F&& value_of) const;

  View view_;
  const Log* log_ = nullptr;
  // Built once per log and view; the log keeps the one of the default view,
  // which its own departure check (spec section 6) builds, so `Timeline{log}`
  // shares it instead of building it again.
  std::shared_ptr<const detail::Index> index_;
};

namespace detail {

/// One step that a row puts on one track (spec section 5).
struct TrackStep {
  Day day;
  std::size_t order;       // file order of the row
  unsigned char track;     // 0 estimate, 1 low, 2 high
  bool set;                // a set step (report) rather than + or -
  bool infinite;           // + unbounded (high) or - unbounded (low), or set unbounded
  Count amount;            // signed for + and -
};

/// Appends the steps that a seen, non-observation row (at position `index`
/// in file order) puts on its tracks.
void append_steps(Kind kind, const Period& date, const Value& v, std::size_t index,
                  std::vector<TrackStep>& out);
inline void append_steps(const Event& e, std::vector<TrackStep>& out) {
  append_steps(e.kind, e.date, e.value, e.index, out);
}

/// The state of the three tracks at the end of one day with steps.
struct DayEnd {
  Day day;
  Value value;
  bool high_below_zero;  // the day's + and - steps took a bounded high below 0
};

/// Runs the tracks over steps (sorted here by day, then file order), calling
/// on_day(const DayEnd&) for each day that has steps, in day order.
template <class F>
void run_tracks(std::span<TrackStep> steps, F&& on_day);
template <class F>
void run_tracks(std::vector<TrackStep>& steps, F&& on_day) {
  run_tracks(std::span<TrackStep>(steps), std::forward<F>(on_day));
}

/// Orders event indices by the position of their contingent (`of[event]`,
/// below `n`), keeping file order within a contingent: a counting sort.
void sort_by_contingent(std::vector<std::size_t>& rows, const std::vector<std::uint32_t>& of,
                        std::size_t n);

/// What a Timeline answers from: the tracks of one view of one log.
struct Index {
  std::vector<bool> seen;         // by event index
  std::vector<Contingent> keys;   // contingents with steps, sorted
  TrackStore tracks;              // one track per key
  std::vector<std::uint32_t> pledges;  // seen pledges (rows) sorted by key, first day, file order
  // For grouping by country, mission and component: the group keys, sorted,
  // and the group of each contingent, so that a breakdown sums without sorting.
  struct Grouping {
    std::vector<Contingent> keys;
    std::vector<std::uint32_t> of;
  };
  std::array<Grouping, 3> groupings;
  std::vector<std::uint32_t> slots;  // hash table of keys: position + 1, 0 empty
  // The sum of each country's contingents (groupings country order), as a
  // track of its own.
  TrackStore countries;

  static std::uint64_t hash_of(const Contingent& c) noexcept;
};

/// Runs a() on this thread and, where `parallel`, b() on another at the same
/// time (else after a); rethrows what either threw.
template <class A, class B>
void run_both(bool parallel, A&& a, B&& b) {
  if (!parallel) {
    a();
    b();
    return;
  }
  std::exception_ptr failed;
  std::thread other([&] {
    try {
      b();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    a();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failed) std::rethrow_exception(failed);
}

/// Steps from which build_index runs the contingents on two threads.
inline constexpr std::size_t split_steps_from = 30'000;

/// Builds the index of `log` under `view`. `on_day(key, const DayEnd&)` sees
/// the end of every day with steps of every contingent (key: position in the
/// log's keys), in key order and day order within a key, on this thread.
/// From `split_from` steps on, two threads share the work.
template <class F>
std::shared_ptr<const Index> build_index(const Log& log, const View& view, F&& on_day,
                                         std::size_t split_from);

}  // namespace detail

// ---------------------------------------------------------------------------
// Definitions

namespace detail {

inline void append_steps(Kind kind, const Period& date, const Value& v, std::size_t index,
                         std::vector<TrackStep>& out) {
  const Day s = date.first, l = date.last;
  const bool unb = !v.bounded();
  switch (kind) {
    case Kind::arrival:
      out.push_back({s, index, 0, false, false, v.estimate});
      out.push_back({l, index, 1, false, false, v.low});
      out.push_back({s, index, 2, false, unb, unb ? 1 : v.high});
      break;
    case Kind::departure:
      out.push_back({s, index, 0, false, false, -v.estimate});
      out.push_back({s, index, 1, false, unb, unb ? -1 : -v.high});
      out.push_back({l, index, 2, false, false, -v.low});
      break;
    case Kind::report:
      out.push_back({l, index, 0, true, false, v.estimate});
      out.push_back({l, index, 1, true, false, v.low});
      out.push_back({l, index, 2, true, unb, v.high});
      break;
    case Kind::pledge:
    case Kind::retraction: break;
  }
}

inline void sort_by_contingent(std::vector<std::size_t>& rows,
                               const std::vector<std::uint32_t>& of, std::size_t n) {
  std::vector<std::size_t> start(n + 1, 0);
  for (std::size_t r : rows) ++start[of[r] + 1];
  for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
  std::vector<std::size_t> out(rows.size());
  for (std::size_t r : rows) out[start[of[r]]++] = r;
  rows.swap(out);
}

template <class F>
void run_tracks(std::span<TrackStep> steps, F&& on_day) {
  std::sort(steps.begin(), steps.end(), [](const TrackStep& a, const TrackStep& b) {
    return a.day != b.day ? a.day < b.day : a.order < b.order;
  });
  Count state[3] = {0, 0, 0};
  bool unbounded_high = false;
  for (std::size_t i = 0; i < steps.size();) {
    const Day day = steps[i].day;
    Count sum[3] = {0, 0, 0};
    bool inf[3] = {false, false, false};
    bool has_set[3] = {false, false, false};
    Count set_to[3] = {0, 0, 0};
    bool set_unbounded = false;
    for (; i < steps.size() && steps[i].day == day; ++i) {
      const TrackStep& st = steps[i];
      if (st.set) {
        has_set[st.track] = true;
        set_to[st.track] = st.amount;
        if (st.track == 2) set_unbounded = st.infinite;
      } else if (st.infinite) {
        inf[st.track] = true;
      } else {
        sum[st.track] = checked_add(sum[st.track], st.amount);
      }
    }
    bool high_below_zero = false;
    for (int t = 0; t < 3; ++t) {
      if (t == 2 && unbounded_high) {
        // An unbounded high stays unbounded through + and - steps.
      } else if (inf[t]) {
        if (t == 2) unbounded_high = true;  // + unbounded
        else state[t] = 0;                  // - unbounded: falls to 0
      } else {
        const Count next = checked_add(state[t], sum[t]);
        if (t == 2 && next < 0) high_below_zero = true;
        state[t] = next < 0 ? 0 : next;
      }
      if (has_set[t]) {
        if (t == 2) {
          unbounded_high = set_unbounded;
          state[2] = set_unbounded ? 0 : set_to[2];
        } else {
          state[t] = set_to[t];
        }
      }
    }
    on_day(DayEnd{day, Value{state[0], state[1], unbounded_high ? Value::unbounded : state[2]},
                  high_below_zero});
  }
}

}  // namespace detail

inline bool Timeline::sees(const Event& e) const noexcept {
  return e.index < index_->seen.size() && index_->seen[e.index];
}

inline std::span<const Contingent> Timeline::contingents() const noexcept { return index_->keys; }

template <class F>
std::shared_ptr<const detail::Index> detail::build_index(const Log& log, const View& view,
                                                         F&& on_day, std::size_t split_steps_from) {
  auto index = std::make_shared<Index>();
  Index& x = *index;
  const std::size_t n = log.size();
  // Spec section 4: recorded on or before R, confirmed unless planned are
  // asked for, and not named in `supersedes` by a row recorded on or before R.
  auto known = [&](std::size_t i) { return !view.as_of || log.recorded(i) <= *view.as_of; };
  std::vector<bool> hidden(n, false);
  for (const auto& [row, target] : log.supersedes_)
    if (known(row)) hidden[target] = true;
  x.seen.assign(n, false);
  std::vector<std::size_t> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Kind kind = log.kind(i);
    const bool seen = kind != Kind::retraction && !hidden[i] && known(i) &&
                      (!log.planned(i) || view.include_planned);
    x.seen[i] = seen;
    if (!seen) continue;
    if (kind == Kind::pledge) x.pledges.push_back(static_cast<std::uint32_t>(i));
    else if (!log.observation(i)) rows.push_back(i);
  }
  std::vector<bool>().swap(hidden);
  // The steps of every row, gathered into one array grouped by contingent
  // (each row puts three steps; run_tracks orders a contingent's steps by
  // day and row, so the rows of each half may be written at once).
  const std::size_t nc = log.keys_.size();
  const bool two = rows.size() * 3 >= split_steps_from && std::thread::hardware_concurrency() >= 2;
  const std::size_t half = two ? rows.size() / 2 : rows.size();
  std::vector<std::size_t> start(nc + 1, 0), cursor(nc), cursor2(nc);
  for (std::size_t i = 0; i < rows.size(); ++i) start[log.rows_[rows[i]].key + 1] += 3;
  for (std::size_t c = 0; c < nc; ++c) start[c + 1] += start[c];
  std::copy(start.begin(), start.end() - 1, cursor.begin());
  if (two) {  // the second half starts past the first half's steps of each contingent
    for (std::size_t i = 0; i < half; ++i) cursor2[log.rows_[rows[i]].key] += 3;
    for (std::size_t c = 0; c < nc; ++c) cursor2[c] += start[c];
  }
  std::vector<TrackStep> all(start[nc]);
  auto gather = [&](std::size_t from, std::size_t to, std::vector<std::size_t>& at) {
    std::vector<TrackStep> one;
    for (std::size_t i = from; i < to; ++i) {
      const std::size_t r = rows[i];
      one.clear();
      append_steps(log.kind(r), log.period(r), log.value(r), r, one);
      std::size_t& to_at = at[log.rows_[r].key];
      std::copy(one.begin(), one.end(), all.begin() + static_cast<std::ptrdiff_t>(to_at));
      to_at += one.size();
    }
  };
  run_both(two, [&] { gather(0, half, cursor); }, [&] { gather(half, rows.size(), cursor2); });
  std::vector<std::size_t>().swap(rows);
  // Contingents are independent: where there are many steps, those of the
  // contingents past the middle run on a second thread, which keeps its day
  // ends until this thread has stored its own, in key order.
  auto run = [&](std::size_t c, auto&& emit) {
    run_tracks(std::span<TrackStep>(all.data() + start[c], start[c + 1] - start[c]), emit);
  };
  std::size_t split = nc;
  if (all.size() >= split_steps_from && std::thread::hardware_concurrency() >= 2)
    split = static_cast<std::size_t>(
        std::upper_bound(start.begin(), start.end(), all.size() / 2) - start.begin() - 1);
  std::vector<DayEnd> later_ends;
  std::vector<std::pair<std::size_t, std::size_t>> later_tracks;  // (key, day ends)
  run_both(
      split < nc,
      [&] {
        for (std::size_t c = 0; c < split; ++c) {
          if (start[c + 1] == start[c]) continue;
          run(c, [&](const DayEnd& d) {
            on_day(c, d);
            x.tracks.add(d.day, d.value);
          });
          x.tracks.end_track();
          x.keys.push_back(log.keys_[c]);
        }
      },
      [&] {
        for (std::size_t c = split; c < nc; ++c) {
          if (start[c + 1] == start[c]) continue;
          const std::size_t before = later_ends.size();
          run(c, [&](const DayEnd& d) { later_ends.push_back(d); });
          later_tracks.emplace_back(c, later_ends.size() - before);
        }
      });
  {
    std::size_t at = 0;
    for (const auto& [c, count] : later_tracks) {
      for (std::size_t k = 0; k < count; ++k, ++at) {
        on_day(c, later_ends[at]);
        x.tracks.add(later_ends[at].day, later_ends[at].value);
      }
      x.tracks.end_track();
      x.keys.push_back(log.keys_[c]);
    }
  }
  std::vector<TrackStep>().swap(all);
  x.tracks.shrink_to_fit();
  // A hash table over the keys for point queries.
  if (!x.keys.empty()) {
    std::size_t size = 4;
    while (size < 2 * x.keys.size()) size *= 2;
    x.slots.assign(size, 0);
    for (std::size_t c = 0; c < x.keys.size(); ++c) {
      std::size_t i = Index::hash_of(x.keys[c]) & (size - 1);
      while (x.slots[i] != 0) i = (i + 1) & (size - 1);
      x.slots[i] = static_cast<std::uint32_t>(c + 1);
    }
  }
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
  // The track of each country's sum: the changes of its contingents, merged.
  {
    const Index::Grouping& g = x.groupings[static_cast<std::size_t>(GroupBy::country)];
    std::vector<std::vector<std::uint32_t>> members(g.keys.size());
    for (std::size_t c = 0; c < x.keys.size(); ++c)
      members[g.of[c]].push_back(static_cast<std::uint32_t>(c));
    struct Change { Day day; Count est, low, high; std::int64_t unbounded; };
    // Each country's sum as (day, value) changes, for countries [from, to).
    auto sum = [&](std::size_t from, std::size_t to,
                   std::vector<std::pair<Day, Value>>& out, std::vector<std::size_t>& ends) {
      std::vector<Change> changes;
      for (std::size_t g = from; g < to; ++g) {
        changes.clear();
        for (std::uint32_t c : members[g]) {
          Value prev{};
          x.tracks.for_each(c, [&](Day day, const Value& v) {
            changes.push_back({day, v.estimate - prev.estimate, v.low - prev.low,
                               (v.bounded() ? v.high : 0) - (prev.bounded() ? prev.high : 0),
                               (v.bounded() ? 0 : 1) - (prev.bounded() ? 0 : 1)});
            prev = v;
          });
        }
        std::sort(changes.begin(), changes.end(),
                  [](const Change& a, const Change& b) { return a.day < b.day; });
        Count est = 0, low = 0, high = 0;
        std::int64_t unbounded = 0;
        for (std::size_t i = 0; i < changes.size();) {
          const Day day = changes[i].day;
          for (; i < changes.size() && changes[i].day == day; ++i) {
            est += changes[i].est;
            low += changes[i].low;
            high += changes[i].high;
            unbounded += changes[i].unbounded;
          }
          out.emplace_back(day, Value{est, low, unbounded > 0 ? Value::unbounded : high});
        }
        ends.push_back(out.size());
      }
    };
    const std::size_t ng = members.size(), mid = two ? ng / 2 : ng;
    std::vector<std::pair<Day, Value>> first, second;
    std::vector<std::size_t> first_ends, second_ends;
    run_both(two, [&] { sum(0, mid, first, first_ends); },
             [&] { sum(mid, ng, second, second_ends); });
    for (const auto* part : {&first, &second}) {
      const auto& ends = part == &first ? first_ends : second_ends;
      std::size_t at = 0;
      for (std::size_t end : ends) {
        for (; at < end; ++at) x.countries.add((*part)[at].first, (*part)[at].second);
        x.countries.end_track();
      }
    }
    x.countries.shrink_to_fit();
  }
  std::sort(x.pledges.begin(), x.pledges.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::uint32_t ka = log.rows_[a].key, kb = log.rows_[b].key;
    if (ka != kb) return ka < kb;
    if (log.rows_[a].first != log.rows_[b].first) return log.rows_[a].first < log.rows_[b].first;
    return a < b;
  });
  x.pledges.shrink_to_fit();
  return index;
}

inline Timeline::Timeline(const Log& log, View view) : view_(view), log_(&log) {
  if (view_ == View{} && log.default_index_) index_ = log.default_index_;
  else
    index_ = detail::build_index(log, view_, [](std::size_t, const detail::DayEnd&) {},
                                 detail::split_steps_from);
}

inline std::uint64_t detail::Index::hash_of(const Contingent& c) noexcept {
  // Eight bytes a step, each word mixed by one multiplication: a point query
  // hashes its contingent every time.
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = 0;
  auto add = [&](std::string_view s) {
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * k;
    }
    std::uint64_t w = s.size();
    for (std::size_t i = 0; i < n; ++i) w = (w << 8) | static_cast<unsigned char>(p[i]);
    h = (h ^ w) * k;
    h ^= h >> 32;
  };
  add(c.mission);
  add(c.country.code());
  add(c.component);
  return h;
}

inline std::size_t Timeline::find(const Contingent& c) const {
  const auto& x = *index_;
  if (x.slots.empty()) return x.keys.size();
  const std::size_t mask = x.slots.size() - 1;
  for (std::size_t i = detail::Index::hash_of(c) & mask;; i = (i + 1) & mask) {
    const std::uint32_t s = x.slots[i];
    if (s == 0) return x.keys.size();
    // The country first: three bytes in place, where the strings are calls.
    const Contingent& k = x.keys[s - 1];
    if (k.country == c.country && k.mission == c.mission && k.component == c.component)
      return s - 1;
  }
}

inline Value Timeline::value_at(std::size_t c, Day d) const {
  return index_->tracks.value_at(c, d);
}

inline Value Timeline::strength(const Contingent& c, Day d) const {
  const std::size_t i = find(c);
  return i == index_->keys.size() ? Value{} : value_at(i, d);
}

inline Value Timeline::strength(Day d, const Filter& filter) const {
  Value sum;
  for (std::size_t c = 0; c < index_->keys.size(); ++c)
    if (filter.matches(index_->keys[c])) sum += value_at(c, d);
  return sum;
}

template <class F>
std::vector<Group> Timeline::group(GroupBy by, const Filter& filter, F&& value_of) const {
  // Contingents are in key order, so each group sums its contingents in that
  // order and groups come out sorted.
  const bool all = !filter.mission && !filter.country && !filter.component;
  std::vector<Group> out;
  if (by == GroupBy::contingent) {
    for (std::size_t c = 0; c < index_->keys.size(); ++c)
      if (all || filter.matches(index_->keys[c])) out.push_back({index_->keys[c], value_of(c)});
    return out;
  }
  if (by == GroupBy::total) {
    Value sum;
    bool any = false;
    for (std::size_t c = 0; c < index_->keys.size(); ++c)
      if (all || filter.matches(index_->keys[c])) {
        sum += value_of(c);
        any = true;
      }
    if (any) out.push_back({Contingent{}, sum});
    return out;
  }
  const detail::Index::Grouping& g = index_->groupings[static_cast<std::size_t>(by)];
  std::vector<Value> sums(g.keys.size());
  std::vector<unsigned char> present(g.keys.size(), 0);
  for (std::size_t c = 0; c < index_->keys.size(); ++c)
    if (all || filter.matches(index_->keys[c])) {
      sums[g.of[c]] += value_of(c);
      present[g.of[c]] = 1;
    }
  for (std::size_t i = 0; i < sums.size(); ++i)
    if (present[i]) out.push_back({g.keys[i], sums[i]});
  return out;
}

inline std::vector<Group> Timeline::strength_by(GroupBy by, Day d, const Filter& filter) const {
  if (by == GroupBy::country && !filter.mission && !filter.country && !filter.component) {
    // Every country, from the merged tracks: one search per country.
    const detail::Index::Grouping& g = index_->groupings[static_cast<std::size_t>(GroupBy::country)];
    std::vector<Group> out;
    out.reserve(g.keys.size());
    for (std::size_t i = 0; i < g.keys.size(); ++i)
      out.push_back({g.keys[i], index_->countries.value_at(i, d)});
    return out;
  }
  return group(by, filter, [&](std::size_t c) { return value_at(c, d); });
}

inline Value Timeline::days_at(std::size_t c, Day from, Day to) const {
  return index_->tracks.area(c, from, to);
}

inline Value Timeline::personnel_days(const Contingent& c, Day from, Day to) const {
  const std::size_t i = find(c);
  return i == index_->keys.size() ? Value{} : days_at(i, from, to);
}

inline std::vector<Group> Timeline::personnel_days_by(GroupBy by, Day from, Day to,
                                                      const Filter& filter) const {
  return group(by, filter, [&](std::size_t c) { return days_at(c, from, to); });
}

inline std::vector<PledgeStatus> Timeline::pledges(Day d, const Filter& filter) const {
  std::vector<PledgeStatus> out;
  const auto& pledges = index_->pledges;
  for (std::size_t i = 0; i < pledges.size();) {
    const std::uint32_t key = log_->rows_[pledges[i]].key;
    std::optional<std::uint32_t> latest;
    for (; i < pledges.size() && log_->rows_[pledges[i]].key == key; ++i)
      if (log_->first_day(pledges[i]) <= d) latest = pledges[i];
    const Contingent& k = log_->keys_[key];
    if (!latest || !filter.matches(k)) continue;
    PledgeStatus p{k, log_->event(*latest), log_->value(*latest).estimate, 0};
    if (k.component.empty()) {
      p.present = strength(d, Filter{k.mission, k.country, std::nullopt}).estimate;
    } else {
      p.present = strength(k, d).estimate;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace muster
