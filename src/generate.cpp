// Made-up logs of realistic shape (muster/generate.hpp).
//
// Rows are written in order of effective date. Each contingent is simulated
// row by row, so that a departure never takes more than the log has present:
// the high track of spec section 5 is followed exactly (a contingent takes a
// new row only on a day after its last one, or, for day-dated arrivals and
// departures, on the same day as other arrivals and departures, whose sum does
// not depend on their order). Rows that change no track (pledges, observations,
// planned rows, mistaken rows that are later corrected or retracted) fill the
// days a contingent cannot take a row.
#include "muster/generate.hpp"

#include "muster/country.hpp"
#include "muster/value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>
#include <vector>

namespace muster {
namespace {

constexpr std::array<std::string_view, 30> mission_names = {
    "MSS",     "UNIFIL",  "MINUSCA", "MONUSCO", "UNMISS",   "MINUSMA", "UNFICYP", "UNDOF",
    "UNMIK",   "UNISFA",  "MINURSO", "UNTSO",   "UNMOGIP",  "AMISOM",  "ATMIS",   "KFOR",
    "EUFOR",   "UNAMID",  "UNMIL",   "UNOCI",   "MINUSTAH", "UNMIT",   "UNPROFOR", "UNAMSIL",
    "ONUB",    "UNMEE",   "UNOMIG",  "UNMIBH",  "UNTAET",   "UNAVEM"};

constexpr std::array<std::string_view, 3> component_names = {"military", "police", "staff"};

constexpr std::array<std::string_view, 6> sources = {
    "UN peacekeeping monthly summary",
    "Ministry of Defence press release",
    "\"\"Daily Nation\"\", p. 4",  // written quoted: a field with quotes and a comma
    "Security Council report S/2024/123",
    "mission spokesperson",
    "government statement, via Reuters"};

__extension__ typedef unsigned __int128 U128;

constexpr Day last_day_allowed = Day{date::year{max_year} / 12 / 31};

// The ISO 3166-1 table in alpha-3 order, read back through Country::find.
std::vector<Country> iso_countries() {
  std::vector<Country> out;
  char code[3];
  for (char a = 'A'; a <= 'Z'; ++a)
    for (char b = 'A'; b <= 'Z'; ++b)
      for (char c = 'A'; c <= 'Z'; ++c) {
        code[0] = a; code[1] = b; code[2] = c;
        const std::string_view s(code, 3);
        if (auto found = Country::find(s); found && found->code() == s) out.push_back(*found);
      }
  return out;
}

// Portable draws from the standard-specified mt19937_64 (the std
// distributions differ between libraries).
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  /// Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<U128>(rng_()) * n) >> 64);
  }
  Count count_below(Count n) { return static_cast<Count>(below(static_cast<std::uint64_t>(n))); }
  bool percent(unsigned p) { return below(100) < p; }

 private:
  std::mt19937_64 rng_;
};

struct Sim {
  std::size_t mission;
  Country country;
  std::string_view component;
  Count est = 0, low = 0, high = 0;
  bool unbounded = false;
  Day last{};               // last day that any of its rows touched
  bool last_additive = true;  // rows on `last` were only day-dated arrivals/departures
};

struct Row {
  std::string_view kind;
  Period date;
  std::size_t mission = 0;
  bool with_mission = true;
  Country country;          // empty: blank
  std::string_view component;
  // Value columns; -1 is blank.
  Count count = -1, low = -1, high = -1;
  bool planned = false;
  std::optional<Day> recorded;
  std::size_t supersedes = 0;  // row number, 0 none
  std::string_view source;
  std::string_view note;
};

class Writer {
 public:
  explicit Writer(const std::function<void(std::string_view)>& write) : write_(write) {
    buf_.reserve(chunk + 4096);
  }
  ~Writer() = default;
  void flush() {
    if (!buf_.empty()) write_(buf_);
    buf_.clear();
  }
  void text(std::string_view s) { buf_.append(s); }
  void ch(char c) { buf_.push_back(c); }
  void number(std::uint64_t v) {
    char tmp[20];
    int n = 0;
    do { tmp[n++] = static_cast<char>('0' + v % 10); v /= 10; } while (v);
    while (n) buf_.push_back(tmp[--n]);
  }
  void digits(unsigned v, int width) {
    char tmp[4];
    for (int i = width - 1; i >= 0; --i) { tmp[i] = static_cast<char>('0' + v % 10); v /= 10; }
    buf_.append(tmp, static_cast<std::size_t>(width));
  }
  void day(Day d, Precision p = Precision::day) {
    const date::year_month_day ymd{d};
    digits(static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
    if (p == Precision::year) return;
    ch('-');
    digits(static_cast<unsigned>(ymd.month()), 2);
    if (p == Precision::month) return;
    ch('-');
    digits(static_cast<unsigned>(ymd.day()), 2);
  }
  void row(std::size_t id, const Row& r, const std::vector<std::string>& missions) {
    ch('r'); number(id); ch(',');
    text(r.kind); ch(',');
    day(r.date.first, r.date.precision); ch(',');
    if (r.with_mission) text(missions[r.mission]);
    ch(',');
    text(r.country.code()); ch(',');
    text(r.component); ch(',');
    for (Count v : {r.count, r.low, r.high}) {
      if (v >= 0) number(static_cast<std::uint64_t>(v));
      ch(',');
    }
    if (r.planned) text("planned");
    ch(',');
    if (r.recorded) day(*r.recorded);
    ch(',');
    if (r.supersedes) { ch('r'); number(r.supersedes); }
    ch(',');
    if (r.source.find(',') != std::string_view::npos || r.source.find('"') != std::string_view::npos) {
      ch('"'); text(r.source); ch('"');
    } else {
      text(r.source);
    }
    ch(',');
    if (r.note.find(',') != std::string_view::npos) { ch('"'); text(r.note); ch('"'); }
    else text(r.note);
    ch('\n');
    if (buf_.size() >= chunk) flush();
  }

 private:
  static constexpr std::size_t chunk = std::size_t{1} << 20;
  const std::function<void(std::string_view)>& write_;
  std::string buf_;
};

Period month_of(Day d) {
  const date::year_month_day ymd{d};
  const auto ym = ymd.year() / ymd.month();
  return {Day{ym / 1}, Day{ym / date::last}, Precision::month};
}

}  // namespace

void generate_log(const GenerateOptions& o, const std::function<void(std::string_view)>& write) {
  static const std::vector<Country> iso = iso_countries();
  if (o.countries < 1 || static_cast<std::size_t>(o.countries) > iso.size())
    throw std::invalid_argument("generate: countries must be from 1 to " +
                                std::to_string(iso.size()));
  if (o.missions < 1 || o.missions > 100'000)
    throw std::invalid_argument("generate: missions must be from 1 to 100000");
  if (o.to < o.from) throw std::invalid_argument("generate: the last date is before the first");
  if (o.from < Day{date::year{min_year} / 1 / 1} || o.to > last_day_allowed)
    throw std::invalid_argument("generate: dates must be in the years 1800 to 2200");

  Draw draw{o.seed};
  // The countries: a partial shuffle of the ISO table.
  std::vector<Country> pool = iso;
  const auto k = static_cast<std::size_t>(o.countries);
  for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + draw.below(pool.size() - i)]);
  pool.resize(k);
  std::sort(pool.begin(), pool.end());

  std::vector<std::string> missions;
  const auto m_count = static_cast<std::size_t>(o.missions);
  for (std::size_t m = 0; m < m_count; ++m) {
    if (m < mission_names.size()) missions.emplace_back(mission_names[m]);
    else missions.push_back(fmt::format("M{}", m + 1));
  }

  // Contingents: every country sends to at least one mission; each
  // (mission, country) sends either unspecified personnel or one to three
  // named components (never both, so that no report becomes an observation).
  std::vector<Sim> cs;
  for (std::size_t m = 0; m < m_count; ++m)
    for (std::size_t c = 0; c < k; ++c) {
      if (c % m_count != m && !draw.percent(25)) continue;
      const Day before = o.from - date::days{1};
      if (draw.percent(30)) {
        cs.push_back({m, pool[c], "", 0, 0, 0, false, before, true});
      } else {
        const auto n = 1 + draw.below(3);
        const auto first = draw.below(3);
        for (std::uint64_t i = 0; i < n; ++i)
          cs.push_back({m, pool[c], component_names[(first + i) % 3], 0, 0, 0, false, before, true});
      }
    }
  std::vector<Count> mission_total(m_count, 0);

  Writer out{write};
  out.text("id,kind,date,mission,country,component,count,low,high,status,recorded,supersedes,"
           "source,note\n");

  const auto span = static_cast<std::uint64_t>((o.to - o.from).count()) + 1;
  std::size_t written = 0;
  auto emit = [&](const Row& r) { out.row(++written, r, missions); };
  auto later = [](Day d, Count days) {
    const Day r = d + date::days{days};
    return r > last_day_allowed ? last_day_allowed : r;
  };
  auto source = [&] { return sources[draw.below(sources.size())]; };

  while (written < o.rows) {
    const Day d = o.from + date::days{static_cast<int>(
                               static_cast<U128>(written) * span / o.rows)};
    Sim& c = cs[draw.below(cs.size())];
    const Count size = 5 + draw.count_below(400) + (draw.percent(10) ? draw.count_below(1500) : 0);
    Row r;
    r.mission = c.mission;
    r.country = c.country;
    r.component = c.component;
    r.source = source();
    r.date = Period::of_day(d);

    if (o.plain) {
      // Confirmed, exact, day-dated arrivals and departures only.
      const bool depart = c.est > 0 && (c.est > 3000 || draw.percent(50));
      const Count n = depart ? 1 + draw.count_below(c.est) : size;
      r.kind = depart ? "departure" : "arrival";
      r.count = n;
      c.est += depart ? -n : n;
      c.high = c.est;
      c.last = d;
      emit(r);
      continue;
    }

    if (!o.plain && draw.percent(1)) r.note = "figure rounded, per mission staff";
    if (draw.percent(50)) r.recorded = later(d, draw.count_below(46));
    const bool can_add = d > c.last || (d == c.last && c.last_additive);
    const bool can_set = d > c.last;
    const unsigned roll = static_cast<unsigned>(draw.below(100));
    const bool pair_fits = o.rows - written >= 2;

    // Rows that change no track.
    auto neutral = [&] {
      if (draw.percent(50)) {
        r.kind = "pledge";
        r.component = draw.percent(50) ? std::string_view{} : c.component;
        r.count = (size / 10 + 1) * 10;
        if (draw.percent(20)) r.date = month_of(d);
        else if (draw.percent(5)) r.date = {Day{date::year_month_day{d}.year() / 1 / 1},
                                             Day{date::year_month_day{d}.year() / 12 / 31},
                                             Precision::year};
      } else {
        // An observation: the mission's total, as a headline gives it.
        r.kind = "report";
        r.country = Country{};
        r.component = {};
        r.count = mission_total[c.mission];
        if (draw.percent(30)) { r.low = r.count * 9 / 10; r.high = r.count * 11 / 10 + 1; }
      }
      emit(r);
    };

    if (roll >= 90 || (!can_add && roll >= 20)) {
      if (roll < 93 || !pair_fits) { neutral(); continue; }
      if (roll < 96) {  // a planned arrival
        r.kind = "arrival";
        r.planned = true;
        r.date = Period::of_day(later(d, 30 + draw.count_below(150)));
        r.recorded = d;
        r.count = size;
        emit(r);
        continue;
      }
      // A mistaken row, then its retraction.
      r.kind = "arrival";
      r.count = size;
      r.recorded = d;
      emit(r);
      Row x;
      x.kind = "retraction";
      x.date = r.date;
      x.mission = c.mission;
      x.recorded = later(d, 1 + draw.count_below(30));
      x.supersedes = written;
      x.source = "duplicate of an earlier row";
      emit(x);
      continue;
    }
    if (!can_add) { neutral(); continue; }

    // A row that changes the tracks.
    enum { arrival, departure, report } kind;
    if (c.est == 0 && !c.unbounded) kind = arrival;
    else if (!can_set) kind = c.est > 0 && draw.percent(50) ? departure : arrival;
    else if (roll < 35) kind = c.est > 3000 ? departure : arrival;
    else if (roll < 65) kind = c.est > 0 ? departure : arrival;
    else kind = report;
    if (kind == departure && c.est == 0) kind = arrival;

    const bool month = can_set && kind != departure && draw.percent(6) && month_of(d).first > c.last;
    if (month) r.date = month_of(d);
    const unsigned form = static_cast<unsigned>(draw.below(100));
    Count e = 0, l = 0, h = 0;
    bool unb = false;
    switch (kind) {
      case arrival:
        e = l = h = size;
        if (form >= 92) { unb = true; e = l = size; r.low = l; }           // size unknown
        else if (form >= 80) { l = size - size / 10; h = size + size / 5; r.count = e; r.low = l; r.high = h; }
        else r.count = e;
        r.kind = "arrival";
        c.est += e;
        c.low += l;
        if (unb) c.unbounded = true;
        else if (!c.unbounded) c.high += h;
        break;
      case departure:
        e = 1 + draw.count_below(c.est);
        l = h = e;
        if (form >= 85) {
          l = e - draw.count_below(e / 10 + 1);
          h = e + draw.count_below(e / 10 + 1);
          r.count = e; r.low = l;
          if (draw.percent(20)) unb = true; else r.high = h;
        } else {
          r.count = e;
        }
        r.kind = "departure";
        c.est -= e;
        c.low = unb ? 0 : std::max<Count>(0, c.low - h);
        if (!c.unbounded) c.high -= l;  // l <= e <= est <= high: never below 0
        break;
      case report: {
        const Count base = c.est + draw.count_below(c.est / 10 + 1) - c.est / 20;
        e = l = h = std::max<Count>(0, base);
        if (form >= 95) { unb = true; l = e; r.low = l; }
        else if (form >= 85) { l = e - e / 10; h = e + e / 10; r.count = e; r.low = l; r.high = h; }
        else r.count = e;
        r.kind = "report";
        mission_total[c.mission] -= c.est;
        c.est = e;
        c.low = l;
        c.unbounded = unb;
        c.high = unb ? 0 : h;
        break;
      }
    }
    mission_total[c.mission] += kind == departure ? -e : e;

    const bool additive = kind != report && !month;
    if (r.date.last > c.last) c.last_additive = additive;
    else c.last_additive = c.last_additive && additive;
    c.last = std::max(c.last, r.date.last);

    if (roll >= 85 && pair_fits && kind != departure) {
      // A mistaken figure first, corrected later by this row.
      Row wrong = r;
      wrong.count = r.count >= 0 ? r.count + 10 * (1 + draw.count_below(9)) : r.count;
      if (wrong.count < 0) wrong.low = r.low + 10;
      if (wrong.high >= 0 && wrong.count > wrong.high) wrong.high = wrong.count;
      wrong.recorded = r.date.first;
      emit(wrong);
      r.supersedes = written;
      r.recorded = later(r.date.first, 1 + draw.count_below(20));
      r.note = "corrects an earlier figure";
    }
    emit(r);
  }
  out.flush();
}

std::string generate_log(const GenerateOptions& options) {
  std::string text;
  generate_log(options, [&](std::string_view s) { text.append(s); });
  return text;
}

}  // namespace muster
