// muster/report.hpp — one self-contained HTML page about a log.
//
// `render_report` writes a page a person can read on a phone, print, or mail
// on: the strength by country on the days asked for (by default the last day
// with a row), the chart of the whole span, pledges against strength, the
// reconciliation of `check` with conflicts first, and for each headline
// figure the rows behind it with their sources and notes (`explain`). The
// page loads nothing from outside itself (inline CSS and SVG, no script),
// and every text that comes from the log is escaped for where it goes.
// By default (spec section 8; not with `view.parts_only`), the tables count
// what reports of a whole mission or country say: their unattributed
// personnel are rows of their own (`MSS unattributed`), the total is the
// whole's own range, and a sentence under each table says which kept total
// narrows which figures and which totals conflict.
//
//     muster::ReportOptions o;
//     o.days = {*muster::parse_day("2025-01-19")};
//     std::string html = muster::render_report(log, o);
#pragma once

#include "muster/day.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <string>
#include <vector>

namespace muster {

struct ReportOptions {
  std::vector<Day> days{};   ///< headline days; empty: the last day with a row
  Filter filter{};           ///< which contingents
  Vantage view{};            ///< what was known (whether planned rows count, whether parts only)
  std::string title{};       ///< empty: "Deployments in FILE"
};

/// The report as one HTML document (UTF-8).
std::string render_report(const Log& log, const ReportOptions& options);

}  // namespace muster
