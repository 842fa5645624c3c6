// Tests for what reading a log leaves of the process that hosts muster: a
// program that links the library and never asks for more finds SIGBUS's
// handler and its file descriptors as it left them; one that asks for
// mapping (muster::read_by_mapping, muster/log.hpp) finds its handler back
// after each read, and the three ways a host's own SIGBUS handling met
// muster's handler are handled.
#include <muster/generate.hpp>
#include <muster/import.hpp>
#include <muster/log.hpp>

#include "log_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

namespace {

using muster::Log;
using muster::LogRefused;

constexpr std::size_t never = std::numeric_limits<std::size_t>::max();  // one part
constexpr std::size_t always = 0;                                       // two parts

// A generated log of 2 MB or more (read_by_mapping maps from 1 MiB).
std::string two_megabytes() {
  muster::GenerateOptions o;
  o.rows = 30'000;
  o.seed = 24;
  return muster::generate_log(o);
}

std::filesystem::path temp_file(std::string_view stem) {
  return std::filesystem::temp_directory_path() /
         fmt::format("muster-host-{}-{}-{}.csv", stem, ::getpid(),
                     ::testing::UnitTest::GetInstance()->random_seed());
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
}

// The host's own SIGBUS handlers: they count their calls and, where the
// fault would repeat, leave the process with a code that says whose it was.
std::atomic<int> host_calls{0};  // lock-free: safe in a handler
extern "C" void host_handler(int, siginfo_t*, void*) { ++host_calls; }
extern "C" void host_exits(int) { ::_exit(3); }
extern "C" void host_one_shot(int) { ++host_calls; }  // returns: the fault repeats

struct sigaction installed(int flags, void (*handler)(int, siginfo_t*, void*)) {
  struct sigaction a {};
  a.sa_sigaction = handler;
  a.sa_flags = flags | SA_SIGINFO;
  ::sigemptyset(&a.sa_mask);
  ::sigaddset(&a.sa_mask, SIGUSR1);
  struct sigaction before {};
  ::sigaction(SIGBUS, &a, &before);
  return before;
}

void install_plain(void (*handler)(int), int flags) {
  struct sigaction a {};
  a.sa_handler = handler;
  a.sa_flags = flags;
  ::sigemptyset(&a.sa_mask);
  ::sigaction(SIGBUS, &a, nullptr);
}

// The flags a host gives, of those sigaction(2) reports (the C library adds its own).
constexpr int host_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;

struct sigaction current_bus() {
  struct sigaction now {};
  ::sigaction(SIGBUS, nullptr, &now);
  return now;
}

// Whether SIGBUS's handler is the host's of installed(flags, host_handler).
void expect_host_handler(int flags) {
  const struct sigaction now = current_bus();
  EXPECT_TRUE(now.sa_flags & SA_SIGINFO);
  EXPECT_EQ(now.sa_sigaction, &host_handler);
  EXPECT_EQ(now.sa_flags & host_flags, flags | SA_SIGINFO);
  EXPECT_EQ(::sigismember(&now.sa_mask, SIGUSR1), 1);
  EXPECT_EQ(::sigismember(&now.sa_mask, SIGSEGV), 0);
}

// A host that installs its own SIGBUS handler and reads a 2 MB log through
// the library without asking for mapping finds the handler as it left it:
// muster changed nothing of the process's signals.
TEST(HostProcess, ReadingWithoutAskingLeavesSigbusHandlerAsTheHostLeftIt) {
  const auto path = temp_file("plain");
  const std::string text = two_megabytes();
  ASSERT_GT(text.size(), std::size_t{2} << 20);
  write_file(path, text);
  const int flags = SA_RESTART | SA_ONSTACK;
  const struct sigaction before = installed(flags, host_handler);
  sigset_t mask_before;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &mask_before);
  const Log log = muster::read_log(path.string());
  EXPECT_EQ(log.size(), 30'000u);
  expect_host_handler(flags);
  sigset_t mask_after;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &mask_after);
  EXPECT_EQ(::sigismember(&mask_after, SIGBUS), ::sigismember(&mask_before, SIGBUS));
  EXPECT_EQ(host_calls, 0);
  ::sigaction(SIGBUS, &before, nullptr);
  std::filesystem::remove(path);
}

// With mapping asked for, a read puts the host's handler back when done.
TEST(HostProcessDeathTest, ReadingByMappingPutsTheHostsHandlerBack) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = temp_file("mapped");
  write_file(path, two_megabytes());
  EXPECT_EXIT(
      {
        muster::read_by_mapping();
        const int flags = SA_RESTART;
        installed(flags, host_handler);
        if (muster::read_log(path.string()).size() != 30'000u) std::exit(1);
        const struct sigaction now = current_bus();
        const bool same = now.sa_sigaction == &host_handler &&
                          (now.sa_flags & host_flags) == (flags | SA_SIGINFO) &&
                          ::sigismember(&now.sa_mask, SIGUSR1) == 1 && host_calls == 0;
        std::exit(same ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

// Reads `path` (2 MB) through a mapping and cuts it short once mapped: the
// read must be refused as changed.
bool refused_when_cut(const std::filesystem::path& path, std::size_t split) {
  const std::string text = two_megabytes();
  write_file(path, text);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool refused = false;
  try {
    (void)muster::detail::read_mapped_log(fd, path.string(), text.size(), split,
                                          [&] { std::filesystem::resize_file(path, 100'000); });
  } catch (const LogRefused& e) {
    refused = e.diagnostics().size() == 1 &&
              e.diagnostics()[0].message == "the file changed while it was read: read it again";
  }
  ::close(fd);
  return refused;
}

// A host that installs its handler after muster's first mapped read (of a
// whole file) still gets LogRefused, not the fault, where a later file is
// cut short while read; its handler is never called.
TEST(HostProcessDeathTest, AHandlerInstalledAfterTheFirstReadStillGetsLogRefused) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = temp_file("after");
  write_file(path, two_megabytes());
  EXPECT_EXIT(
      {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        const auto size = static_cast<std::size_t>(std::filesystem::file_size(path));
        if (!muster::detail::read_mapped_log(fd, path.string(), size, never)) std::exit(1);
        ::close(fd);
        install_plain(host_exits, 0);  // exits 3: the fault went to the host
        std::exit(refused_when_cut(path, never) ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

// A reading thread that blocks SIGBUS (as worker threads often do) gets
// LogRefused for a file cut short while mapped, in one part and in two
// (the second thread started by the reading one), not killed by SIGBUS; its
// mask is as it was after.
TEST(HostProcessDeathTest, AThreadThatBlocksSigbusGetsLogRefusedNotKilled) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = temp_file("blocked");
  EXPECT_EXIT(
      {
        sigset_t bus;
        ::sigemptyset(&bus);
        ::sigaddset(&bus, SIGBUS);
        ::pthread_sigmask(SIG_BLOCK, &bus, nullptr);
        for (const std::size_t split : {never, always})
          if (!refused_when_cut(path, split)) std::exit(2);
        sigset_t after;
        ::pthread_sigmask(SIG_SETMASK, nullptr, &after);
        std::exit(::sigismember(&after, SIGBUS) == 1 ? 0 : 4);
      },
      ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

// A host whose own SIGBUS handler is one-shot (SA_RESETHAND) and returns,
// faulting on a file of its own while muster reads: the handler runs once,
// the fault repeats under the default action and kills the process by
// SIGBUS, as without muster; it does not spin (an alarm would end that).
TEST(HostProcessDeathTest, AOneShotHostHandlerThatReturnsDiesOfTheFaultNotSpins) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = temp_file("one-shot");
  const auto own = temp_file("own");
  write_file(path, two_megabytes());
  write_file(own, std::string(std::size_t{3} << 20, 'x'));
  EXPECT_EXIT(
      {
        ::alarm(20);
        install_plain(host_one_shot, SA_RESETHAND);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        const auto size = static_cast<std::size_t>(std::filesystem::file_size(path));
        (void)muster::detail::read_mapped_log(fd, path.string(), size, never, [&] {
          const int o = ::open(own.c_str(), O_RDONLY | O_CLOEXEC);
          void* p = ::mmap(nullptr, std::size_t{3} << 20, PROT_READ, MAP_SHARED, o, 0);
          std::filesystem::resize_file(own, 0);
          std::fprintf(stderr, "%d\n", static_cast<const volatile char*>(p)[1 << 20]);
        });
        std::exit(5);
      },
      // Killed by SIGBUS (or by a sanitizer's own handler of it), never by the alarm.
      [](int status) {
        return (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS) ||
               (WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 5);
      },
      "");
  std::filesystem::remove(path);
  std::filesystem::remove(own);
}

// Runs `read` with standard input closed, so that the next open(2) gives
// descriptor 0, then puts standard input back. Whether descriptor 0 was
// closed after `read`.
template <class Read>
bool with_stdin_closed(Read&& read) {
  const int saved = ::dup(STDIN_FILENO);
  if (saved < 0) {
    ADD_FAILURE() << "cannot save standard input";
    return false;
  }
  ::close(STDIN_FILENO);
  try {
    read();
  } catch (...) {
  }
  const bool closed = ::fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF;
  ::dup2(saved, STDIN_FILENO);  // closes what was opened as 0, if anything
  ::close(saved);
  return closed;
}

// Where standard input was closed, open(2) gives the log's file number 0:
// it is read as a file (under its lock, with its journal) and closed after,
// not taken for standard input and left open.
TEST(HostProcess, ALogOpenedAsDescriptorZeroIsClosedAfter) {
  const auto path = temp_file("fd0");
  write_file(path, "id,kind,date,mission,country,component,count\n"
                   "a,arrival,2025-01-18,MSS,KEN,police,217\n");
  std::size_t rows = 0;
  const bool closed = with_stdin_closed([&] { rows = muster::read_log(path.string()).size(); });
  EXPECT_EQ(rows, 1u);
  EXPECT_TRUE(closed) << "the log's descriptor 0 was left open";
  std::filesystem::remove(path);
}

// The same for a table that import reads.
TEST(HostProcess, ATableOpenedAsDescriptorZeroIsClosedAfter) {
  const auto path = temp_file("table");
  write_file(path, "date,troops\n2020-01,50\n");
  muster::ImportOptions o;
  o.date_column = "date";
  o.count_column = "troops";
  o.mission = "M";
  o.country_name = "Kenya";
  std::string log_text;
  const bool closed =
      with_stdin_closed([&] { log_text = muster::import_tables({path.string()}, o).log_text; });
  EXPECT_NE(log_text.find("KEN"), std::string::npos) << log_text;
  EXPECT_TRUE(closed) << "the table's descriptor 0 was left open";
  std::filesystem::remove(path);
}

// A log opened as descriptor 0 is read with its journal: an append killed
// before it finished is not seen, as for any other descriptor.
TEST(HostProcess, ALogOpenedAsDescriptorZeroIsReadWithItsJournal) {
  const auto path = temp_file("fd0-journal");
  const std::string head = "id,kind,date,mission,country,component,count\n";
  const std::string one = head + "a,arrival,2025-01-18,MSS,KEN,police,217\n";
  write_file(path, one);
  const std::string journal = muster::detail::journal_path(path.string());
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    write_file(journal, muster::detail::journal_record(one.size(), fd));
    ::close(fd);
  }
  write_file(path, one + "b,arrival,2025-01-19,MSS,KEN,police,3\n");
  std::size_t rows = 0;
  with_stdin_closed([&] { rows = muster::read_log(path.string()).size(); });
  EXPECT_EQ(rows, 1u) << "the unfinished append was read";
  std::filesystem::remove(path);
  std::filesystem::remove(journal);
}

}  // namespace
