// The Haiti MSS example pinned to the article
// (../shared/seed/haiti-mss-article.txt): each expected figure below is the
// article's own arithmetic, not the program's output copied back.
#include <muster/muster.hpp>

#include <gtest/gtest.h>

#include "command.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

using namespace muster;

const std::string mss_csv = MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv";

const Log& mss() {
  static const Log log = read_log(mss_csv);
  return log;
}

Day day(const char* d) { return *parse_day(d); }

Filter of(const char* country) {
  Filter f;
  f.mission = "MSS";
  f.country = Country::find(country);
  return f;
}

Vantage with_plans() {
  Vantage v;
  v.include_planned = true;
  return v;
}

Event row(std::string_view id) {
  const std::optional<Event> e = mss().find(id);
  if (!e) throw std::runtime_error("no row " + std::string(id));
  return *e;
}

constexpr Count inf = Value::unbounded;

TEST(HaitiTest, EveryRowQuotesTheArticleAndIsRecordedOnItsDay) {
  ASSERT_FALSE(mss().events().empty());
  for (const Event& e : mss().events()) {
    EXPECT_FALSE(e.source.empty()) << e.id;
    EXPECT_EQ(e.recorded, day("2025-01-20")) << e.id;
  }
  // The inference of the article's day is written down.
  EXPECT_NE(row("ken-began").note.find("last week"), std::string::npos);
  EXPECT_NE(row("ken-began").note.find("Inauguration"), std::string::npos);
}

TEST(HaitiTest, KenyaOn19JanuaryIsTheArrivals400Plus217) {
  const Timeline t{mss()};
  EXPECT_EQ(t.strength(day("2025-01-19"), of("KEN")), Value::exactly(400 + 217));
  EXPECT_EQ(t.strength(day("2025-01-17"), of("KEN")), Value::exactly(400));
  // The deployment that began in June 2024 is a month period of unknown size.
  EXPECT_EQ(row("ken-began").date.precision, Precision::month);
  EXPECT_EQ(t.strength(day("2024-06-30"), of("KEN")), (Value{0, 0, inf}));
  const auto why = explain(mss(), day("2025-01-19"), of("KEN"));
  ASSERT_EQ(why.steps.size(), 3u);
  EXPECT_EQ(why.steps[0].row.id, "ken-began");
  EXPECT_EQ(why.steps[1].row.value, Value::exactly(400));
  EXPECT_EQ(why.steps[2].row.value, Value::exactly(217));
  EXPECT_EQ(why.steps[2].row.date.first, day("2025-01-18"));
  EXPECT_EQ(why.strength, Value::exactly(617));
}

TEST(HaitiTest, TheArticlesSixHundredDisagreesBySeventeen) {
  const Event& now = row("ken-now-600");
  EXPECT_EQ(now.value, Value::exactly(600));
  EXPECT_TRUE(mss().is_observation(now));  // held against the tracks, sets none
  const auto r = reconcile(mss(), {}, Vantage{.parts_only = true});  // section 5's verdict
  const FigureCheck* f = nullptr;
  for (const auto& x : r.figures)
    if (x.row.index == now.index) f = &x;
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->tracks, Value::exactly(617));
  EXPECT_EQ(f->difference(), 600 - 617);
  EXPECT_FALSE(f->overlap());
  EXPECT_EQ(f->verdict(), Verdict::conflicts);
  EXPECT_TRUE(r.any_conflict());
  // The observation leaves Kenya at 617 on the article's day.
  EXPECT_EQ(Timeline(mss()).strength(day("2025-01-20"), of("KEN")), Value::exactly(617));
}

TEST(HaitiTest, TwoHundredPlannedForThe26th) {
  const Event& p = row("ken-planned-200");
  EXPECT_EQ(p.status, Status::planned);
  EXPECT_EQ(p.date.first, day("2025-01-26"));
  EXPECT_EQ(Timeline(mss()).strength(day("2025-01-27"), of("KEN")), Value::exactly(617));
  EXPECT_EQ(Timeline(mss(), with_plans()).strength(day("2025-01-27"), of("KEN")),
            Value::exactly(617 + 200));
  EXPECT_EQ(Timeline(mss(), with_plans()).strength(day("2025-01-25"), of("KEN")),
            Value::exactly(617));
  const auto hidden = explain(mss(), day("2025-01-27"), of("KEN"));
  ASSERT_EQ(hidden.hidden.size(), 1u);
  EXPECT_EQ(hidden.hidden[0].row.index, p.index);
  EXPECT_EQ(hidden.hidden[0].reasons[0].because, HiddenBecause::planned);
}

TEST(HaitiTest, KenyasPledgeOfOneThousand) {
  const auto on19 = Timeline(mss()).pledges(day("2025-01-19"), of("KEN"));
  ASSERT_EQ(on19.size(), 1u);  // the unit pledges are dated the article's day
  EXPECT_EQ(on19[0].pledged, 1000);
  EXPECT_EQ(on19[0].present, 617);
  EXPECT_DOUBLE_EQ(*on19[0].fulfilment(), 0.617);
  const auto on27 = Timeline(mss(), with_plans()).pledges(day("2025-01-27"), of("KEN"));
  ASSERT_EQ(on27.size(), 4u);  // 1,000 (all units), then astu, gsu, swat of unknown size
  EXPECT_EQ(on27[0].key.component, "");
  EXPECT_EQ(on27[0].present, 817);
  for (std::size_t i = 1; i < on27.size(); ++i) {
    EXPECT_EQ(on27[i].pledge->value, (Value{0, 0, inf}));
    EXPECT_FALSE(on27[i].fulfilment());
  }
  EXPECT_EQ(on27[1].key.component, "astu");
  EXPECT_EQ(on27[2].key.component, "gsu");
  EXPECT_EQ(on27[3].key.component, "swat");
}

// By the contingents' own rows (spec section 5; totals_haiti_test has what
// the mission's total adds by section 8).
TEST(HaitiTest, FiveContingentsOfUnknownSize) {
  const Timeline t{mss(), Vantage{.parts_only = true}};
  const Day d = day("2025-01-19");
  for (const char* c : {"Jamaica", "Guatemala", "El Salvador", "The Bahamas", "Belize"}) {
    const Value v = t.strength(d, of(c));
    EXPECT_EQ(v.low, 0) << c;
    EXPECT_FALSE(v.bounded()) << c;  // present, no upper bound
  }
  // Jamaica sends police and military; the others soldiers.
  const Country jam = *Country::find("JAM");
  EXPECT_FALSE(t.strength(Contingent{"MSS", jam, "police"}, d).bounded());
  EXPECT_FALSE(t.strength(Contingent{"MSS", jam, "military"}, d).bounded());
  for (const char* c : {"GTM", "SLV", "BHS", "BLZ"}) {
    EXPECT_FALSE(t.strength(Contingent{"MSS", *Country::find(c), "military"}, d).bounded()) << c;
    EXPECT_EQ(t.strength(Contingent{"MSS", *Country::find(c), "police"}, d), Value{}) << c;
  }
  EXPECT_EQ(t.strength_by(GroupBy::country, d).size(), 6u);
}

TEST(HaitiTest, JustUnder800AgainstTheSumOfContingents) {
  const Event& total = row("mss-under-800");
  EXPECT_TRUE(mss().is_observation(total));
  EXPECT_FALSE(total.country);
  EXPECT_LT(total.value.high, 800);
  EXPECT_LE(total.value.low, total.value.high);
  const auto r = reconcile(mss(), {}, Vantage{.parts_only = true});  // section 5's verdict
  const FigureCheck* f = nullptr;
  for (const auto& x : r.figures)
    if (x.row.index == total.index) f = &x;
  ASSERT_NE(f, nullptr);
  // Kenya's 617 exactly, plus five countries of unknown size.
  Filter mission;
  mission.mission = "MSS";
  EXPECT_EQ(f->tracks, Timeline(mss(), Vantage{.parts_only = true}).strength(day("2025-01-20"), mission));
  EXPECT_EQ(f->tracks, (Value{617, 617, inf}));
  EXPECT_TRUE(f->overlap());
  EXPECT_EQ(f->difference(), total.value.estimate - 617);
  EXPECT_EQ(f->verdict(), Verdict::differs);
}

#ifdef MUSTER_EXE
CommandResult run(const std::string& args) { return run_muster(args, "2>&1"); }

TEST(HaitiCommandTest, CheckListsThe617Against600AndTheTotal) {
  // By default (spec section 8): Kenya's 600 cannot hold with the two rows
  // that make its 617; the mission's total is kept, and agrees.
  auto [status, out] = run("check " + mss_csv + " --format csv");
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("conflicts,ken-now-600,5,observation,2025-01-20,MSS,KEN,,600,600,600,contingents,"
                     "617,617,617,-17,no,ken-already-400 ken-landed-217,\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("agrees,mss-under-800,7,observation,2025-01-20,MSS,,,780,780,799,contingents,617,617,,"
                     "163,yes,,0\n"),
            std::string::npos)
      << out;
  // Section 5 alone: the total differs from the contingents' sum.
  const CommandResult parts = run("check " + mss_csv + " --parts-only --format csv");
  EXPECT_NE(parts.out.find("differs,mss-under-800,7,observation,2025-01-20,MSS,,,780,780,799,contingents,617,617,,"
                     "163,yes,,\n"),
            std::string::npos)
      << parts.out;
  EXPECT_EQ(run("check " + mss_csv + " --strict --format csv").status, 3);
}

TEST(HaitiCommandTest, ExplainListsTheRowsOfTheKenyanNumber) {
  // --all: the June arrival, overwritten by the report of 400, is listed too.
  auto [status, out] = run("explain " + mss_csv + " --on 2025-01-19 --country KEN --format csv --all");
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("overwritten,ken-began,2,arrival,2024-06,MSS,KEN,police,0,0,,0,0,,"
                     "overwritten by ken-already-400"),
            std::string::npos) << out;
  EXPECT_NE(out.find("shapes,ken-already-400,3,report,2025-01-17,MSS,KEN,police,400,400,400,400,"
                     "400,400,"),
            std::string::npos) << out;
  EXPECT_NE(out.find("shapes,ken-landed-217,4,arrival,2025-01-18,MSS,KEN,police,217,217,217,617,"
                     "617,617,"),
            std::string::npos) << out;
}
#endif

}  // namespace
