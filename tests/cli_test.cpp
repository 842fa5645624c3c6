// Tests for the `muster` command (cli.md): runs the built binary on logs
// written to a temporary directory and checks standard output, standard
// error and the exit status of strength, series, days, pledges and check.
#include <gtest/gtest.h>

#include "command.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Result {
  int status = -1;
  std::string out, err;
};

class Cli : public testing::Test {
 protected:
  static fs::path dir() {
    static const fs::path d = [] {
      fs::path p = fs::path(testing::TempDir()) / ("muster_cli_test_" + std::to_string(::getpid()));
      return p;
    }();
    return d;
  }

  // Runs muster in dir() with `args`; standard input from `input` when given.
  static Result run(const std::vector<std::string>& args, const std::string* input = nullptr) {
    // Appended piece by piece: g++ 12 warns (-Wrestrict, wrongly) on "literal" + string.
    std::string cmd = "cd ";
    cmd += shell_quoted(dir().string());
    cmd += " && ";
    cmd += shell_quoted(MUSTER_EXE);
    for (const auto& a : args) {
      cmd += ' ';
      cmd += shell_quoted(a);
    }
    if (input) {
      spit(dir() / "stdin.txt", *input);
      cmd += " < stdin.txt";
    } else {
      cmd += " < /dev/null";
    }
    cmd += " > stdout.txt 2> stderr.txt";
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(dir() / "stdout.txt");
    r.err = slurp(dir() / "stderr.txt");
    return r;
  }

  static void write(const std::string& name, const std::string& text) {
    fs::create_directories(dir());
    spit(dir() / name, text);
  }

  static std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }

  void SetUp() override { write("log.csv", log_text()); }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir(), ec);
  }

 public:
  // The log most tests query. By hand, on 2025-03-31:
  //   MSS/KEN/police   400 + 200 - 17 = 583
  //   UNX/KEN/military 1234
  //   MSS/JAM/military estimate 20, low 20 (from 09-30), high unbounded (from 09-01)
  //   MSS/SLV/police   9 (c1 corrects a4's 8, known from 2025-01-25)
  //   MSS/BLZ/""       2 (a report; BLZ has no component rows, so a step)
  //   MSS/GTM/military 150, planned only
  static std::string log_text() {
    return "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,source\n"
           "a1,arrival,2024-06-25,MSS,KEN,police,400,,,,,,\"Kenya, first 400\"\n"
           "a2,arrival,2024-07-16,MSS,Kenya,police,200,,,,,,\n"
           "a3,arrival,2024-09,MSS,JM,military,,20,,,,,\n"
           "a4,arrival,2025-01-18,MSS,SLV,police,8,,,,,,\n"
           "a5,arrival,2025-01-20,MSS,GTM,military,150,,,planned,,,\n"
           "d1,departure,2025-02-10,MSS,KEN,police,17,,,,,,\n"
           "r1,report,2025-03-31,MSS,BLZ,,2,,,,,,\n"
           "p1,pledge,2024-01-01,MSS,KEN,,1000,,,,,,\n"
           "p2,pledge,2024-06,MSS,JAM,military,0,,,,,,\n"
           "x1,arrival,2024-01-05,UNX,KEN,military,1234,,,,,,\n"
           "c1,arrival,2025-01-18,MSS,SLV,police,9,,,,2025-01-25,a4,\n";
  }
};

// ---------------------------------------------------------------------------
// strength and every --by

TEST_F(Cli, StrengthByCountryIsTheDefault) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,  // csv when standard output is not a terminal
            "country,estimate,low,high\n"
            "BLZ,2,2,2\n"
            "JAM,20,20,\n"
            "KEN,1817,1817,1817\n"  // 583 + 1234
            "SLV,9,9,9\n");
}

TEST_F(Cli, StrengthByMission) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--by", "mission"});
  EXPECT_EQ(r.status, 0) << r.err;
  // MSS: 583 + 20 + 9 + 2 = 614, high unbounded (JAM).
  EXPECT_EQ(r.out, "mission,estimate,low,high\nMSS,614,614,\nUNX,1234,1234,1234\n");
}

TEST_F(Cli, StrengthByComponent) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--by", "component"});
  EXPECT_EQ(r.status, 0) << r.err;
  // unspecified: BLZ 2; military: 20 + 1234 = 1254 (unbounded); police: 583 + 9 = 592.
  EXPECT_EQ(r.out, "component,estimate,low,high\n,2,2,2\nmilitary,1254,1254,\npolice,592,592,592\n");
}

TEST_F(Cli, StrengthByContingent) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--by", "contingent"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "mission,country,component,estimate,low,high\n"
            "MSS,BLZ,,2,2,2\n"
            "MSS,JAM,military,20,20,\n"
            "MSS,KEN,police,583,583,583\n"
            "MSS,SLV,police,9,9,9\n"
            "UNX,KEN,military,1234,1234,1234\n");
}

TEST_F(Cli, StrengthByTotalAlwaysPrintsOneRow) {
  auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--by", "total"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "estimate,low,high\n1848,1848,\n");  // 614 + 1234
  r = run({"strength", "log.csv", "--on", "2020-01-01", "--by", "total"});
  EXPECT_EQ(r.out, "estimate,low,high\n0,0,0\n");
  // Nothing present: no group listed, header only.
  r = run({"strength", "log.csv", "--on", "2020-01-01"});
  EXPECT_EQ(r.out, "country,estimate,low,high\n");
}

TEST_F(Cli, GroupsWithZeroHighAreNotListed) {
  write("gone.csv",
        "id,kind,date,mission,country,count\na,arrival,2024-01-01,MSS,KEN,5\n"
        "b,departure,2024-02-01,MSS,KEN,5\nc,arrival,2024-01-01,MSS,FRA,1\n");
  const auto r = run({"strength", "gone.csv", "--on", "2024-03-01"});
  EXPECT_EQ(r.out, "country,estimate,low,high\nFRA,1,1,1\n");
}

TEST_F(Cli, CountryFilterTakesEverySpelling) {
  write("civ.csv", "id,kind,date,mission,country,count\na,arrival,2024-01-01,MSS,CIV,5\n"
                   "b,arrival,2024-01-01,MSS,KEN,7\n");
  auto r = run({"strength", "civ.csv", "--on", "2024-03-01", "--country", "Ivory Coast"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "country,estimate,low,high\nCIV,5,5,5\n");
  r = run({"strength", "civ.csv", "--on", "2024-03-01", "--country", "Kenia"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--country: unknown country 'Kenia' (did you mean Kenya?)"), std::string::npos)
      << r.err;
}

TEST_F(Cli, Filters) {
  auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--country", "kenya", "--by", "mission"});
  EXPECT_EQ(r.out, "mission,estimate,low,high\nMSS,583,583,583\nUNX,1234,1234,1234\n");
  r = run({"strength", "log.csv", "--on", "2025-03-31", "--component", ""});
  EXPECT_EQ(r.out, "country,estimate,low,high\nBLZ,2,2,2\n");
  r = run({"strength", "log.csv", "--on", "2025-03-31", "--mission", "UNX", "--by", "contingent"});
  EXPECT_EQ(r.out, "mission,country,component,estimate,low,high\nUNX,KEN,military,1234,1234,1234\n");
  r = run({"strength", "log.csv", "--on", "2025-03-31", "--mission", "MSS", "--component", "police"});
  EXPECT_EQ(r.out, "country,estimate,low,high\nKEN,583,583,583\nSLV,9,9,9\n");
  r = run({"strength", "log.csv", "--on", "2024-09-29", "--country", "JAM"});
  EXPECT_EQ(r.out, "country,estimate,low,high\nJAM,20,0,\n");  // low lands on 09-30
}

TEST_F(Cli, AsOfAndPlanned) {
  // As of 2025-01-20: c1, d1 and r1 are not yet known; a4 (8) still counts.
  auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--as-of", "2025-01-20"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "country,estimate,low,high\nJAM,20,20,\nKEN,1834,1834,1834\nSLV,8,8,8\n");
  r = run({"strength", "log.csv", "--on", "2025-03-31", "--include-planned", "--country", "GTM"});
  EXPECT_EQ(r.out, "country,estimate,low,high\nGTM,150,150,150\n");
  r = run({"strength", "log.csv", "--on", "2025-03-31", "--country", "GTM"});
  EXPECT_EQ(r.out, "country,estimate,low,high\n");
}

// ---------------------------------------------------------------------------
// --format

TEST_F(Cli, FormatJson) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[1]["country"], "JAM");
  EXPECT_EQ(j[1]["estimate"], 20);
  EXPECT_EQ(j[1]["low"], 20);
  EXPECT_TRUE(j[1]["high"].is_null());  // unbounded
  EXPECT_EQ(j[2]["country"], "KEN");
  EXPECT_EQ(j[2]["high"], 1817);
  const auto t = nlohmann::json::parse(
      run({"strength", "log.csv", "--on", "2020-01-01", "--by", "total", "--format", "json"}).out);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0]["estimate"], 0);
  EXPECT_EQ(t[0].size(), 3u);
}

TEST_F(Cli, FormatJsonNeverChangesShape) {
  // No group listed: an empty array, not nothing.
  auto j = nlohmann::json::parse(run({"strength", "log.csv", "--on", "2020-01-01", "--format", "json"}).out);
  EXPECT_TRUE(j.is_array());
  EXPECT_TRUE(j.empty());
  j = nlohmann::json::parse(run({"series", "log.csv", "--from", "2024-09-01", "--to", "2024-10-01",
                                 "--country", "JAM", "--by", "contingent", "--format", "json"}).out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["date"], "2024-09-01");
  EXPECT_EQ(j[0]["mission"], "MSS");
  EXPECT_EQ(j[0]["country"], "JAM");
  EXPECT_EQ(j[0]["component"], "military");
  EXPECT_EQ(j[0]["low"], 0);
  EXPECT_EQ(j[1]["low"], 20);
  EXPECT_TRUE(j[1]["high"].is_null());
  j = nlohmann::json::parse(run({"days", "log.csv", "--from", "2024-09-01", "--to", "2024-09-30",
                                 "--country", "JAM", "--format", "json"}).out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["estimate"], 600);  // 30 days at 20
  EXPECT_EQ(j[0]["low"], 20);        // only 09-30
  EXPECT_TRUE(j[0]["high"].is_null());
}

TEST_F(Cli, FormatTableHasThousandsSeparatorsAndATotal) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--format", "table"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1,817"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1,848"), std::string::npos) << r.out;  // the total row
  EXPECT_NE(r.out.find("total"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("1817"), std::string::npos) << r.out;
}

TEST_F(Cli, FormatCsvExplicit) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--format", "csv", "--by", "total"});
  EXPECT_EQ(r.out, "estimate,low,high\n1848,1848,\n");
}

// ---------------------------------------------------------------------------
// series, days, pledges, check

TEST_F(Cli, SeriesMonthlyIsTheDefaultStep) {
  const auto r = run({"series", "log.csv", "--from", "2025-01-31", "--to", "2025-04-30", "--by", "total"});
  EXPECT_EQ(r.status, 0) << r.err;
  // 01-31: 600 + 1234 + 20 + 9 = 1863; 02-28: -17 = 1846; 03-31: +2 = 1848.
  EXPECT_EQ(r.out,
            "date,estimate,low,high\n"
            "2025-01-31,1863,1863,\n"
            "2025-02-28,1846,1846,\n"
            "2025-03-31,1848,1848,\n"
            "2025-04-30,1848,1848,\n");
}

TEST_F(Cli, SeriesQuarterlyByCountry) {
  const auto r = run({"series", "log.csv", "--from", "2024-06-30", "--to", "2024-12-31", "--step",
                      "quarter"});
  EXPECT_EQ(r.status, 0) << r.err;
  // Samples 06-30, 09-30, 12-30. JAM arrives in September.
  EXPECT_EQ(r.out,
            "date,country,estimate,low,high\n"
            "2024-06-30,KEN,1634,1634,1634\n"
            "2024-09-30,JAM,20,20,\n"
            "2024-09-30,KEN,1834,1834,1834\n"
            "2024-12-30,JAM,20,20,\n"
            "2024-12-30,KEN,1834,1834,1834\n");
}

TEST_F(Cli, SeriesDayAndWeekAndYearSteps) {
  auto r = run({"series", "log.csv", "--from", "2025-02-09", "--to", "2025-02-11", "--step", "day",
                "--mission", "MSS", "--country", "KEN"});
  EXPECT_EQ(r.out, "date,country,estimate,low,high\n2025-02-09,KEN,600,600,600\n"
                   "2025-02-10,KEN,583,583,583\n2025-02-11,KEN,583,583,583\n");
  r = run({"series", "log.csv", "--from", "2025-01-27", "--to", "2025-02-10", "--step", "week",
           "--by", "mission", "--mission", "UNX"});
  EXPECT_EQ(r.out, "date,mission,estimate,low,high\n2025-01-27,UNX,1234,1234,1234\n"
                   "2025-02-03,UNX,1234,1234,1234\n2025-02-10,UNX,1234,1234,1234\n");
  r = run({"series", "log.csv", "--from", "2023-02-28", "--to", "2025-03-01", "--step", "year",
           "--by", "total", "--mission", "UNX"});
  EXPECT_EQ(r.out, "date,estimate,low,high\n2023-02-28,0,0,0\n2024-02-28,1234,1234,1234\n"
                   "2025-02-28,1234,1234,1234\n");
}

TEST_F(Cli, Days) {
  auto r = run({"days", "log.csv", "--from", "2025-02-09", "--to", "2025-02-11", "--mission", "MSS",
                "--country", "KEN"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "country,estimate,low,high\nKEN,1766,1766,1766\n");  // 600 + 583 + 583
  // JAM on 09-01 and 09-02: estimate 20 a day, low 0, high unbounded.
  r = run({"days", "log.csv", "--from", "2024-09-01", "--to", "2024-09-02", "--country", "JAM",
           "--by", "contingent"});
  EXPECT_EQ(r.out, "mission,country,component,estimate,low,high\nMSS,JAM,military,40,0,\n");
  r = run({"days", "log.csv", "--from", "2020-01-01", "--to", "2020-12-31", "--by", "total"});
  EXPECT_EQ(r.out, "estimate,low,high\n0,0,0\n");
}

TEST_F(Cli, Pledges) {
  const auto r = run({"pledges", "log.csv", "--on", "2025-03-31"});
  EXPECT_EQ(r.status, 0) << r.err;
  // p1 (blank component) covers every MSS/KEN component: 583 of 1000. p2
  // pledged 0: fulfilment blank.
  EXPECT_EQ(r.out,
            "mission,country,component,pledged,present,fulfilment\n"
            "MSS,JAM,military,0,20,\n"
            "MSS,KEN,,1000,583,0.583\n");
  const auto early = run({"pledges", "log.csv", "--on", "2024-05-31", "--format", "json"});
  const auto j = nlohmann::json::parse(early.out);
  ASSERT_EQ(j.size(), 1u);  // p2 is dated June 2024
  EXPECT_EQ(j[0]["pledged"], 1000);
  EXPECT_EQ(j[0]["present"], 0);  // nothing in MSS before 06-25
  EXPECT_EQ(j[0]["fulfilment"], 0.0);
  // Filters apply.
  EXPECT_EQ(run({"pledges", "log.csv", "--on", "2025-03-31", "--country", "JAM"}).out,
            "mission,country,component,pledged,present,fulfilment\nMSS,JAM,military,0,20,\n");
}

TEST_F(Cli, CheckAGoodLog) {
  const auto r = run({"check", "log.csv"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

// ---------------------------------------------------------------------------
// Refused logs: exit 1, every error as FILE:LINE: message, nothing on stdout.

TEST_F(Cli, RefusedLogExitsOneWithEveryErrorAndEmptyOutput) {
  write("bad.csv",
        "id,kind,date,mission,country,count\n"
        "a,arrival,2024-01-01,MSS,KEN,5\n"
        "b,arival,2024-01-01,MSS,KEN,5\n"  // line 3
        "\n"
        "c,arrival,2024-02-30,MSS,KEN,5\n");  // line 5
  const std::vector<std::vector<std::string>> commands = {
      {"strength", "bad.csv", "--on", "2024-03-01"},
      {"strength", "bad.csv", "--on", "2024-03-01", "--format", "json"},
      {"series", "bad.csv", "--from", "2024-01-01", "--to", "2024-03-01"},
      {"days", "bad.csv", "--from", "2024-01-01", "--to", "2024-03-01", "--format", "table"},
      {"pledges", "bad.csv", "--on", "2024-03-01"},
      {"check", "bad.csv"}};
  for (const auto& args : commands) {
    SCOPED_TRACE(args[0]);
    const auto r = run(args);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    const auto errs = lines(r.err);
    ASSERT_EQ(errs.size(), 2u) << r.err;
    EXPECT_EQ(errs[0].rfind("bad.csv:3: ", 0), 0u) << errs[0];
    EXPECT_EQ(errs[1].rfind("bad.csv:5: ", 0), 0u) << errs[1];
  }
}

TEST_F(Cli, DepartureTheLogCannotHoldIsRefused) {
  write("dep.csv",
        "id,kind,date,mission,country,count\n"
        "a,arrival,2024-01-01,MSS,KEN,5\n"
        "b,departure,2024-01-09,MSS,KEN,6\n");
  const auto r = run({"strength", "dep.csv", "--on", "2024-03-01"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  const auto errs = lines(r.err);
  ASSERT_EQ(errs.size(), 1u) << r.err;
  EXPECT_EQ(errs[0].rfind("dep.csv:3: ", 0), 0u) << errs[0];
  EXPECT_NE(errs[0].find("2024-01-09"), std::string::npos);
}

TEST_F(Cli, MissingFileIsRefused) {
  const auto r = run({"strength", "no-such-file.csv", "--on", "2024-03-01"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no-such-file.csv"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Standard input

TEST_F(Cli, DashReadsStandardInput) {
  const std::string text = log_text();
  const auto r = run({"strength", "-", "--on", "2025-03-31", "--by", "total"}, &text);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "estimate,low,high\n1848,1848,\n");
  const std::string bad = "id,kind,date\na,arrival,2024-01-01\nb,arrival,x\n";
  const auto refused = run({"check", "-"}, &bad);
  EXPECT_EQ(refused.status, 1);
  EXPECT_EQ(refused.out, "");
  const auto errs = lines(refused.err);
  ASSERT_GE(errs.size(), 1u);
  for (const auto& e : errs) EXPECT_NE(e.find(":"), std::string::npos) << e;
  EXPECT_NE(refused.err.find(":3: "), std::string::npos) << refused.err;
}

// ---------------------------------------------------------------------------
// Usage errors: exit 2, one line on standard error, nothing on standard output.

TEST_F(Cli, UsageErrorsExitTwoWithOneLine) {
  const std::vector<std::vector<std::string>> bad = {
      {"strength", "log.csv", "--on", "2025-02-30"},
      {"strength", "log.csv", "--on", "2025-3-01"},
      {"strength", "log.csv"},
      {"strength", "log.csv", "--on", "2025-01-01", "--by", "region"},
      {"strength", "log.csv", "--on", "2025-01-01", "--format", "xml"},
      {"strength", "log.csv", "--on", "2025-01-01", "--bogus"},
      {"strength", "log.csv", "--on", "2025-01-01", "--as-of", "yesterday"},
      {"strength", "log.csv", "--on", "2025-01-01", "--country", "Narnia"},
      {"series", "log.csv", "--from", "2025-01-01", "--to", "2025-02-01", "--step", "fortnight"},
      {"series", "log.csv", "--from", "2025-01-01"},
      {"days", "log.csv", "--from", "2025-01-01", "--to", "25-01-02"},
      {"pledges", "log.csv", "--on", "2025-01-01", "--by", "country"},  // pledges has no --by
      {"frobnicate", "log.csv"},
      {},
  };
  for (const auto& args : bad) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    SCOPED_TRACE(shown);
    const auto r = run(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  }
}

TEST_F(Cli, HelpForEveryCommandAndVersion) {
  for (const char* c : {"strength", "series", "days", "pledges", "check"}) {
    SCOPED_TRACE(c);
    const auto r = run({c, "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--"), std::string::npos);
  }
  EXPECT_EQ(run({"--help"}).status, 0);
  const auto v = run({"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.out.find("muster"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Issue 15, "never mislead": repeatable filters, warnings for a filter value
// no row has, usage errors that point to the command's help, month-end
// steps, --stale-after, pledges of unknown size.

TEST_F(Cli, FiltersMayBeRepeatedAsAlternatives) {
  // KEN 583 + 1234 (UNX), JAM 20; SLV and BLZ left out.
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--country", "KEN", "--country",
                      "Jamaica", "--format", "csv"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "country,estimate,low,high\nJAM,20,20,\nKEN,1817,1817,1817\n");
  EXPECT_EQ(r.err, "");
  // Different filters must all hold: MSS only, police or military.
  const auto m = run({"strength", "log.csv", "--on", "2025-03-31", "--mission", "MSS", "--mission",
                      "UNX", "--component", "police", "--component", "military", "--by",
                      "contingent", "--format", "csv"});
  EXPECT_EQ(m.out,
            "mission,country,component,estimate,low,high\nMSS,JAM,military,20,20,\n"
            "MSS,KEN,police,583,583,583\nMSS,SLV,police,9,9,9\nUNX,KEN,military,1234,1234,1234\n");
  for (const char* cmd : {"days", "series"}) {
    SCOPED_TRACE(cmd);
    const auto d = run({cmd, "log.csv", "--from", "2025-03-31", "--to", "2025-03-31", "--country",
                        "SLV", "--country", "BLZ", "--by", "total", "--format", "csv"});
    EXPECT_EQ(d.status, 0) << d.err;
    EXPECT_NE(d.out.find("11,11,11"), std::string::npos) << d.out;  // 9 + 2
  }
  const auto p = run({"pledges", "log.csv", "--on", "2025-03-31", "--country", "JAM", "--country",
                      "KEN", "--format", "csv"});
  EXPECT_EQ(lines(p.out).size(), 3u) << p.out;
}

TEST_F(Cli, AFilterValueNoRowHasWarnsAndStillAnswers) {
  const auto r = run({"strength", "log.csv", "--on", "2025-03-31", "--mission", "UNMISS", "--by",
                      "total", "--format", "csv"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "estimate,low,high\n0,0,0\n");
  EXPECT_EQ(r.err, "muster: warning: no row of log.csv has mission 'UNMISS' (its missions: MSS, UNX)\n");
  const auto c = run({"strength", "log.csv", "--on", "2025-03-31", "--mission", "mss", "--format", "csv"});
  EXPECT_EQ(c.status, 0);
  EXPECT_EQ(c.err, "muster: warning: no row of log.csv has mission 'mss' (its missions: MSS, UNX); "
                   "did you mean 'MSS'?\n");
  const auto k = run({"days", "log.csv", "--from", "2025-01-01", "--to", "2025-01-02", "--component",
                      "Police", "--format", "csv"});
  EXPECT_EQ(k.err, "muster: warning: no row of log.csv has component 'Police' (its components: \"\", "
                   "military, police); did you mean 'police'?\n");
  // Niger for Nigeria's neighbour: the log has neither; Belize is close to no name given.
  const auto n = run({"pledges", "log.csv", "--on", "2025-03-31", "--country", "Niger",
                      "--country", "KEN", "--format", "csv"});
  EXPECT_EQ(n.err, "muster: warning: no row of log.csv has country 'NER' (its countries: BLZ, GTM, "
                   "JAM, KEN, SLV)\n");
  // Which it is: the name closest to one of the log's.
  write("ngr.csv", "id,kind,date,mission,country,count\na,arrival,2024-01-01,MSS,NGA,5\n");
  const auto g = run({"strength", "ngr.csv", "--on", "2025-01-01", "--country", "Niger"});
  EXPECT_EQ(g.err, "muster: warning: no row of ngr.csv has country 'NER' (its countries: NGA); did "
                   "you mean 'NGA' (Nigeria)?\n");
  // Every query command warns, and only once a value.
  for (const char* cmd : {"check", "explain", "series"}) {
    SCOPED_TRACE(cmd);
    std::vector<std::string> args = {cmd, "log.csv", "--mission", "UNMISS", "--format", "csv"};
    if (std::string(cmd) == "explain") args.insert(args.end(), {"--on", "2025-01-01"});
    if (std::string(cmd) == "series")
      args.insert(args.end(), {"--from", "2025-01-01", "--to", "2025-02-01"});
    const auto w = run(args);
    EXPECT_EQ(w.status, 0) << w.err;
    EXPECT_EQ(lines(w.err).size(), 1u) << w.err;
    EXPECT_NE(w.err.find("no row of log.csv has mission 'UNMISS'"), std::string::npos) << w.err;
  }
}

TEST_F(Cli, AWarningListsAHandfulOfTheLogsValues) {
  std::string text = "id,kind,date,mission,country,count\n";
  for (int i = 0; i < 9; ++i) {
    const std::string n = std::to_string(i);
    text += 'r';
    text += n;
    text += ",arrival,2024-01-01,M";
    text += n;
    text += ",KEN,1\n";
  }
  write("many.csv", text);
  const auto r = run({"strength", "many.csv", "--on", "2025-01-01", "--mission", "X"});
  EXPECT_EQ(r.err, "muster: warning: no row of many.csv has mission 'X' (its missions: M0, M1, M2, "
                   "M3, M4 and 4 more)\n");
}

TEST_F(Cli, UsageErrorsNameTheCommandsHelpAndSuggest) {
  const auto typo = run({"strengh", "log.csv", "--on", "2025-01-01"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_EQ(typo.err, "muster: error: unknown command 'strengh'; did you mean 'strength'? (see "
                      "'muster --help')\n");
  const auto onn = run({"strength", "log.csv", "--onn", "2025-01-01"});
  EXPECT_EQ(onn.status, 2);
  EXPECT_EQ(onn.err, "muster: error: unknown option --onn; did you mean --on? (see 'muster strength "
                     "--help')\n");
  const auto far = run({"series", "log.csv", "--from", "2025-01-01", "--to", "2025-02-01", "--zzz"});
  EXPECT_EQ(far.err, "muster: error: unknown option --zzz (see 'muster series --help')\n");
  const auto required = run({"pledges", "log.csv"});
  EXPECT_EQ(required.err, "muster: error: --on is required (see 'muster pledges --help')\n");
  for (const char* cmd : {"series", "days"}) {
    SCOPED_TRACE(cmd);
    const auto r = run({cmd, "log.csv", "--from", "2025-06-30", "--to", "2024-06-30"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    std::string want = "muster: error: --from 2025-06-30 is after --to 2024-06-30 (see 'muster ";
    want += cmd;
    want += " --help')\n";
    EXPECT_EQ(r.err, want);
  }
  const auto day = run({"strength", "log.csv", "--on", "2025-02-30"});
  EXPECT_NE(day.err.find("(see 'muster strength --help')\n"), std::string::npos) << day.err;
  for (const char* bad : {"1x", "-3d", "y", "1.5m"}) {
    SCOPED_TRACE(bad);
    const auto r = run({"strength", "log.csv", "--on", "2025-01-01", "--stale-after", bad});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--stale-after: '"), std::string::npos) << r.err;
  }
}

TEST_F(Cli, SeriesAtMonthAndQuarterEnds) {
  const auto q = run({"series", "log.csv", "--from", "2024-09-30", "--to", "2025-03-31", "--step",
                      "quarter-end", "--country", "KEN", "--mission", "MSS", "--format", "csv"});
  EXPECT_EQ(q.status, 0) << q.err;
  EXPECT_EQ(q.out, "date,country,estimate,low,high\n2024-09-30,KEN,600,600,600\n"
                   "2024-12-31,KEN,600,600,600\n2025-03-31,KEN,583,583,583\n");
  const auto m = run({"series", "log.csv", "--from", "2025-01-15", "--to", "2025-03-30", "--step",
                      "month-end", "--country", "SLV", "--format", "csv"});
  EXPECT_EQ(m.out, "date,country,estimate,low,high\n2025-01-31,SLV,9,9,9\n2025-02-28,SLV,9,9,9\n");
  const auto y = run({"series", "log.csv", "--from", "2024-06-30", "--to", "2025-12-31", "--step",
                      "year-end", "--by", "total", "--format", "csv"});
  EXPECT_EQ(lines(y.out).size(), 3u) << y.out;  // 2024-12-31, 2025-12-31
}

TEST_F(Cli, StaleAfterOpensOldFiguresAndTablesShowTheirDay) {
  write("stale.csv", "id,kind,date,mission,country,component,count\n"
                     "k,report,2023-06-30,MSS,KEN,police,600\n"
                     "j,report,2024-09-30,MSS,JAM,police,20\n");
  auto strength = [&](const char* on, std::vector<std::string> more) {
    std::vector<std::string> args = {"strength", "stale.csv", "--on", on};
    args.insert(args.end(), more.begin(), more.end());
    return run(args);
  };
  // Without the option: section 5, the 2023 figure holds.
  EXPECT_EQ(strength("2024-12-31", {"--format", "csv"}).out,
            "country,estimate,low,high\nJAM,20,20,20\nKEN,600,600,600\n");
  // 2023-06-30 + 1y = 2024-06-30: current through that day, stale after.
  EXPECT_EQ(strength("2024-06-30", {"--stale-after", "1y", "--format", "csv"}).out,
            "country,estimate,low,high\nKEN,600,600,600\n");
  const auto after = strength("2024-12-31", {"--stale-after", "1y", "--format", "csv"});
  EXPECT_EQ(after.status, 0) << after.err;
  EXPECT_EQ(after.out, "country,estimate,low,high\nJAM,20,20,20\nKEN,600,0,\n");
  EXPECT_EQ(strength("2024-12-31", {"--stale-after", "365", "--format", "csv"}).out, after.out);
  EXPECT_EQ(strength("2024-12-31", {"--stale-after", "600d", "--format", "csv"}).out,
            "country,estimate,low,high\nJAM,20,20,20\nKEN,600,600,600\n");
  const auto json = strength("2024-12-31", {"--stale-after", "1y", "--format", "json"});
  EXPECT_EQ(json.out.find("last"), std::string::npos) << json.out;  // json keeps its shape
  const auto table = strength("2024-12-31", {"--stale-after", "1y", "--format", "table"});
  const auto t = lines(table.out);
  ASSERT_GE(t.size(), 4u) << table.out;
  EXPECT_NE(t[0].find("last figure"), std::string::npos) << table.out;
  EXPECT_EQ(t[2].find("2023"), std::string::npos) << table.out;      // JAM: current
  EXPECT_NE(t[3].find("2023-06-30"), std::string::npos) << table.out;  // KEN: stale
  EXPECT_EQ(lines(strength("2024-12-31", {"--format", "table"}).out)[0].find("last"),
            std::string::npos);
  // days: 2024-06-01 to 2024-07-10 is 30 days current, 10 stale.
  const auto d = run({"days", "stale.csv", "--from", "2024-06-01", "--to", "2024-07-10",
                      "--stale-after", "1y", "--format", "csv"});
  EXPECT_EQ(d.out, "country,estimate,low,high\nKEN,24000,18000,\n");
}

TEST_F(Cli, APledgeOfUnknownSizeIsShownAsUnknown) {
  write("pledge.csv", "id,kind,date,mission,country,component,count,low,high\n"
                      "a,arrival,2024-01-10,MSS,KEN,gsu,30,,\n"
                      "p,pledge,2024-01,MSS,KEN,gsu,,0,\n"
                      "q,pledge,2024-01,MSS,KEN,swat,100,,\n");
  const auto csv = run({"pledges", "pledge.csv", "--on", "2024-02-01", "--format", "csv"});
  EXPECT_EQ(csv.out, "mission,country,component,pledged,present,fulfilment\n"
                     "MSS,KEN,gsu,,30,\nMSS,KEN,swat,100,0,0.000\n");
  const auto json = run({"pledges", "pledge.csv", "--on", "2024-02-01", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)[0]["pledged"], nullptr);
  const auto table = run({"pledges", "pledge.csv", "--on", "2024-02-01", "--format", "table"});
  const auto t = lines(table.out);
  ASSERT_EQ(t.size(), 6u) << table.out;
  EXPECT_NE(t[2].find(" ? "), std::string::npos) << table.out;
  EXPECT_NE(t[5].find("100 + ?"), std::string::npos) << table.out;
}

TEST_F(Cli, HelpNamesTheNewOptions) {
  const auto s = run({"series", "--help"});
  for (const char* word : {"month-end", "quarter-end", "year-end", "--stale-after", "repeat"})
    EXPECT_NE(s.out.find(word), std::string::npos) << word;
  for (const char* cmd : {"strength", "days", "pledges"})
    EXPECT_NE(run({cmd, "--help"}).out.find("--stale-after"), std::string::npos) << cmd;
}

// People's tables of check and explain show what is known as the briefing
// does: `?` for a size nobody gave, `617 or more`, never `0 (0 or more)`; an
// explanation of alternatives names them all.
TEST_F(Cli, CheckAndExplainTablesShowUnknownSizesAsUnknown) {
  const std::string haiti = MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv";
  const auto check = run({"check", haiti, "--format", "table"});
  EXPECT_NE(check.out.find("the rows before: ?"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("sum of contingents: 617 or more"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("(0 or more)"), std::string::npos) << check.out;
  const auto why = run({"explain", haiti, "--on", "2025-01-20", "--country", "KEN", "--country", "JAM",
                        "--parts-only", "--format", "table"});
  EXPECT_EQ(why.out.rfind("KEN or JAM at the end of 2025-01-20, by contingents alone: 617 or more\n", 0), 0u) << why.out;
  EXPECT_EQ(why.out.find("(0 or more)"), std::string::npos) << why.out;
}

}  // namespace

// Issue 23: a --count, --low or --high that names no column is a usage
// error naming the value, not a log of missing figures.
TEST_F(Cli, ImportRefusesCountLowHighNamingNoColumn) {
  write("t.csv", "d,c\n2020-01,5\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--count", "+"}, "--count '+': names no column"},
      {{"--count", ""}, "--count '': names no column"},
      {{"--count", "c+"}, "--count 'c+': names no column"},
      {{"--count", "c++c"}, "--count 'c++c': names no column"},
      {{"--count", "c", "--low", ""}, "--low '': names no column"},
      {{"--count", "c", "--high", " "}, "--high ' ': names no column"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args = {"import", "t.csv", "--date", "d", "--mission", "X"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run(args);
    EXPECT_EQ(r.status, 2) << message;
    EXPECT_EQ(r.out, "") << message;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
  EXPECT_EQ(run({"import", "t.csv", "--date", "d", "--mission", "X", "--count", "c"}).status, 0);
}

// Issue 23: csv output is exact, but a text cell a spreadsheet would run as
// a formula is named once on standard error; --spreadsheet-safe writes such
// cells with a leading '. Numbers are never changed.
TEST_F(Cli, FormulaCellsWarnOnceAndSpreadsheetSafeQuotesThem) {
  write("f.csv",
        "id,kind,date,mission,country,component,count\n"
        "a1,arrival,2024-01-01,=cmd|' /C calc'!A0,KEN,,5\n"
        "a2,arrival,2024-01-01,@SUM(A1),KEN,-x,6\n");
  const std::vector<std::string> args = {"strength", "f.csv", "--on", "2024-02-01",
                                         "--by", "contingent", "--format", "csv"};
  const auto exact = run(args);
  EXPECT_EQ(exact.status, 0);
  EXPECT_EQ(exact.out,
            "mission,country,component,estimate,low,high\n"
            "=cmd|' /C calc'!A0,KEN,,5,5,5\n"
            "@SUM(A1),KEN,-x,6,6,6\n");
  // Named where the log holds it: its file, line and column.
  EXPECT_EQ(exact.err,
            "muster: warning: column mission of f.csv line 2 (the output line 2) begins with '=': "
            "a spreadsheet would run it as a formula; --spreadsheet-safe writes such cells with a "
            "leading '\n");
  // The first line of the log that holds the cell, whatever its column.
  write("h.csv",
        "id,kind,date,mission,country,component,count,source\n"
        "a1,arrival,2024-01-01,MSS,KEN,,5,ok\n"
        "a2,arrival,2024-01-02,MSS,KEN,,6,+a source\n"
        "+a source,arrival,2024-01-03,MSS,KEN,,7,\n");
  const auto by_id = run({"explain", "h.csv", "--on", "2024-02-01", "--format", "csv"});
  EXPECT_EQ(by_id.status, 0) << by_id.err;
  EXPECT_NE(by_id.err.find("muster: warning: column source of h.csv line 3 (the output line "),
            std::string::npos) << by_id.err;
  auto safe_args = args;
  safe_args.push_back("--spreadsheet-safe");
  const auto safe = run(safe_args);
  EXPECT_EQ(safe.status, 0);
  EXPECT_EQ(safe.out,
            "mission,country,component,estimate,low,high\n"
            "'=cmd|' /C calc'!A0,KEN,,5,5,5\n"
            "'@SUM(A1),KEN,'-x,6,6,6\n");
  EXPECT_NE(safe.err.find("--spreadsheet-safe wrote it with a leading '"), std::string::npos)
      << safe.err;
  // JSON is never changed; nothing to warn of in a log without such cells.
  auto json_args = safe_args;
  json_args[7] = "json";
  EXPECT_NE(run(json_args).out.find("\"mission\": \"=cmd|' /C calc'!A0\""), std::string::npos);
  EXPECT_EQ(run({"strength", "log.csv", "--on", "2025-03-31", "--format", "csv"}).err, "");

  // import writes the log exactly and says so.
  write("g.csv", "d,m,c\n2020-01,=cmd,5\n");
  const auto imported = run({"--spreadsheet-safe", "import", "g.csv", "--date", "d",
                             "--mission-column", "m", "--count", "c"});
  EXPECT_EQ(imported.status, 0);
  EXPECT_NE(imported.out.find("t1-2,report,2020-01,=cmd,"), std::string::npos) << imported.out;
  EXPECT_NE(imported.err.find("muster: warning: column mission of the log written, line 2 begins "
                              "with '='"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("--spreadsheet-safe does not change a log"), std::string::npos);
}
