// Reading and validating a version-1 log (spec sections 1-3 and 6).
#include "muster/log.hpp"

#include "muster/csv.hpp"
#include "muster/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace muster {

std::string Diagnostic::to_string() const {
  if (line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}: {}", file, line, message);
}

namespace {

std::string summary(const std::vector<Diagnostic>& d) {
  if (d.empty()) return "log refused";
  return d.front().to_string() +
         (d.size() > 1 ? fmt::format(" (and {} more errors)", d.size() - 1) : std::string{});
}

enum Column : std::size_t {
  c_id, c_kind, c_date, c_mission, c_country, c_component, c_count, c_low, c_high,
  c_status, c_recorded, c_supersedes, c_source, c_note, column_count
};

constexpr std::array<std::string_view, column_count> column_names = {
    "id",     "kind",   "date",     "mission",    "country", "component", "count",
    "low",    "high",   "status",   "recorded",   "supersedes", "source", "note"};

constexpr std::size_t absent = static_cast<std::size_t>(-1);
constexpr Count max_count = 1'000'000'000;
constexpr std::size_t max_column_name = 64;
constexpr std::size_t max_errors_kept = 1000;

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// Shortens a field for an error message.
std::string shown(std::string_view s) {
  if (s.size() > 40) return fmt::format("'{}...'", s.substr(0, 40));
  return fmt::format("'{}'", s);
}

std::optional<Count> parse_count(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  const auto nz = s.find_first_not_of('0');
  if (nz == std::string_view::npos) return 0;
  s = s.substr(nz);
  if (s.size() > 10) return std::nullopt;
  Count v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  if (v > max_count) return std::nullopt;
  return v;
}

// The first eight bytes of s as a big-endian number (zero-padded): ordered
// as the strings' first eight bytes are.
std::uint64_t prefix_key(std::string_view s) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 8; ++i)
    k = (k << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  return k;
}

}  // namespace

LogRefused::LogRefused(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), diagnostics_(std::move(diagnostics)) {}

const Event* Log::find(std::string_view id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [&](std::size_t i, std::string_view k) { return events_[i].id < k; });
  if (it == by_id_.end() || events_[*it].id != id) return nullptr;
  return &events_[*it];
}

Log parse_log(std::string text, std::string file_name) {
  Log log;
  log.file_ = std::move(file_name);
  std::vector<Diagnostic> errors;
  auto error = [&](std::size_t line, std::string message) {
    errors.push_back({log.file_, line, std::move(message)});
  };

  // One event per line at most: reserving that many avoids the slack (up to
  // half the memory) and the copies of a growing vector.
  std::size_t lines = 0;
  for (const char* p = text.data(), *end = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));
       ++p)
    ++lines;
  CsvReader csv{std::move(text)};
  // A file names few countries, many times: each short spelling is looked up once.
  std::unordered_map<std::uint64_t, std::optional<Country>> country_cache;
  auto find_country = [&](std::string_view spelling) -> std::optional<Country> {
    if (spelling.size() > 8 || spelling.find('\0') != std::string_view::npos)
      return Country::find(spelling);
    const std::uint64_t key = prefix_key(spelling);
    auto it = country_cache.find(key);
    if (it == country_cache.end()) it = country_cache.emplace(key, Country::find(spelling)).first;
    return it->second;
  };
  // --- Header -------------------------------------------------------------
  std::array<std::size_t, column_count> col;
  col.fill(absent);
  std::vector<std::size_t> user_fields;  // field positions of x_ columns
  std::size_t width = 0;
  bool header_ok = false;
  {
    const auto r = csv.next();
    if (r == CsvReader::done) {
      error(1, "empty file: expected a header row");
    } else if (r == CsvReader::bad) {
      error(csv.line(), "header: " + csv.error());
    } else {
      header_ok = true;
      const auto& f = csv.fields();
      width = f.size();
      std::set<std::string_view> names;
      for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string_view name = trim(f[i]);
        if (name.size() > max_column_name) {  // a limit: docs/limits.md
          error(csv.line(), fmt::format("column {} has a name longer than {} bytes, the most "
                                        "muster reads", shown(name), max_column_name));
          continue;
        }
        if (!names.insert(name).second) {
          error(csv.line(), fmt::format("column {} appears more than once", shown(name)));
          continue;
        }
        if (name.substr(0, 2) == "x_") {
          user_fields.push_back(i);
          log.user_columns_.emplace_back(name);
          continue;
        }
        auto it = std::find(column_names.begin(), column_names.end(), name);
        if (it == column_names.end()) {
          error(csv.line(), fmt::format("unknown column {} (user columns begin with x_)",
                                        shown(name)));
          continue;
        }
        col[static_cast<std::size_t>(it - column_names.begin())] = i;
      }
      for (Column c : {c_id, c_kind, c_date})
        if (col[c] == absent) {
          error(csv.line(), fmt::format("missing required column '{}'", column_names[c]));
          header_ok = false;
        }
    }
  }

  // --- Rows ---------------------------------------------------------------
  std::vector<std::string> supersedes_text;  // by event index
  log.events_.reserve(lines + 1);
  supersedes_text.reserve(lines + 1);
  if (header_ok) {
    for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
      const std::size_t line = csv.line();
      if (errors.size() >= max_errors_kept) {  // a limit: docs/limits.md
        error(line, fmt::format("more than {} errors: muster stopped reading the file here",
                                max_errors_kept));
        break;
      }
      if (r == CsvReader::bad) {
        error(line, csv.error());
        continue;
      }
      const auto& f = csv.fields();
      if (f.size() != width) {
        error(line, fmt::format("{} fields, but the header has {}", f.size(), width));
        continue;
      }
      const std::size_t errors_before = errors.size();
      auto field = [&](Column c) -> std::string_view {
        return col[c] == absent ? std::string_view{} : trim(f[col[c]]);
      };
      Event e;
      e.line = line;
      e.id = std::string(field(c_id));
      if (e.id.empty()) error(line, "id is blank");

      const auto kind_text = field(c_kind);
      const auto kind = parse_kind(kind_text);
      if (!kind)
        error(line, fmt::format("unknown kind {} (expected arrival, departure, report, pledge "
                                "or retraction)", shown(kind_text)));
      else e.kind = *kind;
      const bool retraction = kind == Kind::retraction;

      const auto date_text = field(c_date);
      if (auto p = parse_period(date_text)) e.date = *p;
      else if (date_text.empty()) error(line, "date is blank");
      else error(line, fmt::format("bad date {}: expected a real date YYYY-MM-DD, YYYY-MM or "
                                   "YYYY with a year from {} to {}", shown(date_text),
                                   min_year, max_year));

      e.mission = std::string(field(c_mission));
      if (e.mission.empty() && kind && !retraction)
        error(line, fmt::format("mission is blank (required for {})", kind_text));

      if (!retraction) {
        const auto country_text = field(c_country);
        if (!country_text.empty()) {
          if (auto c = find_country(country_text)) e.country = *c;
          else error(line, fmt::format("unknown country {}: expected an ISO 3166-1 code or name",
                                       shown(country_text)));
        } else if (kind && *kind != Kind::report) {
          error(line, fmt::format("country is blank (required for {})", kind_text));
        }
        e.component = std::string(field(c_component));

        const auto status_text = field(c_status);
        if (status_text == "planned") e.status = Status::planned;
        else if (!status_text.empty() && status_text != "confirmed")
          error(line, fmt::format("unknown status {} (expected confirmed or planned)",
                                  shown(status_text)));

        // Section 3: the value.
        std::optional<Count> num[3];
        bool given[3] = {false, false, false};
        bool bad = false;
        for (int i = 0; i < 3; ++i) {
          const Column c = static_cast<Column>(c_count + i);
          const auto t = field(c);
          if (t.empty()) continue;
          given[i] = true;
          num[i] = parse_count(t);
          if (!num[i]) {
            error(line, fmt::format("{} {}: expected a whole number from 0 to 1,000,000,000, "
                                    "digits only", column_names[c], shown(t)));
            bad = true;
          }
        }
        if (!given[0] && !given[1] && !given[2]) {
          error(line, "no value: give count, low or high");
        } else if (!bad) {
          e.count_given = given[0];
          if (!given[1] && !given[2]) {
            e.value = Value::exactly(*num[0]);
          } else {
            const Count low = given[1] ? *num[1] : 0;
            const Count high = given[2] ? *num[2] : Value::unbounded;
            if (low > high) {
              error(line, fmt::format("low {} is above high {}", low, high));
            } else if (given[0] && (*num[0] < low || *num[0] > high)) {
              error(line, fmt::format("count {} is outside low {} to high {}", *num[0], low,
                                      given[2] ? fmt::to_string(high) : "unbounded"));
            }
            e.value = Value{given[0] ? *num[0] : low, low, high};
          }
        }
      }

      const auto recorded_text = field(c_recorded);
      if (recorded_text.empty()) e.recorded = e.date.first;
      else if (auto d = parse_day(recorded_text)) e.recorded = *d;
      else error(line, fmt::format("bad recorded day {}: expected a real date YYYY-MM-DD with a "
                                   "year from {} to {}", shown(recorded_text), min_year, max_year));

      const auto sup = field(c_supersedes);
      if (retraction && sup.empty()) error(line, "a retraction needs supersedes");

      if (col[c_source] != absent) e.source = std::string(f[col[c_source]]);
      if (col[c_note] != absent) e.note = std::string(f[col[c_note]]);
      e.extra.reserve(user_fields.size());
      for (std::size_t i = 0; i < user_fields.size(); ++i)
        e.extra.emplace_back(log.user_columns_[i], std::string(trim(f[user_fields[i]])));

      if (errors.size() != errors_before) {
        // Keep the id so that later duplicates and supersedes still resolve.
        if (!e.id.empty()) {
          e.kind = Kind::retraction;  // inert placeholder, never reaches a query
        } else {
          continue;
        }
      }
      e.index = log.events_.size();
      supersedes_text.emplace_back(sup);
      log.events_.push_back(std::move(e));
    }
  }

  // --- Ids and supersedes -------------------------------------------------
  auto& ev = log.events_;
  {
    // Sorted by id, then file order; the first eight bytes of an id, as one
    // number, decide most comparisons.
    std::vector<std::pair<std::uint64_t, std::size_t>> keyed(ev.size());
    for (std::size_t i = 0; i < ev.size(); ++i) keyed[i] = {prefix_key(ev[i].id), i};
    std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      if (const int c = ev[a.second].id.compare(ev[b.second].id); c != 0) return c < 0;
      return a.second < b.second;
    });
    log.by_id_.resize(ev.size());
    for (std::size_t i = 0; i < ev.size(); ++i) log.by_id_[i] = keyed[i].second;
  }
  for (std::size_t k = 1, first = 0; k < log.by_id_.size(); ++k) {
    const Event& again = ev[log.by_id_[k]];
    if (ev[log.by_id_[first]].id != again.id) {
      first = k;
      continue;
    }
    error(again.line, fmt::format("duplicate id {} (first on line {})", shown(again.id),
                                  ev[log.by_id_[first]].line));
  }
  for (Event& e : ev) {
    const std::string& sup = supersedes_text[e.index];
    if (sup.empty()) continue;
    if (sup == e.id) {
      error(e.line, fmt::format("supersedes names its own id {}", shown(sup)));
      continue;
    }
    const Event* target = log.find(sup);
    if (!target) error(e.line, fmt::format("supersedes {}: no row has that id", shown(sup)));
    else e.supersedes = target->index;
  }

  // --- Contingents -----------------------------------------------------------
  // Each row's contingent, interned once: later steps sort and group rows by
  // a number instead of comparing strings.
  {
    struct Key {
      std::string_view mission;
      Country country;
      std::string_view component;
      bool operator==(const Key&) const = default;
    };
    struct KeyHash {
      std::size_t operator()(const Key& k) const noexcept {
        const std::hash<std::string_view> h;
        return (h(k.mission) * 31 + h(k.country.code())) * 31 + h(k.component);
      }
    };
    std::unordered_map<Key, std::uint32_t, KeyHash> ids;
    std::vector<std::size_t> first_of;  // by id: the first event with that contingent
    log.contingent_of_.assign(ev.size(), Log::no_contingent);
    for (const Event& e : ev) {
      if (e.kind == Kind::retraction) continue;
      const auto [it, fresh] = ids.try_emplace(
          Key{e.mission, e.country.value_or(Country{}), e.component},
          static_cast<std::uint32_t>(first_of.size()));
      if (fresh) first_of.push_back(e.index);
      log.contingent_of_[e.index] = it->second;
    }
    std::vector<std::uint32_t> order(first_of.size());
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) {
                const Event& x = ev[first_of[a]];
                const Event& y = ev[first_of[b]];
                if (x.mission != y.mission) return x.mission < y.mission;
                const Country cx = x.country.value_or(Country{}), cy = y.country.value_or(Country{});
                if (cx != cy) return cx < cy;
                return x.component < y.component;
              });
    std::vector<std::uint32_t> rank(order.size());
    log.contingents_.reserve(order.size());
    for (std::uint32_t r = 0; r < order.size(); ++r) {
      rank[order[r]] = r;
      log.contingents_.push_back(ev[first_of[order[r]]].contingent());
    }
    for (auto& c : log.contingent_of_)
      if (c != Log::no_contingent) c = rank[c];
  }

  // --- Observations (section 5) ---------------------------------------------
  {
    // Contingents sort by mission, country, component: the one with a blank
    // component comes first of its mission and country, any other follows it.
    const auto& keys = log.contingents_;
    std::vector<bool> others_have_component(keys.size(), false);
    for (std::size_t r = 0; r + 1 < keys.size(); ++r)
      others_have_component[r] = keys[r].component.empty() && keys[r].country.ok() &&
                                 keys[r + 1].mission == keys[r].mission &&
                                 keys[r + 1].country == keys[r].country;
    log.observation_.assign(ev.size(), false);
    for (const Event& e : ev)
      if (e.kind == Kind::report &&
          (!e.country || others_have_component[log.contingent_of_[e.index]]))
        log.observation_[e.index] = true;
  }

  // --- Departures the log cannot hold (section 6) ----------------------------
  if (errors.empty()) {
    std::vector<bool> superseded(ev.size(), false);
    for (const Event& e : ev)
      if (e.supersedes) superseded[*e.supersedes] = true;
    std::vector<std::size_t> rows;
    for (const Event& e : ev)
      if (e.kind != Kind::retraction && e.kind != Kind::pledge && !superseded[e.index] &&
          e.status == Status::confirmed && !log.observation_[e.index])
        rows.push_back(e.index);
    detail::sort_by_contingent(rows, log.contingent_of_, log.contingents_.size());
    std::vector<detail::TrackStep> steps;
    for (std::size_t i = 0; i < rows.size();) {
      const std::uint32_t rank = log.contingent_of_[rows[i]];
      const Contingent& key = log.contingents_[rank];
      const std::size_t first = i;
      steps.clear();
      for (; i < rows.size() && log.contingent_of_[rows[i]] == rank; ++i)
        detail::append_steps(ev[rows[i]], steps);
      detail::run_tracks(steps, [&](const detail::DayEnd& d) {
        if (!d.high_below_zero) return;
        std::size_t line = 0;
        for (std::size_t j = first; j < i && line == 0; ++j)
          if (ev[rows[j]].kind == Kind::departure && ev[rows[j]].date.last == d.day)
            line = ev[rows[j]].line;
        error(line, fmt::format("departures take {} {}{} below zero on {}: more leave than the "
                                "log has present", key.mission, key.country.code(),
                                key.component.empty() ? std::string{} : " " + key.component,
                                to_string(d.day)));
      });
    }
  }

  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    throw LogRefused(std::move(errors));
  }
  return log;
}

Log read_log(const std::filesystem::path& path, std::size_t max_file_bytes) {
  std::string text;
  std::string name = path.string();
  std::ifstream file;
  std::istream* in = &std::cin;
  if (name == "-") {
    name = "<stdin>";
  } else {
    file.open(path, std::ios::binary);
    if (!file) throw LogRefused({{name, 0, fmt::format("cannot open: {}", std::strerror(errno))}});
    in = &file;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) text.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_file_bytes)) + 1);
  }
  // Reads in pieces up to one byte past the limit: a file whose size cannot
  // be known in advance (a pipe, standard input) is read the same way.
  std::size_t got = 0;
  while (*in && got <= max_file_bytes) {
    const std::size_t piece = std::min<std::size_t>(std::size_t{1} << 20, max_file_bytes + 1 - got);
    text.resize(got + piece);
    in->read(text.data() + got, static_cast<std::streamsize>(piece));
    got += static_cast<std::size_t>(in->gcount());
  }
  if (in->bad()) throw LogRefused({{name, 0, "cannot read the file"}});
  text.resize(got);
  if (got > max_file_bytes) {
    const auto line = 1 + static_cast<std::size_t>(
                              std::count(text.begin(), text.begin() + max_file_bytes, '\n'));
    throw LogRefused({{name, line, fmt::format("the file goes on past {} bytes, the most muster "
                                               "reads", max_file_bytes)}});
  }
  return parse_log(std::move(text), std::move(name));
}

}  // namespace muster
