// Reading a log when memory runs out: every allocation that reading and
// checking a log makes is made to fail in turn, and each failure must end in
// a LogRefused that names the file and the line reached, never in a bare
// std::bad_alloc (cli.md: "an allocation failure is reported with the file
// and line reached").
#include "sanitizer.hpp"
#include "command.hpp"

#include <muster/log.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>

namespace {
// The number of allocations still allowed before one fails; -1: none fails.
std::atomic<long> allowed{-1};
std::atomic<long> made{0};
long armed = -1;  // what arm() sets `allowed` to
// Called by a reading once its own arguments are made: from here on, the
// allocation `armed` fails.
void arm() {
  made = 0;
  allowed = armed;
}

void* allocate(std::size_t n) {
  made.fetch_add(1, std::memory_order_relaxed);
  long left = allowed.load(std::memory_order_relaxed);
  while (left >= 0) {
    if (left == 0) {
      allowed.store(-1);  // one failure; what follows may allocate again
      throw std::bad_alloc();
    }
    if (allowed.compare_exchange_weak(left, left - 1)) break;
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

std::string small_log() {
  std::string text = "id,kind,date,mission,country,component,count,low,high,status,source,note\n";
  for (int i = 0; i < 40; ++i)
    text += fmt::format("r{},arrival,2025-01-{},MSS,KEN,police,{},,,,\"a, quoted\nsource\",n\n", i,
                        10 + i % 9, 10 + i);
  text += "rep,report,2025-02-01,MSS,KEN,police,600,,,,s,\n";
  return text;
}

// Runs `read` once failing allocation k, for every k that reading makes.
template <class Read>
void fail_each_allocation(const std::string& file, Read read) {
  armed = -1;
  read();  // once, so that what is made once (tables, locales) is made
  read();  // counts
  const long total = made.load();
  ASSERT_GT(total, 10);
  int refused = 0;
  for (long k = 0; k < total; ++k) {
    armed = k;
    try {
      read();
    } catch (const muster::LogRefused& e) {
      allowed = -1;
      ASSERT_EQ(e.diagnostics().size(), 1u) << "allocation " << k;
      const muster::Diagnostic& d = e.diagnostics().front();
      EXPECT_EQ(d.file, file) << "allocation " << k;
      EXPECT_NE(d.message.find("out of memory"), std::string::npos) << d.to_string();
      EXPECT_LE(d.line, 83u) << d.to_string();
      ++refused;
    } catch (const std::bad_alloc&) {
      allowed = -1;
      ADD_FAILURE() << "allocation " << k << " of " << total << " escaped as std::bad_alloc";
    }
    allowed = -1;
  }
  EXPECT_GT(refused, total / 2);
}

TEST(AllocationFailure, ParsingInOnePartIsRefusedWithTheFileAndLine) {
  const std::string text = small_log();
  fail_each_allocation("mem.csv", [&] {
    std::string copy = text;
    arm();
    (void)muster::parse_log(std::move(copy), "mem.csv");
  });
}

TEST(AllocationFailure, ParsingInTwoPartsIsRefusedWithTheFileAndLine) {
  const std::string text = small_log();
  fail_each_allocation("mem.csv", [&] {
    std::string copy = text;
    arm();
    (void)muster::parse_log(std::move(copy), "mem.csv", 0);
  });
}

TEST(AllocationFailure, ReadingAFileIsRefusedWithTheFileAndLine) {
  const std::string path = testing::TempDir() + "alloc_failure.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << small_log();
  }
  fail_each_allocation(path, [&] {
    arm();
    (void)muster::read_log(path);
  });
  std::remove(path.c_str());
}


// The command, with 600 MB of address space, reading /dev/zero (which goes
// on past the 4 GiB limit): refused as out of memory at a file and line, not
// as a bare std::bad_alloc, and nothing on standard output.
TEST(AllocationFailure, TheCommandUnderAMemoryLimitSaysWhereItStopped) {
  if (muster::test::address_sanitizer) GTEST_SKIP() << "ASan needs more address space than the limit gives";
  const std::string cmd = "bash -c " + shell_quoted("ulimit -v 600000; exec " + std::string(MUSTER_EXE) +
                                                    " strength /dev/zero --on 2025-01-01 2>&1 >/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string err;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) err.append(buf, n);
  const int st = pclose(p);
  ASSERT_TRUE(WIFEXITED(st)) << err;
  EXPECT_EQ(WEXITSTATUS(st), 1) << err;
  EXPECT_EQ(err.rfind("/dev/zero:1: out of memory here (after reading ", 0), 0u) << err;
  EXPECT_EQ(err.find("bad_alloc"), std::string::npos) << err;
}

}  // namespace
