// muster/log.hpp — a version-1 event log, read and validated whole.
//
// `read_log` applies every rule of spec sections 1-3 and 6 and returns either
// a whole log or nothing: a refused file throws `LogRefused`, which carries
// every error found (file, line, message), in line order.
//
//     try {
//       muster::Log log = muster::read_log("mss.csv");
//       fmt::print("{} rows\n", log.size());
//     } catch (const muster::LogRefused& e) {
//       for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", d);
//     }
#pragma once

#include "muster/event.hpp"
#include "muster/rules.hpp"

#include <cstddef>
#include <cstdint>
#include <compare>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace muster {

class LogReader;

/// One thing wrong with a file: printed as `FILE:LINE: message`.
struct Diagnostic {
  std::string file;
  std::size_t line = 0;
  std::string message;

  std::string to_string() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Thrown when a file is refused; holds every error found.
class LogRefused : public std::runtime_error {
 public:
  explicit LogRefused(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A validated log: its rows in file order, immutable.
///
/// Rows are kept in columns (20 bytes a row, 8 more for a count with a
/// range, plus the text of `id`, `source`, `note` and the user columns) and
/// handed out as `Event` values built on demand; an Event's text views the
/// log's storage.
class Log {
 public:
  class Events;

  Log() = default;

  /// The name errors use for this file (`-` reads as `<stdin>`).
  const std::string& file() const noexcept { return file_; }
  /// Every row in file order: a random-access range of `Event` values.
  /// Events view the log's text, so the log must outlive them; on a log about
  /// to be destroyed (`read_log(path).events()`) this does not compile.
  Events events() const& noexcept;
  Events events() const&& = delete;
  /// The number of rows.
  std::size_t size() const noexcept { return rows_.size(); }
  /// The row at position `index` in file order (below size()); it views the
  /// log's text (not on a log about to be destroyed, as events()).
  Event event(std::size_t index) const&;
  Event event(std::size_t index) const&& = delete;
  /// The user columns (`x_...`) of the header, in header order.
  const std::vector<std::string>& user_columns() const noexcept { return user_columns_; }
  /// The event with this id, or nullopt. A scan of the rows' text: O(rows).
  std::optional<Event> find(std::string_view id) const&;
  std::optional<Event> find(std::string_view id) const&& = delete;
  /// Whether a report is an observation (spec section 5): a report with a
  /// blank country, or with a blank component where the file holds rows of
  /// the same mission and country with a component. Observations are held
  /// against the tracks instead of changing them.
  bool is_observation(const Event& e) const noexcept {
    return e.index < rows_.size() && observation(e.index);
  }
  /// Bytes of row text held: `id`, `source`, `note` and user columns, with
  /// their lengths.
  std::size_t text_bytes() const noexcept { return text_.size(); }

  // --- Read-only access to the rows' numbers, for the rules and the index ---

  /// What the rules of spec sections 4 and 5 need of one row, without its
  /// text: cheaper than event(i).
  struct RowFacts {
    Kind kind;
    Period date;
    Value value;
    Day recorded;
    bool planned;
    bool observation;
    std::uint32_t contingent;  ///< position in contingents()
  };
  /// The facts of the row at position `index` in file order (below size()).
  RowFacts facts(std::size_t index) const noexcept;
  /// The (mission, country, component) of every row, sorted and each once;
  /// RowFacts::contingent indexes it. A retraction's is its mission with no
  /// country and no component.
  std::span<const Contingent> contingents() const noexcept { return keys_; }
  /// Every row that names another in `supersedes`, in file order.
  std::vector<rules::Supersession> supersessions() const;
  /// The rows of kind `end`, in file order.
  std::span<const std::uint32_t> end_rows() const noexcept { return end_rows_; }
  /// The reports that are observations (spec section 5), in file order.
  std::span<const std::uint32_t> observation_rows() const noexcept { return observation_rows_; }
  /// The contingents (positions in contingents(), ascending) that an
  /// arrival, a departure or a report that is not an observation names: the
  /// parts that totals bound (spec section 8). Empty where the log has no
  /// observation and no end.
  std::span<const std::uint32_t> parts() const noexcept { return parts_; }
  /// The contingents (positions in contingents()) that the `end` at row
  /// `index` sets to 0 (spec section 5): those of its mission, narrowed to
  /// its country and its component where it gives them, that an arrival, a
  /// departure or a report that is not an observation names. Empty for a row
  /// that is not an end.
  std::span<const std::uint32_t> end_scope(std::size_t index) const noexcept;
  /// The kind of the row at position `index` (below size()): facts(index).kind, cheaper.
  Kind kind(std::size_t index) const noexcept {
    return static_cast<Kind>(rows_[index].flags() >> 5);
  }
  /// The line of the file that holds the row at position `index` (below size()).
  std::size_t line(std::size_t index) const noexcept;
  /// The memory that facts(index) reads first, for a loop over the rows that
  /// asks the cache for it a few rows ahead.
  const void* facts_address(std::size_t index) const noexcept { return rows_.data() + index; }
  /// What checking the log ran beyond its rows, kept so that no module above
  /// the log runs it again: the tracks of the default vantage, which the
  /// departure rule of spec section 6 runs (src/departures.hpp). Opaque: the
  /// log neither reads nor changes it.
  const std::shared_ptr<const void>& checked_run() const noexcept { return checked_run_; }

 private:
  friend class LogReader;  // src/read_log.cpp: the phases of reading a log

  // One row in 20 bytes. Days are day numbers; the recorded day (1800-2200:
  // within +-2^23) shares its word with the row's flags. A count with no
  // range (low = high = estimate), most rows, needs no more; a range is kept
  // in ranges_.
  struct Row {
    std::int32_t first;     // first day of the row's period
    std::uint32_t packed;   // recorded day + 2^23 in the low 24 bits, flags above
    std::uint32_t key;      // position in keys_
    std::int32_t estimate;
    std::uint32_t range;    // position in ranges_, or exact

    static constexpr std::uint32_t exact = 0xFFFFFFFF;
    std::uint8_t flags() const noexcept { return static_cast<std::uint8_t>(packed >> 24); }
  };
  struct Range {
    std::int32_t low, high;  // high < 0: unbounded
  };
  // The flags: precision in bits 0-1, kind in bits 5-7.
  static constexpr std::uint8_t flag_planned = 4, flag_count_given = 8, flag_observation = 16;
  static constexpr std::int32_t recorded_bias = 1 << 23;
  static constexpr std::size_t text_block = 16;  // rows per entry of text_at_

  Day first_day(std::size_t i) const noexcept { return Day::from_days_since_epoch(rows_[i].first); }
  Period period(std::size_t i) const noexcept;
  Value value(std::size_t i) const noexcept {
    const Row& r = rows_[i];
    if (r.range == Row::exact) return Value::exactly(r.estimate);
    const Range& g = ranges_[r.range];
    return {r.estimate, g.low, g.high < 0 ? Value::unbounded : Count{g.high}};
  }
  Day recorded(std::size_t i) const noexcept {
    return Day::from_days_since_epoch(static_cast<std::int32_t>(rows_[i].packed & 0xFFFFFF) - recorded_bias);
  }
  bool planned(std::size_t i) const noexcept { return (rows_[i].flags() & flag_planned) != 0; }
  bool observation(std::size_t i) const noexcept {
    return (rows_[i].flags() & flag_observation) != 0;
  }
  std::optional<std::size_t> supersedes(std::size_t i) const noexcept;
  // The text of row i (id, source, note, user columns) starts at this offset.
  std::size_t text_of(std::size_t i) const noexcept;
  Event build(std::size_t i, std::size_t text_at) const;
  static std::size_t skip_text(const char* p, std::size_t fields) noexcept;

  std::string file_;
  std::vector<Row> rows_;
  std::vector<Range> ranges_;  // of the rows whose count has a range
  std::string text_;                    // per row: varint length + bytes, field after field
  std::vector<std::uint64_t> text_at_;  // text offset of every text_block-th row
  // Rows whose line is not the line after the previous row's: (row, line).
  std::vector<std::pair<std::uint32_t, std::uint64_t>> lines_;
  // Rows that supersede another: (row, the row it names), by row.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> supersedes_;
  std::vector<std::string> user_columns_;
  // Every (mission, country, component) of a row, sorted; a retraction's is
  // (mission, no country, no component). Contingents are those of the other
  // rows.
  std::vector<Contingent> keys_;
  // The end rows (by row) and the contingents each sets to 0: those of
  // end_rows_[k] are end_keys_[end_from_[k] .. end_from_[k + 1]).
  std::vector<std::uint32_t> end_rows_, end_from_, end_keys_;
  std::vector<std::uint32_t> observation_rows_;
  std::vector<std::uint32_t> parts_;  // see parts()
  std::shared_ptr<const void> checked_run_;
};

/// The rows of a log as `Event` values, in file order: a random-access range
/// (std::ranges::random_access_range) whose elements are built on demand.
/// Walking it in order reads each row's text once; a jump finds the text of
/// the row it lands on from the nearest of every 16th row's offsets.
class Log::Events {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;  // its reference is a value
    using iterator_concept = std::random_access_iterator_tag;
    using value_type = Event;
    using difference_type = std::ptrdiff_t;
    using reference = Event;
    iterator() = default;
    Event operator*() const {
      if (text_ == unknown) text_ = log_->text_of(i_);
      return log_->build(i_, text_);
    }
    Event operator[](difference_type n) const { return *(*this + n); }
    iterator& operator++() {
      if (text_ != unknown)
        text_ += Log::skip_text(log_->text_.data() + text_, 3 + log_->user_columns_.size());
      ++i_;
      return *this;
    }
    iterator operator++(int) { iterator t = *this; ++*this; return t; }
    iterator& operator--() { return *this -= 1; }
    iterator operator--(int) { iterator t = *this; --*this; return t; }
    iterator& operator+=(difference_type n) {
      i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n);
      text_ = unknown;
      return *this;
    }
    iterator& operator-=(difference_type n) { return *this += -n; }
    friend iterator operator+(iterator a, difference_type n) { return a += n; }
    friend iterator operator+(difference_type n, iterator a) { return a += n; }
    friend iterator operator-(iterator a, difference_type n) { return a -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) noexcept {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.i_ == b.i_; }
    friend auto operator<=>(const iterator& a, const iterator& b) noexcept { return a.i_ <=> b.i_; }

   private:
    friend class Events;
    static constexpr std::size_t unknown = static_cast<std::size_t>(-1);
    iterator(const Log* log, std::size_t i, std::size_t text) : log_(log), i_(i), text_(text) {}
    const Log* log_ = nullptr;
    std::size_t i_ = 0;
    mutable std::size_t text_ = unknown;  // offset of row i_'s text, once known
  };

  explicit Events(const Log& log) noexcept : log_(&log) {}
  explicit Events(const Log&& log) = delete;  // it would view a log about to be destroyed
  iterator begin() const noexcept { return {log_, 0, 0}; }
  iterator end() const noexcept { return {log_, log_->size(), log_->text_.size()}; }
  std::size_t size() const noexcept { return log_->size(); }
  bool empty() const noexcept { return size() == 0; }
  Event operator[](std::size_t i) const { return log_->event(i); }
  Event front() const { return log_->event(0); }
  Event back() const { return log_->event(size() - 1); }

 private:
  const Log* log_;
};

inline Log::Events Log::events() const& noexcept { return Events{*this}; }

/// Rows of this many bytes or more are read in two parts on two threads
/// (where the machine has two), with the same result as in one part.
inline constexpr std::size_t split_log_from = std::size_t{8} << 20;

/// Reads and validates the text of a log; `file_name` is used in errors.
/// Throws LogRefused. `split_from`: see split_log_from.
Log parse_log(std::string text, std::string file_name, std::size_t split_from = split_log_from);

/// Validates rows given as cells, exactly as parse_log validates a file
/// whose header is `columns` and whose row i is on line i + 2: the same
/// phases, the same rules, the same messages (`file_name` names them).
/// A cell is taken as a file's field would be after unquoting (trimmed the
/// same way). Throws LogRefused.
Log parse_cells(std::string file_name, const std::vector<std::string>& columns,
                const std::vector<std::vector<std::string>>& rows);

/// The most `read_log` reads of one file, 4 GiB (docs/limits.md).
inline constexpr std::size_t max_log_bytes = std::size_t{4} << 30;
/// The longest column name a log's header may have, 64 bytes, and the most
/// errors kept of one file: reading stops at the next (docs/limits.md).
/// `import` applies the same limits to a table.
inline constexpr std::size_t max_column_name_bytes = 64;
inline constexpr std::size_t max_errors_kept = 1000;

/// Reads and validates a log file; `-` reads standard input. Throws
/// LogRefused (also when the file cannot be read). A file is read under a
/// shared flock(2), so that it is seen before or after an append_row, never
/// in the middle of one (standard input is read without). The file is read
/// with read(2) and pread(2) and nothing of the process is changed: unless
/// the program asked for mapping (read_by_mapping), which reads a regular
/// file of 1 MiB or more through a mapping. A std::filesystem::path
/// converts to the path's string.
Log read_log(const std::string& path, std::size_t max_file_bytes = max_log_bytes);

/// For a program that reads large logs, called once at its start (the
/// `muster` command does): reading a log of 10^6 rows allocates arrays of
/// tens of megabytes that each live for one phase, and glibc maps each from
/// 128 KiB up on its own and unmaps it when freed, so that the next phase's
/// arrays are faulted in and zeroed by the kernel again (a fifth of the time
/// of `muster strength` on such a log). This keeps allocations up to 32 MiB
/// (glibc's largest threshold) in the heap and freed memory in the process,
/// for the next phase to use again; peak memory is unchanged. It sets
/// mallopt(3) parameters for the whole process; nothing where the C library
/// is not glibc.
void keep_freed_memory() noexcept;

/// For a program that reads large logs and lets muster handle SIGBUS while
/// it reads (the `muster` command does, at its start): from this call on,
/// read_log reads a regular file of 1 MiB or more through a private mapping
/// (mmap(2)) instead of into memory of its own: no faster, but the memory of
/// the text is given back as the rows are read, so that a log of 10^7 rows
/// (859 MB) peaks at 1.09 GB instead of 1.58 (bench/README.md).
/// `read_by_mapping(false)` reads with read(2) again.
///
/// What it changes for the whole process: a file cut short by another
/// program while it is mapped raises SIGBUS, so while a mapped read is under
/// way, SIGBUS's handler is muster's, put in front of the one there was;
/// it turns a fault on a page the file lost into LogRefused ("the file
/// changed while it was read") and hands every other SIGBUS on to the
/// handler there was, run as the kernel would have run it (a one-shot
/// SA_RESETHAND handler is reset first; with none, the process is killed).
/// When no mapped read is under way, the handler there was is back in its
/// place, as it was. And while it reads, the reading thread (and the
/// threads it starts for the read) does not block SIGBUS, for a fault on a
/// blocked SIGBUS kills whatever the handler.
///
/// What a program that asks for it takes on: a handler that it installs
/// while a mapped read is under way on another thread replaces muster's, so
/// that a file cut short during that read raises SIGBUS in that handler
/// instead of LogRefused (muster's is put in front of it again at the next
/// read); a SIGBUS sent with kill(2) to the process while a thread reads
/// may be taken by that thread. A program that cannot have either, or
/// changes SIGBUS's handler from several threads, should not call this.
void read_by_mapping(bool mapping = true) noexcept;

}  // namespace muster
