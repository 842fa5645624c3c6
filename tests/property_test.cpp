// Property test: muster's Timeline (and the section-6 check of parse_log)
// against the plain re-computation of tests/reference.hpp, on thousands of
// random small logs written as CSV text. Spec sections 1-7 and cli.md
// `pledges`. Seeds are fixed; a failure names its seed and prints the log.
#include "reference.hpp"

#include <muster/muster.hpp>

#include <gtest/gtest.h>

#include "command.hpp"
#include "csv_scan.hpp"
#include "log_file.hpp"

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace {

using muster::Count;
using muster::Day;
using muster::Kind;
using date::days;

constexpr auto kStart = muster::Day{date::year{2024} / 1 / 1};

struct Spelling {
  const char* code;
  std::vector<std::string> ways;
};

const std::vector<Spelling>& spellings() {
  static const std::vector<Spelling> s = {
      {"KEN", {"KEN", "ke", "Kenya", "kenya"}},
      {"FRA", {"FRA", "FR", "France", "fra"}},
      {"CIV", {"CIV", "Cote d'Ivoire", "côte d'ivoire", "ci"}},
      {"KOR", {"KOR", "\"Korea, Republic of\"", "kr"}},
  };
  return s;
}

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

struct Generated {
  std::string text;
  std::vector<ref::Row> rows;
  std::size_t corrupt_line = 0;  // the line of the row made bad, when asked for
};

std::string day_text(Day d) { return muster::to_string(d); }

// A random log of up to `max_rows` rows, in a random column order, with
// random CRLF, blank lines and quoting. With `corrupt` >= 0 the same log
// (same draws) is written with one bad kind or date, in the row chosen by
// `corrupt`.
Generated generate(Gen& g, int max_rows, int corrupt = -1) {
  const std::vector<std::string> missions = {"A", "B"};
  const std::vector<std::string> components = {"", "", "police", "military"};
  const int n = g.uni(1, max_rows);
  // Keys drawn from a small set so that contingents get several rows.
  std::vector<ref::Row> rows;
  std::vector<std::map<std::string, std::string>> cells;
  for (int i = 0; i < n; ++i) {
    ref::Row r;
    r.index = static_cast<std::size_t>(i);
    std::map<std::string, std::string> c;
    c["id"] = fmt::format("r{}", i);
    const int k = g.uni(0, 99);
    r.kind = k < 35 ? Kind::arrival : k < 55 ? Kind::departure : k < 76 ? Kind::report
             : k < 86 ? Kind::pledge : k < 96 ? Kind::retraction : Kind::end;
    if (i > 0 && rows.back().kind == Kind::report && g.chance(0.1)) {
      // A report repeated (real panels repeat rows): the same cells, another id.
      ref::Row copy = rows.back();
      copy.index = r.index;
      std::map<std::string, std::string> same = cells.back();
      same["id"] = c["id"];
      same.erase("supersedes");
      copy.supersedes.reset();
      rows.push_back(std::move(copy));
      cells.push_back(std::move(same));
      continue;
    }
    c["kind"] = std::string(muster::to_string(r.kind));
    // Period: a day (mostly), a month or a year.
    const int p = g.uni(0, 9);
    const Day d = kStart + days{g.uni(0, 540)};
    const date::year_month_day ymd = d.ymd();
    if (p < 7) {
      r.first = r.last = d;
      c["date"] = day_text(d);
    } else if (p < 9) {
      r.first = Day{ymd.year() / ymd.month() / 1};
      r.last = Day{ymd.year() / ymd.month() / date::last};
      c["date"] = day_text(d).substr(0, 7);
    } else {
      r.first = Day{ymd.year() / 1 / 1};
      r.last = Day{ymd.year() / 12 / 31};
      c["date"] = day_text(d).substr(0, 4);
    }
    r.mission = g.pick(missions);
    const Spelling& sp = spellings()[static_cast<std::size_t>(g.uni(0, 2 + (g.chance(0.2) ? 1 : 0)))];
    r.country = sp.code;
    r.component = g.pick(components);
    if (r.kind == Kind::report && g.chance(0.06)) r.country.clear();  // an observation
    if (r.kind == Kind::end) {
      // Its mission, and its country and component where given; its value
      // cells are ignored (version 1.2).
      if (g.chance(0.5)) r.country.clear();
      if (g.chance(0.6)) r.component.clear();
      c["mission"] = r.mission;
      c["country"] = r.country.empty() ? "" : g.pick(sp.ways);
      c["component"] = r.component;
      if (g.chance(0.2)) c["count"] = "12";
      r.high = 0;
      r.planned = g.chance(0.12);
      if (r.planned) c["status"] = "planned";
    } else if (r.kind == Kind::retraction) {
      // Its mission, country, component, value and status are ignored; fill some anyway.
      if (g.chance(0.5)) c["mission"] = r.mission;
      if (g.chance(0.3)) c["count"] = "12";
      r.mission.clear();
      r.country.clear();
      r.component.clear();
    } else {
      c["mission"] = r.mission;
      c["country"] = r.country.empty() ? "" : g.pick(sp.ways);
      c["component"] = r.component;
      // The value (section 3).
      const int big = r.kind == Kind::departure ? 25 : 120;
      const int form = g.uni(0, 9);
      if (form < 5) {  // count only
        r.est = r.low = g.uni(0, big);
        r.high = r.low;
        c["count"] = std::to_string(r.est);
      } else {
        const Count low = g.uni(0, big);
        const bool blank_high = form == 9 || (r.kind == Kind::departure && g.chance(0.1));
        const Count high = low + g.uni(0, big);
        // With a blank high a bound must be written, or only count is given.
        const bool give_low = low > 0 || blank_high || g.chance(0.5);
        const Count lo = give_low ? low : 0;
        if (give_low) c["low"] = std::to_string(low);
        if (!blank_high) {
          c["high"] = std::to_string(high);
          r.high = high;
        }
        r.low = lo;
        if (g.chance(0.6)) {
          r.est = lo + g.uni(0, static_cast<int>((blank_high ? lo + big : high) - lo));
          c["count"] = std::to_string(r.est);
        } else {
          r.est = lo;
        }
      }
      r.planned = g.chance(0.12);
      if (r.planned) c["status"] = "planned";
      else if (g.chance(0.1)) c["status"] = "confirmed";
    }
    if (g.chance(0.35)) {
      r.recorded = r.first + days{g.uni(-20, 90)};
      c["recorded"] = day_text(r.recorded);
    } else {
      r.recorded = r.first;
    }
    rows.push_back(std::move(r));
    cells.push_back(std::move(c));
  }
  // Supersedes: every retraction, and some corrections, name another row.
  for (int i = 0; i < n; ++i) {
    auto& r = rows[static_cast<std::size_t>(i)];
    const bool must = r.kind == Kind::retraction;
    if (n < 2) {
      if (must) {  // nothing to retract: make it a report instead
        r.kind = Kind::report;
        auto& c = cells[0];
        c["kind"] = "report";
        r.mission = "A";
        r.country = "KEN";
        c["mission"] = "A";
        c["country"] = "KEN";
        c["count"] = "5";
        c.erase("low");
        c.erase("high");
        r.est = r.low = 5;
        r.high = 5;
      }
      continue;
    }
    if (!must && !g.chance(0.18)) continue;
    int t = g.uni(0, n - 2);
    if (t >= i) ++t;
    r.supersedes = static_cast<std::size_t>(t);
    cells[static_cast<std::size_t>(i)]["supersedes"] = fmt::format("r{}", t);
  }
  // Draw only departures that fit (section 6), mostly: while the high track
  // of a contingent would go below 0, turn a departure of that day into an
  // arrival. About one log in ten keeps its misfits, to test the refusal.
  if (!g.chance(0.1)) {
    for (auto bad = ref::refusals(rows); !bad.empty(); bad = ref::refusals(rows)) {
      for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& r = rows[i];
        if (r.kind == Kind::departure && ref::key_of(r) == bad[0].first && r.last == bad[0].second) {
          r.kind = Kind::arrival;
          cells[i]["kind"] = "arrival";
          break;
        }
      }
    }
  }
  // Columns in a random order, some optional ones left out when unused.
  std::vector<std::string> cols = {"id", "kind", "date", "mission", "country", "component",
                                   "count", "low", "high", "status", "recorded", "supersedes",
                                   "source", "note", "x_extra"};
  std::vector<std::string> used;
  for (const auto& col : cols) {
    bool any = col == "id" || col == "kind" || col == "date" || g.chance(0.3);
    for (const auto& c : cells)
      if (c.count(col) && !c.at(col).empty()) any = true;
    if (any) used.push_back(col);
  }
  std::shuffle(used.begin(), used.end(), g.rng);
  const std::string eol = g.chance(0.3) ? "\r\n" : "\n";
  std::string text = g.chance(0.1) ? "\xEF\xBB\xBF" : "";
  auto emit = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + fields[i];
    text += eol;
    if (g.chance(0.05)) text += eol;  // a blank line
  };
  emit(used);
  std::size_t line = 1;
  for (std::size_t ch = 0; ch < text.size(); ++ch) line += text[ch] == '\n';
  int bad_row = -1;
  if (corrupt >= 0)
    for (int k = 0; k < n && bad_row < 0; ++k)
      if (const Kind kind = rows[static_cast<std::size_t>((corrupt + k) % n)].kind;
          kind != Kind::retraction && kind != Kind::end)  // with no value, a bad kind is two errors
        bad_row = (corrupt + k) % n;
  std::size_t corrupt_line = 0;
  for (int i = 0; i < n; ++i) {
    auto& c = cells[static_cast<std::size_t>(i)];
    if (g.chance(0.1)) c["note"] = "\"a note\nover two lines, with \"\"quotes\"\"\"";
    std::vector<std::string> f;
    for (const auto& col : used) {
      std::string v = c.count(col) ? c.at(col) : "";
      if (i == bad_row && col == (corrupt % 2 ? "kind" : "date")) v = corrupt % 2 ? "bogus" : "2023-02-29";
      if (col == "source") v = g.chance(0.5) ? " spaced source " : "";
      if (col == "x_extra") v = "x";
      if (!v.empty() && v.front() != '"' && g.chance(0.1)) v = "\"" + v + "\"";
      else if (!v.empty() && v.front() != '"' && col != "note" && g.chance(0.1)) v = " " + v + " ";
      f.push_back(v);
    }
    rows[static_cast<std::size_t>(i)].line = line;
    if (i == bad_row) corrupt_line = line;
    const std::size_t before = text.size();
    emit(f);
    for (std::size_t ch = before; ch < text.size(); ++ch) line += text[ch] == '\n';
  }
  if (g.chance(0.3)) text.resize(text.size() - eol.size() - (text.ends_with(eol + eol) ? eol.size() : 0));
  return {std::move(text), std::move(rows), corrupt_line};
}

muster::Contingent contingent_of(const ref::Key& k) {
  muster::Contingent c;
  c.mission = std::get<0>(k);
  if (!std::get<1>(k).empty()) c.country = *muster::Country::find(std::get<1>(k));
  c.component = std::get<2>(k);
  return c;
}

ref::Key key_of(const muster::Contingent& c) {
  return {c.mission, std::string(c.country.code()), c.component};
}

std::map<ref::Key, muster::Value> as_map(const std::vector<muster::Group>& groups) {
  std::map<ref::Key, muster::Value> out;
  for (const auto& g : groups) out[key_of(g.key)] = g.value;
  return out;
}

std::string show(const std::map<ref::Key, muster::Value>& m) {
  std::string s;
  for (const auto& [k, v] : m)
    s += fmt::format("  {}/{}/{}: {} {} {}\n", std::get<0>(k), std::get<1>(k), std::get<2>(k),
                     v.estimate, v.low, v.bounded() ? fmt::to_string(v.high) : "inf");
  return s;
}

Day random_day(Gen& g) { return kStart + days{g.uni(-40, 800)}; }

muster::Filter random_filter(Gen& g) {
  muster::Filter f;
  if (g.chance(0.25)) f.mission = g.chance(0.5) ? "A" : "B";
  if (g.chance(0.25)) f.country = muster::Country::find(g.chance(0.5) ? "KEN" : "FRA");
  if (g.chance(0.2)) f.component = g.chance(0.5) ? "" : "police";
  return f;
}

constexpr muster::GroupBy all_groupings[] = {muster::GroupBy::country, muster::GroupBy::mission,
                                             muster::GroupBy::component,
                                             muster::GroupBy::contingent, muster::GroupBy::total};

struct Tally {
  int accepted = 0, refused = 0, clamps = 0, unbounded = 0, observations = 0;
  int raised_estimate = 0, raised_low = 0, corrupted = 0;
  int same_day_equal = 0, ends = 0, crossed = 0;
};

// Checks one seed; a mismatch is a gtest failure.
void check_seed(unsigned seed, int max_rows, Tally& tally) {
  Gen g(seed);
  Generated gen = generate(g, max_rows);
  SCOPED_TRACE(fmt::format("seed {}; log:\n{}", seed, gen.text));
  const auto expected_refusals = ref::refusals(gen.rows);
  muster::Log log;
  try {
    log = muster::parse_log(gen.text, "gen.csv");
  } catch (const muster::LogRefused& e) {
    // Only the section-6 departure rule may refuse a generated log.
    ++tally.refused;
    ASSERT_FALSE(expected_refusals.empty()) << e.what();
    ASSERT_EQ(e.diagnostics().size(), expected_refusals.size()) << e.what();
    for (std::size_t i = 0; i < e.diagnostics().size(); ++i) {
      const auto& d = e.diagnostics()[i];
      // The message names the contingent and day, at the line of a departure
      // of that contingent whose last day (where it takes the high track
      // down) is that day.
      bool found = false;
      for (const auto& [k, day] : expected_refusals) {
        if (d.message.find(muster::to_string(day)) == std::string::npos) continue;
        if (d.message.find(std::get<1>(k)) == std::string::npos) continue;
        for (const auto& r : gen.rows)
          if (r.line == d.line && r.kind == Kind::departure && ref::key_of(r) == k && r.last == day)
            found = true;
      }
      EXPECT_TRUE(found) << d.to_string();
    }
    return;
  }
  ++tally.accepted;
  {
    // The same log with one bad row: one error, at the line where that row
    // starts (blank lines, multi-line notes, CRLF and a BOM all in play).
    Gen again(seed);
    const Generated bad = generate(again, max_rows, static_cast<int>(seed % 97));
    ASSERT_EQ(bad.rows.size(), gen.rows.size());
    if (bad.corrupt_line != 0) {
      ++tally.corrupted;
      try {
        muster::parse_log(bad.text, "bad.csv");
        ADD_FAILURE() << "accepted with a bad row:\n" << bad.text;
      } catch (const muster::LogRefused& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u) << e.what() << "\n" << bad.text;
        EXPECT_EQ(e.diagnostics()[0].line, bad.corrupt_line) << e.what() << "\n" << bad.text;
      }
    }
  }
  ASSERT_TRUE(expected_refusals.empty())
      << "accepted, but the high track of " << std::get<1>(expected_refusals[0].first)
      << " goes below 0 on " << muster::to_string(expected_refusals[0].second);
  // The parsed rows are the generated ones (a check of the reader itself).
  const auto rows = ref::rows_of(log);
  ASSERT_EQ(rows.size(), gen.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& a = rows[i];
    const auto& b = gen.rows[i];
    ASSERT_EQ(a.line, b.line) << "row " << i;
    ASSERT_EQ(a.kind, b.kind) << "row " << i;
    ASSERT_EQ(a.first, b.first) << "row " << i;
    ASSERT_EQ(a.last, b.last) << "row " << i;
    ASSERT_EQ(a.recorded, b.recorded) << "row " << i;
    ASSERT_EQ(a.supersedes, b.supersedes) << "row " << i;
    if (a.kind == Kind::retraction) continue;
    ASSERT_EQ(a.mission, b.mission) << "row " << i;
    ASSERT_EQ(a.country, b.country) << "row " << i;
    ASSERT_EQ(a.component, b.component) << "row " << i;
    ASSERT_EQ(a.est, b.est) << "row " << i;
    ASSERT_EQ(a.low, b.low) << "row " << i;
    ASSERT_EQ(a.high, b.high) << "row " << i;
    ASSERT_EQ(a.planned, b.planned) << "row " << i;
    const bool obs = ref::is_observation(rows, a);
    ASSERT_EQ(log.is_observation(log.events()[i]), obs) << "row " << i;
    tally.observations += obs;
  }

  {
    // check (cli.md): only the first row of a contingent's first day is
    // `first`; a report held against an earlier equal report of its day
    // (the last set before it, no end between) agrees.
    const auto visible = ref::seen(rows, muster::Vantage{});
    const auto covers = [](const ref::Row& end, const ref::Key& k) {
      return end.mission == std::get<0>(k) && (end.country.empty() || end.country == std::get<1>(k)) &&
             (end.component.empty() || end.component == std::get<2>(k));
    };
    const auto keys = ref::contingents(rows, visible);
    // The reference is spec section 5's: observations held against their parts.
    const muster::Reconciliation rec = muster::reconcile(log, {}, muster::Vantage{.parts_only = true});
    for (const muster::FigureCheck& f : rec.figures) {
      if (f.observation) continue;
      const ref::Row& r = rows[f.row.index];
      const ref::Key k = ref::key_of(r);
      ASSERT_TRUE(keys.count(k));
      std::optional<std::pair<Day, std::size_t>> first;  // (first step day, row)
      for (const ref::Row& o : rows) {
        if (!visible[o.index]) continue;
        const bool own = (o.kind == Kind::arrival || o.kind == Kind::departure ||
                          o.kind == Kind::report) && !ref::is_observation(rows, o) && ref::key_of(o) == k;
        if (!own && !(o.kind == Kind::end && covers(o, k))) continue;
        const std::pair<Day, std::size_t> at{ref::first_step_day(o), o.index};
        if (!first || at < *first) first = at;
      }
      ASSERT_TRUE(first);
      ASSERT_EQ(f.verdict() == muster::Verdict::first, first->second == r.index) << "row " << r.index;
      // The report whose set step comes last before this one's on its day.
      const ref::Row* before = nullptr;
      bool end_between = false;
      for (const ref::Row& o : rows) {
        if (o.index >= r.index || !visible[o.index]) continue;
        if (o.kind == Kind::end && covers(o, k) && (o.first == r.last || o.last == r.last))
          end_between = true;
        if (o.kind == Kind::report && !ref::is_observation(rows, o) && ref::key_of(o) == k &&
            o.last == r.last)
          before = &o, end_between = false;
      }
      if (before && !end_between && before->est == r.est && before->low == r.low &&
          before->high == r.high) {
        ++tally.same_day_equal;
        ASSERT_EQ(f.verdict(), muster::Verdict::agrees) << "row " << r.index;
      }
    }
  }

  // Spec section 5 alone (section 8 has a reference of its own).
  std::vector<muster::Vantage> views = {{.parts_only = true}, {std::nullopt, true, true}};
  for (int v = 0; v < 3; ++v) views.push_back({random_day(g), g.chance(0.5), true});
  for (const auto& view : views) {
    SCOPED_TRACE(fmt::format("view as_of {} planned {}",
                             view.as_of ? muster::to_string(*view.as_of) : "none",
                             view.include_planned));
    const muster::Timeline t{log, view};
    const ref::Model m{rows, view};
    for (const auto& r : rows)
      ASSERT_EQ(t.sees(log.events()[r.index]), bool(m.visible[r.index])) << "row " << r.index;
    // Contingents.
    std::vector<ref::Key> keys;
    for (const auto& c : t.contingents()) keys.push_back(key_of(c));
    ASSERT_EQ(keys, std::vector<ref::Key>(
                        [&] { std::vector<ref::Key> k; for (auto& [key, tr] : m.tracks) k.push_back(key); return k; }()));
    for (const auto& r : rows) tally.ends += r.kind == Kind::end && m.visible[r.index];
    for (const auto& [k, tr] : m.tracks) {
      for (const auto& val : tr.end_of_day) tally.unbounded += !val.bounded();
      tally.crossed += tr.crossed;
      tally.raised_estimate += tr.raised_estimate;
      tally.raised_low += tr.raised_low;
    }
    // Strength of each contingent on random days, and on every day with a change.
    for (int q = 0; q < 6; ++q) {
      const Day d = random_day(g);
      SCOPED_TRACE("day " + muster::to_string(d));
      for (const auto& [k, tr] : m.tracks)
        ASSERT_EQ(t.strength(contingent_of(k), d), m.strength(k, d))
            << std::get<0>(k) << "/" << std::get<1>(k) << "/" << std::get<2>(k);
      const auto f = random_filter(g);
      muster::Value sum;
      for (const auto& [k, v] : m.strength_by(muster::GroupBy::total, d, f)) sum = v;
      ASSERT_EQ(t.strength(d, f), sum);
      for (auto by : all_groupings) {
        const auto got = t.strength_by(by, d, f);
        ASSERT_TRUE(std::is_sorted(got.begin(), got.end(),
                                   [](const auto& a, const auto& b) { return a.key < b.key; }));
        const auto want = m.strength_by(by, d, f);
        ASSERT_EQ(as_map(got), want) << "by " << int(by) << "\ngot\n"
                                     << show(as_map(got)) << "want\n" << show(want);
      }
    }
    // Departures that leave no one (estimate clamped or exactly used up).
    for (const auto& r : rows)
      if (m.visible[r.index] && r.kind == Kind::departure && r.est > 0 &&
          m.strength(ref::key_of(r), r.first).estimate == 0)
        ++tally.clamps;
    // Personnel-days over random ranges.
    for (int q = 0; q < 3; ++q) {
      Day a = random_day(g), b = a + days{g.uni(-3, 200)};
      const auto f = random_filter(g);
      for (const auto& [k, tr] : m.tracks)
        ASSERT_EQ(t.personnel_days(contingent_of(k), a, b), m.personnel_days(k, a, b))
            << muster::to_string(a) << ".." << muster::to_string(b);
      const auto by = all_groupings[g.uni(0, 4)];
      ASSERT_EQ(as_map(t.personnel_days_by(by, a, b, f)), m.personnel_days_by(by, a, b, f));
    }
    // Pledges.
    for (int q = 0; q < 3; ++q) {
      const Day d = random_day(g);
      const auto f = q == 0 ? muster::Filter{} : random_filter(g);
      const auto got = t.pledges(d, f);
      const auto want = m.pledges(d, f);
      ASSERT_EQ(got.size(), want.size()) << muster::to_string(d);
      for (const auto& p : got) {
        auto it = want.find(key_of(p.key));
        ASSERT_NE(it, want.end());
        ASSERT_EQ(p.pledge->index, it->second.index);
        ASSERT_EQ(p.pledged, it->second.pledged);
        ASSERT_EQ(p.present, it->second.present) << muster::to_string(d);
      }
    }
  }
}

void run_seeds(unsigned first, unsigned count, int max_rows) {
  Tally tally;
  for (unsigned s = first; s < first + count; ++s) {
    check_seed(s, max_rows, tally);
    if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) {
      ADD_FAILURE() << "first failing seed: " << s;
      return;
    }
  }
  fmt::print("seeds {}..{}: {} accepted, {} refused by section 6, {} emptying departures, "
             "{} unbounded days, {} observations, estimate raised to 0 on {} days, low on {}, "
             "{} seen ends, {} days with crossed tracks, {} equal reports of one day checked\n",
             first, first + count - 1, tally.accepted, tally.refused, tally.clamps,
             tally.unbounded, tally.observations, tally.raised_estimate, tally.raised_low,
             tally.ends, tally.crossed, tally.same_day_equal);
  // Most generated logs must be accepted, and the interesting cases must occur.
  EXPECT_GT(tally.accepted, static_cast<int>(count) * 7 / 10);
  EXPECT_GT(tally.refused, 0);
  EXPECT_GT(tally.clamps, 0);
  EXPECT_GT(tally.raised_estimate, 0);  // the clamp at zero, under views hiding arrivals
  EXPECT_GT(tally.raised_low, 0);
  EXPECT_GT(tally.corrupted, tally.accepted * 9 / 10);
  EXPECT_GT(tally.unbounded, 0);
  EXPECT_GT(tally.observations, 0);
  EXPECT_GT(tally.ends, 0);
  EXPECT_GT(tally.crossed, 0);
  EXPECT_GT(tally.same_day_equal, 0);
}

TEST(Property, SmallLogsMatchTheReference) { run_seeds(1, 4000, 8); }
TEST(Property, MediumLogsMatchTheReference) { run_seeds(10'001, 2500, 20); }
TEST(Property, LargerLogsMatchTheReference) { run_seeds(20'001, 800, 45); }

// ---------------------------------------------------------------------------
// The CSV reader's boundaries: a text read in place and the same text read
// leaving it unchanged (as each part of a split file is read) give the same
// records, fields, lines and errors, and the second leaves every byte as it
// was; so do the scanner's AVX2 and 64-bit word paths. Random texts of the
// bytes that matter, and quoted multi-line fields with doubled quotes at every
// offset across the scanner's 64-byte blocks.

struct CsvRecord {
  muster::CsvReader::Result result;
  std::size_t line;
  std::vector<std::string> fields;
  std::string error;
  friend bool operator==(const CsvRecord&, const CsvRecord&) = default;
};

std::vector<CsvRecord> read_csv_records(std::string& text, bool leave_text) {
  muster::CsvReader csv{text.data(), text.data() + text.size(), 1};
  if (leave_text) csv.leave_text_unchanged();
  std::vector<CsvRecord> out;
  for (auto r = csv.next(); r != muster::CsvReader::done; r = csv.next())
    out.push_back({r, csv.line(),
                   r == muster::CsvReader::record
                       ? std::vector<std::string>(csv.fields().begin(), csv.fields().end())
                       : std::vector<std::string>{},
                   r == muster::CsvReader::bad ? csv.error() : std::string{}});
  return out;
}

// Read in place and leaving the text, each with the scanner's AVX2 path
// (where this processor has it) and its 64-bit word path: the same records.
void expect_same_reading(const std::string& text) {
  const bool was = muster::detail::csv_use_avx2(false);
  std::string in_place = text, aside = text;
  const auto a = read_csv_records(in_place, false);
  const auto b = read_csv_records(aside, true);
  EXPECT_EQ(a, b) << text;
  EXPECT_EQ(aside, text);
  muster::detail::csv_use_avx2(true);
  std::string in_place2 = text, aside2 = text;
  EXPECT_EQ(read_csv_records(in_place2, false), a) << text;
  EXPECT_EQ(read_csv_records(aside2, true), a) << text;
  EXPECT_EQ(aside2, text);
  muster::detail::csv_use_avx2(was);
}

TEST(Property, CountByteCountsAsStdCount) {
  // Every length and offset around the 16-byte blocks and 255-block rounds.
  std::mt19937_64 rng(8);
  std::string text(9000, ' ');
  for (char& c : text) c = "\n\"a\xFF"[rng() % 4];
  for (std::size_t len : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 2039, 2040, 2041, 4079, 4080,
                          4081, 4096, 8160, 8161, 8999})
    for (std::size_t at = 0; at < 9 && at + len <= text.size(); ++at)
      for (char c : {'\n', '"', '\xFF', 'z'}) {
        const std::string_view part = std::string_view(text).substr(at, len);
        const auto expected = static_cast<std::size_t>(std::count(part.begin(), part.end(), c));
        EXPECT_EQ(muster::detail::count_byte(part, c), expected) << len << " " << at;
        const auto [quotes, ends] = muster::detail::count_bytes(part, '"', c);
        EXPECT_EQ(quotes, static_cast<std::size_t>(std::count(part.begin(), part.end(), '"')));
        EXPECT_EQ(ends, expected) << len << " " << at;
      }
  const std::string all(9000, '\n');
  EXPECT_EQ(muster::detail::count_byte(all, '\n'), 9000u);  // every byte of every round
}

TEST(Property, CsvReadLeavingTheTextReadsAsInPlace) {
  std::mt19937_64 rng(14);
  const std::string bytes = "ab,\"\"\n\r \xC3\xA9\x80+";
  for (int n = 0; n < 3000; ++n) {
    std::string text(rng() % 300, ' ');
    for (char& c : text) c = bytes[rng() % bytes.size()];
    expect_same_reading(text);
  }
  std::size_t doubled = 0;
  for (std::size_t at = 0; at < 140; ++at)
    for (std::size_t len = 0; len < 80; len += 7) {
      // A quoted field from byte `at`, `len` bytes long, with "" and a line
      // end inside, then a second record with another such field.
      std::string field = std::string(len, 'x');
      for (std::size_t k = 0; k < len; k += 9) field[k] = k % 2 ? '\n' : '"';
      std::string quoted = "\"";
      for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      const std::string text = std::string(at, 'a') + "," + quoted + ",z\n" + quoted + "\r\n";
      std::string copy = text;
      const auto records = read_csv_records(copy, true);
      ASSERT_EQ(records.size(), 2u) << text;
      EXPECT_EQ(records[0].fields.at(1), field);
      EXPECT_EQ(records[1].fields.at(0), field);
      doubled += field.find('"') != std::string::npos;
      expect_same_reading(text);
    }
  EXPECT_GT(doubled, 1000u);
}

// A reader goes on from the 64-byte block where the scan of its last record
// stopped: record after record, it reads what a fresh reader started at each
// record reads (records, fields, lines, errors, non-ASCII bytes checked),
// in place and leaving the text, on both scanner paths.
TEST(Property, CsvRecordAfterRecordReadsAsAFreshReaderAtEachRecord) {
  std::mt19937_64 rng(15);
  const std::vector<std::string> pieces = {"a", "bcdefgh", "ijklmnopqrstuvwxyz0123456789", ",",
                                           ",,", "\n", "\r\n", "\n\n", "\"q\"", "\"a\"\"b\"",
                                           "\"x\ny\"", "\xC3\xA9", "\xFF", "\xE6", " "};
  const bool was = muster::detail::csv_use_avx2(false);
  for (const bool avx2 : {false, true}) {
    muster::detail::csv_use_avx2(avx2);
    for (int n = 0; n < 1500; ++n) {
      std::string text;
      const std::size_t length = rng() % 200;
      for (std::size_t i = 0; i < length; ++i) text += pieces[rng() % pieces.size()];
      for (const bool leave : {false, true}) {
        SCOPED_TRACE(::testing::PrintToString(text) + (leave ? " leaving the text" : " in place"));
        std::string going = text, fresh = text;
        muster::CsvReader csv{going.data(), going.data() + going.size(), 1};
        if (leave) csv.leave_text_unchanged();
        std::size_t offset = 0, line = 1;
        for (;;) {
          muster::CsvReader one{fresh.data() + offset, fresh.data() + fresh.size(), line};
          if (leave) one.leave_text_unchanged();
          const auto r = csv.next(), want = one.next();
          ASSERT_EQ(r, want);
          if (r == muster::CsvReader::done) break;
          ASSERT_EQ(csv.line(), one.line());
          if (r == muster::CsvReader::record)
            ASSERT_EQ(std::vector<std::string>(csv.fields().begin(), csv.fields().end()),
                      std::vector<std::string>(one.fields().begin(), one.fields().end()));
          else
            ASSERT_EQ(csv.error(), one.error());
          ASSERT_EQ(csv.offset(), offset + one.offset());
          offset = csv.offset();
          line = csv.next_line();
        }
      }
    }
  }
  muster::detail::csv_use_avx2(was);
}

// ---------------------------------------------------------------------------
// The command end to end: `muster strength | days | series | pledges` on
// random logs, with random filters, views and groupings, against CSV written
// from the reference by the rules of cli.md (listed groups, byte order,
// blank high for unbounded, the total row always printed).

namespace cmd {

namespace fs = std::filesystem;

// Runs muster; returns its exit status and standard output.
std::pair<int, std::string> run(const fs::path& dir, const std::vector<std::string>& args) {
  std::string line = shell_quoted(MUSTER_EXE);
  for (const auto& a : args) {
    line += ' ';
    line += shell_quoted(a);
  }
  line += " > ";
  line += shell_quoted((dir / "out.txt").string());
  line += " 2>/dev/null < /dev/null";
  const int raw = std::system(line.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out.txt")};
}

const char* by_name(muster::GroupBy by) {
  switch (by) {
    case muster::GroupBy::country: return "country";
    case muster::GroupBy::mission: return "mission";
    case muster::GroupBy::component: return "component";
    case muster::GroupBy::contingent: return "contingent";
    case muster::GroupBy::total: return "total";
  }
  return "";
}

std::string key_columns(muster::GroupBy by) {
  switch (by) {
    case muster::GroupBy::contingent: return "mission,country,component,";
    case muster::GroupBy::total: return "";
    default: return std::string(by_name(by)) + ",";
  }
}

std::string key_cells(muster::GroupBy by, const ref::Key& k) {
  switch (by) {
    case muster::GroupBy::country: return std::get<1>(k) + ",";
    case muster::GroupBy::mission: return std::get<0>(k) + ",";
    case muster::GroupBy::component: return std::get<2>(k) + ",";
    case muster::GroupBy::contingent:
      return std::get<0>(k) + "," + std::get<1>(k) + "," + std::get<2>(k) + ",";
    case muster::GroupBy::total: return "";
  }
  return "";
}

std::string numbers(const muster::Value& v) {
  return fmt::format("{},{},{}", v.estimate, v.low, v.bounded() ? fmt::to_string(v.high) : "");
}

bool listed(const muster::Value& v) { return !v.bounded() || v.high > 0; }

// The rows of one grouped answer (no header).
std::string rows(muster::GroupBy by, const std::map<ref::Key, muster::Value>& groups,
                 const std::string& prefix = "") {
  std::string out;
  if (by == muster::GroupBy::total) {
    muster::Value sum;
    for (const auto& [k, v] : groups) sum = ref::add(sum, v);
    return prefix + numbers(sum) + "\n";
  }
  for (const auto& [k, v] : groups)
    if (listed(v)) out += prefix + key_cells(by, k) + numbers(v) + "\n";
  return out;
}

// Sample days of section 7, computed here with date's own arithmetic.
std::vector<Day> samples(Day from, Day to, int step) {  // 0 day, 1 week, 2 month
  std::vector<Day> out;
  const date::year_month_day start = from.ymd();
  for (int k = 0;; ++k) {
    Day d = from;
    if (step == 0) d = from + days{k};
    else if (step == 1) d = from + days{7 * k};
    else {
      const auto ym = date::year_month{start.year(), start.month()} + date::months{k};
      const date::year_month_day want{ym.year(), ym.month(), start.day()};
      d = want.ok() ? Day{want} : Day{ym.year() / ym.month() / date::last};
    }
    if (d > to) break;
    out.push_back(d);
  }
  return out;
}

}  // namespace cmd

TEST(Property, CommandMatchesTheReference) {
  const auto dir = cmd::fs::path(testing::TempDir()) / fmt::format("muster_property_{}", ::getpid());
  cmd::fs::create_directories(dir);
  const std::string file = (dir / "log.csv").string();
  int checked = 0;
  for (unsigned seed = 50'001; seed < 50'121; ++seed) {
    Gen g(seed);
    const Generated gen = generate(g, 14);
    SCOPED_TRACE(fmt::format("seed {}; log:\n{}", seed, gen.text));
    {
      std::ofstream out(file, std::ios::binary);
      out << gen.text;
    }
    if (!ref::refusals(gen.rows).empty()) {
      EXPECT_EQ(cmd::run(dir, {"strength", file, "--on", "2024-06-01"}),
                (std::pair<int, std::string>{1, ""}));
      continue;
    }
    const muster::Log log = muster::parse_log(gen.text, file);
    const auto rows = ref::rows_of(log);
    // Options: a view and a filter.
    std::vector<std::string> opts{"--parts-only"};  // the reference is section 5's
    muster::Vantage view{.parts_only = true};
    if (g.chance(0.3)) {
      view.as_of = random_day(g);
      opts.insert(opts.end(), {"--as-of", muster::to_string(*view.as_of)});
    }
    if (g.chance(0.3)) {
      view.include_planned = true;
      opts.push_back("--include-planned");
    }
    muster::Filter f;
    if (g.chance(0.2)) {
      f.mission = "A";
      opts.insert(opts.end(), {"--mission", "A"});
    }
    if (g.chance(0.2)) {
      f.country = muster::Country::find("KEN");
      opts.insert(opts.end(), {"--country", g.chance(0.5) ? "Kenya" : "ke"});
    }
    if (g.chance(0.15)) {
      f.component = g.chance(0.5) ? "" : "police";
      opts.insert(opts.end(), {"--component", *f.component});
    }
    const ref::Model m{rows, view};
    const auto by = all_groupings[g.uni(0, 4)];
    auto with = [&](std::vector<std::string> a) {
      a.insert(a.end(), opts.begin(), opts.end());
      return a;
    };
    // strength
    const Day d = random_day(g);
    auto [status, out] = cmd::run(dir, with({"strength", file, "--on", muster::to_string(d), "--by",
                                             cmd::by_name(by), "--format", "csv"}));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, cmd::key_columns(by) + "estimate,low,high\n" + cmd::rows(by, m.strength_by(by, d, f)));
    // days
    const Day a = random_day(g), b = a + days{g.uni(0, 120)};
    std::tie(status, out) = cmd::run(dir, with({"days", file, "--from", muster::to_string(a), "--to",
                                                muster::to_string(b), "--by", cmd::by_name(by)}));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, cmd::key_columns(by) + "estimate,low,high\n" +
                       cmd::rows(by, m.personnel_days_by(by, a, b, f)));
    // series
    const int step = g.uni(0, 2);
    const Day s1 = random_day(g), s2 = s1 + days{g.uni(0, step == 2 ? 400 : 40)};
    std::string want = "date," + cmd::key_columns(by) + "estimate,low,high\n";
    for (Day day : cmd::samples(s1, s2, step))
      want += cmd::rows(by, m.strength_by(by, day, f), muster::to_string(day) + ",");
    const char* steps[] = {"day", "week", "month"};
    std::tie(status, out) = cmd::run(dir, with({"series", file, "--from", muster::to_string(s1), "--to",
                                                muster::to_string(s2), "--step", steps[step], "--by",
                                                cmd::by_name(by)}));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, want);
    // pledges
    const Day p = random_day(g);
    want = "mission,country,component,pledged,present,fulfilment\n";
    for (const auto& [k, pl] : m.pledges(p, f))
      want += fmt::format("{},{},{},{},{},{}\n", std::get<0>(k), std::get<1>(k), std::get<2>(k),
                          pl.pledged, pl.present,
                          pl.pledged == 0 ? std::string()
                                          : fmt::format("{:.3f}", static_cast<double>(pl.present) /
                                                                      static_cast<double>(pl.pledged)));
    std::tie(status, out) = cmd::run(dir, with({"pledges", file, "--on", muster::to_string(p)}));
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, want);
    ++checked;
    if (HasFailure()) {
      ADD_FAILURE() << "first failing seed: " << seed;
      break;
    }
  }
  EXPECT_GT(checked, 90);
  std::error_code ec;
  cmd::fs::remove_all(dir, ec);
}

}  // namespace
