// The rules of spec sections 4 and 5 (muster/rules.hpp).
#include "muster/rules.hpp"

#include <algorithm>
#include <array>

namespace muster::rules {

std::vector<bool> hidden_rows(const Vantage& v, std::size_t rows,
                              std::span<const Supersession> supersessions) {
  std::vector<bool> hidden(rows, false);
  for (const Supersession& s : supersessions)
    if (known(v, s.recorded)) hidden[s.target] = true;
  return hidden;
}

void append_steps(Kind kind, const Period& date, const Value& v, std::size_t order,
                  std::vector<TrackStep>& out) {
  const Day s = date.first, e = date.last;
  const bool unb = !v.bounded();
  switch (kind) {
    case Kind::arrival:
      out.push_back({s, order, Track::estimate, false, false, v.estimate});
      out.push_back({e, order, Track::low, false, false, v.low});
      out.push_back({s, order, Track::high, false, unb, unb ? 1 : v.high});
      break;
    case Kind::departure:
      out.push_back({s, order, Track::estimate, false, false, -v.estimate});
      out.push_back({s, order, Track::low, false, unb, unb ? -1 : -v.high});
      out.push_back({e, order, Track::high, false, false, -v.low});
      break;
    case Kind::report:
      out.push_back({e, order, Track::estimate, true, false, v.estimate});
      out.push_back({e, order, Track::low, true, false, v.low});
      out.push_back({e, order, Track::high, true, unb, unb ? 0 : v.high});
      break;
    case Kind::end:
      out.push_back({s, order, Track::estimate, true, false, 0});
      out.push_back({s, order, Track::low, true, false, 0});
      out.push_back({e, order, Track::high, true, false, 0});
      break;
    case Kind::pledge:
    case Kind::retraction: break;
  }
}

void append_seed(Day d, const Value& v, std::vector<TrackStep>& out) {
  out.push_back({d, 0, Track::estimate, true, false, v.estimate});
  out.push_back({d, 0, Track::low, true, false, v.low});
  out.push_back({d, 0, Track::high, true, !v.bounded(), v.bounded() ? v.high : 0});
}

namespace {

// What one day's steps do to the three tracks.
struct DaySteps {
  std::array<Count, 3> sum{};
  std::array<bool, 3> infinite{}, has_set{};
  std::array<Count, 3> set_to{};
  bool set_unbounded = false;

  void add(const TrackStep& st) {
    const auto t = static_cast<std::size_t>(st.track);
    if (st.set) {  // the last in file order wins: steps come sorted
      has_set[t] = true;
      set_to[t] = st.amount;
      if (st.track == Track::high) set_unbounded = st.infinite;
    } else if (st.infinite) {
      infinite[t] = true;
    } else {
      sum[t] = checked_add(sum[t], st.amount);
    }
  }
};

// The state of the tracks between days.
struct TrackState {
  std::array<Count, 3> value{};
  bool unbounded_high = false;

  // Applies one day: + and - at once, raised to 0, then the last set step.
  // Returns whether the + and - steps took a bounded high below 0.
  bool apply(const DaySteps& d) {
    bool high_below_zero = false;
    for (std::size_t t = 0; t < 3; ++t) {
      const bool high = t == 2;
      if (high && unbounded_high) {
        // An unbounded high stays unbounded through + and - steps.
      } else if (d.infinite[t]) {
        if (high) unbounded_high = true;  // + unbounded
        else value[t] = 0;                // - unbounded: falls to 0
      } else {
        const Count next = checked_add(value[t], d.sum[t]);
        if (high && next < 0) high_below_zero = true;
        value[t] = next < 0 ? 0 : next;
      }
      if (!d.has_set[t]) continue;
      if (high) {
        unbounded_high = d.set_unbounded;
        value[2] = d.set_unbounded ? 0 : d.set_to[2];
      } else {
        value[t] = d.set_to[t];
      }
    }
    return high_below_zero;
  }
  // One set step on its own (a day's set steps taken one at a time, in file order).
  void set(const TrackStep& st) {
    const auto t = static_cast<std::size_t>(st.track);
    if (st.track == Track::high) {
      unbounded_high = st.infinite;
      value[2] = st.infinite ? 0 : st.amount;
    } else {
      value[t] = st.amount;
    }
  }
  Value current() const noexcept {
    return {value[0], value[1], unbounded_high ? Value::unbounded : value[2]};
  }
};

void sort_steps(std::span<TrackStep> steps) {
  // Steps of one row (one order) share no track, so the order among them
  // does not matter; a log in date order gives its steps already sorted.
  const auto before = [](const TrackStep& a, const TrackStep& b) {
    return a.day != b.day ? a.day < b.day : a.order < b.order;
  };
  if (!std::is_sorted(steps.begin(), steps.end(), before))
    std::sort(steps.begin(), steps.end(), before);
}

void push_end(Day day, const TrackState& state, bool below, std::vector<DayEnd>& out) {
  const Value tracks = state.current();
  const Value strength = uncrossed(tracks);
  out.push_back({day, strength, below, strength.low != tracks.low});
}

}  // namespace

void run_tracks(std::span<TrackStep> steps, std::vector<DayEnd>& out) {
  sort_steps(steps);
  TrackState state;
  for (std::size_t i = 0; i < steps.size();) {
    const Day day = steps[i].day;
    DaySteps today;
    for (; i < steps.size() && steps[i].day == day; ++i) today.add(steps[i]);
    push_end(day, state, state.apply(today), out);
  }
}

void run_tracks(std::span<TrackStep> steps, std::vector<DayEnd>& out,
                std::vector<BeforeSet>& before_sets) {
  sort_steps(steps);
  TrackState state;
  const std::size_t ours = before_sets.size();  // what this run appends starts here
  for (std::size_t i = 0; i < steps.size();) {
    const Day day = steps[i].day;
    const std::size_t first = i;
    DaySteps moves;  // the day's + and - steps only
    for (; i < steps.size() && steps[i].day == day; ++i)
      if (!steps[i].set) moves.add(steps[i]);
    const bool below = state.apply(moves);
    // Then the set steps one row at a time, in file order: the last of each
    // track wins, as in apply().
    for (std::size_t k = first; k < i; ++k) {
      if (!steps[k].set) continue;
      if (before_sets.size() == ours || before_sets.back().day != day ||
          before_sets.back().order != steps[k].order)
        before_sets.push_back({day, steps[k].order, uncrossed(state.current())});
      state.set(steps[k]);
    }
    push_end(day, state, below, out);
  }
}

namespace {
const DayEnd* end_at(std::span<const DayEnd> ends, Day d) noexcept {
  auto it = std::upper_bound(ends.begin(), ends.end(), d,
                             [](Day x, const DayEnd& e) { return x < e.day; });
  return it == ends.begin() ? nullptr : &*std::prev(it);
}
}  // namespace

Value value_at_end(std::span<const DayEnd> ends, Day d) noexcept {
  const DayEnd* e = end_at(ends, d);
  return e ? e->value : Value{};
}

Value tracks_at_end(std::span<const DayEnd> ends, Day d) noexcept {
  const DayEnd* e = end_at(ends, d);
  return e ? e->tracks() : Value{};
}

std::vector<bool> observation_keys(std::span<const Contingent> keys,
                                   const std::vector<bool>* counted) {
  // Keys sort by mission, country, component: the one with a blank component
  // comes first of its mission and country, any other follows it.
  std::vector<bool> out(keys.size(), false);
  for (std::size_t r = 0; r < keys.size(); ++r) {
    const Contingent& k = keys[r];
    bool others_have_component = false;
    if (k.component.empty())
      for (std::size_t o = r + 1; o < keys.size() && keys[o].mission == k.mission &&
                                  keys[o].country == k.country;
           ++o)
        if (!counted || (*counted)[o]) {
          others_have_component = true;
          break;
        }
    out[r] = !k.country.ok() || others_have_component;
  }
  return out;
}

}  // namespace muster::rules
