// Tests for reading a log in two parts on two threads (parse_log's
// split_from): whatever the text, good or bad, the result must be exactly
// that of reading it in one part: the same rows with every field, the same
// lines, the same answers, or the same errors in the same order.
#include <muster/generate.hpp>
#include <muster/log.hpp>
#include <muster/timeline.hpp>

#include "index.hpp"
#include "log_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <algorithm>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <tuple>
#include <random>
#include <string>
#include <vector>

namespace {

using muster::Event;
using muster::Log;
using muster::LogRefused;
using muster::parse_log;

constexpr std::size_t always = 0;  // split every file with rows
constexpr std::size_t never = std::numeric_limits<std::size_t>::max();

// A generated log of `rows` rows (muster::generate_log's other options left
// as they are).
std::string generated(std::size_t rows, std::uint64_t seed, bool plain = false) {
  muster::GenerateOptions o;
  o.rows = rows;
  o.seed = seed;
  o.plain = plain;
  return muster::generate_log(o);
}

// A file of this test run in the temporary directory, and writing one.
std::filesystem::path temp_file(std::string_view stem) {
  return std::filesystem::temp_directory_path() /
         fmt::format("muster-{}-{}.csv", stem, ::testing::UnitTest::GetInstance()->random_seed());
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.flush()) << path;
}

void expect_same_event(const Event& a, const Event& b) {
  SCOPED_TRACE("row " + std::to_string(a.index) + " line " + std::to_string(a.line));
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.mission, b.mission);
  EXPECT_EQ(a.country, b.country);
  EXPECT_EQ(a.component, b.component);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.count_given, b.count_given);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.recorded, b.recorded);
  EXPECT_EQ(a.supersedes, b.supersedes);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.extra, b.extra);
}

// Reads `text` split and whole and checks that both agree; returns whether
// the file was accepted.
bool expect_same(const std::string& text) {
  std::optional<Log> split, whole;
  std::vector<muster::Diagnostic> split_errors, whole_errors;
  try {
    split = parse_log(text, "t.csv", always);
  } catch (const LogRefused& e) {
    split_errors = e.diagnostics();
  }
  try {
    whole = parse_log(text, "t.csv", never);
  } catch (const LogRefused& e) {
    whole_errors = e.diagnostics();
  }
  EXPECT_EQ(split_errors, whole_errors);
  EXPECT_EQ(split.has_value(), whole.has_value());
  if (!split || !whole) return false;
  EXPECT_EQ(split->size(), whole->size());
  if (split->size() != whole->size()) return true;
  EXPECT_EQ(split->user_columns(), whole->user_columns());
  EXPECT_EQ(split->text_bytes(), whole->text_bytes());
  auto a = split->events().begin();
  for (const Event& b : whole->events()) {
    const Event e = *a;
    expect_same_event(e, b);
    EXPECT_EQ(split->is_observation(e), whole->is_observation(b));
    ++a;
  }
  const muster::Timeline ts{*split}, tw{*whole};
  EXPECT_EQ(std::vector<muster::Contingent>(ts.contingents().begin(), ts.contingents().end()),
            std::vector<muster::Contingent>(tw.contingents().begin(), tw.contingents().end()));
  for (const char* day : {"1995-06-30", "2010-01-31", "2024-03-15", "2025-12-31"}) {
    const muster::Day d = *muster::parse_day(day);
    const auto gs = ts.strength_by(muster::GroupBy::contingent, d);
    const auto gw = tw.strength_by(muster::GroupBy::contingent, d);
    EXPECT_EQ(gs.size(), gw.size());
    if (gs.size() != gw.size()) continue;
    for (std::size_t i = 0; i < gs.size(); ++i) EXPECT_EQ(gs[i].value, gw[i].value) << day;
  }
  return true;
}

const std::string H =
    "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,source,"
    "note,x_url\n";

std::string row(int i, std::string_view extra_note = "") {
  return fmt::format("r{},arrival,2024-03-{},MSS,KEN,police,{},,,,,,\"a, b \"\"c\"\"\",{},u{}\n", i,
                     10 + i % 18, 1 + i, extra_note, i);
}

TEST(SplitReading, GeneratedLogsOfEverySizeReadTheSame) {
  for (std::size_t rows : {1, 2, 3, 7, 31, 100, 513, 2000}) {
    for (std::uint64_t seed : {1, 2}) {
      SCOPED_TRACE("rows " + std::to_string(rows) + " seed " + std::to_string(seed));
      muster::GenerateOptions o;
      o.rows = rows;
      o.seed = seed;
      o.countries = 5;
      o.missions = 2;
      EXPECT_TRUE(expect_same(muster::generate_log(o)));
    }
  }
}

TEST(SplitReading, EveryCutOfAQuotedMultiLineLogReadsTheSame) {
  // Rows with quoted commas, doubled quotes, a note over three lines, blank
  // lines and CRLF: dropping rows from the front moves the middle of the
  // text across every kind of byte.
  std::vector<std::string> rows;
  for (int i = 0; i < 40; ++i) {
    std::string r = row(i, i % 5 == 2 ? "\"one\ntwo, \"\"three\"\"\nfour\"" : "");
    if (i % 7 == 3) r += "\n";
    if (i % 11 == 5) r.back() = '\r', r += '\n';
    rows.push_back(r);
  }
  for (std::size_t from = 0; from < rows.size(); ++from) {
    std::string text = (from % 3 == 0 ? "\xEF\xBB\xBF" : "") + H;
    for (std::size_t i = from; i < rows.size(); ++i) text += rows[i];
    SCOPED_TRACE("from row " + std::to_string(from));
    EXPECT_TRUE(expect_same(text));
  }
}

TEST(SplitReading, ErrorsInEitherPartAreThoseOfOnePass) {
  std::string good;
  for (int i = 0; i < 30; ++i) good += row(i);
  // A bad row early, late, and both.
  for (const std::string bad : {"x1,arrival,2024-02-30,MSS,KEN,,1,,,,,,,,\n",
                                 "x2,landing,2024-02-01,MSS,KEN,,1,,,,,,,,\n",
                                 "x3,arrival,2024-02-01,MSS,Atlantis,,1,,,,,,,,\n",
                                 "x4,arrival,2024-02-01,MSS,KEN,,1,,\n",
                                 "x5,arrival,2024-02-01,MSS,KEN,,1,,,,,,a\"b,,\n"}) {
    EXPECT_FALSE(expect_same(H + bad + good));
    EXPECT_FALSE(expect_same(H + good + bad));
    EXPECT_FALSE(expect_same(H + bad + good + bad));
  }
  // An unterminated quote near the end, and a stray quote that makes the
  // count of quotes before the middle odd.
  EXPECT_FALSE(expect_same(H + good + "z,arrival,2024-02-01,MSS,KEN,,1,,,,,,\"open,,\n"));
  EXPECT_FALSE(expect_same(H + "q,arrival,2024-02-01,MSS,KEN,,1,,,,,,x\"y,,\n" + good + good));
}

TEST(SplitReading, EveryCutOfQuotedFieldsWithoutDoubledQuotesReadsTheSame) {
  // Quoted multi-line fields with no "" (the parts read the text itself, not
  // a copy), of every length around the scanner's 64-byte blocks, and a stray
  // quote that makes one part refuse the file: the one pass after it must
  // read the text as it was.
  std::vector<std::string> rows;
  for (int i = 0; i < 40; ++i) {
    const std::string note = fmt::format("\"{}{}\"", std::string(static_cast<std::size_t>(i * 5 % 70), 'n'),
                                         i % 3 == 0 ? "\n, x\n" : ", y");
    rows.push_back(fmt::format("r{},arrival,2024-03-{},MSS,KEN,police,{},,,,,,\"s, {}\",{},u{}\n",
                               i, 10 + i % 18, 1 + i, i, note, i));
  }
  for (std::size_t from = 0; from < rows.size(); ++from) {
    std::string text = H;
    for (std::size_t i = from; i < rows.size(); ++i) text += rows[i];
    SCOPED_TRACE("from row " + std::to_string(from));
    EXPECT_TRUE(expect_same(text));
    EXPECT_FALSE(expect_same(text + "z,arrival,2024-02-01,MSS,KEN,,1,,,,,,x\"y,,\n"));
  }
}

TEST(SplitReading, DoubledQuotesUnescapedAsideLeaveTheTextForOnePass) {
  // Each part unescapes "" aside, leaving the text unchanged: where a part
  // then refuses the file, the one pass reads every "" field as written
  // (unescaped in place twice, "a ""b"" c" would read as a field followed by
  // stray bytes, and the errors would differ).
  std::string good;
  for (int i = 0; i < 30; ++i) good += row(i, i % 4 == 1 ? "\"x \"\"y\"\"\nz\"" : "");
  const std::string bad = "x1,arrival,2024-02-30,MSS,KEN,,1,,,,,,\"p \"\"q\"\"\",,\n";
  EXPECT_FALSE(expect_same(H + good + bad));
  EXPECT_FALSE(expect_same(H + bad + good));
  try {
    (void)parse_log(H + bad + good + good.substr(0, good.size() / 3), "t.csv", always);
    ADD_FAILURE() << "accepted a log with a bad date";
  } catch (const LogRefused& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    for (const auto& d : e.diagnostics()) EXPECT_EQ(d.message.find("quote"), std::string::npos) << d.message;
  }
}

TEST(SplitReading, SupersedesWithDoubledQuotesResolveAcrossTheParts) {
  // Ids with a quote in them, written "" in quotes: the supersedes cell is
  // unescaped aside, and must outlive its record to be looked up at the end.
  std::string first, second;
  for (int i = 0; i < 20; ++i)
    first += fmt::format("\"q\"\"{}\",arrival,2024-03-01,MSS,KEN,police,10,,,,,,s,,u\n", i);
  for (int i = 0; i < 20; ++i)
    second += fmt::format("c{},report,2024-04-01,MSS,KEN,police,5,,,,,\"q\"\"{}\",s,,u\n", i,
                          19 - i);
  EXPECT_TRUE(expect_same(H + first + second));
  EXPECT_TRUE(expect_same(H + second + first));
  const Log log = parse_log(H + first + second, "t.csv", always);
  ASSERT_EQ(log.size(), 40u);
  EXPECT_EQ(log.events()[39].supersedes, std::optional<std::size_t>{0});
  EXPECT_EQ(log.events()[0].id, "q\"0");
}

TEST(SplitReading, IdsAndSupersedesAcrossThePartsResolveAsInOnePass) {
  std::string first, second;
  for (int i = 0; i < 20; ++i) first += row(i);
  for (int i = 20; i < 40; ++i) second += row(i);
  // A correction in the second half of a row in the first, and the other way.
  EXPECT_TRUE(expect_same(H + first + second +
                          "c1,report,2024-04-01,MSS,KEN,police,5,,,,,r3,,,\n"));
  EXPECT_TRUE(expect_same(H + "c2,report,2024-04-01,MSS,KEN,police,5,,,,,r35,,,\n" + first +
                          second));
  // A duplicate id across the parts, and a supersedes naming nothing.
  EXPECT_FALSE(expect_same(H + first + second + row(4)));
  EXPECT_FALSE(expect_same(H + first + second + "c3,retraction,2024-04-01,,,,,,,,,nobody,,,\n"));
  // More leaving than present: the departure check of the whole log.
  EXPECT_FALSE(expect_same(H + first + second +
                           "d,departure,2024-05-01,MSS,KEN,police,100000,,,,,,,,\n"));
  // Many errors: the stop after 1,000 falls where one pass puts it.
  std::string many = H;
  for (int i = 0; i < 1500; ++i) many += fmt::format("e{},arrival,2024-13-01,MSS,KEN,,1,,,,,,,,\n", i);
  EXPECT_FALSE(expect_same(many));
}

// From 50,000 rows the ids are checked in two hash tables on two threads:
// the duplicates are still reported in line order, each with its first
// line, and corrections find their rows in either table.
// The first part reserves text for both from its first 4,096 rows; where the
// rows after them carry far more text, the parts' text no longer fits that
// room and is joined by a copy: the same log as one pass.
TEST(SplitReading, TextThatOutgrowsTheFirstRowsEstimateIsJoinedWhole) {
  std::string text = H;
  for (int i = 0; i < 8'000; ++i) text += row(i);
  const std::string long_note(400, 'n');
  for (int i = 8'000; i < 10'000; ++i) text += row(i, long_note);
  EXPECT_TRUE(expect_same(text));
  const Log log = parse_log(text, "t.csv", always);
  EXPECT_EQ(log.events()[9'999].note, long_note);
  EXPECT_EQ(log.events()[7'999].id, "r7999");
}

// The header and rows r0 .. r(n-1).
std::string rows_text(int n) {
  std::string text = H;
  for (int i = 0; i < n; ++i) text += row(i);
  return text;
}

// Checks that `text` is refused with exactly `expected`.
void expect_refused(const std::string& text, const std::vector<muster::Diagnostic>& expected) {
  try {
    (void)parse_log(text, "t.csv");
    ADD_FAILURE() << "accepted";
  } catch (const LogRefused& e) {
    EXPECT_EQ(e.diagnostics(), expected);
  }
}

TEST(SplitReading, IdsOfALargeLogAreCheckedAsInOneTable) {
  constexpr int n = 60'000;
  std::string text = rows_text(n);
  std::vector<muster::Diagnostic> expected;
  for (int k = 0; k < 40; ++k) {  // 40 duplicates: both tables get some
    const int of = 1'000 * k + 7;
    text += row(of);
    expected.push_back({"t.csv", static_cast<std::size_t>(n + 2 + k),
                        fmt::format("duplicate id 'r{}' (first on line {})", of, of + 2)});
  }
  expect_refused(text, expected);
  std::string corrected = rows_text(n);
  for (int k = 0; k < 40; ++k)
    corrected += fmt::format("c{},report,2024-04-01,MSS,KEN,police,5,,,,,r{},,,\n", k, 1'500 * k + 3);
  const Log log = parse_log(corrected, "t.csv");
  for (int k = 0; k < 40; ++k)
    EXPECT_EQ(log.events()[n + k].supersedes, std::optional<std::size_t>(1'500 * k + 3)) << k;
}

// Past supersedes_on_two_threads_from (10,000), the rows that supersedes
// name are found half on each thread: each row's target, and the errors of
// both halves in file order, are those of one pass.
TEST(SplitReading, ManySupersedesResolveOnTwoThreadsInFileOrder) {
  constexpr int n = 30'000;
  std::string text = rows_text(n);
  std::vector<muster::Diagnostic> expected;
  for (int k = 0; k < n; ++k) {
    const std::size_t line = static_cast<std::size_t>(n + 2 + k);
    if (k == 100 || k == 20'000) {  // one error of each kind in each half
      text += fmt::format("c{0},report,2024-04-01,MSS,KEN,police,5,,,,,c{0},,,\n", k);
      expected.push_back({"t.csv", line, fmt::format("supersedes names its own id 'c{}'", k)});
    } else if (k == 5'000 || k == 25'000) {
      text += fmt::format("c{},report,2024-04-01,MSS,KEN,police,5,,,,,gone{},,,\n", k, k);
      expected.push_back({"t.csv", line, fmt::format("supersedes 'gone{}': no row has that id", k)});
    } else {
      text += fmt::format("c{},report,2024-04-01,MSS,KEN,police,5,,,,,r{},,,\n", k, (k * 7) % n);
    }
  }
  expect_refused(text, expected);
  std::string good = rows_text(n);
  for (int k = 0; k < n; ++k)
    good += fmt::format("c{},report,2024-04-01,MSS,KEN,police,5,,,,,r{},,,\n", k, (k * 7) % n);
  const Log log = parse_log(good, "t.csv");
  for (int k = 0; k < n; ++k)
    ASSERT_EQ(log.events()[static_cast<std::size_t>(n + k)].supersedes,
              std::optional<std::size_t>(static_cast<std::size_t>((k * 7) % n)))
        << k;
  EXPECT_TRUE(expect_same(good));
}

}  // namespace

namespace {

// Run on two threads, the contingents past the first third of the rows are
// run by a second thread that hands on its day ends as it goes: an error of
// either thread, in the rows or in the sink, ends both and is thrown here.
TEST(SplitIndexing, AnErrorOnEitherThreadIsThrownAndEndsBoth) {
  using muster::detail::StepRow;
  using muster::detail::StepRows;
  const muster::Day d = *muster::parse_day("2024-01-01");
  std::vector<StepRow> rows;
  constexpr std::uint32_t contingents = 30;
  for (std::uint32_t c = 0; c < contingents; ++c)
    for (std::uint32_t i = 0; i < 100; ++i)
      rows.push_back({muster::Kind::arrival,
                      muster::Period::of_day(d + date::days{static_cast<int>(i)}),
                      muster::Value::exactly(1), c, static_cast<std::uint32_t>(rows.size())});
  std::size_t handed = 0;
  const auto count = [&](std::uint32_t, std::span<const muster::rules::DayEnd> ends) {
    handed += ends.size();
  };
  muster::detail::run_contingents(StepRows::of(rows), contingents, count, always);
  EXPECT_EQ(handed, std::size_t{contingents} * 100);
  // The last contingent's tracks overflow: the second thread's error.
  constexpr auto big = std::numeric_limits<muster::Count>::max() / 2 + 1;
  for (int k = 0; k < 2; ++k)
    rows.push_back({muster::Kind::arrival, muster::Period::of_day(d),
                    muster::Value::exactly(big), contingents - 1,
                    static_cast<std::uint32_t>(rows.size())});
  EXPECT_THROW(muster::detail::run_contingents(StepRows::of(rows), contingents, count, always),
               std::overflow_error);
  rows.resize(rows.size() - 2);
  // The sink fails on a contingent the second thread ran, and on one of its own.
  for (const std::uint32_t failing : {contingents - 2, 1u}) {
    const auto fail = [&](std::uint32_t c, std::span<const muster::rules::DayEnd>) {
      if (c == failing) throw std::runtime_error("sink");
    };
    EXPECT_THROW(muster::detail::run_contingents(StepRows::of(rows), contingents, fail, always),
                 std::runtime_error);
  }
}

// A Timeline of the default vantage takes its seen rows and pledges from the
// log's departure check; one that indexes figures too (StaleAfter) finds
// them again by the rules of spec section 4: the same rows, the same pledges.
TEST(SplitIndexing, TheSharedSeenRowsAndPledgesAreTheRulesOnes) {
  const Log log = parse_log(generated(20'000, 5), "t.csv");
  const auto shared = muster::detail::build_index(log, {}, always, false);
  const auto found = muster::detail::build_index(log, {}, always, true);
  EXPECT_EQ(shared->seen, found->seen);
  EXPECT_NE(std::count(shared->seen.begin(), shared->seen.end(), false), 0);
  ASSERT_EQ(shared->pledges.size(), found->pledges.size());
  EXPECT_GT(shared->pledges.size(), 10u);
  for (std::size_t i = 0; i < shared->pledges.size(); ++i) {
    EXPECT_EQ(shared->pledges[i].row, found->pledges[i].row);
    EXPECT_EQ(shared->pledges[i].contingent, found->pledges[i].contingent);
    EXPECT_EQ(shared->pledges[i].estimate, found->pledges[i].estimate);
  }
}

// The index of a view, built with the contingents on two threads and on one:
// the same tracks, the same day ends handed to the caller in the same order.
TEST(SplitIndexing, TwoThreadsBuildTheSameIndexAsOne) {
  for (std::uint64_t seed : {3, 4}) {
    muster::GenerateOptions o;
    o.rows = 3000;
    o.seed = seed;
    o.countries = 12;
    o.missions = 3;
    const Log log = parse_log(muster::generate_log(o), "t.csv");
    for (const muster::Vantage view : {muster::Vantage{}, muster::Vantage{*muster::parse_day("2010-01-01"), true}}) {
      const auto a = muster::detail::build_index(log, view, always);
      const auto b = muster::detail::build_index(log, view, never);
      // The day ends handed on by run_contingents, on two threads and on one.
      using Ends = std::vector<std::tuple<std::uint32_t, muster::Day, muster::Value, bool>>;
      Ends two, one;
      std::vector<muster::detail::StepRow> rows;
      for (std::size_t i = 0; i < log.size(); ++i) {
        const auto f = log.facts(i);
        if (f.kind == muster::Kind::arrival || f.kind == muster::Kind::departure)
          rows.push_back({f.kind, f.date, f.value, f.contingent, static_cast<std::uint32_t>(i)});
      }
      for (const auto& [split, ends_of] : {std::pair{always, &two}, std::pair{never, &one}}) {
        Ends* out = ends_of;
        muster::detail::run_contingents(
            muster::detail::StepRows::of(rows), log.contingents().size(),
            [&](std::uint32_t k, std::span<const muster::rules::DayEnd> ends) {
              for (const auto& d : ends) out->emplace_back(k, d.day, d.value, d.high_below_zero);
            },
            split);
      }
      EXPECT_GT(one.size(), 100u);
      EXPECT_EQ(two, one);
      ASSERT_EQ(a->keys, b->keys);
      ASSERT_EQ(a->tracks->store.tracks(), b->tracks->store.tracks());
      for (std::size_t t = 0; t < a->tracks->store.tracks(); ++t) {
        std::vector<std::pair<muster::Day, muster::Value>> ca, cb;
        a->tracks->store.for_each(t, [&](muster::Day d, const muster::Value& v) { ca.emplace_back(d, v); });
        b->tracks->store.for_each(t, [&](muster::Day d, const muster::Value& v) { cb.emplace_back(d, v); });
        EXPECT_EQ(ca, cb) << "track " << t;
      }
      ASSERT_EQ(a->country_tracks().tracks(), b->country_tracks().tracks());
      for (std::size_t t = 0; t < a->country_tracks().tracks(); ++t)
        EXPECT_EQ(a->country_tracks().value_at(t, *muster::parse_day("2020-06-30")),
                  b->country_tracks().value_at(t, *muster::parse_day("2020-06-30")));
    }
  }
}

}  // namespace

namespace {

// A breakdown by country sums the contingents for the first question and
// reads the merged country tracks from the second on: both give the same
// groups, on every day, with ranges and unbounded highs.
TEST(CountryTracks, TheFirstBreakdownAndTheLaterOnesAgree) {
  muster::GenerateOptions o;
  o.rows = 20'000;
  o.seed = 11;
  o.countries = 30;
  o.missions = 4;
  const Log log = parse_log(muster::generate_log(o), "t.csv");
  std::size_t unbounded = 0, days = 0;
  for (int year = 1990; year <= 2026; year += 3) {
    const muster::Day d = *muster::parse_day(fmt::format("{}-06-30", year));
    const muster::Timeline t{log};
    const auto summed = t.strength_by(muster::GroupBy::country, d);
    const auto merged = t.strength_by(muster::GroupBy::country, d);
    ASSERT_EQ(summed.size(), merged.size()) << year;
    for (std::size_t i = 0; i < summed.size(); ++i) {
      EXPECT_EQ(summed[i].key, merged[i].key) << year;
      EXPECT_EQ(summed[i].value, merged[i].value) << year << " " << summed[i].key.country.code();
      unbounded += !summed[i].value.bounded();
    }
    ++days;
  }
  EXPECT_GT(unbounded, 0u) << "no unbounded high in " << days << " days: the test shows less";
}

}  // namespace

namespace {

// Mapping asked for (muster::read_by_mapping) while it lives.
struct MappingAsked {
  MappingAsked() { muster::read_by_mapping(); }
  ~MappingAsked() { muster::read_by_mapping(false); }
  MappingAsked(const MappingAsked&) = delete;
  MappingAsked& operator=(const MappingAsked&) = delete;
};

// A file from 16 MiB on is read in two halves at once (pread): the log is
// that of its text read in one piece.
// Each part of a large file read by mapping (muster::read_by_mapping) gives back the memory of the text it
// has read (32 MiB at a time); where a part then finds an error, the one
// pass that reports the errors reads those pages again from the file: the
// same errors as a pass over the text in memory, and the same log where
// there is none.
TEST(SplitReading, ALargeFileGivesBackItsTextAndReadsItAgainForErrors) {
  const MappingAsked mapping;
  const std::string good = generated(1'100'000, 9, true);
  ASSERT_GT(good.size(), std::size_t{76} << 20);  // two parts of more than 36 MiB
  const std::string bad =
      good + "zz,arrival,2025-13-01,UNMIL,GGY,military,1,,,,,,x,\n" +
      good.substr(good.find('\n') + 1, good.find('\n', good.find('\n') + 1) - good.find('\n'));
  const auto path = temp_file("give-back");
  for (const std::string* text : {&good, &bad}) {
    write_file(path, *text);
    std::vector<muster::Diagnostic> from_file, from_text;
    std::optional<Log> a, b;
    try {
      a = muster::read_log(path.string());
    } catch (const LogRefused& e) {
      from_file = e.diagnostics();
    }
    try {
      b = parse_log(*text, path.string());
    } catch (const LogRefused& e) {
      from_text = e.diagnostics();
    }
    EXPECT_EQ(from_file, from_text);
    ASSERT_EQ(a.has_value(), text == &good);
    ASSERT_EQ(b.has_value(), text == &good);
    if (a) {
      ASSERT_EQ(a->size(), b->size());
      EXPECT_EQ(a->text_bytes(), b->text_bytes());
      for (std::size_t i = 0; i < a->size(); i += 997) expect_same_event(a->events()[i], b->events()[i]);
    } else {
      ASSERT_EQ(from_file.size(), 2u);
      EXPECT_NE(from_file[0].message.find("bad date"), std::string::npos);
      EXPECT_NE(from_file[1].message.find("duplicate id"), std::string::npos);
    }
  }
  std::filesystem::remove(path);
}

TEST(SplitReading, ALargeFileReadInTwoHalvesIsItsText) {
  const std::string text = generated(260'000, 8);
  ASSERT_GT(text.size(), std::size_t{16} << 20);
  const auto path = temp_file("split");
  write_file(path, text);
  const Log from_text = parse_log(text, path.string());
  for (const bool mapped : {false, true}) {  // and read by mapping, in two parts
    SCOPED_TRACE(mapped);
    std::optional<MappingAsked> mapping;
    if (mapped) mapping.emplace();
    const Log from_file = muster::read_log(path.string());
    ASSERT_EQ(from_file.size(), from_text.size());
    EXPECT_EQ(from_file.text_bytes(), from_text.text_bytes());
    for (std::size_t i : {std::size_t{0}, from_text.size() / 2 - 1, from_text.size() / 2,
                          from_text.size() / 2 + 1, from_text.size() - 1})
      expect_same_event(from_file.events()[i], from_text.events()[i]);
  }
  std::filesystem::remove(path);
}

}  // namespace

namespace {

// A file of 1 MiB or more is read through a mapping. Cut short by another
// program while mapped, it is refused as changed, in one pass (which writes
// to the pages it unescapes) and in two parts, never a bus error; whole, it
// reads as its text does.
TEST(MappedReading, AFileCutShortWhileMappedIsRefusedNotABusError) {
  const std::string text = generated(40'000, 10);
  ASSERT_GT(text.size(), std::size_t{2} << 20);
  const auto path = temp_file("mapped");
  for (const std::size_t split : {never, always}) {
    write_file(path, text);
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    const auto whole = muster::detail::read_mapped_log(fd, path.string(), text.size(), split);
    ASSERT_TRUE(whole.has_value());
    const Log from_text = parse_log(text, path.string());
    ASSERT_EQ(whole->size(), from_text.size());
    for (std::size_t i = 0; i < whole->size(); i += 101) expect_same_event(whole->events()[i], from_text.events()[i]);
    try {
      (void)muster::detail::read_mapped_log(fd, path.string(), text.size(), split,
                                            [&] { std::filesystem::resize_file(path, 100'000); });
      ADD_FAILURE() << "a file cut short was read";
    } catch (const LogRefused& e) {
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].message, "the file changed while it was read: read it again");
    }
    ::close(fd);
  }
  std::filesystem::remove(path);
}

// The handler muster puts in front of SIGBUS's while a file is mapped
// handles only its own mappings: a bus error anywhere else during the read
// still kills.
TEST(MappedReadingDeathTest, ABusErrorElsewhereStillKills) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = temp_file("bus");
  const auto log_path = temp_file("bus-log");
  write_file(path, std::string(3 << 20, 'x'));
  write_file(log_path, std::string(3 << 20, 'x'));
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  const int log_fd = ::open(log_path.c_str(), O_RDONLY);
  ASSERT_GE(log_fd, 0);
  EXPECT_EXIT(
      {
        // muster's handler in place: the fault is made while a log is mapped.
        (void)muster::detail::read_mapped_log(log_fd, log_path.string(), 3 << 20, never, [&] {
          void* p = ::mmap(nullptr, 3 << 20, PROT_READ, MAP_SHARED, fd, 0);
          std::filesystem::resize_file(path, 0);
          std::fprintf(stderr, "%d\n", static_cast<const volatile char*>(p)[1 << 20]);
        });
      },
      // Killed by SIGBUS, or by a sanitizer's own handler of it.
      [](int status) { return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0); },
      "");
  ::close(fd);
  ::close(log_fd);
  std::filesystem::remove(path);
  std::filesystem::remove(log_path);
}

}  // namespace
