// muster import: a table of figures kept by others -> a version-1 log.
#include "commands.hpp"
#include "common.hpp"

#include <muster/import.hpp>

#include <fmt/format.h>

#include <memory>

namespace muster::cli {

void add_import_command(CLI::App& app, const Register& on_selected) {
  struct Args {
    std::vector<std::string> tables, aliases;
    ImportOptions o;
    std::string missing;
    CLI::Option* missing_opt = nullptr;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "import", "Turn tables of figures (one row per date and country) into a log of reports");
  cmd->footer(
      "Example (US troops by host country, quarterly):\n"
      "  muster import us-troops.csv --year year --month month --country iso3c \\\n"
      "      --country countryname --count troops_ad --mission US-DOD --source-column source \\\n"
      "      --skip-unknown-countries > us-troops.log.csv");
  cmd->add_option("TABLE", a->tables, "The tables (CSV with a header row)")->required();
  cmd->add_option("--date", a->o.date_column, "Column with YYYY-MM-DD, YYYY-MM or YYYY");
  cmd->add_option("--year", a->o.year_column, "Column with the year");
  cmd->add_option("--month", a->o.month_column, "Column with the month (name or 1-12)");
  cmd->add_option("--quarter", a->o.quarter_column, "Column with the quarter (1-4)");
  cmd->add_option("--country", a->o.country_columns,
                  "Column naming the country; repeat to give fallbacks tried in order")
      ->take_all();
  cmd->add_option("--alias", a->aliases, "Extra spelling for a country: NAME=CODE (repeatable)");
  cmd->add_option("--count", a->o.count_column, "Column with the figure");
  cmd->add_option("--low", a->o.low_column, "Column with a lower bound");
  cmd->add_option("--high", a->o.high_column, "Column with an upper bound");
  cmd->add_option("--mission", a->o.mission, "The mission code, the same for every row");
  cmd->add_option("--mission-column", a->o.mission_column, "Column with the mission code");
  cmd->add_option("--component", a->o.component, "The component, the same for every row");
  cmd->add_option("--component-column", a->o.component_column, "Column with the component");
  cmd->add_option("--source-column", a->o.source_column, "Column quoted in each row's source");
  a->missing_opt = cmd->add_option("--missing", a->missing,
                                   "Comma-separated values that mean no figure (default: NA,N/A,..,-)");
  cmd->add_flag("--skip-unknown-countries", a->o.skip_unknown_countries,
                "Skip rows whose country is unknown (listed on standard error)");
  cmd->callback([=] {
    on_selected([=] {
      for (const auto& alias : a->aliases) {
        const auto eq = alias.find('=');
        if (eq == std::string::npos || eq == 0)
          throw UsageError(fmt::format("--alias '{}': expected NAME=CODE", alias));
        a->o.aliases[alias.substr(0, eq)] = alias.substr(eq + 1);
      }
      if (a->missing_opt->count()) {
        a->o.missing = {""};
        std::string_view rest = a->missing;
        for (auto comma = rest.find(','); ; comma = rest.find(',')) {
          a->o.missing.emplace_back(rest.substr(0, comma));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
      ImportResult r;
      try {
        r = import_tables(a->tables, a->o);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      } catch (const LogRefused& e) {
        report_refusal(e);
        throw Refused{};
      }
      std::fwrite(r.log_text.data(), 1, r.log_text.size(), stdout);
      std::fflush(stdout);
      fmt::print(stderr, "muster import: {} reports written, {} rows without a figure skipped\n",
                 r.rows_written, r.skipped_missing);
      for (const auto& [spelling, n] : r.unknown_countries)
        fmt::print(stderr, "muster import: skipped {} rows of unknown country '{}'\n", n, spelling);
      return 0;
    });
  });
}

}  // namespace muster::cli
