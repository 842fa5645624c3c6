// Importing tables of figures (cli.md, `import`).
#include "muster/import.hpp"

#include "muster/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

namespace muster {
namespace {

constexpr auto trim = trim_blanks;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<unsigned> month_number(std::string_view text) {
  static constexpr std::string_view names[] = {"january", "february", "march",     "april",
                                               "may",     "june",     "july",      "august",
                                               "september", "october", "november", "december"};
  const std::string t = lower(trim(text));
  if (t.empty()) return std::nullopt;
  if (std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (t.size() > 2) return std::nullopt;
    const unsigned m = static_cast<unsigned>(std::stoi(t));
    return (m >= 1 && m <= 12) ? std::optional<unsigned>(m) : std::nullopt;
  }
  for (unsigned i = 0; i < 12; ++i)
    if (t == names[i] || (t.size() >= 3 && names[i].substr(0, t.size()) == t)) return i + 1;
  return std::nullopt;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::string_view log_header =
    "id,kind,date,mission,country,component,count,low,high,source\n";

// The columns that the options name, as positions in the table's header.
struct Columns {
  std::size_t fields = 0;  // fields in the header
  std::optional<std::size_t> date, year, month, quarter, count, low, high, mission, component,
      source;
  std::vector<std::size_t> countries;
};

// One table read into `result` (rows) and `errors` (what is wrong, with its
// line), in phases: the header, then each row's figure, date and country,
// then the log row.
class TableImport {
 public:
  TableImport(const std::string& file_name, const ImportOptions& o, const std::string& id_prefix,
              ImportResult& result, std::vector<Diagnostic>& errors)
      : file_name_(file_name), o_(o), id_prefix_(id_prefix),
        stem_(std::filesystem::path(file_name).filename().string()), result_(result),
        errors_(errors) {}

  void run(std::string text) {
    CsvReader csv{std::move(text)};
    if (!read_header(csv)) return;
    for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
      if (r == CsvReader::bad) error(csv.line(), csv.error());
      else row(csv.line(), csv.fields());
    }
  }

 private:
  using Fields = std::vector<std::string_view>;

  void error(std::size_t line, std::string message) {
    errors_.push_back({file_name_, line, std::move(message)});
  }

  // Finds the columns that the options name; false (with errors) where the
  // header has no such column or is not there.
  bool read_header(CsvReader& csv) {
    if (csv.next() != CsvReader::record) {
      error(1, csv.error().empty() ? "empty table: expected a header row"
                                   : "header: " + csv.error());
      return false;
    }
    std::vector<std::string> header(csv.fields().begin(), csv.fields().end());
    for (auto& h : header) h = std::string(trim(h));
    bool ok = true;
    auto column = [&](const std::string& name) -> std::optional<std::size_t> {
      if (name.empty()) return std::nullopt;
      auto it = std::find(header.begin(), header.end(), name);
      if (it == header.end()) {
        error(1, fmt::format("no column '{}' in the table (it has: {})", name,
                             fmt::join(header, ", ")));
        ok = false;
        return std::nullopt;
      }
      return static_cast<std::size_t>(it - header.begin());
    };
    Columns& c = cols_;
    c.fields = header.size();
    c.date = column(o_.date_column), c.year = column(o_.year_column),
    c.month = column(o_.month_column), c.quarter = column(o_.quarter_column),
    c.count = column(o_.count_column), c.low = column(o_.low_column),
    c.high = column(o_.high_column), c.mission = column(o_.mission_column),
    c.component = column(o_.component_column), c.source = column(o_.source_column);
    for (const auto& name : o_.country_columns)
      if (auto i = column(name)) c.countries.push_back(*i);
    return ok;
  }

  static std::string_view get(const Fields& f, std::optional<std::size_t> c) {
    return c ? trim(f[*c]) : std::string_view{};
  }
  bool is_missing(std::string_view v) const {
    return std::find(o_.missing.begin(), o_.missing.end(), v) != o_.missing.end();
  }

  // The figure of a row: the count, low and high that are not missing
  // (written blank where missing).
  struct Figure {
    std::string_view count, low, high;
    bool has_count = false, has_low = false, has_high = false;
    bool any() const { return has_count || has_low || has_high; }
  };

  Figure figure_of(const Fields& f) const {
    Figure r{get(f, cols_.count), get(f, cols_.low), get(f, cols_.high)};
    r.has_count = cols_.count && !is_missing(r.count);
    r.has_low = cols_.low && !is_missing(r.low);
    r.has_high = cols_.high && !is_missing(r.high);
    return r;
  }

  // False (with errors) where a figure that is there is not a whole number.
  bool check_figure(std::size_t line, const Figure& g) {
    bool ok = true;
    for (auto [v, has, name] : {std::tuple{g.count, g.has_count, o_.count_column},
                                std::tuple{g.low, g.has_low, o_.low_column},
                                std::tuple{g.high, g.has_high, o_.high_column}})
      if (has && !digits(v)) {
        error(line, fmt::format("{} '{}' is not a whole number of personnel", name, v));
        ok = false;
      }
    return ok;
  }

  // The date of a row as the log writes it; false (with errors) where it is
  // not a date.
  bool read_date(std::size_t line, const Fields& f, std::string& date) {
    if (cols_.date) {
      date = std::string(get(f, cols_.date));
      if (parse_period(date)) return true;
      error(line, fmt::format("{} '{}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                              o_.date_column, date));
      return false;
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
    date = m ? fmt::format("{}-{:02}", y, *m) : std::string(y);
    if ((cols_.month || cols_.quarter) && !m) return false;
    if (parse_period(date)) return true;
    error(line, fmt::format("{} '{}' is not a year from {} to {}", o_.year_column, y, min_year,
                            max_year));
    return false;
  }

  // The country of a row: the first country column whose value is a known
  // spelling or an alias. Also the first spelling that is not missing.
  std::optional<Country> find_country(const Fields& f, std::string& first_spelling) const {
    std::optional<Country> country;
    for (std::size_t c : cols_.countries) {
      const std::string_view v = trim(f[c]);
      if (is_missing(v)) continue;
      if (first_spelling.empty()) first_spelling = std::string(v);
      if (auto a = std::find_if(o_.aliases.begin(), o_.aliases.end(),
                                [&](const auto& kv) { return lower(kv.first) == lower(v); });
          a != o_.aliases.end())
        country = Country::find(a->second);
      else
        country = Country::find(v);
      if (country) break;
    }
    return country;
  }

  void row(std::size_t line, const Fields& f) {
    if (f.size() != cols_.fields) {
      error(line, fmt::format("{} fields, but the header has {}", f.size(), cols_.fields));
      return;
    }
    const Figure figure = figure_of(f);
    if (!figure.any()) {
      ++result_.skipped_missing;
      return;
    }
    bool ok = check_figure(line, figure);
    std::string date;
    ok = read_date(line, f, date) && ok;
    std::string first_spelling;
    const std::optional<Country> country = find_country(f, first_spelling);
    if (!country) {
      if (o_.skip_unknown_countries) {
        ++result_.unknown_countries[first_spelling.empty() ? "(blank)" : first_spelling];
        return;
      }
      error(line, fmt::format("unknown country '{}' (give --alias '{}=CODE' or "
                              "--skip-unknown-countries)", first_spelling, first_spelling));
      ok = false;
    }
    const std::string mission = cols_.mission ? std::string(get(f, cols_.mission)) : o_.mission;
    if (mission.empty()) {
      error(line, "blank mission");
      ok = false;
    }
    if (!ok) return;
    const std::string_view component =
        cols_.component ? get(f, cols_.component) : std::string_view{o_.component};
    write_row(line, date, mission, country->code(), component, figure, get(f, cols_.source));
  }

  // One report row of the log, its source naming the table and line.
  void write_row(std::size_t line, std::string_view date, std::string_view mission,
                 std::string_view country, std::string_view component, const Figure& figure,
                 std::string_view source_text) {
    std::string source = fmt::format("{} line {}", stem_, line);
    if (cols_.source) source += fmt::format(": {}", source_text);
    std::string& out = result_.log_text;
    fmt::format_to(std::back_inserter(out), "{}-{},report,{},", id_prefix_, line, date);
    append_csv_field(out, mission);
    fmt::format_to(std::back_inserter(out), ",{},", country);
    append_csv_field(out, component);
    fmt::format_to(std::back_inserter(out), ",{},{},{},", figure.has_count ? figure.count : "",
                   figure.has_low ? figure.low : "", figure.has_high ? figure.high : "");
    append_csv_field(out, source);
    out.push_back('\n');
    ++result_.rows_written;
  }

  const std::string& file_name_;
  const ImportOptions& o_;
  const std::string& id_prefix_;
  const std::string stem_;
  ImportResult& result_;
  std::vector<Diagnostic>& errors_;
  Columns cols_;
};

void import_into(std::string text, const std::string& file_name, const ImportOptions& o,
                 const std::string& id_prefix, ImportResult& result,
                 std::vector<Diagnostic>& errors) {
  TableImport{file_name, o, id_prefix, result, errors}.run(std::move(text));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LogRefused({{path, 0, fmt::format("cannot open: {}", std::strerror(errno))}});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void check_options(const ImportOptions& o) {
  if (o.date_column.empty() && o.year_column.empty())
    throw std::invalid_argument("the date: give a date column, or a year column");
  if (!o.date_column.empty() && !o.year_column.empty())
    throw std::invalid_argument("the date: give a date column or a year column, not both");
  if (!o.month_column.empty() && !o.quarter_column.empty())
    throw std::invalid_argument("the date: give a month column or a quarter column, not both");
  if (o.country_columns.empty()) throw std::invalid_argument("give at least one country column");
  if (o.count_column.empty() && o.low_column.empty() && o.high_column.empty())
    throw std::invalid_argument("give a count column (or low/high columns)");
  if (o.mission.empty() == o.mission_column.empty())
    throw std::invalid_argument("give either a fixed mission or a mission column");
  for (const auto& [spelling, code] : o.aliases)
    if (!Country::find(code))
      throw std::invalid_argument(fmt::format("alias '{}': '{}' is not a country", spelling, code));
}

ImportResult finish(ImportResult r, std::vector<Diagnostic> errors) {
  if (!errors.empty()) throw LogRefused(std::move(errors));
  // What we write must be a log muster accepts; check it the same way.
  parse_log(r.log_text, "<import>");
  return r;
}

}  // namespace

ImportResult import_table(std::string text, const std::string& file_name,
                          const ImportOptions& options) {
  check_options(options);
  ImportResult r;
  r.log_text = std::string(log_header);
  std::vector<Diagnostic> errors;
  import_into(std::move(text), file_name, options, "t1", r, errors);
  return finish(std::move(r), std::move(errors));
}

ImportResult import_tables(const std::vector<std::string>& paths, const ImportOptions& options) {
  check_options(options);
  ImportResult r;
  r.log_text = std::string(log_header);
  std::vector<Diagnostic> errors;
  for (std::size_t i = 0; i < paths.size(); ++i)
    import_into(read_file(paths[i]), paths[i], options, fmt::format("t{}", i + 1), r, errors);
  return finish(std::move(r), std::move(errors));
}

}  // namespace muster
