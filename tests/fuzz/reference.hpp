// A plain re-computation of spec sections 4-5 from the rows of a Log, written
// independently of muster/timeline.hpp for the differential fuzz target: no
// index, no prefix sums, day by day where a sum over days is asked.
//
//     muster::reference::Model m{log, view};
//     muster::Value v = m.strength(contingent, day);
#pragma once

#include "muster/log.hpp"
#include "muster/timeline.hpp"  // Vantage, Filter, GroupBy only

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace muster::reference {

/// One change a row makes to one track.
struct Change {
  Day day;
  std::size_t order;
  bool set = false;       // a report's set, else + or -
  bool infinite = false;  // + unbounded (high), - unbounded (low), set unbounded (high)
  Count amount = 0;
};

class Model {
 public:
  Model(const Log& log, Vantage view) : log_(&log) {
    const auto ev = log.events();
    std::vector<bool> hidden(ev.size(), false);
    for (const Event& e : ev)
      if (e.supersedes && (!view.as_of || e.recorded <= *view.as_of)) hidden[*e.supersedes] = true;
    // Observations: a report with no country, or with no component where the
    // file holds a row of the same mission and country with a component.
    std::set<std::pair<std::string, Country>> with_component;
    for (const Event& e : ev)
      if (e.kind != Kind::retraction && e.kind != Kind::end && e.country && !e.component.empty())
        with_component.emplace(std::string(e.mission), *e.country);
    std::vector<const Event*> ends;  // seen ends, applied once every contingent is known
    std::vector<Event> kept(ev.begin(), ev.end());
    for (const Event& e : kept) {
      if (e.kind == Kind::retraction || hidden[e.index]) continue;
      if (view.as_of && e.recorded > *view.as_of) continue;
      if (e.status == Status::planned && !view.include_planned) continue;
      if (e.kind == Kind::pledge) {
        pledges.push_back(e.index);
        continue;
      }
      if (e.kind == Kind::end) {
        ends.push_back(&e);
        continue;
      }
      if (e.kind == Kind::report &&
          (!e.country || (e.component.empty() && with_component.count({std::string(e.mission), *e.country}))))
        continue;
      auto& t = tracks[e.contingent()];
      const Value& v = e.value;
      const bool unb = v.high == Value::unbounded;
      const Day s = e.date.first, l = e.date.last;
      if (e.kind == Kind::arrival) {
        t[0].push_back({s, e.index, false, false, v.estimate});
        t[1].push_back({l, e.index, false, false, v.low});
        t[2].push_back({s, e.index, false, unb, unb ? 0 : v.high});
      } else if (e.kind == Kind::departure) {
        t[0].push_back({s, e.index, false, false, -v.estimate});
        t[1].push_back({s, e.index, false, unb, unb ? 0 : -v.high});
        t[2].push_back({l, e.index, false, false, -v.low});
      } else {  // report
        t[0].push_back({l, e.index, true, false, v.estimate});
        t[1].push_back({l, e.index, true, false, v.low});
        t[2].push_back({l, e.index, true, unb, unb ? 0 : v.high});
      }
    }
    // An end (version 1.2) sets to 0 each contingent with seen steps of its
    // mission, narrowed to its country and component where given: the
    // estimate and the low on its first day, the high on its last.
    for (const Event* e : ends)
      for (auto& [k, t] : tracks)
        if (k.mission == e->mission && (!e->country || k.country == *e->country) &&
            (e->component.empty() || k.component == e->component)) {
          t[0].push_back({e->date.first, e->index, true, false, 0});
          t[1].push_back({e->date.first, e->index, true, false, 0});
          t[2].push_back({e->date.last, e->index, true, false, 0});
        }
  }

  /// Every contingent with a seen step, in key order.
  std::vector<Contingent> contingents() const {
    std::vector<Contingent> out;
    for (const auto& [k, t] : tracks) out.push_back(k);
    return out;
  }

  /// The strength of one contingent at the end of day d.
  Value strength(const Contingent& c, Day d) const {
    auto it = tracks.find(c);
    if (it == tracks.end()) return {};
    Value v;
    v.estimate = track_at(it->second[0], d, false).value;
    v.low = track_at(it->second[1], d, true).value;
    const auto h = track_at(it->second[2], d, false);
    v.high = h.unbounded ? Value::unbounded : h.value;
    if (v.bounded() && v.low > v.high) std::swap(v.low, v.high);  // crossed: the range between
    return v;
  }

  /// Sum over the contingents a filter matches, grouped by `by`.
  std::map<Contingent, Value> strength_by(GroupBy by, Day d, const Filter& f) const {
    std::map<Contingent, Value> out;
    for (const auto& [k, t] : tracks)
      if (f.matches(k)) out[group_key(k, by)] += strength(k, d);
    return out;
  }

  /// Personnel-days, one day at a time.
  Value personnel_days(const Contingent& c, Day from, Day to) const {
    Value sum;
    for (Day d = from; d <= to; d += date::days{1}) sum += strength(c, d);
    return sum;
  }

  /// Whether, from the first day on, some day's + and - steps take the high
  /// track of some contingent below zero (spec section 6).
  bool high_goes_below_zero() const {
    for (const auto& [k, t] : tracks)
      if (track_at(t[2], Day::max(), false).went_below_zero) return true;
    return false;
  }

  /// The latest seen pledge dated on or before d for each key, with what it
  /// covers (cli.md, `pledges`).
  struct Pledge {
    Contingent key;
    std::size_t pledge;  // the pledge's index
    Count pledged;
    Count present;
  };
  std::vector<Pledge> pledges_on(Day d, const Filter& f) const {
    std::map<Contingent, std::optional<Event>> latest;
    for (std::size_t i : pledges) {
      const std::optional<Event> p = log_->event(i);
      if (p->date.first > d) continue;
      auto& l = latest[p->contingent()];
      if (!l || p->date.first > l->date.first ||
          (p->date.first == l->date.first && p->index > l->index))
        l = p;
    }
    std::vector<Pledge> out;
    for (const auto& [k, p] : latest) {
      if (!f.matches(k)) continue;
      Count present = 0;
      for (const auto& [c, t] : tracks)
        if (c.mission == k.mission && c.country == k.country &&
            (k.component.empty() || c.component == k.component))
          present += strength(c, d).estimate;
      out.push_back({k, p->index, p->value.estimate, present});
    }
    return out;
  }

 private:
  struct TrackValue {
    Count value = 0;
    bool unbounded = false;
    bool went_below_zero = false;
  };

  // Plays the changes of one track day by day up to the end of d. On the low
  // track an infinite change is "- unbounded" (falls to 0); on the high track
  // it is "+ unbounded", or a set to unbounded.
  static TrackValue track_at(const std::vector<Change>& changes, Day d, bool low_track) {
    std::map<Day, std::vector<const Change*>> by_day;
    for (const Change& c : changes)
      if (c.day <= d) by_day[c.day].push_back(&c);
    TrackValue s;
    for (auto& [day, list] : by_day) {
      std::sort(list.begin(), list.end(),
                [](const Change* a, const Change* b) { return a->order < b->order; });
      Count sum = 0;
      bool infinite = false;
      const Change* last_set = nullptr;
      for (const Change* c : list) {
        if (c->set) last_set = c;
        else if (c->infinite) infinite = true;
        else sum += c->amount;
      }
      if (s.unbounded) {
        // an unbounded high stays unbounded through + and - steps
      } else if (infinite && low_track) {
        s.value = 0;
      } else if (infinite) {
        s.unbounded = true;
      } else {
        if (s.value + sum < 0) s.went_below_zero = true;
        s.value = std::max<Count>(0, s.value + sum);
      }
      if (last_set) {
        s.unbounded = last_set->infinite;
        s.value = last_set->infinite ? 0 : last_set->amount;
      }
    }
    return s;
  }

  std::map<Contingent, std::array<std::vector<Change>, 3>> tracks;
  const Log* log_ = nullptr;
  std::vector<std::size_t> pledges;
};

}  // namespace muster::reference
