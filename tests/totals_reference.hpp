// tests/totals_reference.hpp — a plain re-computation of spec section 8
// ("What totals add", version 1.2) for SMALL logs, for the totals tests to
// hold muster's Timeline against.
//
// Written from the spec text alone: nothing is shared with src/totals*. Rows,
// visibility (section 4) and observations (section 5) come from
// tests/reference.hpp. The unknowns are built exactly as section 8 says:
//
//  - each contingent has one unknown per segment between its step days; a
//    step day whose steps are all + and - steps of exact one-day rows, with no
//    set step and no track raised to 0, links the segment after it to the one
//    before (the same unknown plus the day's sum); any other step day starts a
//    fresh unknown. Every segment lies between its low and high tracks
//    (section 5, crossed tracks read as the range between them);
//  - each observed group H has one unknown (0 or more) per day of a kept
//    observation of H; it is 0 before the first and from the first day of an
//    `end` that holds H until the next kept observation;
//  - a kept observation of H with value (e, l, h) ending on E says: the sum of
//    H's contingents, the unattributed of the groups strictly inside H and H's
//    own unattributed at the end of E lies in [l, h].
//
// Observations are taken in order of E, then file order, and kept when the
// system with them still has an integer solution. Low and high of a sum are
// the least and greatest value over every integer solution.
//
// How "every integer solution" is searched (exact, not an approximation):
// every constraint is a sum of distinct unknowns with coefficient +1, so
//  (a) an unknown with no upper bound of its own that sits in no constraint
//      with an upper limit can grow without end: a sum holding it has an
//      unbounded high (given one solution exists, raising it breaks nothing);
//  (b) such an unknown never needs to exceed cap = max(its low, l - k - (the
//      lows of the others)) over its constraints: at the cap each of its
//      constraints holds whatever the others are, so lowering it to the cap
//      keeps every solution a solution, and does not raise a sum (a sum that
//      holds it is unbounded above by (a), and its least value only gains);
//  (c) every other unknown gets a finite upper bound from its box or from a
//      constraint with an upper limit (all others are 0 or more).
// So every domain is a finite integer interval and the search below is an
// exhaustive branch over those intervals (split in halves), pruned only by
// interval reasoning that drops no solution (bounds propagation, also across
// nested sums). No numeric
// cap is assumed of the log: a high equal to Value::unbounded comes from (a),
// never from a cap. It is exponential in the worst case; a node budget
// (Solver::max_nodes) throws rather than hang, and the generated logs are
// kept small (counts <= 6, <= 30 rows, a few contingents) so that a log takes
// milliseconds.
//
//     ref::totals::Reference r{log, view};
//     muster::Value v = r.strength(day, filter);  // section 8
//     muster::Value p = r.parts_only(day, filter);  // section 5
#pragma once

#include "reference.hpp"

#include <muster/log.hpp>
#include <muster/query.hpp>
#include <muster/value.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ref::totals {

using muster::Count;
using muster::Day;
using muster::Kind;
using muster::Value;

inline constexpr Count inf = Value::unbounded;

/// A sum of distinct unknowns (coefficient 1 each) plus a constant.
struct Lin {
  std::vector<int> vars;
  Count k = 0;
  Lin& operator+=(const Lin& o) {
    vars.insert(vars.end(), o.vars.begin(), o.vars.end());
    k += o.k;
    return *this;
  }
};

/// l <= lin <= h (h == inf: no upper limit).
struct Con {
  Lin lin;
  Count l = 0;
  Count h = inf;
};

/// Integer unknowns with interval domains and sum constraints; exact answers
/// by exhaustive branching (see the header comment).
class Solver {
 public:
  static constexpr long max_nodes = 5'000'000;
  static constexpr Count very_low = -(Count{1} << 50);  // "no lower limit" of a search bound

  int var(Count lo, Count hi) {
    lo_.push_back(lo);
    hi_.push_back(hi);
    return static_cast<int>(lo_.size()) - 1;
  }
  /// Narrows the domain of `v` to [lo, hi] (hi == inf: no change above).
  void narrow(int v, Count lo, Count hi) {
    const auto i = static_cast<std::size_t>(v);
    lo_[i] = std::max(lo_[i], lo);
    if (hi != inf) hi_[i] = std::min(hi_[i], hi);
  }
  void add(Con c) { cons_.push_back(std::move(c)); }
  std::size_t size() const { return lo_.size(); }

  /// Whether every constraint can hold at once.
  bool feasible() const {
    for (const Component& c : components())
      if (!solvable(c, nullptr)) return false;
    return true;
  }

  /// The least and greatest value of `obj` over every solution (high inf:
  /// unbounded). The system must be feasible.
  std::pair<Count, Count> range(const Lin& obj) const {
    Count lo = obj.k, hi = obj.k;
    std::vector<int> comp_of(size(), -1);
    const std::vector<Component> comps = components();
    for (std::size_t c = 0; c < comps.size(); ++c)
      for (int v : comps[c].vars) comp_of[static_cast<std::size_t>(v)] = static_cast<int>(c);
    std::map<int, std::vector<int>> by_comp;
    for (int v : obj.vars) {
      const int c = comp_of[static_cast<std::size_t>(v)];
      if (c >= 0) {
        by_comp[c].push_back(v);
        continue;
      }
      // In no constraint: its own domain.
      lo += lo_[static_cast<std::size_t>(v)];
      hi = (hi == inf || hi_[static_cast<std::size_t>(v)] == inf) ? inf : hi + hi_[static_cast<std::size_t>(v)];
    }
    for (const auto& [c, q] : by_comp) {
      const auto [l, h] = range_in(comps[static_cast<std::size_t>(c)], q);
      lo += l;
      hi = (hi == inf || h == inf) ? inf : hi + h;
    }
    return {lo, hi};
  }

 private:
  using Dom = std::vector<std::pair<Count, Count>>;
  struct Component {
    std::vector<int> vars;
    std::vector<const Con*> cons;
  };

  std::vector<Component> components() const {
    std::vector<int> parent(size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int v) {
      while (parent[static_cast<std::size_t>(v)] != v) v = parent[static_cast<std::size_t>(v)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(v)])];
      return v;
    };
    std::vector<bool> used(size(), false);
    for (const Con& c : cons_)
      for (int v : c.lin.vars) {
        used[static_cast<std::size_t>(v)] = true;
        parent[static_cast<std::size_t>(find(v))] = find(c.lin.vars.front());
      }
    std::map<int, Component> out;
    for (std::size_t v = 0; v < size(); ++v)
      if (used[v]) out[find(static_cast<int>(v))].vars.push_back(static_cast<int>(v));
    for (const Con& c : cons_) {
      if (c.lin.vars.empty()) {  // a constant: holds or not
        Component& k = out[-1 - static_cast<int>(&c - cons_.data())];
        k.cons.push_back(&c);
        continue;
      }
      out[find(c.lin.vars.front())].cons.push_back(&c);
    }
    std::vector<Component> v;
    for (auto& [root, comp] : out) v.push_back(std::move(comp));
    return v;
  }

  // Bounds propagation: drops no integer solution. False: none left.
  static bool propagate(Dom& d, const std::vector<const Con*>& cons) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const Con* c : cons) {
        Count slo = c->lin.k, shi = c->lin.k;
        int infinite = 0;
        for (int v : c->lin.vars) {
          const auto& [a, b] = d[static_cast<std::size_t>(v)];
          slo += a;
          if (b == inf) ++infinite;
          else shi += b;
        }
        if (c->h != inf && slo > c->h) return false;
        if (infinite == 0 && shi < c->l) return false;
        for (int v : c->lin.vars) {
          auto& [a, b] = d[static_cast<std::size_t>(v)];
          const Count a0 = a, b0 = b;
          if (c->h != inf) {
            const Count nb = c->h - (slo - a0);
            if (b0 == inf || nb < b) {
              b = nb;
              changed = true;
            }
          }
          if (infinite == 0 || (infinite == 1 && b0 == inf)) {
            const Count others = infinite == 0 ? shi - b0 : shi;
            const Count na = c->l - others;
            if (na > a) {
              a = na;
              changed = true;
            }
          }
          if (b != inf && a > b) return false;
        }
      }
      // Nested sums (a country inside its mission, a sum asked inside a
      // total): where B's unknowns are all A's, A's limits bound B's sum and
      // B's limits bound the rest of A. Drops no solution either.
      for (const Con* A : cons)
        for (const Con* B : cons) {
          if (A == B || B->lin.vars.empty() || !subset(B->lin.vars, A->lin.vars)) continue;
          Count rest_lo = A->lin.k, rest_hi = A->lin.k;  // A's unknowns outside B
          int rest_inf = 0;
          std::vector<int> rest;
          for (int v : A->lin.vars)
            if (std::find(B->lin.vars.begin(), B->lin.vars.end(), v) == B->lin.vars.end()) {
              rest.push_back(v);
              rest_lo += d[static_cast<std::size_t>(v)].first;
              if (d[static_cast<std::size_t>(v)].second == inf) ++rest_inf;
              else rest_hi += d[static_cast<std::size_t>(v)].second;
            }
          // B's sum (without its constant) lies in [b_lo, b_hi].
          const Count b_lo = B->l - B->lin.k;
          const Count b_hi = B->h == inf ? inf : B->h - B->lin.k;
          if (A->h != inf && A->h - rest_lo < b_lo) return false;
          if (rest_inf == 0 && b_hi != inf && A->l - rest_hi > b_hi) return false;
          for (int v : rest) {
            auto& [a, b] = d[static_cast<std::size_t>(v)];
            const Count a0 = a, b0 = b;
            if (A->h != inf) {  // v <= A.h - B's least - the others of rest
              const Count nb = A->h - b_lo - (rest_lo - a0);
              if (b0 == inf || nb < b) {
                b = nb;
                changed = true;
              }
            }
            if (b_hi != inf && (rest_inf == 0 || (rest_inf == 1 && b0 == inf))) {
              const Count others = rest_inf == 0 ? rest_hi - b0 : rest_hi;
              const Count na = A->l - b_hi - others;
              if (na > a) {
                a = na;
                changed = true;
              }
            }
            if (b != inf && a > b) return false;
          }
        }
    }
    return true;
  }

  static bool subset(const std::vector<int>& small, const std::vector<int>& big) {
    if (small.size() > big.size()) return false;
    for (int v : small)
      if (std::find(big.begin(), big.end(), v) == big.end()) return false;
    return true;
  }

  // The domains of a component after propagation, unbounded unknowns capped
  // as (b) of the header says; nullopt when infeasible. `free` gets the
  // unknowns that had no upper bound.
  std::optional<Dom> start(const Component& comp, std::vector<bool>* free) const {
    Dom d(size());
    for (std::size_t v = 0; v < size(); ++v) d[v] = {lo_[v], hi_[v]};
    if (!propagate(d, comp.cons)) return std::nullopt;
    if (free) free->assign(size(), false);
    Dom capped = d;
    for (int v : comp.vars) {
      const auto i = static_cast<std::size_t>(v);
      if (d[i].second != inf) continue;
      if (free) (*free)[i] = true;
      Count cap = d[i].first;
      for (const Con* c : comp.cons) {
        if (std::find(c->lin.vars.begin(), c->lin.vars.end(), v) == c->lin.vars.end()) continue;
        Count others = c->lin.k;
        for (int o : c->lin.vars)
          if (o != v) others += d[static_cast<std::size_t>(o)].first;
        cap = std::max(cap, c->l - others);
      }
      capped[i].second = cap;
    }
    return capped;
  }

  bool search(Dom d, const std::vector<const Con*>& cons, const std::vector<int>& vars) const {
    if (++nodes_ > max_nodes) throw std::runtime_error("totals reference: search too large for this log");
    if (!propagate(d, cons)) return false;
    int pick = -1;
    Count width = 0;
    for (int v : vars) {
      const auto& [a, b] = d[static_cast<std::size_t>(v)];
      if (b > a && (pick < 0 || b - a < width)) {
        pick = v;
        width = b - a;
      }
    }
    if (pick < 0) return true;  // every unknown fixed, and every constraint holds
    const auto i = static_cast<std::size_t>(pick);
    const Count mid = d[i].first + (d[i].second - d[i].first) / 2;
    Dom upper = d;
    d[i].second = mid;
    if (search(std::move(d), cons, vars)) return true;
    upper[i].first = mid + 1;
    return search(std::move(upper), cons, vars);
  }

  // Solvable, with an extra constraint where given.
  bool solvable(const Component& comp, const Con* extra) const {
    const std::optional<Dom> d = start(comp, nullptr);
    if (!d) return false;
    std::vector<const Con*> cons = comp.cons;
    if (extra) cons.push_back(extra);
    return search(*d, cons, comp.vars);
  }

  std::pair<Count, Count> range_in(const Component& comp, const std::vector<int>& q) const {
    std::vector<bool> free;
    const std::optional<Dom> d = start(comp, &free);
    if (!d || !search(*d, comp.cons, comp.vars))
      throw std::logic_error("totals reference: the kept observations cannot all hold");
    Count qlo = 0, qhi = 0;
    bool unbounded = false;
    for (int v : q) {
      qlo += (*d)[static_cast<std::size_t>(v)].first;
      qhi += (*d)[static_cast<std::size_t>(v)].second;
      unbounded = unbounded || free[static_cast<std::size_t>(v)];
    }
    auto ok = [&](Count l, Count h) {
      const Con bound{{q, 0}, l, h};
      std::vector<const Con*> cons = comp.cons;
      cons.push_back(&bound);
      return search(*d, cons, comp.vars);
    };
    // The least t with a solution of sum <= t: [qlo, qhi] holds it.
    Count a = qlo, b = qhi;
    while (a < b) {
      const Count m = a + (b - a) / 2;
      if (ok(very_low, m)) b = m;
      else a = m + 1;
    }
    const Count low = a;
    if (unbounded) return {low, inf};
    a = low;
    b = qhi;
    while (a < b) {  // the greatest t with a solution of sum >= t
      const Count m = a + (b - a + 1) / 2;
      if (ok(m, inf)) a = m;
      else b = m - 1;
    }
    return {low, a};
  }

  std::vector<Count> lo_, hi_;
  std::vector<Con> cons_;
  mutable long nodes_ = 0;
};

/// (mission, country alpha-3 or "" for the mission's own): an observed group,
/// and the key (mission, country or blank, blank component) of its
/// unattributed personnel.
using GroupKey = std::pair<std::string, std::string>;

/// Whether the filter matches a key (mission, country or "", component). A
/// blank country matches a country filter only through an alternative that is
/// itself blank (Country{}), as Filter::matches compares them.
inline bool matches(const muster::Filter& f, const std::string& mission, const std::string& country,
                    const std::string& component) {
  if (f.mission && !f.mission.contains(mission)) return false;
  if (f.country) {
    bool any = false;
    for (const muster::Country& c : f.country.values()) any = any || c.code() == country;
    if (!any) return false;
  }
  return !f.component || f.component.contains(component);
}

class Reference {
 public:
  Reference(const muster::Log& log, const muster::Vantage& view)
      : rows_(rows_of(log)), section5_(rows_, view) {
    visible_ = section5_.visible;
    for (const Key& k : contingents(rows_, visible_)) build_contingent(k);
    for (const Row& r : rows_)
      if (visible_[r.index] && is_observation(rows_, r)) observations_.push_back(&r);
    std::stable_sort(observations_.begin(), observations_.end(),
                     [](const Row* a, const Row* b) { return a->last < b->last; });  // then file order
    for (const Row* o : observations_) {
      std::vector<const Row*> trial = kept_;
      trial.push_back(o);
      if (build(trial).solver.feasible()) kept_.push_back(o);
    }
    built_ = build(kept_);
  }

  /// Section 8: the strength of what the filter matches at the end of d.
  Value strength(Day d, const muster::Filter& f) const {
    if (observations_.empty()) return parts_only(d, f);  // "exactly as by section 5"
    Lin q;
    Count est = 0;
    for (const auto& [k, segs] : contingents_) {
      if (!matches(f, std::get<0>(k), std::get<1>(k), std::get<2>(k))) continue;
      q += value_at(k, d);
      est += estimate(k, d);
    }
    for (const auto& [g, changes] : built_.changes) {
      if (!matches(f, g.first, g.second, "")) continue;
      q += unattributed_at(g, d);
      est += estimate(g, d);
    }
    const auto [lo, hi] = built_.solver.range(q);
    return {clamp(est, lo, hi), lo, hi};
  }

  /// Section 5 alone (tests/reference.hpp).
  Value parts_only(Day d, const muster::Filter& f) const {
    Value sum;
    for (const auto& [k, t] : section5_.tracks)
      if (matches(f, std::get<0>(k), std::get<1>(k), std::get<2>(k))) sum = add(sum, t.at(d));
    return sum;
  }

  /// The seen observations, in the order section 8 takes them, and whether each is kept.
  std::vector<std::pair<const Row*, bool>> observations() const {
    std::vector<std::pair<const Row*, bool>> out;
    for (const Row* o : observations_)
      out.emplace_back(o, std::find(kept_.begin(), kept_.end(), o) != kept_.end());
    return out;
  }
  bool kept(std::size_t row_index) const {
    for (const Row* o : kept_)
      if (o->index == row_index) return true;
    return false;
  }
  const std::vector<Row>& rows() const { return rows_; }

 private:
  // A contingent's segment from `from` on: the unknown `var` plus `off`
  // (var -1: the constant `off`), and its section 5 estimate.
  struct Seg {
    Day from;
    int var = -1;
    Count off = 0;
    Count est5 = 0;
  };
  struct Built {
    Solver solver;
    // Per observed group: from each day on, its unattributed unknown (-1: 0).
    std::map<GroupKey, std::vector<std::pair<Day, int>>> changes;
    std::map<GroupKey, std::map<Day, const Row*>> kept_on;  // the last kept observation of each day
  };

  static Count clamp(Count e, Count lo, Count hi) {
    if (e < lo) return lo;
    if (hi != inf && e > hi) return hi;
    return e;
  }

  static bool end_holds_contingent(const Row& e, const Key& k) {
    return e.kind == Kind::end && e.mission == std::get<0>(k) &&
           (e.country.empty() || e.country == std::get<1>(k)) &&
           (e.component.empty() || e.component == std::get<2>(k));
  }
  // "An end holds H when it names H's mission, a blank component, and a blank
  // country or H's country."
  static bool end_holds_group(const Row& e, const GroupKey& g) {
    return e.kind == Kind::end && e.mission == g.first && e.component.empty() &&
           (e.country.empty() || e.country == g.second);
  }
  static bool inside(const Key& k, const GroupKey& g) {
    return std::get<0>(k) == g.first && (g.second.empty() || std::get<1>(k) == g.second);
  }

  // The unknowns of one contingent, walking its step days (section 5 tracks,
  // section 8 links).
  void build_contingent(const Key& key) {
    std::vector<const Row*> mine;  // file order
    for (const Row& r : rows_) {
      if (!visible_[r.index]) continue;
      const bool own = (r.kind == Kind::arrival || r.kind == Kind::departure || r.kind == Kind::report) &&
                       key_of(r) == key && !is_observation(rows_, r);
      if (own || end_holds_contingent(r, key)) mine.push_back(&r);
    }
    std::set<Day> days;
    for (const Row* r : mine) {
      if (r->kind != Kind::report) days.insert(r->first);
      days.insert(r->last);
    }
    std::vector<Seg>& segs = contingents_[key];
    Count e = 0, l = 0, h = 0;
    bool h_unbounded = false;
    int var = -1;
    Count off = 0;
    for (Day d : days) {
      Count e_sum = 0, l_sum = 0, h_sum = 0, delta = 0;
      bool l_minus_inf = false, h_plus_inf = false, set = false, h_has_set = false, exact_only = true;
      Count e_set = 0, l_set = 0;
      std::optional<Count> h_set;  // empty: set to unbounded
      for (const Row* r : mine) {
        if (r->kind == Kind::report ? r->last != d : (r->first != d && r->last != d)) continue;
        if (r->kind == Kind::report) {
          set = h_has_set = true;
          exact_only = false;
          e_set = r->est;
          l_set = r->low;
          h_set = r->high;
          continue;
        }
        if (r->kind == Kind::end) {  // estimate and low set to 0 on its first day, high on its last
          exact_only = false;
          if (r->first == d) {
            set = true;
            e_set = l_set = 0;
          }
          if (r->last == d) {
            h_has_set = true;
            h_set = 0;
          }
          continue;
        }
        const bool exact = r->first == r->last && r->high && *r->high == r->low && r->est == r->low;
        exact_only = exact_only && exact;
        const Count sign = r->kind == Kind::arrival ? 1 : -1;
        if (r->first == d) {
          e_sum += sign * r->est;
          delta += sign * r->est;
          if (r->kind == Kind::arrival) {
            if (r->high) h_sum += *r->high;
            else h_plus_inf = true;
          } else {
            if (r->high) l_sum -= *r->high;
            else l_minus_inf = true;
          }
        }
        if (r->last == d) {
          if (r->kind == Kind::arrival) l_sum += r->low;
          else h_sum -= r->low;
        }
      }
      bool raised = e + e_sum < 0;
      e = std::max<Count>(0, e + e_sum);
      if (set) e = e_set;
      raised = raised || (!l_minus_inf && l + l_sum < 0) || l_minus_inf;
      l = l_minus_inf ? 0 : std::max<Count>(0, l + l_sum);
      if (set) l = l_set;
      if (!h_unbounded && !h_plus_inf) {
        raised = raised || h + h_sum < 0;
        h = std::max<Count>(0, h + h_sum);
      }
      if (h_plus_inf) h_unbounded = true;
      if (h_has_set) {
        h_unbounded = !h_set;
        h = h_set.value_or(0);
      }
      const Count box_lo = h_unbounded ? l : std::min(l, h);
      const Count box_hi = h_unbounded ? inf : std::max(l, h);
      if (exact_only && !set && !h_has_set && !raised) {
        off += delta;  // linked: the same people plus the day's sum
        if (var >= 0) base_.narrow(var, box_lo - off, box_hi == inf ? inf : box_hi - off);
      } else {
        var = base_.var(box_lo, box_hi);
        off = 0;
      }
      segs.push_back({d, var, off, e});
    }
  }

  Lin value_at(const Key& k, Day d) const {
    const std::vector<Seg>& segs = contingents_.at(k);
    const Seg* s = nullptr;
    for (const Seg& x : segs)
      if (x.from <= d) s = &x;
    if (!s) return {};
    Lin out;
    if (s->var >= 0) out.vars.push_back(s->var);
    out.k = s->off;
    return out;
  }

  // The unattributed personnel of g at the end of d: its unknown, or -1 (0).
  int unattributed_var(const GroupKey& g, Day d) const {
    const auto it = built_.changes.find(g);
    if (it == built_.changes.end()) return -1;
    int v = -1;
    for (const auto& [from, var] : it->second)
      if (from <= d) v = var;
    return v;
  }
  Lin unattributed_at(const GroupKey& g, Day d) const { return unattributed_at(built_, g, d); }
  static Lin unattributed_at(const Built& b, const GroupKey& g, Day d) {
    Lin out;
    const auto it = b.changes.find(g);
    if (it == b.changes.end()) return out;
    int v = -1;
    for (const auto& [from, var] : it->second)
      if (from <= d) v = var;
    if (v >= 0) out.vars.push_back(v);
    return out;
  }

  // The unknowns and constraints with `kept` as the kept observations.
  Built build(const std::vector<const Row*>& kept) const {
    Built b;
    b.solver = base_;
    std::map<GroupKey, std::set<Day>> days;
    for (const Row* o : kept) {
      const GroupKey g{o->mission, o->country};
      days[g].insert(o->last);
      b.kept_on[g][o->last] = o;  // file order within a day: the last wins
    }
    for (const auto& [g, ds] : days) {
      std::vector<std::pair<Day, int>>& ch = b.changes[g];
      for (Day d : ds) ch.emplace_back(d, b.solver.var(0, inf));
      // 0 again from the first day of an end that holds g, until the next
      // kept observation (a kept observation on that very day wins).
      for (const Row& r : rows_)
        if (visible_[r.index] && end_holds_group(r, g) && !ds.count(r.first)) ch.emplace_back(r.first, -1);
      std::stable_sort(ch.begin(), ch.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    for (const Row* o : kept) {
      const GroupKey g{o->mission, o->country};
      Lin sum;
      for (const auto& [k, segs] : contingents_)
        if (inside(k, g)) sum += value_at(k, o->last);
      for (const auto& [sub, ch] : b.changes)
        if (sub.first == g.first && (sub == g || (g.second.empty() && !sub.second.empty())))
          sum += unattributed_at(b, sub, o->last);
      b.solver.add({std::move(sum), o->low, o->high.value_or(inf)});
    }
    return b;
  }

  std::pair<Count, Count> range_of(int var) const {
    if (auto it = ranges_.find(var); it != ranges_.end()) return it->second;
    const auto r = built_.solver.range(Lin{{var}, 0});
    ranges_[var] = r;
    return r;
  }

  // A contingent's estimate: its section 5 estimate, brought within its low and high.
  Count estimate(const Key& k, Day d) const {
    const Seg* s = nullptr;
    for (const Seg& x : contingents_.at(k))
      if (x.from <= d) s = &x;
    if (!s) return 0;
    if (s->var < 0) return clamp(s->est5, s->off, s->off);
    const auto [lo, hi] = range_of(s->var);
    return clamp(s->est5, lo + s->off, hi == inf ? inf : hi + s->off);
  }

  // The estimate of g's unattributed personnel: from the day E of a kept
  // observation o on, o's estimate minus the estimates of g's parts at the end
  // of E (countries' before their mission's), raised to 0, then brought
  // within the unknown's low and high.
  Count estimate(const GroupKey& g, Day d) const {
    const int v = unattributed_var(g, d);
    if (v < 0) return 0;
    Day from{};
    for (const auto& [day, var] : built_.changes.at(g))
      if (var == v) from = day;
    const Row* o = built_.kept_on.at(g).at(from);
    Count parts = 0;
    for (const auto& [k, segs] : contingents_)
      if (inside(k, g)) parts += estimate(k, from);
    if (g.second.empty())
      for (const auto& [sub, ch] : built_.changes)
        if (sub.first == g.first && !sub.second.empty()) parts += estimate(sub, from);
    const auto [lo, hi] = range_of(v);
    return clamp(std::max<Count>(0, o->est - parts), lo, hi);
  }

  std::vector<Row> rows_;
  Model section5_;
  std::vector<bool> visible_;
  Solver base_;  // the contingents' unknowns
  std::map<Key, std::vector<Seg>> contingents_;
  std::vector<const Row*> observations_;  // seen, in order of E then file order
  std::vector<const Row*> kept_;
  Built built_;
  mutable std::map<int, std::pair<Count, Count>> ranges_;
};

}  // namespace ref::totals
