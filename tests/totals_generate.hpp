// tests/totals_generate.hpp — random small logs for the section 8 (totals)
// tests: one or two missions, one to three countries, components, mission
// totals (blank country), country totals (blank component, with a component
// row of that country elsewhere in the file), unknown sizes (low 0, blank
// high), exact and ranged steps, month periods, ends, planned rows,
// corrections, retractions and late `recorded` days; plus random views,
// filters and days. Counts are at most 6 (totals at most 16), so that the
// exhaustive reference (totals_reference.hpp) stays fast. Seeded: the same
// seed gives the same log.
#pragma once

#include "reference.hpp"

#include <muster/query.hpp>

#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

namespace ref::totals {

struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  int uni(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uni(0, static_cast<int>(v.size()) - 1))];
  }
};

inline const muster::Day first_day{date::year{2025} / 1 / 1};

struct Cells {
  std::string id, kind, date, mission, country, component, count, low, high, status, recorded, supersedes;
  std::string text() const {
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},,\n", id, kind, date, mission, country,
                       component, count, low, high, status, recorded, supersedes);
  }
};

inline const char* totals_header =
    "id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,source,note\n";

/// The text of a random log of 1 to `max_rows` rows. Departures that would
/// take a high track below 0 (section 6) are turned into arrivals.
inline std::string random_log(Gen& g, int max_rows = 30) {
  const std::vector<std::string> all_missions = {"A", "B"};
  const std::vector<std::string> all_countries = {"KEN", "JAM", "HTI"};
  const std::vector<std::string> missions(all_missions.begin(), all_missions.begin() + g.uni(1, 2));
  const std::vector<std::string> countries(all_countries.begin(), all_countries.begin() + g.uni(1, 3));
  const std::vector<std::string> components = {"police", "police", "military", ""};
  const int n = g.uni(1, max_rows);
  std::vector<Cells> cells;
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    Cells c;
    Row r;
    r.index = static_cast<std::size_t>(i);
    c.id = fmt::format("r{}", i);
    const int k = g.uni(0, 99);
    enum { arrival, departure, report, mission_total, country_total, pledge, end, retraction } what =
        k < 30 ? arrival : k < 44 ? departure : k < 62 ? report : k < 72 ? mission_total
        : k < 82 ? country_total : k < 86 ? pledge : k < 93 ? end : retraction;
    if (what == retraction && i == 0) what = arrival;
    r.kind = what == arrival ? Kind::arrival : what == departure ? Kind::departure
             : what == pledge ? Kind::pledge : what == end ? Kind::end
             : what == retraction ? Kind::retraction : Kind::report;
    c.kind = std::string(muster::to_string(r.kind));
    const muster::Day d = first_day + date::days{g.uni(0, 20)};
    if (g.chance(0.12)) {  // a month
      const auto ymd = d.ymd();
      r.first = muster::Day{ymd.year() / ymd.month() / 1};
      r.last = muster::Day{ymd.year() / ymd.month() / date::last};
      c.date = muster::to_string(d).substr(0, 7);
    } else {
      r.first = r.last = d;
      c.date = muster::to_string(d);
    }
    r.mission = g.pick(missions);
    r.country = g.pick(countries);
    r.component = g.pick(components);
    if (what == mission_total) r.country.clear();
    if (what == mission_total || what == country_total) r.component.clear();
    if (what == end) {
      if (g.chance(0.4)) r.country.clear();
      if (g.chance(0.6)) r.component.clear();
    }
    if (what != retraction) {
      c.mission = r.mission;
      c.country = r.country;
      c.component = r.component;
    }
    if (what != retraction && what != end) {
      const bool total = what == mission_total || what == country_total;
      const int top = total ? 16 : 6;
      const int form = g.uni(0, 99);
      if (form < 55) {  // exact
        r.est = r.low = g.uni(0, top);
        r.high = r.low;
        c.count = std::to_string(r.est);
      } else if (form < 85) {  // a range
        r.low = g.uni(0, top / 2);
        r.high = r.low + g.uni(0, top / 2);
        r.est = g.chance(0.5) ? r.low + g.uni(0, static_cast<int>(*r.high - r.low)) : r.low;
        c.low = std::to_string(r.low);
        c.high = std::to_string(*r.high);
        if (r.est != r.low || g.chance(0.3)) c.count = std::to_string(r.est);
      } else {  // present, size unknown
        r.est = r.low = 0;
        c.low = "0";
      }
    }
    if (what != retraction && g.chance(0.1)) {
      r.planned = true;
      c.status = "planned";
    }
    r.recorded = r.first;
    if (g.chance(0.2)) {
      r.recorded = r.first + date::days{g.uni(0, 10)};
      c.recorded = muster::to_string(r.recorded);
    }
    if (i > 0 && (what == retraction || g.chance(0.06))) {
      const int t = g.uni(0, i - 1);
      r.supersedes = static_cast<std::size_t>(t);
      c.supersedes = fmt::format("r{}", t);
    }
    rows.push_back(std::move(r));
    cells.push_back(std::move(c));
  }
  for (auto bad = refusals(rows); !bad.empty(); bad = refusals(rows))
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].kind == Kind::departure && key_of(rows[i]) == bad[0].first && rows[i].last == bad[0].second) {
        rows[i].kind = Kind::arrival;
        cells[i].kind = "arrival";
        break;
      }
  std::string text = totals_header;
  for (const Cells& c : cells) text += c.text();
  return text;
}

inline muster::Vantage random_view(Gen& g) {
  muster::Vantage v;
  if (g.chance(0.3)) v.as_of = first_day + date::days{g.uni(0, 25)};
  v.include_planned = g.chance(0.4);
  return v;
}

/// Filters that the tests ask, each with a name to print.
inline std::vector<std::pair<std::string, muster::Filter>> totals_filters() {
  auto country = [](const char* c) { return *muster::Country::find(c); };
  std::vector<std::pair<std::string, muster::Filter>> out;
  out.emplace_back("everything", muster::Filter{});
  out.emplace_back("mission A", muster::Filter{.mission = "A"});
  out.emplace_back("mission A, country KEN", muster::Filter{.mission = "A", .country = country("KEN")});
  out.emplace_back("country KEN", muster::Filter{.country = country("KEN")});
  out.emplace_back("country KEN or JAM", muster::Filter{.country = {country("KEN"), country("JAM")}});
  out.emplace_back("component police", muster::Filter{.component = "police"});
  out.emplace_back("component blank", muster::Filter{.component = ""});
  out.emplace_back("A/KEN/police", muster::Filter{.mission = "A", .country = country("KEN"), .component = "police"});
  out.emplace_back("A/JAM/blank", muster::Filter{.mission = "A", .country = country("JAM"), .component = ""});
  out.emplace_back("mission A, blank country (its own)", muster::Filter{.mission = "A", .country = muster::Country{}});
  return out;
}

}  // namespace ref::totals
