// Events made in code, logs written as canonical CSV, and rows appended the
// durable way (docs/durability.md).
#include "muster/write.hpp"

#include "muster/csv.hpp"
#include "log_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <map>
#include <string_view>
#include <utility>
#include <sys/file.h>
#include <unistd.h>
#include <optional>

namespace muster {

namespace {

// The columns of spec section 2, in spec order (event.hpp).
constexpr std::size_t standard_count = log_columns.size();
constexpr const auto& standard_columns = log_columns;

// The standard cells of `c`, in the order of standard_columns.
std::array<const std::string*, standard_count> standard_cells(const RowCells& c) {
  std::array<const std::string*, standard_count> out{};
  for (std::size_t i = 0; i < standard_count; ++i) out[i] = &(c.*row_cell_members[i]);
  return out;
}

std::array<std::string*, standard_count> standard_cells(RowCells& c) {
  std::array<std::string*, standard_count> out{};
  for (std::size_t i = 0; i < standard_count; ++i) out[i] = &(c.*row_cell_members[i]);
  return out;
}

std::size_t standard_index(std::string_view name) {
  const auto it = std::find(standard_columns.begin(), standard_columns.end(), name);
  return static_cast<std::size_t>(it - standard_columns.begin());  // standard_count: none
}

void sort_by_line(std::vector<Diagnostic>& d) {
  std::stable_sort(d.begin(), d.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
}

}  // namespace

// --- LogBuilder -------------------------------------------------------------------

LogBuilder::LogBuilder(std::string name) : name_(std::move(name)) {}

LogBuilder& LogBuilder::add(RowCells cells) {
  rows_.push_back(std::move(cells));
  return *this;
}

// The columns: the standard ones in spec order, then every user column in the
// order the rows first name it. A user column given twice in one row is an
// error of that row; the rows are checked by parse_cells all the same, so
// that every error is reported.
Log LogBuilder::build() && {
  std::vector<std::string> columns(standard_columns.begin(), standard_columns.end());
  std::map<std::string, std::size_t, std::less<>> user_at;  // name -> column
  for (const RowCells& r : rows_)
    for (const auto& x : r.extra)
      if (user_at.try_emplace(x.first, columns.size()).second) columns.push_back(x.first);

  std::vector<Diagnostic> errors;
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    RowCells& r = rows_[i];
    std::vector<std::string> row(columns.size());
    const auto standard = standard_cells(r);
    for (std::size_t c = 0; c < standard_count; ++c) row[c] = std::move(*standard[c]);
    std::vector<bool> given(columns.size(), false);
    for (auto& x : r.extra) {
      const std::size_t at = user_at.find(x.first)->second;
      if (given[at]) {
        errors.push_back({name_, i + 2, fmt::format("user column '{}' given twice", x.first)});
        continue;
      }
      given[at] = true;
      row[at] = std::move(x.second);
    }
    cells.push_back(std::move(row));
  }
  rows_.clear();
  try {
    Log log = parse_cells(name_, columns, cells);
    if (errors.empty()) return log;
  } catch (const LogRefused& refused) {
    errors.insert(errors.end(), refused.diagnostics().begin(), refused.diagnostics().end());
  }
  sort_by_line(errors);
  throw LogRefused(std::move(errors));
}

// --- Writing ----------------------------------------------------------------------

// The cells that read back as `e`: a value in the fewest cells that give it
// (only `count` where the row gave it and it is exact; else the bounds, a
// blank `high` for an unbounded one), `recorded` blank where it is the first
// day of `date`, the status only where it is planned.
RowCells cells_of(const Log& log, const Event& e) {
  RowCells c;
  c.id = e.id;
  c.kind = to_string(e.kind);
  c.date = to_string(e.date);
  c.mission = e.mission;
  if (e.kind != Kind::retraction) {
    if (e.country) c.country = e.country->code();
    c.component = e.component;
    const Value& v = e.value;
    if (e.kind == Kind::end) {
      // An end carries no value (spec section 3): count, low and high blank.
    } else if (e.count_given && v.low == v.estimate && v.high == v.estimate) {
      c.count = fmt::to_string(v.estimate);
    } else {
      if (e.count_given) c.count = fmt::to_string(v.estimate);
      c.low = fmt::to_string(v.low);
      if (v.bounded()) c.high = fmt::to_string(v.high);
    }
    if (e.status == Status::planned) c.status = to_string(Status::planned);
  }
  if (e.recorded != e.date.first) c.recorded = to_string(e.recorded);
  if (e.supersedes) c.supersedes = log.event(*e.supersedes).id;
  c.source = e.source;
  c.note = e.note;
  c.extra.reserve(e.extra.size());
  for (const auto& [name, value] : e.extra) c.extra.emplace_back(name, value);
  return c;
}

std::string write_log(const Log& log) {
  std::string out;
  std::vector<std::string_view> fields(standard_columns.begin(), standard_columns.end());
  for (const std::string& name : log.user_columns()) fields.push_back(name);
  append_csv_record(out, fields);
  for (const Event& e : log.events()) {
    const RowCells c = cells_of(log, e);
    fields.clear();
    for (const std::string* cell : standard_cells(c)) fields.push_back(*cell);
    for (const auto& x : c.extra) fields.push_back(x.second);
    append_csv_record(out, fields);
  }
  return out;
}

// --- Appending --------------------------------------------------------------------

namespace {

[[noreturn]] void fail(const std::string& path, std::string message) {
  throw LogRefused({{path, 0, std::move(message)}});
}

// The header of the file (its names, trimmed) and, when `taken` is given,
// the number of its records and the numbers n of its ids `r<n>` from that
// number on: all an unused id needs, without keeping every id. Throws where
// the header cannot be read (as parse_log reports it).
struct FileHeader {
  std::vector<std::string> names;
  std::size_t records = 0;
};

// n where `id` is `r<n>` with n written plainly (no sign, no leading zero).
std::optional<std::uint64_t> chosen_number(std::string_view id) {
  if (id.size() < 2 || id.size() > 20 || id[0] != 'r' || id[1] == '0') return std::nullopt;
  std::uint64_t n = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

FileHeader scan_file(const std::string& text, const std::string& path,
                     std::vector<std::uint64_t>* taken) {
  CsvReader csv{text};
  FileHeader h;
  if (csv.next() != CsvReader::record) {
    parse_log(text, path);  // throws with the file's own message
    fail(path, "no header row");
  }
  for (std::string_view f : csv.fields()) h.names.emplace_back(trim_blanks(f));
  if (!taken) return h;
  const auto id_at = std::find(h.names.begin(), h.names.end(), "id");
  const auto id_col = static_cast<std::size_t>(id_at - h.names.begin());
  for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
    ++h.records;
    if (r != CsvReader::record || id_col >= csv.fields().size()) continue;
    if (const auto n = chosen_number(trim_blanks(csv.fields()[id_col]))) taken->push_back(*n);
  }
  return h;
}

// `r<n>` for the first n from records + 1 on that no id takes.
std::string unused_id(std::size_t records, std::vector<std::uint64_t> taken) {
  std::sort(taken.begin(), taken.end());
  std::uint64_t n = records + 1;
  for (auto it = std::lower_bound(taken.begin(), taken.end(), n); it != taken.end() && *it <= n; ++it)
    if (*it == n) ++n;
  return fmt::format("r{}", n);
}

[[noreturn]] void no_column(const std::string& path, std::string_view name) {
  throw ColumnError({{path, 1, fmt::format("the log has no column '{}': add it to the header "
                                           "or leave the cell out", name)}});
}

// The record of `cells` in the columns of `header` (a line end at its end).
// Throws ColumnError for a cell the header lacks.
std::string record_of(const RowCells& cells, const std::vector<std::string>& header,
                      const std::string& path) {
  const auto standard = standard_cells(cells);
  std::vector<bool> placed(standard_count + cells.extra.size(), false);
  std::vector<std::string_view> fields(header.size());
  for (std::size_t k = 0; k < header.size(); ++k) {
    const std::size_t s = standard_index(header[k]);
    if (s < standard_count) {
      fields[k] = *standard[s];
      placed[s] = true;
      continue;
    }
    for (std::size_t x = 0; x < cells.extra.size(); ++x)
      if (cells.extra[x].first == header[k]) {
        if (placed[standard_count + x]) continue;
        fields[k] = cells.extra[x].second;
        placed[standard_count + x] = true;
        break;
      }
  }
  for (std::size_t s = 0; s < standard_count; ++s)
    if (!placed[s] && !standard[s]->empty()) no_column(path, standard_columns[s]);
  for (std::size_t x = 0; x < cells.extra.size(); ++x) {
    if (placed[standard_count + x]) continue;
    const std::string& name = cells.extra[x].first;
    const bool twice = std::any_of(cells.extra.begin(), cells.extra.begin() + static_cast<std::ptrdiff_t>(x),
                                   [&](const auto& y) { return y.first == name; });
    if (twice)
      throw ColumnError({{path, 1, fmt::format("user column '{}' given twice", name)}});
    no_column(path, name);
  }
  std::string record;
  append_csv_record(record, fields);
  return record;
}

// fsync(2) of the directory holding `path`: a journal just created is on
// disk before a row relies on it.
bool sync_directory(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const auto d =
      detail::FileDescriptor::owning(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return d && ::fsync(d.get()) == 0;
}

// The append journal of `path` opened for writing (created, with the log's
// permissions, where there is none), or -1 where it cannot be (a directory
// the writer cannot write to): the append then goes on without one
// (docs/durability.md). `created` says whether it was made now.
int open_journal(const std::string& path, int log_fd, bool& created) {
  const std::string j = detail::journal_path(path);
  created = false;
  for (int tries = 0; tries < 2; ++tries) {
    int fd = ::open(j.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) return fd;
      ::close(fd);
      return -1;
    }
    if (errno != ENOENT) return -1;
    struct stat log {};
    const mode_t mode = ::fstat(log_fd, &log) == 0 ? (log.st_mode & 0666) : 0644;
    fd = ::open(j.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0) {
      created = true;
      return fd;
    }
    if (errno != EEXIST) return -1;
  }
  return -1;
}

// Empties the journal and syncs it: no append is unfinished. False where
// either fails (errno says why).
bool clear_journal(int journal) {
  return ::ftruncate(journal, 0) == 0 && ::fsync(journal) == 0;
}

// An append killed before it finished left its journal: the log is cut back
// to the length it had before it (where it grew), synced, and the journal
// emptied. Under the exclusive locks.
void undo_unfinished(int journal, int log_fd, const std::string& path) {
  const std::optional<std::size_t> length = detail::journal_length(journal, log_fd);
  if (length) {
    struct stat st {};
    if (::fstat(log_fd, &st) != 0)
      fail(path, fmt::format("cannot undo an unfinished append: {}", std::strerror(errno)));
    if (static_cast<std::size_t>(st.st_size) > *length &&
        (::ftruncate(log_fd, static_cast<off_t>(*length)) != 0 || ::fsync(log_fd) != 0))
      fail(path, fmt::format("cannot undo an unfinished append (cut the file back to {} bytes): {}",
                             *length, std::strerror(errno)));
  }
  struct stat js {};
  if (::fstat(journal, &js) == 0 && js.st_size == 0) return;
  if (!clear_journal(journal))
    fail(path, fmt::format("cannot empty the journal {}: {}", detail::journal_path(path),
                           std::strerror(errno)));
}

// The rollback record: the log's length before the append, written whole
// and synced (and its directory synced where the journal was just made)
// before a byte of the row is written.
void write_journal(int journal, bool created, int log_fd, std::size_t size_before,
                   const std::string& path) {
  const std::string record = detail::journal_record(size_before, log_fd);
  std::size_t done = 0;
  std::string problem;
  while (done < record.size()) {
    const ssize_t n = ::pwrite(journal, record.data() + done, record.size() - done,
                               static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      problem = n < 0 ? std::strerror(errno) : "nothing written";
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (problem.empty() && (::ftruncate(journal, static_cast<off_t>(record.size())) != 0 ||
                          ::fsync(journal) != 0))
    problem = std::strerror(errno);
  if (problem.empty() && created && !sync_directory(path)) problem = std::strerror(errno);
  if (problem.empty()) return;
  clear_journal(journal);  // best effort: the log is untouched, so a record left is harmless
  fail(path, fmt::format("cannot write the journal {}: {}; the file was not changed",
                         detail::journal_path(path), problem));
}

// One write(2) of the whole record, then fsync(2), then the journal emptied
// and synced. Where any falls short, the file is cut back to `size_before`
// (best effort; where that fails, the journal still holds the length and
// the next append cuts it back) and the append fails.
void write_synced(int fd, int journal, const std::string& record, std::size_t size_before,
                  const std::string& path) {
  ssize_t n = 0;
  do n = ::write(fd, record.data(), record.size());
  while (n < 0 && errno == EINTR);
  std::string problem;
  if (n < 0) problem = fmt::format("cannot write the row: {}", std::strerror(errno));
  else if (static_cast<std::size_t>(n) != record.size())
    problem = fmt::format("the row was written short ({} of {} bytes)", n, record.size());
  else if (::fsync(fd) != 0)
    problem = fmt::format("cannot sync the row to disk: {}", std::strerror(errno));
  else if (journal >= 0 && !clear_journal(journal))
    problem = fmt::format("cannot empty the journal {}: {}", detail::journal_path(path),
                          std::strerror(errno));
  if (problem.empty()) return;
  if (::ftruncate(fd, static_cast<off_t>(size_before)) == 0 && ::fsync(fd) == 0) {
    problem += "; the file was cut back as it was";
    if (journal >= 0) clear_journal(journal);
  } else if (journal >= 0) {
    problem += "; the file could not be cut back now: every command reads it as it was, and "
               "the next append cuts it back";
  } else {
    problem += "; the file could not be cut back: its last line may be cut short";
  }
  fail(path, std::move(problem));
}

// The row that `make` gives, from the log's text as read under the lock,
// added as append_row says.
template <class Make>
Appended append_made(const std::string& path, Make&& make) {
  // Closed last, which also drops the lock.
  const auto file =
      detail::FileDescriptor::owning(::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
  if (!file) fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
  // The journal's lock first (the writers' intent: readers arriving from now
  // on wait), then the log's (docs/durability.md).
  bool created = false;
  const auto journal = detail::FileDescriptor::owning(open_journal(path, file.get(), created));
  if (journal && !detail::lock_file(journal.get(), LOCK_EX))
    fail(path, fmt::format("cannot lock the journal: {}", std::strerror(errno)));
  if (!detail::lock_file(file.get(), LOCK_EX))
    fail(path, fmt::format("cannot lock the file: {}", std::strerror(errno)));
  if (journal) undo_unfinished(journal.get(), file.get(), path);
  std::string text = detail::read_log_text(file.get(), path, max_log_bytes);
  const std::size_t size_before = text.size();
  RowCells cells = make(std::as_const(text));

  std::vector<std::uint64_t> taken;
  const FileHeader header = scan_file(text, path, cells.id.empty() ? &taken : nullptr);
  if (cells.id.empty()) cells.id = unused_id(header.records, std::move(taken));
  std::string record = record_of(cells, header.names, path);
  if (!text.empty() && text.back() != '\n') record.insert(0, "\n");
  if (size_before + record.size() > max_log_bytes)
    fail(path, fmt::format("the row would take the file past {} bytes, the most muster reads",
                           max_log_bytes));

  // The whole log with the new row, as read_log would read it: every rule,
  // the new row on the line it would have.
  text += record;
  const Log log = parse_log(std::move(text), path);
  if (log.size() == 0) fail(path, "the row was not read back");  // cannot happen: it is a record
  const Event added = log.event(log.size() - 1);
  Appended out{std::string(added.id), added.line};

  if (journal) write_journal(journal.get(), created, file.get(), size_before, path);
  write_synced(file.get(), journal.get(), record, size_before, path);
  detail::lock_file(file.get(), LOCK_UN);
  return out;
}

// The row of `id` in the log `text` of `path`, and whether its header has `column`.
struct Target {
  RowCells cells;
  bool has_recorded = false;
};

Target target_row(const std::string& text, const std::string& path, std::string_view id) {
  const Log before = parse_log(text, path);
  const std::optional<Event> e = before.find(id);
  if (!e) throw UnknownRow({{path, 0, fmt::format("no row has id '{}'", id)}});
  const std::vector<std::string> names = scan_file(text, path, nullptr).names;
  return {cells_of(before, *e),
          std::find(names.begin(), names.end(), column_name(Column::recorded)) != names.end()};
}

}  // namespace

Appended append_row(const std::string& path, RowCells cells) {
  return append_made(path, [&](const std::string&) { return std::move(cells); });
}

Appended correct_row(const std::string& path, std::string_view id, const Correction& changes,
                     Day today) {
  return append_made(path, [&](const std::string& text) {
    Target target = target_row(text, path, id);
    RowCells& row = target.cells;
    if (changes.count || changes.low || changes.high) {
      row.count = changes.count.value_or("");
      row.low = changes.low.value_or("");
      row.high = changes.high.value_or("");
    }
    for (const auto& [change, column] :
         {std::pair{&changes.date, Column::date}, {&changes.status, Column::status},
          {&changes.source, Column::source}, {&changes.note, Column::note}})
      if (*change) cell(row, column) = **change;
    row.id = changes.id.value_or("");
    if (changes.recorded) row.recorded = *changes.recorded;
    else if (target.has_recorded) row.recorded = to_string(today);
    row.supersedes = std::string(id);
    return std::move(row);
  });
}

Appended retract_row(const std::string& path, std::string_view id, const Retraction& retraction,
                     Day today) {
  return append_made(path, [&](const std::string& text) {
    RowCells row;
    row.kind = to_string(Kind::retraction);
    row.date = to_string(today);
    row.mission = target_row(text, path, id).cells.mission;
    row.supersedes = std::string(id);
    row.source = retraction.source;
    row.note = retraction.note;
    row.id = retraction.id;
    return row;
  });
}

}  // namespace muster
