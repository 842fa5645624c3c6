// What every command of the muster command shares: loading a log, the
// filters and view options, --by and --format (cli.md, "Common rules").
#pragma once

#include "output.hpp"

#include <muster/muster.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace muster::cli {

/// A usage error: exit 2 with a one-line message.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Exit status 1: the log was refused (already reported on stderr).
struct Refused {};

/// The options every query command takes.
struct QueryOptions {
  std::string log;
  std::string mission, country, component, as_of, by = "country", format;
  CLI::Option* mission_opt = nullptr;
  CLI::Option* country_opt = nullptr;
  CLI::Option* component_opt = nullptr;
  CLI::Option* as_of_opt = nullptr;
  bool include_planned = false;

  /// Adds LOG, the filters, --as-of, --include-planned, --format and (where
  /// `with_by`) --by to a command.
  void add_to(CLI::App& app, bool with_by);

  Filter filter() const;
  View view() const;
  GroupBy group_by() const;
  Format output_format() const;

  /// Every option checked at once (UsageError on the first bad one), before
  /// the log is read.
  struct Checked {
    Filter filter;
    View view;
    GroupBy by;
    Format format;
  };
  Checked check() const { return {filter(), view(), group_by(), output_format()}; }
};

/// Reads the log named on the command line; on refusal prints every error
/// (at most `max_errors_printed`, then a count) to stderr and throws Refused.
Log load(const std::string& path);
/// Prints a refusal's errors to stderr (at most `max_errors_printed`, then a count).
void report_refusal(const LogRefused& e);
inline constexpr std::size_t max_errors_printed = 100;

/// Parses a `YYYY-MM-DD` option value or throws UsageError naming the option.
Day day_option(const std::string& name, const std::string& value);

/// The key columns of a grouping and their cells for one key.
std::vector<std::string> key_columns(GroupBy by);
std::vector<Cell> key_cells(GroupBy by, const Contingent& key);

/// A group is listed when its high is above 0 or unbounded (cli.md).
inline bool listed(const Value& v) { return !v.bounded() || v.high > 0; }

}  // namespace muster::cli
