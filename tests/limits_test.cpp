// The size limit of read_log (docs/limits.md): a file longer than the limit is
// refused at the line holding the first byte past it, and nothing is returned.
#include <muster/log.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace {

TEST(LimitsTest, ReadLogRefusesAFileLongerThanItsLimitAtTheLineOfTheLimit) {
  const std::string path = testing::TempDir() + "muster_limits_test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id,kind,date,mission,country,count\n";                 // 35 bytes, line 1
    for (int i = 0; i < 10; ++i) out << "r" << i << ",arrival,2024-01-01,M,KEN,1\n";  // 30 bytes each
  }
  // The whole file is 35 + 10 * 30 = 335 bytes: a limit of 335 reads it.
  EXPECT_EQ(muster::read_log(path, 335).size(), 10u);
  // A limit of 100 bytes: byte 100 (the 101st) lies on line 4 (bytes 95..124, from 0).
  try {
    muster::read_log(path, 100);
    FAIL() << "a file past the limit must be refused";
  } catch (const muster::LogRefused& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].line, 4u);
    EXPECT_NE(e.diagnostics()[0].message.find("past 100 bytes"), std::string::npos);
  }
  std::remove(path.c_str());
}

TEST(LimitsTest, TheDefaultLimitHoldsTenMillionRowLogs) {
  // A generated 10^7-row log is about 0.93 GB (bench/README.md).
  EXPECT_GE(muster::max_log_bytes, std::size_t{1} << 30);
}

}  // namespace
