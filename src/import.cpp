// Importing tables of figures (cli.md, `import`).
//
// One table is imported in phases (TableImport): the header (which column
// is what), then each row's date, key and figures (Entry, in line order),
// then the plan (each key walked over the table's sorted dates: what a
// missing figure becomes, where a key is absent), giving the rows of the log
// (OutRow). The log is written last, once every table is planned, because
// its header holds `note` only where some row has a note.

// g++ 12 at -O3 warns (-Wmaybe-uninitialized) in date.h's from_stream, on a
// `long double` it reads only once set, where date::parse is inlined here:
// the warning is the library's. Before the first include, so that it covers
// date.h and <chrono>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "muster/import.hpp"

#include "muster/csv.hpp"
#include "log_file.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace muster {
namespace {

constexpr auto trim = trim_blanks;
constexpr Count max_figure = 1'000'000'000;  // spec section 2

// ASCII case folding, whatever the C or C++ global locale (std::tolower
// under tr_TR makes 'I' a dotless i): the spec's case-insensitive
// comparisons (month names, aliases) are of ASCII letters.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A month: a name, an abbreviation with or without a period (`Sep.`,
// `sept`), or 1-12.
std::optional<unsigned> month_number(std::string_view text) {
  static constexpr std::string_view names[] = {"january", "february", "march",     "april",
                                               "may",     "june",     "july",      "august",
                                               "september", "october", "november", "december"};
  std::string t = lower(trim(text));
  if (!t.empty() && t.back() == '.' && !digits(t.substr(0, t.size() - 1))) t.pop_back();
  if (t.empty()) return std::nullopt;
  if (digits(t)) {
    if (t.size() > 2) return std::nullopt;
    const unsigned m = static_cast<unsigned>(std::stoi(t));
    return (m >= 1 && m <= 12) ? std::optional<unsigned>(m) : std::nullopt;
  }
  for (unsigned i = 0; i < 12; ++i)
    if (t == names[i] || (t.size() >= 3 && names[i].substr(0, t.size()) == t)) return i + 1;
  return std::nullopt;
}

// How much of the calendar a date format names: a day where it reads a day
// (or a whole date), else a month where it reads a month, else a year.
Precision format_precision(std::string_view fmt) {
  bool day = false, month = false;
  for (std::size_t i = 0; i + 1 < fmt.size(); ++i) {
    if (fmt[i] != '%') continue;
    std::size_t j = i + 1;
    if (fmt[j] == 'E' || fmt[j] == 'O') ++j;
    if (j >= fmt.size()) break;
    const char c = fmt[j];
    day = day || c == 'd' || c == 'e' || c == 'j' || c == 'F' || c == 'D' || c == 'x' || c == 'c';
    month = month || c == 'm' || c == 'b' || c == 'B' || c == 'h';
    i = j;
  }
  return day ? Precision::day : month ? Precision::month : Precision::year;
}

// `text` read with `fmt` by date::parse, the whole text, as a period.
std::optional<Period> parse_formatted(std::string_view text, const std::string& fmt) {
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  std::string period;
  switch (format_precision(fmt)) {
    case Precision::day: {
      date::year_month_day v{};
      in >> date::parse(fmt, v);
      if (in.fail()) return std::nullopt;
      period = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(v.year()),
                           static_cast<unsigned>(v.month()), static_cast<unsigned>(v.day()));
      break;
    }
    case Precision::month: {
      date::year_month v{};
      in >> date::parse(fmt, v);
      if (in.fail()) return std::nullopt;
      period = fmt::format("{:04}-{:02}", static_cast<int>(v.year()),
                           static_cast<unsigned>(v.month()));
      break;
    }
    case Precision::year: {
      date::year v{};
      in >> date::parse(fmt, v);
      if (in.fail()) return std::nullopt;
      period = fmt::format("{:04}", static_cast<int>(v));
      break;
    }
  }
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;  // text left over
  return parse_period(period);
}

// A figure as the table writes it: its whole part and the digits of its
// decimal fraction (no trailing zeros: empty for a whole number), kept exact
// so that a sum of columns is rounded once, after adding.
struct Decimal {
  Count whole = 0;
  std::string fraction;

  Decimal& operator+=(const Decimal& b) {
    std::string x = fraction, y = b.fraction;
    const std::size_t n = std::max(x.size(), y.size());
    x.resize(n, '0');
    y.resize(n, '0');
    int carry = 0;
    for (std::size_t i = n; i-- > 0;) {
      const int d = (x[i] - '0') + (y[i] - '0') + carry;
      x[i] = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    while (!x.empty() && x.back() == '0') x.pop_back();
    whole += b.whole + carry;
    fraction = std::move(x);
    return *this;
  }

  /// Rounded half to even: 264.5 -> 264, 265.5 -> 266, 264.51 -> 265.
  Count rounded() const {
    if (fraction.empty()) return whole;
    const bool half = fraction == "5";
    const bool up = fraction[0] > '5' || (fraction[0] == '5' && !half) || (half && whole % 2 == 1);
    return whole + (up ? 1 : 0);
  }
  /// The whole numbers on either side (the same where it is whole).
  Count floor() const { return whole; }
  Count ceil() const { return whole + (fraction.empty() ? 0 : 1); }
};

// A cell that is a number of personnel: digits, with `thousands` between
// groups of three where given, and maybe a fraction after the decimal mark
// (`.`, or `,` where the thousands separator is `.`). Sets `why` where it is
// not.
std::optional<Decimal> decimal_number(std::string_view s, char thousands, std::string& why) {
  const char decimal = thousands == '.' ? ',' : '.';
  std::string_view whole = s, fraction;
  if (const auto d = s.find(decimal); d != std::string_view::npos) {
    whole = s.substr(0, d);
    fraction = s.substr(d + 1);
    if (!digits(fraction)) {
      why = "is not a whole number of personnel";
      return std::nullopt;
    }
  }
  std::string plain;
  if (thousands && whole.find(thousands) != std::string_view::npos) {
    // Groups: 1-3 digits, then groups of exactly 3.
    std::size_t start = 0;
    for (bool first = true;; first = false) {
      const auto sep = whole.find(thousands, start);
      const auto group = whole.substr(start, sep == std::string_view::npos ? sep : sep - start);
      if (!digits(group) || group.size() > 3 || (!first && group.size() != 3)) {
        why = fmt::format("is not a whole number of personnel (thousands separator '{}')",
                          thousands);
        return std::nullopt;
      }
      plain.append(group);
      if (sep == std::string_view::npos) break;
      start = sep + 1;
    }
    whole = plain;
  }
  if (!digits(whole)) {
    why = "is not a whole number of personnel";
    return std::nullopt;
  }
  Decimal v;
  for (char c : whole) {
    v.whole = v.whole * 10 + (c - '0');
    if (v.whole > max_figure) {
      why = fmt::format("is more than {}, the most a log holds", max_figure);
      return std::nullopt;
    }
  }
  v.fraction = std::string(fraction.substr(0, fraction.find_last_not_of('0') + 1));
  if (fraction.find_first_not_of('0') == std::string_view::npos) v.fraction.clear();
  return v;
}

// A contingent as the table names it (country as its code, or blank).
struct Key {
  std::string mission, country, component;
  friend auto operator<=>(const Key&, const Key&) = default;
};

struct Figure {
  std::optional<Count> count, low, high;
  bool missing() const { return !count && !low && !high; }
  /// The figure a later report of unknown size keeps as its count.
  std::optional<Count> estimate() const { return count ? count : low; }
};

// One figure of the table: what one line says of one key on one date.
struct Entry {
  std::size_t line = 0, sub = 0;  // sub: the figure's number in its line, from 1
  Period date;
  Key key;
  Figure figure;  // all empty where missing
  std::string source;  // the table's own source text, where a column gives it
};

// One row of the log to write.
struct OutRow {
  std::string id;
  Period date;
  Key key;
  Figure figure;
  std::string source, note;
  bool unknown_size = false;  // a report of unknown size: its count repeats the last figure
  Kind kind = Kind::report;   // report, or end (--kind end: no figure)
};

// Periods in time order: by last day, then first day.
bool earlier(const Period& a, const Period& b) {
  return a.last != b.last ? a.last < b.last : a.first > b.first;
}

// A figure column of the table, resolved to positions in its header.
struct FigureColumns {
  std::string name;                 // as the options give it (for errors)
  std::vector<std::size_t> count;   // summed
  std::optional<std::size_t> low, high;
  std::optional<std::string> component;
  std::optional<Period> date;       // a date column of a wide table
};

// The columns that the options name, as positions in the table's header.
struct Columns {
  std::size_t fields = 0;  // fields in the header
  std::optional<std::size_t> date, year, month, quarter, mission, component, source;
  std::vector<std::size_t> countries;
  std::vector<std::pair<std::size_t, std::string>> missing_when;
  std::vector<FigureColumns> figures;
};

// The count columns the options give (count_column first).
std::vector<CountColumn> count_columns(const ImportOptions& o) {
  std::vector<CountColumn> counts;
  if (!o.count_column.empty()) counts.push_back({o.count_column, std::nullopt});
  counts.insert(counts.end(), o.counts.begin(), o.counts.end());
  return counts;
}

// One table read into rows of the log (`out`) and `errors` (what is wrong,
// with its line), in phases: the header, then each row's date, key and
// figures (entries), then the plan over the table's dates.
class TableImport {
 public:
  TableImport(const std::string& file_name, const ImportOptions& o, std::size_t number,
              ImportResult& result, std::vector<Diagnostic>& errors)
      : file_name_(file_name), o_(o), id_prefix_(fmt::format("{}{}", o.id_prefix, number)),
        stem_(std::filesystem::path(file_name).filename().string()),
        country_name_(fixed_country_name(o.country_name, file_name)), result_(result),
        errors_(errors) {}

  /// `cut`: the text ends where reading stopped, on a record over a limit
  /// of the CSV reader (read_table).
  void run(std::string text, std::vector<OutRow>& out, bool cut) {
    CsvReader csv{std::move(text), o_.delimiter};
    if (!read_header(csv)) return;
    const std::size_t first_error = errors_.size();
    std::size_t line = 1;
    for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
      line = csv.line();
      if (errors_.size() >= max_errors_kept) {  // docs/limits.md, as read_log
        error(line, detail::too_many_errors());
        break;
      }
      if (r == CsvReader::bad) error(line, csv.error());
      else row(line, csv.fields());
    }
    if (cut && errors_.size() == first_error)  // the CSV reader should have refused it
      error(line, fmt::format("a record goes past a limit of docs/limits.md ({} bytes in a "
                              "field, {} fields, {} records): muster stopped reading the file "
                              "here", CsvReader::max_field_bytes,
                              CsvReader::max_fields_per_record, CsvReader::max_records));
    // An unknown spelling is one error, at its first row; the errors in line order.
    for (const auto& [spelling, u] : unknown_here_)
      error(u.line, fmt::format("{}; {} with it, the first on this line (give --alias '{}=CODE' "
                                "or --skip-unknown-countries)", u.message,
                                u.rows == 1 ? std::string("1 row") : fmt::format("{} rows", u.rows),
                                spelling));
    std::stable_sort(errors_.begin() + static_cast<std::ptrdiff_t>(first_error), errors_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    if (!errors_.empty()) return;
    if (o_.kind == Kind::end) std::move(ends_.begin(), ends_.end(), std::back_inserter(out));
    else plan(out);
  }

 private:
  using Fields = std::vector<std::string_view>;

  void error(std::size_t line, std::string message) {
    errors_.push_back({file_name_, line, std::move(message)});
  }

  // --- The header ---------------------------------------------------------

  // Finds the columns that the options name; false (with errors) where the
  // header has no such column or is not there.
  bool read_header(CsvReader& csv) {
    if (csv.next() != CsvReader::record) {
      error(1, csv.error().empty() ? "empty table: expected a header row"
                                   : "header: " + csv.error());
      return false;
    }
    header_.assign(csv.fields().begin(), csv.fields().end());
    for (auto& h : header_) {
      h = std::string(trim(h));
      if (h.size() > max_column_name_bytes) {  // docs/limits.md, as read_log
        error(1, detail::column_name_too_long(h));
        header_ok_ = false;
      }
    }
    named_.assign(header_.size(), false);
    Columns& c = cols_;
    c.fields = header_.size();
    c.date = column(o_.date_column), c.year = column(o_.year_column),
    c.month = column(o_.month_column), c.quarter = column(o_.quarter_column),
    c.mission = column(o_.mission_column), c.component = column(o_.component_column),
    c.source = column(o_.source_column);
    for (const auto& name : o_.country_columns)
      if (auto i = column(name)) c.countries.push_back(*i);
    for (const auto& [name, value] : o_.missing_when)
      if (auto i = column(name)) c.missing_when.emplace_back(*i, value);
    for (const auto& name : o_.ignore_columns) column(name);  // named, so not a date
    if (o_.wide) date_columns();
    else figure_columns();
    return header_ok_;
  }

  std::optional<std::size_t> column(const std::string& name) {
    if (name.empty()) return std::nullopt;
    auto it = std::find(header_.begin(), header_.end(), name);
    if (it == header_.end()) {
      error(1, fmt::format("no column '{}' in the table (it has: {})", name,
                           fmt::join(header_, ", ")));
      header_ok_ = false;
      return std::nullopt;
    }
    const auto i = static_cast<std::size_t>(it - header_.begin());
    named_[i] = true;
    return i;
  }

  // `A+B`: the columns summed (a header that holds `+` itself is one column).
  std::vector<std::size_t> sum_columns(const std::string& name) {
    std::vector<std::size_t> out;
    if (name.find('+') == std::string::npos ||
        std::find(header_.begin(), header_.end(), name) != header_.end()) {
      if (auto i = column(name)) out.push_back(*i);
      return out;
    }
    std::string_view rest = name;
    for (auto plus = rest.find('+');; plus = rest.find('+')) {
      if (auto i = column(std::string(trim(rest.substr(0, plus))))) out.push_back(*i);
      if (plus == std::string_view::npos) break;
      rest.remove_prefix(plus + 1);
    }
    return out;
  }

  void figure_columns() {
    const auto counts = count_columns(o_);
    for (const auto& cc : counts)
      cols_.figures.push_back({cc.column, sum_columns(cc.column), {}, {}, cc.component, {}});
    if (cols_.figures.empty()) cols_.figures.emplace_back();
    cols_.figures.front().low = column(o_.low_column);
    cols_.figures.front().high = column(o_.high_column);
    if (counts.empty())
      cols_.figures.front().name = o_.low_column.empty() ? o_.high_column : o_.low_column;
  }

  // A wide table: every column no option names is a date.
  void date_columns() {
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (named_[i]) continue;
      const auto date = o_.date_format.empty() ? parse_period(header_[i])
                                               : parse_formatted(header_[i], o_.date_format);
      if (!date) {
        error(1, fmt::format("column '{}' is not a date{} (with --wide, every column that no "
                             "option names is a date: give --ignore-column '{}' to leave it "
                             "out)", header_[i], format_hint(), header_[i]));
        header_ok_ = false;
        continue;
      }
      cols_.figures.push_back({header_[i], {i}, {}, {}, {}, date});
      dates_.push_back(*date);
    }
  }

  std::string format_hint() const {
    return o_.date_format.empty() ? " (YYYY-MM-DD, YYYY-MM or YYYY)"
                                  : fmt::format(" (format '{}')", o_.date_format);
  }

  // --- Each row -----------------------------------------------------------

  static std::string_view get(const Fields& f, std::optional<std::size_t> c) {
    return c ? trim(f[*c]) : std::string_view{};
  }
  bool is_missing(std::string_view v) const {
    return std::find(o_.missing.begin(), o_.missing.end(), v) != o_.missing.end();
  }

  // One cell of a figure; nullopt where missing; `ok` false (with an error)
  // where it is not a number, or has a fraction without --fractions.
  std::optional<Decimal> cell(std::size_t line, std::string_view v, const std::string& name,
                              bool& ok) {
    if (is_missing(v)) return std::nullopt;
    std::string why;
    auto n = decimal_number(v, o_.thousands, why);
    if (n && !n->fraction.empty() && o_.fractions == Fractions::refuse) {
      why = "is not a whole number of personnel (a fraction: --fractions range or round reads it)";
      n.reset();
    }
    if (!n) {
      error(line, fmt::format("{} '{}' {}", name, v, why));
      ok = false;
    }
    return n;
  }

  // A whole number, or nullopt (with an error) where rounding up passes the
  // most a log holds.
  std::optional<Count> at_most_max(std::size_t line, Count n, const std::string& name, bool& ok) {
    if (n <= max_figure) return n;
    error(line, fmt::format("{}: {} is more than {}, the most a log holds", name, n, max_figure));
    ok = false;
    return std::nullopt;
  }

  // The count of a figure: a whole number exactly; a fraction (--fractions)
  // as estimate, low and high.
  void set_count(std::size_t line, const Decimal& d, const std::string& name, Figure& g,
                 bool& ok) {
    if (d.fraction.empty() || o_.fractions == Fractions::refuse) {
      g.count = at_most_max(line, d.whole, name, ok);
      return;
    }
    g.count = at_most_max(line, d.rounded(), name, ok);
    if (o_.fractions == Fractions::range) {
      g.low = d.floor();
      g.high = at_most_max(line, d.ceil(), name, ok);
    }
  }

  // A bound's column: a fraction rounded (--fractions round) or outward
  // (range: a low down, a high up).
  std::optional<Count> bound(std::size_t line, const std::optional<Decimal>& d,
                             const std::string& name, bool high, bool& ok) {
    if (!d) return std::nullopt;
    if (o_.fractions == Fractions::round) return at_most_max(line, d->rounded(), name, ok);
    return at_most_max(line, high ? d->ceil() : d->floor(), name, ok);
  }

  Figure figure_of(std::size_t line, const Fields& f, const FigureColumns& c, bool& ok) {
    Figure g;
    if (!c.count.empty()) {
      Decimal sum;
      bool whole = true;
      for (std::size_t i : c.count) {
        const auto n = cell(line, get(f, i), c.count.size() > 1 ? header_[i] : c.name, ok);
        whole = whole && n;
        if (n) sum += *n;
      }
      if (whole) set_count(line, sum, c.name, g, ok);
    }
    // Bound columns are the bounds (over those of a count's fraction).
    if (c.low) g.low = bound(line, cell(line, get(f, c.low), o_.low_column, ok), o_.low_column,
                             false, ok);
    if (c.high) g.high = bound(line, cell(line, get(f, c.high), o_.high_column, ok),
                               o_.high_column, true, ok);
    return g;
  }

  // The date of a row; nullopt (with errors) where it is not a date.
  std::optional<Period> read_date(std::size_t line, const Fields& f) {
    if (cols_.date) {
      const std::string_view v = get(f, cols_.date);
      auto p = o_.date_format.empty() ? parse_period(v) : parse_formatted(v, o_.date_format);
      if (!p) error(line, fmt::format("{} '{}' is not a date{}", o_.date_column, v, format_hint()));
      return p;
    }
    const std::string_view y = get(f, cols_.year);
    std::optional<unsigned> m;
    if (cols_.month) {
      m = month_number(get(f, cols_.month));
      if (!m) error(line, fmt::format("{} '{}' is not a month", o_.month_column,
                                      get(f, cols_.month)));
    } else if (cols_.quarter) {
      const auto q = get(f, cols_.quarter);
      if (q.size() == 1 && q[0] >= '1' && q[0] <= '4') m = static_cast<unsigned>(q[0] - '0') * 3;
      else error(line, fmt::format("{} '{}' is not a quarter (1-4)", o_.quarter_column, q));
    }
    if ((cols_.month || cols_.quarter) && !m) return std::nullopt;
    auto p = parse_period(m ? fmt::format("{}-{:02}", y, *m) : std::string(y));
    if (!p)
      error(line, fmt::format("{} '{}' is not a year from {} to {}", o_.year_column, y, min_year,
                              max_year));
    return p;
  }

  // `--country-name` for this table: `{file}` replaced by the file's name
  // without directory and extension.
  static std::string fixed_country_name(std::string name, const std::string& file_name) {
    const std::string file = std::filesystem::path(file_name).stem().string();
    for (auto at = name.find("{file}"); at != std::string::npos;
         at = name.find("{file}", at + file.size()))
      name.replace(at, 6, file);
    return name;
  }

  // A spelling's country: an alias, else a known spelling.
  std::optional<Country> known(std::string_view v) const {
    if (auto a = std::find_if(o_.aliases.begin(), o_.aliases.end(),
                              [&](const auto& kv) { return lower(kv.first) == lower(v); });
        a != o_.aliases.end())
      return Country::find(a->second);
    return Country::find(v);
  }

  // The country of a row: the first country column whose value is a known
  // spelling or an alias. Also the first spelling that is not missing.
  std::optional<Country> find_country(const Fields& f, std::string& first_spelling) const {
    std::optional<Country> country;
    for (std::size_t c : cols_.countries) {
      const std::string_view v = trim(f[c]);
      if (is_missing(v)) continue;
      if (first_spelling.empty()) first_spelling = std::string(v);
      country = known(v);
      if (country) break;
    }
    return country;
  }

  // The country code of a row ("" without country columns or name); nullopt
  // where it is unknown (counted, or an error).
  std::optional<std::string> country_of(std::size_t line, const Fields& f, bool& ok) {
    std::string first_spelling;
    if (!o_.country_name.empty()) {
      if (!fixed_country_) fixed_country_ = known(trim(country_name_));
      if (*fixed_country_) return std::string((*fixed_country_)->code());
      first_spelling = std::string(trim(country_name_));
    } else if (cols_.countries.empty()) {
      return std::string();
    } else if (const auto country = find_country(f, first_spelling)) {
      return std::string(country->code());
    }
    // Counted once a spelling: skipped, or one error at the spelling's first row.
    const std::string spelling = first_spelling.empty() ? "(blank)" : first_spelling;
    auto& unknown = o_.skip_unknown_countries ? result_.unknown_countries : unknown_here_;
    auto [it, first] = unknown.try_emplace(spelling);
    if (first) {
      it->second = {0, file_name_, line,
                    first_spelling.empty() ? std::string("blank country")
                                           : Country::lookup(first_spelling).message(first_spelling)};
    }
    ++it->second.rows;
    if (!o_.skip_unknown_countries) ok = false;
    return std::nullopt;
  }

  void row(std::size_t line, const Fields& f) {
    if (f.size() != cols_.fields) {
      error(line, fmt::format("{} fields, but the header has {}", f.size(), cols_.fields));
      return;
    }
    if (std::all_of(f.begin(), f.end(), [](std::string_view v) { return trim(v).empty(); }))
      return;  // a row of empty cells says nothing
    if (o_.kind == Kind::end) return end_row(line, f);
    bool ok = true;
    std::optional<Period> date;
    if (!o_.wide) {
      date = read_date(line, f);
      ok = date.has_value();
      if (date) dates_.push_back(*date);
    }
    const auto country = country_of(line, f, ok);
    const std::string mission = cols_.mission ? std::string(get(f, cols_.mission)) : o_.mission;
    if (mission.empty()) {
      error(line, "blank mission");
      ok = false;
    }
    const bool row_missing =
        std::any_of(cols_.missing_when.begin(), cols_.missing_when.end(),
                    [&](const auto& cv) { return get(f, cv.first) == cv.second; });
    const std::string component(cols_.component ? get(f, cols_.component)
                                                : std::string_view{o_.component});
    for (std::size_t k = 0; k < cols_.figures.size(); ++k) {
      const FigureColumns& c = cols_.figures[k];
      Figure g = figure_of(line, f, c, ok);
      if (!ok || !country) continue;
      if (row_missing) g = {};
      entries_.push_back({line, k + 1, c.date ? *c.date : *date,
                          {mission, *country, c.component.value_or(component)}, g,
                          std::string(get(f, cols_.source))});
    }
  }

  // --kind end: a row is the end of its scope (its mission, and its country
  // and component where given) on its date. A row without a date (blank or
  // a --missing value: a mission still running) is skipped and counted.
  void end_row(std::size_t line, const Fields& f) {
    const std::string_view when = get(f, cols_.date ? cols_.date : cols_.year);
    if (is_missing(when)) {
      ++result_.dates_blank;
      return;
    }
    const auto date = read_date(line, f);
    bool ok = date.has_value();
    const bool country_given =
        !o_.country_name.empty() ||
        std::any_of(cols_.countries.begin(), cols_.countries.end(),
                    [&](std::size_t c) { return !is_missing(trim(f[c])); });
    const auto country =
        country_given ? country_of(line, f, ok) : std::optional<std::string>(std::string());
    const std::string mission = cols_.mission ? std::string(get(f, cols_.mission)) : o_.mission;
    if (mission.empty()) {
      error(line, "blank mission");
      ok = false;
    }
    if (!ok || !country) return;
    const std::string component(cols_.component ? get(f, cols_.component)
                                                : std::string_view{o_.component});
    std::string source = fmt::format("{} line {}", stem_, line);
    if (cols_.source) source += fmt::format(": {}", get(f, cols_.source));
    ends_.push_back({fmt::format("{}-{}", id_prefix_, line), *date, {mission, *country, component},
                     {}, std::move(source), {}, false, Kind::end});
  }

  // --- The plan -----------------------------------------------------------

  std::string id_of(const Entry& e) const {
    return o_.wide || cols_.figures.size() > 1 ? fmt::format("{}-{}-{}", id_prefix_, e.line, e.sub)
                                               : fmt::format("{}-{}", id_prefix_, e.line);
  }

  std::string source_of(const Entry& e) const {
    std::string s = fmt::format("{} line {}", stem_, e.line);
    if (cols_.source) s += fmt::format(": {}", e.source);
    return s;
  }

  // A report of unknown size: count the last figure (if any), low 0, high unbounded.
  static void make_unknown_size(OutRow& r, std::optional<Count> last) {
    r.figure = {last, Count{0}, std::nullopt};
    r.unknown_size = true;
  }

  // The one place that keeps a key's last figure: the figure of the last row
  // WRITTEN for it, whatever wrote it (a figure of the table, a 0 for a
  // missing figure or an absent key). A report of unknown size writes no
  // figure of its own (its count is `last` already), and no row (skip,
  // carry) leaves `last` as it was.
  static void wrote(const std::optional<OutRow>& r, std::optional<Count>& last) {
    if (r && !r->unknown_size) last = r->figure.estimate();
  }

  // The row an entry gives, where it gives one.
  std::optional<OutRow> row_of(const Entry& e, std::optional<Count> last) {
    OutRow r{id_of(e), e.date, e.key, e.figure, source_of(e), {}};
    if (!e.figure.missing()) return r;
    ++result_.figures_missing;
    switch (o_.missing_as) {
      case MissingAs::skip: return std::nullopt;
      case MissingAs::zero:
        r.figure.count = 0;
        r.note = "no figure in the table (missing): taken as 0";
        return r;
      case MissingAs::unknown: break;
    }
    ++result_.unknown_size;
    make_unknown_size(r, last);
    r.note = last ? "no figure in the table (missing): size unknown, count is the last figure"
                  : "no figure in the table (missing): size unknown";
    return r;
  }

  // The row for a key absent on `date`, its last row on line `last_line`.
  std::optional<OutRow> absent_row(const Key& key, const Period& date, std::optional<Count> last,
                                   std::size_t last_line) {
    ++result_.keys_absent;
    OutRow r{{}, date, key, {}, fmt::format("{} line {}: the key's last row before this date", stem_,
                                           last_line), {}};
    const std::string when = to_string(date);
    switch (o_.absent_as) {
      case AbsentAs::carry: return std::nullopt;
      case AbsentAs::zero:
        r.figure.count = 0;
        r.note = fmt::format("no row in the table on {} (absent): taken as 0", when);
        return r;
      case AbsentAs::unknown: break;
    }
    ++result_.unknown_size;
    make_unknown_size(r, last);
    r.note = fmt::format("no row in the table on {} (absent): size unknown{}", when,
                         last ? ", count is the last figure" : "");
    return r;
  }

  // One key over the table's dates (`idx`: its entries in line order).
  void walk_key(const Key& key, std::vector<std::size_t>& idx,
                std::vector<std::optional<OutRow>>& rows, std::vector<OutRow>& absent) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return earlier(entries_[a].date, entries_[b].date);
    });
    std::optional<Count> last;
    std::size_t last_line = 0, j = 0;
    bool present = false;
    auto d = std::lower_bound(dates_.begin(), dates_.end(), entries_[idx[0]].date, earlier);
    for (; d != dates_.end(); ++d) {
      if (j < idx.size() && entries_[idx[j]].date == *d) {
        for (; j < idx.size() && entries_[idx[j]].date == *d; ++j) {
          const Entry& e = entries_[idx[j]];
          rows[idx[j]] = row_of(e, last);
          wrote(rows[idx[j]], last);
          last_line = e.line;
        }
        present = true;
      } else if (present) {
        present = false;
        auto r = absent_row(key, *d, last, last_line);
        wrote(r, last);
        if (r) absent.push_back(std::move(*r));
      }
    }
  }

  // The rows of the log: the entries' in line order, then the absent keys'
  // by date and key.
  void plan(std::vector<OutRow>& out) {
    std::sort(dates_.begin(), dates_.end(), earlier);
    dates_.erase(std::unique(dates_.begin(), dates_.end()), dates_.end());
    std::map<Key, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < entries_.size(); ++i) by_key[entries_[i].key].push_back(i);
    std::vector<std::optional<OutRow>> rows(entries_.size());
    std::vector<OutRow> absent;
    for (auto& [key, idx] : by_key) walk_key(key, idx, rows, absent);
    for (auto& r : rows)
      if (r) out.push_back(std::move(*r));
    std::stable_sort(absent.begin(), absent.end(), [](const OutRow& a, const OutRow& b) {
      if (!(a.date == b.date)) return earlier(a.date, b.date);
      return a.key < b.key;
    });
    for (std::size_t i = 0; i < absent.size(); ++i) {
      absent[i].id = fmt::format("{}-a{}", id_prefix_, i + 1);
      out.push_back(std::move(absent[i]));
    }
  }

  const std::string& file_name_;
  const ImportOptions& o_;
  const std::string id_prefix_;
  const std::string stem_;
  const std::string country_name_;  // --country-name with {file} replaced
  std::optional<std::optional<Country>> fixed_country_;  // its country, once looked up
  ImportResult& result_;
  std::vector<Diagnostic>& errors_;
  std::vector<std::string> header_;
  std::vector<bool> named_;  // header columns that an option names
  bool header_ok_ = true;
  Columns cols_;
  std::vector<Entry> entries_;
  std::vector<OutRow> ends_;  // --kind end: the rows, in line order
  std::map<std::string, UnknownCountry> unknown_here_;  // refused spellings, each once
  std::vector<Period> dates_;  // the table's dates (sorted and unique once read)
};

// The log: a header, then the rows through the one CSV writer.
// The header is always the same, whatever the table and the options, so
// that the rows of two imports (with different --id-prefix) can be joined
// into one log by appending the second's rows to the first.
void write_log(const std::vector<OutRow>& rows, const ImportOptions& o, ImportResult& result) {
  std::string& out = result.log_text;
  out = header_line({Column::id, Column::kind, Column::date, Column::mission, Column::country,
                     Column::component, Column::count, Column::low, Column::high, Column::source,
                     Column::recorded, Column::note});
  const auto number = [](const std::optional<Count>& n) {
    return n ? fmt::format("{}", *n) : std::string();
  };
  for (const OutRow& r : rows) {
    append_csv_field(out, r.id);
    fmt::format_to(std::back_inserter(out), ",{},{},", to_string(r.kind), to_string(r.date));
    append_csv_field(out, r.key.mission);
    out += ',';
    append_csv_field(out, r.key.country);
    out += ',';
    append_csv_field(out, r.key.component);
    fmt::format_to(std::back_inserter(out), ",{},{},{},", number(r.figure.count),
                   number(r.figure.low), number(r.figure.high));
    append_csv_field(out, r.source);
    out += ',';
    append_csv_field(out, o.recorded);  // blank: the first day of the date
    out += ',';
    append_csv_field(out, r.note);
    out.push_back('\n');
  }
  result.rows_written = rows.size();
}

// Watches a table as it is read for a record that is already over a limit
// of the CSV reader (a field longer than 1 MiB, more than 1,000 fields, more
// than max_records records or max_fields_in_all fields in all), so
// that an endless input (/dev/zero, a pipe of one line) is cut there, not
// read on to max_log_bytes: the CSV reader then refuses that record as it
// would the whole file's. Follows the reader's quoting: a quote opens a
// quoted field only at its start, `""` inside it is one quote.
class LimitWatch {
 public:
  explicit LimitWatch(char delimiter) : delimiter_(delimiter) {}

  /// The bytes of `block` that may be kept: all of them, or up to the byte
  /// that puts a record over a limit (then over() is true).
  std::size_t feed(std::string_view block) {
    for (std::size_t i = 0; i < block.size(); ++i) {
      const char c = block[i];
      if (quote_seen_) {  // after a quote inside a quoted field
        quote_seen_ = false;
        if (c == '"') {
          ++field_;
          if (field_ > CsvReader::max_field_bytes) return stop(i);
          continue;
        }
        quoted_ = false;  // it closed the field: c is read as outside it
      }
      if (quoted_) {
        if (c == '"') quote_seen_ = true;
        else if (++field_ > CsvReader::max_field_bytes) return stop(i);
        continue;
      }
      if (c == '"' && field_ == 0) {
        quoted_ = true;
      } else if (c == delimiter_) {
        field_ = 0;
        if (++fields_ > CsvReader::max_fields_per_record ||
            ++fields_in_all_ > CsvReader::max_fields_in_all)
          return stop(i);
      } else if (c == '\n' || c == '\r') {
        field_ = 0;
        fields_ = 1;
        if (c == '\n' && (++records_ > CsvReader::max_records ||
                          ++fields_in_all_ > CsvReader::max_fields_in_all))
          return stop(i);
      } else if (++field_ > CsvReader::max_field_bytes) {
        return stop(i);
      }
    }
    return block.size();
  }
  bool over() const { return over_; }

 private:
  std::size_t stop(std::size_t i) {
    over_ = true;
    return i + 1;
  }
  char delimiter_;
  bool quoted_ = false, quote_seen_ = false, over_ = false;
  std::size_t field_ = 0, fields_ = 1, records_ = 0, fields_in_all_ = 0;
};

// A table's text: a file, `-` (standard input), a FIFO or a device, read to
// its end or to the first of the log reader's limits (docs/limits.md): past
// `max_file_bytes`, refused as read_log refuses a log; a record over a limit
// of the CSV reader ends the text there (`cut`), where the reader refuses it.
std::string read_table(const std::string& path, std::string& name, char delimiter,
                       std::size_t max_file_bytes, bool& cut) {
  name = path;
  detail::FileDescriptor file = detail::FileDescriptor::standard_input();
  if (path == "-") {
    name = "<stdin>";
  } else {
    file = detail::FileDescriptor::owning(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) throw LogRefused({{name, 0, fmt::format("cannot open: {}", std::strerror(errno))}});
  }
  const int fd = file.get();
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
    throw LogRefused({{name, 0, "is a directory, not a table: give the files in it"}});
  const auto unreadable = [&] {
    return LogRefused({{name, 0, fmt::format("cannot read the file: {}", std::strerror(errno))}});
  };
  std::string text;
  if (S_ISREG(st.st_mode) && st.st_size > 0)
    text.reserve(std::min(static_cast<std::size_t>(st.st_size), max_file_bytes) + 1);
  LimitWatch watch(delimiter);
  constexpr std::size_t block = std::size_t{1} << 20;
  std::size_t lines = 0;
  for (;;) {
    const std::size_t at = text.size();
    text.resize(at + std::min(block, max_file_bytes + 1 - at));
    ssize_t n = 0;
    do n = ::read(fd, text.data() + at, text.size() - at);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw unreadable();
    const std::string_view got(text.data() + at, static_cast<std::size_t>(n));
    const std::size_t keep = watch.feed(got);
    text.resize(at + keep);
    if (watch.over()) {
      cut = true;
      return text;
    }
    if (text.size() > max_file_bytes)
      throw LogRefused({{name, 1 + lines + static_cast<std::size_t>(std::count(
                                              got.begin(), got.end() - 1, '\n')),
                         detail::too_long(max_file_bytes)}});
    lines += static_cast<std::size_t>(std::count(got.begin(), got.end(), '\n'));
    if (n == 0) return text;
  }
}

void check_figure_options(const ImportOptions& o) {
  const auto counts = count_columns(o);
  const bool bounds = !o.low_column.empty() || !o.high_column.empty();
  if (o.kind == Kind::end) {
    if (!counts.empty() || bounds || o.wide)
      throw std::invalid_argument("--kind end: an end carries no figure (no count, low or high "
                                  "column, not --wide)");
    return;
  }
  if (o.kind != Kind::report)
    throw std::invalid_argument("the kind of the rows: report or end");
  if (o.wide) {
    if (!counts.empty() || bounds)
      throw std::invalid_argument("--wide: the figures are the date columns (no count column)");
    if (!o.date_column.empty() || !o.year_column.empty())
      throw std::invalid_argument("--wide: the dates are the columns (no date or year column)");
    return;
  }
  if (counts.empty() && !bounds)
    throw std::invalid_argument("give a count column (or low/high columns)");
  if (counts.size() > 1 && bounds)
    throw std::invalid_argument("low/high columns go with one count column, not several");
  // A column named by nothing (`--count ''`, `+`, `A+`, `A++B`) would make
  // every figure missing: refused, naming the value.
  for (const auto& c : counts) {
    std::string_view rest = c.column;
    for (auto plus = rest.find('+');; plus = rest.find('+')) {
      if (trim(rest.substr(0, plus)).empty())
        throw std::invalid_argument(fmt::format(
            "--count '{}': names no column{}", c.column,
            c.column.find('+') == std::string::npos ? "" : " (an empty name in a sum A+B)"));
      if (plus == std::string_view::npos) break;
      rest.remove_prefix(plus + 1);
    }
  }
  for (const auto& [option, name] : {std::pair{"--low", &o.low_column}, {"--high", &o.high_column}})
    if (!name->empty() && trim(*name).empty())
      throw std::invalid_argument(fmt::format("{} '{}': names no column", option, *name));
}

void check_options(const ImportOptions& o) {
  if (!o.wide && o.date_column.empty() && o.year_column.empty())
    throw std::invalid_argument("the date: give a date column, or a year column (or --wide)");
  if (!o.date_column.empty() && !o.year_column.empty())
    throw std::invalid_argument("the date: give a date column or a year column, not both");
  if (!o.month_column.empty() && !o.quarter_column.empty())
    throw std::invalid_argument("the date: give a month column or a quarter column, not both");
  if (!o.date_format.empty() && o.date_column.empty() && !o.wide)
    throw std::invalid_argument("a date format reads a date column (or --wide's headers)");
  check_figure_options(o);
  if (!o.country_name.empty() && !o.country_columns.empty())
    throw std::invalid_argument("the country: give a country name or country columns, not both");
  if (o.mission.empty() == o.mission_column.empty())
    throw std::invalid_argument("give either a fixed mission or a mission column");
  if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r' || o.delimiter == '\0')
    throw std::invalid_argument("the delimiter cannot be a quote, a line end or NUL");
  if (o.thousands && ((o.thousands >= '0' && o.thousands <= '9') || o.thousands == '-'))
    throw std::invalid_argument("the thousands separator cannot be a digit or '-'");
  if (!o.recorded.empty() && !parse_day(o.recorded))
    throw std::invalid_argument(fmt::format("recorded '{}' is not a day (YYYY-MM-DD)", o.recorded));
  for (const auto& [spelling, code] : o.aliases)
    if (!Country::find(code))
      throw std::invalid_argument(fmt::format("alias '{}': '{}' is not a country", spelling, code));
}

ImportResult finish(ImportResult r, const std::vector<OutRow>& rows, const ImportOptions& o,
                    std::vector<Diagnostic> errors) {
  if (!errors.empty()) throw LogRefused(std::move(errors));
  write_log(rows, o, r);
  // What we write must be a log muster accepts; check it the same way.
  parse_log(r.log_text, "<import>");
  return r;
}

}  // namespace

ImportResult import_table(std::string text, const std::string& file_name,
                          const ImportOptions& options) {
  check_options(options);
  ImportResult r;
  std::vector<Diagnostic> errors;
  std::vector<OutRow> rows;
  TableImport{file_name, options, 1, r, errors}.run(std::move(text), rows, false);
  return finish(std::move(r), rows, options, std::move(errors));
}

ImportResult import_tables(const std::vector<std::string>& paths, const ImportOptions& options,
                           std::size_t max_file_bytes) {
  check_options(options);
  ImportResult r;
  std::vector<Diagnostic> errors;
  std::vector<OutRow> rows;
  for (std::size_t i = 0; i < paths.size() && errors.size() < max_errors_kept; ++i) {
    std::string name;
    bool cut = false;
    std::string text = read_table(paths[i], name, options.delimiter, max_file_bytes, cut);
    TableImport{name, options, i + 1, r, errors}.run(std::move(text), rows, cut);
  }
  return finish(std::move(r), rows, options, std::move(errors));
}

}  // namespace muster
