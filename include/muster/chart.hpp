// muster/chart.hpp — a deployment timeline as a picture (SVG).
//
// `render_chart` draws the strength of each group of contingents over a span
// of days, honestly: a line for the estimate, a shaded band from low to high
// where they differ, and where nothing bounds the size from above a band to
// the top edge marked "size unknown" (a size nobody gave is never drawn as
// 0). With planned rows counted, what rests on them is dashed. Pledges are
// thin reference lines ("pledged 1,000"), observations are points, and those
// that `reconcile` finds in conflict are marked. Every point carries a
// `<title>` (a tooltip) with its date, group, value and the rows behind it.
// At most `max_groups` groups are drawn; the rest are summed as "others".
// Every text that comes from the log is escaped. By default (spec section 8;
// not with `view.parts_only`), a range a total narrows is drawn as a band, and
// unattributed personnel as a group of their own (`MSS unattributed`).
//
//     muster::ChartOptions o{.from = *muster::parse_day("2024-06-01"),
//                            .to = *muster::parse_day("2025-03-31")};
//     o.title = "MSS Haiti: personnel by country";
//     std::string svg = muster::render_chart(log, o);   // a whole SVG document
#pragma once

#include "muster/day.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace muster {

/// What to draw, and how big.
struct ChartOptions {
  Day from{};                            ///< first day drawn
  Day to{};                              ///< last day drawn (on or after `from`)
  std::optional<SampleStep> step{};      ///< none: each group as the step function it is
  GroupBy by = GroupBy::country;         ///< one line per group
  Filter filter{};                       ///< which contingents
  Vantage view{};                        ///< what was known (whether planned rows count, whether parts only)
  std::optional<StaleAfter> stale_after{};  ///< old figures opened up (Timeline's stale_after)
  std::string title{};                   ///< drawn at the top; empty: none
  int width = 960;                       ///< pixels (at least 320)
  int height = 540;                      ///< pixels (at least 240)
  std::size_t max_groups = 12;           ///< more groups than this: the smallest summed as "others"
};

/// The chart as a standalone SVG document (UTF-8). Throws
/// std::invalid_argument where `to` is before `from` or the size is too small.
std::string render_chart(const Log& log, const ChartOptions& options);

}  // namespace muster
