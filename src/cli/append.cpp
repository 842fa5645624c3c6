// muster append | correct | retract (cli.md): one row added at the end of a
// log, the durable way (muster::append_row, docs/durability.md). The options
// only fill the row's cells; the library's validator judges the row.
#include "commands.hpp"
#include "common.hpp"

#include <muster/write.hpp>

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace muster::cli {
namespace {

/// One option that fills one cell of the new row.
struct CellOption {
  const char* column;     ///< the log column it fills
  std::string value;
  CLI::Option* option = nullptr;
  bool given() const { return option != nullptr && option->count() > 0; }
};

/// The options of one command, each bound to its column.
struct RowOptions {
  std::string log, target;  // target: the ID operand of correct and retract
  std::vector<std::unique_ptr<CellOption>> cells;
  std::vector<std::string> extra;  // --x NAME=VALUE

  void add(CLI::App& cmd, const char* column, const char* help) {
    cells.push_back(std::make_unique<CellOption>(CellOption{column, {}, nullptr}));
    CellOption& c = *cells.back();
    c.option = cmd.add_option(std::string("--") + column, c.value, help);
  }
  const CellOption* find(std::string_view column) const {
    for (const auto& c : cells)
      if (column == c->column) return c.get();
    return nullptr;
  }
  /// The value given for `column`, or nullopt where the option was not given.
  std::optional<std::string> given(std::string_view column) const {
    const CellOption* c = find(column);
    return c && c->given() ? std::optional<std::string>(c->value) : std::nullopt;
  }
};

std::string* cell_of(RowCells& r, std::string_view column) {
  const std::optional<Column> c = parse_column(column);
  return c ? &cell(r, *c) : nullptr;
}

/// The user column that `--x NAME=VALUE` names: `x_NAME` (NAME may already
/// begin with `x_`), and its value.
std::pair<std::string, std::string> extra_cell(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError(fmt::format("--x: '{}' is not NAME=VALUE", arg));
  std::string name = arg.substr(0, eq);
  if (name.rfind("x_", 0) != 0) name = "x_" + name;
  return {std::move(name), arg.substr(eq + 1)};
}

/// Today where the command runs (its local time zone).
Day today() {
  const std::time_t now = std::time(nullptr);
  std::tm t{};
  localtime_r(&now, &t);
  return Day{date::year{t.tm_year + 1900} / (t.tm_mon + 1) / t.tm_mday};
}

/// The id as the acknowledgement gives it: as it is, or, where it holds a
/// control character (a line end, a tab), a double quote or a backslash, in
/// double quotes with C escapes (`\n`, `\r`, `\t`, `\"`, `\\`, `\xHH`), so
/// that the answer is always one line `ID LINE` (cli.md, `append`).
std::string acknowledged_id(const std::string& id) {
  const auto plain = [](unsigned char c) { return c >= 0x20 && c != 0x7f && c != '"' && c != '\\'; };
  if (std::all_of(id.begin(), id.end(), [&](char c) { return plain(static_cast<unsigned char>(c)); }))
    return id;
  std::string out = "\"";
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (plain(c)) out += ch;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"' || c == '\\') (out += '\\') += ch;
    else out += fmt::format("\\x{:02x}", c);
  }
  out += '"';
  return out;
}

/// Appends the row and prints `ID LINE`; exit status 0, or 1 where the log
/// refused the row or the answer could not be written. A cell for a column
/// the log's header lacks is a usage error (append_row's ColumnError).
template <class Append>
int append_and_acknowledge(const std::string& path, const std::string& target, Append&& append) {
  Appended a;
  try {
    a = append();
  } catch (const ColumnError& e) {
    const auto& d = e.diagnostics();
    // The command's help is named once, by the caller (app.cpp).
    throw UsageError(fmt::format("{}: {}", path,
                                 d.empty() ? std::string(e.what()) : d.front().message));
  } catch (const UnknownRow&) {
    throw UsageError(fmt::format("ID: no row of {} has id '{}'", path, target));
  } catch (const LogRefused& e) {
    report_refusal(e);
    return 1;
  }
  standard_output().print("{} {}\n", acknowledged_id(a.id), a.line);
  finish_standard_output();  // a failure: WriteFailed, exit 1 (app.cpp)
  return 0;
}

void check_log_operand(const std::string& command, const std::string& path) {
  if (path == "-")
    throw UsageError(
        fmt::format("LOG: {} adds to a file; '-' (standard input) cannot be written", command));
}

void add_append(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<RowOptions>();
  auto* cmd = app.add_subcommand("append", "Add one row at the end of a log, safely");
  cmd->add_option("LOG", o->log, "The event log (a version-1 CSV file)")->required();
  o->add(*cmd, "kind", "arrival, departure, report, pledge, retraction or end");
  o->add(*cmd, "date", "Effective date: YYYY-MM-DD, YYYY-MM or YYYY");
  o->add(*cmd, "id", "The row's id (default: an unused one is chosen)");
  o->add(*cmd, "mission", "Mission code, e.g. MSS");
  o->add(*cmd, "country", "Contributing country, by code or name");
  o->add(*cmd, "component", "e.g. police, military; blank: unspecified");
  o->add(*cmd, "count", "Best estimate (a whole number)");
  o->add(*cmd, "low", "Lower bound");
  o->add(*cmd, "high", "Upper bound");
  o->add(*cmd, "status", "confirmed or planned");
  o->add(*cmd, "recorded", "The day this row became known (YYYY-MM-DD)");
  o->add(*cmd, "supersedes", "The id of the row this one replaces");
  o->add(*cmd, "source", "Where the figure comes from");
  o->add(*cmd, "note", "Free text");
  cmd->add_option("--x", o->extra, "A user column: NAME=VALUE (column x_NAME); repeatable");
  o->find("kind")->option->required();
  o->find("date")->option->required();
  cmd->callback([=] {
    on_selected([=] {
      check_log_operand("append", o->log);
      RowCells row;
      for (const auto& c : o->cells)
        if (c->given()) *cell_of(row, c->column) = c->value;
      for (const auto& x : o->extra) row.extra.push_back(extra_cell(x));
      return append_and_acknowledge(o->log, "", [&] { return append_row(o->log, std::move(row)); });
    });
  });
}

/// `correct`: the changes given (cli.md); the recorded day is today unless
/// given (the correction became known today).
Correction correction(const RowOptions& o) {
  return {.count = o.given("count"), .low = o.given("low"), .high = o.given("high"),
          .date = o.given("date"), .status = o.given("status"), .source = o.given("source"),
          .note = o.given("note"), .id = o.given("id"), .recorded = o.given("recorded")};
}

void add_correct(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<RowOptions>();
  auto* cmd = app.add_subcommand(
      "correct", "Append a row like row ID with the changes given, superseding it");
  cmd->add_option("LOG", o->log, "The event log (a version-1 CSV file)")->required();
  cmd->add_option("ID", o->target, "The id of the row to correct")->required();
  o->add(*cmd, "count", "Best estimate (count, low and high replace the row's value together)");
  o->add(*cmd, "low", "Lower bound");
  o->add(*cmd, "high", "Upper bound");
  o->add(*cmd, "date", "Effective date (default: the row's)");
  o->add(*cmd, "status", "confirmed or planned");
  o->add(*cmd, "recorded", "The day the correction became known (default: today)");
  o->add(*cmd, "source", "Where the corrected figure comes from (default: the row's)");
  o->add(*cmd, "note", "Free text (default: the row's)");
  o->add(*cmd, "id", "The new row's id (default: an unused one is chosen)");
  cmd->callback([=] {
    on_selected([=] {
      check_log_operand("correct", o->log);
      return append_and_acknowledge(o->log, o->target, [&] {
        return correct_row(o->log, o->target, correction(*o), today());
      });
    });
  });
}

/// `retract`: a retraction of row ID, of its mission, dated today (with a
/// blank recorded day, the day it hides the row from: what was known before
/// today stays as it was under --as-of).
Retraction retraction(const RowOptions& o) {
  return {.source = o.given("source").value_or(""), .note = o.given("note").value_or(""),
          .id = o.given("id").value_or("")};
}

void add_retract(CLI::App& app, const Register& on_selected) {
  auto o = std::make_shared<RowOptions>();
  auto* cmd = app.add_subcommand("retract", "Append a retraction of row ID");
  cmd->add_option("LOG", o->log, "The event log (a version-1 CSV file)")->required();
  cmd->add_option("ID", o->target, "The id of the row to retract")->required();
  o->add(*cmd, "source", "Why or by whom the row is retracted");
  o->add(*cmd, "note", "Free text");
  o->add(*cmd, "id", "The retraction's id (default: an unused one is chosen)");
  cmd->callback([=] {
    on_selected([=] {
      check_log_operand("retract", o->log);
      return append_and_acknowledge(o->log, o->target, [&] {
        return retract_row(o->log, o->target, retraction(*o), today());
      });
    });
  });
}

}  // namespace

void add_append_commands(CLI::App& app, const Register& on_selected) {
  add_append(app, on_selected);
  add_correct(app, on_selected);
  add_retract(app, on_selected);
}

}  // namespace muster::cli
