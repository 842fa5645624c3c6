// Fuzz target: log validation (muster/log.hpp, parse_log) on arbitrary
// bytes. A file is either accepted whole or refused with LogRefused, whose
// diagnostics are non-empty, in line order, each with a message; nothing
// else may escape. An accepted log's events must satisfy the invariants the
// rest of muster relies on (spec sections 2-3).
#include "muster/log.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const muster::Log log = muster::parse_log(std::move(text), "fuzz.csv");
    std::size_t i = 0, line = 0;
    for (const muster::Event& e : log.events()) {
      check(e.index == i++);
      check(e.line > line);  // rows start on increasing physical lines
      line = e.line;
      check(!e.id.empty());
      // Ids are unique, so the row found by id is this one; random access
      // gives the same row as the walk.
      const auto found = log.find(e.id);
      check(found && found->index == e.index && found->line == e.line);
      const muster::Event again = log.event(e.index);
      check(again.id == e.id && again.source == e.source && again.note == e.note &&
            again.value == e.value && again.date == e.date && again.extra == e.extra);
      check(e.date.first <= e.date.last);
      if (e.supersedes) check(*e.supersedes < log.events().size() && *e.supersedes != e.index);
      if (e.kind == muster::Kind::retraction) {
        check(e.supersedes.has_value());
        continue;
      }
      check(!e.mission.empty());
      if (e.kind != muster::Kind::report && e.kind != muster::Kind::end)
        check(e.country.has_value());
      const muster::Value& v = e.value;
      check(0 <= v.low && v.low <= v.estimate && v.estimate <= v.high);
      check(v.estimate <= 1'000'000'000 && v.low <= 1'000'000'000);
      check(!v.bounded() || v.high <= 1'000'000'000);
    }
  } catch (const muster::LogRefused& e) {
    const auto& d = e.diagnostics();
    check(!d.empty());
    for (std::size_t i = 0; i < d.size(); ++i) {
      check(!d[i].message.empty() && d[i].file == "fuzz.csv" && d[i].line >= 1);
      if (i > 0) check(d[i - 1].line <= d[i].line);
    }
  }
  return 0;
}
