// Output for the muster command (cli.md, "Common rules"): every byte goes
// through one checked sink (Output), and tables are written as they are
// computed (TableWriter), as a people's table, as CSV or as JSON.
//
// Writes are checked in one place. A write that fails (disk full, a closed
// standard output, a pipe whose reader has gone with SIGPIPE ignored, a file
// size limit) throws WriteFailed; the command stops computing and exits 1
// with `muster: cannot write standard output: REASON` (app.cpp). Output
// writes whole records: where the output is a regular file and a write fails
// part-way, the file is cut back to the end of the last whole record.
//
// Streaming: a TableWriter takes its columns, then its rows one at a time,
// then (for `table`) an optional total row; csv and json rows are written as
// they come, so memory does not depend on the length of the answer. A
// people's table needs column widths: it holds up to `TableWriter::held`
// rows to fix them, then streams the rest with those widths. A later cell
// wider than its column is printed whole (never cut) and pushes the rest of
// its row to the right: the alignment may slip, a figure never changes.
//
// Cells of a people's table (format `table`), so that no one is misled by a
// size nobody knows:
//   - a count: `1,217` (thousands separators);
//   - a high that is unbounded (nullopt): `?` (csv: blank, json: null);
//   - an estimate (Estimate) of a size that has no upper bound and an
//     estimate of 0 — nothing is known of it, not even a figure — `?`; any
//     other estimate its number (a stale or open-ended group keeps its
//     figure, and its high `?` says it is open);
//   - a low is always its number (0 is a true lower bound);
//   - a ratio as a percentage with one decimal, `-` when there is none.
// So a group nobody knows the size of reads `?  0  ?`, one of 617 or more
// reads `617  617  ?`. csv and json never change: numbers, blank or null.
#pragma once

#include <muster/log.hpp>
#include <muster/value.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace muster::cli {

enum class Format { table, csv, json };
/// The format of that name (`table`, `csv`, `json`), or nullopt.
std::optional<Format> parse_format(std::string_view name) noexcept;


/// A line for a person on standard error. Where standard error cannot be
/// written either, nothing more can be said: that failure is ignored (the
/// exit status still says what happened), never an abort.
template <class... T>
void tell(fmt::format_string<T...> format, T&&... args) noexcept {
  try {
    const std::string s = fmt::format(format, std::forward<T>(args)...);
    (void)!std::fwrite(s.data(), 1, s.size(), stderr);
    (void)std::fflush(stderr);
  } catch (...) {
  }
}

/// A write that failed: what() is `cannot write TARGET: REASON`, REASON the
/// system's text for `error` (errno).
class WriteFailed : public std::runtime_error {
 public:
  WriteFailed(const std::string& target, int error);
  int error() const noexcept { return error_; }

 private:
  int error_;
};

/// Bytes to a file descriptor, in records, every write checked. Records are
/// collected in a buffer and written out (write(2), retried on EINTR) once
/// it holds `chunk` bytes, and by flush(). A failed write throws WriteFailed
/// (and every later write throws it again); in a regular file, what is
/// written is first cut back to the end of the last whole record.
class Output {
 public:
  static constexpr std::size_t chunk = std::size_t{64} << 10;
  /// `target` names the output in errors ("standard output", a file name).
  Output(int fd, std::string target);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Adds to the current record.
  void put(std::string_view text) { buf_.append(text); }
  /// Ends a whole record here; writes the buffer out once it is large.
  void end_record() {
    marks_.push_back(buf_.size());
    if (buf_.size() >= chunk) write_out();
  }
  /// One whole record, formatted.
  template <class... T>
  void print(fmt::format_string<T...> format, T&&... args) {
    fmt::format_to(std::back_inserter(buf_), format, std::forward<T>(args)...);
    end_record();
  }
  /// Writes out everything held (a whole record must have ended last).
  void flush() { write_out(); }
  const std::string& target() const noexcept { return target_; }

 private:
  void write_out();
  [[noreturn]] void fail(int error, std::size_t written_of_buffer);

  int fd_;
  std::string target_;
  std::string buf_;
  std::vector<std::size_t> marks_;  // ends of the whole records in buf_
  std::optional<long long> start_;  // where the output began in a regular file; -1 not one
  unsigned long long written_ = 0;  // bytes written before buf_
  int failed_ = 0;                  // errno of a failed write, 0 none
};

/// The command's standard output: every writer of the command uses it.
Output& standard_output();
/// Writes out what standard output holds and checks the C stream too (for
/// anything printed through stdio); throws WriteFailed. run() calls it after
/// a command returns.
void finish_standard_output();

/// Adds CSV text made of whole records (a log, a chunk of one) to `out`,
/// ending a record after each line break outside quotes.
void put_csv_text(Output& out, std::string_view text);

/// A file written whole or not at all (for `--out FILE`): the bytes go to a
/// temporary file beside FILE, which commit() flushes, fsyncs and renames
/// over FILE. Until then FILE is untouched; without commit() (a failure, an
/// exception) the temporary file is removed. Errors: WriteFailed, `cannot
/// write FILE: REASON`.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  Output& out() noexcept { return *out_; }
  void commit();

 private:
  std::string path_, temp_;
  int fd_ = -1;
  std::optional<Output> out_;
  bool committed_ = false;
};

/// A cell: text, a whole number, a number that may be unbounded (nullopt:
/// blank in CSV, null in JSON, `?` in a table), a ratio printed with 3
/// decimals, a yes/no (`yes`/`no` in a table and CSV, true/false in JSON),
/// or the estimate of a value (its number; `?` in a table where nothing is
/// known of the value, see above), or a list of words (separated by spaces
/// in CSV, by commas in a table; an array of strings in JSON).
struct Ratio { std::optional<double> value; };
struct Flag { bool value; };
struct Estimate { Value value; };
struct Words { std::vector<std::string> values; };
using Cell = std::variant<std::string, Count, std::optional<Count>, Ratio, Flag, Estimate, Words>;

/// The cell for a high: nullopt where unbounded.
inline std::optional<Count> high_cell(Count high) {
  return high == Value::unbounded ? std::nullopt : std::optional<Count>{high};
}
/// The three cells `estimate,low,high` of a value, added to `row`.
void add_value_cells(std::vector<Cell>& row, const Value& v);

/// One table, written as it is computed (see the top of this file).
class TableWriter {
 public:
  /// Rows a people's table holds to fix its column widths.
  static constexpr std::size_t held = 4096;
  TableWriter(Output& out, Format f, std::vector<std::string> columns);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  void row(const std::vector<Cell>& cells);
  Format format() const noexcept { return format_; }
  /// Ends the table. For `table`, `total` (when not empty and there are
  /// rows) is a last row below a rule, its first cell replaced by "total".
  void finish(const std::vector<Cell>& total = {});

 private:
  void emit(const std::vector<std::string>& line);
  void emit_rule();
  void release();  // writes the header and the held rows, fixing widths

  Output& out_;
  Format format_;
  std::vector<std::string> columns_;
  std::size_t rows_ = 0;
  // table only
  std::vector<std::vector<std::string>> pending_;
  std::vector<bool> right_;
  std::vector<std::size_t> width_;
  bool released_ = false;
  std::string line_;
};

/// Spreadsheet safety (OWASP's CSV-injection advice): CSV output is exact,
/// but a text cell (not a number: a difference of -7 is a number) that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return is one a
/// spreadsheet would run as a formula. The first such cell of the command
/// is named on standard error (warn_formula, once): by the log's line and
/// column it came from where a FormulaOrigin names the log the command
/// read, else by the output line; with
/// `--spreadsheet-safe` (set_spreadsheet_safe) TableWriter writes such cells
/// in `csv` with a leading `'`. JSON and tables are never changed.
void set_spreadsheet_safe(bool on) noexcept;
bool spreadsheet_safe() noexcept;
/// Whether a text cell begins as a formula would.
bool formula_like(std::string_view text) noexcept;
/// The warning, once a command: `column COLUMN of WHERE begins with ...;
/// REMEDY` (WHERE: `the output line 5`, `mss.csv line 5`).
void warn_formula(std::string_view column, std::string_view where, std::string_view text,
                  std::string_view remedy);

/// While alive, the log whose line and column the formula warning names:
/// the first row of `log` with a text cell equal to the output's cell. The
/// log is only looked through when such a cell is written (a command whose
/// output has none pays nothing). It must outlive this object, which is
/// neither copied nor moved: see LoadedLog (common.hpp).
class FormulaOrigin {
 public:
  explicit FormulaOrigin(const Log& log) noexcept;
  ~FormulaOrigin();
  FormulaOrigin(const FormulaOrigin&) = delete;
  FormulaOrigin& operator=(const FormulaOrigin&) = delete;

 private:
  const Log* previous_;
};

/// Quotes a CSV field where it needs it (muster::csv_field, RFC 4180).
std::string csv_field(const std::string& s);

}  // namespace muster::cli
