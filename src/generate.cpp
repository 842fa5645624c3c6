// Made-up logs of realistic shape (muster/generate.hpp).
//
// Rows are written in order of effective date. A departure must never take a
// contingent's high track below 0 (spec section 6). The generator does not
// run the tracks of section 5 for that (muster::rules does, where a log is
// read): it keeps one running count a contingent, the estimate of its own
// rows, and departs at most that count. Every row it writes keeps the high at
// or above the estimate (an arrival adds h >= e, a report sets h >= e, a
// departure of e takes l <= e off the high; an unbounded high stays above
// anything), so a departure of at most the estimate cannot take the high
// below 0, whatever the other tracks do. The count is the estimate track
// itself because a contingent takes a new row only on a day after its last
// one, or, for day-dated arrivals and departures, on the same day as other
// arrivals and departures (whose sum does not depend on their order), and
// never departs more than it holds (nothing to raise to 0). Rows that change
// no track (pledges, observations, planned rows, mistaken rows that are later
// corrected or retracted) fill the days a contingent cannot take a row.
#include "muster/generate.hpp"

#include "muster/country.hpp"
#include "muster/csv.hpp"
#include "muster/event.hpp"
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
    "\"Daily Nation\", p. 4",  // a field with quotes and a comma: the writer quotes it
    "Security Council report S/2024/123",
    "mission spokesperson",
    "government statement, via Reuters"};

__extension__ typedef unsigned __int128 U128;

constexpr Day last_day_allowed = Day{date::year{max_year} / 12 / 31};

// The ISO 3166-1 table in alpha-3 order, read back through Country::find
// (not the former countries of ISO 3166-3).
std::vector<Country> iso_countries() {
  std::vector<Country> out;
  char code[3];
  for (char a = 'A'; a <= 'Z'; ++a)
    for (char b = 'A'; b <= 'Z'; ++b)
      for (char c = 'A'; c <= 'Z'; ++c) {
        code[0] = a; code[1] = b; code[2] = c;
        const std::string_view s(code, 3);
        if (auto found = Country::find(s); found && found->code() == s && !found->former())
          out.push_back(*found);
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

// A contingent as the generator follows it. Only its estimate is kept (the
// generator's own running count, see the note at the top), whether its high
// is unbounded, and which days its rows have taken.
struct Sim {
  std::size_t mission;
  Country country;
  std::string_view component;
  Count est = 0;
  bool unbounded = false;
  Day last{};                 // last day that any of its rows touched
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
  /// A field of free text, through the one CSV writer.
  void field(std::string_view s) { append_csv_field(buf_, s); }
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
    const date::year_month_day ymd = d.ymd();
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
    if (r.with_mission) field(missions[r.mission]);
    ch(',');
    text(r.country.code()); ch(',');
    field(r.component); ch(',');
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
    field(r.source); ch(',');
    field(r.note);
    ch('\n');
    if (buf_.size() >= chunk) flush();
  }

 private:
  static constexpr std::size_t chunk = std::size_t{1} << 20;
  const std::function<void(std::string_view)>& write_;
  std::string buf_;
};

Period month_of(Day d) {
  const date::year_month_day ymd = d.ymd();
  const auto ym = ymd.year() / ymd.month();
  return {Day{ym / 1}, Day{ym / date::last}, Precision::month};
}

Day later(Day d, Count days) {
  const Day r = d + date::days{days};
  return r > last_day_allowed ? last_day_allowed : r;
}

void check_options(const GenerateOptions& o, std::size_t countries_known) {
  if (o.countries < 1 || static_cast<std::size_t>(o.countries) > countries_known)
    throw std::invalid_argument("generate: countries must be from 1 to " +
                                std::to_string(countries_known));
  if (o.missions < 1 || o.missions > 100'000)
    throw std::invalid_argument("generate: missions must be from 1 to 100000");
  if (o.to < o.from) throw std::invalid_argument("generate: the last date is before the first");
  if (o.from < Day{date::year{min_year} / 1 / 1} || o.to > last_day_allowed)
    throw std::invalid_argument("generate: dates must be in the years 1800 to 2200");
}

// The countries: a partial shuffle of the ISO table, sorted.
std::vector<Country> pick_countries(const std::vector<Country>& iso, std::size_t k, Draw& draw) {
  std::vector<Country> pool = iso;
  for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + draw.below(pool.size() - i)]);
  pool.resize(k);
  std::sort(pool.begin(), pool.end());
  return pool;
}

std::vector<std::string> mission_codes(std::size_t count) {
  std::vector<std::string> missions;
  for (std::size_t m = 0; m < count; ++m) {
    if (m < mission_names.size()) missions.emplace_back(mission_names[m]);
    else missions.push_back(fmt::format("M{}", m + 1));
  }
  return missions;
}

// Contingents: every country sends to at least one mission; each
// (mission, country) sends either unspecified personnel or one to three
// named components (never both, so that no report becomes an observation).
std::vector<Sim> contingents(const std::vector<Country>& pool, std::size_t missions, Day before,
                             Draw& draw) {
  std::vector<Sim> cs;
  for (std::size_t m = 0; m < missions; ++m)
    for (std::size_t c = 0; c < pool.size(); ++c) {
      if (c % missions != m && !draw.percent(25)) continue;
      if (draw.percent(30)) {
        cs.push_back({m, pool[c], "", 0, false, before, true});
      } else {
        const auto n = 1 + draw.below(3);
        const auto first = draw.below(3);
        for (std::uint64_t i = 0; i < n; ++i)
          cs.push_back({m, pool[c], component_names[(first + i) % 3], 0, false, before, true});
      }
    }
  return cs;
}

// Every column of spec section 2, in its order.
const std::string log_header = header_line();

// The rows that change a contingent's tracks.
enum class Change { arrival, departure, report };

// Writes the rows, one phase a kind of row. The order of the draws is the
// order of the bytes: every phase draws exactly as the one function before it.
class Generator {
 public:
  Generator(const GenerateOptions& o, const std::vector<Country>& iso,
            const std::function<void(std::string_view)>& write)
      : o_(o), draw_(o.seed), out_(write) {
    const auto k = static_cast<std::size_t>(o.countries);
    const auto m = static_cast<std::size_t>(o.missions);
    const std::vector<Country> pool = pick_countries(iso, k, draw_);
    missions_ = mission_codes(m);
    cs_ = contingents(pool, m, o.from - date::days{1}, draw_);
    mission_total_.assign(m, 0);
  }

  void run() {
    out_.text(log_header);
    const auto span = static_cast<std::uint64_t>((o_.to - o_.from).count()) + 1;
    while (written_ < o_.rows) {
      const Day d = o_.from + date::days{static_cast<int>(
                                  static_cast<U128>(written_) * span / o_.rows)};
      Sim& c = cs_[draw_.below(cs_.size())];
      const Count size =
          5 + draw_.count_below(400) + (draw_.percent(10) ? draw_.count_below(1500) : 0);
      Row r;
      r.mission = c.mission;
      r.country = c.country;
      r.component = c.component;
      r.source = sources[draw_.below(sources.size())];
      r.date = Period::of_day(d);
      if (o_.plain) plain_row(c, r, size);
      else any_row(c, r, d, size);
    }
    out_.flush();
  }

 private:
  void emit(const Row& r) { out_.row(++written_, r, missions_); }

  // Confirmed, exact, day-dated arrivals and departures only.
  void plain_row(Sim& c, Row& r, Count size) {
    const bool depart = c.est > 0 && (c.est > 3000 || draw_.percent(50));
    const Count n = depart ? 1 + draw_.count_below(c.est) : size;
    r.kind = depart ? "departure" : "arrival";
    r.count = n;
    c.est += depart ? -n : n;
    c.last = r.date.last;
    emit(r);
  }

  void any_row(Sim& c, Row& r, Day d, Count size) {
    if (draw_.percent(1)) r.note = "figure rounded, per mission staff";
    if (draw_.percent(50)) r.recorded = later(d, draw_.count_below(46));
    const bool can_add = d > c.last || (d == c.last && c.last_additive);
    const bool can_set = d > c.last;
    const unsigned roll = static_cast<unsigned>(draw_.below(100));
    const bool pair_fits = o_.rows - written_ >= 2;
    if (roll >= 90 || (!can_add && roll >= 20)) {
      if (roll < 93 || !pair_fits) neutral_row(c, r, d, size);
      else if (roll < 96) planned_row(r, d, size);
      else mistaken_pair(c, r, d, size);
    } else if (!can_add) {
      neutral_row(c, r, d, size);
    } else {
      change_row(c, r, d, size, can_set, roll, pair_fits);
    }
  }

  // A row that changes no track: a pledge, or an observation of the mission.
  void neutral_row(const Sim& c, Row& r, Day d, Count size) {
    if (draw_.percent(50)) {
      r.kind = "pledge";
      r.component = draw_.percent(50) ? std::string_view{} : c.component;
      r.count = (size / 10 + 1) * 10;
      if (draw_.percent(20)) r.date = month_of(d);
      else if (draw_.percent(5)) r.date = {Day{d.ymd().year() / 1 / 1},
                                            Day{d.ymd().year() / 12 / 31},
                                            Precision::year};
    } else {
      // An observation: the mission's total, as a headline gives it.
      r.kind = "report";
      r.country = Country{};
      r.component = {};
      r.count = mission_total_[c.mission];
      if (draw_.percent(30)) { r.low = r.count * 9 / 10; r.high = r.count * 11 / 10 + 1; }
    }
    emit(r);
  }

  void planned_row(Row& r, Day d, Count size) {
    r.kind = "arrival";
    r.planned = true;
    r.date = Period::of_day(later(d, 30 + draw_.count_below(150)));
    r.recorded = d;
    r.count = size;
    emit(r);
  }

  // A mistaken row, then its retraction.
  void mistaken_pair(const Sim& c, Row& r, Day d, Count size) {
    r.kind = "arrival";
    r.count = size;
    r.recorded = d;
    emit(r);
    Row x;
    x.kind = "retraction";
    x.date = r.date;
    x.mission = c.mission;
    x.recorded = later(d, 1 + draw_.count_below(30));
    x.supersedes = written_;
    x.source = "duplicate of an earlier row";
    emit(x);
  }

  Change choose_change(const Sim& c, bool can_set, unsigned roll) {
    Change kind;
    if (c.est == 0 && !c.unbounded) kind = Change::arrival;
    else if (!can_set) kind = c.est > 0 && draw_.percent(50) ? Change::departure : Change::arrival;
    else if (roll < 35) kind = c.est > 3000 ? Change::departure : Change::arrival;
    else if (roll < 65) kind = c.est > 0 ? Change::departure : Change::arrival;
    else kind = Change::report;
    if (kind == Change::departure && c.est == 0) kind = Change::arrival;
    return kind;
  }

  // A row that changes the tracks, maybe after a mistaken figure it corrects.
  void change_row(Sim& c, Row& r, Day d, Count size, bool can_set, unsigned roll,
                  bool pair_fits) {
    const Change kind = choose_change(c, can_set, roll);
    const bool month =
        can_set && kind != Change::departure && draw_.percent(6) && month_of(d).first > c.last;
    if (month) r.date = month_of(d);
    const unsigned form = static_cast<unsigned>(draw_.below(100));
    switch (kind) {
      case Change::arrival: mission_total_[c.mission] += arrival(c, r, size, form); break;
      case Change::departure: mission_total_[c.mission] -= departure(c, r, form); break;
      case Change::report: mission_total_[c.mission] += report(c, r, form); break;
    }

    const bool additive = kind != Change::report && !month;
    if (r.date.last > c.last) c.last_additive = additive;
    else c.last_additive = c.last_additive && additive;
    c.last = std::max(c.last, r.date.last);

    if (roll >= 85 && pair_fits && kind != Change::departure) {
      // A mistaken figure first, corrected later by this row.
      Row wrong = r;
      wrong.count = r.count >= 0 ? r.count + 10 * (1 + draw_.count_below(9)) : r.count;
      if (wrong.count < 0) wrong.low = r.low + 10;
      if (wrong.high >= 0 && wrong.count > wrong.high) wrong.high = wrong.count;
      wrong.recorded = r.date.first;
      emit(wrong);
      r.supersedes = written_;
      r.recorded = later(r.date.first, 1 + draw_.count_below(20));
      r.note = "corrects an earlier figure";
    }
    emit(r);
  }

  // The value columns of an arrival of `size`; returns the estimate it adds.
  Count arrival(Sim& c, Row& r, Count size, unsigned form) {
    if (form >= 92) {  // size unknown: low only, the high unbounded
      r.low = size;
      c.unbounded = true;
    } else if (form >= 80) {
      r.count = size; r.low = size - size / 10; r.high = size + size / 5;
    } else {
      r.count = size;
    }
    r.kind = "arrival";
    c.est += size;
    return size;
  }

  // A departure of at most the estimate; returns the estimate it takes.
  Count departure(Sim& c, Row& r, unsigned form) {
    const Count e = 1 + draw_.count_below(c.est);
    r.count = e;
    if (form >= 85) {
      const Count l = e - draw_.count_below(e / 10 + 1);
      const Count h = e + draw_.count_below(e / 10 + 1);
      r.low = l;
      if (!draw_.percent(20)) r.high = h;  // else the high is unknown (blank)
    }
    r.kind = "departure";
    c.est -= e;
    return e;
  }

  // A report near the estimate; returns the new estimate (the old one is
  // taken off the mission's total here).
  Count report(Sim& c, Row& r, unsigned form) {
    const Count base = c.est + draw_.count_below(c.est / 10 + 1) - c.est / 20;
    const Count e = std::max<Count>(0, base);
    if (form >= 95) r.low = e;  // size unknown: low only, the high unbounded
    else if (form >= 85) { r.count = e; r.low = e - e / 10; r.high = e + e / 10; }
    else r.count = e;
    r.kind = "report";
    mission_total_[c.mission] -= c.est;
    c.est = e;
    c.unbounded = form >= 95;
    return e;
  }

  const GenerateOptions& o_;
  Draw draw_;
  Writer out_;
  std::vector<std::string> missions_;
  std::vector<Sim> cs_;
  std::vector<Count> mission_total_;
  std::size_t written_ = 0;
};

}  // namespace

void generate_log(const GenerateOptions& o, const std::function<void(std::string_view)>& write) {
  static const std::vector<Country> iso = iso_countries();
  check_options(o, iso.size());
  Generator{o, iso, write}.run();
}

std::string generate_log(const GenerateOptions& options) {
  std::string text;
  generate_log(options, [&](std::string_view s) { text.append(s); });
  return text;
}

}  // namespace muster
