// Tests of `muster append`, `correct` and `retract` (cli.md): the built
// command run on logs in a temporary directory; refusals leave the file
// byte for byte as it was; appends from several processes at once, and
// appenders killed at random moments, leave a valid log holding every
// acknowledged row once.
#include <gtest/gtest.h>

#include "command.hpp"

#include <muster/muster.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// An acknowledgement `ID LINE`, split.
struct Ack {
  std::string id;
  std::size_t line = 0;
};
std::optional<Ack> ack_of(const std::string& text) {
  std::istringstream in(text);
  Ack a;
  std::string rest;
  if (!(in >> a.id >> a.line) || (in >> rest)) return std::nullopt;
  return a;
}

const std::string header =
    "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,source,note,"
    "x_ref\n";
const std::string base = header +
                         "ken-1,arrival,2025-01-18,MSS,KEN,police,200,,,,,,Daily Nation,,a\n"
                         "jam-1,arrival,2025-02-01,MSS,JAM,military,100,,,,,,Gleaner,,b\n";

class AppendCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("muster_append_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    spit(dir_ / "log.csv", base);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// muster ARGS in dir_, standard output and error apart; `out_to` replaces
  /// the file standard output goes to.
  Outcome run(const std::vector<std::string>& args, const std::string& out_to = "stdout.txt") const {
    std::string cmd = "cd ";
    cmd += shell_quoted(dir_.string());
    cmd += " && ";
    cmd += shell_quoted(MUSTER_EXE);
    for (const auto& a : args) {
      cmd += ' ';
      cmd += shell_quoted(a);
    }
    cmd += " < /dev/null > ";
    cmd += out_to;
    cmd += " 2> stderr.txt";
    const int raw = std::system(cmd.c_str());
    Outcome r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    if (out_to == "stdout.txt") r.out = slurp(dir_ / "stdout.txt");
    r.err = slurp(dir_ / "stderr.txt");
    return r;
  }

  std::string log_text() const { return slurp(dir_ / "log.csv"); }
  std::string strength(const std::string& country) const {
    return run({"strength", "log.csv", "--on", "2025-12-31", "--country", country, "--format", "csv"}).out;
  }

  fs::path dir_;
};

TEST_F(AppendCli, AppendedRowCounts) {
  const Outcome r = run({"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--id", "ken-2",
                     "--mission", "MSS", "--country", "Kenya", "--component", "police", "--count", "17",
                     "--source", "Daily Nation, 2 March", "--x", "ref=c"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "ken-2 4\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(strength("KEN"), "country,estimate,low,high\nKEN,217,217,217\n");
  EXPECT_NE(log_text().find("\"Daily Nation, 2 March\""), std::string::npos);
  const muster::Log log = muster::read_log((dir_ / "log.csv").string());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.event(2).extra.at(0).second, "c");
}

TEST_F(AppendCli, WithoutIdAnUnusedOneIsChosen) {
  std::set<std::string> ids{"ken-1", "jam-1"};
  for (int i = 0; i < 3; ++i) {
    const Outcome r = run({"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--mission",
                       "MSS", "--country", "KEN", "--component", "police", "--count", "1"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto a = ack_of(r.out);
    ASSERT_TRUE(a) << r.out;
    EXPECT_EQ(a->line, static_cast<std::size_t>(4 + i));
    EXPECT_TRUE(ids.insert(a->id).second) << a->id << " was in use";
  }
  EXPECT_EQ(strength("KEN"), "country,estimate,low,high\nKEN,203,203,203\n");
}

TEST_F(AppendCli, RefusedRowsLeaveTheFileAsItWas) {
  const std::vector<std::string> row = {"--mission", "MSS", "--country", "KEN", "--component", "police"};
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--kind", "departure", "--date", "2025-03-01", "--count", "500"}, "below zero"},
      {{"--kind", "arrival", "--date", "2025-03-01", "--count", "5", "--id", "ken-1"}, "ken-1"},
      {{"--kind", "report", "--date", "2025-03-01", "--count", "5", "--supersedes", "nope"}, "nope"},
      {{"--kind", "arrival", "--date", "2025-02-30", "--count", "5"}, "2025-02-30"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"append", "log.csv"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), row.begin(), row.end());
    const Outcome r = run(args);
    EXPECT_EQ(r.status, 1) << c.message << ": " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("log.csv:4: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(log_text(), base) << c.message;
  }
}

TEST_F(AppendCli, AColumnTheHeaderLacksIsAUsageError) {
  const std::string narrow = "id,kind,date,mission,country,component,count\n"
                             "ken-1,arrival,2025-01-18,MSS,KEN,police,200\n";
  spit(dir_ / "log.csv", narrow);
  const std::vector<std::string> row = {"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01",
                                        "--mission", "MSS", "--country", "KEN", "--count", "5"};
  for (const auto& [option, value, column] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--low", "1", "low"}, {"--note", "n", "note"}, {"--x", "ref=1", "x_ref"}}) {
    std::vector<std::string> args = row;
    args.insert(args.end(), {option, value});
    const Outcome r = run(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("'" + column + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("muster append --help"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(dir_ / "log.csv"), narrow);
  }
  EXPECT_EQ(run({"append", "log.csv", "--kind", "arrival"}).status, 2);  // no --date
  EXPECT_EQ(run({"append", "-", "--kind", "arrival", "--date", "2025-03-01"}).status, 2);
}

// Every usage error of append, correct and retract names the command's help
// once, not twice.
TEST_F(AppendCli, UsageErrorsNameTheHelpOnce) {
  const auto count = [](const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
  };
  const std::string narrow = "id,kind,date,mission,country,component,count\n"
                             "ken-1,arrival,2025-01-18,MSS,KEN,police,200\n";
  spit(dir_ / "log.csv", narrow);
  for (const auto& [args, help] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--note", "n"}, "append"},
           {{"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--x", "=1"}, "append"},
           {{"append", "-", "--kind", "arrival", "--date", "2025-03-01"}, "append"},
           {{"correct", "log.csv", "nope", "--count", "3"}, "correct"},
           {{"retract", "log.csv", "ken-1", "--note", "n"}, "retract"}}) {
    const Outcome r = run(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(count(r.err, "muster " + help + " --help"), 1u) << r.err;
    EXPECT_EQ(count(r.err, "--help"), 1u) << r.err;
  }
}

// An id holding a line end (a CSV field may) is acknowledged on one line:
// quoted, with C escapes; the row holds the id as given.
TEST_F(AppendCli, AnIdWithALineEndIsAcknowledgedOnOneLine) {
  const Outcome r = run({"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--id",
                         "ken\n2\r\"x\"\\", "--mission", "MSS", "--country", "KEN", "--component",
                         "police", "--count", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "\"ken\\n2\\r\\\"x\\\"\\\\\" 4\n");
  const muster::Log log = muster::read_log((dir_ / "log.csv").string());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.event(2).id, "ken\n2\r\"x\"\\");
}

TEST_F(AppendCli, CorrectAndRetract) {
  const Outcome c = run({"correct", "log.csv", "ken-1", "--count", "250", "--source", "UN"});
  ASSERT_EQ(c.status, 0) << c.err;
  const auto correction = ack_of(c.out);
  ASSERT_TRUE(correction);
  EXPECT_EQ(correction->line, 4u);
  EXPECT_EQ(strength("KEN"), "country,estimate,low,high\nKEN,250,250,250\n");

  const Outcome x = run({"retract", "log.csv", "jam-1", "--note", "never deployed"});
  ASSERT_EQ(x.status, 0) << x.err;
  const auto retraction = ack_of(x.out);
  ASSERT_TRUE(retraction);
  EXPECT_EQ(strength("JAM"), "country,estimate,low,high\n");

  const muster::Log log = muster::read_log((dir_ / "log.csv").string());
  ASSERT_EQ(log.size(), 4u);
  const muster::Event fixed = log.event(2), gone = log.event(3);
  EXPECT_EQ(fixed.kind, muster::Kind::arrival);
  EXPECT_EQ(fixed.component, "police");
  EXPECT_EQ(fixed.source, "UN");
  EXPECT_EQ(fixed.extra.at(0).second, "a");  // like row ken-1
  EXPECT_EQ(fixed.supersedes, std::optional<std::size_t>{0});
  EXPECT_EQ(gone.kind, muster::Kind::retraction);
  EXPECT_EQ(gone.mission, "MSS");
  EXPECT_EQ(gone.supersedes, std::optional<std::size_t>{1});
  EXPECT_EQ(gone.note, "never deployed");

  const std::string ken = run({"explain", "log.csv", "--on", "2025-12-31", "--country", "KEN",
                               "--format", "csv"}).out;
  EXPECT_NE(ken.find("hidden,ken-1,2,"), std::string::npos) << ken;
  EXPECT_NE(ken.find("superseded by " + correction->id), std::string::npos) << ken;
  const std::string jam = run({"explain", "log.csv", "--on", "2025-12-31", "--country", "JAM",
                               "--format", "csv"}).out;
  EXPECT_NE(jam.find("hidden,jam-1,3,"), std::string::npos) << jam;
  EXPECT_NE(jam.find("retracted by " + retraction->id), std::string::npos) << jam;
}

TEST_F(AppendCli, CorrectionsFollowAppend) {
  const Outcome bad = run({"correct", "log.csv", "ken-1", "--low", "300", "--high", "200"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.err.rfind("log.csv:4: ", 0), 0u) << bad.err;
  EXPECT_EQ(log_text(), base);
  const Outcome missing = run({"retract", "log.csv", "nope"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("'nope'"), std::string::npos) << missing.err;
  EXPECT_EQ(run({"correct", "log.csv", "nope", "--count", "1"}).status, 2);
  EXPECT_EQ(log_text(), base);
}

TEST_F(AppendCli, AnAnswerThatCannotBeWrittenExits1) {
  const Outcome r = run({"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--mission", "MSS",
                     "--country", "KEN", "--component", "police", "--count", "1"},
                    "/dev/full");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("muster: cannot write standard output: ", 0), 0u) << r.err;
}

// --- Many processes ---------------------------------------------------------------

/// Starts `sh -c script` in a process group of its own; returns its pid.
pid_t start_shell(const std::string& script) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid > 0) ::setpgid(pid, pid);
  return pid;
}

/// A shell loop of `n` appends (n = 0: until killed) to LOG, each row's note
/// `end` (the last column: a torn row would lack it), acks appended to `acks`.
std::string appender(const fs::path& log, const std::string& component, int n, const fs::path& acks) {
  std::string one = shell_quoted(MUSTER_EXE) + " append " + shell_quoted(log.string()) +
                    " --kind arrival --date 2025-03-01 --mission MSS --country KEN --component " +
                    component + " --count 1 --note end >> " + shell_quoted(acks.string()) +
                    " || echo failed >> " + shell_quoted(acks.string());
  if (n == 0) return "while :; do " + one + "; done";
  return "i=0; while [ $i -lt " + std::to_string(n) + " ]; do i=$((i+1)); " + one + "; done";
}

/// `prefix` and a number (built piece by piece: g++ 12 warns, wrongly, with
/// -Wrestrict on "literal" + string).
std::string numbered(const char* prefix, int n, const char* suffix = "") {
  std::string s = prefix;
  s += std::to_string(n);
  s += suffix;
  return s;
}

/// Every acknowledgement in the files (whole lines only), and whether any
/// append failed.
std::vector<Ack> acks_in(const std::vector<fs::path>& files, bool& failed) {
  std::vector<Ack> out;
  for (const auto& f : files) {
    std::string text = slurp(f);
    text.erase(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
    for (const auto& l : lines_of(text)) {
      if (auto a = ack_of(l)) out.push_back(*a);
      else failed = true;
    }
  }
  return out;
}

/// The log is valid, ends with a line end, every appended row is whole and
/// every acknowledged row is in it once, on the line acknowledged.
void expect_holds(const fs::path& path, const std::vector<Ack>& acks, std::size_t base_rows) {
  const std::string text = slurp(path);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n') << "a torn last line";
  muster::Log log;
  try {
    log = muster::read_log(path.string());
  } catch (const muster::LogRefused& e) {
    FAIL() << e.diagnostics().front().to_string();
  }
  std::map<std::string, std::size_t> line_of;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const muster::Event e = log.event(i);
    if (i >= base_rows) {
      EXPECT_EQ(e.note, "end") << "row " << e.id << " is torn";
    }
    line_of.emplace(std::string(e.id), e.line);
  }
  std::set<std::string> seen;
  for (const Ack& a : acks) {
    EXPECT_TRUE(seen.insert(a.id).second) << a.id << " acknowledged twice";
    const auto it = line_of.find(a.id);
    ASSERT_NE(it, line_of.end()) << a.id << " acknowledged but absent";
    EXPECT_EQ(it->second, a.line) << a.id;
  }
}

TEST_F(AppendCli, FourProcessesAppendAHundredRowsEach) {
  std::vector<pid_t> pids;
  std::vector<fs::path> files;
  for (int k = 0; k < 4; ++k) {
    files.push_back(dir_ / numbered("acks", k, ".txt"));
    pids.push_back(start_shell(appender(dir_ / "log.csv", numbered("p", k), 100, files.back())));
  }
  for (pid_t p : pids) {
    int st = 0;
    ::waitpid(p, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  bool failed = false;
  const std::vector<Ack> acks = acks_in(files, failed);
  EXPECT_FALSE(failed);
  EXPECT_EQ(acks.size(), 400u);
  expect_holds(dir_ / "log.csv", acks, 2);
  EXPECT_EQ(muster::read_log((dir_ / "log.csv").string()).size(), 402u);
  EXPECT_EQ(strength("KEN"), "country,estimate,low,high\nKEN,600,600,600\n");
}

TEST_F(AppendCli, AppendersKilledAtRandomMomentsLeaveAValidLog) {
  std::mt19937 rng(20250118);
  std::uniform_int_distribution<int> pause_us(2'000, 40'000);
  std::vector<fs::path> files;
  // Killed after `pause` microseconds; a slow machine (or a sanitizer build)
  // may need longer for any append to be acknowledged, so the rounds go on,
  // with pauses growing tenfold, until one is (the test needs one to check).
  auto round_of = [&](int round, int pause) {
    std::vector<pid_t> pids;
    for (int k = 0; k < 2; ++k) {
      files.push_back(dir_ / numbered(numbered("acks", round, "_").c_str(), k, ".txt"));
      pids.push_back(start_shell(appender(dir_ / "log.csv", numbered("p", k), 0, files.back())));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(pause));
    for (pid_t p : pids) ::kill(-p, SIGKILL);
    for (pid_t p : pids) ::waitpid(p, nullptr, 0);
  };
  int round = 0;
  for (; round < 40; ++round) round_of(round, pause_us(rng));
  bool failed = false;
  for (int scale = 10; scale <= 1000 && acks_in(files, failed).empty(); scale *= 10)
    for (int more = 0; more < 10; ++more, ++round) round_of(round, pause_us(rng) * scale);
  // A muster killed between its append and its acknowledgement may leave a
  // row no one acknowledged; what matters is the converse.
  failed = false;
  const std::vector<Ack> acks = acks_in(files, failed);
  EXPECT_FALSE(failed);
  EXPECT_GT(acks.size(), 0u);
  expect_holds(dir_ / "log.csv", acks, 2);
  // And the log still takes rows.
  EXPECT_EQ(run({"append", "log.csv", "--kind", "arrival", "--date", "2025-03-01", "--mission", "MSS",
                 "--country", "KEN", "--count", "1", "--note", "end"}).status, 0);
}

}  // namespace
