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

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

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

std::string csv_quote(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos &&
      (s.empty() || (s.front() != ' ' && s.back() != ' ')))
    return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::string_view log_header =
    "id,kind,date,mission,country,component,count,low,high,source\n";

void import_into(std::string text, const std::string& file_name, const ImportOptions& o,
                 const std::string& id_prefix, ImportResult& result,
                 std::vector<Diagnostic>& errors) {
  auto error = [&](std::size_t line, std::string message) {
    errors.push_back({file_name, line, std::move(message)});
  };
  CsvReader csv{std::move(text)};
  if (csv.next() != CsvReader::record) {
    error(1, csv.error().empty() ? "empty table: expected a header row" : "header: " + csv.error());
    return;
  }
  const std::vector<std::string_view> header_views = csv.fields();
  std::vector<std::string> header(header_views.begin(), header_views.end());
  for (auto& h : header) h = std::string(trim(h));
  bool header_ok = true;
  auto column = [&](const std::string& name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      error(1, fmt::format("no column '{}' in the table (it has: {})", name,
                           fmt::join(header, ", ")));
      header_ok = false;
      return std::nullopt;
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  const auto date_c = column(o.date_column), year_c = column(o.year_column),
             month_c = column(o.month_column), quarter_c = column(o.quarter_column),
             count_c = column(o.count_column), low_c = column(o.low_column),
             high_c = column(o.high_column), mission_c = column(o.mission_column),
             component_c = column(o.component_column), source_c = column(o.source_column);
  std::vector<std::size_t> country_c;
  for (const auto& name : o.country_columns)
    if (auto c = column(name)) country_c.push_back(*c);
  if (!header_ok) return;

  const std::string stem = std::filesystem::path(file_name).filename().string();
  for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
    const std::size_t line = csv.line();
    if (r == CsvReader::bad) {
      error(line, csv.error());
      continue;
    }
    const auto& f = csv.fields();
    if (f.size() != header.size()) {
      error(line, fmt::format("{} fields, but the header has {}", f.size(), header.size()));
      continue;
    }
    auto get = [&](std::optional<std::size_t> c) { return c ? trim(f[*c]) : std::string_view{}; };
    auto is_missing = [&](std::string_view v) {
      return std::find(o.missing.begin(), o.missing.end(), v) != o.missing.end();
    };
    // The figure.
    const std::string_view count = get(count_c), low = get(low_c), high = get(high_c);
    const bool has_count = count_c && !is_missing(count), has_low = low_c && !is_missing(low),
               has_high = high_c && !is_missing(high);
    if (!has_count && !has_low && !has_high) {
      ++result.skipped_missing;
      continue;
    }
    bool ok = true;
    for (auto [v, has, name] : {std::tuple{count, has_count, o.count_column},
                                std::tuple{low, has_low, o.low_column},
                                std::tuple{high, has_high, o.high_column}})
      if (has && !digits(v)) {
        error(line, fmt::format("{} '{}' is not a whole number of personnel", name, v));
        ok = false;
      }
    // The date.
    std::string date;
    if (date_c) {
      date = std::string(get(date_c));
      if (!parse_period(date)) {
        error(line, fmt::format("{} '{}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                                o.date_column, date));
        ok = false;
      }
    } else {
      const std::string_view y = get(year_c);
      std::optional<unsigned> m;
      if (month_c) {
        m = month_number(get(month_c));
        if (!m) error(line, fmt::format("{} '{}' is not a month", o.month_column, get(month_c)));
      } else if (quarter_c) {
        const auto q = get(quarter_c);
        if (q.size() == 1 && q[0] >= '1' && q[0] <= '4') m = static_cast<unsigned>(q[0] - '0') * 3;
        else error(line, fmt::format("{} '{}' is not a quarter (1-4)", o.quarter_column, q));
      }
      date = m ? fmt::format("{}-{:02}", y, *m) : std::string(y);
      if ((month_c || quarter_c) && !m) ok = false;
      else if (!parse_period(date)) {
        error(line, fmt::format("{} '{}' is not a year from {} to {}", o.year_column, y,
                                min_year, max_year));
        ok = false;
      }
    }
    // The country.
    std::optional<Country> country;
    std::string first_spelling;
    for (std::size_t c : country_c) {
      const std::string_view v = trim(f[c]);
      if (is_missing(v)) continue;
      if (first_spelling.empty()) first_spelling = std::string(v);
      if (auto a = std::find_if(o.aliases.begin(), o.aliases.end(),
                                [&](const auto& kv) { return lower(kv.first) == lower(v); });
          a != o.aliases.end())
        country = Country::find(a->second);
      else
        country = Country::find(v);
      if (country) break;
    }
    if (!country) {
      if (o.skip_unknown_countries) {
        ++result.unknown_countries[first_spelling.empty() ? "(blank)" : first_spelling];
        continue;
      }
      error(line, fmt::format("unknown country '{}' (give --alias '{}=CODE' or "
                              "--skip-unknown-countries)", first_spelling, first_spelling));
      ok = false;
    }
    const std::string mission = mission_c ? std::string(get(mission_c)) : o.mission;
    if (mission.empty()) {
      error(line, "blank mission");
      ok = false;
    }
    if (!ok) continue;
    const std::string component = component_c ? std::string(get(component_c)) : o.component;
    std::string source = fmt::format("{} line {}", stem, line);
    if (source_c) source += fmt::format(": {}", get(source_c));
    result.log_text += fmt::format(
        "{}-{},report,{},{},{},{},{},{},{},{}\n", id_prefix, line, date, csv_quote(mission),
        country->code(), csv_quote(component), has_count ? count : "", has_low ? low : "",
        has_high ? high : "", csv_quote(source));
    ++result.rows_written;
  }
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
