// RFC 4180 reading, in place.
#include "muster/csv.hpp"

#include <fmt/format.h>

#include "csv_scan.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define MUSTER_CSV_AVX2 1
#include <immintrin.h>
#else
#define MUSTER_CSV_AVX2 0
#endif

namespace muster {

// Limits that keep a hostile file from exhausting memory or time
// (docs/limits.md says why these numbers): CsvReader::max_field_bytes and
// the others, in csv.hpp.

namespace {
// SWAR: eight bytes of the text in one 64-bit word, the first byte lowest.
constexpr std::uint64_t ones = 0x0101010101010101ull;
constexpr std::uint64_t highs = 0x8080808080808080ull;

// The bytes [p, p + n) (n <= 8) as a word, the first byte lowest, zero above.
inline std::uint64_t load(const char* p, std::size_t n) noexcept {
  std::uint64_t w = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&w, p, n);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return w;
}

// The high bit of each zero byte of x is set, and maybe of some byte above a
// zero byte (a borrow): never of a byte below the first zero byte.
inline std::uint64_t zero_bytes(std::uint64_t x) noexcept { return (x - ones) & ~x; }

// The high bit of each byte of w that is ',', '\n', '\r' or '"' (and maybe of
// some other byte above one of those: the caller looks at each byte found).
inline std::uint64_t special_bytes(std::uint64_t w) noexcept {
  return (zero_bytes(w ^ (ones * ',')) | zero_bytes(w ^ (ones * '\n')) |
          zero_bytes(w ^ (ones * '\r')) | zero_bytes(w ^ (ones * '"'))) &
         highs;
}

// The special bytes of the 64 bytes at `at`, one bit a byte (bit k from byte
// k; a SWAR mask may also mark some byte above a special one), and whether
// some byte is not ASCII (ORed into `high` at a bit of `highs`).
inline std::uint64_t special_mask_swar(const char* at, std::uint64_t& high) noexcept {
  std::uint64_t mask = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t w = load(at + 8 * i, 8);
    high |= w;
    // The high bit of each byte, gathered into the top byte (bit k from byte k).
    const std::uint64_t bits = ((special_bytes(w) >> 7) * 0x0102040810204080ull) >> 56;
    mask |= bits << (8 * i);
  }
  return mask;
}

#if MUSTER_CSV_AVX2
// The same with AVX2 (exact: only special bytes are marked).
__attribute__((target("avx2"))) std::uint64_t special_mask_avx2(const char* at,
                                                               std::uint64_t& high) noexcept {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + 32));
  const __m256i comma = _mm256_set1_epi8(','), lf = _mm256_set1_epi8('\n'),
                cr = _mm256_set1_epi8('\r'), quote = _mm256_set1_epi8('"');
  const __m256i sa = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(a, comma), _mm256_cmpeq_epi8(a, lf)),
      _mm256_or_si256(_mm256_cmpeq_epi8(a, cr), _mm256_cmpeq_epi8(a, quote)));
  const __m256i sb = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(b, comma), _mm256_cmpeq_epi8(b, lf)),
      _mm256_or_si256(_mm256_cmpeq_epi8(b, cr), _mm256_cmpeq_epi8(b, quote)));
  if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) != 0) high |= highs;
  return std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(sa))} |
         std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(sb))} << 32;
}
#endif

// Whether the scanner uses AVX2: where the processor has it, unless a test
// turned it off (detail::csv_use_avx2).
bool use_avx2 = detail::csv_avx2_available();

// Finds the special bytes of a record 64 bytes at a time: the SWAR masks of
// eight words gathered into one bit a byte, so that the fields ending in a
// block cost no second look at its bytes. Every byte it passes is ORed into
// `high`, so a record whose bytes are all ASCII needs no UTF-8 check.
class Scanner {
 public:
  Scanner(const char* from, const char* end) noexcept : end_(end) { read(from); }
  /// Goes on from where a scanner of the same text stopped (`at`, saved by
  /// save()), for the record at `from` (at or after every byte it found):
  /// the block it was reading is not read again.
  Scanner(const char* base, const char* from, const char* end,
          const detail::CsvScanState& at) noexcept
      : end_(end) {
    if (at.block == detail::CsvScanState::none) {
      read(from);
      return;
    }
    block_ = base + at.block;
    after_ = base + at.after;
    mask_ = at.mask;
    block_high_ = at.block_high;
    high_ = block_high_;  // this record's bytes: from this block on
  }
  void save(const char* base, detail::CsvScanState& at) const noexcept {
    at.block = block_ < end_ ? static_cast<std::size_t>(block_ - base) : detail::CsvScanState::none;
    at.after = static_cast<std::size_t>(after_ - base);
    at.mask = mask_;
    at.block_high = block_high_;
  }

  /// The first byte at or after `from` (which never goes back) that may be
  /// special, or the end.
  const char* find(const char* from) noexcept {
    if (from == after_) {  // just after the byte found last: drop its bit
      mask_ &= mask_ - 1;
      while (mask_ == 0)
        if (!read(block_ + 64)) return end_;
      return found(block_ + std::countr_zero(mask_));
    }
    const auto off = static_cast<std::size_t>(from - block_);
    if (off < 64)
      mask_ &= ~std::uint64_t{0} << off;
    else if (!read(from))
      return end_;
    while (mask_ == 0)
      if (!read(block_ + 64)) return end_;
    return found(block_ + std::countr_zero(mask_));
  }

  /// Whether some byte passed is not ASCII.
  bool saw_high_byte() const noexcept { return (high_ & highs) != 0; }

 private:
  const char* found(const char* at) noexcept {
    after_ = at + 1;
    return at;
  }

  bool read(const char* at) noexcept {
    block_ = at;
    if (at >= end_) {
      mask_ = 0;
      return false;
    }
    const auto left = static_cast<std::size_t>(end_ - at);
    char tail[64];
    if (left < 64) {  // the last bytes, zero after them (no zero byte is special)
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, at, left);
      at = tail;
    }
    std::uint64_t high = 0;
#if MUSTER_CSV_AVX2
    std::uint64_t mask = use_avx2 ? special_mask_avx2(at, high) : special_mask_swar(at, high);
#else
    std::uint64_t mask = special_mask_swar(at, high);
#endif
    if (left < 64) mask &= (std::uint64_t{1} << left) - 1;  // no byte past the end
    mask_ = mask;
    block_high_ = high;
    high_ |= high;
    return true;
  }

  const char* block_ = nullptr;
  const char* end_;
  const char* after_ = nullptr;  // just after the byte found last
  std::uint64_t mask_ = 0;
  std::uint64_t block_high_ = 0;  // whether the block read last has a byte that is not ASCII
  std::uint64_t high_ = 0;
};
}  // namespace

namespace detail {
bool csv_avx2_available() noexcept {
#if MUSTER_CSV_AVX2
  __builtin_cpu_init();  // may run before the constructors that would call it
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}
bool csv_use_avx2(bool on) noexcept {
  const bool was = use_avx2;
  use_avx2 = on && csv_avx2_available();
  return was;
}
}  // namespace detail

bool valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* e = p + s.size();
  while (p < e) {
    // ASCII sixteen bytes at a time, then eight.
    while (e - p >= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + 8, 8);
      if ((a | b) & highs) break;
      p += 16;
    }
    if (e - p >= 8) {
      std::uint64_t a;
      std::memcpy(&a, p, 8);
      if (!(a & highs)) {
        p += 8;
        continue;
      }
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

CsvReader::CsvReader(std::string text) : text_(std::move(text)), size_(text_.size()) {
  if (size_ >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

CsvReader::CsvReader(std::string text, char delimiter) : CsvReader(std::move(text)) {
  delimiter_ = delimiter;
}

CsvReader::CsvReader(char* begin, char* end, std::size_t first_line, std::size_t records_before,
                     std::size_t fields_before)
    : data_(begin), size_(static_cast<std::size_t>(end - begin)), line_(first_line),
      records_(records_before), fields_in_all_(fields_before) {}

// Keeps a field, or fails (at `pos`) where it or the record is over a limit.
inline bool CsvReader::keep_field(std::string_view field, std::size_t pos) {
  if (field.size() <= max_field_bytes && fields_.size() < max_fields_per_record &&
      fields_.size() < fields_.capacity()) [[likely]] {
    fields_.push_back(field);
    return true;
  }
  return keep_field_slow(field, pos);
}

bool CsvReader::keep_field_slow(std::string_view field, std::size_t pos) {
  if (field.size() > max_field_bytes) {
    pos_ = pos;
    fail(fmt::format("field {} is longer than 1 MiB ({} bytes), the most muster reads",
                     fields_.size() + 1, max_field_bytes));
    return false;
  }
  fields_.push_back(field);
  if (fields_.size() > max_fields_per_record) {
    pos_ = pos;
    fail(fmt::format("more than {} fields, the most muster reads in a record",
                     max_fields_per_record));
    return false;
  }
  return true;
}

CsvReader::Result CsvReader::fail(std::string message) {
  error_ = std::move(message);
  skip_line();
  return bad;
}

void CsvReader::skip_line() {
  const char* b = base();
  const void* nl = pos_ < size_ ? std::memchr(b + pos_, '\n', size_ - pos_) : nullptr;
  if (nl) {
    pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - b) + 1;
    ++line_;
  } else {
    pos_ = size_;
  }
}

namespace {
// Whether a line ends at `q` (before `e`): an LF, or a CR just before one (a
// lone CR is a byte of the field).
inline bool line_end_at(const char* q, const char* e) noexcept {
  return *q == '\n' || (*q == '\r' && q + 1 < e && q[1] == '\n');
}

// `p` past the completely blank lines it starts (skipped by both paths),
// counting them in `line`; null where nothing else is left.
inline char* skip_blank_lines(char* p, const char* e, std::size_t& line) noexcept {
  for (;;) {
    if (p >= e) return nullptr;
    if (!line_end_at(p, e)) return p;
    p += *p == '\r' ? 2 : 1;
    ++line;
  }
}

// What read_quoted() read: the field, unescaped, and where reading goes on.
struct QuotedField {
  char* after;           // just after the closing quote; null where there is none
  std::string_view field;
  std::size_t aside_at;  // where the field starts in the aside text, or npos
};

// Reads the quoted field whose bytes start at `begin` (just after its opening
// quote), finding its quotes and line ends with `scan`: up to the closing
// quote, counting line ends in `line`, unescaping "" in place by moving each
// run of bytes back as far as quotes were dropped. Reading `aside`, the runs
// go to `aside_text` instead, once a "" is found, and the field views it
// (which may move as it grows: the caller views it again later).
inline QuotedField read_quoted(Scanner& scan, char* begin, const char* e, std::size_t& line,
                               bool aside, std::string& aside_text) {
  constexpr std::size_t npos = std::string::npos;
  char* out = begin;        // where the next run of bytes goes
  const char* run = begin;  // the run not yet moved
  const char* q = begin;
  std::size_t aside_at = npos;  // where the field starts in aside_text
  for (;;) {
    q = scan.find(q);
    if (q == e) return {nullptr, {}, npos};
    if (*q == '\n') ++line;
    if (*q != '"') { ++q; continue; }
    const auto n = static_cast<std::size_t>(q - run);
    const bool doubled = q + 1 < e && q[1] == '"';
    if (aside) {
      if (doubled && aside_at == npos) aside_at = aside_text.size();
      if (aside_at != npos) aside_text.append(run, n + (doubled ? 1 : 0));
    } else {
      if (out != run) std::memmove(out, run, n);
      out += n;
      if (doubled) *out++ = '"';
    }
    if (!doubled) break;
    q += 2;
    run = q;
  }
  char* const close = begin + (q - begin);  // the closing quote, writable
  if (aside_at != npos) return {close + 1, std::string_view(aside_text).substr(aside_at), aside_at};
  if (aside) out = close;  // nothing to unescape: the field is the text as it is
  return {close + 1, std::string_view(begin, static_cast<std::size_t>(out - begin)), npos};
}

// Moves `q`, in an unquoted field, to the comma or line end that ends it, or
// to `e`. False where a quote comes first (`q` is left at the quote).
inline bool to_unquoted_end(Scanner& scan, const char*& q, const char* e) noexcept {
  for (;; ++q) {  // past a lone CR, or a byte that was not special at all
    q = scan.find(q);
    if (q == e) return true;
    const char c = *q;
    if (c == ',' || c == '\n') return true;
    if (c == '\r' && q + 1 < e && q[1] == '\n') return true;
    if (c == '"') return false;
  }
}

// The errors of a field (counted from 1) that either path finds.
std::string quote_inside_error(std::size_t field) {
  return fmt::format("field {}: a quote inside an unquoted field", field);
}
std::string after_closing_quote_error(std::size_t field) {
  return fmt::format("field {}: unexpected character after a closing quote", field);
}
}  // namespace

CsvReader::Result CsvReader::next() {
  if (delimiter_ != ',') [[unlikely]]
    return next_delimited();
  char* const b = base();
  const char* const e = b + size_;
  const auto at = [b](const char* q) { return static_cast<std::size_t>(q - b); };
  char* p = skip_blank_lines(b + pos_, e, line_);
  if (!p) return done;
  record_line_ = line_;
  fields_.clear();
  aside_text_.clear();
  aside_fields_.clear();
  Scanner scan{b, p, e, scan_};
  scan_.block = detail::CsvScanState::none;  // until this record is read whole
  for (;;) {
    std::string_view field;
    if (p < e && *p == '"') {
      const QuotedField quoted = read_quoted(scan, p + 1, e, line_, aside_, aside_text_);
      if (!quoted.after) {
        error_ = "unterminated quoted field";
        pos_ = size_;
        return bad;
      }
      p = quoted.after;
      field = quoted.field;
      if (quoted.aside_at != std::string::npos)
        aside_fields_.emplace_back(fields_.size(), quoted.aside_at);
      if (p < e && *p != ',' && !line_end_at(p, e)) {
        pos_ = at(p);
        return fail(after_closing_quote_error(fields_.size() + 1));
      }
    } else {
      const char* q = p;
      if (!to_unquoted_end(scan, q, e)) {
        pos_ = at(q);
        return fail(quote_inside_error(fields_.size() + 1));
      }
      field = std::string_view(p, static_cast<std::size_t>(q - p));
      p = b + at(q);
    }
    if (!keep_field(field, at(p))) return bad;
    if (p >= e) break;
    if (*p == ',') { ++p; continue; }
    p += *p == '\r' ? 2 : 1;
    ++line_;
    break;
  }
  pos_ = at(p);
  // aside_text_ may have moved as it grew: the fields kept there view it now.
  for (const auto& [i, from] : aside_fields_)
    fields_[i] = std::string_view(aside_text_).substr(from, fields_[i].size());
  scan.save(b, scan_);
  return end_record(scan.saw_high_byte());
}

// The checks at the end of a record (both paths): its UTF-8 and the limits.
inline CsvReader::Result CsvReader::end_record(bool saw_high_byte) {
  // Fields are checked one by one only when the record has a byte that is not
  // ASCII; unescaping moved only ASCII quotes, so the fields hold every such byte.
  if (saw_high_byte)
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
    pos_ = size_;  // stop reading: everything after this is left unread
    return bad;
  }
  return record;
}

namespace {
// next_delimited()'s read_quoted(), a byte at a time: reads the quoted field
// whose bytes start at `p` (just after its opening quote) up to the closing
// quote, unescaping "" in place, counting line ends in `line` and noting in
// `high` a byte that is not ASCII. Returns just after the closing quote, with
// the field in `field`, or null where there is none.
inline char* read_quoted_bytes(char* p, const char* e, std::size_t& line, bool& high,
                               std::string_view& field) noexcept {
  char* const begin = p;
  char* out = p;
  for (;;) {
    if (p >= e) return nullptr;
    if (*p == '"') {
      if (p + 1 < e && p[1] == '"') {
        *out++ = '"';
        p += 2;
        continue;
      }
      field = std::string_view(begin, static_cast<std::size_t>(out - begin));
      return p + 1;
    }
    if (*p == '\n') ++line;
    high |= (static_cast<unsigned char>(*p) & 0x80) != 0;
    *out++ = *p++;
  }
}
}  // namespace

// The same rules as next(), a byte at a time, for a delimiter other than a comma.
CsvReader::Result CsvReader::next_delimited() {
  char* const b = base();
  const char* const e = b + size_;
  const auto at = [b](const char* q) { return static_cast<std::size_t>(q - b); };
  char* p = skip_blank_lines(b + pos_, e, line_);
  if (!p) return done;
  record_line_ = line_;
  fields_.clear();
  bool high = false;
  for (;;) {
    std::string_view field;
    if (p < e && *p == '"') {
      p = read_quoted_bytes(p + 1, e, line_, high, field);
      if (!p) {
        error_ = "unterminated quoted field";
        pos_ = size_;
        return bad;
      }
      if (p < e && *p != delimiter_ && !line_end_at(p, e)) {
        pos_ = at(p);
        return fail(after_closing_quote_error(fields_.size() + 1));
      }
    } else {
      const char* q = p;
      for (; q < e && *q != delimiter_ && !line_end_at(q, e); ++q) {
        if (*q == '"') {
          pos_ = at(q);
          return fail(quote_inside_error(fields_.size() + 1));
        }
        high |= (static_cast<unsigned char>(*q) & 0x80) != 0;
      }
      field = std::string_view(p, static_cast<std::size_t>(q - p));
      p = b + at(q);
    }
    if (!keep_field(field, at(p))) return bad;
    if (p >= e) break;
    if (*p == delimiter_) { ++p; continue; }
    p += *p == '\r' ? 2 : 1;
    ++line_;
    break;
  }
  pos_ = at(p);
  return end_record(high);
}

void append_csv_field(std::string& out, std::string_view field) {
  const bool edge_space = !field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                             field.back() == ' ' || field.back() == '\t');
  if (field.find_first_of(",\"\r\n") == std::string_view::npos && !edge_space) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string csv_field(std::string_view field) {
  std::string out;
  append_csv_field(out, field);
  return out;
}

void append_csv_record(std::string& out, const std::vector<std::string_view>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_csv_field(out, fields[i]);
  }
  out.push_back('\n');
}

}  // namespace muster
