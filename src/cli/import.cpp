// muster import: a table of figures kept by others -> a version-1 log.
#include "commands.hpp"
#include "common.hpp"

#include <muster/csv.hpp>
#include <muster/import.hpp>

#include <fmt/format.h>

#include <memory>

namespace muster::cli {
namespace {

struct Args {
  std::vector<std::string> tables, aliases, counts, missing_when;
  ImportOptions o;
  std::string missing, delimiter, thousands, missing_as, absent_as, fractions, kind;
  CLI::Option* missing_opt = nullptr;
  CLI::Option *low_opt = nullptr, *high_opt = nullptr;
};

// "NAME=VALUE" split at its last '=' (`what` names the option, `form` its
// form, for errors).
std::pair<std::string, std::string> split_pair(const std::string& text, const char* what,
                                               const char* form) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError(fmt::format("{} '{}': expected {}", what, text, form));
  return {text.substr(0, eq), text.substr(eq + 1)};
}

char one_char(const std::string& text, const char* what) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() != 1)
    throw UsageError(fmt::format("{} '{}': expected one character (or 'tab')", what, text));
  return text[0];
}

// The options that are text on the command line, into the library's options.
void convert(Args& a) {
  // An empty --low or --high is not "not given": it names no column.
  for (auto [opt, value] : {std::pair{a.low_opt, &a.o.low_column}, {a.high_opt, &a.o.high_column}})
    if (opt->count() && trim_blanks(*value).empty())
      throw UsageError(fmt::format("{} '{}': names no column", opt->get_name(), *value));
  for (const auto& alias : a.aliases) {
    auto [name, code] = split_pair(alias, "--alias", "NAME=CODE");
    a.o.aliases[name] = code;
  }
  for (const auto& c : a.counts) {
    const auto eq = c.rfind('=');
    if (eq == std::string::npos) a.o.counts.push_back({c, std::nullopt});
    else if (eq == 0) throw UsageError(fmt::format("--count '{}': expected COL or COL=COMPONENT", c));
    else a.o.counts.push_back({c.substr(0, eq), c.substr(eq + 1)});
  }
  for (const auto& w : a.missing_when)
    a.o.missing_when.push_back(split_pair(w, "--missing-when", "COL=VALUE"));
  if (a.missing_opt->count()) {
    a.o.missing = {""};
    std::string_view rest = a.missing;
    for (auto comma = rest.find(',');; comma = rest.find(',')) {
      a.o.missing.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (!a.delimiter.empty()) a.o.delimiter = one_char(a.delimiter, "--delimiter");
  if (!a.thousands.empty()) a.o.thousands = one_char(a.thousands, "--thousands");
  if (a.missing_as == "unknown") a.o.missing_as = MissingAs::unknown;
  else if (a.missing_as == "skip") a.o.missing_as = MissingAs::skip;
  else if (a.missing_as == "zero") a.o.missing_as = MissingAs::zero;
  if (a.kind == "end") a.o.kind = Kind::end;
  if (a.fractions == "range") a.o.fractions = Fractions::range;
  else if (a.fractions == "round") a.o.fractions = Fractions::round;
  if (a.absent_as == "unknown") a.o.absent_as = AbsentAs::unknown;
  else if (a.absent_as == "zero") a.o.absent_as = AbsentAs::zero;
  else if (a.absent_as == "carry") a.o.absent_as = AbsentAs::carry;
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The first text cell of the log written that a spreadsheet would run as a
// formula, named once on standard error. The log is read by programs, so it
// stays exact: --spreadsheet-safe changes the csv output of the commands
// that read it, not the log.
void warn_formulas(const std::string& log_text) {
  CsvReader csv{std::string(log_text)};
  if (csv.next() != CsvReader::record) return;
  const std::vector<std::string> header(csv.fields().begin(), csv.fields().end());
  for (auto r = csv.next(); r == CsvReader::record; r = csv.next()) {
    const auto& f = csv.fields();
    for (std::size_t i = 0; i < f.size() && i < header.size(); ++i) {
      const std::string& name = header[i];
      if (name == "kind" || name == "date" || name == "count" || name == "low" || name == "high")
        continue;  // not text
      if (formula_like(f[i])) {
        warn_formula(name, fmt::format("the log written, line {}", csv.line()), f[i],
                     "import writes a log exactly as the table has it (--spreadsheet-safe "
                     "does not change a log); the csv output of the commands that read it "
                     "takes --spreadsheet-safe");
        return;
      }
    }
  }
}

// What the import did, on standard error.
void print_summary(const ImportResult& r) {
  tell("muster import: {} written ({} of unknown size), {} missing, {} absent, {} "
             "unknown\n", counted(r.rows_written, "row", "rows"), r.unknown_size,
             counted(r.figures_missing, "figure", "figures"),
             counted(r.keys_absent, "key", "keys"),
             counted(r.unknown_countries.size(), "country", "countries"));
  if (r.dates_blank)
    tell("muster import: skipped {} without a date\n", counted(r.dates_blank, "row", "rows"));
  for (const auto& kv : r.unknown_countries) {
    const UnknownCountry& u = kv.second;
    tell("muster import: {}; skipped {}, the first {} line {}\n", u.message,
         counted(u.rows, "row", "rows"), u.file, u.line);
  }
}

void add_options(CLI::App* cmd, Args& a) {
  cmd->add_option("TABLE", a.tables, "The tables (CSV with a header row)")->required();
  cmd->add_option("--date", a.o.date_column, "Column with YYYY-MM-DD, YYYY-MM or YYYY");
  cmd->add_option("--date-format", a.o.date_format,
                  "Read --date (or --wide's headers) with this format (%d-%b-%Y, %B %Y, ...)");
  cmd->add_flag("--wide", a.o.wide, "One column per date (every column no option names)");
  cmd->add_option("--ignore-column", a.o.ignore_columns,
                  "A column left out, such as a wide table's descriptive column (repeatable)");
  cmd->add_option("--year", a.o.year_column, "Column with the year");
  cmd->add_option("--month", a.o.month_column, "Column with the month (name, abbreviation or 1-12)");
  cmd->add_option("--quarter", a.o.quarter_column, "Column with the quarter (1-4)");
  cmd->add_option("--country", a.o.country_columns,
                  "Column naming the country; repeat to give fallbacks tried in order")
      ->take_all();
  cmd->add_option("--country-name", a.o.country_name,
                  "Every row's country; {file} is the table's file name without its "
                  "extension (one file per country)");
  cmd->add_option("--alias", a.aliases, "Extra spelling for a country: NAME=CODE (repeatable)");
  cmd->add_option("--count", a.counts,
                  "Column with the figure, COL1+COL2 for a sum, COL=COMPONENT (repeatable)");
  a.low_opt = cmd->add_option("--low", a.o.low_column, "Column with a lower bound");
  a.high_opt = cmd->add_option("--high", a.o.high_column, "Column with an upper bound");
  cmd->add_option("--thousands", a.thousands, "Thousands separator allowed in figures (1,000)");
  cmd->add_option("--fractions", a.fractions,
                  "A figure with a fraction (264.25), else an error: range (estimate rounded "
                  "half to even, low 264, high 265) or round")
      ->check(CLI::IsMember({"range", "round"}));
  cmd->add_option("--mission", a.o.mission, "The mission code, the same for every row");
  cmd->add_option("--mission-column", a.o.mission_column, "Column with the mission code");
  cmd->add_option("--component", a.o.component, "The component, the same for every row");
  cmd->add_option("--component-column", a.o.component_column, "Column with the component");
  cmd->add_option("--source-column", a.o.source_column, "Column quoted in each row's source");
  cmd->add_option("--delimiter", a.delimiter, "Field delimiter: , (default), ;, tab or |");
  a.missing_opt = cmd->add_option(
      "--missing", a.missing, "Comma-separated values that mean no figure (default: ,NA,N/A,..,-)");
  cmd->add_option("--missing-when", a.missing_when,
                  "COL=VALUE: such rows have no figure (repeatable)");
  cmd->add_option("--missing-as", a.missing_as, "A missing figure: unknown (default), skip, zero")
      ->check(CLI::IsMember({"unknown", "skip", "zero"}));
  cmd->add_option("--absent-as", a.absent_as,
                  "A key with no row on a later date: unknown (default), zero, carry")
      ->check(CLI::IsMember({"unknown", "zero", "carry"}));
  cmd->add_option("--kind", a.kind,
                  "The rows: report (default, figures) or end (each row ends its scope on its "
                  "date: a table of missions and their closing dates)")
      ->check(CLI::IsMember({"report", "end"}));
  cmd->add_option("--id-prefix", a.o.id_prefix, "Ids are this, the table's and the row's number");
  cmd->add_option("--recorded", a.o.recorded, "Every row's recorded day (YYYY-MM-DD)");
  cmd->add_flag("--skip-unknown-countries", a.o.skip_unknown_countries,
                "Skip rows whose country is unknown (listed on standard error)");
}

}  // namespace

void add_import_command(CLI::App& app, const Register& on_selected) {
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "import", "Turn tables of figures (one row per date and country) into a log of reports");
  cmd->footer(
      "Example (US troops by host country, quarterly):\n"
      "  muster import us-troops.csv --year year --month month --country iso3c \\\n"
      "      --country countryname --count troops_ad --mission US-DOD --source-column source \\\n"
      "      --missing-when source=NA --skip-unknown-countries > us-troops.log.csv\n"
      "Example (one file per country, IPI's NA for none, missions that close):\n"
      "  muster import countries/*.csv --country-name {file} --date date \\\n"
      "      --mission-column mission --count troops --missing-as zero --absent-as zero\n"
      "Recipes for other shapes of table: docs/import.md");
  add_options(cmd, *a);
  cmd->callback([=] {
    on_selected([=] {
      convert(*a);
      ImportResult r;
      try {
        r = import_tables(a->tables, a->o);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      } catch (const LogRefused& e) {
        report_refusal(e);
        throw Refused{};
      }
      put_csv_text(standard_output(), r.log_text);
      finish_standard_output();  // the log written whole before the summary
      print_summary(r);
      warn_formulas(r.log_text);
      return 0;
    });
  });
}

}  // namespace muster::cli
