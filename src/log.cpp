// A validated log's rows: how they are kept and handed out (include/muster/log.hpp).
// Reading a log and checking it (spec sections 1-3 and 6) is src/read_log.cpp.
#include "muster/log.hpp"

#include "varint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace muster {

std::string Diagnostic::to_string() const {
  if (line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}: {}", file, line, message);
}


namespace {

std::string summary(const std::vector<Diagnostic>& d) {
  if (d.empty()) return "log refused";
  return d.front().to_string() +
         (d.size() == 2   ? std::string(" (and 1 more error)")
          : d.size() > 2 ? fmt::format(" (and {} more errors)", d.size() - 1)
                         : std::string{});
}

}  // namespace

LogRefused::LogRefused(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

using detail::get_text;

std::size_t Log::skip_text(const char* p, std::size_t fields) noexcept {
  const char* const start = p;
  for (std::size_t f = 0; f < fields; ++f) p += detail::read_varint(p);
  return static_cast<std::size_t>(p - start);
}

namespace {

// A Period made in registers. g++ 12 builds a returned Period member by
// member on the stack and reads it back as two words, a load that waits
// for the stores (a store-forwarding stall) at every call: 4% of reading
// a log, in Log::period alone.
Period period_in_registers(Day first, Day last, Precision p) noexcept {
  static_assert(sizeof(Day) == 4 && sizeof(Period) == 12 && offsetof(Period, last) == 4 &&
                offsetof(Period, precision) == 8);
  if constexpr (std::endian::native != std::endian::little) {
    return {first, last, p};
  } else {
    const std::uint64_t days =
        std::uint64_t{static_cast<std::uint32_t>(first.days_since_epoch())} |
        std::uint64_t{static_cast<std::uint32_t>(last.days_since_epoch())} << 32;
    const auto rest = static_cast<std::uint32_t>(p);  // the precision and the padding after it
    static_assert(std::is_trivially_copyable_v<Period>);
    Period out;
    char* const bytes = reinterpret_cast<char*>(&out);
    std::memcpy(bytes, &days, sizeof days);
    std::memcpy(bytes + sizeof days, &rest, sizeof rest);
    return out;
  }
}

}  // namespace

Period Log::period(std::size_t i) const noexcept {
  using namespace date;
  const Day first = first_day(i);
  switch (static_cast<Precision>(rows_[i].flags() & 3)) {
    case Precision::day: break;
    case Precision::month: {
      const year_month_day ymd = first.ymd();
      return period_in_registers(first, Day{ymd.year() / ymd.month() / last},
                                 Precision::month);
    }
    case Precision::year: {
      const year_month_day ymd = first.ymd();
      return period_in_registers(first, Day{ymd.year() / December / 31}, Precision::year);
    }
  }
  return period_in_registers(first, first, Precision::day);
}

std::size_t Log::line(std::size_t i) const noexcept {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), i,
                             [](std::size_t row, const auto& b) { return row < b.first; });
  if (it == lines_.begin()) return i + 2;
  --it;
  return static_cast<std::size_t>(it->second) + (i - it->first);
}

std::optional<std::size_t> Log::supersedes(std::size_t i) const noexcept {
  auto it = std::lower_bound(supersedes_.begin(), supersedes_.end(), i,
                             [](const auto& s, std::size_t row) { return s.first < row; });
  if (it == supersedes_.end() || it->first != i) return std::nullopt;
  return it->second;
}

std::size_t Log::text_of(std::size_t i) const noexcept {
  std::size_t at = static_cast<std::size_t>(text_at_[i / text_block]);
  const std::size_t fields = 3 + user_columns_.size();
  for (std::size_t r = i - i % text_block; r < i; ++r) at += skip_text(text_.data() + at, fields);
  return at;
}

Event Log::build(std::size_t i, std::size_t text_at) const {
  const Row& r = rows_[i];
  Event e;
  e.line = line(i);
  e.index = i;
  e.kind = kind(i);
  e.date = period(i);
  const Contingent& key = keys_[r.key];
  e.mission = key.mission;
  if (key.country.ok()) e.country = key.country;
  e.component = key.component;
  e.value = value(i);
  e.count_given = (r.flags() & flag_count_given) != 0;
  e.status = planned(i) ? Status::planned : Status::confirmed;
  e.recorded = recorded(i);
  e.supersedes = supersedes(i);
  const char* p = text_.data() + text_at;
  e.id = get_text(p);
  e.source = get_text(p);
  e.note = get_text(p);
  e.extra.reserve(user_columns_.size());
  for (const std::string& name : user_columns_) e.extra.emplace_back(name, get_text(p));
  return e;
}

Log::RowFacts Log::facts(std::size_t i) const noexcept {
  return {kind(i), period(i), value(i), recorded(i), planned(i), observation(i), rows_[i].key};
}

std::span<const std::uint32_t> Log::end_scope(std::size_t index) const noexcept {
  const auto it = std::lower_bound(end_rows_.begin(), end_rows_.end(), index);
  if (it == end_rows_.end() || *it != index) return {};
  const auto k = static_cast<std::size_t>(it - end_rows_.begin());
  return std::span<const std::uint32_t>(end_keys_).subspan(end_from_[k], end_from_[k + 1] - end_from_[k]);
}

std::vector<rules::Supersession> Log::supersessions() const {
  std::vector<rules::Supersession> out;
  out.reserve(supersedes_.size());
  for (const auto& [row, target] : supersedes_) out.push_back({row, target, recorded(row)});
  return out;
}

Event Log::event(std::size_t index) const& { return build(index, text_of(index)); }

std::optional<Event> Log::find(std::string_view id) const& {
  const std::size_t fields = 3 + user_columns_.size();
  std::size_t at = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const char* p = text_.data() + at;
    const char* q = p;
    if (get_text(q) == id) return build(i, at);
    at += skip_text(p, fields);
  }
  return std::nullopt;
}

}  // namespace muster
