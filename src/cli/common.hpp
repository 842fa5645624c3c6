// What every command of the muster command shares: loading a log, the
// filters and view options, --by and --format (cli.md, "Common rules").
#pragma once

#include "output.hpp"

#include <muster/muster.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string_view>
#include <utility>
#include <vector>
#include <stdexcept>
#include <string>

namespace muster::cli {

/// A usage error: exit 2 with a one-line message.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Exit status 1: the log was refused (already reported on stderr).
struct Refused {};

/// A log a command read, and the formula warning's origin (output.hpp)
/// while it lives. Returned as a prvalue, never moved:
/// `const LoadedLog in = o->load(); const Log& log = in.log;`.
struct LoadedLog {
  explicit LoadedLog(Log l) : log(std::move(l)) {}
  LoadedLog(const LoadedLog&) = delete;
  LoadedLog& operator=(const LoadedLog&) = delete;
  const Log log;

 private:
  FormulaOrigin origin_{log};
};

/// The options every query command takes.
struct QueryOptions {
  std::string log;
  std::vector<std::string> missions, countries, components;  // each filter repeatable
  std::string as_of, by = "country", format, stale_after;
  CLI::Option* as_of_opt = nullptr;
  CLI::Option* stale_opt = nullptr;
  bool include_planned = false;
  bool parts_only = false;  // --parts-only: spec section 5 alone

  /// Adds LOG, the filters, --as-of, --include-planned, --format, (where
  /// `with_by`) --by and (where `with_stale`) --stale-after to a command.
  void add_to(CLI::App& app, bool with_by, bool with_stale = false);

  Filter filter() const;
  Vantage view() const;
  GroupBy group_by() const;
  Format output_format() const;
  /// --stale-after, or nullopt when not given; UsageError when malformed.
  std::optional<StaleAfter> stale() const;
  /// Reads the log (as `load`) and warns on stderr of every filter value that
  /// matches no row of it (cli.md, common rules).
  LoadedLog load() const;

  /// Every option checked at once (UsageError on the first bad one), before
  /// the log is read.
  struct Checked {
    Filter filter;
    Vantage view;
    GroupBy by;
    Format format;
  };
  Checked check() const {
    Checked c{filter(), view(), group_by(), output_format()};
    (void)stale();
    return c;
  }
};

/// The warnings `QueryOptions::load` prints: one line for each filter value
/// that no row of `log` has (`muster: warning: no row of FILE has mission
/// 'UNMISS' (its missions: MSS)`), with `did you mean` where a value of the
/// log is close.
std::vector<std::string> unmatched_filter_warnings(const Log& log, const Filter& filter);

/// Of `candidates`, the one closest to `word`: equal but for case, else the
/// nearest by edit distance within a small bound (1 for words of up to 4
/// bytes, 2 up to 8, else 3); nullopt when none is that close.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

/// `--from` on or before `--to`, both days; else UsageError.
std::pair<Day, Day> day_range(const std::string& from, const std::string& to);

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
inline bool listed(const Value& v) { return !v.none(); }

}  // namespace muster::cli
