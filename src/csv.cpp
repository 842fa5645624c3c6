// RFC 4180 reading, in place.
#include "muster/csv.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace muster {

namespace {
// Limits that keep a hostile file from exhausting memory or time
// (docs/limits.md says why these numbers).
constexpr std::size_t max_field_bytes = std::size_t{1} << 20;   // 1 MiB
constexpr std::size_t max_fields_per_record = 1000;
constexpr std::size_t max_records = 20'000'001;                 // a header and 20,000,000 rows
constexpr std::size_t max_fields_in_all = std::size_t{1} << 29;  // 536,870,912
}  // namespace

bool valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* e = p + s.size();
  while (p < e) {
    // ASCII eight bytes at a time.
    while (e - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ull) break;
      p += 8;
    }
    if (p == e) break;
    const unsigned c = *p;
    if (c < 0x80) { ++p; continue; }
    int n = 0;
    unsigned cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (e - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

CsvReader::CsvReader(std::string text) : text_(std::move(text)) {
  if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

CsvReader::Result CsvReader::fail(std::string message) {
  error_ = std::move(message);
  skip_line();
  return bad;
}

void CsvReader::skip_line() {
  while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  if (pos_ < text_.size()) {
    ++pos_;
    ++line_;
  }
}

CsvReader::Result CsvReader::next() {
  const std::size_t n = text_.size();
  // Completely blank lines are skipped.
  for (;;) {
    if (pos_ >= n) return done;
    if (text_[pos_] == '\n') { ++pos_; ++line_; continue; }
    if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') { pos_ += 2; ++line_; continue; }
    break;
  }
  record_line_ = line_;
  fields_.clear();
  for (;;) {
    std::string_view field;
    if (pos_ < n && text_[pos_] == '"') {
      ++pos_;
      std::size_t out = pos_;
      const std::size_t begin = pos_;
      for (;;) {
        if (pos_ >= n) {
          error_ = "unterminated quoted field";
          return bad;
        }
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
            text_[out++] = '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        text_[out++] = c;
        ++pos_;
      }
      field = std::string_view(text_).substr(begin, out - begin);
      if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' &&
          !(text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n'))
        return fail(fmt::format("field {}: unexpected character after a closing quote",
                                fields_.size() + 1));
    } else {
      const std::size_t begin = pos_;
      while (pos_ < n) {
        const char c = text_[pos_];
        if (c == ',' || c == '\n' || (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n')) break;
        if (c == '"')
          return fail(fmt::format("field {}: a quote inside an unquoted field",
                                  fields_.size() + 1));
        ++pos_;
      }
      field = std::string_view(text_).substr(begin, pos_ - begin);
    }
    if (field.size() > max_field_bytes)
      return fail(fmt::format("field {} is longer than 1 MiB ({} bytes), the most muster reads",
                              fields_.size() + 1, max_field_bytes));
    fields_.push_back(field);
    if (fields_.size() > max_fields_per_record)
      return fail(fmt::format("more than {} fields, the most muster reads in a record",
                              max_fields_per_record));
    if (pos_ >= n) break;
    if (text_[pos_] == ',') { ++pos_; continue; }
    pos_ += text_[pos_] == '\r' ? 2 : 1;
    ++line_;
    break;
  }
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (!valid_utf8(fields_[i])) {
      error_ = fmt::format("field {}: bytes that are not UTF-8", i + 1);
      return bad;
    }
  fields_in_all_ += fields_.size();
  if (++records_ > max_records || fields_in_all_ > max_fields_in_all) {
    error_ = records_ > max_records
                 ? fmt::format("more than {} rows after the header, the most muster reads",
                               max_records - 1)
                 : fmt::format("more than {} fields in all, the most muster reads",
                               max_fields_in_all);
    pos_ = n;  // stop reading: everything after this is left unread
    return bad;
  }
  return record;
}

}  // namespace muster
