#include "common.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <unistd.h>

namespace muster::cli {

void QueryOptions::add_to(CLI::App& app, bool with_by, bool with_stale) {
  app.add_option("LOG", log, "The event log (a version-1 CSV file); - reads standard input")
      ->required();
  // One value an occurrence, any number of occurrences: alternatives.
  auto repeatable = [&](const char* name, std::vector<std::string>& into, const char* help) {
    app.add_option(name, into, help)->expected(1)->take_all()->allow_extra_args(false);
  };
  repeatable("--mission", missions,
             "Only this mission (e.g. MSS); repeat for several (any of them)");
  repeatable("--country", countries,
             "Only this country (code or name); repeat for several (any of them)");
  repeatable("--component", components,
             "Only this component, \"\" for unspecified; repeat for several (any of them)");
  if (with_stale)
    stale_opt = app.add_option(
        "--stale-after", stale_after,
        "A contingent whose latest figure ended more than N before the day is stale: low 0, "
        "high unbounded, estimate kept (N days, or Nd, Nw, Nm, Ny); table output shows the "
        "day of its last figure");
  as_of_opt = app.add_option("--as-of", as_of, "What was known at the end of this day (YYYY-MM-DD)");
  app.add_flag("--include-planned", include_planned, "Count planned rows too");
  app.add_flag("--parts-only", parts_only,
               "Answer by spec section 5 alone: each group the sum of its contingents, reports of a "
               "whole mission or country left out (by default they bound what they cover and the "
               "personnel no contingent accounts for are counted as unattributed; docs/totals.md)");
  if (with_by)
    app.add_option("--by", by, "Group by country, mission, component, contingent or total")
        ->capture_default_str();
  app.add_option("--format", format, "table, csv or json (default: table on a terminal, else csv)");
}

Filter QueryOptions::filter() const {
  Filter f;
  for (const std::string& m : missions) f.mission.add(m);
  for (const std::string& c : countries) {
    const CountryLookup found = Country::lookup(c);
    if (!found.country) throw UsageError("--country: " + found.message(c));
    f.country.add(*found.country);
  }
  for (const std::string& c : components) f.component.add(c);
  return f;
}

std::optional<StaleAfter> QueryOptions::stale() const {
  if (!stale_opt || !stale_opt->count()) return std::nullopt;
  if (auto s = parse_stale_after(stale_after)) return s;
  throw UsageError(fmt::format(
      "--stale-after: '{}' is not a length of time (expected N days, or Nd, Nw, Nm or Ny, N a "
      "whole number up to {})",
      stale_after, StaleAfter::max_amount));
}

LoadedLog QueryOptions::load() const {
  const Filter f = filter();
  Log l = cli::load(log);
  for (const std::string& w : unmatched_filter_warnings(l, f)) tell("{}\n", w);
  return LoadedLog(std::move(l));
}

namespace {

// The values of one field over the rows of a log, sorted, each once, as the
// warning shows them; and the filter's values that none of them is.
struct Field {
  const char* name;    // mission
  const char* plural;  // missions
  std::vector<std::string> log_values, wanted;
  std::vector<std::string> names;  // countries: their names, for `did you mean`
};

std::string shown(const Field& f, const std::string& value) {
  return value.empty() && std::string_view(f.name) == "component" ? "\"\"" : value;
}

std::string warning(const std::string& file, const Field& f, const std::string& value) {
  constexpr std::size_t listed_at_most = 5;
  std::string list;
  for (std::size_t i = 0; i < f.log_values.size() && i < listed_at_most; ++i)
    list += (i ? ", " : "") + shown(f, f.log_values[i]);
  if (f.log_values.size() > listed_at_most)
    list += fmt::format(" and {} more", f.log_values.size() - listed_at_most);
  if (list.empty()) list = "none";
  std::string text = fmt::format("muster: warning: no row of {} has {} '{}' (its {}: {})", file,
                                 f.name, value, f.plural, list);
  if (f.names.empty()) {
    if (auto near = closest(value, f.log_values))
      text += fmt::format("; did you mean '{}'?", shown(f, *near));
  } else if (auto wanted = Country::find(value)) {
    if (auto near = closest(wanted->name(), f.names)) {
      const auto at = static_cast<std::size_t>(
          std::find(f.names.begin(), f.names.end(), *near) - f.names.begin());
      text += fmt::format("; did you mean '{}' ({})?", f.log_values[at], *near);
    }
  }
  return text;
}

}  // namespace

std::vector<std::string> unmatched_filter_warnings(const Log& log, const Filter& filter) {
  std::vector<std::string> out;
  if (filter.everything()) return out;
  // The contingents of rows other than retractions (whose key has no
  // country and no component, which would pass for a blank component).
  const auto keys = log.contingents();
  std::vector<bool> used(keys.size(), false);
  for (std::size_t i = 0; i < log.size(); ++i) {
    const Log::RowFacts r = log.facts(i);
    if (r.kind != Kind::retraction) used[r.contingent] = true;
  }
  Field fields[] = {{"mission", "missions", {}, {}, {}},
                    {"country", "countries", {}, {}, {}},
                    {"component", "components", {}, {}, {}}};
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (!used[k]) continue;
    if (!keys[k].mission.empty()) fields[0].log_values.push_back(keys[k].mission);
    if (keys[k].country.ok()) fields[1].log_values.emplace_back(keys[k].country.code());
    fields[2].log_values.push_back(keys[k].component);
  }
  for (Field& f : fields) {
    std::sort(f.log_values.begin(), f.log_values.end());
    f.log_values.erase(std::unique(f.log_values.begin(), f.log_values.end()), f.log_values.end());
  }
  for (const std::string& c : fields[1].log_values)
    fields[1].names.emplace_back(Country::find(c)->name());
  fields[0].wanted = filter.mission.values();
  for (const Country& c : filter.country.values()) fields[1].wanted.emplace_back(c.code());
  fields[2].wanted = filter.component.values();
  for (const Field& f : fields)
    for (const std::string& v : f.wanted)
      if (!std::binary_search(f.log_values.begin(), f.log_values.end(), v))
        out.push_back(warning(log.file(), f, v));
  return out;
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string folded = fold_name(word);
  const std::size_t bound = folded.size() <= 4 ? 1 : folded.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = bound + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(folded, fold_name(c), bound);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::pair<Day, Day> day_range(const std::string& from, const std::string& to) {
  const Day d1 = day_option("--from", from), d2 = day_option("--to", to);
  if (d2 < d1)
    throw UsageError(fmt::format("--from {} is after --to {}", from, to));
  return {d1, d2};
}

Vantage QueryOptions::view() const {
  Vantage v;
  v.include_planned = include_planned;
  v.parts_only = parts_only;
  if (as_of_opt && as_of_opt->count()) v.as_of = day_option("--as-of", as_of);
  return v;
}

GroupBy QueryOptions::group_by() const {
  if (auto g = parse_group_by(by)) return *g;
  throw UsageError(fmt::format(
      "--by: '{}' is not one of country, mission, component, contingent, total", by));
}

Format QueryOptions::output_format() const {
  if (format.empty()) return isatty(STDOUT_FILENO) ? Format::table : Format::csv;
  if (auto f = parse_format(format)) return *f;
  throw UsageError(fmt::format("--format: '{}' is not one of table, csv, json", format));
}

Log load(const std::string& path) {
  try {
    return read_log(path);
  } catch (const LogRefused& e) {
    report_refusal(e);
    throw Refused{};
  }
}

void report_refusal(const LogRefused& e) {
  const auto& d = e.diagnostics();
  for (std::size_t i = 0; i < d.size() && i < max_errors_printed; ++i)
    tell("{}\n", d[i].to_string());
  if (d.size() > max_errors_printed)
    tell("{}: ... and {} more errors\n", d.front().file, d.size() - max_errors_printed);
}

Day day_option(const std::string& name, const std::string& value) {
  if (auto d = parse_day(value)) return *d;
  throw UsageError(fmt::format("{}: '{}' is not a day (expected YYYY-MM-DD, a real date, year "
                               "{}-{})", name, value, min_year, max_year));
}

std::vector<std::string> key_columns(GroupBy by) {
  switch (by) {
    case GroupBy::country: return {"country"};
    case GroupBy::mission: return {"mission"};
    case GroupBy::component: return {"component"};
    case GroupBy::contingent: return {"mission", "country", "component"};
    case GroupBy::total: return {};
  }
  return {};
}

std::vector<Cell> key_cells(GroupBy by, const Contingent& k) {
  const std::string country(k.country.code());
  switch (by) {
    case GroupBy::country: return {country};
    case GroupBy::mission: return {k.mission};
    case GroupBy::component: return {k.component};
    case GroupBy::contingent: return {k.mission, country, k.component};
    case GroupBy::total: return {};
  }
  return {};
}

}  // namespace muster::cli
