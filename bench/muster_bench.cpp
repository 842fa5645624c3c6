// muster against what users reach for instead: Boost.ICL interval maps,
// SQLite in memory (indexed, prepared statements), a naive scan of the rows
// and, for loading, SQLite's CSV import and a std::getline-and-split loop.
//
// Every size runs on logs made by `muster::generate_log` (seed 2025, 200
// countries, 20 missions, 1990-2025). The query comparators cannot express
// reports, ranges or the clamp at zero, so the side-by-side queries run on the
// "plain" log of the same size (exact, day-dated arrivals and departures,
// where a sum of arrivals minus departures is muster's answer) and every
// answer is checked to be equal before anything is timed. muster alone also
// runs on the realistic log. Loading is timed on the realistic log.
//
//   MUSTER_BENCH_SIZES=10000,100000,1000000,10000000  (default)
//   MUSTER_BENCH_DIR=bench-data                      (where the logs are kept)
//   MUSTER_BENCH_SCAN_LIMIT=100000  largest size at which the naive scan and
//                                   SQLite answer the 432-sample series
#include <muster/generate.hpp>
#include <muster/muster.hpp>

#include <benchmark/benchmark.h>
#include <boost/icl/interval_map.hpp>
#include <fmt/format.h>
#include <malloc.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace muster;
namespace fs = std::filesystem;

// --- Settings ------------------------------------------------------------------

std::vector<std::size_t> sizes() {
  const char* env = std::getenv("MUSTER_BENCH_SIZES");
  std::string s = env && *env ? env : "10000,100000,1000000,10000000";
  std::vector<std::size_t> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(std::stoull(item));
  return out;
}

std::size_t scan_limit() {
  const char* env = std::getenv("MUSTER_BENCH_SCAN_LIMIT");
  return env && *env ? std::stoull(env) : 100'000;
}

fs::path data_dir() {
  const char* env = std::getenv("MUSTER_BENCH_DIR");
  return env && *env ? fs::path(env) : fs::path("bench-data");
}

GenerateOptions generate_options(std::size_t rows, bool plain) {
  GenerateOptions o;
  o.rows = rows;
  o.seed = 2025;
  o.countries = 200;
  o.missions = 20;
  o.plain = plain;
  return o;
}

// The log file of this size, generated once and kept in data_dir().
fs::path log_file(std::size_t rows, bool plain) {
  fs::create_directories(data_dir());
  const fs::path path = data_dir() / fmt::format("{}-{}.csv", plain ? "plain" : "log", rows);
  if (fs::exists(path) && fs::file_size(path) > 0) return path;
  const fs::path tmp = path.string() + ".tmp";
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
    generate_log(generate_options(rows, plain),
                 [&](std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); });
    std::fclose(f);
  }
  fs::rename(tmp, path);
  return path;
}

const Day query_day = Day{date::year{2010} / 6 / 30};
const Day days_from = Day{date::year{1990} / 1 / 1};
const Day days_to = Day{date::year{2024} / 12 / 31};
const std::vector<Day> series_days =
    sample_days(Day{date::year{1990} / 1 / 31}, Day{date::year{2025} / 12 / 31}, SampleStep::month);

int day_number(Day d) { return static_cast<int>(d.days_since_epoch()); }

// --- The comparators -------------------------------------------------------------

// What a C++ user builds with Boost.ICL: per contingent, an interval map from
// day to strength (the running sum of arrivals minus departures).
using Icl = std::map<Contingent, boost::icl::interval_map<int, Count>>;

Icl build_icl(const Log& log) {
  std::map<Contingent, std::vector<std::pair<int, Count>>> deltas;
  for (const Event& e : log.events())
    deltas[e.contingent()].emplace_back(day_number(e.date.first),
                                        e.kind == Kind::arrival ? e.value.estimate
                                                                : -e.value.estimate);
  Icl icl;
  for (auto& [key, d] : deltas) {
    std::stable_sort(d.begin(), d.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto& m = icl[key];
    Count sum = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      sum += d[i].second;
      const int end = i + 1 < d.size() ? d[i + 1].first : std::numeric_limits<int>::max();
      if (end > d[i].first && sum != 0)
        m += std::make_pair(boost::icl::interval<int>::right_open(d[i].first, end), sum);
    }
  }
  return icl;
}

Count icl_point(const Icl& icl, const Contingent& c, Day d) {
  const auto m = icl.find(c);
  if (m == icl.end()) return 0;
  const auto it = m->second.find(day_number(d));
  return it == m->second.end() ? 0 : it->second;
}

std::map<Country, Count> icl_by_country(const Icl& icl, Day d) {
  std::map<Country, Count> out;
  const int day = day_number(d);
  for (const auto& [key, m] : icl) {
    const auto it = m.find(day);
    if (it != m.end()) out[key.country] += it->second;
  }
  std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
  return out;
}

std::map<Country, Count> icl_days_by_country(const Icl& icl, Day from, Day to) {
  std::map<Country, Count> out;
  const auto span = boost::icl::interval<int>::closed(day_number(from), day_number(to));
  for (const auto& [key, m] : icl) {
    Count sum = 0;
    for (auto [it, end] = m.equal_range(span); it != end; ++it) {
      const int lo = std::max(boost::icl::first(it->first), day_number(from));
      const int hi = std::min(boost::icl::last(it->first), day_number(to));
      if (hi >= lo) sum += it->second * (hi - lo + 1);
    }
    if (sum) out[key.country] += sum;
  }
  std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
  return out;
}

// SQLite in memory: one row per arrival (+count) or departure (-count), with
// an index per contingent and day and one per country and day.
class Sql {
 public:
  explicit Sql(const Log& log) {
    check(sqlite3_open(":memory:", &db_));
    exec("CREATE TABLE rows(mission TEXT, country TEXT, component TEXT, day INTEGER, "
         "delta INTEGER)");
    exec("BEGIN");
    sqlite3_stmt* ins = prepare("INSERT INTO rows VALUES(?1, ?2, ?3, ?4, ?5)");
    for (const Event& e : log.events()) {
      const auto country = e.country ? e.country->code() : std::string_view{};
      sqlite3_bind_text(ins, 1, e.mission.data(), static_cast<int>(e.mission.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, country.data(), static_cast<int>(country.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, e.component.data(), static_cast<int>(e.component.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int(ins, 4, day_number(e.date.first));
      sqlite3_bind_int64(ins, 5, e.kind == Kind::arrival ? e.value.estimate : -e.value.estimate);
      if (sqlite3_step(ins) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
    exec("CREATE INDEX by_contingent ON rows(mission, country, component, day, delta)");
    exec("CREATE INDEX by_country ON rows(country, day, delta)");
    point_ = prepare("SELECT TOTAL(delta) FROM rows WHERE mission = ?1 AND country = ?2 AND "
                     "component = ?3 AND day <= ?4");
    by_country_ = prepare("SELECT country, SUM(delta) FROM rows WHERE day <= ?1 "
                          "GROUP BY country ORDER BY country");
    days_ = prepare("SELECT country, SUM(delta * (?2 - MAX(day, ?1) + 1)) FROM rows "
                    "WHERE day <= ?2 GROUP BY country ORDER BY country");
  }
  ~Sql() {
    for (auto* s : {point_, by_country_, days_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  Count point(const Contingent& c, Day d) const {
    const auto country = c.country.code();
    sqlite3_bind_text(point_, 1, c.mission.data(), static_cast<int>(c.mission.size()), SQLITE_STATIC);
    sqlite3_bind_text(point_, 2, country.data(), static_cast<int>(country.size()), SQLITE_STATIC);
    sqlite3_bind_text(point_, 3, c.component.data(), static_cast<int>(c.component.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int(point_, 4, day_number(d));
    sqlite3_step(point_);
    const auto v = static_cast<Count>(sqlite3_column_double(point_, 0));
    sqlite3_reset(point_);
    return v;
  }
  std::map<Country, Count> by_country(Day d) const {
    sqlite3_bind_int(by_country_, 1, day_number(d));
    return grouped(by_country_);
  }
  std::map<Country, Count> days_by_country(Day from, Day to) const {
    sqlite3_bind_int(days_, 1, day_number(from));
    sqlite3_bind_int(days_, 2, day_number(to));
    return grouped(days_);
  }

 private:
  std::map<Country, Count> grouped(sqlite3_stmt* s) const {
    std::map<Country, Count> out;
    while (sqlite3_step(s) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      if (const Count v = sqlite3_column_int64(s, 1); v != 0) out[*Country::find(text)] = v;
    }
    sqlite3_reset(s);
    return out;
  }
  void check(int rc) const {
    if (rc != SQLITE_OK) throw std::runtime_error(db_ ? sqlite3_errmsg(db_) : "sqlite");
  }
  void exec(const char* sql) const { check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr)); }
  sqlite3_stmt* prepare(const char* sql) const {
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr));
    return s;
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* point_ = nullptr;
  sqlite3_stmt* by_country_ = nullptr;
  sqlite3_stmt* days_ = nullptr;
};

// The naive scan: every row, every time.
Count scan_point(const Log& log, const Contingent& c, Day d) {
  Count sum = 0;
  for (const Event& e : log.events())
    if (e.date.first <= d && e.mission == c.mission && e.country == c.country &&
        e.component == c.component)
      sum += e.kind == Kind::arrival ? e.value.estimate : -e.value.estimate;
  return sum;
}

std::map<Country, Count> scan_by_country(const Log& log, Day d) {
  std::map<Country, Count> out;
  for (const Event& e : log.events())
    if (e.date.first <= d)
      out[*e.country] += e.kind == Kind::arrival ? e.value.estimate : -e.value.estimate;
  std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
  return out;
}

std::map<Country, Count> scan_days_by_country(const Log& log, Day from, Day to) {
  std::map<Country, Count> out;
  for (const Event& e : log.events())
    if (e.date.first <= to) {
      const Count n = (to - std::max(e.date.first, from)).count() + 1;
      out[*e.country] += (e.kind == Kind::arrival ? e.value.estimate : -e.value.estimate) * n;
    }
  std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
  return out;
}

std::map<Country, Count> muster_by_country(const Timeline& t, Day d) {
  std::map<Country, Count> out;
  for (const Group& g : t.strength_by(GroupBy::country, d))
    if (g.value.estimate) out[g.key.country] = g.value.estimate;
  return out;
}

std::map<Country, Count> muster_days_by_country(const Timeline& t, Day from, Day to) {
  std::map<Country, Count> out;
  for (const Group& g : t.personnel_days_by(GroupBy::country, from, to))
    if (g.value.estimate) out[g.key.country] = g.value.estimate;
  return out;
}

// --- One size's data, loaded once ---------------------------------------------------

struct Data {
  std::size_t rows = 0;
  Log log;  // realistic
  std::optional<Timeline> timeline;
  Log plain;
  std::optional<Timeline> plain_timeline;
  Icl icl;
  std::unique_ptr<Sql> sql;
  // Point queries: (contingent, day) pairs spread over contingents and years.
  std::vector<std::pair<Contingent, Day>> points, plain_points;
};

std::vector<std::pair<Contingent, Day>> point_queries(const Timeline& t) {
  std::vector<std::pair<Contingent, Day>> out;
  const auto keys = t.contingents();
  if (keys.empty()) return out;
  for (std::size_t i = 0; i < 256; ++i) {
    const std::size_t k = (i * 2654435761u) % keys.size();
    out.emplace_back(keys[k], days_from + date::days{static_cast<int>((i * 7919) % 12800)});
  }
  return out;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("answers differ: " + what);
}

std::unique_ptr<Data> current;

Data& data(std::size_t rows) {
  if (current && current->rows == rows) return *current;
  current.reset();
  auto d = std::make_unique<Data>();
  d->rows = rows;
  d->log = read_log(log_file(rows, false));
  d->timeline.emplace(d->log);
  d->plain = read_log(log_file(rows, true));
  d->plain_timeline.emplace(d->plain);
  d->icl = build_icl(d->plain);
  d->sql = std::make_unique<Sql>(d->plain);
  d->points = point_queries(*d->timeline);
  d->plain_points = point_queries(*d->plain_timeline);
  // Same answers from every comparator before any timing.
  const Timeline& t = *d->plain_timeline;
  for (const auto& [c, day] : d->plain_points) {
    const Count m = t.strength(c, day).estimate;
    require(m == icl_point(d->icl, c, day), "point, Boost.ICL");
    require(m == d->sql->point(c, day), "point, SQLite");
    require(m == scan_point(d->plain, c, day), "point, scan");
  }
  const auto by = muster_by_country(t, query_day);
  require(by == icl_by_country(d->icl, query_day), "by country, Boost.ICL");
  require(by == d->sql->by_country(query_day), "by country, SQLite");
  require(by == scan_by_country(d->plain, query_day), "by country, scan");
  for (std::size_t i = 0; i < series_days.size(); i += 43) {
    const auto s = muster_by_country(t, series_days[i]);
    require(s == icl_by_country(d->icl, series_days[i]), "series, Boost.ICL");
    require(s == d->sql->by_country(series_days[i]), "series, SQLite");
  }
  const auto days = muster_days_by_country(t, days_from, days_to);
  require(days == icl_days_by_country(d->icl, days_from, days_to), "days, Boost.ICL");
  require(days == d->sql->days_by_country(days_from, days_to), "days, SQLite");
  require(days == scan_days_by_country(d->plain, days_from, days_to), "days, scan");
  current = std::move(d);
  return *current;
}

// --- Queries -------------------------------------------------------------------------

// Spec section 8: a Timeline of the realistic log (its reports of whole
// missions) built and asked for strength by country, answering by totals or
// by section 5 alone; the two run in one process for their ratio.
void build_and_by_country(benchmark::State& state, std::size_t rows, bool totals) {
  const Data& d = data(rows);
  Vantage view;
  view.parts_only = !totals;
  for (auto _ : state) {
    const Timeline t{d.log, view};
    benchmark::DoNotOptimize(t.strength_by(GroupBy::country, query_day));
  }
  state.counters["observations"] = static_cast<double>(d.log.observation_rows().size());
}

enum class Who { muster_realistic, muster, icl, sqlite, scan };

void point(benchmark::State& state, Who who, std::size_t rows) {
  Data& d = data(rows);
  const auto& q = who == Who::muster_realistic ? d.points : d.plain_points;
  const Timeline& t = who == Who::muster_realistic ? *d.timeline : *d.plain_timeline;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [c, day] = q[i++ % q.size()];
    Count v = 0;
    switch (who) {
      case Who::muster_realistic:
      case Who::muster: v = t.strength(c, day).estimate; break;
      case Who::icl: v = icl_point(d.icl, c, day); break;
      case Who::sqlite: v = d.sql->point(c, day); break;
      case Who::scan: v = scan_point(d.plain, c, day); break;
    }
    benchmark::DoNotOptimize(v);
  }
}

void by_country(benchmark::State& state, Who who, std::size_t rows) {
  Data& d = data(rows);
  const Timeline& t = who == Who::muster_realistic ? *d.timeline : *d.plain_timeline;
  for (auto _ : state) {
    switch (who) {
      case Who::muster_realistic:
      case Who::muster: benchmark::DoNotOptimize(t.strength_by(GroupBy::country, query_day)); break;
      case Who::icl: benchmark::DoNotOptimize(icl_by_country(d.icl, query_day)); break;
      case Who::sqlite: benchmark::DoNotOptimize(d.sql->by_country(query_day)); break;
      case Who::scan: benchmark::DoNotOptimize(scan_by_country(d.plain, query_day)); break;
    }
  }
  state.counters["groups"] = static_cast<double>(t.strength_by(GroupBy::country, query_day).size());
}

void series(benchmark::State& state, Who who, std::size_t rows) {
  Data& d = data(rows);
  const Timeline& t = who == Who::muster_realistic ? *d.timeline : *d.plain_timeline;
  for (auto _ : state) {
    for (Day day : series_days) {
      switch (who) {
        case Who::muster_realistic:
        case Who::muster: benchmark::DoNotOptimize(t.strength_by(GroupBy::country, day)); break;
        case Who::icl: benchmark::DoNotOptimize(icl_by_country(d.icl, day)); break;
        case Who::sqlite: benchmark::DoNotOptimize(d.sql->by_country(day)); break;
        case Who::scan: benchmark::DoNotOptimize(scan_by_country(d.plain, day)); break;
      }
    }
  }
  state.counters["samples"] = static_cast<double>(series_days.size());
}

void personnel_days(benchmark::State& state, Who who, std::size_t rows) {
  Data& d = data(rows);
  const Timeline& t = who == Who::muster_realistic ? *d.timeline : *d.plain_timeline;
  for (auto _ : state) {
    switch (who) {
      case Who::muster_realistic:
      case Who::muster:
        benchmark::DoNotOptimize(t.personnel_days_by(GroupBy::country, days_from, days_to));
        break;
      case Who::icl: benchmark::DoNotOptimize(icl_days_by_country(d.icl, days_from, days_to)); break;
      case Who::sqlite: benchmark::DoNotOptimize(d.sql->days_by_country(days_from, days_to)); break;
      case Who::scan:
        benchmark::DoNotOptimize(scan_days_by_country(d.plain, days_from, days_to));
        break;
    }
  }
}

// --- Loading ---------------------------------------------------------------------------

void rates(benchmark::State& state, const fs::path& file, std::size_t rows) {
  const auto bytes = static_cast<std::int64_t>(fs::file_size(file));
  state.SetBytesProcessed(bytes * static_cast<std::int64_t>(state.iterations()));
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(rows) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

// muster: read, validate and index (the Timeline of the default view), the
// file read by mapping as the muster command reads it (read_by_mapping,
// asked for in main), or with `read`: pread(2), the library's default.
void load_muster(benchmark::State& state, std::size_t rows, bool mapped) {
  current.reset();
  const fs::path file = log_file(rows, false);
  muster::read_by_mapping(mapped);
  for (auto _ : state) {
    const Log log = read_log(file);
    const Timeline t{log};
    benchmark::DoNotOptimize(t.contingents().size());
  }
  muster::read_by_mapping();
  rates(state, file, rows);
}

// The loop a user writes first: std::getline, then split on commas.
void load_getline(benchmark::State& state, std::size_t rows) {
  current.reset();
  const fs::path file = log_file(rows, false);
  for (auto _ : state) {
    std::ifstream in(file);
    std::vector<std::vector<std::string>> table;
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> fields;
      std::stringstream ss(line);
      for (std::string f; std::getline(ss, f, ',');) fields.push_back(std::move(f));
      table.push_back(std::move(fields));
    }
    benchmark::DoNotOptimize(table.size());
  }
  rates(state, file, rows);
}

// The sqlite3 shell: `.import --csv` into a fresh in-memory database, then an
// index per contingent and day (a whole process each time).
void load_sqlite(benchmark::State& state, std::size_t rows) {
  current.reset();
  const fs::path file = log_file(rows, false);
  const std::string command = fmt::format(
      "sqlite3 :memory: '.import --csv {} rows' "
      "'CREATE INDEX i ON rows(mission, country, component, date)' >/dev/null",
      file.string());
  for (auto _ : state)
    if (std::system(command.c_str()) != 0) state.SkipWithError("sqlite3 failed");
  rates(state, file, rows);
}

// Bytes the allocator has handed out (small blocks and mapped ones).
std::size_t in_use() {
  const auto m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// Memory held after loading (read, validate, index), from the allocator's
// count of bytes in use. The log runs the default vantage's tracks as it
// validates, and `Timeline{log}` shares them, adding its groupings.
void memory(benchmark::State& state, std::size_t rows) {
  current.reset();
  const fs::path file = log_file(rows, false);
  double per_row = 0, text = 0, timeline = 0;
  for (auto _ : state) {
    malloc_trim(0);
    const auto before = in_use();
    const Log log = read_log(file);
    const auto after_log = in_use();
    const Timeline t{log};
    const auto after_timeline = in_use();
    // The text of id, source, note and user columns, as the log holds it.
    const std::size_t free_text = log.text_bytes();
    const double n = static_cast<double>(std::max<std::size_t>(rows, 1));
    text = static_cast<double>(free_text) / n;
    per_row = static_cast<double>(after_timeline - before - free_text) / n;
    timeline = static_cast<double>(after_timeline - after_log) / n;
    benchmark::DoNotOptimize(t.contingents().size());
  }
  state.counters["bytes/row"] = per_row;
  state.counters["Timeline bytes/row"] = timeline;
  state.counters["free-text bytes/row"] = text;
}

void register_all() {
  const std::size_t limit = scan_limit();
  const std::pair<Who, const char*> who[] = {{Who::muster_realistic, "muster (realistic log)"},
                                             {Who::muster, "muster"},
                                             {Who::icl, "Boost.ICL"},
                                             {Who::sqlite, "SQLite"},
                                             {Who::scan, "scan"}};
  for (std::size_t rows : sizes()) {
    benchmark::RegisterBenchmark(fmt::format("load/muster/{}", rows).c_str(), load_muster, rows,
                                 true)
        ->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(
        fmt::format("load/muster (read, the library's default)/{}", rows).c_str(), load_muster,
        rows, false)
        ->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(fmt::format("load/getline/{}", rows).c_str(), load_getline, rows)
        ->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(fmt::format("load/sqlite3 .import/{}", rows).c_str(), load_sqlite,
                                 rows)
        ->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(fmt::format("memory/muster/{}", rows).c_str(), memory, rows)
        ->Unit(benchmark::kMillisecond)->Iterations(1);
    for (const auto& [w, name] : who)
      benchmark::RegisterBenchmark(fmt::format("point/{}/{}", name, rows).c_str(), point, w, rows)
          ->Unit(benchmark::kNanosecond);
    for (const auto& [w, name] : who)
      benchmark::RegisterBenchmark(fmt::format("by country/{}/{}", name, rows).c_str(), by_country,
                                   w, rows)
          ->Unit(benchmark::kMicrosecond);
    for (const auto& [w, name] : who) {
      if ((w == Who::scan || w == Who::sqlite) && rows > limit) continue;
      benchmark::RegisterBenchmark(fmt::format("series 432x/{}/{}", name, rows).c_str(), series, w,
                                   rows)
          ->Unit(benchmark::kMillisecond);
    }
    for (const bool totals : {false, true})
      benchmark::RegisterBenchmark(
          fmt::format("build and by country/muster (realistic log, {})/{}",
                      totals ? "totals" : "parts only", rows).c_str(),
          build_and_by_country, rows, totals)
          ->Unit(benchmark::kMillisecond);
    for (const auto& [w, name] : who)
      benchmark::RegisterBenchmark(fmt::format("personnel-days/{}/{}", name, rows).c_str(),
                                   personnel_days, w, rows)
          ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  muster::keep_freed_memory();  // as the muster command does (muster/log.hpp)
  muster::read_by_mapping();    // the same
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    register_all();
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "muster_bench: %s\n", e.what());
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
