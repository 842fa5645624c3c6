#include "output.hpp"

#include <muster/csv.hpp>
#include <muster/format.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace muster::cli {
namespace {

std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string plain(const Cell& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return v;
        else if constexpr (std::is_same_v<T, Count>) return fmt::to_string(v);
        else if constexpr (std::is_same_v<T, std::optional<Count>>) return v ? fmt::to_string(*v) : "";
        else if constexpr (std::is_same_v<T, Flag>) return v.value ? "yes" : "no";
        else if constexpr (std::is_same_v<T, Estimate>) return fmt::to_string(v.value.estimate);
        else if constexpr (std::is_same_v<T, Words>) return fmt::format("{}", fmt::join(v.values, " "));
        else return v.value ? fmt::format("{:.3f}", *v.value) : "";
      },
      c);
}

// A cell of a people's table (output.hpp, top).
std::string human(const Cell& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return v;
        else if constexpr (std::is_same_v<T, Count>) return with_thousands(v);
        else if constexpr (std::is_same_v<T, std::optional<Count>>) return v ? with_thousands(*v) : "?";
        else if constexpr (std::is_same_v<T, Flag>) return v.value ? "yes" : "no";
        else if constexpr (std::is_same_v<T, Estimate>) {
          const Value& x = v.value;
          return x.size_unknown() ? range_text(x) : with_thousands(x.estimate);
        } else if constexpr (std::is_same_v<T, Words>) return fmt::format("{}", fmt::join(v.values, ", "));
        else return v.value ? fmt::format("{:.1f}%", *v.value * 100) : "-";
      },
      c);
}

bool numeric(const Cell& c) {
  return !std::holds_alternative<std::string>(c) && !std::holds_alternative<Flag>(c) &&
         !std::holds_alternative<Words>(c);
}

// A JSON string as nlohmann's dump gives it: the plain ones directly, the
// rest (escapes, UTF-8, which it checks) through nlohmann.
void put_json_string(std::string& to, const std::string& s) {
  const bool simple = std::all_of(s.begin(), s.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u >= 0x20 && u < 0x80 && ch != '"' && ch != '\\';
  });
  if (simple) {
    to += '"';
    to += s;
    to += '"';
  } else {
    to += nlohmann::json(s).dump();
  }
}

void put_json(std::string& to, const Cell& c) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) put_json_string(to, v);
        else if constexpr (std::is_same_v<T, Count>) to += fmt::to_string(v);
        else if constexpr (std::is_same_v<T, std::optional<Count>>) to += v ? fmt::to_string(*v) : "null";
        else if constexpr (std::is_same_v<T, Flag>) to += v.value ? "true" : "false";
        else if constexpr (std::is_same_v<T, Estimate>) to += fmt::to_string(v.value.estimate);
        else if constexpr (std::is_same_v<T, Words>) {
          to += '[';
          for (std::size_t i = 0; i < v.values.size(); ++i) {
            if (i) to += ", ";
            put_json_string(to, v.values[i]);
          }
          to += ']';
        } else to += v.value ? nlohmann::json(std::round(*v.value * 1000) / 1000).dump() : "null";
      },
      c);
}

void indent(std::string& to, int depth) { to.append(static_cast<std::size_t>(depth) * 2, ' '); }

// Where the output begins in a regular file, or -1 where it is not one.
long long begin_offset(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  const int flags = fcntl(fd, F_GETFL);
  if (flags != -1 && (flags & O_APPEND)) return static_cast<long long>(st.st_size);
  const off_t at = lseek(fd, 0, SEEK_CUR);
  return at < 0 ? -1 : static_cast<long long>(at);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) noexcept {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  return std::nullopt;
}

std::string csv_field(const std::string& s) { return muster::csv_field(s); }

WriteFailed::WriteFailed(const std::string& target, int error)
    : std::runtime_error(fmt::format("cannot write {}: {}", target, std::strerror(error))),
      error_(error) {}

Output::Output(int fd, std::string target) : fd_(fd), target_(std::move(target)) {
  buf_.reserve(chunk + 4096);
}

void Output::write_out() {
  if (failed_) throw WriteFailed(target_, failed_);
  if (fd_ == STDOUT_FILENO) {  // what stdio holds goes first
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) fail(errno ? errno : EIO, 0);
  }
  if (!start_) start_ = begin_offset(fd_);
  std::size_t done = 0;
  while (done < buf_.size()) {
    const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(n < 0 ? errno : EIO, done);
    done += static_cast<std::size_t>(n);
  }
  written_ += done;
  buf_.clear();
  marks_.clear();
}

void Output::fail(int error, std::size_t written_of_buffer) {
  failed_ = error;
  if (*start_ >= 0) {  // a regular file: keep whole records only
    const auto mark = std::upper_bound(marks_.begin(), marks_.end(), written_of_buffer);
    const std::size_t whole = mark == marks_.begin() ? 0 : *std::prev(mark);
    if (whole < written_of_buffer)
      [[maybe_unused]] const int r =
          ftruncate(fd_, static_cast<off_t>(*start_ + static_cast<long long>(written_ + whole)));
  }
  throw WriteFailed(target_, error);
}

Output& standard_output() {
  static Output out(STDOUT_FILENO, "standard output");
  return out;
}

void finish_standard_output() {
  standard_output().flush();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw WriteFailed(standard_output().target(), errno ? errno : EIO);
}

void put_csv_text(Output& out, std::string_view text) {
  bool quoted = false;
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    else if (text[i] == '\n' && !quoted) {
      out.put(text.substr(from, i + 1 - from));
      out.end_record();
      from = i + 1;
    }
  }
  out.put(text.substr(from));
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  const auto slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  std::string name = dir + "." + base + ".muster-XXXXXX";
  fd_ = mkstemp(name.data());
  if (fd_ < 0) throw WriteFailed(path_, errno);
  temp_ = std::move(name);
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd_, 0666 & ~mask);
  out_.emplace(fd_, path_);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_ && !temp_.empty()) unlink(temp_.c_str());
}

void OutputFile::commit() {
  out_->flush();
  if (fsync(fd_) != 0) throw WriteFailed(path_, errno);
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) throw WriteFailed(path_, errno);
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) throw WriteFailed(path_, errno);
  committed_ = true;
  const auto slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {  // the rename made durable, where the directory allows it
    fsync(dfd);
    close(dfd);
  }
}

void add_value_cells(std::vector<Cell>& row, const Value& v) {
  row.emplace_back(Estimate{v});
  row.emplace_back(v.low);
  row.emplace_back(high_cell(v.high));
}

TableWriter::TableWriter(Output& out, Format f, std::vector<std::string> columns)
    : out_(out), format_(f), columns_(std::move(columns)) {
  if (format_ == Format::csv) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i) out_.put(",");
      out_.put(csv_field(columns_[i]));
    }
    out_.put("\n");
    out_.end_record();
  } else if (format_ == Format::table) {
    right_.assign(columns_.size(), false);
  }
}

namespace {
bool spreadsheet_safe_cells = false;
bool formula_warned = false;
const Log* formula_log = nullptr;  // FormulaOrigin's

// Where the log holds `text` first: `FILE line N` and the column, or
// nothing where no text cell of it is `text` (a cell the command made).
std::optional<std::pair<std::string, std::string>> formula_source(std::string_view text) {
  if (!formula_log) return std::nullopt;
  for (const Event& e : formula_log->events()) {
    const std::pair<std::string_view, std::string_view> cells[] = {
        {"id", e.id}, {"mission", e.mission}, {"component", e.component},
        {"source", e.source}, {"note", e.note}};
    std::string_view column;
    for (const auto& [name, value] : cells)
      if (value == text) {
        column = name;
        break;
      }
    for (const auto& [name, value] : e.extra)
      if (column.empty() && value == text) column = name;
    if (!column.empty())
      return std::pair{std::string(column), fmt::format("{} line {}", formula_log->file(), e.line)};
  }
  return std::nullopt;
}
}  // namespace

FormulaOrigin::FormulaOrigin(const Log& log) noexcept : previous_(formula_log) {
  formula_log = &log;
}

FormulaOrigin::~FormulaOrigin() { formula_log = previous_; }

void set_spreadsheet_safe(bool on) noexcept {
  spreadsheet_safe_cells = on;
  formula_warned = false;
}

bool spreadsheet_safe() noexcept { return spreadsheet_safe_cells; }

bool formula_like(std::string_view text) noexcept {
  if (text.empty()) return false;
  const char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void warn_formula(std::string_view column, std::string_view where, std::string_view text,
                  std::string_view remedy) {
  if (formula_warned) return;
  formula_warned = true;
  const char c = text.front();
  const std::string first = c == '\t'   ? std::string("a tab")
                            : c == '\r' ? std::string("a carriage return")
                                        : fmt::format("'{}'", c);
  tell("muster: warning: column {} of {} begins with {}: a spreadsheet would run it as a "
       "formula; {}\n", column, where, first, remedy);
}

void TableWriter::row(const std::vector<Cell>& cells) {
  line_.clear();
  if (format_ == Format::csv) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line_ += ',';
      // Only text cells: a number (a difference of -7) is a number.
      const std::string* text = std::get_if<std::string>(&cells[i]);
      std::string words;  // a list of words is text too
      if (std::holds_alternative<Words>(cells[i])) text = &(words = plain(cells[i]));
      if (text && formula_like(*text)) {
        std::string column = i < columns_.size() ? columns_[i] : std::to_string(i + 1);
        std::string where = fmt::format("the output line {}", rows_ + 2);
        if (!formula_warned)
          if (auto source = formula_source(*text)) {
            column = std::move(source->first);
            where = fmt::format("{} (the output line {})", source->second, rows_ + 2);
          }
        warn_formula(column, where, *text,
                     spreadsheet_safe_cells ? "--spreadsheet-safe wrote it with a leading '"
                                            : "--spreadsheet-safe writes such cells with a "
                                              "leading '");
        if (spreadsheet_safe_cells) {
          line_ += csv_field("'" + *text);
          continue;
        }
      }
      line_ += csv_field(plain(cells[i]));
    }
    line_ += '\n';
  } else if (format_ == Format::json) {
    line_ += rows_ == 0 ? "[\n" : ",\n";
    indent(line_, 1);
    line_ += "{\n";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line_ += ",\n";
      indent(line_, 2);
      put_json_string(line_, columns_[i]);
      line_ += ": ";
      put_json(line_, cells[i]);
    }
    line_ += '\n';
    indent(line_, 1);
    line_ += '}';
  } else {
    std::vector<std::string> texts;
    texts.reserve(cells.size());
    for (const Cell& c : cells) texts.push_back(human(c));
    ++rows_;
    if (released_) return emit(texts);
    for (std::size_t i = 0; i < cells.size() && i < right_.size(); ++i)
      if (numeric(cells[i])) right_[i] = true;
    pending_.push_back(std::move(texts));
    if (pending_.size() >= held) release();
    return;
  }
  ++rows_;
  out_.put(line_);
  out_.end_record();
}

void TableWriter::finish(const std::vector<Cell>& total) {
  if (format_ == Format::json) {
    line_ = rows_ == 0 ? "[]\n" : "\n]\n";
    out_.put(line_);
    out_.end_record();
    return;
  }
  if (format_ != Format::table) return;
  std::vector<std::string> last;
  if (!total.empty() && rows_ != 0) {
    for (const Cell& c : total) last.push_back(human(c));
    last[0] = "total";
  }
  if (!released_) {  // the total's widths count, as the rows' do
    width_.assign(columns_.size(), 0);
    for (std::size_t i = 0; i < columns_.size() && i < last.size(); ++i)
      width_[i] = display_width(last[i]);
    release();
  }
  if (!last.empty()) {
    emit_rule();
    emit(last);
  }
}

// Fixes the widths from the header, the held rows (and any width already
// set), writes the header, its rule and the held rows.
void TableWriter::release() {
  width_.resize(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i)
    width_[i] = std::max(width_[i], display_width(columns_[i]));
  for (const auto& line : pending_)
    for (std::size_t i = 0; i < line.size() && i < width_.size(); ++i)
      width_[i] = std::max(width_[i], display_width(line[i]));
  released_ = true;
  emit(columns_);
  emit_rule();
  for (const auto& line : pending_) emit(line);
  pending_.clear();
  pending_.shrink_to_fit();
}

void TableWriter::emit_rule() {
  std::vector<std::string> rule;
  for (std::size_t w : width_) rule.emplace_back(w, '-');
  emit(rule);
}

void TableWriter::emit(const std::vector<std::string>& line) {
  line_.clear();
  for (std::size_t i = 0; i < line.size(); ++i) {
    const std::size_t w = i < width_.size() ? width_[i] : 0;
    const std::size_t shown = display_width(line[i]);
    const std::string pad(w > shown ? w - shown : 0, ' ');
    if (i) line_ += "  ";
    const bool right = i < right_.size() && right_[i];
    if (right) line_ += pad;
    line_ += line[i];
    if (!right && i + 1 < line.size()) line_ += pad;
  }
  line_ += '\n';
  out_.put(line_);
  out_.end_record();
}


}  // namespace muster::cli
