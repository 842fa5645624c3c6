// tests/reference.hpp — a plain re-computation of spec sections 4-6 straight
// from the rows of a log, for the property test to hold muster's Timeline
// against.
//
// Written from the spec text alone and deliberately slow: no index, no prefix
// sums, nothing shared with muster/timeline.hpp. Visibility is decided row by
// row (section 4); the strength of a contingent is found by walking every
// calendar day from its earliest step day, applying each day's steps exactly
// as section 5 says (sum the + and - steps, raise to 0, then the last set step
// in file order).
//
//     auto rows = ref::rows_of(log);
//     ref::Tracks t = ref::run(rows, ref::seen(rows, view), key);
//     muster::Value v = t.at(day);
#pragma once

#include "muster/log.hpp"
#include "muster/timeline.hpp"  // Vantage, Filter, GroupBy: the query types only

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ref {

using muster::Count;
using muster::Day;
using muster::Kind;

/// One row as the spec describes it; `high` empty means unbounded.
struct Row {
  std::size_t index = 0;
  std::size_t line = 0;
  Kind kind = Kind::report;
  Day first{}, last{};
  std::string mission;
  std::string country;  // alpha-3, empty when blank
  std::string component;
  Count est = 0, low = 0;
  std::optional<Count> high;
  bool planned = false;
  Day recorded{};
  std::optional<std::size_t> supersedes;
};

/// (mission, country alpha-3, component).
using Key = std::tuple<std::string, std::string, std::string>;

inline std::vector<Row> rows_of(const muster::Log& log) {
  std::vector<Row> out;
  for (const muster::Event& e : log.events()) {
    Row r;
    r.index = e.index;
    r.line = e.line;
    r.kind = e.kind;
    r.first = e.date.first;
    r.last = e.date.last;
    r.mission = e.mission;
    if (e.country) r.country = std::string(e.country->code());
    r.component = e.component;
    r.est = e.value.estimate;
    r.low = e.value.low;
    if (e.value.high != muster::Value::unbounded) r.high = e.value.high;
    r.planned = e.status == muster::Status::planned;
    r.recorded = e.recorded;
    r.supersedes = e.supersedes;
    out.push_back(std::move(r));
  }
  return out;
}

inline Key key_of(const Row& r) { return {r.mission, r.country, r.component}; }

/// Section 5: a report with a blank country, or with a blank component where
/// the file holds an arrival, departure, report or pledge of the same mission
/// and country with a component.
inline bool is_observation(const std::vector<Row>& rows, const Row& r) {
  if (r.kind != Kind::report) return false;
  if (r.country.empty()) return true;
  if (!r.component.empty()) return false;
  for (const Row& o : rows)
    if (o.kind != Kind::retraction && o.kind != Kind::end && o.mission == r.mission &&
        o.country == r.country &&
        !o.component.empty())
      return true;
  return false;
}

/// Section 4, row by row.
inline std::vector<bool> seen(const std::vector<Row>& rows, const muster::Vantage& view) {
  auto known = [&](const Row& r) { return !view.as_of || r.recorded <= *view.as_of; };
  std::vector<bool> out(rows.size(), false);
  for (const Row& r : rows) {
    if (r.kind == Kind::retraction) continue;  // retractions only hide
    if (!known(r)) continue;
    if (r.planned && !view.include_planned) continue;
    bool hidden = false;
    for (const Row& h : rows)
      if (h.supersedes == r.index && known(h)) hidden = true;  // whether h itself is seen or not
    out[r.index] = !hidden;
  }
  return out;
}

/// The three tracks of one contingent, day by day from its first step day.
struct Tracks {
  Day start{};
  std::vector<muster::Value> end_of_day;  // [i]: strength at the end of start + i
  std::vector<Day> below_zero;            // days whose steps took a bounded high below 0
  int raised_estimate = 0, raised_low = 0;  // days where that track was raised to 0
  int crossed = 0;                           // days where the low track ends above the high

  muster::Value at(Day d) const {
    if (end_of_day.empty() || d < start) return {};
    const auto i = static_cast<std::size_t>((d - start).count());
    return i < end_of_day.size() ? end_of_day[i] : end_of_day.back();
  }
};

/// Runs section 5 for the contingent `key` over the seen rows.
inline Tracks run(const std::vector<Row>& rows, const std::vector<bool>& visible, const Key& key) {
  std::vector<const Row*> mine;  // file order
  for (const Row& r : rows)
    if (visible[r.index] && key_of(r) == key &&
        (r.kind == Kind::arrival || r.kind == Kind::departure || r.kind == Kind::report) &&
        !is_observation(rows, r))
      mine.push_back(&r);
  Tracks t;
  if (mine.empty()) return t;
  // An end (version 1.2) sets to 0 every contingent of the file in its scope:
  // its mission, narrowed to its country and component where given.
  {
    std::vector<const Row*> with_ends;
    for (const Row& r : rows) {
      const bool own = std::find(mine.begin(), mine.end(), &r) != mine.end();
      const bool end_of_key = visible[r.index] && r.kind == Kind::end &&
                              r.mission == std::get<0>(key) &&
                              (r.country.empty() || r.country == std::get<1>(key)) &&
                              (r.component.empty() || r.component == std::get<2>(key));
      if (own || end_of_key) with_ends.push_back(&r);
    }
    mine = std::move(with_ends);
  }
  Day first = mine.front()->first, last = mine.front()->last;
  for (const Row* r : mine) {
    first = std::min(first, r->first);
    last = std::max(last, r->last);
  }
  t.start = first;
  Count e = 0, l = 0, h = 0;
  bool h_unbounded = false;
  for (Day d = first; d <= last; d += date::days{1}) {
    Count e_sum = 0, l_sum = 0, h_sum = 0;
    bool l_minus_inf = false, h_plus_inf = false;
    std::optional<Count> e_set, l_set;
    bool h_has_set = false;
    std::optional<Count> h_set;  // empty: set to unbounded
    for (const Row* r : mine) {
      switch (r->kind) {
        case Kind::arrival:
          if (r->first == d) {
            e_sum += r->est;
            if (r->high) h_sum += *r->high;
            else h_plus_inf = true;
          }
          if (r->last == d) l_sum += r->low;
          break;
        case Kind::departure:
          if (r->first == d) {
            e_sum -= r->est;
            if (r->high) l_sum -= *r->high;
            else l_minus_inf = true;
          }
          if (r->last == d) h_sum -= r->low;
          break;
        case Kind::report:
          if (r->last == d) {  // later rows in file order overwrite: the last set wins
            e_set = r->est;
            l_set = r->low;
            h_has_set = true;
            h_set = r->high;
          }
          break;
        case Kind::end:  // estimate and low set to 0 on its first day, high on its last
          if (r->first == d) {
            e_set = 0;
            l_set = 0;
          }
          if (r->last == d) {
            h_has_set = true;
            h_set = 0;
          }
          break;
        default: break;
      }
    }
    // estimate
    t.raised_estimate += e + e_sum < 0;
    e = std::max<Count>(0, e + e_sum);
    if (e_set) e = *e_set;
    // low: -infinity plus anything is raised to 0
    t.raised_low += !l_minus_inf && l + l_sum < 0;
    l = l_minus_inf ? 0 : std::max<Count>(0, l + l_sum);
    if (l_set) l = *l_set;
    // high
    if (h_unbounded) {
      // stays unbounded through + and - steps
    } else if (h_plus_inf) {
      h_unbounded = true;
    } else {
      if (h + h_sum < 0) t.below_zero.push_back(d);
      h = std::max<Count>(0, h + h_sum);
    }
    if (h_has_set) {
      h_unbounded = !h_set;
      h = h_set.value_or(0);
    }
    // Crossed tracks (version 1.2): the range between them.
    t.crossed += !h_unbounded && l > h;
    if (h_unbounded) t.end_of_day.push_back({e, l, muster::Value::unbounded});
    else t.end_of_day.push_back({e, std::min(l, h), std::max(l, h)});
  }
  return t;
}

/// The first day on which a row puts a step (section 5): a report's last
/// day, any other row's first.
inline Day first_step_day(const Row& r) { return r.kind == Kind::report ? r.last : r.first; }

/// Section 5 for the given rows of one contingent (arrivals, departures and
/// reports taken as seen, in any order): the tracks at the end of day `d`.
/// Walks, in order, each calendar day up to `d` on which one of the rows puts
/// a step; a day without steps leaves every track as it is (its + and - sum
/// to 0 and no track is below 0), so it is skipped. Written apart from `run`
/// for the tests that ask about many subsets of the rows.
inline muster::Value value_at(const std::vector<const Row*>& rows, Day d) {
  std::set<Day> days;
  for (const Row* r : rows) {
    if (r->first <= d) days.insert(r->first);
    if (r->last <= d) days.insert(r->last);
  }
  std::vector<const Row*> mine = rows;  // file order: the last set step of a day wins
  std::sort(mine.begin(), mine.end(), [](const Row* a, const Row* b) { return a->index < b->index; });
  Count e = 0, l = 0, h = 0;
  bool h_unbounded = false;
  for (Day day : days) {
    Count e_sum = 0, l_sum = 0, h_sum = 0;
    bool l_minus_inf = false, h_plus_inf = false, set = false, h_has_set = false;
    Count e_set = 0, l_set = 0;
    std::optional<Count> h_set;  // empty: set to unbounded
    for (const Row* r : mine) {
      if (r->kind == Kind::end) {  // estimate and low set to 0 on its first day, high on its last
        if (r->first == day) {
          set = true;
          e_set = l_set = 0;
        }
        if (r->last == day) {
          h_has_set = true;
          h_set = 0;
        }
        continue;
      }
      if (r->kind == Kind::arrival) {
        if (r->first == day) {
          e_sum += r->est;
          if (r->high) h_sum += *r->high;
          else h_plus_inf = true;
        }
        if (r->last == day) l_sum += r->low;
      } else if (r->kind == Kind::departure) {
        if (r->first == day) {
          e_sum -= r->est;
          if (r->high) l_sum -= *r->high;
          else l_minus_inf = true;
        }
        if (r->last == day) h_sum -= r->low;
      } else if (r->kind == Kind::report && r->last == day) {
        set = h_has_set = true;
        e_set = r->est;
        l_set = r->low;
        h_set = r->high;
      }
    }
    e = set ? e_set : std::max<Count>(0, e + e_sum);
    l = set ? l_set : l_minus_inf ? 0 : std::max<Count>(0, l + l_sum);
    if (!h_unbounded && !h_plus_inf) h = std::max<Count>(0, h + h_sum);
    if (h_plus_inf) h_unbounded = true;
    if (h_has_set) {
      h_unbounded = !h_set;
      h = h_set.value_or(0);
    }
  }
  // Crossed tracks (version 1.2): the range between them.
  if (h_unbounded) return {e, l, muster::Value::unbounded};
  return {e, std::min(l, h), std::max(l, h)};
}

/// Every contingent with a seen arrival, departure or report that is not an
/// observation.
inline std::set<Key> contingents(const std::vector<Row>& rows, const std::vector<bool>& visible) {
  std::set<Key> out;
  for (const Row& r : rows)
    if (visible[r.index] &&
        (r.kind == Kind::arrival || r.kind == Kind::departure || r.kind == Kind::report) &&
        !is_observation(rows, r))
      out.insert(key_of(r));
  return out;
}

inline muster::Value add(muster::Value a, const muster::Value& b) {
  a.estimate += b.estimate;
  a.low += b.low;
  a.high = (a.high == muster::Value::unbounded || b.high == muster::Value::unbounded)
               ? muster::Value::unbounded
               : a.high + b.high;
  return a;
}

/// Everything a query needs under one view: the tracks of each contingent.
struct Model {
  std::vector<Row> rows;
  std::vector<bool> visible;
  std::map<Key, Tracks> tracks;

  Model(std::vector<Row> r, const muster::Vantage& view) : rows(std::move(r)) {
    visible = seen(rows, view);
    for (const Key& k : contingents(rows, visible)) tracks[k] = run(rows, visible, k);
  }

  static bool matches(const muster::Filter& f, const Key& k) {
    return (!f.mission || *f.mission == std::get<0>(k)) &&
           (!f.country || f.country->code() == std::get<1>(k)) &&
           (!f.component || *f.component == std::get<2>(k));
  }

  static Key group_of(const Key& k, muster::GroupBy by) {
    switch (by) {
      case muster::GroupBy::country: return {"", std::get<1>(k), ""};
      case muster::GroupBy::mission: return {std::get<0>(k), "", ""};
      case muster::GroupBy::component: return {"", "", std::get<2>(k)};
      case muster::GroupBy::contingent: return k;
      case muster::GroupBy::total: return {};
    }
    return {};
  }

  muster::Value strength(const Key& k, Day d) const {
    auto it = tracks.find(k);
    return it == tracks.end() ? muster::Value{} : it->second.at(d);
  }

  muster::Value personnel_days(const Key& k, Day from, Day to) const {
    muster::Value sum;
    for (Day d = from; d <= to; d += date::days{1}) sum = add(sum, strength(k, d));
    return sum;
  }

  template <class F>
  std::map<Key, muster::Value> grouped(muster::GroupBy by, const muster::Filter& f,
                                       F&& value_of) const {
    std::map<Key, muster::Value> out;
    for (const auto& [k, t] : tracks) {
      if (!matches(f, k)) continue;
      auto [it, fresh] = out.try_emplace(group_of(k, by));
      it->second = add(it->second, value_of(k));
    }
    return out;
  }

  std::map<Key, muster::Value> strength_by(muster::GroupBy by, Day d,
                                           const muster::Filter& f) const {
    return grouped(by, f, [&](const Key& k) { return strength(k, d); });
  }

  std::map<Key, muster::Value> personnel_days_by(muster::GroupBy by, Day from, Day to,
                                                 const muster::Filter& f) const {
    return grouped(by, f, [&](const Key& k) { return personnel_days(k, from, to); });
  }

  struct Pledge {
    std::size_t index;  // of the pledge row
    Count pledged;
    Count present;
  };

  /// cli.md `pledges`: per key, the latest seen pledge dated on or before d
  /// (by first day, then file order); a blank component covers every
  /// component of its mission and country.
  std::map<Key, Pledge> pledges(Day d, const muster::Filter& f) const {
    std::map<Key, const Row*> latest;
    for (const Row& r : rows) {
      if (!visible[r.index] || r.kind != Kind::pledge || r.first > d) continue;
      const Row*& slot = latest[key_of(r)];
      if (!slot || slot->first <= r.first) slot = &r;  // file order breaks ties
    }
    std::map<Key, Pledge> out;
    for (const auto& [k, r] : latest) {
      if (!matches(f, k)) continue;
      Count present = 0;
      for (const auto& [ck, t] : tracks)
        if (std::get<0>(ck) == std::get<0>(k) && std::get<1>(ck) == std::get<1>(k) &&
            (std::get<2>(k).empty() || std::get<2>(ck) == std::get<2>(k)))
          present += t.at(d).estimate;
      out[k] = {r->index, r->est, present};
    }
    return out;
  }
};

/// Section 6: with every confirmed row seen and no as-of limit, the
/// (contingent, day) pairs where a day's steps take the high track below 0.
inline std::vector<std::pair<Key, Day>> refusals(const std::vector<Row>& rows) {
  const auto visible = seen(rows, muster::Vantage{});
  std::vector<std::pair<Key, Day>> out;
  for (const Key& k : contingents(rows, visible))
    for (Day d : run(rows, visible, k).below_zero) out.emplace_back(k, d);
  return out;
}

}  // namespace ref
