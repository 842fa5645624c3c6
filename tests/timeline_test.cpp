// Tests for muster/timeline.hpp: spec section 4 (views), section 5 (every
// track rule), section 7 (sample days), groupings, personnel-days and pledges
// (cli.md). Every expected number is worked out by hand from the spec in the
// comment beside it.
#include <muster/timeline.hpp>

#include <gtest/gtest.h>

namespace {

using muster::Country;
using muster::Filter;
using muster::GroupBy;
using muster::Log;
using muster::SampleStep;
using muster::Timeline;
using muster::Value;
using muster::Vantage;

constexpr muster::Count inf = Value::unbounded;

// Columns: id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes
Log L(const std::string& rows) {
  return muster::parse_log(
      "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes\n" + rows,
      "t.csv");
}

muster::Day D(const char* s) { return *muster::parse_day(s); }

Value at(const Log& log, const char* day, Vantage view = {}, const Filter& f = {}) {
  return Timeline{log, view}.strength(D(day), f);
}

Vantage as_of(const char* day, bool planned = false) { return Vantage{D(day), planned}; }

// ---------------------------------------------------------------------------
// Section 5: arrivals.

TEST(TimelineArrival, DayArrivalStepsAllTracksOnItsDay) {
  auto log = L("a,arrival,2024-01-10,MSS,KEN,,10,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-09"), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-10"), (Value{10, 10, 10}));
  EXPECT_EQ(at(log, "2030-01-01"), (Value{10, 10, 10}));
}

TEST(TimelineArrival, MonthArrivalEstimateAndHighOnFirstDayLowOnLast) {
  // +200 estimate and +300 high on 03-01 (S); +100 low on 03-31 (E).
  auto log = L("a,arrival,2024-03,MSS,KEN,,200,100,300,,,\n");
  EXPECT_EQ(at(log, "2024-02-29"), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-03-01"), (Value{200, 0, 300}));
  EXPECT_EQ(at(log, "2024-03-30"), (Value{200, 0, 300}));
  EXPECT_EQ(at(log, "2024-03-31"), (Value{200, 100, 300}));
}

TEST(TimelineArrival, YearArrivalLowOnlyOnTheLastDayOfTheYear) {
  // +50 on 2024-01-01 for estimate and high, +50 low on 2024-12-31.
  auto log = L("a,arrival,2024,MSS,KEN,,50,,,,,\n");
  EXPECT_EQ(at(log, "2023-12-31"), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-01"), (Value{50, 0, 50}));
  EXPECT_EQ(at(log, "2024-12-30"), (Value{50, 0, 50}));
  EXPECT_EQ(at(log, "2024-12-31"), (Value{50, 50, 50}));
}

TEST(TimelineArrival, BlankHighMakesHighUnbounded) {
  // Estimate = low = 10 (no count); high unbounded from 01-05.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,,10,,,,\n"
               "b,arrival,2024-01-10,MSS,KEN,,5,,,,,\n"      // + and - keep it unbounded
               "c,departure,2024-01-12,MSS,KEN,,3,,,,,\n"
               "r,report,2024-01-20,MSS,KEN,,20,,,,,\n"      // a bounded report gives the bound back
               "d,arrival,2024-01-25,MSS,KEN,,2,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-05"), (Value{10, 10, inf}));
  EXPECT_EQ(at(log, "2024-01-10"), (Value{15, 15, inf}));
  EXPECT_EQ(at(log, "2024-01-12"), (Value{12, 12, inf}));
  EXPECT_EQ(at(log, "2024-01-20"), (Value{20, 20, 20}));
  EXPECT_EQ(at(log, "2024-01-25"), (Value{22, 22, 22}));
}

// ---------------------------------------------------------------------------
// Section 5: departures.

TEST(TimelineDeparture, MonthDepartureEstimateAndLowOnFirstDayHighOnLast) {
  // 100 present from 01-05. Departure of 30 in March: -30 estimate and -30 (h)
  // low on 03-01, -30 (l) high on 03-31.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,100,,,,,\nb,departure,2024-03,MSS,KEN,,30,,,,,\n");
  EXPECT_EQ(at(log, "2024-02-29"), (Value{100, 100, 100}));
  EXPECT_EQ(at(log, "2024-03-01"), (Value{70, 70, 100}));
  EXPECT_EQ(at(log, "2024-03-31"), (Value{70, 70, 70}));
}

TEST(TimelineDeparture, YearDepartureWithRange) {
  // Departure 2025 count 20 low 10 high 40: -20 estimate and -40 low on
  // 2025-01-01, -10 high on 2025-12-31. From 100: 80/60/100, then 80/60/90.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,100,,,,,\nb,departure,2025,MSS,KEN,,20,10,40,,,\n");
  EXPECT_EQ(at(log, "2025-01-01"), (Value{80, 60, 100}));
  EXPECT_EQ(at(log, "2025-12-30"), (Value{80, 60, 100}));
  EXPECT_EQ(at(log, "2025-12-31"), (Value{80, 60, 90}));
}

TEST(TimelineDeparture, UnboundedHighMakesLowFallToZero) {
  // Departure low 10, no high: estimate -10 and high -10 (l), low falls to 0.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,100,,,,,\nb,departure,2024-02-01,MSS,KEN,,,10,,,,\n"
               "c,arrival,2024-02-01,MSS,KEN,,7,,,,,\n");  // even with a + the same day
  EXPECT_EQ(at(log, "2024-01-31"), (Value{100, 100, 100}));
  EXPECT_EQ(at(log, "2024-02-01"), (Value{97, 0, 97}));
}

// ---------------------------------------------------------------------------
// Section 5: reports.

TEST(TimelineReport, ReportSetsEveryTrackOnItsLastDay) {
  // 100 present; report for May 2024 of 60 (50-70) sets on 05-31.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,100,,,,,\nr,report,2024-05,MSS,KEN,,60,50,70,,,\n");
  EXPECT_EQ(at(log, "2024-05-30"), (Value{100, 100, 100}));
  EXPECT_EQ(at(log, "2024-05-31"), (Value{60, 50, 70}));
}

TEST(TimelineReport, ReportWithBlankHighSetsHighUnbounded) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\nr,report,2024-01-07,MSS,KEN,,,5,,,,\n");
  EXPECT_EQ(at(log, "2024-01-07"), (Value{5, 5, inf}));
}

TEST(TimelineReport, ReportAloneStartsAContingent) {
  auto log = L("r,report,2024-01-07,MSS,KEN,police,40,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-06"), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-07"), (Value{40, 40, 40}));
}

// ---------------------------------------------------------------------------
// Section 5: several rows on one day; the clamp at zero.

TEST(TimelineOneDay, PlusAndMinusSummedThenClampedThenLastSet) {
  // 10 present. On 01-05 (file order): report 50, arrival 5, departure 3,
  // report 40. Sum +5-3 = +2 -> 12, then the last set step (40) wins.
  auto log = L("a,arrival,2024-01-01,MSS,KEN,,10,,,,,\n"
               "r1,report,2024-01-05,MSS,KEN,,50,,,,,\n"
               "b,arrival,2024-01-05,MSS,KEN,,5,,,,,\n"
               "c,departure,2024-01-05,MSS,KEN,,3,,,,,\n"
               "r2,report,2024-01-05,MSS,KEN,,40,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-05"), (Value{40, 40, 40}));
}

TEST(TimelineOneDay, StepsOfADayAreAppliedAtOnce) {
  // 10 present. On 01-05 a departure of 15 (first in file order) and an
  // arrival of 10: together -5, so 10 - 5 = 5. (One at a time with a clamp
  // in between would give 0 + 10 = 10.)
  auto log = L("a,arrival,2024-01-01,MSS,KEN,,10,,,,,\n"
               "c,departure,2024-01-05,MSS,KEN,,15,,,,,\n"
               "b,arrival,2024-01-05,MSS,KEN,,10,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-05"), (Value{5, 5, 5}));
}

TEST(TimelineOneDay, ReportsOfAMonthAndOfItsLastDaySetTheSameDayInFileOrder) {
  // Both set on 03-31; the later row in the file wins whatever its period.
  auto log = L("r1,report,2024-03-31,MSS,KEN,,7,,,,,\nr2,report,2024-03,MSS,KEN,,9,,,,,\n");
  EXPECT_EQ(at(log, "2024-03-31"), (Value{9, 9, 9}));
  auto other = L("r2,report,2024-03,MSS,KEN,,9,,,,,\nr1,report,2024-03-31,MSS,KEN,,7,,,,,\n");
  EXPECT_EQ(at(other, "2024-03-31"), (Value{7, 7, 7}));
}

TEST(TimelineClamp, DepartureLargerThanStrengthUnderAnAsOfView) {
  // The arrival became known on 02-01, the departure on 01-10. As of 01-15
  // only the departure is seen: 0 - 8 is raised to 0 on every track.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,2024-02-01,\n"
               "b,departure,2024-01-10,MSS,KEN,,8,,,,,\n"
               "c,arrival,2024-01-12,MSS,KEN,,3,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-12", as_of("2024-01-15")), (Value{3, 3, 3}));  // 0 then +3
  EXPECT_EQ(at(log, "2024-01-12"), (Value{5, 5, 5}));                       // 10 - 8 + 3
}

TEST(TimelineClamp, APlannedDepartureLargerThanStrengthIsRaisedToZero) {
  // Section 6: a view with planned rows never refuses; 10 - 50 is raised to 0.
  auto log = L("a,arrival,2024-01-02,MSS,KEN,,10,,,,,\n"
               "b,departure,2024-01-05,MSS,KEN,,50,,,planned,,\n"
               "c,arrival,2024-01-07,MSS,KEN,,4,,,,,\n");
  const Vantage planned{std::nullopt, true};
  EXPECT_EQ(at(log, "2024-01-05", planned), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-07", planned), (Value{4, 4, 4}));
  EXPECT_EQ(at(log, "2024-01-07"), (Value{14, 14, 14}));
}

TEST(TimelineClamp, LowTrackClampsBeforeAMonthArrivalsLowLands) {
  // Arrival of 10 in March (low +10 on 03-31), departure of 4 on 03-10.
  // Estimate: 10 on 03-01, 6 on 03-10. High: 10 then 6. Low: 0 - 4 raised to
  // 0 on 03-10, then +10 on 03-31 = 10 (the spec's tracks are independent:
  // here low ends above high). The strength is the range between them
  // (section 5, version 1.2): 6 to 10.
  auto log = L("a,arrival,2024-03,MSS,KEN,,10,,,,,\nb,departure,2024-03-10,MSS,KEN,,4,,,,,\n");
  EXPECT_EQ(at(log, "2024-03-10"), (Value{6, 0, 6}));
  EXPECT_EQ(at(log, "2024-03-31"), (Value{6, 6, 10}));
}

// ---------------------------------------------------------------------------
// Section 4: views.

TEST(TimelineView, RowsRecordedAfterTheAsOfDayAreNotSeen) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,2024-01-20,\n");
  EXPECT_EQ(at(log, "2024-01-06", as_of("2024-01-19")), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-06", as_of("2024-01-20")), (Value{10, 10, 10}));
  EXPECT_EQ(at(log, "2024-01-06"), (Value{10, 10, 10}));
}

TEST(TimelineView, BlankRecordedIsTheFirstDayOfTheDate) {
  auto log = L("a,arrival,2024-03,MSS,KEN,,10,,,,,\n");
  EXPECT_EQ(at(log, "2024-03-31", as_of("2024-02-29")), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-03-31", as_of("2024-03-01")), (Value{10, 10, 10}));
}

TEST(TimelineView, CorrectionsAndRetractionsHideFromTheirRecordedDay) {
  // a: 100, b corrects a (120, known 01-20), c corrects b (130, known 02-01),
  // r retracts c (known 03-01).
  auto log = L("a,report,2024-01-10,MSS,KEN,,100,,,,,\n"
               "b,report,2024-01-10,MSS,KEN,,120,,,,2024-01-20,a\n"
               "c,report,2024-01-10,MSS,KEN,,130,,,,2024-02-01,b\n"
               "r,retraction,2024-01-10,,,,,,,,2024-03-01,c\n");
  EXPECT_EQ(at(log, "2024-01-31", as_of("2024-01-15")).estimate, 100);  // only a known
  EXPECT_EQ(at(log, "2024-01-31", as_of("2024-01-20")).estimate, 120);  // b hides a
  EXPECT_EQ(at(log, "2024-01-31", as_of("2024-02-01")).estimate, 130);  // c hides b; a stays hidden
  // As of 03-01: r hides c; b stays hidden by c and a by b, though both
  // hiders are themselves hidden: nothing is left.
  EXPECT_EQ(at(log, "2024-01-31", as_of("2024-03-01")), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-31"), (Value{0, 0, 0}));
  Timeline t{log, as_of("2024-02-01")};
  EXPECT_FALSE(t.sees(log.events()[0]));
  EXPECT_FALSE(t.sees(log.events()[1]));
  EXPECT_TRUE(t.sees(log.events()[2]));
  EXPECT_FALSE(t.sees(log.events()[3]));  // retractions are never seen as values
}

TEST(TimelineView, ACorrectionMayChangeTheDateAndContingent) {
  // The arrival was entered on the wrong day and component; b replaces it.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\n"
               "b,arrival,2024-01-08,MSS,KEN,police,12,,,,2024-01-09,a\n");
  const Filter police{std::nullopt, std::nullopt, "police"};
  EXPECT_EQ(at(log, "2024-01-06", as_of("2024-01-08")), (Value{10, 10, 10}));
  EXPECT_EQ(at(log, "2024-01-06", as_of("2024-01-09")), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-08", as_of("2024-01-09"), police), (Value{12, 12, 12}));
  EXPECT_EQ(at(log, "2024-01-08", {}, Filter{std::nullopt, std::nullopt, ""}), (Value{0, 0, 0}));
}

TEST(TimelineView, PlannedRowsOnlyWhenAskedFor) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\n"
               "p,arrival,2024-01-15,MSS,KEN,,5,,,planned,,\n");
  EXPECT_EQ(at(log, "2024-01-20"), (Value{10, 10, 10}));
  EXPECT_EQ(at(log, "2024-01-20", Vantage{std::nullopt, true}), (Value{15, 15, 15}));
  // As of 01-10 the planned row is not yet recorded (recorded = 01-15).
  EXPECT_EQ(at(log, "2024-01-20", as_of("2024-01-10", true)), (Value{10, 10, 10}));
}

TEST(TimelineView, APlannedCorrectionHidesItsRowInEveryView) {
  // Section 4 hides a row named by any row recorded on or before R, whatever
  // that row's status: the planned correction hides the confirmed arrival
  // even where planned rows are not asked for.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\n"
               "p,arrival,2024-01-05,MSS,KEN,,12,,,planned,,a\n");
  EXPECT_EQ(at(log, "2024-01-20"), (Value{0, 0, 0}));
  EXPECT_EQ(at(log, "2024-01-20", Vantage{std::nullopt, true}), (Value{12, 12, 12}));
}

// ---------------------------------------------------------------------------
// Section 5: observations (Vantage::parts_only; by default, section 8 counts them).

constexpr Vantage parts_only{.parts_only = true};

TEST(TimelineObservation, BlankCountryReportChangesNoTrack) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\no,report,2024-01-10,MSS,,,999,,,,,\n");
  Timeline t{log, parts_only};
  EXPECT_EQ(t.strength(D("2024-01-10")), (Value{10, 10, 10}));
  EXPECT_EQ(t.contingents().size(), 1u);
  // By default (section 8) the mission's report bounds the mission: the 989
  // no contingent accounts for are its unattributed personnel. No track moves.
  Timeline counted{log};
  EXPECT_EQ(counted.strength(D("2024-01-10")), (Value{999, 999, 999}));
  EXPECT_EQ(counted.strength(D("2024-01-10"), Filter{.country = Country::find("KEN")}), (Value{10, 10, 10}));
  EXPECT_EQ(counted.contingents().size(), 1u);
}

TEST(TimelineObservation, BlankComponentReportWhereComponentRowsExist) {
  // KEN has police rows, so the blank-component report is an observation.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,police,10,,,,,\n"
               "o,report,2024-01-10,MSS,KEN,,999,,,,,\n");
  Timeline t{log, parts_only};
  EXPECT_EQ(t.strength(D("2024-01-10")), (Value{10, 10, 10}));
  ASSERT_EQ(t.contingents().size(), 1u);
  EXPECT_EQ(t.contingents()[0].component, "police");
}

TEST(TimelineObservation, BlankComponentReportWithoutComponentRowsIsAStep) {
  // No KEN row of MSS has a component (the police row is of another
  // mission): the report sets the MSS/KEN/"" tracks.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\n"
               "x,arrival,2024-01-05,UNX,KEN,police,4,,,,,\n"
               "r,report,2024-01-10,MSS,KEN,,25,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-10", {}, Filter{std::string("MSS"), std::nullopt, std::nullopt}),
            (Value{25, 25, 25}));
}

TEST(TimelineObservation, APledgeWithAComponentMakesBlankReportsObservations) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\n"
               "p,pledge,2024-01-01,MSS,KEN,police,40,,,,,\n"
               "r,report,2024-01-10,MSS,KEN,,25,,,,,\n");
  EXPECT_EQ(at(log, "2024-01-10", parts_only), (Value{10, 10, 10}));
}

TEST(TimelineObservation, PledgesDoNotChangeStrength) {
  auto log = L("p,pledge,2024-01-01,MSS,KEN,,40,,,,,\n");
  Timeline t{log};
  EXPECT_EQ(t.strength(D("2024-06-01")), (Value{0, 0, 0}));
  EXPECT_TRUE(t.contingents().empty());
}

// ---------------------------------------------------------------------------
// Groups and filters.

Log groups_log() {
  // MSS/KEN/police 10, MSS/KEN/"" 5, MSS/FRA/police 7, UNX/KEN/military 3
  // (low 3, no high: unbounded). All present from 2024-01-05.
  return L("a,arrival,2024-01-05,MSS,KEN,police,10,,,,,\n"
           "b,arrival,2024-01-05,MSS,KEN,,5,,,,,\n"
           "c,arrival,2024-01-05,MSS,FRA,police,7,,,,,\n"
           "d,arrival,2024-01-05,UNX,KEN,military,,3,,,,\n");
}

std::string show(const std::vector<muster::Group>& gs) {
  std::string s;
  for (const auto& g : gs)
    s += g.key.mission + "/" + std::string(g.key.country.code()) + "/" + g.key.component + "=" +
         std::to_string(g.value.estimate) + "," + std::to_string(g.value.low) + "," +
         (g.value.bounded() ? std::to_string(g.value.high) : "inf") + " ";
  return s;
}

TEST(TimelineGroups, EveryGrouping) {
  auto log = groups_log();
  Timeline t{log};
  const auto d = D("2024-01-10");
  EXPECT_EQ(show(t.strength_by(GroupBy::country, d)), "/FRA/=7,7,7 /KEN/=18,18,inf ");
  EXPECT_EQ(show(t.strength_by(GroupBy::mission, d)), "MSS//=22,22,22 UNX//=3,3,inf ");
  EXPECT_EQ(show(t.strength_by(GroupBy::component, d)),
            "//=5,5,5 //military=3,3,inf //police=17,17,17 ");
  EXPECT_EQ(show(t.strength_by(GroupBy::contingent, d)),
            "MSS/FRA/police=7,7,7 MSS/KEN/=5,5,5 MSS/KEN/police=10,10,10 UNX/KEN/military=3,3,inf ");
  EXPECT_EQ(show(t.strength_by(GroupBy::total, d)), "//=25,25,inf ");
  EXPECT_EQ(t.strength(d), (Value{25, 25, inf}));
}

TEST(TimelineGroups, Filters) {
  auto log = groups_log();
  Timeline t{log};
  const auto d = D("2024-01-10");
  const Filter ken{std::nullopt, Country::find("KEN"), std::nullopt};
  EXPECT_EQ(show(t.strength_by(GroupBy::mission, d, ken)), "MSS//=15,15,15 UNX//=3,3,inf ");
  const Filter unspecified{std::nullopt, std::nullopt, ""};
  EXPECT_EQ(t.strength(d, unspecified), (Value{5, 5, 5}));
  const Filter mss_police{std::string("MSS"), std::nullopt, std::string("police")};
  EXPECT_EQ(t.strength(d, mss_police), (Value{17, 17, 17}));
  EXPECT_EQ(show(t.strength_by(GroupBy::country, d, mss_police)), "/FRA/=7,7,7 /KEN/=10,10,10 ");
  EXPECT_TRUE(t.strength_by(GroupBy::country, d, Filter{std::string("ZZZ"), {}, {}}).empty());
}

TEST(TimelineGroups, OneContingent) {
  auto log = groups_log();
  Timeline t{log};
  EXPECT_EQ(t.strength({"MSS", *Country::find("KEN"), "police"}, D("2024-01-10")),
            (Value{10, 10, 10}));
  EXPECT_EQ(t.strength({"MSS", *Country::find("JAM"), "police"}, D("2024-01-10")),
            (Value{0, 0, 0}));
}

// ---------------------------------------------------------------------------
// Personnel-days.

TEST(TimelineDays, SumOfEveryDayInclusive) {
  // 10 from 01-05, 6 from 01-08. 01-01..01-10: 01-05,06,07 at 10 = 30;
  // 01-08,09,10 at 6 = 18; total 48.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,10,,,,,\nb,departure,2024-01-08,MSS,KEN,,4,,,,,\n");
  Timeline t{log};
  const muster::Contingent k{"MSS", *Country::find("KEN"), ""};
  EXPECT_EQ(t.personnel_days(k, D("2024-01-01"), D("2024-01-10")), (Value{48, 48, 48}));
  EXPECT_EQ(t.personnel_days(k, D("2024-01-07"), D("2024-01-07")), (Value{10, 10, 10}));
  EXPECT_EQ(t.personnel_days(k, D("2024-01-08"), D("2024-01-07")), (Value{0, 0, 0}));
  // All of 2025 (365 days) at 6: 2190.
  EXPECT_EQ(t.personnel_days(k, D("2025-01-01"), D("2025-12-31")), (Value{2190, 2190, 2190}));
  EXPECT_EQ(t.personnel_days(k, D("2024-01-01"), D("2024-12-31")),
            (Value{30 + 6 * 359, 30 + 6 * 359, 30 + 6 * 359}));  // 01-08..12-31 is 366 - 7 days
}

TEST(TimelineDays, UnboundedWhereAnyDayIsUnbounded) {
  // Unbounded 01-05..01-09 (low 2), bounded by a report of 4 on 01-10.
  auto log = L("a,arrival,2024-01-05,MSS,KEN,,,2,,,,\nr,report,2024-01-10,MSS,KEN,,4,,,,,\n");
  Timeline t{log};
  const muster::Contingent k{"MSS", *Country::find("KEN"), ""};
  const Value v = t.personnel_days(k, D("2024-01-09"), D("2024-01-11"));
  EXPECT_EQ(v.estimate, 2 + 4 + 4);
  EXPECT_EQ(v.low, 2 + 4 + 4);
  EXPECT_FALSE(v.bounded());
  EXPECT_EQ(t.personnel_days(k, D("2024-01-10"), D("2024-01-11")), (Value{8, 8, 8}));
}

TEST(TimelineDays, ByGroup) {
  auto log = groups_log();
  Timeline t{log};
  // 01-05..01-06: two days.
  EXPECT_EQ(show(t.personnel_days_by(GroupBy::country, D("2024-01-01"), D("2024-01-06"))),
            "/FRA/=14,14,14 /KEN/=36,36,inf ");
  EXPECT_EQ(show(t.personnel_days_by(GroupBy::total, D("2024-01-01"), D("2024-01-06"))),
            "//=50,50,inf ");
}

// ---------------------------------------------------------------------------
// Pledges (cli.md).

TEST(TimelinePledges, LatestPledgeByDayThenFileOrderAgainstStrength) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,police,10,,,,,\n"
               "b,arrival,2024-01-05,MSS,KEN,,5,,,,,\n"
               "p1,pledge,2024-01-03,MSS,KEN,police,12,,,,,\n"
               "p2,pledge,2024-01-02,MSS,KEN,police,15,,,,,\n"   // earlier day: not the latest
               "p3,pledge,2024-01,MSS,KEN,,20,,,,,\n"             // first day 01-01
               "p4,pledge,2024-01-01,MSS,KEN,,0,,,,,\n"           // same day, later in file: latest
               "p5,pledge,2024-02-01,MSS,FRA,,9,,,,,\n");          // dated after D
  Timeline t{log};
  const auto ps = t.pledges(D("2024-01-10"));
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].key.component, "");
  EXPECT_EQ(ps[0].pledge->id, "p4");
  EXPECT_EQ(ps[0].pledged, 0);
  EXPECT_EQ(ps[0].present, 15);  // a blank component covers police 10 and unspecified 5
  EXPECT_FALSE(ps[0].fulfilment().has_value());
  EXPECT_EQ(ps[1].key.component, "police");
  EXPECT_EQ(ps[1].pledge->id, "p1");
  EXPECT_EQ(ps[1].pledged, 12);
  EXPECT_EQ(ps[1].present, 10);
  EXPECT_NEAR(*ps[1].fulfilment(), 10.0 / 12.0, 1e-12);
  // On 01-02 only p2 (police) and p3/p4 (blank) are dated on or before D.
  const auto early = t.pledges(D("2024-01-02"));
  ASSERT_EQ(early.size(), 2u);
  EXPECT_EQ(early[1].pledge->id, "p2");
  EXPECT_EQ(early[1].present, 0);
  // A month pledge counts from its first day.
  const auto feb = t.pledges(D("2024-02-01"));
  ASSERT_EQ(feb.size(), 3u);
  EXPECT_EQ(feb[0].pledge->id, "p5");  // FRA sorts before KEN
}

TEST(TimelinePledges, FiltersAndViews) {
  auto log = L("p,pledge,2024-01-01,MSS,KEN,police,12,,,,,\n"
               "q,pledge,2024-01-01,UNX,FRA,,3,,,planned,,\n");
  EXPECT_EQ(Timeline{log}.pledges(D("2024-01-10")).size(), 1u);
  EXPECT_EQ((Timeline{log, Vantage{std::nullopt, true}}.pledges(D("2024-01-10")).size()), 2u);
  EXPECT_EQ(Timeline{log}.pledges(D("2024-01-10"), Filter{std::string("UNX"), {}, {}}).size(), 0u);
  EXPECT_EQ((Timeline{log, as_of("2023-12-31")}.pledges(D("2024-01-10")).size()), 0u);
}

// ---------------------------------------------------------------------------
// Section 7: sample days.

std::vector<std::string> samples(const char* from, const char* to, SampleStep s) {
  std::vector<std::string> out;
  for (auto d : muster::sample_days(D(from), D(to), s)) out.push_back(muster::to_string(d));
  return out;
}

using V = std::vector<std::string>;

TEST(SampleDays, MonthsFromThe31stUseTheLastDayOfShortMonths) {
  EXPECT_EQ(samples("2024-01-31", "2024-06-30", SampleStep::month),
            (V{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"}));
  EXPECT_EQ(samples("2023-01-31", "2023-03-31", SampleStep::month),
            (V{"2023-01-31", "2023-02-28", "2023-03-31"}));
  // Each sample is D1 + k months, not the previous sample + 1 month.
  EXPECT_EQ(samples("2023-01-30", "2023-04-01", SampleStep::month),
            (V{"2023-01-30", "2023-02-28", "2023-03-30"}));
}

TEST(SampleDays, Quarters) {
  EXPECT_EQ(samples("2024-01-31", "2025-01-31", SampleStep::quarter),
            (V{"2024-01-31", "2024-04-30", "2024-07-31", "2024-10-31", "2025-01-31"}));
  EXPECT_EQ(samples("2023-11-30", "2024-06-01", SampleStep::quarter),
            (V{"2023-11-30", "2024-02-29", "2024-05-30"}));
}

TEST(SampleDays, YearsFrom29February) {
  EXPECT_EQ(samples("2024-02-29", "2029-01-01", SampleStep::year),
            (V{"2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}));
}

TEST(SampleDays, DaysAndWeeksAndTheEnds) {
  EXPECT_EQ(samples("2024-02-27", "2024-03-01", SampleStep::day),
            (V{"2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"}));
  EXPECT_EQ(samples("2024-01-01", "2024-01-22", SampleStep::week),
            (V{"2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"}));
  EXPECT_EQ(samples("2024-01-01", "2024-01-21", SampleStep::week),
            (V{"2024-01-01", "2024-01-08", "2024-01-15"}));
  EXPECT_EQ(samples("2024-01-01", "2024-01-01", SampleStep::month), (V{"2024-01-01"}));
  EXPECT_TRUE(samples("2024-01-02", "2024-01-01", SampleStep::day).empty());
}

// ---------------------------------------------------------------------------

TEST(TimelineContingents, OnlyThoseWithSeenStepRows) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,police,10,,,,,\n"
               "p,pledge,2024-01-01,MSS,FRA,,4,,,,,\n"
               "o,report,2024-01-10,MSS,,,9,,,,,\n"
               "q,arrival,2024-01-05,MSS,JAM,,1,,,planned,,\n");
  Timeline t{log};
  ASSERT_EQ(t.contingents().size(), 1u);
  EXPECT_EQ(t.contingents()[0].country.code(), "KEN");
  EXPECT_EQ(Timeline(log, Vantage{std::nullopt, true}).contingents().size(), 2u);
}

// ---------------------------------------------------------------------------
// Issue 15: filters with alternatives, month-end sample days, stale figures,
// pledges of unknown size.

namespace stale {

using muster::Day;
using muster::Group;
using muster::StaleAfter;

TEST(TimelineFilter, AlternativesOfOneFieldAnyHoldsAndFieldsAllHold) {
  auto log = L("a,arrival,2024-01-05,MSS,KEN,police,10,,,,,\n"
               "b,arrival,2024-01-05,MSS,JAM,military,3,,,,,\n"
               "c,arrival,2024-01-05,UNX,KEN,police,100,,,,,\n"
               "d,arrival,2024-01-05,MSS,BLZ,police,1000,,,,,\n");
  Filter either;
  either.country.add(*Country::find("KEN"));
  either.country.add(*Country::find("JAM"));
  EXPECT_EQ(at(log, "2024-02-01", {}, either), Value::exactly(113));  // a + b + c, not d
  either.mission = std::string("MSS");
  EXPECT_EQ(at(log, "2024-02-01", {}, either), Value::exactly(13));  // a + b
  either.component.add("police");
  either.component.add("nothing such");
  EXPECT_EQ(at(log, "2024-02-01", {}, either), Value::exactly(10));  // a
  const auto groups = Timeline{log}.strength_by(GroupBy::country, D("2024-02-01"),
                                                Filter{std::nullopt, {}, {"police", "military"}});
  ASSERT_EQ(groups.size(), 3u);  // BLZ, JAM, KEN
  EXPECT_EQ(groups[2].value, Value::exactly(110));
}

TEST(SampleDays, MonthEndsFromAnyDayOfTheFirstMonth) {
  EXPECT_EQ(samples("2024-01-15", "2024-04-30", SampleStep::month_end),
            (V{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}));
  // A first day that is a month end already; 2023 is no leap year.
  EXPECT_EQ(samples("2023-01-31", "2023-03-30", SampleStep::month_end), (V{"2023-01-31", "2023-02-28"}));
  // The first end past the last day: nothing.
  EXPECT_TRUE(samples("2024-01-02", "2024-01-30", SampleStep::month_end).empty());
}

TEST(SampleDays, QuarterEndsAreCalendarQuarters) {
  // The issue: --from 2023-09-30 --step quarter samples 2023-12-30; quarter-end takes 12-31.
  EXPECT_EQ(samples("2023-09-30", "2024-06-30", SampleStep::quarter_end),
            (V{"2023-09-30", "2023-12-31", "2024-03-31", "2024-06-30"}));
  EXPECT_EQ(samples("2023-11-02", "2024-04-01", SampleStep::quarter_end), (V{"2023-12-31", "2024-03-31"}));
}

TEST(SampleDays, YearEnds) {
  EXPECT_EQ(samples("2023-02-28", "2025-12-31", SampleStep::year_end),
            (V{"2023-12-31", "2024-12-31", "2025-12-31"}));
  EXPECT_EQ(samples("2024-12-31", "2024-12-31", SampleStep::year_end), (V{"2024-12-31"}));
}

TEST(SampleStepNames, RoundTrip) {
  for (const char* name : {"day", "week", "month", "quarter", "year", "month-end", "quarter-end",
                           "year-end"})
    EXPECT_EQ(muster::to_string(*muster::parse_sample_step(name)), name);
  EXPECT_FALSE(muster::parse_sample_step("month_end"));
}

// Spec section 8, "Staleness": a group's unattributed personnel are free (0
// or more, unbounded, estimate kept) from N days after its last kept
// observation, until its next; the group marks the day of that observation.
TEST(StaleAfterTotals, UnattributedPersonnelGoStaleAfterTheirLastKeptObservation) {
  auto log = L("a,arrival,2025-01-01,M,KEN,police,100,,,,,\n"
               "m,report,2025-01-10,M,,,150,,,,,\n"
               "r,report,2025-02-05,M,KEN,police,100,,,,,\n"
               "n,report,2025-03-20,M,,,160,,,,,\n");
  const Timeline t{log, {}, StaleAfter{30, StaleAfter::Unit::days}};
  Filter m;
  m.mission = std::string("M");
  // Kenya's report of 02-05 keeps its police current to 03-07; the total of
  // 01-10 keeps the mission's own 50 current to 02-09.
  EXPECT_EQ(t.strength(D("2025-02-09"), m), Value::exactly(150));
  const std::vector<Group> feb = t.strength_by(GroupBy::contingent, D("2025-02-15"), m);
  ASSERT_EQ(feb.size(), 2u);
  EXPECT_EQ(feb[0].value, (Value{50, 0, Value::unbounded}));  // M unattributed: stale
  EXPECT_TRUE(feb[0].unattributed);
  EXPECT_EQ(feb[0].last_figure, D("2025-01-10"));
  EXPECT_EQ(feb[1].value, Value::exactly(100));  // Kenya's police: current
  EXPECT_EQ(feb[1].last_figure, std::nullopt);
  EXPECT_EQ(t.strength(D("2025-02-15"), m), (Value{150, 100, Value::unbounded}));
  // The next kept total makes them current again (160 - 0 to 160: Kenya stale from 03-08).
  EXPECT_EQ(t.strength(D("2025-03-20"), m).high, 160);
  // Without a stale limit, the 50 hold until the next total.
  EXPECT_EQ(Timeline{log}.strength(D("2025-02-15"), m), Value::exactly(150));
}

TEST(StaleAfterParse, UnitsAndBadValues) {
  EXPECT_EQ(muster::parse_stale_after("30"), (StaleAfter{30, StaleAfter::Unit::days}));
  EXPECT_EQ(muster::parse_stale_after("30d"), (StaleAfter{30, StaleAfter::Unit::days}));
  EXPECT_EQ(muster::parse_stale_after("2w"), (StaleAfter{2, StaleAfter::Unit::weeks}));
  EXPECT_EQ(muster::parse_stale_after("6m"), (StaleAfter{6, StaleAfter::Unit::months}));
  EXPECT_EQ(muster::parse_stale_after("1y"), (StaleAfter{1, StaleAfter::Unit::years}));
  for (const char* bad : {"", "y", "1x", "-1", "1.5y", "1 y", "y1", "100001", "10001y"})
    EXPECT_FALSE(muster::parse_stale_after(bad)) << bad;
  EXPECT_EQ(muster::to_string(*muster::parse_stale_after("6m")), "6m");
}

TEST(StaleAfterParse, CalendarArithmetic) {
  const StaleAfter year{1, StaleAfter::Unit::years}, month{1, StaleAfter::Unit::months};
  EXPECT_EQ(year.last_current_day(D("2023-12-31")), D("2024-12-31"));
  EXPECT_EQ(year.last_current_day(D("2024-02-29")), D("2025-02-28"));
  EXPECT_EQ(month.last_current_day(D("2024-01-31")), D("2024-02-29"));
  EXPECT_FALSE(year.stale(D("2023-12-31"), D("2024-12-31")));
  EXPECT_TRUE(year.stale(D("2023-12-31"), D("2025-01-01")));
  EXPECT_EQ((StaleAfter{10, StaleAfter::Unit::days}.last_current_day(D("2024-12-25"))),
            D("2025-01-04"));
  EXPECT_EQ((StaleAfter{2, StaleAfter::Unit::weeks}.last_current_day(D("2024-12-25"))),
            D("2025-01-08"));
}

// KEN: a report of 600 on 2024-06-30, nothing after. JAM: a month arrival of
// June 2024 (its figure ends 06-30), then a day report of 2024-09-15.
Log two_contingents() {
  return L("k,report,2024-06-30,MSS,KEN,police,600,,,,,\n"
           "j,arrival,2024-06,MSS,JAM,police,20,,,,,\n"
           "r,report,2024-09-15,MSS,JAM,police,25,,,,,\n");
}

TEST(TimelineStale, LowZeroHighUnboundedEstimateKeptPastTheThreshold) {
  const Log log = two_contingents();
  const Timeline plain{log}, fresh{log, {}, StaleAfter{90, StaleAfter::Unit::days}};
  const muster::Contingent ken{"MSS", *Country::find("KEN"), "police"};
  // 2024-06-30 + 90 days = 2024-09-28: current through that day.
  EXPECT_EQ(fresh.strength(ken, D("2024-09-28")), Value::exactly(600));
  EXPECT_EQ(fresh.strength(ken, D("2024-09-29")), (Value{600, 0, inf}));
  EXPECT_EQ(plain.strength(ken, D("2024-09-29")), Value::exactly(600));  // section 5 as is
  EXPECT_EQ(fresh.last_figure(ken, D("2024-09-29")), D("2024-06-30"));
  EXPECT_EQ(fresh.last_figure(ken, D("2024-06-29")), std::nullopt);      // no figure yet
  EXPECT_EQ(plain.last_figure(ken, D("2024-09-29")), std::nullopt);      // not kept without
  EXPECT_EQ(fresh.strength(ken, D("2024-06-29")), (Value{0, 0, 0}));     // nothing: not stale
}

TEST(TimelineStale, AMonthRowCountsFromItsFirstStepAndEndsOnItsLastDay) {
  const Log log = two_contingents();
  const Timeline fresh{log, {}, StaleAfter{1, StaleAfter::Unit::months}};
  const muster::Contingent jam{"MSS", *Country::find("JAM"), "police"};
  // The June arrival puts its first step on 06-01; its figure ends 06-30.
  EXPECT_EQ(fresh.last_figure(jam, D("2024-06-01")), D("2024-06-30"));
  EXPECT_EQ(fresh.strength(jam, D("2024-07-30")), (Value{20, 20, 20}));  // 06-30 + 1m = 07-30
  EXPECT_EQ(fresh.strength(jam, D("2024-07-31")), (Value{20, 0, inf}));
  // The report of 09-15 is a new figure.
  EXPECT_EQ(fresh.strength(jam, D("2024-09-15")), Value::exactly(25));
  EXPECT_EQ(fresh.last_figure(jam, D("2024-09-15")), D("2024-09-15"));
}

TEST(TimelineStale, GroupsCarryTheOldestStaleFigure) {
  const Log log = two_contingents();
  const Timeline fresh{log, {}, StaleAfter{30, StaleAfter::Unit::days}};
  // On 2024-10-31 both are stale: KEN since 06-30 + 30, JAM since 09-15 + 30.
  const std::vector<Group> total = fresh.strength_by(GroupBy::total, D("2024-10-31"));
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(total[0].value, (Value{625, 0, inf}));
  EXPECT_EQ(total[0].last_figure, D("2024-06-30"));
  const std::vector<Group> by = fresh.strength_by(GroupBy::country, D("2024-09-20"));
  ASSERT_EQ(by.size(), 2u);  // JAM fresh, KEN stale
  EXPECT_EQ(by[0].last_figure, std::nullopt);
  EXPECT_EQ(by[0].value, Value::exactly(25));
  EXPECT_EQ(by[1].last_figure, D("2024-06-30"));
  // Without the option the fast path by country is unchanged.
  EXPECT_EQ(Timeline{log}.strength_by(GroupBy::country, D("2024-10-31"))[1].value,
            Value::exactly(600));
}

TEST(TimelineStale, PersonnelDaysTakeTheStaleDaysLowAsZero) {
  const Log log = two_contingents();
  const Timeline fresh{log, {}, StaleAfter{10, StaleAfter::Unit::days}};
  const muster::Contingent ken{"MSS", *Country::find("KEN"), "police"};
  // 07-01 to 07-20: current through 07-10 (10 days of 600), stale 07-11 to 07-20.
  EXPECT_EQ(fresh.personnel_days(ken, D("2024-07-01"), D("2024-07-20")), (Value{12000, 6000, inf}));
  EXPECT_EQ(fresh.personnel_days(ken, D("2024-07-01"), D("2024-07-10")),
            (Value{6000, 6000, 6000}));
  const auto g = fresh.personnel_days_by(GroupBy::country, D("2024-07-01"), D("2024-07-20"));
  ASSERT_EQ(g.size(), 2u);
  // JAM: figure ends 06-30, current through 07-10, then stale: low 20 x 10 days.
  EXPECT_EQ(g[0].value, (Value{400, 200, inf}));
  EXPECT_EQ(g[0].last_figure, D("2024-06-30"));
}

TEST(TimelinePledges, AnUnknownSizeIsNotAZero) {
  auto log = L("p,pledge,2024-01,MSS,KEN,gsu,,0,,,,\n"
               "q,pledge,2024-01,MSS,KEN,swat,0,,,,,\n"
               "s,pledge,2024-01,MSS,KEN,astu,,500,,,,\n");
  const auto ps = Timeline{log}.pledges(D("2024-02-01"));
  ASSERT_EQ(ps.size(), 3u);  // astu, gsu, swat
  EXPECT_TRUE(ps[0].size_known());   // at least 500
  EXPECT_EQ(ps[0].pledged_value, (Value{500, 500, inf}));
  EXPECT_FALSE(ps[1].size_known());  // low 0, no count, no high
  EXPECT_EQ(ps[1].fulfilment(), std::nullopt);
  EXPECT_TRUE(ps[2].size_known());   // a pledge of 0
}

}  // namespace stale

}  // namespace

// ---------------------------------------------------------------------------
// Section 5, version 1.2: crossed tracks and the `end` kind.

TEST(TimelineCrossed, AReportInsideAnArrivalsMonthGivesTheRangeBetweenTheTracks) {
  // The arrival of 2025-01 puts its low step (+7) on 31 January, after the
  // report of 0 on the 17th: low track 7, high track 0. The strength is the
  // range between them, 0 to 7, and the contingent stays in a breakdown.
  auto log = L("a,arrival,2025-01,MSS,BHS,,7,,,,,\nr,report,2025-01-17,MSS,BHS,,0,,,,,\n"
               "k,arrival,2025-01-05,MSS,KEN,police,100,,,,,\n");
  EXPECT_EQ(at(log, "2025-01-31"), (Value{100, 100, 107}));
  Timeline t{log};
  EXPECT_EQ(show(t.strength_by(GroupBy::country, D("2025-01-31"))),
            "/BHS/=0,0,7 /KEN/=100,100,100 ");
  EXPECT_EQ(at(log, "2025-01-16"), (Value{107, 100, 107}));  // BHS 7 (0 to 7) before the report
  EXPECT_EQ(at(log, "2025-01-30"), Value::exactly(100));       // the report's 0, until the 31st
}

TEST(TimelineEnd, AMissionsEndSetsEveryContingentOfItToZero) {
  // end of MSS on 2025-03: estimate and low set to 0 on 03-01, high on 03-31.
  auto log = L("a,arrival,2025-01-05,MSS,KEN,police,100,,,,,\n"
               "b,arrival,2025-01-05,MSS,JAM,,20,,,,,\n"
               "c,arrival,2025-01-05,UNX,JAM,,5,,,,,\n"
               "e,end,2025-03,MSS,,,,,,,,\n");
  EXPECT_EQ(at(log, "2025-02-28"), Value::exactly(125));
  EXPECT_EQ(at(log, "2025-03-01"), (Value{5, 5, 125}));
  EXPECT_EQ(at(log, "2025-03-31"), Value::exactly(5));
  EXPECT_EQ(at(log, "2030-01-01"), Value::exactly(5));
  Filter mss;
  mss.mission = "MSS";
  EXPECT_EQ(at(log, "2025-03-31", {}, mss), Value::exactly(0));
}

TEST(TimelineEnd, AnEndNarrowedToACountryAndAComponent) {
  auto log = L("a,arrival,2025-01-05,MSS,KEN,police,100,,,,,\n"
               "b,arrival,2025-01-05,MSS,KEN,military,30,,,,,\n"
               "c,arrival,2025-01-05,MSS,JAM,police,20,,,,,\n"
               "e1,end,2025-02-01,MSS,KEN,military,,,,,,\n"
               "e2,end,2025-03-01,MSS,JAM,,,,,,,\n");
  Timeline t{log};
  EXPECT_EQ(show(t.strength_by(GroupBy::contingent, D("2025-02-01"))),
            "MSS/JAM/police=20,20,20 MSS/KEN/military=0,0,0 MSS/KEN/police=100,100,100 ");
  EXPECT_EQ(at(log, "2025-03-01"), Value::exactly(100));
}

TEST(TimelineEnd, ALaterReportOpensTheContingentAgainAndTheViewDecides) {
  // A report after the end sets the tracks again; an end recorded later is
  // not known as of an earlier day, and a planned end counts only with
  // planned rows.
  auto log = L("a,arrival,2025-01-05,MSS,KEN,police,100,,,,,\n"
               "e,end,2025-02-01,MSS,,,,,,,2025-02-10,\n"
               "r,report,2025-04-01,MSS,KEN,police,40,,,,,\n"
               "p,end,2025-05-01,MSS,KEN,,,,,planned,,\n");
  EXPECT_EQ(at(log, "2025-02-01"), Value::exactly(0));
  EXPECT_EQ(at(log, "2025-02-01", as_of("2025-02-09")), Value::exactly(100));
  EXPECT_EQ(at(log, "2025-04-01"), Value::exactly(40));
  EXPECT_EQ(at(log, "2025-05-01"), Value::exactly(40));
  EXPECT_EQ(at(log, "2025-05-01", as_of("2025-06-01", true)), Value::exactly(0));
}

TEST(TimelineEnd, AnEndDoesNotMakeABlankComponentReportAnObservation) {
  // Only arrivals, departures, reports and pledges with a component make a
  // blank-component report an observation (section 5): an end's does not.
  auto log = L("r,report,2025-01-05,MSS,KEN,,100,,,,,\n"
               "e,end,2025-03-01,MSS,KEN,police,,,,,,\n");
  EXPECT_FALSE(log.is_observation(log.event(0)));
  EXPECT_EQ(at(log, "2025-03-01"), Value::exactly(100));
  EXPECT_TRUE(log.end_scope(1).empty());
}
