// muster generate: a made-up log of realistic shape on standard output
// (muster/generate.hpp).
#include "commands.hpp"
#include "common.hpp"

#include <muster/csv.hpp>
#include <muster/generate.hpp>

#include <cstdio>
#include <memory>

namespace muster::cli {

void add_generate_command(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<GenerateOptions>();
  auto from = std::make_shared<std::string>("1990-01-01");
  auto to = std::make_shared<std::string>("2025-12-31");
  auto* cmd = app.add_subcommand(
      "generate", "Write a made-up, valid log of realistic shape (the same options give the same bytes)");
  // Checked as a signed number, so that -1 is refused rather than wrapped;
  // at most the rows a log may have (docs/limits.md).
  constexpr long long max_rows = static_cast<long long>(CsvReader::max_records - 1);
  cmd->add_option("--rows", o->rows, "Number of data rows (1 to 20,000,000)")
      ->required()
      ->check(CLI::Range(1LL, max_rows));
  cmd->add_option("--seed", o->seed, "Seed of the generator")->capture_default_str();
  cmd->add_option("--countries", o->countries, "Number of contributing countries")
      ->capture_default_str()->check(CLI::Range(1, 249));
  cmd->add_option("--missions", o->missions, "Number of missions")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--from", *from, "First effective date (YYYY-MM-DD)")->capture_default_str();
  cmd->add_option("--to", *to, "Last effective date (YYYY-MM-DD)")->capture_default_str();
  cmd->add_flag("--plain", o->plain,
                "Only confirmed, exact, day-dated arrivals and departures");
  cmd->callback([=] {
    on_selected([=] {
      GenerateOptions opts = *o;
      opts.from = day_option("--from", *from);
      opts.to = day_option("--to", *to);
      if (opts.to < opts.from) throw UsageError("--to is before --from");
      try {
        // Pieces of whole rows; a failed write stops the generator (WriteFailed).
        generate_log(opts, [](std::string_view s) { put_csv_text(standard_output(), s); });
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      return 0;  // run() writes out the rest and checks it
    });
  });
}

}  // namespace muster::cli
