// What totals add, spec section 8 (src/totals.hpp).
#include "totals.hpp"

#include "sum_solver.hpp"
#include "tracks.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace muster::detail {

namespace {

constexpr Count inf = Value::unbounded;
constexpr std::uint32_t none = Totals::none;
// The low of an unknown whose bounds are left out (a conflict's search for
// the rows it cannot hold with).
constexpr Count far_below = -(Count{1} << 44);

// One stretch of a contingent's days over which its strength is one unknown:
// from a step day (or N days after it, stale) to the day before the next.
// A contingent's segments follow one another with no gap, so each ends the
// day before the next begins (the last never ends); 24 bytes, as there are
// about as many as rows.
struct Segment {
  Day from;
  std::uint32_t node;  // its chain's unknown: strength = node + offset
  Count offset;
  Count estimate;  // section 5's (uncrossed)
};

// An unknown: a chain of a contingent's segments linked across exact steps,
// or one group's unattributed personnel from one observation day on.
struct Node {
  Count low, high;
  std::uint32_t contingent = none;  // none: unattributed personnel
  Day first{}, last{};              // a chain's days
};

// One observation's constraint: the chains of its parts at its day (with
// the sum of their offsets), the unattributed personnel of the observed
// groups inside its group at that day, and its own group's.
struct Constraint {
  std::vector<std::uint32_t> nodes;
  Count offset = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> inner;  // (group, day index)
  std::uint32_t group = 0, day_index = 0;
  Count low = 0, high = inf, estimate = 0;
  Day day{};
};

struct UnattributedDays {
  std::vector<Day> days;             // distinct days of the group's seen observations
  std::vector<std::uint32_t> nodes;  // by day
  std::vector<bool> after_zero;      // by day: the day before it, the personnel are 0
  std::vector<bool> linked;          // by day: the same as the day before (no kept observation yet)
  std::vector<Day> end_days;         // first days of the ends that hold the group, sorted
  std::vector<std::pair<Day, std::uint32_t>> kept;  // (day, outcome) of kept observations, in order
};

// One day of a flat component's kept observations (below), the offsets of
// their chains taken off: the least and greatest sum of the chains and the
// group's unattributed personnel, the chains' lows summed, and one of them.
struct FlatDay {
  Day day;
  Count need = 0, cap = inf, low_sum = 0;
  std::uint32_t rep = 0;  // an outcome of the day: its chains are the day's
  Count room() const { return cap == inf ? inf : cap - low_sum; }
};

struct Component {
  std::vector<std::uint32_t> nodes;
  std::vector<std::uint32_t> kept;  // constraints (by outcome), in the order kept
  std::optional<SumProblem> final_problem;
  std::vector<std::uint32_t> unknown_of_node;  // final: node -> unknown, or none (0)
  // Flat: every observation is of one group, none counts an inner group's
  // personnel, and every chain's low is at most its high. Then each kept
  // observation has unattributed personnel of its own day (0 or more, no
  // upper limit) that only that day's observations name, so the lows of
  // the observations ask nothing of the chains, and every chain at its low
  // meets every high that can be met at all: the problem falls apart into
  // days (decide), and ranges have a closed form (Impl::gain).
  bool flat = true;
  std::uint32_t group = none;
  std::vector<FlatDay> days;  // final, by day
};

}  // namespace

struct Totals::Impl {
  const ViewRuns* runs;
  const Log* log;
  std::optional<StaleAfter> stale;
  std::vector<std::uint32_t> observations;  // the seen ones, but those left out; file order

  std::vector<ObservedGroup> groups;
  std::vector<Outcome> outcomes;      // file order
  std::vector<std::vector<std::uint32_t>> against;  // by outcome, where not flat
  std::vector<Constraint> cons;       // by outcome
  std::vector<std::vector<std::uint32_t>> parts;     // by group: contingents
  std::vector<std::vector<std::uint32_t>> children;  // by group: observed countries of a mission
  std::vector<UnattributedDays> un;                  // by group

  std::vector<std::uint32_t> seg_first, seg_count;  // by contingent
  std::vector<Segment> segs;
  std::vector<Node> nodes;
  std::vector<std::uint32_t> comp_of;  // by node
  std::vector<Component> comps;

  mutable std::mutex mutex;
  mutable std::vector<std::optional<std::pair<Count, Count>>> node_range;  // final
  mutable std::map<std::uint32_t, Count> unattributed_estimate;  // by outcome
  // The range of a sum of a component's unknowns, by component and unknowns
  // (sorted): a series asks the same sum on every day between step days, and
  // each is a solver run where the component is not flat.
  mutable std::map<std::pair<std::uint32_t, std::vector<std::uint32_t>>, std::pair<Count, Count>> sum_range;

  const Segment* segment_at(std::uint32_t c, Day d) const {
    if (c >= seg_first.size() || seg_count[c] == 0) return nullptr;
    const Segment* b = segs.data() + seg_first[c];
    const Segment* e = b + seg_count[c];
    const Segment* it = std::upper_bound(b, e, d, [](Day x, const Segment& s) { return x < s.from; });
    if (it == b) return nullptr;
    return it - 1;  // segments leave no gap: the last one before d holds it
  }

  // The day index of group g's unattributed personnel at d, or none where
  // they are 0 whatever is kept (before its first observation day, or after
  // an end that holds it).
  std::uint32_t day_index_at(std::uint32_t g, Day d) const {
    const UnattributedDays& u = un[g];
    const auto it = std::upper_bound(u.days.begin(), u.days.end(), d);
    if (it == u.days.begin()) return none;
    const auto j = static_cast<std::uint32_t>(it - u.days.begin() - 1);
    const auto e = std::upper_bound(u.end_days.begin(), u.end_days.end(), u.days[j]);
    if (e != u.end_days.end() && *e <= d) return none;
    return j;
  }

  // The unknown that group g's personnel of day index j are now (through the
  // days not yet changed by a kept observation), or none where they are 0.
  // With a stale limit, where group g's unattributed personnel at d are
  // free (section 8, "Staleness": from N days after its last kept
  // observation on, until the next): the day of that observation.
  std::optional<Day> unattributed_stale(std::uint32_t g, Day d) const {
    if (!stale) return std::nullopt;
    const std::uint32_t j = day_index_at(g, d);
    if (j == none || resolve(g, j) == none) return std::nullopt;  // 0 there
    const UnattributedDays& u = un[g];
    const auto it = std::upper_bound(u.kept.begin(), u.kept.end(), std::pair(d, none));
    if (it == u.kept.begin()) return std::nullopt;
    const Day e = std::prev(it)->first;
    if (!stale->stale(e, d)) return std::nullopt;
    return e;
  }

  std::uint32_t resolve(std::uint32_t g, std::uint32_t j) const {
    const UnattributedDays& u = un[g];
    while (j != none && u.linked[j]) j = (u.after_zero[j] || j == 0) ? none : j - 1;
    return j == none ? none : u.nodes[j];
  }

  std::uint32_t find(std::vector<std::uint32_t>& parent, std::uint32_t x) const {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }

  void build();
  // Segments and their unknowns as one thread makes them (node numbers its
  // own), with memory it reuses from one contingent to the next.
  struct Chains {
    std::vector<Segment> segs;
    std::vector<Node> nodes;
    std::vector<rules::TrackStep> steps, order;
    std::vector<rules::DayEnd> ends;
  };
  void make_segments(std::uint32_t c, Chains& out);
  void decide();
  // The problem of component `k`: its chains and unattributed personnel, the
  // constraints `with` (outcomes), bounds left out for the nodes in `free`.
  SumProblem problem(const Component& k, std::span<const std::uint32_t> with,
                     const std::vector<std::uint32_t>& free, std::vector<std::uint32_t>& unknown_of) const;
  std::vector<std::uint32_t> conflict_rows(const Component& k, std::uint32_t o);
  std::vector<std::uint32_t> rows_setting(std::uint32_t node) const;
  struct StepMark {
    Day day;
    std::uint32_t order;
    bool set;
  };
  mutable std::map<std::uint32_t, std::vector<StepMark>> step_marks;  // by contingent, once asked

  // Flat components (Component::flat).
  Count low_sum(const Constraint& c) const;
  bool flat_holds(std::span<const std::uint32_t> kept, std::uint32_t o, bool chain_freed) const;
  std::vector<std::uint32_t> flat_conflict_rows(const Component& k, std::uint32_t o) const;
  void finish_flat(Component& k);
  const FlatDay& flat_day(const Component& k, Day d) const;
  Count gain(const Component& k, std::span<const std::uint32_t> chains, Day pivot) const;
  std::pair<Count, Count> flat_range(const Component& k, Day d, std::span<const std::uint32_t> chains,
                                     std::uint32_t unattributed) const;

  const Component& final_component(std::uint32_t k) const;
  std::pair<Count, Count> range_of(std::uint32_t node) const;  // final, offset not added
  Count contingent_estimate(std::uint32_t c, Day d) const;
  Count group_estimate(std::uint32_t g, Day d) const;
  Count parts_estimate(std::uint32_t g, Day d) const;
};

Totals::Totals(const ViewRuns& runs, std::optional<StaleAfter> stale_after,
               std::span<const std::uint32_t> leave_out)
    : impl_(std::make_unique<Impl>()) {
  impl_->runs = &runs;
  impl_->log = &runs.log();
  impl_->stale = stale_after;
  std::vector<std::uint32_t> out(leave_out.begin(), leave_out.end());
  std::sort(out.begin(), out.end());
  for (const std::uint32_t row : runs.observations())
    if (!std::binary_search(out.begin(), out.end(), row)) impl_->observations.push_back(row);
  if (impl_->observations.empty()) return;
  impl_->build();
  impl_->decide();
}

Totals::~Totals() = default;

bool Totals::active() const noexcept { return !impl_->outcomes.empty(); }
std::span<const Totals::ObservedGroup> Totals::groups() const noexcept { return impl_->groups; }
std::span<const Totals::Outcome> Totals::outcomes() const noexcept { return impl_->outcomes; }

const Totals::Outcome* Totals::outcome(std::uint32_t row) const noexcept {
  const auto& os = impl_->outcomes;
  const auto it = std::lower_bound(os.begin(), os.end(), row, [](const Outcome& o, std::uint32_t r) { return o.row < r; });
  return it != os.end() && it->row == row ? &*it : nullptr;
}

void Totals::Impl::make_segments(std::uint32_t c, Chains& out) {
  std::vector<Segment>& segs = out.segs;
  std::vector<Node>& nodes = out.nodes;
  seg_first[c] = static_cast<std::uint32_t>(segs.size());
  const ContingentRun* run = runs->run_of(c);
  if (!run) return;
  // The tracks run here, not kept by the runs: segments are all totals keep.
  const std::vector<rules::TrackStep>& steps = out.steps;
  runs->steps(*run, out.steps);
  out.order.assign(steps.begin(), steps.end());
  out.ends.clear();
  rules::run_tracks(out.order, out.ends);
  const struct {
    const std::vector<rules::DayEnd>& ends;
  } t{out.ends};
  std::size_t s = 0;
  bool prev_stale = false;
  std::size_t row_seen = static_cast<std::size_t>(-1);
  bool row_exact = false;
  for (std::size_t k = 0; k < t.ends.size(); ++k) {
    const rules::DayEnd& end = t.ends[k];
    // Linked to the day before: every step of the day a + or - step of a
    // row with an exact value and a one-day period, and no track raised to 0.
    bool exact = k > 0 && !prev_stale;
    Count delta = 0;
    for (; s < steps.size() && steps[s].day < end.day; ++s) {}
    for (; s < steps.size() && steps[s].day == end.day; ++s) {
      const rules::TrackStep& st = steps[s];
      if (!exact) continue;
      if (st.set || st.infinite) {
        exact = false;
        continue;
      }
      if (st.order != row_seen) {  // a row's steps of one day are together
        row_seen = st.order;
        const Kind kind = log->kind(st.order);
        row_exact = kind == Kind::arrival || kind == Kind::departure;
        if (row_exact) {
          const Log::RowFacts f = log->facts(st.order);
          row_exact = f.date.first == f.date.last && f.value.low == f.value.high && f.value.estimate == f.value.low;
        }
      }
      if (!row_exact) {
        exact = false;
        continue;
      }
      if (st.track == rules::Track::estimate) delta += st.amount;
    }
    if (exact) {
      const Value before = t.ends[k - 1].tracks();
      if (before.estimate + delta < 0 || before.low + delta < 0 || (before.bounded() && before.high + delta < 0))
        exact = false;
    }
    const Day next = k + 1 < t.ends.size() ? t.ends[k + 1].day : Day::max();
    Day to = next == Day::max() ? Day::max() : next - date::days{1};
    Day stale_from = Day::max();
    if (stale) {
      const Day current = stale->last_current_day(end.day);
      if (current < to) {
        stale_from = current + date::days{1};
        to = current;
      }
    }
    Segment seg{end.day, 0, 0, end.value.estimate};
    if (exact) {
      const Segment& prev = segs.back();
      seg.node = prev.node;
      seg.offset = prev.offset + delta;
      Node& n = nodes[seg.node];
      n.low = std::max(n.low, end.value.low - seg.offset);
      if (end.value.bounded()) n.high = std::min(n.high, end.value.high - seg.offset);
      n.last = to;
    } else {
      seg.node = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back({end.value.low, end.value.high, c, end.day, to});
    }
    segs.push_back(seg);
    prev_stale = stale_from != Day::max();
    if (prev_stale) {
      const Day stale_to = next == Day::max() ? Day::max() : next - date::days{1};
      segs.push_back({stale_from, static_cast<std::uint32_t>(nodes.size()), 0, end.value.estimate});
      nodes.push_back({0, inf, c, stale_from, stale_to});
    }
  }
  seg_count[c] = static_cast<std::uint32_t>(segs.size()) - seg_first[c];
}

void Totals::Impl::build() {
  const std::span<const Contingent> keys = log->contingents();
  const std::size_t nk = keys.size();
  // The observed groups, and each observation's.
  std::map<std::pair<std::string, Country>, std::uint32_t> group_of;
  std::vector<std::uint32_t> obs_group;
  for (const std::uint32_t row : observations) {
    const Log::RowFacts f = log->facts(row);
    const Contingent& k = keys[f.contingent];
    const Country country = k.country.ok() ? k.country : Country{};
    auto [it, added] = group_of.try_emplace({k.mission, country}, static_cast<std::uint32_t>(groups.size()));
    if (added) groups.push_back({Contingent{k.mission, country, {}}, none});
    obs_group.push_back(it->second);
  }
  const std::size_t ng = groups.size();
  parts.resize(ng);
  children.resize(ng);
  un.resize(ng);
  for (std::uint32_t g = 0; g < ng; ++g)
    if (groups[g].key.country.ok())
      if (const auto it = group_of.find({groups[g].key.mission, Country{}}); it != group_of.end()) {
        groups[g].mission = it->second;
        children[it->second].push_back(g);
      }
  // The contingents of the file: the triples of its arrivals, departures and
  // reports that are not observations.
  std::vector<bool> is_part(nk, false);
  for (const std::uint32_t c : log->parts()) is_part[c] = true;
  seg_first.assign(nk, 0);
  seg_count.assign(nk, 0);
  std::vector<std::uint32_t> segmented;
  for (std::uint32_t c = 0; c < nk; ++c) {
    if (!is_part[c]) continue;
    bool inside = false;
    if (const auto m = group_of.find({keys[c].mission, Country{}}); m != group_of.end()) {
      parts[m->second].push_back(c);
      inside = true;
    }
    if (const auto k = group_of.find({keys[c].mission, keys[c].country}); k != group_of.end()) {
      parts[k->second].push_back(c);
      inside = true;
    }
    if (inside) segmented.push_back(c);
  }
  // Each contingent's segments: two threads on a large log, each on about
  // half of the rows; the second's numbers follow the first's.
  std::size_t rows = 0, half = 0;
  for (const std::uint32_t c : segmented)
    if (const ContingentRun* r = runs->run_of(c)) rows += r->rows.size();
  auto mid = segmented.begin();
  for (; mid != segmented.end() && half < rows / 2; ++mid)
    if (const ContingentRun* r = runs->run_of(*mid)) half += r->rows.size();
  Chains first, second;
  run_both(rows >= split_steps_from && two_threads(),
           [&] { for (auto c = segmented.begin(); c != mid; ++c) make_segments(*c, first); },
           [&] { for (auto c = mid; c != segmented.end(); ++c) make_segments(*c, second); });
  segs = std::move(first.segs);
  nodes = std::move(first.nodes);
  const auto seg_base = static_cast<std::uint32_t>(segs.size());
  const auto node_base = static_cast<std::uint32_t>(nodes.size());
  for (auto c = mid; c != segmented.end(); ++c) seg_first[*c] += seg_base;
  for (Segment& x : second.segs) x.node += node_base;
  segs.insert(segs.end(), second.segs.begin(), second.segs.end());
  nodes.insert(nodes.end(), second.nodes.begin(), second.nodes.end());
  // The days of each group's observations, and the ends that hold it.
  for (std::size_t o = 0; o < obs_group.size(); ++o) {
    const Log::RowFacts f = log->facts(observations[o]);
    un[obs_group[o]].days.push_back(f.date.last);
  }
  for (const std::uint32_t row : runs->ends()) {
    const Log::RowFacts f = log->facts(row);
    const Contingent& k = keys[f.contingent];
    if (!k.component.empty()) continue;
    for (std::uint32_t g = 0; g < ng; ++g)
      if (groups[g].key.mission == k.mission && (!k.country.ok() || k.country == groups[g].key.country))
        un[g].end_days.push_back(f.date.first);
  }
  for (UnattributedDays& u : un) {
    std::sort(u.days.begin(), u.days.end());
    u.days.erase(std::unique(u.days.begin(), u.days.end()), u.days.end());
    std::sort(u.end_days.begin(), u.end_days.end());
    for (std::size_t j = 0; j < u.days.size(); ++j) {
      u.nodes.push_back(static_cast<std::uint32_t>(nodes.size()));
      nodes.push_back({0, inf, none, u.days[j], u.days[j]});
      bool zero = j == 0;
      if (!zero) {
        const auto e = std::upper_bound(u.end_days.begin(), u.end_days.end(), u.days[j - 1]);
        zero = e != u.end_days.end() && *e <= u.days[j];
      }
      u.after_zero.push_back(zero);
      u.linked.push_back(true);
    }
  }
  // Each observation's constraint.
  const std::span<const std::uint32_t> obs = observations;
  outcomes.resize(obs.size());
  cons.resize(obs.size());
  for (std::size_t o = 0; o < obs.size(); ++o) {
    const Log::RowFacts f = log->facts(obs[o]);
    const std::uint32_t g = obs_group[o];
    Outcome& out = outcomes[o];
    out.row = obs[o];
    out.group = g;
    Constraint& c = cons[o];
    c.group = g;
    c.day = f.date.last;
    c.day_index = static_cast<std::uint32_t>(std::lower_bound(un[g].days.begin(), un[g].days.end(), c.day) - un[g].days.begin());
    c.low = f.value.low;
    c.high = f.value.high;
    c.estimate = f.value.estimate;
    for (const std::uint32_t k : children[g])
      if (const std::uint32_t j = day_index_at(k, c.day); j != none) c.inner.emplace_back(k, j);
  }
  // The chains of each part at the days of its group's observations: one
  // walk over the part's segments and the days in order (each constraint's
  // nodes in the order of its group's parts), not a search per pair.
  std::vector<std::vector<std::uint32_t>> by_day(ng);  // by group: observations in order of day
  for (std::uint32_t o = 0; o < obs.size(); ++o) by_day[obs_group[o]].push_back(o);
  for (std::uint32_t g = 0; g < ng; ++g) {
    std::vector<std::uint32_t>& list = by_day[g];
    std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) { return cons[a].day < cons[b].day; });
    for (const std::uint32_t p : parts[g]) {
      if (seg_count[p] == 0) continue;
      const Segment* next = segs.data() + seg_first[p];
      const Segment* const end = next + seg_count[p];
      const Segment* at = nullptr;
      for (const std::uint32_t o : list) {
        Constraint& c = cons[o];
        for (; next != end && next->from <= c.day; ++next) at = next;
        if (!at) continue;
        c.nodes.push_back(at->node);
        c.offset += at->offset;
      }
    }
  }
  // Components: the unknowns any observation links (a superset of what the
  // kept ones link), and each group's days that may stay the same.
  std::vector<std::uint32_t> parent(nodes.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto unite = [&](std::uint32_t a, std::uint32_t b) { parent[find(parent, a)] = find(parent, b); };
  for (const Constraint& c : cons) {
    const std::uint32_t own = un[c.group].nodes[c.day_index];
    for (const std::uint32_t n : c.nodes) unite(n, own);
    for (const auto& [k, j] : c.inner) unite(un[k].nodes[j], own);
  }
  for (const UnattributedDays& u : un)
    for (std::size_t j = 1; j < u.days.size(); ++j)
      if (!u.after_zero[j]) unite(u.nodes[j], u.nodes[j - 1]);
  // A chain that no observation reaches is linked to nothing: it gets no
  // component (comp_of none), its range is its own. Most chains of a large
  // log are such, and a component is some hundred bytes.
  std::vector<bool> reached(nodes.size(), false);
  for (std::uint32_t n = 0; n < nodes.size(); ++n)
    if (nodes[n].contingent == none) reached[find(parent, n)] = true;
  comp_of.assign(nodes.size(), none);
  std::vector<std::uint32_t> comp_of_root(nodes.size(), none);
  for (std::uint32_t n = 0; n < nodes.size(); ++n) {
    const std::uint32_t r = find(parent, n);
    if (!reached[r]) continue;
    if (comp_of_root[r] == none) {
      comp_of_root[r] = static_cast<std::uint32_t>(comps.size());
      comps.emplace_back();
    }
    comp_of[n] = comp_of_root[r];
    comps[comp_of[n]].nodes.push_back(n);
  }
  for (const Constraint& c : cons) {
    Component& k = comps[comp_of[un[c.group].nodes[c.day_index]]];
    if (k.group == none) k.group = c.group;
    if (k.group != c.group || !c.inner.empty()) k.flat = false;
  }
  for (Component& k : comps)
    for (const std::uint32_t n : k.nodes)
      if (nodes[n].contingent != none && nodes[n].high != inf && nodes[n].low > nodes[n].high) k.flat = false;
  node_range.assign(nodes.size(), std::nullopt);
}

SumProblem Totals::Impl::problem(const Component& k, std::span<const std::uint32_t> with,
                                 const std::vector<std::uint32_t>& free,
                                 std::vector<std::uint32_t>& unknown_of) const {
  SumProblem p;
  for (const std::uint32_t n : k.nodes) {
    const Node& node = nodes[n];
    if (node.contingent == none) continue;
    const bool freed = std::find(free.begin(), free.end(), n) != free.end();
    unknown_of[n] = freed ? p.add_unknown(far_below, inf) : p.add_unknown(node.low, node.high);
  }
  // A group's personnel of one day are an unknown of their own where a kept
  // observation changed them that day, else those of the day before.
  for (const std::uint32_t n : k.nodes)
    if (nodes[n].contingent == none) unknown_of[n] = none;
  std::vector<std::uint32_t> terms;
  auto unattributed = [&](std::uint32_t g, std::uint32_t j) -> std::uint32_t {
    const std::uint32_t r = resolve(g, j);
    if (r == none) return none;
    if (unknown_of[r] == none) unknown_of[r] = p.add_unknown(0, inf);
    return unknown_of[r];
  };
  for (const std::uint32_t o : with) {
    const Constraint& c = cons[o];
    terms.clear();
    for (const std::uint32_t n : c.nodes) terms.push_back(unknown_of[n]);
    for (const auto& [g, j] : c.inner)
      if (const std::uint32_t u = unattributed(g, j); u != none) terms.push_back(u);
    if (const std::uint32_t u = unattributed(c.group, c.day_index); u != none) terms.push_back(u);
    p.add_constraint(terms, c.low - c.offset, c.high == inf ? inf : c.high - c.offset);
  }
  return p;
}

// The rows that set the bounds of a chain: the contingent's seen rows with
// a step from the last day on or before the chain's first with a set step
// (the start where none) to the chain's last day. From the contingent's
// steps, kept (a few bytes each) once a conflict has asked for them.
std::vector<std::uint32_t> Totals::Impl::rows_setting(std::uint32_t node) const {
  const Node& n = nodes[node];
  auto [marks, added] = step_marks.try_emplace(n.contingent);
  if (added) {
    std::vector<rules::TrackStep> steps;
    if (const ContingentRun* run = runs->run_of(n.contingent)) runs->steps(*run, steps);
    marks->second.reserve(steps.size());
    for (const rules::TrackStep& st : steps)
      marks->second.push_back({st.day, static_cast<std::uint32_t>(st.order), st.set});
  }
  const std::vector<StepMark>& steps = marks->second;
  // the last set step on or before the chain's first day
  Day from = Day::min();
  auto s = std::upper_bound(steps.begin(), steps.end(), n.first, [](Day d, const StepMark& m) { return d < m.day; });
  for (auto back = s; back != steps.begin();)
    if ((--back)->set) {
      from = back->day;
      break;
    }
  s = std::lower_bound(steps.begin(), steps.end(), from, [](const StepMark& m, Day d) { return m.day < d; });
  std::vector<std::uint32_t> out;
  for (; s != steps.end() && s->day <= n.last; ++s) out.push_back(s->order);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A set of rows that cannot all hold with observation o, none of which can
// be left out: by deletion, from the kept observations of its component and
// the bounds of its chains.
std::vector<std::uint32_t> Totals::Impl::conflict_rows(const Component& k, std::uint32_t o) {
  std::vector<std::uint32_t> unknown_of(nodes.size(), none);
  std::vector<std::uint32_t> kept = k.kept;
  std::vector<std::uint32_t> chains;
  for (const std::uint32_t n : k.nodes)
    if (nodes[n].contingent != none) chains.push_back(n);
  std::vector<std::uint32_t> free;
  auto holds = [&](const std::vector<std::uint32_t>& with) {
    std::vector<std::uint32_t> all = with;
    all.push_back(o);
    return problem(k, all, free, unknown_of).feasible();
  };
  for (std::size_t i = 0; i < kept.size();) {
    std::vector<std::uint32_t> without = kept;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (!holds(without)) kept = std::move(without);
    else ++i;
  }
  std::vector<std::uint32_t> needed;
  for (const std::uint32_t n : chains) {
    free.push_back(n);
    if (holds(kept)) {
      free.pop_back();
      needed.push_back(n);
    }
  }
  std::vector<std::uint32_t> rows;
  for (const std::uint32_t c : kept) rows.push_back(outcomes[c].row);
  for (const std::uint32_t n : needed)
    for (const std::uint32_t r : rows_setting(n)) rows.push_back(r);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

// Section 8's order: by the day each observation's period ends, then file
// order; each kept where it and those kept before can all hold.
void Totals::Impl::decide() {
  std::vector<std::uint32_t> order(outcomes.size());
  against.resize(outcomes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return cons[a].day < cons[b].day; });
  std::vector<std::uint32_t> unknown_of(nodes.size(), none);
  for (const std::uint32_t o : order) {
    const Constraint& c = cons[o];
    UnattributedDays& u = un[c.group];
    Component& k = comps[comp_of[u.nodes[c.day_index]]];
    const bool was_linked = u.linked[c.day_index];
    u.linked[c.day_index] = false;
    bool holds = false;
    if (k.flat) {
      holds = flat_holds(k.kept, o, false);
    } else {
      std::vector<std::uint32_t> with = k.kept;
      with.push_back(o);
      holds = problem(k, with, {}, unknown_of).feasible();
    }
    if (holds) {
      outcomes[o].kept = true;
      k.kept.push_back(o);
      u.kept.emplace_back(c.day, o);
    } else {
      // A flat component's are found when asked; the others' need the
      // state of this moment (which of the same day are kept yet).
      if (!k.flat) against[o] = conflict_rows(k, o);
      u.linked[c.day_index] = was_linked;
    }
  }
  for (Component& k : comps)
    if (k.flat) finish_flat(k);
}

namespace {
// a + b, where either may be unbounded.
Count add_or_inf(Count a, Count b) { return a == inf || b == inf ? inf : checked_add(a, b); }
}  // namespace

Count Totals::Impl::low_sum(const Constraint& c) const {
  Count sum = 0;
  for (const std::uint32_t n : c.nodes) sum = checked_add(sum, nodes[n].low);
  return sum;
}

// Whether observation o holds with the observations `kept` of a flat
// component (those of o's day are the last ones): its day's lows and highs
// must meet, and its chains at their lows fit under the highs, unless the
// bounds of one of its chains are left out (`chain_freed`: a conflict's
// search for the rows it cannot hold with). The other days do not matter:
// every chain at its low meets their highs, and their own unattributed
// personnel their lows.
bool Totals::Impl::flat_holds(std::span<const std::uint32_t> kept, std::uint32_t o, bool chain_freed) const {
  const Constraint& c = cons[o];
  Count need = c.low, cap = c.high;
  for (auto it = kept.rbegin(); it != kept.rend() && cons[*it].day == c.day; ++it) {
    need = std::max(need, cons[*it].low);
    cap = std::min(cap, cons[*it].high);
  }
  if (need > cap) return false;
  return chain_freed || cap == inf || checked_add(low_sum(c), c.offset) <= cap;
}

// conflict_rows, for a flat component: the same deletion, in the same order,
// judged day by day.
std::vector<std::uint32_t> Totals::Impl::flat_conflict_rows(const Component& k, std::uint32_t o) const {
  // The deletion leaves out every kept observation of another day (without
  // it o still cannot hold), so it starts from those of o's day.
  // Asked after every decision: those of its day kept before it are the
  // ones earlier in the file.
  std::vector<std::uint32_t> kept;
  for (const std::uint32_t c : k.kept)
    if (cons[c].day == cons[o].day && c < o) kept.push_back(c);
  for (std::size_t i = 0; i < kept.size();) {
    std::vector<std::uint32_t> without = kept;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (!flat_holds(without, o, false)) kept = std::move(without);
    else ++i;
  }
  const std::vector<std::uint32_t>& of_day = cons[o].nodes;
  std::vector<std::uint32_t> rows;
  for (const std::uint32_t c : kept) rows.push_back(outcomes[c].row);
  bool freed = false;
  for (const std::uint32_t n : k.nodes) {
    if (nodes[n].contingent == none) continue;
    const bool with_n = freed || std::find(of_day.begin(), of_day.end(), n) != of_day.end();
    if (flat_holds(kept, o, with_n)) {
      for (const std::uint32_t r : rows_setting(n)) rows.push_back(r);
    } else {
      freed = with_n;
    }
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

void Totals::Impl::finish_flat(Component& k) {
  for (const std::uint32_t o : k.kept) {
    const Constraint& c = cons[o];
    const Count need = checked_add(c.low, -c.offset);
    const Count cap = c.high == inf ? inf : checked_add(c.high, -c.offset);
    if (k.days.empty() || k.days.back().day != c.day) {
      k.days.push_back({c.day, need, cap, low_sum(c), o});
    } else {
      k.days.back().need = std::max(k.days.back().need, need);
      k.days.back().cap = std::min(k.days.back().cap, cap);
    }
  }
}

const FlatDay& Totals::Impl::flat_day(const Component& k, Day d) const {
  const auto it = std::lower_bound(k.days.begin(), k.days.end(), d, [](const FlatDay& f, Day x) { return f.day < x; });
  if (it == k.days.end() || it->day != d) throw std::logic_error("totals: no kept observation on a day of unattributed personnel");
  return *it;
}

// The most that chains `chains`, each of which holds on day `pivot`, can
// rise above their lows together, every other chain at its low: the
// greatest flow through the network of the days' rooms. A day before the
// pivot holds the chains that begin on or before it (a prefix by first day),
// a day after it those that end on or after it (a prefix by last day), so
// the rooms form two nested families, and a least cut takes at most one
// room of each and the own ranges of the chains neither of them holds.
Count Totals::Impl::gain(const Component& k, std::span<const std::uint32_t> chains, Day pivot) const {
  const std::size_t n = chains.size();
  if (n == 0) return 0;
  std::vector<std::uint32_t> by_first(n), by_last(n);
  std::iota(by_first.begin(), by_first.end(), 0u);
  std::iota(by_last.begin(), by_last.end(), 0u);
  auto node = [&](std::uint32_t i) -> const Node& { return nodes[chains[i]]; };
  std::sort(by_first.begin(), by_first.end(), [&](std::uint32_t a, std::uint32_t b) { return node(a).first < node(b).first; });
  std::sort(by_last.begin(), by_last.end(), [&](std::uint32_t a, std::uint32_t b) { return node(a).last > node(b).last; });
  std::vector<Day> firsts(n), lasts(n);
  std::vector<std::uint32_t> last_rank(n);  // 1-based position by last day
  for (std::size_t i = 0; i < n; ++i) {
    firsts[i] = node(by_first[i]).first;
    lasts[i] = node(by_last[i]).last;
    last_rank[by_last[i]] = static_cast<std::uint32_t>(i + 1);
  }
  std::vector<Count> left(n + 1, inf), right(n + 1, inf);
  left[0] = right[0] = 0;
  auto it = std::lower_bound(k.days.begin(), k.days.end(), firsts.front(), [](const FlatDay& f, Day x) { return f.day < x; });
  for (; it != k.days.end() && it->day <= lasts.front(); ++it) {
    const Count room = it->room();
    if (room == inf) continue;
    if (it->day <= pivot) {
      const auto j = static_cast<std::size_t>(std::upper_bound(firsts.begin(), firsts.end(), it->day) - firsts.begin());
      left[j] = std::min(left[j], room);
    } else {
      const auto j = static_cast<std::size_t>(std::upper_bound(lasts.begin(), lasts.end(), it->day, std::greater<>{}) - lasts.begin());
      right[j] = std::min(right[j], room);
    }
  }
  std::vector<Count> own(n + 1, 0);  // by rank of last day: the chain's own range, until a left room holds it
  for (std::size_t i = 0; i < n; ++i) {
    const Node& x = node(static_cast<std::uint32_t>(i));
    own[last_rank[i]] = x.high == inf ? inf : x.high - x.low;
  }
  Count best = inf;
  for (std::size_t a = 0; a <= n; ++a) {
    if (a > 0) own[last_rank[by_first[a - 1]]] = 0;
    if (left[a] == inf) continue;
    Count beyond = 0;  // own ranges of the chains of rank above b
    for (std::size_t b = n;; --b) {
      if (right[b] != inf) best = std::min(best, add_or_inf(add_or_inf(left[a], right[b]), beyond));
      if (b == 0) break;
      beyond = add_or_inf(beyond, own[b]);
    }
  }
  return best;
}

// The least and greatest sum of chains `chains` (each holding on day d) and
// of the unattributed personnel `unattributed` (a node, or none), in a flat
// component. The personnel are those of a kept day E with chains S: at least
// E's low less what S can reach, at most E's high less S.
std::pair<Count, Count> Totals::Impl::flat_range(const Component& k, Day d, std::span<const std::uint32_t> chains,
                                                 std::uint32_t unattributed) const {
  auto lows = [&](std::span<const std::uint32_t> ns) {
    Count sum = 0;
    for (const std::uint32_t n : ns) sum = checked_add(sum, nodes[n].low);
    return sum;
  };
  const Count low = lows(chains);
  if (unattributed == none) return {low, add_or_inf(low, gain(k, chains, d))};
  const FlatDay& e = flat_day(k, nodes[unattributed].first);
  std::vector<std::uint32_t> t(chains.begin(), chains.end()), s = cons[e.rep].nodes, t_only, s_only;
  std::sort(t.begin(), t.end());
  std::sort(s.begin(), s.end());
  std::set_difference(t.begin(), t.end(), s.begin(), s.end(), std::back_inserter(t_only));
  std::set_difference(s.begin(), s.end(), t.begin(), t.end(), std::back_inserter(s_only));
  // The least: the chains of T at their lows, those of S alone as high as they reach.
  const Count reach = gain(k, s_only, e.day);
  const Count least = reach == inf ? 0 : std::max<Count>(0, e.need - e.low_sum - reach);
  if (e.cap == inf) return {checked_add(low, least), inf};
  // The greatest: the personnel at E's high less S; what T and S share cancels.
  const Count most = add_or_inf(checked_add(checked_add(e.cap, -lows(s_only)), lows(t_only)), gain(k, t_only, d));
  return {checked_add(low, least), most};
}

const Component& Totals::Impl::final_component(std::uint32_t k) const {
  const Component& comp = comps[k];
  if (!comp.final_problem) {
    auto& mut = const_cast<Component&>(comp);
    mut.unknown_of_node.assign(nodes.size(), none);
    // A group's personnel that a kept observation changed are named by its
    // constraint, so every unknown a query can reach is made here.
    mut.final_problem = problem(comp, comp.kept, {}, mut.unknown_of_node);
  }
  return comp;
}

std::pair<Count, Count> Totals::Impl::range_of(std::uint32_t node) const {
  if (comp_of[node] == none) return {nodes[node].low, nodes[node].high};  // reached by no observation
  if (node_range[node]) return *node_range[node];
  if (const Component& flat = comps[comp_of[node]]; flat.flat) {
    const bool chain = nodes[node].contingent != none;
    node_range[node] = chain ? flat_range(flat, nodes[node].first, std::span(&node, 1), none)
                             : flat_range(flat, nodes[node].first, {}, node);
    return *node_range[node];
  }
  const Component& k = final_component(comp_of[node]);
  std::pair<Count, Count> r{nodes[node].low, nodes[node].high};
  if (!k.kept.empty() && k.unknown_of_node[node] != none) {
    const std::uint32_t u = k.unknown_of_node[node];
    if (const auto range = k.final_problem->range(std::span(&u, 1))) r = *range;
  }
  node_range[node] = r;
  return r;
}

namespace {
Count clamp_to(Count v, Count low, Count high) { return std::max(low, high == inf ? v : std::min(v, high)); }
}  // namespace

// A contingent's estimate (section 5's) within its own range.
Count Totals::Impl::contingent_estimate(std::uint32_t c, Day d) const {
  const Segment* s = segment_at(c, d);
  if (!s) return 0;
  if (comp_of[s->node] == none || comps[comp_of[s->node]].kept.empty()) return s->estimate;
  const auto [low, high] = range_of(s->node);
  return clamp_to(s->estimate, low + s->offset, high == inf ? inf : high + s->offset);
}

// The estimates of a group's parts at d: its contingents', and the
// unattributed personnel's of the observed groups inside it.
Count Totals::Impl::parts_estimate(std::uint32_t g, Day d) const {
  Count sum = 0;
  for (const std::uint32_t c : parts[g]) sum += contingent_estimate(c, d);
  for (const std::uint32_t k : children[g]) sum += group_estimate(k, d);
  return sum;
}

// A group's unattributed personnel's estimate at d: from the day E of the
// last kept observation on or before d, its estimate less its parts' at E,
// at least 0, within their range at d.
Count Totals::Impl::group_estimate(std::uint32_t g, Day d) const {
  const std::uint32_t j = day_index_at(g, d);
  if (j == none) return 0;
  const std::uint32_t n = resolve(g, j);
  if (n == none) return 0;
  const UnattributedDays& u = un[g];
  auto it = std::upper_bound(u.kept.begin(), u.kept.end(), std::pair(d, none));
  if (it == u.kept.begin()) return 0;
  // the last kept observation of that day, in file order
  const Day e = std::prev(it)->first;
  std::uint32_t o = std::prev(it)->second;
  for (auto back = std::prev(it);; --back) {
    if (back->first != e) break;
    o = std::max(o, back->second);
    if (back == u.kept.begin()) break;
  }
  Count raw = 0;
  if (const auto cached = unattributed_estimate.find(o); cached != unattributed_estimate.end()) {
    raw = cached->second;
  } else {
    raw = std::max<Count>(0, cons[o].estimate - parts_estimate(g, e));
    unattributed_estimate.emplace(o, raw);
  }
  const auto [low, high] = range_of(n);
  return clamp_to(raw, low, high);
}

std::vector<std::uint32_t> Totals::against(const Outcome& o) const {
  const Impl& m = *impl_;
  if (o.kept) return {};
  const auto i = static_cast<std::uint32_t>(&o - m.outcomes.data());
  const Constraint& c = m.cons[i];
  const Component& k = m.comps[m.comp_of[m.un[c.group].nodes[c.day_index]]];
  if (!k.flat) return m.against[i];
  const std::lock_guard lock(m.mutex);
  return m.flat_conflict_rows(k, i);
}

Count Totals::unattributed_least(const Outcome& o) const {
  const Impl& m = *impl_;
  if (!o.kept) return 0;
  const std::lock_guard lock(m.mutex);
  const Constraint& c = m.cons[static_cast<std::size_t>(&o - m.outcomes.data())];
  const std::uint32_t n = m.resolve(c.group, c.day_index);
  return n == none ? 0 : m.range_of(n).first;
}

bool Totals::may_narrow(std::uint32_t c) const noexcept {
  const Impl& m = *impl_;
  return c < m.seg_count.size() && m.seg_count[c] > 0;
}

bool Totals::narrows(std::uint32_t c, Day d) const {
  const Impl& m = *impl_;
  if (m.outcomes.empty()) return false;
  const Segment* s = m.segment_at(c, d);
  return s && m.comp_of[s->node] != none && !m.comps[m.comp_of[s->node]].kept.empty();
}

bool Totals::unattributed_at(std::uint32_t g, Day d) const {
  const Impl& m = *impl_;
  const std::uint32_t j = m.day_index_at(g, d);
  return j != none && m.resolve(g, j) != none;
}

Value Totals::sum(Day d, std::span<const std::uint32_t> cs, std::span<const std::uint32_t> gs) const {
  const Impl& m = *impl_;
  const std::lock_guard lock(m.mutex);
  // The unknowns asked for, by component, with the offsets of their chains.
  std::map<std::uint32_t, std::vector<std::uint32_t>> terms;
  std::vector<std::uint32_t> alone;
  Count offset = 0, estimate = 0;
  for (const std::uint32_t c : cs) {
    const Segment* s = m.segment_at(c, d);
    if (!s) continue;
    if (m.comp_of[s->node] == none) alone.push_back(s->node);  // reached by no observation
    else terms[m.comp_of[s->node]].push_back(s->node);
    offset += s->offset;
    estimate += m.contingent_estimate(c, d);
  }
  bool free = false;  // stale unattributed personnel: 0 or more, linked to nothing
  for (const std::uint32_t g : gs) {
    if (m.unattributed_stale(g, d)) {
      free = true;
      estimate += m.group_estimate(g, d);  // kept, as a stale contingent's
      continue;
    }
    const std::uint32_t j = m.day_index_at(g, d);
    const std::uint32_t n = j == none ? none : m.resolve(g, j);
    if (n == none) continue;
    terms[m.comp_of[n]].push_back(n);
    estimate += m.group_estimate(g, d);
  }
  Count low = offset, high = offset;
  for (const std::uint32_t n : alone) {
    low = checked_add(low, m.nodes[n].low);
    high = high == inf || m.nodes[n].high == inf ? inf : checked_add(high, m.nodes[n].high);
  }
  for (auto& [k, nodes] : terms) {
    std::pair<Count, Count> r{0, 0};
    if (nodes.size() == 1) {
      r = m.range_of(nodes.front());
    } else if (m.comps[k].flat) {
      // one group's: at most one node of unattributed personnel
      const auto u = std::find_if(nodes.begin(), nodes.end(), [&](std::uint32_t n) { return m.nodes[n].contingent == none; });
      const std::uint32_t un = u == nodes.end() ? none : *u;
      if (u != nodes.end()) nodes.erase(u);
      r = m.flat_range(m.comps[k], d, nodes, un);
    } else {
      const Component& comp = m.final_component(k);
      std::vector<std::uint32_t> unknowns;
      for (const std::uint32_t n : nodes) unknowns.push_back(comp.unknown_of_node[n]);
      std::sort(unknowns.begin(), unknowns.end());
      auto [memo, added] = m.sum_range.try_emplace({k, unknowns});
      if (added) {
        if (const auto range = comp.final_problem->range(unknowns)) memo->second = *range;
      }
      r = memo->second;
    }
    low = checked_add(low, r.first);
    high = high == inf || r.second == inf ? inf : checked_add(high, r.second);
  }
  if (free) high = inf;
  return {clamp_to(estimate, low, high), low, high};
}

std::optional<Day> Totals::stale_unattributed(std::uint32_t g, Day d) const {
  return impl_->unattributed_stale(g, d);
}

}  // namespace muster::detail
