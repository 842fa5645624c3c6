// Tests of the command's output (src/cli/output.hpp, cli.md "Common rules"):
// every write checked (a full disk, a closed standard output, a file size
// limit mid-answer, a broken pipe: exit 1 and `muster: cannot write standard
// output: REASON`, whole rows only), the streaming table writer (the bytes
// of csv and json as before, the cells of a people's table), the output
// file written whole or not at all, and `generate --rows` bounds.
#include "command.hpp"

#include <cli/output.hpp>

#include <muster/format.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using muster::Count;
using muster::Value;
using namespace muster::cli;

const std::string written_message = "muster: cannot write standard output: ";

/// A shell script's exit status (of the script) and standard output.
CommandResult shell(const std::string& script) {
  FILE* p = popen(script.c_str(), "r");
  CommandResult r;
  if (!p) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const std::string exe = shell_quoted(MUSTER_EXE);

/// A directory of inputs: a generated log, the Haiti log, a table to import.
class Outputs : public ::testing::Test {
 protected:
  static fs::path dir;
  static void SetUpTestSuite() {
    dir = fs::temp_directory_path() / ("muster-output-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    shell(exe + " generate --rows 3000 --seed 11 --countries 30 --missions 6 > " + q("gen.csv"));
    shell(exe + " generate --rows 20000 --seed 11 --countries 80 --missions 12 > " + q("big.csv"));
    std::string table = "date,country,count\n";
    for (int y = 1990; y < 2020; ++y)
      for (int m = 1; m <= 12; ++m)
        for (const char* c : {"KEN", "JAM", "BHS", "BLZ", "SLV", "GTM"})
          table += fmt::format("{}-{:02},{},{}\n", y, m, c, 100 + y + m);
    spit(dir / "table.csv", table);
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }

  static std::string q(const char* name) { return shell_quoted((dir / name).string()); }
  /// A command's arguments, GEN, BIG, HAITI and TABLE replaced by their paths;
  /// LOG by a fresh copy of the Haiti log (append, correct and retract
  /// change it).
  static std::string args(std::string a) {
    const std::map<std::string, std::string> names = {
        {"GEN", q("gen.csv")}, {"BIG", q("big.csv")},
        {"HAITI", shell_quoted(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv")},
        {"TABLE", q("table.csv")}, {"LOG", q("log.csv")}};
    for (const auto& [name, path] : names)
      for (auto at = a.find(name); at != std::string::npos; at = a.find(name, at + path.size()))
        a.replace(at, name.size(), path);
    fs::copy_file(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv", dir / "log.csv",
                  fs::copy_options::overwrite_existing);
    return a;
  }
  /// `muster ARGS` with standard output sent where `redirect` says; its
  /// status and what it printed on standard error.
  static CommandResult stderr_of(const std::string& a, const std::string& redirect) {
    return shell(exe + " " + args(a) + " 2>&1 " + redirect);
  }
};
fs::path Outputs::dir;

// Every command that writes, with arguments that write something.
const std::vector<std::string> every_writer = {
    "strength BIG --on 2010-06-30 --by contingent --format table",
    "strength HAITI --on 2025-01-19 --format table",
    "series GEN --from 2000-01-01 --to 2010-12-31 --step day --by contingent --format csv",
    "series GEN --from 2000-01-01 --to 2010-12-31 --step week --by country --format table",
    "series GEN --from 2000-01-01 --to 2010-12-31 --step day --by contingent --format json",
    "days BIG --from 2001-01-01 --to 2009-12-31 --by contingent --format csv",
    "pledges BIG --on 2012-12-31 --format json",
    "pledges HAITI --on 2025-01-27 --format csv",
    "check BIG --format csv",
    "check BIG --format json",
    "check BIG --format table",
    "explain BIG --on 2010-06-30 --format csv --include-planned",
    "explain HAITI --on 2025-01-19 --country KEN --format table",
    "import TABLE --date date --country country --count count --mission MSS",
    "generate --rows 3000 --seed 11",
    "append LOG --kind report --date 2025-02-01 --mission MSS --country KEN --component police "
    "--count 700 --source test",
    "correct LOG ken-landed-217 --count 218",
    "retract LOG ken-now-600 --note test",
    "chart HAITI --from 2024-06-01 --to 2025-03-31",
    "chart BIG --from 1995-01-01 --to 2020-12-31 --step month --by country",
    "strength --help",
    "--help",
    "--version",
};

TEST_F(Outputs, EveryCommandWritesSomethingWhenItCan) {
  for (const auto& a : every_writer) {
    const CommandResult r = shell(exe + " " + args(a) + " 2>/dev/null");
    EXPECT_EQ(r.status, 0) << a;
    EXPECT_FALSE(r.out.empty()) << a;
  }
}

TEST_F(Outputs, AFullDiskIsAnErrorOfEveryCommand) {
  for (const auto& a : every_writer) {
    const CommandResult r = stderr_of(a, ">/dev/full");
    EXPECT_EQ(r.status, 1) << a;
    EXPECT_EQ(r.out, written_message + "No space left on device\n") << a;
  }
}

TEST_F(Outputs, AClosedStandardOutputIsAnErrorOfEveryCommand) {
  for (const auto& a : every_writer) {
    const CommandResult r = stderr_of(a, ">&-");
    EXPECT_EQ(r.status, 1) << a;
    EXPECT_EQ(r.out, written_message + "Bad file descriptor\n") << a;
  }
}

// A file size limit (RLIMIT_FSIZE, SIGXFSZ ignored: EFBIG) stops the answer
// part-way: exit 1, the message, and the file holds whole records of the
// answer, from its start. (append, correct and retract print one short
// line: the limit would stop the append itself; they are left out.)
TEST_F(Outputs, AWriteThatFailsMidAnswerLeavesWholeRowsOnly) {
  int cut_short = 0;
  for (const auto& a : every_writer) {
    if (a.rfind("append", 0) == 0 || a.rfind("correct", 0) == 0 || a.rfind("retract", 0) == 0)
      continue;
    const std::string full = (dir / "full.txt").string(), cut = (dir / "cut.txt").string();
    ASSERT_EQ(shell(exe + " " + args(a) + " >" + shell_quoted(full) + " 2>/dev/null").status, 0) << a;
    const std::string whole = slurp(full);
    // `ulimit -f 4`: 4 blocks of 512 bytes (dash) or of 1024 (bash).
    if (whole.size() < 4 * 4096) continue;  // too short to be cut
    ++cut_short;
    const CommandResult status = shell("ulimit -f 4; trap '' XFSZ; " + exe + " " + args(a) + " >" +
                                       shell_quoted(cut) + " 2>" +
                                       shell_quoted((dir / "err.txt").string()));
    EXPECT_EQ(status.status, 1) << a;
    EXPECT_EQ(slurp(dir / "err.txt"), written_message + "File too large\n") << a;
    const std::string part = slurp(cut);
    // A picture is one record: cut short, nothing of it stays.
    const bool one_record = a.rfind("chart", 0) == 0;
    EXPECT_EQ(part.empty(), one_record) << a;
    EXPECT_LT(part.size(), whole.size()) << a;
    EXPECT_EQ(part, whole.substr(0, part.size())) << a;
    const bool json = a.find("json") != std::string::npos;
    // A record ends with a line break (csv, table) or a closing brace (json).
    if (!part.empty()) {
      EXPECT_EQ(part.back(), json ? '}' : '\n') << a;
    }
  }
  EXPECT_EQ(cut_short, 13);  // all but the short answers (of Haiti, the ids, the help)
}

// With SIGPIPE ignored, a reader that has gone gives EPIPE.
TEST_F(Outputs, ABrokenPipeIsAnError) {
  for (const std::string a :
       {"series GEN --from 2000-01-01 --to 2010-12-31 --step day --by contingent --format csv",
        "check BIG --format csv", "generate --rows 100000",
        "import TABLE --date date --country country --count count --mission MSS"}) {
    const std::string err = shell_quoted((dir / "err.txt").string());
    const CommandResult r =
        shell("trap '' PIPE; { " + exe + " " + args(a) + " 2>" + err +
              "; echo $? >" + q("status.txt") + "; } | head -c1 >/dev/null");
    EXPECT_EQ(slurp(dir / "status.txt"), "1\n") << a;
    EXPECT_EQ(slurp(dir / "err.txt"), written_message + "Broken pipe\n") << a;
  }
}

// A long answer streamed is the same answer: every sample day, in order,
// each day's rows those of `strength --on` that day, sorted by key.
TEST_F(Outputs, ALongSeriesIsRightRowByRow) {
  const CommandResult s = shell(exe + " series " + q("gen.csv") +
                                " --from 1995-01-01 --to 2020-12-31 --step day --by contingent"
                                " --format csv");
  ASSERT_EQ(s.status, 0);
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = s.out.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(s.out.substr(at, nl - at));
  ASSERT_GT(lines.size(), 100'000u);
  EXPECT_EQ(lines[0], "date,mission,country,component,estimate,low,high");
  std::map<std::string, std::vector<std::string>> by_day;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (i > 1) {  // by date, then key, each once
      EXPECT_LT(lines[i - 1], lines[i]) << "line " << i + 1;
    }
    by_day[lines[i].substr(0, 10)].push_back(lines[i].substr(11));
  }
  // Each day from the first listed to 2020-12-31 lists something in this log.
  EXPECT_EQ(by_day.rbegin()->first, "2020-12-31");
  for (const char* d : {"1995-01-01", "2003-07-15", "2012-02-29", "2020-12-31"}) {
    const CommandResult one = shell(exe + " strength " + q("gen.csv") + " --on " + d +
                                    " --by contingent --format csv");
    std::string expected;
    for (const auto& row : by_day[d]) expected += row + "\n";
    EXPECT_EQ(one.out, "mission,country,component,estimate,low,high\n" + expected) << d;
  }
  // The people's table of the same answer: a header, a rule, every row.
  const CommandResult t = shell(exe + " series " + q("gen.csv") +
                                " --from 1995-01-01 --to 2020-12-31 --step day --by contingent"
                                " --format table");
  EXPECT_EQ(static_cast<std::size_t>(std::count(t.out.begin(), t.out.end(), '\n')),
            lines.size() + 1);
}

TEST(GenerateRows, OneToTheLogsRowLimit) {
  for (const char* bad : {"-1", "0", "20000001", "ten", "18446744073709551615"}) {
    // (timeout: before this check, -1 wrapped round and wrote without end)
    const CommandResult r =
        shell("timeout 60 " + exe + " generate --rows " + bad + " 2>&1 >/dev/null");
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--rows"), std::string::npos) << r.out;
  }
  const CommandResult one = run_muster("generate --rows 1", "2>&1");
  EXPECT_EQ(one.status, 0);
  EXPECT_EQ(std::count(one.out.begin(), one.out.end(), '\n'), 2) << one.out;
}

// ---- the writer itself --------------------------------------------------

/// What `f` writes to an Output on a temporary file.
template <class F>
std::string written(F&& f) {
  char name[] = "/tmp/muster-output-XXXXXX";
  const int fd = mkstemp(name);
  {
    Output out(fd, "test");
    f(out);
    out.flush();
  }
  close(fd);
  std::string text = slurp(name);
  unlink(name);
  return text;
}

// A whole table, written through a TableWriter at once.
struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<Cell> total;  // for `table`: a last row of totals
};

void write(Output& out, const Result& r, Format f) {
  TableWriter w(out, f, r.columns);
  for (const auto& row : r.rows) w.row(row);
  w.finish(r.total);
}

// The JSON that nlohmann's dump(2) gives for an array of objects (the
// writer's output before it streamed).
nlohmann::ordered_json reference_json(const Result& r) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    auto o = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < row.size(); ++i)
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            auto& slot = o[r.columns[i]];
            if constexpr (std::is_same_v<T, std::optional<Count>>) slot = v ? nlohmann::ordered_json(*v) : nullptr;
            else if constexpr (std::is_same_v<T, Ratio>) slot = v.value ? nlohmann::ordered_json(std::round(*v.value * 1000) / 1000) : nullptr;
            else if constexpr (std::is_same_v<T, Flag>) slot = v.value;
            else if constexpr (std::is_same_v<T, Estimate>) slot = v.value.estimate;
            else if constexpr (std::is_same_v<T, Words>) slot = v.values;
            else slot = v;
          },
          row[i]);
    arr.push_back(std::move(o));
  }
  return arr;
}

Result sample() {
  Result r;
  r.columns = {"name", "n", "high", "ratio", "yes", "estimate"};
  r.rows.push_back({std::string("plain"), Count{1217}, high_cell(Value::unbounded), Ratio{2.0 / 3},
                    Flag{true}, Estimate{{0, 0, Value::unbounded}}});
  r.rows.push_back({std::string("a \"quote\", a \\ and\ta tab\n"), Count{-5}, high_cell(799),
                    Ratio{std::nullopt}, Flag{false}, Estimate{{617, 617, Value::unbounded}}});
  r.rows.push_back({std::string("Côte d’Ivoire \x01"), Count{0}, high_cell(0), Ratio{1.0},
                    Flag{true}, Estimate{Value::exactly(3)}});
  return r;
}

TEST(TableWriter, JsonIsTheBytesNlohmannGives) {
  const Result r = sample();
  EXPECT_EQ(written([&](Output& o) { write(o, r, Format::json); }), reference_json(r).dump(2) + "\n");
  const Result none{r.columns, {}, {}};
  EXPECT_EQ(written([&](Output& o) { write(o, none, Format::json); }), "[]\n");
}

TEST(TableWriter, CsvIsPlain) {
  EXPECT_EQ(written([&](Output& o) { write(o, sample(), Format::csv); }),
            "name,n,high,ratio,yes,estimate\n"
            "plain,1217,,0.667,yes,0\n"
            "\"a \"\"quote\"\", a \\ and\ta tab\n\",-5,799,,no,617\n"
            "Côte d’Ivoire \x01,0,0,1.000,yes,3\n");
}

// A size nobody knows reads `?` (its estimate and its high), never 0 or ∞.
TEST(TableWriter, PeoplesTablesShowWhatIsKnown) {
  Result r;
  r.columns = {"country", "estimate", "low", "high"};
  auto add = [&](const char* c, Value v) {
    std::vector<Cell> row{std::string(c)};
    add_value_cells(row, v);
    r.rows.push_back(std::move(row));
  };
  add("BHS", {0, 0, Value::unbounded});      // nothing known
  add("KEN", {1217, 617, Value::unbounded}); // 617 or more, an estimate of 1,217
  add("JAM", {500, 0, Value::unbounded});    // a last figure kept, no bound
  add("SLV", {790, 780, 799});
  r.total = {std::string{}};
  add_value_cells(r.total, {2507, 1397, Value::unbounded});
  EXPECT_EQ(written([&](Output& o) { write(o, r, Format::table); }),
            "country  estimate    low  high\n"
            "-------  --------  -----  ----\n"
            "BHS             ?      0     ?\n"
            "KEN         1,217    617     ?\n"
            "JAM           500      0     ?\n"
            "SLV           790    780   799\n"
            "-------  --------  -----  ----\n"
            "total       2,507  1,397     ?\n");
  // csv keeps its numbers: the estimate, a blank high.
  EXPECT_EQ(written([&](Output& o) { write(o, r, Format::csv); }),
            "country,estimate,low,high\nBHS,0,0,\nKEN,1217,617,\nJAM,500,0,\nSLV,790,780,799\n");
}

// Past the rows it holds to fix widths, a table streams: a wider cell later
// is printed whole and pushes its row right.
TEST(TableWriter, ALongTableStreamsWithTheWidthsOfItsFirstRows) {
  const std::string text = written([](Output& o) {
    TableWriter w(o, Format::table, {"k", "n"});
    for (std::size_t i = 0; i < TableWriter::held + 10; ++i) w.row({std::string("a"), Count{7}});
    w.row({std::string("wider"), Count{1234567}});
    w.finish();
  });
  const std::string head = "k  n\n-  -\na  7\n", tail = "a  7\nwider  1,234,567\n";
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_EQ(text.substr(text.size() - tail.size()), tail);
  EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')),
            TableWriter::held + 13);
}

TEST(Output, AFailedWriteThrowsWithTheReason) {
  const int fd = open("/dev/full", O_WRONLY);
  ASSERT_GE(fd, 0);
  Output out(fd, "the answer");
  out.print("{}\n", "a row");
  try {
    out.flush();
    ADD_FAILURE() << "no WriteFailed";
  } catch (const WriteFailed& e) {
    EXPECT_EQ(e.error(), ENOSPC);
    EXPECT_EQ(std::string(e.what()), "cannot write the answer: No space left on device");
  }
  EXPECT_THROW(out.flush(), WriteFailed);  // and every later write
  close(fd);
}

// ---- OutputFile: whole or not at all ------------------------------------

std::vector<std::string> names_in(const fs::path& d) {
  std::vector<std::string> n;
  for (const auto& e : fs::directory_iterator(d)) n.push_back(e.path().filename().string());
  std::sort(n.begin(), n.end());
  return n;
}

class OutputFiles : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("muster-outfile-" + std::to_string(getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(OutputFiles, CommitReplacesTheFileWhole) {
  spit(dir / "chart.svg", "old");
  {
    OutputFile f((dir / "chart.svg").string());
    f.out().print("{}\n", "new");
    EXPECT_EQ(slurp(dir / "chart.svg"), "old");  // untouched until commit
    f.commit();
  }
  EXPECT_EQ(slurp(dir / "chart.svg"), "new\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"chart.svg"});
}

TEST_F(OutputFiles, WithoutCommitNothingChangesAndNoTemporaryStays) {
  spit(dir / "chart.svg", "old");
  try {
    OutputFile f((dir / "chart.svg").string());
    f.out().print("{}\n", "half");
    throw std::runtime_error("a failure while computing");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(slurp(dir / "chart.svg"), "old");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"chart.svg"});
}

TEST_F(OutputFiles, AFileThatCannotBeMadeNamesItself) {
  const std::string path = (dir / "no-such-dir" / "chart.svg").string();
  try {
    OutputFile f(path);
    ADD_FAILURE() << "no WriteFailed";
  } catch (const WriteFailed& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + path + ": No such file or directory");
  }
}

// A write that fails part-way (a file size limit, in a child process):
// WriteFailed naming the file; the old file stays, no temporary is left.
TEST_F(OutputFiles, AFailedWriteLeavesTheOldFile) {
  spit(dir / "report.html", "old");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit small{4096, 4096};
    setrlimit(RLIMIT_FSIZE, &small);
    try {
      OutputFile f((dir / "report.html").string());
      for (int i = 0; i < 100'000; ++i) f.out().print("{}\n", i);
      f.commit();
    } catch (const WriteFailed& e) {
      const std::string expected = "cannot write " + (dir / "report.html").string() + ": File too large";
      _exit(e.what() == expected ? 0 : 2);
    }
    _exit(3);
  }
  int st = 0;
  waitpid(child, &st, 0);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0);
  EXPECT_EQ(slurp(dir / "report.html"), "old");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.html"});
}

}  // namespace
