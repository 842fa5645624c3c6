// muster/value.hpp — a number of personnel as the sources give it.
//
// Sources rarely agree on one number. A `Value` is a best estimate and the
// bounds the sources allow: `low <= estimate <= high`, where `high` may be
// unbounded ("present, size unknown": low 0, no upper bound).
//
//     muster::Value exact = muster::Value::exactly(617);     // 617
//     muster::Value range{600, 600, 799};                     // 600 (600-799)
//     muster::Value unknown{0, 0, muster::Value::unbounded};  // 0 (0-∞)
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace muster {

/// A whole number of personnel (or of personnel-days).
using Count = std::int64_t;

struct Value {
  /// The `high` of a value with no upper bound.
  static constexpr Count unbounded = std::numeric_limits<Count>::max();

  Count estimate = 0;
  Count low = 0;
  Count high = 0;

  static constexpr Value exactly(Count n) noexcept { return {n, n, n}; }

  constexpr bool bounded() const noexcept { return high != unbounded; }
  /// Nobody: the high is 0.
  constexpr bool none() const noexcept { return high == 0; }
  /// A size nobody knows: no upper bound and nothing above 0 (a row that
  /// says "present" without a figure), never to be shown as 0.
  constexpr bool size_unknown() const noexcept { return !bounded() && estimate == 0; }

  /// Sum of two values; an unbounded high stays unbounded. Throws
  /// std::overflow_error where a sum does not fit in 64 bits.
  constexpr Value& operator+=(const Value& o);
  friend constexpr Value operator+(Value a, const Value& b) { return a += b; }
  friend constexpr bool operator==(const Value&, const Value&) = default;
};

/// a + b, throwing std::overflow_error where it does not fit.
constexpr Count checked_add(Count a, Count b) {
  Count r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("count overflow: a sum does not fit in 64 bits");
  return r;
}

/// a * b, throwing std::overflow_error where it does not fit.
constexpr Count checked_mul(Count a, Count b) {
  Count r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("count overflow: a product does not fit in 64 bits");
  return r;
}

constexpr Value& Value::operator+=(const Value& o) {
  estimate = checked_add(estimate, o.estimate);
  low = checked_add(low, o.low);
  high = (bounded() && o.bounded()) ? checked_add(high, o.high) : unbounded;
  return *this;
}

}  // namespace muster
