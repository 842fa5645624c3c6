// The Kenya-led Multinational Security Support mission in Haiti (MSS), as one
// January 2025 news article tells it: a briefing to read in a minute.
//
// Loads mss.csv (every figure of the article as a row that quotes its
// sentence) through muster's public API and prints who was there on chosen
// days, what was planned, how far Kenya is from its pledge, where the article
// disagrees with itself, and the rows behind every headline number.
//
//     haiti_mss                 # reads the mss.csv next to this file
//     haiti_mss path/to/mss.csv
#include <muster/muster.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#ifndef HAITI_MSS_CSV
#define HAITI_MSS_CSV "mss.csv"
#endif

namespace {

using muster::Count;
using muster::Day;
using muster::Value;
using muster::range_text;  // "617", "617 or more", "?", "780 to 799", "-" (muster/format.hpp)

constexpr int width = 78;

Day day(const char* text) { return *muster::parse_day(text); }

muster::Filter only(const muster::Country& c) {
  muster::Filter f;
  f.country = c;
  return f;
}

/// The contingents' own rows (spec section 5), planned rows counted.
muster::Vantage counting_plans() {
  muster::Vantage v;
  v.include_planned = true;
  v.parts_only = true;
  return v;
}

/// "GSU, ASTU and SWAT".
std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

/// "19 Jan 2025".
std::string pretty(Day d) {
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const date::year_month_day ymd = d.ymd();
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

/// A row's own figure: "217", "size not given", "780 to 799".
std::string figure(const Value& v) {
  if (!v.bounded() && v.low == 0) return "size not given";
  return range_text(v);
}

/// A range from 0 as a briefing says it: "at most 182"; else range_text's.
std::string at_most(const Value& v) {
  if (v.bounded() && v.low == 0 && v.high > 0) return "at most " + muster::with_thousands(v.high);
  return range_text(v);
}

/// Prints text wrapped at `width`, every line indented by `indent`.
void wrapped(std::string_view text, std::size_t indent) {
  const std::string pad(indent, ' ');
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    if (!line.empty() && indent + line.size() + 1 + word.size() > static_cast<std::size_t>(width)) {
      fmt::print("{}{}\n", pad, line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  if (!line.empty()) fmt::print("{}{}\n", pad, line);
}

void heading(std::string_view title) { fmt::print("\n{}\n{}\n", title, std::string(title.size(), '-')); }

/// The rows behind one number, each with its sentence.
void rows_behind(const muster::Explanation& why, bool only_planned = false) {
  for (const auto& s : why.steps) {
    if (only_planned && s.row.status != muster::Status::planned) continue;
    fmt::print("  {:<10}  {:<8} {:<15} -> {:<12} {}\n", muster::to_string(s.row.date),
               muster::to_string(s.row.kind), figure(s.row.value), s.after ? range_text(*s.after) : std::string(),
               s.row.id);
    wrapped(fmt::format("\u201c{}\u201d", s.row.source), 6);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : HAITI_MSS_CSV;
  muster::Log log;
  try {
    log = muster::read_log(path);
  } catch (const muster::LogRefused& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", d);
    return 1;
  }
  const auto ken = muster::Country::find("Kenya");
  muster::Filter kenya = only(*ken);
  kenya.mission = "MSS";
  const std::vector<Day> days = {day("2024-06-30"), day("2025-01-17"), day("2025-01-19")};
  const Day after_plan = day("2025-01-27");

  // First what the contingents' own rows say (spec section 5 alone) ...
  const muster::Timeline seen{log, muster::Vantage{.parts_only = true}};
  const muster::Timeline with_plans{log, counting_plans()};
  // ... then the default, spec section 8: a report of the whole mission
  // bounds its contingents.
  const muster::Timeline totals{log};

  fmt::print("THE KENYA-LED SECURITY MISSION IN HAITI (MSS), AS ONE ARTICLE TELLS IT\n");
  wrapped(fmt::format("Nairobi News, January 2025: undated, dated 20 Jan 2025 from its text "
                      "(see the note of row ken-began). {} rows in {}; every figure quotes its "
                      "sentence.",
                      log.events().size(), path),
          0);

  // --- In short -------------------------------------------------------------------
  {
    const Value kenya_now = seen.strength(days.back(), kenya);
    int unknown_size = 0;
    for (const auto& g : seen.strength_by(muster::GroupBy::country, days.back()))
      if (g.key.country != *ken && !g.value.bounded()) ++unknown_size;
    const Value kenya_planned = with_plans.strength(after_plan, kenya);
    std::string pledge;
    for (const auto& p : seen.pledges(days.back(), kenya))
      if (p.fulfilment())
        pledge = fmt::format(" ({:.1f}% of the {} Kenya pledged)", *p.fulfilment() * 100,
                             muster::with_thousands(p.pledged));
    std::optional<Day> due;
    for (const auto& e : log.events())
      if (e.status == muster::Status::planned && e.country == ken && (!due || e.date.first < *due))
        due = e.date.first;
    std::string disagreement;
    for (const auto& f : muster::reconcile(log, {}, seen.view()).figures)
      if (f.verdict() == muster::Verdict::conflicts)
        disagreement += fmt::format(" The article's own \"{}\" is {} off its arithmetic ({}).",
                                    range_text(f.stated), muster::with_thousands(f.difference() < 0
                                                                         ? -f.difference()
                                                                         : f.difference()),
                                    range_text(f.tracks));
    fmt::print("\n");
    wrapped(fmt::format("In short: {} Kenyan police in Haiti on {}{}, beside contingents from {} "
                        "other countries whose size the article does not give. {} more "
                        "Kenyans are due on {}.{}",
                        range_text(kenya_now), pretty(days.back()), pledge, unknown_size,
                        muster::with_thousands(kenya_planned.estimate - kenya_now.estimate),
                        due ? pretty(*due) : std::string("?"), disagreement),
            0);
  }

  // --- Who was there ---------------------------------------------------------
  heading("Who was there (strength at the end of the day)");
  std::map<muster::Country, std::set<std::string>> components;
  for (const auto& c : with_plans.contingents()) components[c.country].insert(c.component);
  std::vector<muster::Country> countries;
  for (const auto& [c, _] : components) countries.push_back(c);
  std::stable_sort(countries.begin(), countries.end(), [&](auto a, auto b) {
    const Count x = seen.strength(days.back(), only(a)).estimate;
    const Count y = seen.strength(days.back(), only(b)).estimate;
    return x != y ? x > y : a.name() < b.name();
  });
  fmt::print("  {:<28}", "");
  for (Day d : days) fmt::print("{:>13}", pretty(d));
  fmt::print("{:>14}\n", pretty(after_plan) + "*");
  for (const auto& c : countries) {
    std::string units;
    for (const auto& u : components[c]) units += (units.empty() ? "" : ", ") + u;
    fmt::print("  {:<28}", fmt::format("{} ({})", c.name(), units));
    for (Day d : days) fmt::print("{:>13}", range_text(seen.strength(d, only(c))));
    fmt::print("{:>14}\n", range_text(with_plans.strength(after_plan, only(c))));
  }
  fmt::print("  {:<28}", "All contingents");
  for (Day d : days) fmt::print("{:>13}", range_text(seen.strength(d)));
  fmt::print("{:>14}\n", range_text(with_plans.strength(after_plan)));
  fmt::print("  ? present, size not given    - no row places them there yet\n"
             "  * counting what was planned for 26 Jan 2025\n");

  // --- Headline numbers and the rows behind them -------------------------------
  heading("The headline numbers, and the rows behind them");
  const auto now = muster::explain(log, days.back(), kenya);
  fmt::print("{} Kenyan police in Haiti on {}:\n", range_text(now.strength), pretty(days.back()));
  rows_behind(now);
  const auto planned = muster::explain(log, after_plan, kenya, counting_plans());
  fmt::print("\n{} on {} if the planned arrivals come:\n", range_text(planned.strength),
             pretty(after_plan));
  fmt::print("  (the rows above, then)\n");
  rows_behind(planned, true);

  // --- What was planned and when --------------------------------------------------
  heading("What was planned, and when");
  for (const auto& e : log.events()) {
    if (e.status != muster::Status::planned) continue;
    fmt::print("  {}  {} {} from {} ({} {}, row {})\n", pretty(e.date.first), figure(e.value),
               e.component, e.country ? e.country->name() : "every country",
               muster::to_string(e.status), muster::to_string(e.kind), e.id);
  }
  std::vector<std::string> units;
  for (const auto& e : log.events()) {
    if (e.kind != muster::Kind::pledge || e.value.low != 0 || e.value.bounded()) continue;
    std::string unit{e.component};
    for (char& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    units.push_back(unit);
  }
  if (!units.empty())
    wrapped(fmt::format("Promised with no size and no date: more Kenyan officers from the {} "
                        "units (pledges of unknown size).",
                        listed(units)),
            2);

  // --- Pledge fulfilment ----------------------------------------------------------
  heading("Kenya's pledge");
  for (const auto& [label, t, d] :
       {std::tuple{"present", &seen, days.back()}, std::tuple{"with the plans", &with_plans, after_plan}}) {
    for (const auto& p : t->pledges(d, kenya)) {
      if (p.pledged == 0) continue;
      fmt::print("  {:<15} {:>5} of {:>5} pledged on {}: {:5.1f}%, {} short\n", label,
                 muster::with_thousands(p.present), muster::with_thousands(p.pledged), pretty(d),
                 *p.fulfilment() * 100, muster::with_thousands(std::max<Count>(0, p.pledged - p.present)));
    }
  }
  if (const auto pledge = log.find("ken-pledge-1000"))
    wrapped(fmt::format("\u201c{}\u201d", pledge->source), 2);

  // --- Where the sources disagree ------------------------------------------------
  heading("Where the article disagrees with itself");
  const auto checked = muster::reconcile(log, {}, seen.view());  // held against the contingents
  for (const auto& f : checked.figures) {
    const auto v = f.verdict();
    if (v == muster::Verdict::conflicts) {
      wrapped(fmt::format("{} says {} on {}; the other rows give {}: {:+}, and the ranges do not "
                          "overlap.",
                          f.row.id, range_text(f.stated), pretty(f.day), range_text(f.tracks),
                          f.difference()),
              2);
      wrapped(fmt::format("\u201c{}\u201d", f.row.source), 6);
    } else if (v == muster::Verdict::differs && f.observation) {
      wrapped(fmt::format("{} says {} on {}; the contingents add up to {}.", f.row.id,
                          range_text(f.stated), pretty(f.day), range_text(f.tracks)),
              2);
      // What the contingents of unknown size must number for both to hold,
      // from the library: a Timeline that counts totals (spec section 8)
      // narrows each of them by the total, and counts what the total holds
      // beyond every contingent of the log as unattributed personnel.
      std::vector<muster::Country> unknown_countries;
      int unknown = 0;
      for (const auto& c : seen.contingents()) {
        if (c.mission != f.row.mission || (f.row.country && c.country != f.row.country)) continue;
        if (seen.strength(c, f.day).bounded()) continue;
        ++unknown;
        if (std::find(unknown_countries.begin(), unknown_countries.end(), c.country) == unknown_countries.end())
          unknown_countries.push_back(c.country);
      }
      muster::Filter whole;
      whole.mission = std::string(f.row.mission);
      if (f.row.country) whole.country = *f.row.country;
      const Value counted = totals.strength(f.day, whole);
      if (unknown > 0 && !f.row.country) {
        // The countries of unknown size and the mission's own unattributed
        // personnel (a blank country), together.
        muster::Filter them;
        them.mission = whole.mission;
        them.country = muster::Country{};
        std::vector<std::string> each;
        for (const auto& c : unknown_countries) {
          them.country.add(c);
          muster::Filter one;
          one.mission = whole.mission;
          one.country = c;
          each.push_back(fmt::format("{} {}", c.name(), at_most(totals.strength(f.day, one))));
        }
        std::string unattributed = "none";
        for (const auto& g : totals.strength_by(muster::GroupBy::country, f.day, whole))
          if (g.unattributed && !g.key.country.ok()) unattributed = at_most(g.value);
        wrapped(fmt::format("Both hold if the {} contingents of unknown size, from {} countries, "
                            "and the personnel the total finds in no contingent number {} together "
                            "(each country: {}; the unattributed: {}).",
                            unknown, unknown_countries.size(), range_text(totals.strength(f.day, them)),
                            listed(each), unattributed),
                6);
      }
      wrapped(fmt::format("Counting the total, the mission numbers {} on {} (estimate {}).",
                          range_text(counted), pretty(f.day), muster::with_thousands(counted.estimate)),
              6);
      wrapped(fmt::format("\u201c{}\u201d", f.row.source), 6);
    }
  }
  fmt::print("\nEvery row, its sentence and the reasoning behind it: {}\n", path);
  return 0;
}
