// Tests for muster/value.hpp: a Value (estimate, low, high; high may be
// unbounded) and its sums (spec section 5: "the sum of an unbounded high is
// unbounded"), with overflow checked.
#include <muster/value.hpp>

#include <gtest/gtest.h>

namespace {

using muster::Value;
constexpr auto inf = Value::unbounded;

TEST(Value, Exactly) {
  EXPECT_EQ(Value::exactly(617), (Value{617, 617, 617}));
  EXPECT_TRUE(Value::exactly(0).bounded());
  EXPECT_EQ(Value{}, (Value{0, 0, 0}));
}

TEST(Value, SumsAddEveryNumber) {
  EXPECT_EQ((Value{5, 4, 9} + Value{1, 1, 2}), (Value{6, 5, 11}));
  Value v{1, 1, 1};
  v += Value{2, 2, 2};
  EXPECT_EQ(v, (Value{3, 3, 3}));
}

TEST(Value, AnUnboundedHighStaysUnbounded) {
  EXPECT_EQ((Value{5, 4, inf} + Value{1, 1, 2}), (Value{6, 5, inf}));
  EXPECT_EQ((Value{1, 1, 2} + Value{5, 4, inf}), (Value{6, 5, inf}));
  EXPECT_EQ((Value{0, 0, inf} + Value{0, 0, inf}), (Value{0, 0, inf}));
  EXPECT_FALSE((Value{0, 0, inf}).bounded());
}

TEST(Value, OverflowThrows) {
  EXPECT_THROW(muster::checked_add(inf, 1), std::overflow_error);
  EXPECT_THROW(muster::checked_mul(inf / 2, 3), std::overflow_error);
  EXPECT_EQ(muster::checked_add(-5, 3), -2);
  EXPECT_EQ(muster::checked_mul(1'000'000'000, 1'000'000'000), 1'000'000'000'000'000'000);
  Value big{inf - 1, 0, 0};
  EXPECT_THROW((big += Value{2, 0, 0}), std::overflow_error);
  // A high that is already unbounded is not an overflow.
  Value u{0, 0, inf};
  EXPECT_NO_THROW((u += Value{0, 0, 5}));
}

}  // namespace
