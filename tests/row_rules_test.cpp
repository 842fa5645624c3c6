// Tests for src/row_rules.hpp: the rules of spec sections 1-3 and 6 one by
// one, apart from the engine that reads files (log_test and the bad corpus
// hold them against whole files).
#include "row_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace spec = muster::spec;
using muster::Value;

// The messages a rule gave.
struct Found {
  std::vector<std::string> messages;
  auto sink() {
    return [this](std::string m) { messages.push_back(std::move(m)); };
  }
};

TEST(RowRules, TheValueOfARow) {
  Found f;
  EXPECT_EQ(spec::value_of("617", "", "", f.sink())->value, Value::exactly(617));
  EXPECT_TRUE(spec::value_of("617", "", "", f.sink())->count_given);
  EXPECT_EQ(spec::value_of("", "780", "799", f.sink())->value, (Value{780, 780, 799}));
  EXPECT_FALSE(spec::value_of("", "780", "799", f.sink())->count_given);
  EXPECT_EQ(spec::value_of("790", "780", "", f.sink())->value, (Value{790, 780, Value::unbounded}));
  EXPECT_EQ(spec::value_of("", "", "182", f.sink())->value, (Value{0, 0, 182}));
  EXPECT_EQ(spec::value_of("0000", "", "", f.sink())->value, Value::exactly(0));
  EXPECT_EQ(spec::value_of("1000000000", "", "", f.sink())->value, Value::exactly(1'000'000'000));
  EXPECT_TRUE(f.messages.empty());

  const auto refused = [](const char* count, const char* low, const char* high) {
    Found r;
    EXPECT_FALSE(spec::value_of(count, low, high, r.sink()).has_value()) << count << low << high;
    return r.messages;
  };
  EXPECT_EQ(refused("", "", ""), std::vector<std::string>{"no value: give count, low or high"});
  EXPECT_EQ(refused("", "9", "5"), std::vector<std::string>{"low 9 is above high 5"});
  EXPECT_EQ(refused("4", "5", ""), std::vector<std::string>{"count 4 is outside low 5 to high unbounded"});
  EXPECT_EQ(refused("6", "", "5"), std::vector<std::string>{"count 6 is outside low 0 to high 5"});
  ASSERT_EQ(refused("1000000001", "", "").size(), 1u);
  ASSERT_EQ(refused("-1", "x", "").size(), 2u);  // each bad cell named
  EXPECT_NE(refused("400.0", "", "")[0].find("write 400 without '.0'"), std::string::npos);
}

TEST(RowRules, TheColumnsOfARow) {
  Found f;
  spec::id_given("a1", f.sink());
  EXPECT_EQ(spec::kind_of("end", f.sink()), muster::Kind::end);
  muster::Period p{};
  EXPECT_TRUE(spec::date_of("2025-02", p, f.sink()));
  EXPECT_EQ(spec::recorded_of("", p, f.sink()), p.first);
  EXPECT_EQ(spec::status_of("", f.sink()), muster::Status::confirmed);
  EXPECT_EQ(spec::status_of("planned", f.sink()), muster::Status::planned);
  spec::mission_given("", muster::Kind::retraction, "retraction", f.sink());
  spec::country_given("", true, muster::Kind::report, "report", f.sink());
  spec::country_given("", true, muster::Kind::end, "end", f.sink());
  spec::supersedes_given("", false, f.sink());
  EXPECT_TRUE(f.messages.empty()) << f.messages[0];

  Found bad;
  spec::id_given("", bad.sink());
  EXPECT_FALSE(spec::kind_of("arival", bad.sink()));
  EXPECT_FALSE(spec::date_of("2025-02-30", p, bad.sink()));
  EXPECT_FALSE(spec::date_of("1799", p, bad.sink()));
  spec::recorded_of("2025-02", p, bad.sink());  // a day, not a month
  spec::status_of("maybe", bad.sink());
  spec::mission_given("", muster::Kind::arrival, "arrival", bad.sink());
  spec::country_given("", true, muster::Kind::pledge, "pledge", bad.sink());
  spec::country_given("Narnia", false, muster::Kind::arrival, "arrival", bad.sink());
  spec::supersedes_given("", true, bad.sink());
  ASSERT_EQ(bad.messages.size(), 10u);
  EXPECT_EQ(bad.messages[0], "id is blank");
  EXPECT_EQ(bad.messages[6], "mission is blank (required for arrival)");
  EXPECT_EQ(bad.messages[7], "country is blank (required for pledge)");
  EXPECT_EQ(bad.messages[9], "a retraction needs supersedes");
}

TEST(RowRules, TheHeaderAndTheFile) {
  Found f;
  EXPECT_EQ(spec::known_column("supersedes", f.sink()), muster::Column::supersedes);
  EXPECT_TRUE(spec::user_column("x_unit"));
  EXPECT_FALSE(spec::known_column("Count", f.sink()));  // names are lower case
  EXPECT_FALSE(spec::required_columns([](muster::Column c) { return c != muster::Column::date; },
                                      f.sink()));
  ASSERT_EQ(f.messages.size(), 2u);
  EXPECT_EQ(f.messages[1], "missing required column 'date'");
  EXPECT_EQ(spec::duplicate_id("a1", 3), "duplicate id 'a1' (first on line 3)");
  EXPECT_EQ(spec::supersedes_missing(std::string(50, 'x')),
            "supersedes '" + std::string(40, 'x') + "...': no row has that id");
}

}  // namespace
