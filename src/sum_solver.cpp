// Exact bounds of sums of whole numbers (src/sum_solver.hpp).
#include "sum_solver.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <z3++.h>
#include <limits>
#include <stdexcept>

namespace muster::detail {

namespace {
constexpr Count inf = SumProblem::inf;
// A negative infinity for a constraint with no lower bound.
constexpr Count no_low = std::numeric_limits<Count>::min();

Count add(Count a, Count b) {
  Count r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("count overflow: a total does not fit in 64 bits");
  return r;
}
}  // namespace

std::uint32_t SumProblem::add_unknown(Count low, Count high) {
  bounds_.lo.push_back(low);
  bounds_.hi.push_back(high);
  return static_cast<std::uint32_t>(bounds_.lo.size() - 1);
}

void SumProblem::add_constraint(std::span<const std::uint32_t> terms, Count low, Count high) {
  const auto first = static_cast<std::uint32_t>(system_.terms.size());
  system_.terms.insert(system_.terms.end(), terms.begin(), terms.end());
  system_.constraints.push_back({first, static_cast<std::uint32_t>(terms.size()), low, high});
}

// Narrows every unknown by every constraint until nothing changes (or a
// sweep limit: what is left is the search's). False where a constraint
// cannot hold.
bool SumProblem::propagate(Bounds& b, const System& s) {
  for (int sweep = 0; sweep < 200; ++sweep) {
    bool changed = false;
    for (const Constraint& c : s.constraints) {
      const std::uint32_t* t = s.terms.data() + c.first;
      Count min_sum = 0, max_finite = 0;
      int unbounded = 0;
      for (std::uint32_t k = 0; k < c.size; ++k) {
        min_sum = add(min_sum, b.lo[t[k]]);
        if (b.hi[t[k]] == inf) ++unbounded;
        else max_finite = add(max_finite, b.hi[t[k]]);
      }
      if (c.high != inf && min_sum > c.high) return false;
      if (c.low != no_low && unbounded == 0 && max_finite < c.low) return false;
      for (std::uint32_t k = 0; k < c.size; ++k) {
        const std::uint32_t i = t[k];
        const Count old_high = b.hi[i];  // the sums above were taken with it
        if (c.high != inf) {
          const Count up = c.high - (min_sum - b.lo[i]);
          if (up < b.hi[i]) {
            b.hi[i] = up;
            changed = true;
          }
        }
        // The others' greatest sum (from the highs the sums were taken with:
        // no less than the others' highs now, so the bound holds).
        const int others_unbounded = unbounded - (old_high == inf ? 1 : 0);
        if (c.low != no_low && others_unbounded == 0) {
          const Count down = c.low - (old_high == inf ? max_finite : max_finite - old_high);
          if (down > b.lo[i]) {
            b.lo[i] = down;
            changed = true;
          }
        }
        if (b.lo[i] > b.hi[i]) return false;
      }
    }
    if (!changed) return true;
  }
  return true;
}

namespace {
// The problem in z3's terms (integer arithmetic, exact).
struct Z3Problem {
  z3::context ctx;
  std::vector<z3::expr> x;
  z3::expr_vector facts{ctx};
  z3::expr sum(std::span<const std::uint32_t> terms) {
    if (terms.empty()) return ctx.int_val(0);
    z3::expr_vector v(ctx);
    for (const std::uint32_t t : terms) v.push_back(x[t]);
    return z3::sum(v);
  }
};
}  // namespace

// Propagation decides most problems (none with two constraints or more
// that it cannot refute); z3 decides the rest exactly.
bool SumProblem::search(Bounds b, const System& s) {
  if (!propagate(b, s)) return false;
  if (s.constraints.size() <= 1) return true;  // one sum within bounds: every value between is reached
  Z3Problem z;
  z3::solver solver(z.ctx);
  for (std::size_t i = 0; i < b.lo.size(); ++i) {
    z.x.push_back(z.ctx.int_const(fmt::format("y{}", i).c_str()));
    solver.add(z.x.back() >= z.ctx.int_val(static_cast<int64_t>(b.lo[i])));
    if (b.hi[i] != inf) solver.add(z.x.back() <= z.ctx.int_val(static_cast<int64_t>(b.hi[i])));
  }
  for (const Constraint& c : s.constraints) {
    const z3::expr e = z.sum(std::span(s.terms.data() + c.first, c.size));
    if (c.low != no_low) solver.add(e >= z.ctx.int_val(static_cast<int64_t>(c.low)));
    if (c.high != inf) solver.add(e <= z.ctx.int_val(static_cast<int64_t>(c.high)));
  }
  return solver.check() == z3::sat;
}

bool SumProblem::feasible() const { return search(bounds_, system_); }


// The optimiser of a problem, made once (with the propagated bounds) and
// asked again for each sum.
struct SumProblem::Optimiser {
  Z3Problem z;
  z3::optimize opt{z.ctx};
  Bounds root;
  bool feasible = true;
};

std::unique_ptr<SumProblem::Optimiser> SumProblem::optimiser() const {
  auto made = std::make_unique<Optimiser>();
  Optimiser& o = *made;
  o.root = bounds_;
  o.feasible = propagate(o.root, system_);
  if (!o.feasible || system_.constraints.empty()) return made;
  for (std::size_t i = 0; i < o.root.lo.size(); ++i) {
    o.z.x.push_back(o.z.ctx.int_const(fmt::format("y{}", i).c_str()));
    o.opt.add(o.z.x.back() >= o.z.ctx.int_val(static_cast<int64_t>(o.root.lo[i])));
    if (o.root.hi[i] != inf) o.opt.add(o.z.x.back() <= o.z.ctx.int_val(static_cast<int64_t>(o.root.hi[i])));
  }
  for (const Constraint& c : system_.constraints) {
    const z3::expr e = o.z.sum(std::span(system_.terms.data() + c.first, c.size));
    if (c.low != no_low) o.opt.add(e >= o.z.ctx.int_val(static_cast<int64_t>(c.low)));
    if (c.high != inf) o.opt.add(e <= o.z.ctx.int_val(static_cast<int64_t>(c.high)));
  }
  return made;
}

std::optional<std::pair<Count, Count>> SumProblem::range(std::span<const std::uint32_t> terms) const {
  // A fresh optimiser for each sum: z3 4.8's optimiser, asked again after
  // pop(), answered one of the property test's logs wrongly (seed 267).
  const std::unique_ptr<Optimiser> made = optimiser();
  Optimiser& o = *made;
  if (!o.feasible) return std::nullopt;
  Count least_bound = 0, greatest_bound = 0;
  bool unbounded = false;
  for (const std::uint32_t i : terms) {
    least_bound = add(least_bound, o.root.lo[i]);
    if (o.root.hi[i] == inf) unbounded = true;
    else greatest_bound = add(greatest_bound, o.root.hi[i]);
  }
  if (system_.constraints.empty()) return std::pair{least_bound, unbounded ? inf : greatest_bound};
  const z3::expr objective = o.z.sum(terms);
  o.opt.push();
  const z3::optimize::handle low = o.opt.minimize(objective);
  if (o.opt.check() != z3::sat) {
    o.opt.pop();
    return std::nullopt;
  }
  const z3::expr l = o.opt.lower(low);
  o.opt.pop();
  const Count least = l.is_numeral() ? static_cast<Count>(l.get_numeral_int64()) : least_bound;
  if (unbounded) return std::pair{least, inf};
  o.opt.push();
  const z3::optimize::handle high = o.opt.maximize(objective);
  const bool ok = o.opt.check() == z3::sat;
  const z3::expr h = o.opt.upper(high);
  o.opt.pop();
  if (!ok) return std::nullopt;
  const Count greatest = h.is_numeral() ? static_cast<Count>(h.get_numeral_int64()) : greatest_bound;
  return std::pair{least, greatest};
}

}  // namespace muster::detail
