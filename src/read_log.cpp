// Reading and validating a version-1 log (spec sections 1-3 and 6); the
// Log's rows themselves are src/log.cpp.
#include "muster/log.hpp"

#include "muster/csv.hpp"
#include "big_buffer.hpp"
#include "hash_index.hpp"
#include "log_file.hpp"
#include "row_rules.hpp"
#include "departures.hpp"
#include "varint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <cerrno>
#include <cstring>
#include <atomic>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstddef>
#include <csignal>
#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <new>
#include <type_traits>
#include <numeric>
#include <optional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <pthread.h>
#include <set>
#include <sstream>
#include <thread>
#include <exception>
#include <unordered_map>

namespace muster {

namespace {

enum Col : std::size_t {  // muster::Column (event.hpp) as an index into a header's columns
  c_id = static_cast<std::size_t>(Column::id),
  c_kind = static_cast<std::size_t>(Column::kind),
  c_date = static_cast<std::size_t>(Column::date),
  c_mission = static_cast<std::size_t>(Column::mission),
  c_country = static_cast<std::size_t>(Column::country),
  c_component = static_cast<std::size_t>(Column::component),
  c_count = static_cast<std::size_t>(Column::count),
  c_low = static_cast<std::size_t>(Column::low),
  c_high = static_cast<std::size_t>(Column::high),
  c_status = static_cast<std::size_t>(Column::status),
  c_recorded = static_cast<std::size_t>(Column::recorded),
  c_supersedes = static_cast<std::size_t>(Column::supersedes),
  c_source = static_cast<std::size_t>(Column::source),
  c_note = static_cast<std::size_t>(Column::note),
  column_count
};

constexpr const auto& column_names = log_columns;
static_assert(column_count == log_columns.size());

constexpr std::size_t absent = static_cast<std::size_t>(-1);
constexpr std::size_t max_column_name = max_column_name_bytes;
constexpr std::size_t max_cell_bytes = CsvReader::max_field_bytes;  // the CSV reader's field limit
constexpr std::size_t ids_on_two_threads_from = 50'000;  // rows
constexpr std::size_t supersedes_on_two_threads_from = 10'000;
constexpr std::size_t ids_per_bucket = 8'192;  // at most, about: LogReader::check_ids

constexpr auto trim = trim_blanks;

using spec::shown;

}  // namespace

// --- Reading ---------------------------------------------------------------------

namespace {

using detail::get_text;
using detail::put_text;

constexpr std::uint32_t no_key = 0xFFFFFFFF;

// The (mission, country, component) triples of a file, as written or as
// resolved, each a small number. A triple is looked up as its three cells
// joined with commas and the sizes of the first two (which tell "A,B" + "C"
// from "A" + "B,C"):
// where the cells lie side by side in the text, unquoted, that is the text
// itself, with no copy, one hash and one comparison.
class SpelledKeys {
 public:
  static constexpr std::uint32_t npos = detail::HashIndex::none;
  std::uint32_t find(std::string_view joined, std::uint32_t a, std::uint32_t b,
                     std::uint64_t h) const {
    return table_.find(h, [&](std::uint32_t n) {
      const Key& k = keys_[n];
      return k.a == a && k.b == b && k.text == joined;
    });
  }
  std::uint32_t add(std::string_view joined, std::uint32_t a, std::uint32_t b, std::uint64_t h) {
    const auto n = static_cast<std::uint32_t>(keys_.size());
    keys_.push_back({std::string(joined), a, b, h});
    table_.add(h, n, [&](std::uint32_t k) { return keys_[k].hash; });
    return n;
  }

 private:
  struct Key {
    std::string text;    // the three cells joined with commas
    std::uint32_t a, b;  // the sizes of the first two
    std::uint64_t hash;
  };
  detail::HashIndex table_;
  std::vector<Key> keys_;
};

}  // namespace


// The phases of reading a log: the header, the rows (in one part or two),
// the parts joined, ids and supersedes, keys, observations, departures.
namespace {

// An allocation that failed while the file was read or checked, reported
// where it stopped: never a bare std::bad_alloc.
[[noreturn]] void refuse_out_of_memory(const std::string& name, std::size_t line,
                                       std::string_view where) {
  throw LogRefused({{name, line, fmt::format("out of memory here ({}): muster needs memory a few "
                                             "times the size of the log (docs/limits.md)", where)}});
}

}  // namespace

class LogReader {
 public:
  /// Reads the log text [text, text + size), which it may change in place
  /// (reading in one part) and frees with `free_text` once nothing views it.
  /// With `give_back` (the text is a private mapping of a file, whose pages
  /// come back from the file when read again), reading in two parts gives
  /// back the memory of the text each part has read as it goes (no row
  /// views it), and one pass, should the parts find an error, reads it again.
  LogReader(char* text, std::size_t size, std::function<void()> free_text, std::string file_name,
            bool give_back = false)
      : text_(text), size_(size), free_text_(std::move(free_text)), give_back_(give_back) {
    log_.file_ = std::move(file_name);
  }
  Log read(std::size_t split_from);
  /// The furthest line read so far (1 before any row).
  std::size_t line_reached() const noexcept {
    std::size_t line = 1;
    for (const Part& p : parts_) line = std::max(line, p.reached);
    return line;
  }
  /// Rows given as cells: a header of `columns`, row i on line i + 2.
  Log read_cells(const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::string>>& rows);

 private:
  // Where the columns are (spec section 1-2): field positions, absent where
  // a column is missing.
  struct Header {
    std::array<std::size_t, column_count> col{};
    std::vector<std::size_t> user_fields;  // field positions of x_ columns
    std::size_t width = 0;
    bool ok = false;
    std::size_t body_at = 0, body_line = 1;  // where the rows start
  };
  // The rows of one part of the file. A part interns each row's (mission,
  // country as written, component) in `spelled`, which gives the number of the
  // resolved (mission, country, component) in `keys`: a file names few
  // contingents, many times. Two parts are read at once, each on a thread
  // that writes its members row after row: each on cache lines of its own
  // (detail::OwnLines).
  struct alignas(detail::cache_line_bytes) Part {
    std::vector<Log::Row> rows;
    std::vector<Log::Range> ranges;  // as Log::ranges_
    std::string text;                // as Log::text_
    std::vector<std::size_t> id_at;  // text offset of each row
    std::vector<std::uint64_t> id_hashes;  // hash_bytes of each row's id, made while it is in the cache
    // Read first of two parts: its rows and text are reserved for both, so
    // that the second's are appended to them in place (LogReader::join).
    bool holds_both = false;
    std::vector<std::pair<std::uint32_t, std::size_t>> lines;                 // as Log::lines_
    std::vector<std::pair<std::uint32_t, std::string_view>> supersedes_text;  // views into the text
    // Reading leaving the text as it was (one of two parts): the supersedes
    // cells, copied (a deque: the views stay valid), since the file's text is
    // freed once both parts are read.
    bool leaves_text = false;
    std::deque<std::string> supersedes_kept;
    std::vector<Diagnostic> errors;
    const std::string* file = nullptr;
    const Header* header = nullptr;
    SpelledKeys spelled, keys;  // as written; resolved (the country's code)
    std::vector<std::uint32_t> key_of_spelled;  // no_key: the country is unknown
    std::vector<Contingent> key_values;         // by key number
    std::string scratch;
    std::size_t reached = 0;  // the last line read (where an allocation failed)

    void error(std::size_t line, std::string message) {
      errors.push_back({*file, line, std::move(message)});
    }
    std::uint32_t intern(Contingent value);
    std::uint32_t key_of(std::string_view mission, std::string_view country,
                         std::string_view component, bool& unknown_country);
    static constexpr std::size_t uncounted = static_cast<std::size_t>(-1);
    void read(char* from, char* to, std::size_t first_line, std::size_t errors_before_rows,
              bool leave_text = false, bool give_back = false,
              std::size_t line_ends = uncounted);
    // Reading with give_back: the text before `given_back` (from the part's
    // start, whole huge pages) has been given back to the kernel; null
    // while none has.
    char* given_back = nullptr;
    void give_back_before(char* part_from, char* upto) noexcept;
    // `cell`, or reading one of two parts, a copy of it that outlives the
    // file's text (and the reader's buffer of unescaped fields).
    std::string_view lasting(std::string_view cell) {
      return leaves_text ? std::string_view(supersedes_kept.emplace_back(cell)) : cell;
    }
    void read_cells(const std::vector<std::vector<std::string>>& cells,
                    std::size_t errors_before_rows);
    void read_row(const std::vector<std::string_view>& f, std::size_t line,
                  std::size_t& expected_line);
    template <class Error>
    void read_value(std::string_view count, std::string_view low, std::string_view high,
                    Error&& fault, Log::Row& row, std::uint8_t& flags);
    static std::string_view field(const Part& part, const std::vector<std::string_view>& f,
                                  Col c) {
      const std::size_t at = part.header->col[c];
      return at == absent ? std::string_view{} : trim(f[at]);
    }
  };

  void error(std::size_t line, std::string message) {
    errors_.push_back({log_.file_, line, std::move(message)});
  }
  void read_header();
  void header_names(const std::vector<std::string_view>& fields, std::size_t line);
  void read_parts(std::size_t split_from);
  bool read_two_parts(std::vector<Part>& parts);
  void join(std::vector<Part>& parts);
  void join_text(std::string& first, std::string& second);
  void compact_lines();
  std::string_view id_of(std::size_t i) const;
  void check_ids();
  // The ids' hash table, cut by the top bits of the hash into buckets.
  struct IdTable {
    unsigned bits = 0;
    std::vector<detail::HashIndex> table;
    std::size_t bucket_of(std::uint64_t h) const noexcept {
      return bits == 0 ? 0 : static_cast<std::size_t>(h >> (64 - bits));
    }
  };
  struct IdEntry {
    std::uint64_t hash;
    std::uint32_t row;
  };
  std::vector<std::uint32_t> bucket_ids(const IdTable& ids, bool two, IdEntry* entries);
  IdTable index_ids(std::vector<std::pair<std::uint32_t, std::uint32_t>>& duplicates);
  void resolve_supersedes(const IdTable& ids);
  void sort_keys();
  void mark_observations();
  void check_departures();
  Log finish();

  char* text_;
  std::size_t size_;
  std::function<void()> free_text_;
  bool give_back_;
  Log log_;
  std::vector<Diagnostic> errors_;
  Header header_;
  std::vector<Contingent> key_values_;  // by key number, before sort_keys
  // By sorted key: the key of an arrival, a departure, a report or a pledge
  // (not only of ends and retractions), found by sort_keys.
  std::vector<bool> counted_keys_;
  // The text offset of each row (its id comes first): of the rows before
  // id_split_ in id_at_, of the others in id_at_second_, id_shift_ less.
  std::vector<std::size_t> id_at_, id_at_second_;
  std::vector<std::uint64_t> id_hashes_, id_hashes_second_;  // as id_at_, id_at_second_
  std::uint64_t id_hash_at(std::size_t i) const noexcept {
    return i < id_split_ ? id_hashes_[i] : id_hashes_second_[i - id_split_];
  }
  std::size_t id_split_ = static_cast<std::size_t>(-1), id_shift_ = 0;
  std::size_t id_offset(std::size_t i) const noexcept {
    return i < id_split_ ? id_at_[i] : id_at_second_[i - id_split_] + id_shift_;
  }
  std::vector<std::pair<std::uint32_t, std::string_view>> supersedes_text_;  // views into parts_ (or the text)
  std::vector<Part> parts_;  // kept while the supersedes' text is looked up
};

std::uint32_t LogReader::Part::intern(Contingent value) {
  const std::string_view code = value.country.code();
  const std::string joined = fmt::format("{},{},{}", value.mission, code, value.component);
  const auto a = static_cast<std::uint32_t>(value.mission.size());
  const auto b = static_cast<std::uint32_t>(code.size());
  const std::uint64_t h = detail::hash_bytes(joined);
  std::uint32_t k = keys.find(joined, a, b, h);
  if (k == SpelledKeys::npos) {
    k = keys.add(joined, a, b, h);
    key_values.push_back(std::move(value));
  }
  return k;
}

std::uint32_t LogReader::Part::key_of(std::string_view mission, std::string_view country,
                                      std::string_view component, bool& unknown_country) {
  const auto a = static_cast<std::uint32_t>(mission.size());
  const auto b = static_cast<std::uint32_t>(country.size());
  std::string_view joined;
  if (mission.data() != nullptr && country.data() == mission.data() + a + 1 &&
      component.data() == country.data() + b + 1 && mission.data()[a] == ',' &&
      country.data()[b] == ',') {
    joined = std::string_view(mission.data(), a + b + component.size() + 2);
  } else {
    scratch.assign(mission);
    scratch += ',';
    scratch += country;
    scratch += ',';
    scratch += component;
    joined = scratch;
  }
  const std::uint64_t h = detail::hash_bytes(joined);
  std::uint32_t s = spelled.find(joined, a, b, h);
  if (s == SpelledKeys::npos) {
    s = spelled.add(joined, a, b, h);
    std::optional<Country> c;
    if (!country.empty()) c = Country::find(country);
    key_of_spelled.push_back(country.empty() || c ? intern({std::string(mission),
                                                            c.value_or(Country{}),
                                                            std::string(component)})
                                                  : no_key);
  }
  unknown_country = key_of_spelled[s] == no_key;
  return key_of_spelled[s];
}

// --- Header ---------------------------------------------------------------------

void LogReader::read_header() {
  const std::size_t bom = std::string_view(text_, size_).substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  header_.col.fill(absent);
  CsvReader head{text_ + bom, text_ + size_, 1};
  const auto r = head.next();
  header_.body_at = bom + head.offset();
  header_.body_line = head.next_line();
  if (r == CsvReader::done) {
    error(1, "empty file: expected a header row");
  } else if (r == CsvReader::bad) {
    error(head.line(), "header: " + head.error());
  } else {
    header_.ok = true;
    header_names(head.fields(), head.line());
  }
}

void LogReader::header_names(const std::vector<std::string_view>& f, std::size_t line) {
  header_.width = f.size();
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const std::string_view name = trim(f[i]);
    if (name.size() > max_column_name) {  // a limit: docs/limits.md
      error(line, detail::column_name_too_long(name));
      continue;
    }
    if (!names.insert(name).second) {
      error(line, spec::repeated_column(name));
      continue;
    }
    if (spec::user_column(name)) {
      header_.user_fields.push_back(i);
      log_.user_columns_.emplace_back(name);
      continue;
    }
    if (const auto c = spec::known_column(name, [&](std::string m) { error(line, std::move(m)); }))
      header_.col[static_cast<std::size_t>(*c)] = i;
  }
  if (!spec::required_columns(
          [&](Column c) { return header_.col[static_cast<std::size_t>(c)] != absent; },
          [&](std::string m) { error(line, std::move(m)); }))
    header_.ok = false;
}

// --- Rows -----------------------------------------------------------------------

// Gives the memory of the whole huge pages of [part_from, upto) not yet
// given back to the kernel, 32 MiB or more at a time: text the part has
// read, which nothing views (a row keeps copies of its cells).
void LogReader::Part::give_back_before(char* part_from, char* upto) noexcept {
  constexpr std::uintptr_t page = detail::huge_page_bytes;
  constexpr std::size_t at_once = std::size_t{32} << 20;
  const char* const done = given_back ? given_back : part_from;
  const auto from = (reinterpret_cast<std::uintptr_t>(done) + page - 1) & ~(page - 1);
  const auto to = reinterpret_cast<std::uintptr_t>(upto) & ~(page - 1);
  if (to < from + at_once) return;
  ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
  given_back = reinterpret_cast<char*>(to);
}

// Reads the rows of [from, to), in place, or leaving the text as it was
// where `leave_text`; `errors_before_rows` errors were found before them
// (the header's). With `give_back` (and leave_text), the memory of the text
// read is given back as reading goes on (give_back_before). `line_ends`: the
// line ends of [from, to), where the caller has counted them.
void LogReader::Part::read(char* from, char* to, std::size_t first_line,
                           std::size_t errors_before_rows, bool leave_text, bool give_back,
                           std::size_t line_ends) {
  const auto bytes = static_cast<std::size_t>(to - from);
  const std::size_t lines =
      (line_ends == uncounted ? detail::count_byte({from, bytes}, '\n') : line_ends) + 1;
  detail::reserve_huge(id_at, lines);
  detail::reserve_huge(id_hashes, lines);
  // Holding both parts: the two are split at the middle of the bytes, so the
  // rows of both are about twice this part's; the text is reserved once a
  // few thousand rows tell how many bytes of text a byte of the file gives.
  constexpr std::size_t rows_to_estimate = 4096;
  detail::reserve_huge(rows, holds_both ? 2 * lines + lines / 128 + 16 : lines);
  detail::reserve_huge(text, holds_both ? bytes / 4 : bytes / 2);
  CsvReader csv{from, to, first_line, 1, header->width};
  if (leave_text) csv.leave_text_unchanged();
  leaves_text = leave_text;
  std::size_t expected_line = 0;  // a part's first row always gets a line entry
  for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
    const std::size_t line = csv.line();
    reached = line;
    if (errors_before_rows + errors.size() >= max_errors_kept) {  // docs/limits.md
      error(line, detail::too_many_errors());
      break;
    }
    if (r == CsvReader::bad) {
      error(line, csv.error());
      continue;
    }
    const auto& f = csv.fields();
    if (f.size() != header->width) {
      error(line, spec::wrong_field_count(f.size(), header->width));
      continue;
    }
    read_row(f, line, expected_line);
    if (give_back && leave_text && rows.size() % 4096 == 0) give_back_before(from, from + csv.offset());
    if (holds_both && rows.size() == rows_to_estimate) {
      const double per_byte = static_cast<double>(text.size()) / static_cast<double>(csv.offset());
      const double both = 2.01 * static_cast<double>(bytes);  // the second part's, 1% over
      detail::reserve_huge(text, static_cast<std::size_t>(per_byte * both) + 4096);
    }
  }
}

// Rows given as cells, row i on line i + 2: what Part::read does with the
// records of a file, with the checks of the CSV reader that still apply to
// cells (UTF-8, the limits of a field and of the errors kept).
void LogReader::Part::read_cells(const std::vector<std::vector<std::string>>& cells,
                                 std::size_t errors_before_rows) {
  rows.reserve(cells.size());
  std::size_t expected_line = 0;
  std::vector<std::string_view> f;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t line = i + 2;
    reached = line;
    if (errors_before_rows + errors.size() >= max_errors_kept) {  // docs/limits.md
      error(line, detail::too_many_errors());
      break;
    }
    const std::vector<std::string>& row = cells[i];
    f.assign(row.begin(), row.end());
    std::string bad;
    for (std::size_t k = 0; k < f.size() && bad.empty(); ++k) {
      if (f[k].size() > max_cell_bytes)
        bad = fmt::format("field {} is longer than 1 MiB ({} bytes), the most muster reads",
                          k + 1, max_cell_bytes);
      else if (!valid_utf8(f[k]))
        bad = fmt::format("field {}: bytes that are not UTF-8", k + 1);
    }
    if (!bad.empty()) {
      error(line, std::move(bad));
      continue;
    }
    if (f.size() != header->width) {
      error(line, spec::wrong_field_count(f.size(), header->width));
      continue;
    }
    read_row(f, line, expected_line);
  }
}

// One row: its cells checked (spec sections 2 and 3) and stored.
void LogReader::Part::read_row(const std::vector<std::string_view>& f, std::size_t line,
                               std::size_t& expected_line) {
  const std::size_t errors_before = errors.size();
  auto cell = [&](Col c) { return field(*this, f, c); };
  auto fault = [&](std::string message) { error(line, std::move(message)); };
  Log::Row row{};
  row.range = Log::Row::exact;
  std::uint8_t flags = 0;
  const std::string_view id = cell(c_id);
  spec::id_given(id, fault);
  const auto kind_text = cell(c_kind);
  const std::optional<Kind> kind = spec::kind_of(kind_text, fault);
  const bool retraction = kind == Kind::retraction;
  const bool end = kind == Kind::end;  // no value; its country and component may be blank
  Period date{};
  spec::date_of(cell(c_date), date, fault);
  row.first = static_cast<std::int32_t>(date.first.days_since_epoch());
  flags |= static_cast<std::uint8_t>(date.precision);
  const std::string_view mission = cell(c_mission);
  spec::mission_given(mission, kind, kind_text, fault);
  if (!retraction) {  // a retraction's country, component, status and value are ignored
    const auto country_text = cell(c_country);
    bool unknown_country = false;
    row.key = key_of(mission, country_text, cell(c_component), unknown_country);
    spec::country_given(country_text, !unknown_country, kind, kind_text, fault);
    if (spec::status_of(cell(c_status), fault) == Status::planned) flags |= Log::flag_planned;
    if (!end) read_value(cell(c_count), cell(c_low), cell(c_high), fault, row, flags);
  } else {
    bool unused = false;
    row.key = key_of(mission, {}, {}, unused);
  }
  const Day recorded = spec::recorded_of(cell(c_recorded), date, fault);
  const auto sup = cell(c_supersedes);
  spec::supersedes_given(sup, retraction, fault);

  if (errors.size() != errors_before) {
    // Keep the id so that later duplicates and supersedes still resolve;
    // the file is refused, so the row never reaches a query.
    if (id.empty()) return;
    row.key = no_key;
  }
  flags |= static_cast<std::uint8_t>(static_cast<unsigned>(kind.value_or(Kind::retraction)) << 5);
  row.packed = static_cast<std::uint32_t>(recorded.days_since_epoch() +
                                          Log::recorded_bias) |
               (std::uint32_t{flags} << 24);
  const std::size_t index = rows.size();
  if (!sup.empty())
    supersedes_text.emplace_back(static_cast<std::uint32_t>(index), lasting(sup));
  if (line != expected_line) lines.emplace_back(static_cast<std::uint32_t>(index), line);
  expected_line = line + 1;
  id_at.push_back(text.size());
  id_hashes.push_back(detail::hash_bytes(id));
  const auto& col = header->col;
  put_text(text, id);
  put_text(text, col[c_source] == absent ? std::string_view{} : f[col[c_source]]);
  put_text(text, col[c_note] == absent ? std::string_view{} : f[col[c_note]]);
  for (std::size_t i : header->user_fields) put_text(text, trim(f[i]));
  rows.push_back(row);
}

// Section 3: the value of a row that carries one, as the rules give it,
// stored compactly (a range only where low or high is not the estimate).
template <class Error>
void LogReader::Part::read_value(std::string_view count, std::string_view low,
                                 std::string_view high, Error&& fault, Log::Row& row,
                                 std::uint8_t& flags) {
  const std::optional<spec::RowValue> v = spec::value_of(count, low, high, fault);
  if (!v) return;
  if (v->count_given) flags |= Log::flag_count_given;
  // At most spec::max_count: each fits in 32 bits; an unbounded high is -1.
  const Value& x = v->value;
  row.estimate = static_cast<std::int32_t>(x.estimate);
  if (x.low != x.estimate || x.high != x.estimate) {
    row.range = static_cast<std::uint32_t>(ranges.size());
    ranges.push_back({static_cast<std::int32_t>(x.low),
                      x.bounded() ? static_cast<std::int32_t>(x.high) : -1});
  }
}

// --- One part or two ---------------------------------------------------------------

// Large files are read in two parts at once, each leaving the text as it was
// (quoted fields with "" unescaped aside, not in place), split at a line end outside
// quotes. Where either part finds anything wrong, or the split turns out not
// to fall between records, the file is read again in one part, so that every
// message is exactly that of a reading in one pass.
void LogReader::read_parts(std::size_t split_from) {
  if (!header_.ok) return;
  std::vector<Part>& parts = parts_;
  if (size_ - header_.body_at >= split_from && detail::two_threads()) {
    if (read_two_parts(parts)) {  // nothing views the text any more
      free_text_();
      text_ = nullptr;
      size_ = 0;
    } else {
      parts.clear();  // one pass (pages given back come back from the file)
    }
  }
  if (parts.empty()) {
    parts.resize(1);
    parts[0].file = &log_.file_;
    parts[0].header = &header_;
    parts[0].read(text_ + header_.body_at, text_ + size_, header_.body_line,
                  errors_.size());
  }
  join(parts);
}

bool LogReader::read_two_parts(std::vector<Part>& parts) {
  const char* const begin = text_ + header_.body_at;
  const char* const end = text_ + size_;
  const char* mid = begin + (end - begin) / 2;
  // The halves counted at once below meet at a 64 KiB boundary where there
  // is one, so that the two threads never read one page: SIGBUS's handler
  // may replace the pages of a mapped file cut short (MappedFile).
  constexpr std::uintptr_t apart = std::uintptr_t{64} << 10;
  const auto aligned = reinterpret_cast<const char*>(
      (reinterpret_cast<std::uintptr_t>(mid) + apart - 1) & ~(apart - 1));
  if (aligned < end) mid = aligned;
  const char* const mid_from = mid;
  // The quotes and line ends before the middle, and the line ends after it,
  // counted at once: where a record starts after the middle, and the lines
  // of each part (which sizes its arrays).
  std::pair<std::size_t, std::size_t> before{};
  std::size_t after = 0;
  detail::run_both(
      true, [&] { before = detail::count_bytes({begin, static_cast<std::size_t>(mid - begin)}, '"', '\n'); },
      [&] { after = detail::count_byte({mid, static_cast<std::size_t>(end - mid)}, '\n'); });
  const std::size_t line_ends = before.second;  // not a binding: lambdas below use it (clang 14)
  bool quoted = before.first % 2 != 0;
  for (; mid < end; ++mid) {
    if (*mid == '"') quoted = !quoted;
    else if (*mid == '\n' && !quoted) break;
  }
  if (mid == end) return false;
  ++mid;  // just after the line end
  const std::size_t to_split =
      detail::count_byte({mid_from, static_cast<std::size_t>(mid - mid_from)}, '\n');
  const std::size_t mid_line = header_.body_line + line_ends + to_split;
  parts.resize(2);
  parts[0].holds_both = true;
  auto run = [&](Part& part, const char* from, const char* to, std::size_t first_line,
                 std::size_t part_line_ends) {
    part.file = &log_.file_;
    part.header = &header_;
    char* const at = text_ + (from - text_);
    part.read(at, at + (to - from), first_line, errors_.size(), true, give_back_,
              part_line_ends);
  };
  detail::run_both(true, [&] { run(parts[0], begin, mid, header_.body_line, line_ends + to_split); },
                   [&] { run(parts[1], mid, end, mid_line, after - to_split); });
  // No error in the first part means that it ended with a whole record at
  // the split (a split inside a quoted field leaves it unterminated). Each
  // part counts its own records and fields against the limits.
  const std::size_t total = parts[0].rows.size() + parts[1].rows.size();
  return parts[0].errors.empty() && parts[1].errors.empty() && total < CsvReader::max_records &&
         (total + 1) * header_.width <= CsvReader::max_fields_in_all;
}

// The parts, joined: keys renumbered into the first part's, rows, text,
// lines and supersedes shifted past the first part's. Allocated at their
// exact sizes: each byte is copied once.
void LogReader::join(std::vector<Part>& parts) {
  Part& first = parts[0];
  if (parts.size() == 1) {
    log_.rows_ = std::move(first.rows);
    log_.ranges_ = std::move(first.ranges);
    log_.text_ = std::move(first.text);
    id_at_ = std::move(first.id_at);
    id_hashes_ = std::move(first.id_hashes);
    supersedes_text_ = std::move(first.supersedes_text);
    log_.lines_ = std::move(first.lines);
  } else {
    Part& second = parts[1];
    std::vector<std::uint32_t> renumber(second.key_values.size());
    for (std::size_t k = 0; k < second.key_values.size(); ++k)
      renumber[k] = first.intern(second.key_values[k]);
    const auto shift = static_cast<std::uint32_t>(first.rows.size());
    // The second part's rows and text appended to the first's, in the room
    // the first reserved for them (else it grows, copying once); the rows on
    // this thread and the text on another where they are large.
    auto join_rows = [&] {
      log_.rows_ = std::move(first.rows);
      log_.rows_.reserve(log_.rows_.size() + second.rows.size());
      const auto range_shift = static_cast<std::uint32_t>(first.ranges.size());
      for (Log::Row row : second.rows) {
        if (row.key != no_key) row.key = renumber[row.key];
        if (row.range != Log::Row::exact) row.range += range_shift;
        log_.rows_.push_back(row);
      }
      std::vector<Log::Row>().swap(second.rows);
      log_.ranges_ = std::move(first.ranges);
      log_.ranges_.insert(log_.ranges_.end(), second.ranges.begin(), second.ranges.end());
      std::vector<Log::Range>().swap(second.ranges);
    };
    id_shift_ = first.text.size();
    detail::run_both(second.rows.size() >= ids_on_two_threads_from && detail::two_threads(),
                     join_rows, [&] { join_text(first.text, second.text); });
    // Each part's text offsets kept as they are: id_of reads the second's
    // shifted.
    id_at_ = std::move(first.id_at);
    id_at_second_ = std::move(second.id_at);
    id_hashes_ = std::move(first.id_hashes);
    id_hashes_second_ = std::move(second.id_hashes);
    id_split_ = shift;
    supersedes_text_ = std::move(first.supersedes_text);
    for (const auto& [row, sup] : second.supersedes_text)
      supersedes_text_.emplace_back(row + shift, sup);
    log_.lines_ = std::move(first.lines);
    for (const auto& [row, line] : second.lines) log_.lines_.emplace_back(row + shift, line);
  }
  key_values_ = std::move(first.key_values);
  for (Part& part : parts) errors_.insert(errors_.end(), part.errors.begin(), part.errors.end());
}

// The two parts' text, one after the other, in log_.text_: appended in
// place where the first part's reservation holds both; else (the first
// rows' text per byte of the file underestimated the rest, as where ids
// grow longer) copied once into text of the exact size, rather than grown
// (which doubles its capacity: a copy, and another to cut it to size).
void LogReader::join_text(std::string& first, std::string& second) {
  const std::size_t total = first.size() + second.size();
  if (total <= first.capacity()) {
    log_.text_ = std::move(first);
    log_.text_ += second;
  } else {
    std::string& text = log_.text_;
    detail::reserve_huge(text, total);
    text += first;
    std::string().swap(first);
    text += second;
  }
  std::string().swap(second);
}

// An entry whose line the one before it predicts (each row on the line after
// the previous row's) is not needed; and every text_block-th row's text offset.
void LogReader::compact_lines() {
  auto& lines = log_.lines_;
  std::size_t kept = 0;
  for (const auto& [row, line] : lines) {
    const std::size_t predicted =
        kept == 0 ? row + 2 : lines[kept - 1].second + (row - lines[kept - 1].first);
    if (line != predicted) lines[kept++] = {row, line};
  }
  lines.resize(kept);
  lines.shrink_to_fit();
  const std::size_t n = log_.rows_.size();
  log_.text_at_.reserve(n / Log::text_block + 1);
  for (std::size_t i = 0; i < n; i += Log::text_block) log_.text_at_.push_back(id_offset(i));
}

std::string_view LogReader::id_of(std::size_t i) const {
  const char* p = log_.text_.data() + id_offset(i);
  return get_text(p);
}

// --- Ids and supersedes -------------------------------------------------------------

// Section 6: every id unique, and every supersedes naming another row's id.
void LogReader::check_ids() {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> duplicates;  // (row, first), file order
  const IdTable ids = index_ids(duplicates);
  for (const auto& [row, first] : duplicates)
    error(log_.line(row), spec::duplicate_id(id_of(row), log_.line(first)));
  resolve_supersedes(ids);
  std::vector<std::size_t>().swap(id_at_);
  std::vector<std::size_t>().swap(id_at_second_);
}

// The rows by the hash of their id, cut by its top bits into buckets of
// some 8,000 rows, each bucket's rows in file order, into `entries`; returns
// where each bucket starts (and the end). Each row's hash was made as it was
// read (Part::id_hashes). Where `two`, two threads bucket half the rows each.
std::vector<std::uint32_t> LogReader::bucket_ids(const IdTable& ids, bool two, IdEntry* entries) {
  const std::size_t n = log_.rows_.size();
  const std::size_t buckets = ids.table.size();
  // Rows of each bucket in each half: where each half's rows of a bucket go.
  // A line's worth more of each, so that the two threads' counts are never
  // on one cache line (OwnLines in tracks.hpp).
  constexpr std::size_t apart = detail::cache_line_bytes / sizeof(std::uint32_t);
  std::vector<std::uint32_t> at[2] = {std::vector<std::uint32_t>(buckets + 1 + apart, 0),
                                      std::vector<std::uint32_t>(buckets + 1 + apart, 0)};
  auto count_rows = [&](std::size_t from, std::size_t to, std::vector<std::uint32_t>& count) {
    for (std::size_t i = from; i < to; ++i) ++count[ids.bucket_of(id_hash_at(i))];
  };
  detail::run_both(two, [&] { count_rows(0, n / 2, at[0]); },
                   [&] { count_rows(n / 2, n, at[1]); });
  // Bucket b holds the first half's rows of b, then the second half's.
  std::vector<std::uint32_t> bucket_at(buckets + 1, 0);
  std::uint32_t sum = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::uint32_t first = at[0][b], second = at[1][b];
    bucket_at[b] = sum;
    at[0][b] = sum;
    at[1][b] = sum + first;
    sum += first + second;
  }
  bucket_at[buckets] = sum;
  auto scatter = [&](std::size_t from, std::size_t to, std::vector<std::uint32_t>& next) {
    for (std::size_t i = from; i < to; ++i) {
      const std::uint64_t h = id_hash_at(i);
      entries[next[ids.bucket_of(h)]++] = {h, static_cast<std::uint32_t>(i)};
    }
  };
  detail::run_both(two, [&] { scatter(0, n / 2, at[0]); }, [&] { scatter(n / 2, n, at[1]); });
  return bucket_at;
}

// The hash table of the ids, bucket by bucket: the hash table of a bucket
// (the first row with each id) fits the cache, where one table of every row
// would wait on memory at every probe. Where the log is large, two threads
// fill half of the buckets each. `duplicates`: each later row with an id and
// the first, in file order, as one table would have found them.
LogReader::IdTable LogReader::index_ids(
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& duplicates) {
  const std::size_t n = log_.rows_.size();
  const bool two = n >= ids_on_two_threads_from && detail::two_threads();
  IdTable ids;
  while (ids.bits < 16 && (n >> ids.bits) > ids_per_bucket) ++ids.bits;
  const std::size_t buckets = std::size_t{1} << ids.bits;
  ids.table.resize(buckets);
  // Written before read, so mapped without being zeroed (BigBuffer).
  detail::BigBuffer entry_memory(n * sizeof(IdEntry));
  auto* const entries = reinterpret_cast<IdEntry*>(entry_memory.data());
  const std::vector<std::uint32_t> bucket_at = bucket_ids(ids, two, entries);
  std::vector<std::uint64_t>().swap(id_hashes_);
  std::vector<std::uint64_t>().swap(id_hashes_second_);
  auto rehash_of = [&](std::uint32_t row) { return detail::hash_bytes(id_of(row)); };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> found[2];  // (row, first)
  auto fill = [&](std::size_t from, std::size_t to, auto& out) {
    for (std::size_t b = from; b < to; ++b) {
      detail::HashIndex& tab = ids.table[b];
      tab.reserve(bucket_at[b + 1] - bucket_at[b], rehash_of);
      for (std::size_t e = bucket_at[b]; e < bucket_at[b + 1]; ++e) {
        const std::uint64_t h = entries[e].hash;
        const std::uint32_t row = entries[e].row;
        // The ids compared only where the hash's high half matches: the
        // rows' text is not in the cache.
        const std::uint32_t first =
            tab.find(h, [&](std::uint32_t r) { return id_of(r) == id_of(row); });
        if (first == detail::HashIndex::none) tab.add(h, row, rehash_of);
        else out.emplace_back(row, first);
      }
    }
  };
  detail::run_both(two, [&] { fill(0, buckets / 2, found[0]); },
                   [&] { fill(buckets / 2, buckets, found[1]); });
  duplicates = std::move(found[0]);
  duplicates.insert(duplicates.end(), found[1].begin(), found[1].end());
  std::sort(duplicates.begin(), duplicates.end());
  return ids;
}

// The row each supersedes names, half of them on each thread (each a wait
// on memory for the table and the ids' text): their rows and errors in
// file order, the first half's then the second's.
void LogReader::resolve_supersedes(const IdTable& ids) {
  struct Named {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> supersedes;  // (row, target)
    std::vector<Diagnostic> errors;
  };
  detail::OwnLines<Named> named[2];
  auto resolve = [&](std::size_t from, std::size_t to, Named& out) {
    out.supersedes.reserve(to - from);
    for (std::size_t k = from; k < to; ++k) {
      const auto& [row, sup] = supersedes_text_[k];
      if (sup == id_of(row)) {
        out.errors.push_back({log_.file_, log_.line(row), spec::supersedes_own_id(sup)});
        continue;
      }
      const std::string_view name = sup;  // a lambda cannot capture a binding (clang 14)
      const std::uint64_t h = detail::hash_bytes(name);
      const std::uint32_t target =
          ids.table[ids.bucket_of(h)].find(h, [&](std::uint32_t r) { return id_of(r) == name; });
      if (target == detail::HashIndex::none)
        out.errors.push_back({log_.file_, log_.line(row), spec::supersedes_missing(sup)});
      else out.supersedes.emplace_back(row, target);
    }
  };
  const std::size_t ns = supersedes_text_.size();
  detail::run_both(ns >= supersedes_on_two_threads_from && detail::two_threads(),
                   [&] { resolve(0, ns / 2, named[0].value); },
                   [&] { resolve(ns / 2, ns, named[1].value); });
  log_.supersedes_ = std::move(named[0].value.supersedes);
  log_.supersedes_.insert(log_.supersedes_.end(), named[1].value.supersedes.begin(),
                          named[1].value.supersedes.end());
  for (auto& half : named)
    errors_.insert(errors_.end(), std::make_move_iterator(half.value.errors.begin()),
                   std::make_move_iterator(half.value.errors.end()));
}

// --- Keys and observations ------------------------------------------------------------

// Sorted, so that rows sort and group by a number instead of by strings.
void LogReader::sort_keys() {
  std::vector<std::uint32_t> order(key_values_.size());
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return key_values_[a] < key_values_[b]; });
  std::vector<std::uint32_t> rank(order.size());
  log_.keys_.reserve(order.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
    log_.keys_.push_back(std::move(key_values_[order[r]]));
  }
  counted_keys_.assign(log_.keys_.size(), false);
  for (std::size_t i = 0; i < log_.rows_.size(); ++i) {
    Log::Row& row = log_.rows_[i];
    if (row.key == no_key) continue;
    row.key = rank[row.key];
    const Kind k = log_.kind(i);
    if (k != Kind::end && k != Kind::retraction) counted_keys_[row.key] = true;
  }
}

void LogReader::mark_observations() {
  // The keys of arrivals, departures, reports and pledges (not of an end or
  // a retraction only) make a blank component an observation (section 5).
  const std::vector<bool> observed = rules::observation_keys(log_.keys_, &counted_keys_);
  std::vector<bool>().swap(counted_keys_);
  for (std::size_t i = 0; i < log_.rows_.size(); ++i) {
    Log::Row& row = log_.rows_[i];
    if (row.key == no_key) continue;
    const Kind k = log_.kind(i);
    if (k == Kind::report && observed[row.key]) {
      row.packed |= std::uint32_t{Log::flag_observation} << 24;
      log_.observation_rows_.push_back(static_cast<std::uint32_t>(i));
    } else if (k == Kind::end)
      log_.end_rows_.push_back(static_cast<std::uint32_t>(i));
  }
  log_.end_from_.push_back(0);
  if (log_.end_rows_.empty() && log_.observation_rows_.empty()) return;
  // The keys of rows that put steps of their own: the contingents each end
  // sets to 0 (keys sort by mission first), and what totals bound.
  std::vector<bool> stepping(log_.keys_.size(), false);
  for (std::size_t i = 0; i < log_.rows_.size(); ++i) {
    const Kind k = log_.kind(i);
    if (log_.rows_[i].key != no_key && !log_.observation(i) &&
        (k == Kind::arrival || k == Kind::departure || k == Kind::report))
      stepping[log_.rows_[i].key] = true;
  }
  for (std::size_t c = 0; c < stepping.size(); ++c)
    if (stepping[c]) log_.parts_.push_back(static_cast<std::uint32_t>(c));
  for (const std::uint32_t i : log_.end_rows_) {
    const Contingent& scope = log_.keys_[log_.rows_[i].key];
    auto k = std::lower_bound(log_.keys_.begin(), log_.keys_.end(), scope.mission,
                              [](const Contingent& c, const std::string& m) { return c.mission < m; });
    for (; k != log_.keys_.end() && k->mission == scope.mission; ++k) {
      const auto at = static_cast<std::size_t>(k - log_.keys_.begin());
      if (stepping[at] && rules::end_covers(scope, *k))
        log_.end_keys_.push_back(static_cast<std::uint32_t>(at));
    }
    log_.end_from_.push_back(static_cast<std::uint32_t>(log_.end_keys_.size()));
  }
}

// --- Departures the log cannot hold (section 6) ----------------------------------------

// The rule runs the tracks of the default vantage (src/departures.hpp); the
// log keeps them.
void LogReader::check_departures() {
  detail::DepartureCheck check = detail::check_departures(log_);
  for (auto& [line, message] : check.errors) error(line, std::move(message));
  log_.checked_run_ = std::move(check.tracks);
}

Log LogReader::read(std::size_t split_from) {
  read_header();
  read_parts(split_from);
  return finish();
}

Log LogReader::read_cells(const std::vector<std::string>& columns,
                          const std::vector<std::vector<std::string>>& rows) {
  header_.col.fill(absent);
  header_.ok = true;
  const std::vector<std::string_view> names(columns.begin(), columns.end());
  for (std::size_t k = 0; k < names.size(); ++k)
    if (!valid_utf8(names[k])) {
      error(1, fmt::format("header: field {}: bytes that are not UTF-8", k + 1));
      header_.ok = false;
    }
  if (header_.ok) header_names(names, 1);
  if (!header_.ok) return finish();
  parts_.resize(1);
  parts_[0].file = &log_.file_;
  parts_[0].header = &header_;
  parts_[0].read_cells(rows, errors_.size());
  join(parts_);
  return finish();
}

// The phases after the rows: lines, ids and supersedes, keys, observations,
// departures; every error found, in line order, or the log.
Log LogReader::finish() {
  compact_lines();
  check_ids();
  sort_keys();
  mark_observations();
  if (errors_.empty()) check_departures();
  if (!errors_.empty()) {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    throw LogRefused(std::move(errors_));
  }
  // Read in one part, the arrays are cut to size (a copy of a few MB at
  // most); in two, only where more than 1/32 of them is room to spare (the
  // copy of a large log costs more than the room).
  const bool one_part = id_split_ == static_cast<std::size_t>(-1);
  if (one_part || log_.text_.capacity() - log_.text_.size() > log_.text_.size() / 32)
    log_.text_.shrink_to_fit();
  if (one_part || log_.rows_.capacity() - log_.rows_.size() > log_.rows_.size() / 32)
    log_.rows_.shrink_to_fit();
  log_.ranges_.shrink_to_fit();
  return std::move(log_);
}

namespace {

// Reads the log text [text, text + size) (LogReader); where an allocation
// fails, refuses the log at the line reached.
Log parse_text(char* text, std::size_t size, const std::function<void()>& free_text,
               std::string file_name, std::size_t split_from, bool give_back = false) {
  std::optional<LogReader> reader;
  try {
    reader.emplace(text, size, free_text, file_name, give_back);
    return reader->read(split_from);
  } catch (const std::bad_alloc&) {
    const std::size_t line = reader ? reader->line_reached() : 1;
    reader.reset();  // what it holds is freed before the error is made
    refuse_out_of_memory(file_name, line, fmt::format("checking a log of {} bytes", size));
  }
}

}  // namespace

Log parse_log(std::string text, std::string file_name, std::size_t split_from) {
  return parse_text(text.data(), text.size(), [&] { std::string().swap(text); },
                    std::move(file_name), split_from);
}

Log parse_cells(std::string file_name, const std::vector<std::string>& columns,
                const std::vector<std::vector<std::string>>& rows) {
  std::optional<LogReader> reader;
  try {
    reader.emplace(nullptr, 0, [] {}, file_name);
    return reader->read_cells(columns, rows);
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(file_name, reader ? reader->line_reached() : 1, "checking the rows");
  }
}

namespace detail {

std::string column_name_too_long(std::string_view name) {
  return fmt::format("column {} has a name longer than {} bytes, the most muster reads",
                     shown(name), max_column_name_bytes);
}

std::string too_many_errors() {
  return fmt::format("more than {} errors: muster stopped reading the file here",
                     max_errors_kept);
}

std::string too_long(std::size_t max_file_bytes) {
  return fmt::format("the file goes on past {} bytes, the most muster reads", max_file_bytes);
}

// --- A file read through a mapping (read_by_mapping) ---------------------------------

namespace {

// Whether read_log maps a regular file of map_from bytes or more: off until
// the program asks (read_by_mapping).
std::atomic<bool> mapping_asked{false};

// A regular file mapped privately: its pages are the page cache's, so
// reading copies nothing and zeroes no page (a read(2) into fresh memory
// does both: a sixth of reading a 10^6-row log). Rows keep copies of their
// cells, and the one pass that unescapes quoted fields in place writes to
// private copies of the pages it changes, never to the file.
//
// A file cut short by another program while mapped would raise SIGBUS on
// the pages it lost. The mapping's range is registered in `mapped`, and
// while a mapped read is under way SIGBUS's handler is on_bus, put in front
// of the one there was (BusHandler): it maps a page of zeros over a lost
// page of a registered range and marks it cut, so that reading goes on over
// zeros and the log is then refused as changed. Every other SIGBUS goes on
// to the handler there was, as the kernel would have run it. When the last
// mapped read is done, the handler there was is put back.
struct MappedRange {
  std::atomic<std::uintptr_t> begin{0}, end{0};
  std::atomic<bool> cut{false};
};
constexpr std::size_t max_mapped = 64;  // files mapped at once (more: read with pread)
MappedRange mapped[max_mapped];
std::atomic<std::uintptr_t> page_bytes{4096};

// The handler on_bus stands in front of, in the slot `before_at` names: a
// new one is written to the other slot, so that a handler running reads a
// whole one. Written under bus_mutex only.
struct sigaction bus_before[2] {};
std::atomic<int> before_at{0};
std::mutex bus_mutex;
std::size_t bus_readers = 0;  // mapped reads under way, under bus_mutex

// A SIGBUS that is not muster's: run as the handler there was would have
// been run by the kernel. A one-shot handler (SA_RESETHAND) is reset first,
// so that a fault it returns from repeats and kills instead of calling it
// again forever; with no handler (SIG_DFL, or SIG_IGN, which the kernel does
// not honour for a fault), the signal is raised again under SIG_DFL: it is
// delivered, and kills, when on_bus returns.
void pass_on(int sig, siginfo_t* info, void* context) {
  const struct sigaction& before = bus_before[before_at.load(std::memory_order_acquire)];
  const bool fault = info && info->si_code > 0;  // from the kernel, not kill(2)
  if (before.sa_flags & SA_RESETHAND) {
    struct sigaction none {};
    none.sa_handler = SIG_DFL;
    ::sigemptyset(&none.sa_mask);
    ::sigaction(SIGBUS, &none, nullptr);
  }
  if (before.sa_flags & SA_SIGINFO) {
    if (before.sa_sigaction) {
      before.sa_sigaction(sig, info, context);
      return;
    }
  } else if (before.sa_handler == SIG_IGN && !fault) {
    return;
  } else if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN) {
    before.sa_handler(sig);
    return;
  }
  ::signal(SIGBUS, SIG_DFL);
  ::raise(SIGBUS);
}

extern "C" void on_bus(int sig, siginfo_t* info, void* context) {
  // A page of a mapped file that was cut short: BUS_ADRERR at its address.
  if (info && info->si_code == BUS_ADRERR) {
    const auto at = reinterpret_cast<std::uintptr_t>(info->si_addr);
    const std::uintptr_t page = page_bytes.load(std::memory_order_relaxed);
    for (MappedRange& m : mapped) {
      if (at < m.begin.load(std::memory_order_acquire) || at >= m.end.load(std::memory_order_acquire))
        continue;
      void* lost = reinterpret_cast<void*>(at & ~(page - 1));
      if (::mmap(lost, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0) != MAP_FAILED) {
        m.cut.store(true, std::memory_order_release);
        return;  // the read is made again, of zeros
      }
    }
  }
  pass_on(sig, info, context);
}

bool is_on_bus(const struct sigaction& a) noexcept {
  return (a.sa_flags & SA_SIGINFO) && a.sa_sigaction == on_bus;
}

// on_bus as SIGBUS's handler, and SIGBUS unblocked on this thread (and so
// on the threads it starts), for one mapped read. The first of the reads
// under way puts on_bus in front of the handler there is, and so does a
// read that finds another handler put there since; the last puts back the
// one there was, unless another has been put there since. False where
// sigaction(2) fails: the file is then read, not mapped.
class BusHandler {
 public:
  BusHandler() {
    const std::lock_guard lock(bus_mutex);
    struct sigaction now {};
    if (::sigaction(SIGBUS, nullptr, &now) != 0) return;
    if (!is_on_bus(now)) {
      page_bytes.store(static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)), std::memory_order_relaxed);
      const int slot = 1 - before_at.load(std::memory_order_relaxed);
      bus_before[slot] = now;
      before_at.store(slot, std::memory_order_release);
      struct sigaction a {};
      a.sa_sigaction = on_bus;
      a.sa_flags = SA_SIGINFO | (now.sa_flags & SA_ONSTACK);
      a.sa_mask = now.sa_mask;  // what the handler there was runs with
      if (::sigaction(SIGBUS, &a, nullptr) != 0) return;
    }
    ++bus_readers;
    installed_ = true;
    // A fault on a blocked SIGBUS kills, handler or not: unblocked while read.
    sigset_t bus;
    ::sigemptyset(&bus);
    ::sigaddset(&bus, SIGBUS);
    ::pthread_sigmask(SIG_UNBLOCK, &bus, &mask_before_);
  }
  BusHandler(const BusHandler&) = delete;
  BusHandler& operator=(const BusHandler&) = delete;
  ~BusHandler() {
    if (!installed_) return;
    ::pthread_sigmask(SIG_SETMASK, &mask_before_, nullptr);
    const std::lock_guard lock(bus_mutex);
    if (--bus_readers > 0) return;
    struct sigaction now {};
    if (::sigaction(SIGBUS, nullptr, &now) == 0 && is_on_bus(now))
      ::sigaction(SIGBUS, &bus_before[before_at.load(std::memory_order_relaxed)], nullptr);
  }

  explicit operator bool() const noexcept { return installed_; }

 private:
  bool installed_ = false;
  sigset_t mask_before_{};
};

// A file mapped, its range registered for on_bus (BusHandler must be in
// place); data() is null where it could not be.
class MappedFile {
 public:
  MappedFile(int fd, std::size_t size) : size_(size) {
    if (size_ == 0) return;
    for (MappedRange& m : mapped) {
      std::uintptr_t free = 0;
      if (m.begin.load() == 0 && m.begin.compare_exchange_strong(free, 1)) {  // taken
        slot_ = &m;
        break;
      }
    }
    if (!slot_) return;
    void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      slot_->begin.store(0);
      slot_ = nullptr;
      return;
    }
    data_ = static_cast<char*>(p);
    slot_->cut.store(false);
    // Begin first: while end is 0 the range is empty (taken, begin was 1).
    slot_->begin.store(reinterpret_cast<std::uintptr_t>(data_), std::memory_order_release);
    slot_->end.store(reinterpret_cast<std::uintptr_t>(data_) + size_, std::memory_order_release);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() { release(); }

  char* data() noexcept { return data_; }
  /// Whether the file lost pages while mapped (so far, or before release).
  bool cut() const noexcept { return cut_ || (slot_ && slot_->cut.load(std::memory_order_acquire)); }
  /// Unmaps the file (its range no longer registered first).
  void release() noexcept {
    if (!slot_) return;
    cut_ = slot_->cut.load(std::memory_order_acquire);
    slot_->end.store(0, std::memory_order_release);
    slot_->begin.store(0, std::memory_order_release);
    slot_ = nullptr;
    ::munmap(data_, size_);
    data_ = nullptr;
  }

 private:
  std::size_t size_;
  char* data_ = nullptr;
  MappedRange* slot_ = nullptr;
  bool cut_ = false;
};

}  // namespace

std::optional<Log> read_mapped_log(int fd, const std::string& name, std::size_t size,
                                   std::size_t split_from,
                                   const std::function<void()>& before_reading) {
  const BusHandler bus;
  if (!bus) return std::nullopt;
  MappedFile file(fd, size);
  if (!file.data()) return std::nullopt;
  if (before_reading) before_reading();
  const auto changed = [&] {
    return LogRefused({{name, 0, "the file changed while it was read: read it again"}});
  };
  std::optional<Log> log;
  try {
    // A part gives back the pages it has read: the file's, read again from
    // the page cache should one pass need them.
    log.emplace(parse_text(file.data(), size, [&] { file.release(); }, name, split_from, true));
  } catch (const LogRefused&) {
    if (file.cut()) throw changed();
    throw;
  }
  if (file.cut()) throw changed();
  return log;
}

namespace {

[[noreturn]] void refuse_unreadable(const std::string& name) {
  throw LogRefused({{name, 0, fmt::format("cannot read the file: {}", std::strerror(errno))}});
}

// Where reading stops past the limit: the line that holds byte max_file_bytes.
[[noreturn]] void refuse_too_long(const std::string& name, std::size_t line,
                                  std::size_t max_file_bytes) {
  throw LogRefused({{name, line, too_long(max_file_bytes)}});
}

// read(2) into [at, at + room), again after EINTR; 0 at the end.
std::size_t read_some(int fd, char* at, std::size_t room, const std::string& name) {
  for (;;) {
    const ssize_t n = ::read(fd, at, room);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) refuse_unreadable(name);
  }
}

// pread(2) of [at, at + room) from `offset`, again after EINTR; 0 at the end.
std::size_t pread_some(int fd, char* at, std::size_t room, std::size_t offset,
                       const std::string& name) {
  for (;;) {
    const ssize_t n = ::pread(fd, at, room, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) refuse_unreadable(name);
  }
}

// A regular file from this size on is read in two halves at once.
constexpr std::size_t read_on_two_threads_from = std::size_t{16} << 20;

bool read_sequentially(int fd, const std::string& name, std::size_t max_file_bytes,
                       BigBuffer& buffer);

// A regular file of known size: read straight into one text of that size
// (one byte more, to see a file that grew).
bool read_sized(int fd, const std::string& name, std::size_t max_file_bytes, std::string& text) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return false;
  text.resize(std::min(static_cast<std::size_t>(st.st_size), max_file_bytes) + 1);
  std::size_t got = 0;
  while (got < text.size()) {
    const std::size_t n = read_some(fd, text.data() + got, text.size() - got, name);
    if (n == 0) break;
    got += n;
  }
  if (got > max_file_bytes)
    refuse_too_long(name, 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + max_file_bytes, '\n')),
                    max_file_bytes);
  if (got == text.size()) return false;  // it grew: read the rest in blocks
  text.resize(got);
  return true;
}

}  // namespace

bool read_file_buffer(int fd, const std::string& name, std::size_t max_file_bytes,
                      BigBuffer& buffer) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return false;
  const std::size_t want = std::min(static_cast<std::size_t>(st.st_size), max_file_bytes) + 1;
  try {
    buffer = BigBuffer(want);
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(name, 1, "reading the file");
  }
  if (want > max_file_bytes || want < read_on_two_threads_from || !two_threads())
    return read_sequentially(fd, name, max_file_bytes, buffer);
  // Its two halves at once with pread(2), then one byte past its size to see
  // a file that grew; a file that changed size is read again from the start.
  const std::size_t size = want - 1, half = size / 2;
  auto fill = [&](std::size_t from, std::size_t to) {
    while (from < to) {
      const std::size_t n = pread_some(fd, buffer.data() + from, to - from, from, name);
      if (n == 0) return false;
      from += n;
    }
    return true;
  };
  bool first = false, second = false;
  run_both(true, [&] { first = fill(0, half); }, [&] { second = fill(half, size); });
  char past = 0;
  if (!first || !second || pread_some(fd, &past, 1, size, name) != 0) {
    buffer.release();
    return false;  // the file is still at its start: read_log_text reads it
  }
  buffer.set_size(size);
  return true;
}

namespace {

// read_file_buffer, with read(2) from the file's position (its start).
bool read_sequentially(int fd, const std::string& name, std::size_t max_file_bytes,
                       BigBuffer& buffer) {
  const std::size_t want = buffer.capacity();
  std::size_t got = 0;
  while (got < want) {
    const std::size_t n = read_some(fd, buffer.data() + got, want - got, name);
    if (n == 0) break;
    got += n;
  }
  if (got > max_file_bytes)
    refuse_too_long(name, 1 + count_byte({buffer.data(), max_file_bytes}, '\n'), max_file_bytes);
  if (got == want) {  // it grew: read_log_text reads it from the start
    buffer.release();
    if (::lseek(fd, 0, SEEK_SET) != 0) refuse_unreadable(name);
    return false;
  }
  buffer.set_size(got);
  return true;
}

}  // namespace

// Reads up to one byte past the limit. A regular file is read straight into
// one text of its size; a pipe, standard input or a file that grows, in
// blocks that are joined once at the end (each freed once copied), so memory
// stays a block above what was read, and past the limit nothing is joined.
// Throws LogRefused where the file cannot be read or goes on past the limit.
std::string read_log_text(int fd, const std::string& name, std::size_t max_file_bytes) {
  std::string text;
  try {
    if (read_sized(fd, name, max_file_bytes, text)) return text;
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(name, 1, "reading the file");
  }
  constexpr std::size_t block = std::size_t{16} << 20;
  std::vector<std::string> blocks;
  std::size_t got = text.size(), lines = count_byte(text, '\n');
  if (!text.empty()) blocks.push_back(std::move(text));
  for (bool more = true; more && got <= max_file_bytes;) {
    std::string b;
    try {
      b.resize(std::min(block, max_file_bytes + 1 - got));
    } catch (const std::bad_alloc&) {
      refuse_out_of_memory(name, 1 + lines, fmt::format("after reading {} bytes", got));
    }
    std::size_t filled = 0;
    while (filled < b.size()) {
      const std::size_t n = read_some(fd, b.data() + filled, b.size() - filled, name);
      if (n == 0) {
        more = false;
        break;
      }
      filled += n;
    }
    b.resize(filled);
    if (got + filled > max_file_bytes)
      refuse_too_long(name, 1 + lines + static_cast<std::size_t>(
                                            std::count(b.begin(), b.begin() + (max_file_bytes - got), '\n')),
                      max_file_bytes);
    lines += count_byte(b, '\n');
    got += filled;
    if (filled) blocks.push_back(std::move(b));
  }
  if (blocks.size() == 1) return std::move(blocks.front());
  try {
    text.reserve(got);
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(name, 1 + lines, fmt::format("after reading {} bytes", got));
  }
  for (std::string& b : blocks) {
    text += b;
    std::string().swap(b);
  }
  return text;
}

std::string journal_path(const std::string& log_path) { return log_path + ".muster-append"; }

namespace {

constexpr std::string_view journal_magic = "muster-append v1 length=";

// FNV-1a, 64 bits: enough to tell a whole record from a torn or stray one.
std::uint64_t fnv1a(std::string_view text) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The record's body for `length` and the log's file identity.
std::optional<std::string> journal_body(std::size_t length, int log_fd) {
  struct stat st {};
  if (::fstat(log_fd, &st) != 0) return std::nullopt;
  return fmt::format("{}{} dev={} ino={}", journal_magic, length,
                     static_cast<unsigned long long>(st.st_dev),
                     static_cast<unsigned long long>(st.st_ino));
}

}  // namespace

std::string journal_record(std::size_t length, int log_fd) {
  std::string body = journal_body(length, log_fd).value_or(std::string(journal_magic) + "?");
  return fmt::format("{} fnv={:016x}\n", body, fnv1a(body));
}

std::optional<std::size_t> journal_length(int journal_fd, int log_fd) {
  std::array<char, 256> buf{};
  std::size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::pread(journal_fd, buf.data() + got, buf.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  const std::string_view text(buf.data(), got);
  if (got == buf.size() || !text.starts_with(journal_magic)) return std::nullopt;
  std::size_t length = 0;
  const char* digits = text.data() + journal_magic.size();
  const auto [end, ec] = std::from_chars(digits, text.data() + text.size(), length);
  if (ec != std::errc{} || end == digits) return std::nullopt;
  // Whole, and made for this file: the record journal_record would write now.
  if (text != journal_record(length, log_fd)) return std::nullopt;
  return length;
}

bool lock_file(int fd, int operation) noexcept {
  for (;;) {
    if (::flock(fd, operation) == 0) return true;
    if (errno != EINTR) return false;
  }
}

}  // namespace detail

namespace {

constexpr off_t map_from = off_t{1} << 20;  // bytes: a smaller file is read (read_file_buffer)

// The log at `path` opened for reading (`-`: standard input, which is used
// and never closed), and the name errors give it. Throws LogRefused.
detail::FileDescriptor open_log(const std::string& path, std::string& name) {
  name = path;
  if (path == "-") {
    name = "<stdin>";
    return detail::FileDescriptor::standard_input();
  }
  auto file = detail::FileDescriptor::owning(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file) throw LogRefused({{name, 0, fmt::format("cannot open: {}", std::strerror(errno))}});
  return file;
}

// Takes the shared lock on the log open at `fd`, so that an append (an
// exclusive lock) is seen whole or not at all (docs/durability.md), and
// returns its journal, open, where there is one. Where the file system has
// no flock, the file is read without one. First a pass through the
// journal's lock (shared, taken and dropped), so that a reader waits behind
// an append that waits for the log: writers are not starved. A reader never
// creates the journal: where it cannot be opened (no append yet, a
// directory it cannot read), the reader goes on without it.
detail::FileDescriptor lock_log(int fd, const std::string& path) {
  auto journal = detail::FileDescriptor::owning(
      ::open(detail::journal_path(path).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat jst {};
  if (journal && (::fstat(journal.get(), &jst) != 0 || !S_ISREG(jst.st_mode))) journal.close();
  if (journal) {
    detail::lock_file(journal.get(), LOCK_SH);
    detail::lock_file(journal.get(), LOCK_UN);
  }
  detail::lock_file(fd, LOCK_SH);
  return journal;
}

// A valid journal seen under the shared lock is an append that was killed
// (a live one holds the exclusive lock): the log's text as it was before
// it, up to the length the journal records; nullopt where there is none.
// Nothing is changed here; the next append cuts the file back.
std::optional<std::string> text_before_unfinished_append(int fd, int journal,
                                                         const std::string& name,
                                                         std::size_t max_file_bytes) {
  const std::optional<std::size_t> length = detail::journal_length(journal, fd);
  struct stat now {};
  if (!length || ::fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) ||
      static_cast<std::size_t>(now.st_size) <= *length || *length > max_file_bytes)
    return std::nullopt;
  std::string text;
  try {
    text.resize(*length);
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(name, 1, "reading the file");
  }
  for (std::size_t got = 0; got < text.size();) {
    const std::size_t n = detail::pread_some(fd, text.data() + got, text.size() - got, got, name);
    if (n == 0) throw LogRefused({{name, 0, "changed while it was read"}});
    got += n;
  }
  return text;
}

Log read_log_file(const std::string& path, std::size_t max_file_bytes) {
  std::string name;
  const detail::FileDescriptor file = open_log(path, name);  // closed last: drops the lock
  const int fd = file.get();
  const bool locked = !file.is_standard_input();
  if (locked) {
    const detail::FileDescriptor journal = lock_log(fd, path);
    if (journal)
      if (auto text = text_before_unfinished_append(fd, journal.get(), name, max_file_bytes)) {
        detail::lock_file(fd, LOCK_UN);
        return parse_log(std::move(*text), std::move(name));
      }
  }
  // Where the program asked (read_by_mapping), a regular file of 1 MiB or
  // more is mapped, and read under the lock; where it cannot be, read.
  struct stat st {};
  if (detail::mapping_asked.load(std::memory_order_relaxed) && ::fstat(fd, &st) == 0 &&
      S_ISREG(st.st_mode) && st.st_size >= map_from &&
      static_cast<std::size_t>(st.st_size) <= max_file_bytes)
    if (auto log = detail::read_mapped_log(fd, name, static_cast<std::size_t>(st.st_size),
                                           split_log_from))
      return std::move(*log);
  detail::BigBuffer buffer;
  if (detail::read_file_buffer(fd, name, max_file_bytes, buffer)) {
    if (locked) detail::lock_file(fd, LOCK_UN);
    return parse_text(buffer.data(), buffer.size(), [&] { buffer.release(); }, std::move(name),
                      split_log_from);
  }
  std::string text = detail::read_log_text(fd, name, max_file_bytes);
  if (locked) detail::lock_file(fd, LOCK_UN);
  return parse_log(std::move(text), std::move(name));
}

}  // namespace

void keep_freed_memory() noexcept {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void read_by_mapping(bool mapping) noexcept {
  detail::mapping_asked.store(mapping, std::memory_order_relaxed);
}

Log read_log(const std::string& path, std::size_t max_file_bytes) {
  try {
    return read_log_file(path, max_file_bytes);
  } catch (const std::bad_alloc&) {
    refuse_out_of_memory(path == "-" ? "<stdin>" : path, 0, "reading the file");
  }
}

}  // namespace muster
