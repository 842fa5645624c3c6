#include "common.hpp"

#include <fmt/format.h>

#include <unistd.h>

namespace muster::cli {

void QueryOptions::add_to(CLI::App& app, bool with_by) {
  app.add_option("LOG", log, "The event log (a version-1 CSV file); - reads standard input")
      ->required();
  mission_opt = app.add_option("--mission", mission, "Only this mission (e.g. MSS)");
  country_opt = app.add_option("--country", country, "Only this country (code or name)");
  component_opt = app.add_option("--component", component,
                                 "Only this component; \"\" for unspecified");
  as_of_opt = app.add_option("--as-of", as_of, "What was known at the end of this day (YYYY-MM-DD)");
  app.add_flag("--include-planned", include_planned, "Count planned rows too");
  if (with_by)
    app.add_option("--by", by, "Group by country, mission, component, contingent or total")
        ->capture_default_str();
  app.add_option("--format", format, "table, csv or json (default: table on a terminal, else csv)");
}

Filter QueryOptions::filter() const {
  Filter f;
  if (mission_opt && mission_opt->count()) f.mission = mission;
  if (country_opt && country_opt->count()) {
    const CountryLookup found = Country::lookup(country);
    if (!found.country) throw UsageError("--country: " + found.message(country));
    f.country = found.country;
  }
  if (component_opt && component_opt->count()) f.component = component;
  return f;
}

View QueryOptions::view() const {
  View v;
  v.include_planned = include_planned;
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
    fmt::print(stderr, "{}\n", d[i].to_string());
  if (d.size() > max_errors_printed)
    fmt::print(stderr, "{}: ... and {} more errors\n", d.front().file, d.size() - max_errors_printed);
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
