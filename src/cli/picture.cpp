// muster chart (SVG) and muster report (HTML): the options in, the library's
// render_chart and render_report out (muster/chart.hpp, muster/report.hpp).
#include "commands.hpp"
#include "common.hpp"

#include <muster/chart.hpp>
#include <muster/report.hpp>

#include <fmt/format.h>

#include <memory>
#include <tuple>

namespace muster::cli {
namespace {

// The picture on standard output, or in FILE whole or not at all.
void write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    standard_output().put(text);  // one record: cut short, nothing of it stays in a file
    standard_output().end_record();
    return;
  }
  OutputFile file(path);
  file.out().put(text);
  file.out().end_record();
  file.commit();
}

struct ChartCommand {
  QueryOptions query;
  std::string from, to, step, out, title;
  int width = 960, height = 540;
};

int run_chart(const ChartCommand& c) {
  ChartOptions o;
  std::tie(o.from, o.to) = day_range(c.from, c.to);
  if (!c.step.empty()) {
    o.step = parse_sample_step(c.step);
    if (!o.step)
      throw UsageError(fmt::format("--step: '{}' is not one of day, week, month, quarter, year, "
                                   "month-end, quarter-end, year-end", c.step));
  }
  const auto [filter, view, by, format] = c.query.check();
  o.filter = filter;
  o.view = view;
  o.by = by;
  o.title = c.title;
  o.width = c.width;
  o.height = c.height;
  o.stale_after = c.query.stale();
  const LoadedLog in = c.query.load();
  const Log& log = in.log;
  write_output(c.out, render_chart(log, o));
  return 0;
}

struct ReportCommand {
  QueryOptions query;
  std::vector<std::string> on;
  std::string out, title;
};

int run_report(const ReportCommand& c) {
  ReportOptions o;
  for (const std::string& d : c.on) o.days.push_back(day_option("--on", d));
  const auto [filter, view, by, format] = c.query.check();
  o.filter = filter;
  o.view = view;
  o.title = c.title;
  const LoadedLog in = c.query.load();
  const Log& log = in.log;
  write_output(c.out, render_report(log, o));
  return 0;
}

}  // namespace

void add_picture_commands(CLI::App& app, const Register& on_selected) {
  {
    auto c = std::make_shared<ChartCommand>();
    auto* cmd = app.add_subcommand("chart", "The series as an SVG picture: lines, ranges, pledges, observations");
    c->query.add_to(*cmd, true, true);
    cmd->add_option("--from", c->from, "First day drawn (YYYY-MM-DD)")->required();
    cmd->add_option("--to", c->to, "Last day drawn (YYYY-MM-DD)")->required();
    cmd->add_option("--step", c->step,
                    "Draw through sample days (day, week, month, quarter, year, ...); "
                    "default: each group as the step function it is");
    cmd->add_option("--out", c->out, "Write the SVG to this file (whole or not at all); default: standard output");
    cmd->add_option("--title", c->title, "A title drawn at the top");
    cmd->add_option("--width", c->width, "Width in pixels")->capture_default_str()->check(CLI::Range(320, 20000));
    cmd->add_option("--height", c->height, "Height in pixels")->capture_default_str()->check(CLI::Range(240, 20000));
    cmd->callback([=] { on_selected([=] { return run_chart(*c); }); });
  }
  {
    auto c = std::make_shared<ReportCommand>();
    auto* cmd = app.add_subcommand("report", "One self-contained HTML page: strength, chart, pledges, "
                                             "disagreements and the rows behind each figure");
    c->query.add_to(*cmd, false);
    cmd->add_option("--out", c->out, "The HTML file to write (whole or not at all)")->required();
    cmd->add_option("--on", c->on, "A headline day (YYYY-MM-DD), repeatable; default: the last day with a row");
    cmd->add_option("--title", c->title, "The page's title; default: Deployments in LOG");
    cmd->callback([=] { on_selected([=] { return run_report(*c); }); });
  }
}

}  // namespace muster::cli
