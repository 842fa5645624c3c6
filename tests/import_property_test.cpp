// A property of muster/import.hpp: random panel tables (dates x keys, with
// gaps, zeros, missing markers and keys that leave and come back), imported
// under each policy (missing-as x absent-as), read with parse_log and queried
// with Timeline, answer on every table date and between dates what a plain
// recomputation from the table itself gives. The recomputation shares no
// code with muster: it walks each key over the table's dates as cli.md says.
#include <muster/import.hpp>
#include <muster/timeline.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace muster;

constexpr const char* countries[] = {"KEN", "JPN", "DEU", "FRA"};
constexpr const char* components[] = {"a", "b"};
constexpr int n_keys = 8;  // countries x components
constexpr int n_months = 10;

// One cell of the panel: no row, a row with a missing marker, or a figure.
struct Cell {
  enum { none, missing, figure } kind = none;
  Count n = 0;
};
using Panel = std::vector<std::vector<Cell>>;  // [month][key]

Panel random_panel(std::mt19937& rng) {
  Panel p(n_months, std::vector<Cell>(n_keys));
  std::uniform_int_distribution<int> pick(0, 99), size(0, 40);
  for (int k = 0; k < n_keys; ++k) {
    const int leave = pick(rng) % 3;  // how often the key tends to be away
    for (int m = 0; m < n_months; ++m) {
      const int r = pick(rng);
      Cell& c = p[m][k];
      if (r < 15 + 15 * leave) c.kind = Cell::none;
      else if (r < 30 + 15 * leave) c.kind = Cell::missing;
      else c = {Cell::figure, r % 5 == 0 ? 0 : size(rng)};
    }
  }
  return p;
}

std::string month(int m) { return fmt::format("2020-{:02}", m + 1); }
Day month_end(int m) { return parse_period(month(m))->last; }

// The table, its rows in a shuffled order.
std::string table_of(const Panel& p, std::mt19937& rng) {
  std::vector<std::string> rows;
  for (int m = 0; m < n_months; ++m)
    for (int k = 0; k < n_keys; ++k) {
      const Cell& c = p[m][k];
      if (c.kind == Cell::none) continue;
      const std::string cell = c.kind == Cell::figure ? std::to_string(c.n)
                               : (m + k) % 2         ? "NA"
                                                     : "..";
      rows.push_back(fmt::format("{},{},{},{}\n", month(m), countries[k / 2], components[k % 2],
                                 cell));
    }
  std::shuffle(rows.begin(), rows.end(), rng);
  std::string t = "date,c,comp,n\n";
  for (const auto& r : rows) t += r;
  return t;
}

// Each key's value after each month, by the rules of cli.md, from the panel.
std::vector<std::vector<Value>> recompute(const Panel& p, MissingAs missing, AbsentAs absent) {
  std::vector<bool> table_date(n_months, false);
  for (int m = 0; m < n_months; ++m)
    for (const Cell& c : p[m]) table_date[m] = table_date[m] || c.kind != Cell::none;
  std::vector<std::vector<Value>> v(n_months, std::vector<Value>(n_keys));
  for (int k = 0; k < n_keys; ++k) {
    Value now{};
    std::optional<Count> last;
    bool present = false;
    for (int m = 0; m < n_months; ++m) {
      const Cell& c = p[m][k];
      const Value unknown{last.value_or(0), 0, Value::unbounded};
      // `last`: the last figure written for the key, whatever wrote it (a
      // figure, or a 0 for a missing figure or an absent key); a report of
      // unknown size writes none of its own.
      if (c.kind == Cell::figure) {
        now = Value::exactly(c.n);
        last = c.n;
      } else if (c.kind == Cell::missing) {
        if (missing == MissingAs::unknown) now = unknown;
        if (missing == MissingAs::zero) now = Value{}, last = 0;
      } else if (present && table_date[m]) {
        if (absent == AbsentAs::unknown) now = unknown;
        if (absent == AbsentAs::zero) now = Value{}, last = 0;
      }
      if (c.kind != Cell::none) present = true;
      else if (table_date[m]) present = false;
      v[m][k] = now;
    }
  }
  return v;
}

// How often the panel has a key with a figure above 0, then a missing
// figure, then no row on a table date: under --missing-as zero and
// --absent-as unknown, that absent report's count must be the 0 written for
// the missing figure, not the figure before it.
int zero_then_absent(const Panel& p) {
  int n = 0;
  for (int k = 0; k < n_keys; ++k)
    for (int m = 2; m < n_months; ++m) {
      const bool table_date = std::any_of(p[m].begin(), p[m].end(),
                                          [](const Cell& c) { return c.kind != Cell::none; });
      n += p[m - 2][k].kind == Cell::figure && p[m - 2][k].n > 0 &&
           p[m - 1][k].kind == Cell::missing && p[m][k].kind == Cell::none && table_date;
    }
  return n;
}

Value sum(const std::vector<Value>& vs) {
  Value total{};
  for (const Value& v : vs) total += v;
  return total;
}

TEST(ImportPropertyTest, RandomPanelsUnderEveryPolicyAnswerAsTheTableSays) {
  std::mt19937 rng(20240610);
  int zero_then_absent_seen = 0;
  for (int round = 0; round < 60; ++round) {
    const Panel panel = random_panel(rng);
    zero_then_absent_seen += zero_then_absent(panel);
    const std::string table = table_of(panel, rng);
    for (MissingAs missing : {MissingAs::unknown, MissingAs::skip, MissingAs::zero})
      for (AbsentAs absent : {AbsentAs::unknown, AbsentAs::zero, AbsentAs::carry}) {
        ImportOptions o;
        o.date_column = "date";
        o.country_columns = {"c"};
        o.component_column = "comp";
        o.count_column = "n";
        o.mission = "M";
        o.missing_as = missing;
        o.absent_as = absent;
        const ImportResult r = import_table(table, "panel.csv", o);
        const Log log = parse_log(r.log_text, "panel");
        const Timeline t{log};
        const auto expected = recompute(panel, missing, absent);
        const auto ctx = [&](int m) {
          return fmt::format("round {} missing {} absent {} month {}\n{}", round,
                             static_cast<int>(missing), static_cast<int>(absent), m, table);
        };
        EXPECT_EQ(t.strength(*parse_day("2019-12-31")), Value{});
        for (int m = 0; m < n_months; ++m) {
          for (int k = 0; k < n_keys; ++k) {
            const Contingent c{"M", *Country::find(countries[k / 2]), components[k % 2]};
            ASSERT_EQ(t.strength(c, month_end(m)), expected[m][k]) << "key " << k << ctx(m);
          }
          ASSERT_EQ(t.strength(month_end(m)), sum(expected[m])) << ctx(m);
          // Between dates: the 15th of the next month still has this month's values.
          if (m + 1 < n_months) {
            ASSERT_EQ(t.strength(month_end(m) + date::days{15}), sum(expected[m])) << ctx(m);
          }
        }
        // Ids are unique (parse_log refuses duplicates) and the output is
        // deterministic: the same table gives the same bytes.
        EXPECT_EQ(import_table(table, "panel.csv", o).log_text, r.log_text);
      }
  }
  EXPECT_GT(zero_then_absent_seen, 10);  // the case is covered, not left to chance
}

}  // namespace
