// muster chart (SVG) and muster report (HTML): the options in, the library's
// render_chart and render_report out (muster/chart.hpp, muster/report.hpp).
#include "commands.hpp"
#include "common.hpp"

#include <muster/chart.hpp>
#include <muster/report.hpp>

#include <memory>

namespace muster::cli {
namespace {

// TEMPORARY until the output module's --out helper lands.
void write_output(const std::string& path, const std::string& text) {
  std::FILE* f = path.empty() ? stdout : std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  std::fwrite(text.data(), 1, text.size(), f);
  if (f != stdout) std::fclose(f);
}

struct ChartCommand {
  QueryOptions query;
  std::string from, to, step, out, title;
  int width = 960, height = 540;
};

int run_chart(const ChartCommand& c) {
  ChartOptions o;
  o.from = day_option("--from", c.from);
  o.to = day_option("--to", c.to);
  if (o.to < o.from) throw UsageError("--from is after --to");
  if (!c.step.empty()) {
    o.step = parse_sample_step(c.step);
    if (!o.step) throw UsageError("--step: '" + c.step + "' is not a sample step (see --help)");
  }
  const auto [filter, view, by, format] = c.query.check();
  o.filter = filter;
  o.view = view;
  o.by = by;
  o.title = c.title;
  o.width = c.width;
  o.height = c.height;
  const Log log = load(c.query.log);
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
  const Log log = load(c.query.log);
  write_output(c.out, render_report(log, o));
  return 0;
}

}  // namespace

void add_picture_commands(CLI::App& app, const Register& on_selected) {
  {
    auto c = std::make_shared<ChartCommand>();
    auto* cmd = app.add_subcommand("chart", "The series as an SVG picture: lines, ranges, pledges, observations");
    c->query.add_to(*cmd, true);
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
