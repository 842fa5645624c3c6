// Fuzz target: the RFC 4180 reader (muster/csv.hpp) on arbitrary bytes.
// Checks what the reader promises: every record or error is reported at a
// line that never goes back, every field is valid UTF-8 and lies inside the
// text, and reading always ends.
#include "muster/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t newlines = 0;
  for (char c : text) newlines += c == '\n';
  muster::CsvReader csv{std::move(text)};
  std::size_t last_line = 0, results = 0;
  for (auto r = csv.next(); r != muster::CsvReader::done; r = csv.next()) {
    if (++results > size + 1) std::abort();  // each call must consume input
    if (csv.line() < last_line || csv.line() < 1 || csv.line() > newlines + 1) std::abort();
    last_line = csv.line();
    if (r == muster::CsvReader::bad) {
      if (csv.error().empty()) std::abort();
      continue;
    }
    if (csv.fields().empty()) std::abort();
    std::size_t total = 0;
    for (auto f : csv.fields()) {
      if (!muster::valid_utf8(f)) std::abort();
      total += f.size();
    }
    if (total > size) std::abort();
  }
  return 0;
}
