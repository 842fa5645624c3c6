// muster/write.hpp — events made in code, and logs written safely.
//
// A `RowCells` is one row as a file would hold it: every column of spec
// section 2 as text, plus user columns. A `LogBuilder` validates rows by
// every rule of the spec, exactly as `read_log` validates a file (the same
// validator, the same messages; row i is reported on line i + 2, as if the
// rows followed a header line). `write_log` writes a log as canonical CSV
// that `read_log` reads back equal. `append_row` adds one row at the end of a
// log file the durable way: checked with the whole log, written under an
// exclusive lock with its rollback record in the journal LOG.muster-append
// (so that a killed append is undone, never torn), synced before it returns
// (docs/durability.md).
//
//     muster::RowCells cells{.id = "ken-landed-217", .kind = "arrival", .date = "2025-01-18",
//                            .mission = "MSS", .country = "Kenya", .component = "police",
//                            .count = "217", .source = "Daily Nation"};
//     muster::LogBuilder builder{"example"};
//     builder.add(cells);
//     muster::Log log = std::move(builder).build();       // throws LogRefused
//     std::string text = muster::write_log(log);          // read_log of it gives the same rows
#pragma once

#include "muster/event.hpp"
#include "muster/format.hpp"
#include "muster/log.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace muster {

/// One row as text, column by column (spec section 2); an empty cell is a
/// blank one. `extra` holds user columns: (`x_name`, value).
struct RowCells {
  // Each with a default member initializer, so that designated initializers
  // may leave any out (no -Wmissing-field-initializers).
  std::string id{}, kind{}, date{}, mission{}, country{}, component{}, count{}, low{}, high{},
      status{}, recorded{}, supersedes{}, source{}, note{};
  std::vector<std::pair<std::string, std::string>> extra{};
};

/// The member of RowCells that holds each column of spec section 2, in the
/// order of muster::log_columns (event.hpp).
inline constexpr std::array<std::string RowCells::*, log_columns.size()> row_cell_members = {
    &RowCells::id,     &RowCells::kind,     &RowCells::date,       &RowCells::mission,
    &RowCells::country, &RowCells::component, &RowCells::count,    &RowCells::low,
    &RowCells::high,   &RowCells::status,   &RowCells::recorded,   &RowCells::supersedes,
    &RowCells::source, &RowCells::note};
/// The cell of `column` in `cells`: `cell(row, Column::note) = "as of noon"`.
inline std::string& cell(RowCells& cells, Column column) noexcept {
  return cells.*row_cell_members[static_cast<std::size_t>(column)];
}
inline const std::string& cell(const RowCells& cells, Column column) noexcept {
  return cells.*row_cell_members[static_cast<std::size_t>(column)];
}

/// Collects rows and builds a validated Log of them.
class LogBuilder {
 public:
  /// `name` is the file name errors use.
  explicit LogBuilder(std::string name);
  /// Adds a row (validated at build()).
  LogBuilder& add(RowCells cells);
  /// The log of every row added, checked by every rule of the spec; throws
  /// LogRefused naming each bad row (row i at line i + 2).
  Log build() &&;

 private:
  std::string name_;
  std::vector<RowCells> rows_;
};

/// The cells of row `e` of `log`, as a file would hold them.
RowCells cells_of(const Log& log, const Event& e);

/// `log` as canonical CSV: a header of the standard columns and the log's
/// user columns, one record a row, quoted only where needed (RFC 4180).
std::string write_log(const Log& log);

/// Thrown by append_row before anything is read as a row where `cells` do
/// not fit the log's header: a non-blank cell, or a user column, that the
/// header lacks, or a user column given twice. A usage error of the caller
/// (`muster append` exits 2 on it), not a row the log refuses; a LogRefused
/// still, so that catching LogRefused catches it too. Its one diagnostic is
/// on line 1 (the header) and names the column.
class ColumnError : public LogRefused {
 public:
  using LogRefused::LogRefused;
};

/// What append_row added: the new row's id and line.
struct Appended {
  std::string id;
  std::size_t line = 0;
};

/// Adds `cells` as a new row at the end of the log file at `path`, as
/// `muster append` does (docs/durability.md): an empty `id` is chosen; the
/// log with the new row must pass every rule, else LogRefused and the file
/// is left as it was; returns once the row is written whole and synced.
/// Cells go to the columns of the file's header, in its order; a cell the
/// header lacks throws ColumnError. A chosen id is `r` and the number of
/// records after the header plus one, counted up until no row has it. A
/// file whose last line is cut short is refused like any other, never
/// repaired, except an append that was killed: while it writes, the journal
/// `path + ".muster-append"` holds the log's length before it; read_log reads
/// a log with such a record only up to that length, and the next append_row
/// cuts the file back to it first. Errors of the file itself (cannot open,
/// lock, write, sync) throw LogRefused with line 0.
Appended append_row(const std::string& path, RowCells cells);

/// Thrown by correct_row and retract_row where no row of the log has the id
/// they name: a mistake of the caller (`muster correct` exits 2 on it), a
/// LogRefused still. Its one diagnostic is on line 0.
class UnknownRow : public LogRefused {
 public:
  using LogRefused::LogRefused;
};

/// What correct_row changes in the row it corrects: a cell given replaces
/// the row's (a blank one blanks it), a cell not given keeps the row's.
struct Correction {
  /// The value: where any of the three is given, the three replace the
  /// row's together (a figure corrected to a range drops the old count).
  std::optional<std::string> count{}, low{}, high{};
  std::optional<std::string> date{}, status{}, source{}, note{};
  /// The new row's id; not given or blank: an unused one is chosen.
  std::optional<std::string> id{};
  /// The day the correction became known; not given: `today` (correct_row's
  /// argument) where the log has a `recorded` column.
  std::optional<std::string> recorded{};
};

/// Appends a correction of row `id`, as `muster correct` does: the row's
/// cells with `changes`, `supersedes` set to `id`, through append_row (the
/// log read once, under the append's lock). UnknownRow where no row has the
/// id; LogRefused or ColumnError as append_row.
///
///     muster::correct_row("mss.csv", "ken-landed-217", {.count = "216"}, muster::Day{});
Appended correct_row(const std::string& path, std::string_view id, const Correction& changes,
                     Day today);

/// What a retraction made by retract_row holds besides what it retracts.
struct Retraction {
  std::string source{}, note{};
  /// The retraction's id; blank: an unused one is chosen.
  std::string id{};
};

/// Appends a retraction of row `id`, as `muster retract` does: a row of kind
/// `retraction` of the row's mission, dated `today` with a blank recorded
/// day (what was known before today stays as it was under an as-of view),
/// `supersedes` set to `id`. UnknownRow where no row has the id.
Appended retract_row(const std::string& path, std::string_view id, const Retraction& retraction,
                     Day today);

/// `row ken-landed-217, line 18`: the row an append wrote.
inline std::string to_string(const Appended& a) { return fmt::format("row {}, line {}", a.id, a.line); }

}  // namespace muster

template <>
struct fmt::formatter<muster::Appended> : muster_to_string_formatter<muster::Appended> {};

