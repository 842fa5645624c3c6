// sum_solver.hpp — exact least and greatest values of sums of whole numbers
// under bounds on sums (private to the library; spec section 8's arithmetic).
//
// A problem is a set of integer unknowns y_i, each between L_i and U_i (U_i
// may be unbounded), and constraints l_c <= sum of y_i over a set S_c <= h_c
// (h_c may be unbounded), every coefficient 1. That is what section 8 makes
// of a log: the unknowns are contingents' strengths and groups' unattributed
// personnel, the constraints the totals that observations report. The
// questions: can every constraint hold at once, and what are the least and
// greatest values of a sum over a set T of the unknowns.
//
// The answers are exact (whole numbers, never a relaxation): bounds
// propagation first (each constraint narrows each of its unknowns by the
// others' bounds, to a fixed point), which refutes a problem that cannot
// hold on one constraint and answers every problem of one constraint (one
// sum within bounds reaches every whole number between them); then z3's
// integer arithmetic (its solver for "can it hold", its optimiser for the
// least and greatest sum), which is exact, for problems of two constraints
// or more. Propagation alone is not enough there: two totals over the same
// contingents (at least 183, at most 182) refute each other only together,
// and a search that splits ranges takes exponential time to find it; a
// floating-point library (COIN-OR CBC) would answer within a tolerance.
//
// Unboundedness: every unknown has a finite lower bound, so a sum can grow
// without limit only along a direction that raises unknowns that no
// constraint with a finite high contains: the greatest value of a sum is
// unbounded exactly when the problem can hold and, after propagation, an
// unknown of T has no upper bound (propagation bounds every unknown of a
// constraint with a finite high).
#pragma once

#include "muster/value.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace muster::detail {

class SumProblem {
 public:
  static constexpr Count inf = Value::unbounded;

  /// Adds an unknown between `low` and `high` (`inf`: no upper bound);
  /// returns its number.
  std::uint32_t add_unknown(Count low, Count high);
  /// Adds the constraint low <= sum of `terms` <= high (`inf`: no upper
  /// bound); each unknown at most once in `terms`.
  void add_constraint(std::span<const std::uint32_t> terms, Count low, Count high);
  std::size_t unknowns() const noexcept { return bounds_.lo.size(); }

  /// Whether every constraint can hold at once.
  bool feasible() const;
  /// The least and the greatest value of the sum over `terms` (each unknown
  /// at most once) where the problem is feasible (high `inf`: unbounded);
  /// nullopt where it is not. Not for two threads at once.
  std::optional<std::pair<Count, Count>> range(std::span<const std::uint32_t> terms) const;

 private:
  struct Constraint {
    std::uint32_t first, size;  // in terms_
    Count low, high;
  };
  struct Bounds {
    std::vector<Count> lo, hi;
  };
  struct System {
    std::vector<std::uint32_t> terms;
    std::vector<Constraint> constraints;
  };
  static bool propagate(Bounds& b, const System& s);
  static bool search(Bounds b, const System& s);

  struct Optimiser;
  std::unique_ptr<Optimiser> optimiser() const;  // z3's, for the system as propagated

  Bounds bounds_;
  System system_;
};

}  // namespace muster::detail
