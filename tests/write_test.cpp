// Tests for muster/write.hpp: LogBuilder validates as read_log does,
// write_log round-trips every log, append_row adds whole rows or none.
#include <muster/generate.hpp>
#include <muster/log.hpp>
#include <muster/write.hpp>

#include "log_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;
using muster::Appended;
using muster::Kind;
using muster::Log;
using muster::LogBuilder;
using muster::LogRefused;
using muster::RowCells;

std::vector<muster::Diagnostic> refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const LogRefused& e) {
    return e.diagnostics();
  }
  return {};
}

// Every field of every row but its line (a file may hold blank lines).
void expect_same_rows(const Log& a, const Log& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.user_columns(), b.user_columns());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const muster::Event x = a.event(i), y = b.event(i);
    SCOPED_TRACE("row " + std::to_string(i) + " id " + std::string(x.id));
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.date, y.date);
    EXPECT_EQ(x.mission, y.mission);
    EXPECT_EQ(x.country, y.country);
    EXPECT_EQ(x.component, y.component);
    if (x.kind != Kind::retraction) {
      EXPECT_EQ(x.value, y.value);
    }
    EXPECT_EQ(x.count_given, y.count_given);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.recorded, y.recorded);
    EXPECT_EQ(x.supersedes, y.supersedes);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.note, y.note);
    EXPECT_EQ(x.extra, y.extra);
    EXPECT_EQ(a.is_observation(x), b.is_observation(y));
  }
}

void expect_round_trip(const Log& log) {
  const std::string text = muster::write_log(log);
  Log back;
  try {
    back = muster::parse_log(text, "written.csv");
  } catch (const LogRefused& e) {
    FAIL() << e.what() << "\n" << text;
  }
  expect_same_rows(log, back);
  EXPECT_EQ(muster::write_log(back), text);  // canonical: a fixed point
}

RowCells arrival(std::string id, std::string count) {
  return {.id = std::move(id), .kind = "arrival", .date = "2025-01-18", .mission = "MSS",
          .country = "Kenya", .component = "police", .count = std::move(count),
          .source = "Daily Nation"};
}

// ---------------------------------------------------------------------------
// LogBuilder

TEST(LogBuilder, BuildsTheRows) {
  LogBuilder b{"built"};
  b.add(arrival("a", "217"));
  b.add({.id = "r", .kind = "report", .date = "2025-02", .mission = "MSS", .country = "KEN",
         .component = "police", .low = "200", .high = "400", .status = "planned",
         .recorded = "2025-03-01", .note = "  spaced  ", .extra = {{"x_unit", "FPU 1"}}});
  const Log log = std::move(b).build();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log.file(), "built");
  EXPECT_EQ(log.user_columns(), std::vector<std::string>{"x_unit"});
  const auto a = log.event(0), r = log.event(1);
  EXPECT_EQ(a.line, 2u);
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(a.value, muster::Value::exactly(217));
  EXPECT_EQ(a.country->code(), "KEN");
  EXPECT_EQ(a.extra[0].second, "");
  EXPECT_EQ(r.date.precision, muster::Precision::month);
  EXPECT_EQ(r.value, (muster::Value{200, 200, 400}));
  EXPECT_FALSE(r.count_given);
  EXPECT_EQ(r.status, muster::Status::planned);
  EXPECT_EQ(r.note, "  spaced  ");
  EXPECT_EQ(r.extra[0].second, "FPU 1");
  EXPECT_EQ(std::move(LogBuilder{"none"}).build().size(), 0u);
}

TEST(LogBuilder, BadRowsHaveTheMessagesOfAFile) {
  const std::string file =
      "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,"
      "source,note\n"
      "a,arrival,2025-01-18,MSS,KEN,police,217,,,,,,,\n"
      "a,arrival,2025-02-30,MSS,Kenia,police,x,,,,,,,\n"
      "c,departure,2025-01-19,MSS,KEN,police,300,,,,,,,\n"
      "d,retraction,2025-01-20,MSS,,,,,,,,nope,,\n";
  const auto from_file = refusal([&] { muster::parse_log(file, "same.csv"); });
  ASSERT_FALSE(from_file.empty());

  LogBuilder b{"same.csv"};
  b.add(arrival("a", "217"));
  RowCells bad = arrival("a", "x");
  bad.date = "2025-02-30";
  bad.country = "Kenia";
  b.add(bad);
  RowCells dep = arrival("c", "300");
  dep.kind = "departure";
  dep.date = "2025-01-19";
  b.add(dep);
  b.add({.id = "d", .kind = "retraction", .date = "2025-01-20", .mission = "MSS",
         .supersedes = "nope"});
  b.add({}).add({.id = "e"});  // add returns the builder; blank rows are refused
  const auto from_builder = refusal([&] { (void)std::move(b).build(); });
  // The blank rows added last are refused on their own lines (6, 7); the rest match.
  ASSERT_GE(from_builder.size(), from_file.size());
  for (std::size_t i = 0; i < from_file.size(); ++i) EXPECT_EQ(from_builder[i], from_file[i]);
  for (const auto& d : from_builder) EXPECT_TRUE(d.line >= 3 && d.line <= 7) << d.to_string();
}

TEST(LogBuilder, DeparturesBelowZeroAndRepeatedUserColumns) {
  LogBuilder b{"b"};
  b.add(arrival("a", "10"));
  RowCells dep = arrival("d", "11");
  dep.kind = "departure";
  dep.extra = {{"x_n", "1"}, {"x_n", "2"}};
  b.add(dep);
  const auto errs = refusal([&] { (void)std::move(b).build(); });
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].line, 3u);
  EXPECT_NE(errs[0].message.find("given twice"), std::string::npos) << errs[0].to_string();
  EXPECT_EQ(errs[1].line, 3u);
  EXPECT_NE(errs[1].message.find("below zero"), std::string::npos) << errs[1].to_string();
}

TEST(ParseCells, RefusesBadHeadersAndWidths) {
  auto errs = refusal([] { muster::parse_cells("c", {"id", "kind", "colour"}, {}); });
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].line, 1u);
  errs = refusal([] {
    muster::parse_cells("c", {"id", "kind", "date"}, {{"a", "pledge"}, {"b", "x", "\xff"}});
  });
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].to_string(), "c:2: 2 fields, but the header has 3");
  EXPECT_EQ(errs[1].to_string(), "c:3: field 3: bytes that are not UTF-8");
}

// ---------------------------------------------------------------------------
// write_log

TEST(WriteLog, RoundTripsHandMadeLogs) {
  const std::string text =
      "note,x_b,id,kind,date,mission,country,component,count,low,high,status,recorded,"
      "supersedes,source,x_a\n"
      "\"a, \"\"quoted\"\"\r\nnote\",  b1 ,a,arrival,2025-01-18,MSS,Kenya,police,217,,,,,,"
      "\" Daily, Nation \",\n"
      "\n"
      "\"\tlead\",,b,report,2025-02,MSS,KEN,police,,200,,planned,2025-03-04,,src,x\n"
      ",,c,report,2025,MSS,,,150,100,,,,,,\n"
      ",,d,pledge,2025-03-01,MSS,Yugoslavia,,500,,,,2024-12-01,,,\n"
      ",,e,report,2025-01-20,MSS,KEN,police,5,5,5,,,a,,\n"
      ",,f,retraction,2025-01-21,MSS,KEN,police,,,,,,b,\"\",\n"
      ",,g,arrival,2025-01-22,MSS,Haiti,,,0,,,,,,\n"
      ",,h,departure,2025-01-23,MSS,Haiti,,,3,9,,,,,\n";
  const Log log = muster::parse_log(text, "hand.csv");
  expect_round_trip(log);
  const std::string written = muster::write_log(log);
  EXPECT_EQ(written.substr(0, written.find('\n')),
            "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,"
            "source,note,x_b,x_a");
  EXPECT_EQ(log.event(0).note, "a, \"quoted\"\r\nnote");
  EXPECT_EQ(log.event(0).source, " Daily, Nation ");  // quoted blanks are kept
  EXPECT_EQ(log.event(1).note, "\tlead");
  EXPECT_EQ(log.event(0).extra[0].second, "b1");  // user columns are trimmed
}

TEST(WriteLog, RoundTripsGeneratedLogs) {
  for (std::uint64_t seed : {1u, 2u, 3u, 17u}) {
    SCOPED_TRACE(seed);
    const Log log =
        muster::parse_log(muster::generate_log({.rows = 3000, .seed = seed}), "g.csv");
    expect_round_trip(log);
  }
  expect_round_trip(
      muster::parse_log(muster::generate_log({.rows = 500, .seed = 5, .plain = true}), "p.csv"));
}

TEST(WriteLog, RoundTripsEveryAcceptedFileOfTheBadCorpus) {
  std::size_t accepted = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(MUSTER_TEST_DATA) / "bad")) {
    if (entry.path().extension() != ".csv") continue;
    Log log;
    try {
      log = muster::read_log(entry.path().string());
    } catch (const LogRefused&) {
      continue;
    }
    SCOPED_TRACE(entry.path().filename().string());
    ++accepted;
    expect_round_trip(log);
  }
  EXPECT_GT(accepted, 0u);
}

TEST(WriteLog, CellsOfGiveSupersedesAsAnId) {
  const Log log = muster::parse_log(
      "id,kind,date,mission,country,count,supersedes\n"
      "a,arrival,2025-01-01,MSS,KEN,5,\n"
      "b,arrival,2025-01-01,MSS,KEN,6,a\n",
      "s.csv");
  const RowCells c = muster::cells_of(log, log.event(1));
  EXPECT_EQ(c.supersedes, "a");
  EXPECT_EQ(c.count, "6");
  EXPECT_EQ(c.country, "KEN");
  EXPECT_EQ(c.low, "");
  EXPECT_EQ(c.recorded, "");
}

// ---------------------------------------------------------------------------
// append_row

class AppendRow : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    path_ = (fs::temp_directory_path() /
             ("muster-write-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) +
              ".csv"))
                .string();
  }
  void TearDown() override {
    fs::remove(path_);
    fs::remove(journal());
  }
  std::string journal() const { return path_ + ".muster-append"; }
  void put_journal(const std::string& text) { std::ofstream(journal(), std::ios::binary) << text; }
  std::string journal_bytes() const {
    std::ifstream in(journal(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // The journal an append killed after writing it leaves: the log's length
  // before the append, for this file (detail::journal_record).
  std::string record_for(std::size_t length) const {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    std::string r = muster::detail::journal_record(length, fd);
    ::close(fd);
    return r;
  }
  void put(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }
  std::string bytes() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // The append is refused with a message holding `part`, the file unchanged.
  void expect_refused(RowCells cells, const std::string& part, std::size_t line) {
    const std::string before = bytes();
    const auto errs = refusal([&] { muster::append_row(path_, cells); });
    ASSERT_FALSE(errs.empty()) << "accepted";
    EXPECT_EQ(errs[0].line, line) << errs[0].to_string();
    EXPECT_NE(errs[0].message.find(part), std::string::npos) << errs[0].to_string();
    EXPECT_EQ(bytes(), before);
  }
  std::string path_;
};

const std::string head = "id,kind,date,mission,country,component,count,supersedes,note,x_unit\n";

TEST_F(AppendRow, AddsAVisibleRow) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n");
  RowCells dep = arrival("d", "17");
  dep.kind = "departure";
  dep.date = "2025-02-01";
  dep.source = "";
  dep.note = "left, \"early\"";
  dep.extra = {{"x_unit", "FPU"}};
  const Appended got = muster::append_row(path_, dep);
  EXPECT_EQ(got.id, "d");
  EXPECT_EQ(got.line, 3u);
  EXPECT_EQ(bytes(), head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
                            "d,departure,2025-02-01,MSS,Kenya,police,17,,\"left, \"\"early\"\"\",FPU\n");
  const Log log = muster::read_log(path_);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log.event(1).note, "left, \"early\"");
  EXPECT_EQ(log.event(1).extra[0].second, "FPU");
}

// Issue 24: correct and retract are the library's, the command's too.
TEST_F(AppendRow, CorrectRowCopiesTheRowWithTheChangesAndSupersedesIt) {
  const std::string with_recorded =
      "id,kind,date,mission,country,component,count,low,high,recorded,supersedes,source,note\n"
      "a,arrival,2025-01-18,MSS,KEN,police,217,,,2025-01-19,,Daily Nation,first\n";
  put(with_recorded);
  const muster::Day today = *muster::parse_day("2025-03-01");
  const Appended got = muster::correct_row(path_, "a", {.low = "210", .high = "220"}, today);
  EXPECT_EQ(got.id, "r2");
  EXPECT_EQ(got.line, 3u);
  EXPECT_EQ(bytes(), with_recorded +
                         "r2,arrival,2025-01-18,MSS,KEN,police,,210,220,2025-03-01,a,Daily Nation,first\n");
  // A cell given replaces the row's, blank included; a given recorded day wins.
  muster::correct_row(path_, "r2", {.source = "", .id = "c", .recorded = "2025-02-01"}, today);
  const Log log = muster::read_log(path_);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.event(2).id, "c");
  EXPECT_EQ(log.event(2).source, "");
  EXPECT_EQ(log.event(2).note, "first");
  EXPECT_EQ(log.event(2).value.low, 210);
  EXPECT_EQ(log.event(2).value.high, 220);
  EXPECT_EQ(muster::to_string(log.event(2).recorded), "2025-02-01");
  ASSERT_TRUE(log.event(2).supersedes);
  EXPECT_EQ(*log.event(2).supersedes, 1u);
  // Without a recorded column, today is not written.
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n");
  muster::correct_row(path_, "a", {.count = "216"}, today);
  EXPECT_EQ(bytes(), head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
                            "r2,arrival,2025-01-18,MSS,KEN,police,216,a,,\n");
}

TEST_F(AppendRow, RetractRowRetractsInTheRowsMissionToday) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n");
  const Appended got = muster::retract_row(path_, "a", {.note = "AP", .id = "x"},
                                           *muster::parse_day("2025-03-01"));
  EXPECT_EQ(got.id, "x");
  EXPECT_EQ(bytes(), head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
                            "x,retraction,2025-03-01,MSS,,,,a,AP,\n");
}

TEST_F(AppendRow, CorrectAndRetractOfNoRowAreUnknownRowAndChangeNothing) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n");
  const std::string before = bytes();
  EXPECT_THROW(muster::correct_row(path_, "b", {.count = "1"}, muster::Day{}), muster::UnknownRow);
  EXPECT_THROW(muster::retract_row(path_, "b", {}, muster::Day{}), muster::UnknownRow);
  EXPECT_EQ(bytes(), before);
}

TEST_F(AppendRow, ChoosesUnusedIds) {
  put(head + "r3,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
             "r2,arrival,2025-01-18,MSS,KEN,police,1,,,\n");
  std::set<std::string> ids{"r3", "r2"};
  for (int i = 0; i < 5; ++i) {
    RowCells c = arrival("", "1");
    c.source = "";
    const Appended got = muster::append_row(path_, c);
    EXPECT_TRUE(ids.insert(got.id).second) << got.id;
    EXPECT_EQ(got.line, std::size_t(4 + i));
  }
  EXPECT_EQ(muster::read_log(path_).size(), 7u);
  EXPECT_TRUE(ids.contains("r4"));  // r3 was taken: counted up
}

TEST_F(AppendRow, RefusalsLeaveTheFileAsItWas) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n\n");
  RowCells c = arrival("a", "1");
  c.source = "";
  expect_refused(c, "duplicate id 'a' (first on line 2)", 4);
  c.id = "b";
  c.supersedes = "zz";
  expect_refused(c, "supersedes 'zz': no row has that id", 4);
  c.supersedes = "";
  c.date = "2025-02-29";
  expect_refused(c, "bad date", 4);
  c.date = "2025-01-19";
  c.kind = "departure";
  c.count = "218";
  expect_refused(c, "below zero", 4);
  c.count = "1";
  c.source = "a paper";  // the header has no `source`
  expect_refused(c, "no column 'source'", 1);
  EXPECT_THROW(muster::append_row(path_, c), muster::ColumnError);
  c.source = "";
  c.extra = {{"x_other", "1"}};
  expect_refused(c, "no column 'x_other'", 1);
  c.extra = {};
  EXPECT_EQ(muster::append_row(path_, c).line, 4u);
}

TEST_F(AppendRow, AddsTheMissingFinalLineEnd) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,");
  RowCells c = arrival("b", "3");
  c.source = "";
  EXPECT_EQ(muster::append_row(path_, c).line, 3u);
  EXPECT_EQ(bytes(), head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
                            "b,arrival,2025-01-18,MSS,Kenya,police,3,,,\n");
}

TEST_F(AppendRow, RefusesACutShortLastLine) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\nb,arrival,2025-01-1");
  RowCells c = arrival("c", "3");
  c.source = "";
  expect_refused(c, "fields, but the header has", 3);
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,217,,\"cut");
  expect_refused(c, "unterminated", 2);
}

TEST_F(AppendRow, RefusesWhatCannotBeRead) {
  const auto errs = refusal([&] { muster::append_row(path_ + ".missing", arrival("a", "1")); });
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].line, 0u);
  EXPECT_NE(errs[0].message.find("cannot open"), std::string::npos);
  put("");
  expect_refused(arrival("a", "1"), "empty file", 1);
}

// An append killed after its journal was written and part of its row: every
// reader reads the log as it was before it (and changes nothing), and the
// next append cuts the torn row away and adds its own.
TEST_F(AppendRow, AKilledAppendIsReadAsBeforeAndUndoneByTheNext) {
  const std::string before = head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n";
  put(before);
  put_journal(record_for(before.size()));
  const std::string torn = before + "b,arrival,2025-01-19,MSS,KEN,police,1,,\"a long no";
  put(torn);
  const Log log = muster::read_log(path_);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.event(0).id, "a");
  EXPECT_EQ(bytes(), torn);  // a reader changes nothing
  RowCells c = arrival("c", "3");
  c.source = "";
  const Appended got = muster::append_row(path_, c);
  EXPECT_EQ(got.line, 3u);
  EXPECT_EQ(bytes(), before + "c,arrival,2025-01-18,MSS,Kenya,police,3,,,\n");
  EXPECT_EQ(journal_bytes(), "");  // nothing unfinished
  EXPECT_EQ(muster::read_log(path_).size(), 2u);

  // The same where the torn row is the whole row but the journal was not yet
  // emptied (killed between the row's sync and the journal's): not
  // acknowledged, so undone.
  const std::string two = bytes();
  put_journal(record_for(two.size()));
  put(two + "d,arrival,2025-01-18,MSS,KEN,police,4,,,\n");
  EXPECT_EQ(muster::read_log(path_).size(), 2u);
  c.id = "e";
  EXPECT_EQ(muster::append_row(path_, c).line, 4u);
  EXPECT_EQ(bytes(), two + "e,arrival,2025-01-18,MSS,Kenya,police,3,,,\n");
}

// The same on a log of more than 1 MiB, which read_log maps where asked
// (muster::read_by_mapping).
TEST_F(AppendRow, AKilledAppendToAMappedLogIsReadAsBefore) {
  muster::read_by_mapping();
  std::string before = head;
  for (int i = 0; before.size() < (std::size_t{3} << 20); ++i)
    before += fmt::format("k{},arrival,2025-01-18,MSS,KEN,police,1,,,\n", i);
  put(before);
  const std::size_t rows = muster::read_log(path_).size();
  put_journal(record_for(before.size()));
  put(before + "z,arrival,2025-01-18,MSS,KEN,police,1,,,\"" + std::string(200000, 'x'));
  EXPECT_EQ(muster::read_log(path_).size(), rows);
  RowCells c = arrival("c", "3");
  c.source = "";
  muster::append_row(path_, c);
  EXPECT_EQ(bytes(), before + "c,arrival,2025-01-18,MSS,Kenya,police,3,,,\n");
  muster::read_by_mapping(false);
}

// A journal that is not a whole record (the append was killed while
// writing it, before a byte of the row), garbage, or the record of another
// file: ignored, the log read whole, and the next append empties it.
TEST_F(AppendRow, ATornOrStrayJournalIsIgnored) {
  const std::string log = head + "a,arrival,2025-01-18,MSS,KEN,police,217,,,\n"
                                 "b,arrival,2025-01-19,MSS,KEN,police,3,,,\n";
  put(log);
  const std::string whole = record_for(head.size());
  std::string other;  // the record of another file (another inode)
  {
    const std::string elsewhere = path_ + ".other";
    std::ofstream(elsewhere) << log;
    const int fd = ::open(elsewhere.c_str(), O_RDONLY | O_CLOEXEC);
    other = muster::detail::journal_record(head.size(), fd);
    ::close(fd);
    fs::remove(elsewhere);
  }
  std::string flipped = whole;
  flipped[flipped.find("length=") + 7] = flipped[flipped.find("length=") + 7] == '1' ? '2' : '1';
  int k = 0;
  for (const std::string& j : {whole.substr(0, whole.size() / 2), whole.substr(0, whole.size() - 1),
                               std::string("\0\0\0\0garbage\n", 12), std::string(4000, 'x'),
                               flipped, other}) {
    SCOPED_TRACE(k);
    put_journal(j);
    EXPECT_EQ(muster::read_log(path_).size(), 2u + static_cast<std::size_t>(k));
    EXPECT_EQ(journal_bytes(), j);  // a reader changes nothing
    RowCells c = arrival(fmt::format("n{}", k++), "3");
    c.source = "";
    muster::append_row(path_, c);
    EXPECT_EQ(journal_bytes(), "");
    EXPECT_EQ(muster::read_log(path_).size(), 2u + static_cast<std::size_t>(k));
  }
  // A record of a length past the end (the file was cut by hand since):
  // never lengthens the file.
  const std::string now = bytes();
  put_journal(record_for(now.size() + 100));
  EXPECT_EQ(muster::read_log(path_).size(), 8u);
  RowCells c = arrival("last", "3");
  c.source = "";
  muster::append_row(path_, c);
  EXPECT_EQ(bytes(), now + "last,arrival,2025-01-18,MSS,Kenya,police,3,,,\n");
}

// Appends from many threads, each with its own descriptor (flock serialises
// open file descriptions, not processes), and from child processes, while
// another thread reads: every append lands whole, every chosen id is unique,
// and every read sees a log the reader accepts.
TEST_F(AppendRow, ConcurrentAppendsAreSerialised) {
  put(head + "a,arrival,2025-01-18,MSS,KEN,police,1000,,,\n");
  constexpr int threads = 4, each = 20, children = 2;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, refused_reads{0};
  std::vector<pid_t> pids;
  for (int c = 0; c < children; ++c) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int bad = 0;
      for (int i = 0; i < each; ++i) {
        RowCells cells = arrival("", "1");
        cells.source = "";
        cells.note = std::string(300, 'n');  // a longer row: a torn write would show
        try {
          muster::append_row(path_, cells);
        } catch (...) {
          ++bad;
        }
      }
      ::_exit(bad == 0 ? 0 : 1);
    }
    pids.push_back(pid);
  }
  // The children are forked while this process has one thread: a fork
  // beside running threads can deadlock in the child (under ASan it does).
  std::thread reader([&] {
    while (!done) {
      try {
        (void)muster::read_log(path_);
      } catch (const LogRefused&) {
        ++refused_reads;
      }
      ++reads;
    }
  });
  std::vector<std::thread> writers;
  std::vector<std::vector<std::string>> ids(threads);
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        RowCells cells = arrival(i % 2 ? std::string{} : fmt::format("t{}-{}", t, i), "1");
        cells.source = "";
        ids[static_cast<std::size_t>(t)].push_back(muster::append_row(path_, cells).id);
      }
    });
  for (auto& w : writers) w.join();
  for (const pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  done = true;
  reader.join();
  EXPECT_EQ(refused_reads.load(), 0) << "of " << reads.load() << " reads";
  const Log log = muster::read_log(path_);
  EXPECT_EQ(log.size(), std::size_t{1 + (threads + children) * each});
  std::set<std::string> seen;
  for (const auto& e : log.events()) EXPECT_TRUE(seen.insert(std::string(e.id)).second) << e.id;
  for (const auto& list : ids)
    for (const auto& id : list) EXPECT_TRUE(seen.contains(id)) << id;
}

}  // namespace
