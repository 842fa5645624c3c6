// muster/csv.hpp — an RFC 4180 reader for the text of a log (spec section 1).
//
// The reader walks a buffer, record by record, and hands out the fields as
// views into that buffer (quoted fields are unescaped in place, so no field is
// copied). Errors name the physical line where the record starts. The buffer
// is either the reader's own text or, to read the parts of one buffer in
// parallel, a range the caller owns.
//
//     muster::CsvReader csv{text};  // a copy of the text, read in place
//     while (auto r = csv.next())
//       if (r == muster::CsvReader::record) use(csv.line(), csv.fields());
//       else report(csv.line(), csv.error());
//
//     // Two halves split at a record boundary `mid` (just after a line end),
//     // the second half's records starting on physical line `mid_line`:
//     muster::CsvReader first{text.data(), mid, 1}, second{mid, text.data() + text.size(), mid_line};
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace muster {

namespace detail {
// Where a CsvReader's scan for special bytes stopped, as offsets in its
// text, so that its next record goes on with the block of 64 bytes the
// scan was in (src/csv.cpp).
struct CsvScanState {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t block = none, after = 0;
  std::uint64_t mask = 0, block_high = 0;
};
}  // namespace detail

/// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or values
/// above U+10FFFF).
bool valid_utf8(std::string_view text) noexcept;

class CsvReader {
 public:
  enum Result { done = 0, record, bad };
  /// Limits (docs/limits.md): the most records (a header and 20,000,000
  /// rows) and fields in all that one reader reads.
  static constexpr std::size_t max_records = 20'000'001;
  static constexpr std::size_t max_fields_in_all = std::size_t{1} << 29;
  /// The longest field (1 MiB) and the most fields of one record.
  static constexpr std::size_t max_field_bytes = std::size_t{1} << 20;
  static constexpr std::size_t max_fields_per_record = 1000;

  /// Takes the whole text. A UTF-8 byte-order mark at the start is skipped.
  explicit CsvReader(std::string text);
  /// Same, with fields separated by `delimiter` (`,` `;` `\t` `|`, ...; not
  /// `"`, CR or LF) instead of a comma. A comma takes the fast path of the
  /// constructor above; any other delimiter a plain byte-by-byte one (tables
  /// to import, not logs), with the same rules and limits.
  CsvReader(std::string text, char delimiter);

  /// Reads the records of [begin, end) in place, without owning them: the
  /// caller keeps the buffer alive while the reader and its fields are used.
  /// Lines are numbered from `first_line`; no byte-order mark is skipped. The
  /// limits count the records and fields of this reader alone.
  /// `records_before` and `fields_before` are counted against the limits as
  /// if read already (a header read by another reader).
  CsvReader(char* begin, char* end, std::size_t first_line, std::size_t records_before = 0,
            std::size_t fields_before = 0);

  /// From now on, leaves the text unchanged: a quoted field with a doubled
  /// quote is unescaped into the reader's own buffer (its view is valid until
  /// the next call, as every field's), not in place. For a comma-separated
  /// text read twice, such as the parts of one text read at once, then in
  /// one pass where the parts disagree (a reader of another delimiter still
  /// unescapes in place).
  void leave_text_unchanged() noexcept { aside_ = true; }

  /// Reads the next record, skipping completely blank lines. After `bad`,
  /// reading goes on at the next line. Limits (docs/limits.md): a field of
  /// more than 1 MiB or a record of more than 1000 fields is `bad`; past
  /// max_records records or max_fields_in_all fields in all, `bad` and then `done`.
  Result next();

  /// The physical line (from 1) where the last record or error starts.
  std::size_t line() const noexcept { return record_line_; }
  /// The fields of the last record, valid until the next call.
  const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  /// Where reading goes on: the offset in the text of the next record, and
  /// its physical line.
  std::size_t offset() const noexcept { return pos_; }
  std::size_t next_line() const noexcept { return line_; }
  /// What was wrong, after `bad`.
  const std::string& error() const noexcept { return error_; }

 private:
  Result fail(std::string message);
  bool keep_field(std::string_view field, std::size_t pos);
  bool keep_field_slow(std::string_view field, std::size_t pos);
  Result next_delimited();  // next() for a delimiter other than a comma
  Result end_record(bool saw_high_byte);
  void skip_line();
  // The buffer read: the caller's (data_) or, when data_ is null, text_.
  // Computed on each use so that a moved or copied reader reads its own text.
  char* base() noexcept { return data_ ? data_ : text_.data(); }

  std::string text_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::vector<std::string_view> fields_;
  std::string error_;
  detail::CsvScanState scan_;  // where the last record's scan stopped
  std::size_t records_ = 0;        // records read, for the limits of csv.cpp
  std::size_t fields_in_all_ = 0;
  char delimiter_ = ',';
  bool aside_ = false;      // leave_text_unchanged()
  std::string aside_text_;  // the unescaped fields of this record, reading aside
  std::vector<std::pair<std::size_t, std::size_t>> aside_fields_;  // (field, offset in aside_text_)
};

/// `s` without the spaces and tabs at its ends (a log's cells and an
/// imported table's cells are read trimmed).
constexpr std::string_view trim_blanks(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// The one CSV writer (RFC 4180): appends `field` to `out`, in double quotes
/// with each `"` doubled where it holds a comma, a quote, a CR or LF, or
/// starts or ends with a space or tab (which a reader would trim).
void append_csv_field(std::string& out, std::string_view field);
/// `field` as append_csv_field writes it.
std::string csv_field(std::string_view field);
/// Appends `fields`, comma-separated, and a line end (LF).
void append_csv_record(std::string& out, const std::vector<std::string_view>& fields);

}  // namespace muster
