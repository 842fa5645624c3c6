// `check` and `explain` by spec section 8 ("What totals add", version 1.2),
// (the default; Vantage::parts_only and the command's --parts-only answer by
// section 5 alone): through the library
// (muster/reconcile.hpp, muster/explain.hpp) and the command, on the Haiti
// log (examples/haiti_mss/mss.csv) and small hand-made logs. Expected
// figures are worked out by hand from sections 5 and 8.
#include <muster/muster.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "totals_generate.hpp"
#include "totals_reference.hpp"

#include <string>

namespace {

using namespace muster;

const Log& mss() {
  static const Log log = read_log(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv");
  return log;
}

const std::string header = "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes\n";

Log log_of(const std::string& rows) { return parse_log(header + rows, "t.csv"); }

Day day(const char* d) { return *parse_day(d); }

const FigureCheck& figure(const Reconciliation& r, std::string_view id) {
  for (const auto& f : r.figures)
    if (f.row.id == id) return f;
  throw std::runtime_error("no figure " + std::string(id));
}

std::vector<std::string> ids(const std::vector<Event>& rows) {
  std::vector<std::string> out;
  for (const Event& e : rows) out.emplace_back(e.id);
  return out;
}

Filter mission(const char* m) {
  Filter f;
  f.mission = m;
  return f;
}

constexpr Vantage totals{};  // the default: spec section 8
constexpr Vantage by_parts{.parts_only = true};  // spec section 5 alone
constexpr Count inf = Value::unbounded;

// --- check: the Haiti log ----------------------------------------------------

// Kenya's 600 of 2025-01-20: Kenya's parts are its police, exactly 617 that
// day (the report of 400 on the 17th sets the tracks, the exact one-day
// arrival of 217 on the 18th moves them: one unknown, 617), and Kenya's own
// unattributed personnel, 0 or more. 617 + U >= 617 > 600: not kept, against
// the two rows that make the 617 (ken-began's steps all come before the
// report that overwrote them; the planned 200 is not seen).
//
// The mission's 780 to 799: its parts are Kenya's police (617), six
// contingents of unknown size (each 0 or more, no upper bound: Jamaica's two,
// Guatemala, El Salvador, the Bahamas, Belize), Kenya's unattributed
// personnel (0: Kenya has no kept observation) and the mission's own U >= 0.
// So the six and U together are 163 to 182. The six may be 163 and U 0: the
// least of U is 0, so the verdict is `agrees`, not `unattributed` (163 is the
// estimate of U, 780 - 617 - 0, not its least).
TEST(TotalsCheckTest, HaitiKenyaConflictsTheMissionAgrees) {
  const Reconciliation r = reconcile(mss(), {}, totals);
  const FigureCheck& kenya = figure(r, "ken-now-600");
  ASSERT_TRUE(kenya.totals);
  EXPECT_FALSE(kenya.totals->kept);
  EXPECT_EQ(ids(kenya.totals->against), (std::vector<std::string>{"ken-already-400", "ken-landed-217"}));
  EXPECT_EQ(kenya.verdict(), Verdict::conflicts);
  EXPECT_EQ(kenya.tracks, Value::exactly(617));  // still section 5's sum, for the reader

  const FigureCheck& whole = figure(r, "mss-under-800");
  ASSERT_TRUE(whole.totals);
  EXPECT_TRUE(whole.totals->kept);
  EXPECT_EQ(whole.totals->unattributed, 0);
  EXPECT_TRUE(whole.totals->against.empty());
  EXPECT_EQ(whole.verdict(), Verdict::agrees);

  // Reports are judged as without totals.
  const Reconciliation parts = reconcile(mss(), {}, by_parts);
  for (const FigureCheck& f : r.figures)
    if (!f.observation) {
      EXPECT_FALSE(f.totals) << f.row.id;
      EXPECT_EQ(f.verdict(), figure(parts, f.row.id).verdict()) << f.row.id;
    }
  EXPECT_FALSE(figure(parts, "mss-under-800").totals);
  EXPECT_EQ(r.count(Verdict::conflicts), 1u);
  EXPECT_EQ(r.conflicts_first().front()->row.id, "ken-now-600");
}

// --- check: small logs -------------------------------------------------------

// Kenya's police are exactly 100. Kenya's total of 500 is kept: its own
// unattributed personnel are exactly 400. The mission's 300 on the same day
// counts Kenya's police and Kenya's unattributed personnel (500 together
// whatever the police's bounds) and its own (0 or more): at least 500, never
// 300. It conflicts against Kenya's total alone (without it, the police 100
// and the mission's own 200 hold; with it, no bound of the police matters).
TEST(TotalsCheckTest, TwoTotalsConflict) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "k,report,2025-01-10,M,KEN,,500,,,,,\n"
      "m,report,2025-01-10,M,,,300,,,,,\n");
  const Reconciliation r = reconcile(log, {}, totals);
  const FigureCheck& k = figure(r, "k");
  ASSERT_TRUE(k.totals);
  EXPECT_TRUE(k.totals->kept);
  EXPECT_EQ(k.totals->unattributed, 400);
  EXPECT_EQ(k.verdict(), Verdict::unattributed);
  EXPECT_EQ(fmt::format("{}", k),
            "observation k (line 3) of M/KEN (all components) on 2025-01-10 states 500, kept: at least "
            "400 unattributed");
  const FigureCheck& m = figure(r, "m");
  ASSERT_TRUE(m.totals);
  EXPECT_FALSE(m.totals->kept);
  EXPECT_EQ(ids(m.totals->against), std::vector<std::string>{"k"});
  EXPECT_EQ(m.verdict(), Verdict::conflicts);
  EXPECT_EQ(fmt::format("{}", m),
            "observation m (line 4) of M (all countries) on 2025-01-10 states 300, not kept: conflicts "
            "with k (line 3)");
  EXPECT_EQ(r.count(Verdict::unattributed), 1u);
  // Conflicts first, then unattributed personnel.
  const auto order = r.conflicts_first();
  EXPECT_EQ(order[0]->row.id, "m");
  EXPECT_EQ(order[1]->row.id, "k");
  // Without totals: each held against the sum of its contingents (100).
  const Reconciliation parts = reconcile(log, {}, by_parts);
  EXPECT_EQ(figure(parts, "k").verdict(), Verdict::conflicts);
  EXPECT_EQ(figure(parts, "m").verdict(), Verdict::conflicts);
}

// Kenya's 100 and Jamaica's unknown number can make the mission's 150 with
// no unattributed personnel: kept, agrees.
TEST(TotalsCheckTest, AnObservationThatAgrees) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "j,report,2025-01-05,M,JAM,police,,0,,,,\n"
      "m,report,2025-01-10,M,,,150,,,,,\n");
  const Reconciliation r = reconcile(log, {}, totals);
  const FigureCheck& m = figure(r, "m");
  ASSERT_TRUE(m.totals);
  EXPECT_TRUE(m.totals->kept);
  EXPECT_EQ(m.totals->unattributed, 0);
  EXPECT_EQ(m.verdict(), Verdict::agrees);
  EXPECT_EQ(fmt::format("{}", m),
            "observation m (line 4) of M (all countries) on 2025-01-10 states 150, kept: agrees");
  // A filter keeps only the figures it matches; the totals see every observation.
  const Reconciliation kenya = reconcile(log, Filter{.country = Country::find("KEN")}, totals);
  ASSERT_EQ(kenya.figures.size(), 0u);  // Kenya has no report and no observation of its own
}

// --- explain -----------------------------------------------------------------

// The spec's example: the mission numbers 780 to 799 on 2025-01-20
// (estimate 780), bounded by its own total alone: without it, Kenya's 600
// still conflicts and the mission is its parts, 617 or more (section 5).
// On the 18th the six are the same people as on the 20th and the mission's
// own unattributed personnel are 0: 617 to 799.
TEST(TotalsExplainTest, HaitiMissionIsBoundedByItsOwnTotal) {
  const Explanation x = explain(mss(), day("2025-01-20"), mission("MSS"), totals);
  EXPECT_EQ(x.strength, (Value{780, 780, 799}));
  EXPECT_EQ(x.strength, Timeline(mss(), totals).strength(day("2025-01-20"), mission("MSS")));
  ASSERT_TRUE(x.parts_only);
  EXPECT_EQ(*x.parts_only, (Value{617, 617, inf}));
  EXPECT_EQ(*x.parts_only, explain(mss(), day("2025-01-20"), mission("MSS"), by_parts).strength);
  ASSERT_EQ(x.bounded_by.size(), 1u);
  EXPECT_EQ(x.bounded_by[0].row.id, "mss-under-800");
  EXPECT_EQ(x.bounded_by[0].without, (Value{617, 617, inf}));
  ASSERT_EQ(x.observations.size(), 2u);
  EXPECT_EQ(x.observation_kept, (std::vector<bool>{false, true}));  // ken-now-600, mss-under-800
  // The strength after the 18th, on that day's last row.
  std::optional<Value> after_18;
  for (const ShapingRow& s : x.steps)
    if (s.after && s.row.date.last == day("2025-01-18")) after_18 = s.after;
  EXPECT_EQ(after_18, (Value{617, 617, 799}));
}

TEST(TotalsExplainTest, KenyaIsItsPartsNoTotalBoundsIt) {
  Filter kenya = mission("MSS");
  kenya.country = Country::find("KEN");
  const Explanation x = explain(mss(), day("2025-01-20"), kenya, totals);
  EXPECT_EQ(x.strength, Value::exactly(617));
  EXPECT_TRUE(x.bounded_by.empty());
  EXPECT_EQ(x.observation_kept, std::vector<bool>{false});
}

// Kenya's total of 500 bounds Kenya (its police 100 and its own 400
// unattributed); without it, the mission's 300, judged again, is kept (its
// own unattributed personnel are then 200), and Kenya is its police alone:
// its own unattributed personnel are 0 with no kept observation of Kenya.
TEST(TotalsExplainTest, WithoutABoundTheOthersAreJudgedAgain) {
  const Log log = log_of(
      "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
      "k,report,2025-01-10,M,KEN,,500,,,,,\n"
      "m,report,2025-01-10,M,,,300,,,,,\n");
  Filter kenya;
  kenya.country = Country::find("KEN");
  const Explanation x = explain(log, day("2025-01-10"), kenya, totals);
  EXPECT_EQ(x.strength, Value::exactly(500));
  EXPECT_EQ(x.strength, Timeline(log, totals).strength(day("2025-01-10"), kenya));
  ASSERT_EQ(x.bounded_by.size(), 1u);
  EXPECT_EQ(x.bounded_by[0].row.id, "k");
  EXPECT_EQ(x.bounded_by[0].without, Value::exactly(100));
  // The mission, without Kenya's total: 300, bounded by its own total.
  const Explanation whole = explain(log, day("2025-01-10"), mission("M"), totals);
  EXPECT_EQ(whole.strength, Value::exactly(500));
  EXPECT_EQ(whole.observation_kept, (std::vector<bool>{true, false}));
  ASSERT_EQ(whole.bounded_by.size(), 1u);
  EXPECT_EQ(whole.bounded_by[0].row.id, "k");
  EXPECT_EQ(whole.bounded_by[0].without, Value::exactly(300));
  EXPECT_EQ(x.parts_only, Value::exactly(100));
}

TEST(TotalsExplainTest, WithoutTotalsNothingIsAdded) {
  const Explanation x = explain(mss(), day("2025-01-20"), mission("MSS"), by_parts);
  EXPECT_TRUE(x.bounded_by.empty());
  EXPECT_FALSE(x.parts_only);
  EXPECT_TRUE(x.observation_kept.empty());
  EXPECT_EQ(x.strength, (Value{617, 617, inf}));
}

// --- random small logs ---------------------------------------------------------

// Under AddressSanitizer z3's allocations cost many times more (as in
// totals_property_test): 5 logs there, 30 in the Release build.
#if defined(__SANITIZE_ADDRESS__)
constexpr unsigned random_logs = 5;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr unsigned random_logs = 5;
#else
constexpr unsigned random_logs = 30;
#endif
#else
constexpr unsigned random_logs = 30;
#endif

// On 30 random logs of tests/totals_generate.hpp under random views: check
// keeps and refuses the observations the exhaustive reference does; explain's
// strength is the Timeline's by section 8, its parts-only strength explain's
// without totals, and every bound it names changes the low or the high.
TEST(TotalsCheckPropertyTest, CheckAndExplainAgreeWithTheReferenceAndTheTimeline) {
  int kept = 0, refused = 0, bounds = 0;
  for (unsigned seed = 1; seed <= random_logs; ++seed) {  // explain runs the engine once a bound: slow
    ref::totals::Gen g(seed);
    const std::string text = ref::totals::random_log(g);
    const Log log = parse_log(text, "random.csv");
    Vantage view = ref::totals::random_view(g);
    Vantage parts = view;
    parts.parts_only = true;
    const ref::totals::Reference want{log, view};
    const Reconciliation r = reconcile(log, {}, view);
    for (const auto& [o, k] : want.observations()) {
      const FigureCheck* f = nullptr;
      for (const FigureCheck& x : r.figures)
        if (x.row.index == o->index) f = &x;
      ASSERT_TRUE(f && f->totals) << "seed " << seed << ", line " << o->line << "\n" << text;
      EXPECT_EQ(f->totals->kept, k) << "seed " << seed << ", line " << o->line << "\n" << text;
      EXPECT_EQ(f->totals->against.empty(), k) << "seed " << seed << ", line " << o->line << "\n" << text;
      (k ? kept : refused) += 1;
    }
    const Timeline t{log, view};
    for (const Day d : {ref::totals::first_day + date::days{g.uni(0, 31)}})
      for (const auto& [name, f] : ref::totals::totals_filters()) {
        const Explanation x = explain(log, d, f, view);
        const std::string where = fmt::format("seed {}, day {}, filter {}\n{}", seed, to_string(d), name, text);
        EXPECT_EQ(x.strength, t.strength(d, f)) << where;
        if (x.parts_only) {
          EXPECT_EQ(*x.parts_only, explain(log, d, f, parts).strength) << where;
        }
        for (const BoundingTotal& b : x.bounded_by) {
          EXPECT_TRUE(b.without.low != x.strength.low || b.without.high != x.strength.high) << where;
          ++bounds;
        }
      }
    if (::testing::Test::HasFailure()) return;  // one log's failures are enough to read
  }
  if (random_logs == 30) {  // 64 kept, 20 refused, 95 bounds
    EXPECT_GT(kept, 40);
    EXPECT_GT(refused, 10);
    EXPECT_GT(bounds, 50);
  }
}

// --- the command ---------------------------------------------------------------

#ifdef MUSTER_EXE
CommandResult run(const std::string& args) { return run_muster(args, "2>/dev/null"); }

const std::string haiti = MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv";

TEST(TotalsCheckCommandTest, CsvHasAgainstRowsWhereTheLogHasObservations) {
  const CommandResult with = run("check " + haiti + " --format csv");
  EXPECT_EQ(with.status, 0);
  EXPECT_NE(with.out.find(",overlap,against_rows,unattributed\n"), std::string::npos) << with.out;
  EXPECT_NE(with.out.find("conflicts,ken-now-600,5,observation,2025-01-20,MSS,KEN,,600,600,600,contingents,"
                          "617,617,617,-17,no,ken-already-400 ken-landed-217,\n"),
            std::string::npos)
      << with.out;
  EXPECT_NE(with.out.find("agrees,mss-under-800,7,"), std::string::npos) << with.out;
  // --parts-only: the same columns, blank (one shape of record for a log).
  const CommandResult parts = run("check " + haiti + " --parts-only --format csv");
  EXPECT_NE(parts.out.find(",overlap,against_rows,unattributed\n"), std::string::npos) << parts.out;
  EXPECT_NE(parts.out.find("conflicts,ken-now-600,5,observation,2025-01-20,MSS,KEN,,600,600,600,contingents,"
                           "617,617,617,-17,no,,\n"),
            std::string::npos)
      << parts.out;
  // A log without observations answers as before: neither column.
  const std::string path = ::testing::TempDir() + "totals_check_none.csv";
  spit(path, header + "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
                      "r,report,2025-01-10,M,KEN,police,90,,,,,\n");
  const CommandResult none = run("check " + path + " --format csv");
  EXPECT_EQ(none.status, 0);
  EXPECT_EQ(none.out.find("against_rows"), std::string::npos) << none.out;
}

TEST(TotalsCheckCommandTest, JsonGivesTheRowsAsAnArray) {
  const CommandResult r = run("check " + haiti + " --format json");
  EXPECT_EQ(r.status, 0);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["id"], "ken-now-600");
  EXPECT_EQ(j[0]["verdict"], "conflicts");
  EXPECT_EQ(j[0]["against_rows"], nlohmann::json::array({"ken-already-400", "ken-landed-217"}));
  EXPECT_TRUE(j[0]["unattributed"].is_null());
  for (const auto& f : j)
    if (f["id"] == "mss-under-800") {
      EXPECT_EQ(f["unattributed"], 0);
    }
}

TEST(TotalsCheckCommandTest, TableSaysHowManyUnattributedAtLeast) {
  const std::string path = ::testing::TempDir() + "totals_check_two.csv";
  spit(path, header +
                 "a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
                 "k,report,2025-01-10,M,KEN,,500,,,,,\n"
                 "m,report,2025-01-10,M,,,300,,,,,\n");
  const CommandResult r = run("check " + path + " --format table --strict");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.out.find("1 conflicts, 1 unattributed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kept; at least 400 unattributed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot hold with k (line 3)"), std::string::npos) << r.out;
}

TEST(TotalsExplainCommandTest, TableNamesTheBoundAndTheParts) {
  const CommandResult r = run("explain " + haiti + " --on 2025-01-20 --mission MSS --format table");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("MSS at the end of 2025-01-20: 780 (780 to 799)\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("  mss-under-800 (line 7), MSS (all countries) on 2025-01-20: 780 (780 to 799); "
                       "without it 617 or more\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("By its contingents alone (spec section 5): 617 or more\n"), std::string::npos) << r.out;
  const CommandResult csv = run("explain " + haiti + " --on 2025-01-20 --mission MSS --format csv");
  EXPECT_NE(csv.out.find("\nbounds,mss-under-800,7,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\nparts-only,,,,,,,,,,,617,617,,"), std::string::npos) << csv.out;
}
#endif

}  // namespace
