// The write path of muster: a log made in code (LogBuilder), written as CSV
// (write_log), read back equal, and a row appended the durable way
// (append_row). Exits non-zero where any of that does not hold.
//   writer [DIR]   (DIR: where the scratch log goes, default the temp dir)
#include <muster/muster.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  fmt::print("{} {}\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

muster::RowCells landed() {
  return {.id = "ken-landed-217", .kind = "arrival", .date = "2025-01-18", .mission = "MSS",
          .country = "Kenya", .component = "police", .count = "217",
          .source = "Daily Nation, \"Kenyan police land in Haiti\""};
}

muster::RowCells counted() {
  return {.id = "ken-report-400", .kind = "report", .date = "2025-06", .mission = "MSS",
          .country = "KEN", .component = "police", .low = "380", .high = "420",
          .note = "a month's figure\nfrom two sources", .extra = {{"x_unit", "FPU 1"}}};
}

bool same_rows(const muster::Log& a, const muster::Log& b) {
  return a.size() == b.size() && muster::write_log(a) == muster::write_log(b);
}

template <class F>
bool refuses(F&& f) {
  try {
    f();
  } catch (const muster::LogRefused& e) {
    for (const auto& d : e.diagnostics()) fmt::print("     refused as expected: {}\n", d.to_string());
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
  const fs::path path = dir / fmt::format("muster-writer-{}.csv", ::getpid());
  try {
    muster::LogBuilder builder{"built"};
    builder.add(landed()).add(counted());
    const muster::Log log = std::move(builder).build();
    check(log.size() == 2, "LogBuilder builds an arrival and a report");

    std::ofstream(path, std::ios::binary) << muster::write_log(log);
    const muster::Log back = muster::read_log(path.string());
    check(same_rows(log, back), "write_log, then read_log, gives the same rows");

    muster::RowCells left{.kind = "departure", .date = "2025-07-01", .mission = "MSS",
                          .country = "KEN", .component = "police", .count = "100",
                          .source = "Le Nouvelliste"};
    const muster::Appended added = muster::append_row(path.string(), left);
    fmt::print("     appended {} on line {}\n", added.id, added.line);
    check(added.line == 5 && !added.id.empty(), "append_row adds the departure at the end");

    const muster::Log after = muster::read_log(path.string());
    const muster::Timeline timeline{after};
    const muster::Value strength = timeline.strength(*muster::parse_day("2025-07-01"));
    fmt::print("     MSS strength on 2025-07-01: {}\n", strength);
    check(after.size() == 3 && strength.low == 280 && strength.high == 320,
          "the new strength is the report's less the departure");

    check(refuses([] {
            muster::LogBuilder bad{"bad"};
            muster::RowCells cells = landed();
            cells.date = "2025-02-30";
            bad.add(cells);
            (void)std::move(bad).build();
          }),
          "a builder with a bad row throws LogRefused");
    muster::RowCells again = left;
    again.id = added.id;
    check(refuses([&] { muster::append_row(path.string(), again); }),
          "append_row with a duplicate id throws LogRefused");
    check(muster::read_log(path.string()).size() == 3, "the refused append left the file as it was");
  } catch (const std::exception& e) {
    fmt::print(stderr, "writer: {}\n", e.what());
    ++failures;
  }
  std::error_code ignored;
  fs::remove(path, ignored);
  fs::remove(path.string() + ".muster-append", ignored);  // append_row's journal
  if (failures) fmt::print(stderr, "writer: {} checks failed\n", failures);
  return failures ? 1 : 0;
}
