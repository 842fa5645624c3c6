// muster/chart.hpp and muster/report.hpp: the SVG parsed with libxml2 and
// checked point by point against the chart's own scale (the root's
// data-plot, data-from, data-to and data-max); the report and the chart of a
// log whose every text is hostile markup hold none of it as markup.
#include <muster/chart.hpp>
#include <muster/log.hpp>
#include <muster/report.hpp>

#include <gtest/gtest.h>

#include "turkish_locale.hpp"
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <clocale>
#include <cmath>
#include <locale>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using muster::Day;

Day day(const char* s) { return *muster::parse_day(s); }

// A parsed document and XPath over it.
class Doc {
 public:
  static Doc xml(const std::string& text) {
    return Doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "chart.svg", "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  }
  static Doc html(const std::string& text) {
    return Doc(htmlReadMemory(text.data(), static_cast<int>(text.size()), "report.html", "UTF-8",
                              HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
  }
  bool ok() const { return doc_ != nullptr; }
  // The nodes an XPath selects (SVG's namespace as prefix s).
  std::vector<xmlNodePtr> all(const std::string& path) const {
    std::vector<xmlNodePtr> out;
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctx(xmlXPathNewContext(doc_.get()),
                                                                         xmlXPathFreeContext);
    xmlXPathRegisterNs(ctx.get(), BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> r(
        xmlXPathEvalExpression(BAD_CAST path.c_str(), ctx.get()), xmlXPathFreeObject);
    if (r && r->nodesetval)
      for (int i = 0; i < r->nodesetval->nodeNr; ++i) out.push_back(r->nodesetval->nodeTab[i]);
    return out;
  }
  std::string text(const std::string& path) const {
    std::string s;
    for (xmlNodePtr n : all(path)) {
      xmlChar* c = xmlNodeGetContent(n);
      s += reinterpret_cast<const char*>(c);
      s += '\n';
      xmlFree(c);
    }
    return s;
  }

 private:
  explicit Doc(xmlDocPtr d) : doc_(d, xmlFreeDoc) {}
  std::shared_ptr<xmlDoc> doc_;
};

std::string attr(xmlNodePtr n, const char* name) {
  xmlChar* v = xmlGetProp(n, BAD_CAST name);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

// The chart's scale, as its root element states it.
struct Scale {
  double left, top, width, height, max;
  Day from, to;
  explicit Scale(const Doc& d) {
    const auto root = d.all("/s:svg");
    EXPECT_EQ(root.size(), 1u);
    std::istringstream plot(attr(root.at(0), "data-plot"));
    plot >> left >> top >> width >> height;
    from = day(attr(root[0], "data-from").c_str());
    to = day(attr(root[0], "data-to").c_str());
    max = std::stod(attr(root[0], "data-max"));
  }
  double x(Day d) const { return left + width * (d - from).count() / static_cast<double>((to - from).count()); }
  double y(double v) const { return top + height - height * v / max; }
};

// A path's "M x y H x V y L x y" as the segments it draws.
struct Segment {
  double x0, y0, x1, y1;
};
std::vector<Segment> segments(const std::string& d) {
  std::vector<Segment> out;
  std::istringstream in(d);
  double x = 0, y = 0;
  char c = 0;
  while (in >> c) {
    double a = 0, b = 0;
    if (c == 'M') {
      in >> x >> y;
    } else if (c == 'H') {
      in >> a;
      out.push_back({x, y, a, y});
      x = a;
    } else if (c == 'V') {
      in >> a;
      out.push_back({x, y, x, a});
      y = a;
    } else if (c == 'L') {
      in >> a >> b;
      out.push_back({x, y, a, b});
      x = a;
      y = b;
    } else {
      ADD_FAILURE() << "unexpected path command " << c << " in " << d;
      break;
    }
  }
  return out;
}

// Whether the path passes through (x, y), within half a pixel.
bool passes_through(const std::string& d, double x, double y) {
  for (const Segment& s : segments(d)) {
    const double lo_x = std::min(s.x0, s.x1) - 0.5, hi_x = std::max(s.x0, s.x1) + 0.5;
    const double lo_y = std::min(s.y0, s.y1) - 0.5, hi_y = std::max(s.y0, s.y1) + 0.5;
    if (x < lo_x || x > hi_x || y < lo_y || y > hi_y) continue;
    if (s.x0 == s.x1 || s.y0 == s.y1) return true;
    const double t = (x - s.x0) / (s.x1 - s.x0);
    if (std::abs(s.y0 + t * (s.y1 - s.y0) - y) <= 0.75) return true;
  }
  return false;
}

std::string estimate_path(const Doc& d, const std::string& group) {
  const auto p = d.all("//s:path[@class='estimate'][@data-group='" + group + "']");
  return p.size() == 1 ? attr(p[0], "d") : "";
}

const char* const header = "id,kind,date,mission,country,component,count,low,high,status,source\n";

muster::Log tiny() {
  return muster::parse_log(std::string(header) +
                               "a1,arrival,2025-01-10,MSS,KEN,police,100,,,,news\n"
                               "r1,report,2025-01-20,MSS,KEN,police,150,140,160,,news\n"
                               "j1,report,2025-01-15,MSS,JAM,police,,0,,,news\n"
                               "p1,arrival,2025-01-25,MSS,KEN,police,50,,,planned,news\n",
                           "tiny.csv");
}

muster::ChartOptions january() {
  return {.from = day("2025-01-01"), .to = day("2025-01-31")};
}

TEST(Chart, TheLinePassesThroughTheKnownValues) {
  const std::string svg = muster::render_chart(tiny(), january());
  const Doc d = Doc::xml(svg);
  ASSERT_TRUE(d.ok()) << svg;
  const Scale s(d);
  const std::string ken = estimate_path(d, "KEN");
  ASSERT_FALSE(ken.empty()) << svg;
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-12")), s.y(100))) << ken;
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-19")), s.y(100))) << ken;
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-22")), s.y(150))) << ken;
  EXPECT_FALSE(passes_through(ken, s.x(day("2025-01-12")), s.y(150))) << ken;
  // Before its first row the contingent is not drawn at all (not as a 0 line).
  EXPECT_FALSE(passes_through(ken, s.x(day("2025-01-05")), s.y(0))) << ken;
  // The planned arrival is not counted without include_planned.
  EXPECT_FALSE(passes_through(ken, s.x(day("2025-01-28")), s.y(200))) << ken;
}

TEST(Chart, ARangeDrawsABandFromLowToHigh) {
  const Doc d = Doc::xml(muster::render_chart(tiny(), january()));
  const Scale s(d);
  const auto bands = d.all("//s:g[@class='range'][@data-group='KEN']/s:rect");
  ASSERT_FALSE(bands.empty());
  bool found = false;
  for (xmlNodePtr r : bands) {
    const double x = std::stod(attr(r, "x")), y = std::stod(attr(r, "y"));
    const double w = std::stod(attr(r, "width")), h = std::stod(attr(r, "height"));
    if (std::abs(x - s.x(day("2025-01-20"))) < 0.6 && std::abs(y - s.y(160)) < 0.6 &&
        std::abs(y + h - s.y(140)) < 0.6 && w > 1)
      found = true;
  }
  EXPECT_TRUE(found);
}

TEST(Chart, AnUnboundedHighIsSizeUnknownToTheTopEdgeNeverZero) {
  const std::string svg = muster::render_chart(tiny(), january());
  const Doc d = Doc::xml(svg);
  const Scale s(d);
  const auto bands = d.all("//s:g[@class='range unknown'][@data-group='JAM']/s:rect");
  ASSERT_FALSE(bands.empty()) << svg;
  EXPECT_NEAR(std::stod(attr(bands[0], "y")), s.top, 0.6);
  EXPECT_NEAR(std::stod(attr(bands[0], "x")), s.x(day("2025-01-15")), 0.6);
  EXPECT_NE(d.text("//s:text[@class='unknown-label']").find("JAM: size unknown"), std::string::npos);
  // No estimate line at 0 where the size is unknown.
  const std::string jam = estimate_path(d, "JAM");
  EXPECT_FALSE(passes_through(jam, s.x(day("2025-01-20")), s.y(0))) << jam;
  EXPECT_NE(d.text("//s:circle[@data-group='JAM']/s:title").find("size unknown"), std::string::npos);
}

TEST(Chart, EveryPointHasATooltipWithDateGroupValueAndRows) {
  const Doc d = Doc::xml(muster::render_chart(tiny(), january()));
  const auto points = d.all("//s:circle[starts-with(@class,'point')]");
  ASSERT_FALSE(points.empty());
  for (xmlNodePtr p : points) {
    const std::string tip = d.text("//s:circle[@data-group='" + attr(p, "data-group") + "'][@data-day='" +
                                   attr(p, "data-day") + "']/s:title");
    EXPECT_NE(tip.find(attr(p, "data-day")), std::string::npos) << tip;
    EXPECT_NE(tip.find(attr(p, "data-group")), std::string::npos) << tip;
  }
  const std::string ken20 = d.text("//s:circle[@data-group='KEN'][@data-day='2025-01-20']/s:title");
  EXPECT_NE(ken20.find("150 (140 to 160)"), std::string::npos) << ken20;
  EXPECT_NE(ken20.find("rows: r1"), std::string::npos) << ken20;
}

TEST(Chart, AnEndIsAMarkOnTheAxisAndItsGroupsLineFallsToNothing) {
  // The mission closes on 2025-01-28 (version 1.2's `end`): a mark on the
  // time axis at that day with a tooltip naming it; Kenya's line falls to 0
  // there, with the end among the rows behind the change.
  const muster::Log log = muster::parse_log(std::string(header) +
                                                "a1,arrival,2025-01-10,MSS,KEN,police,100,,,,news\n"
                                                "e1,end,2025-01-28,MSS,,,,,,,UN list of missions\n"
                                                "e2,end,2024-12-01,OTHER,,,,,,,not drawn: before the span\n",
                                            "ended.csv");
  const std::string svg = muster::render_chart(log, january());
  const Doc d = Doc::xml(svg);
  ASSERT_TRUE(d.ok()) << svg;
  const Scale s(d);
  const auto ends = d.all("//s:g[@class='end']");
  ASSERT_EQ(ends.size(), 1u) << svg;
  EXPECT_EQ(attr(ends[0], "data-day"), "2025-01-28");
  const std::string tip = d.text("//s:g[@class='end']/s:title");
  EXPECT_NE(tip.find("end of MSS"), std::string::npos) << tip;
  EXPECT_NE(tip.find("e1"), std::string::npos) << tip;
  const auto mark = d.all("//s:g[@class='end']/s:path");
  ASSERT_EQ(mark.size(), 1u);
  EXPECT_NEAR(std::stod(attr(mark[0], "d").substr(1)), s.x(day("2025-01-28")), 0.06) << attr(mark[0], "d");
  // Kenya's line ends at the end's day (nobody is drawn as nothing, on the
  // axis), where its point says 0 and names the end among its rows.
  const std::string ken = estimate_path(d, "KEN");
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-27")), s.y(100))) << ken;
  EXPECT_FALSE(passes_through(ken, s.x(day("2025-01-29")), s.y(100))) << ken;
  const std::string after = d.text("//s:circle[@data-group='KEN'][@data-day='2025-01-28']/s:title");
  EXPECT_NE(after.find("KEN · 0 · rows: e1"), std::string::npos) << after;
  // Every point names the rows behind it (a point whose place did not move
  // once lost them).
  const std::string first = d.text("//s:circle[@data-group='KEN'][@data-day='2025-01-10']/s:title");
  EXPECT_NE(first.find("rows: a1"), std::string::npos) << first;
}

TEST(Chart, PlannedRowsAreDashedWhenCounted) {
  auto o = january();
  o.view.include_planned = true;
  const Doc d = Doc::xml(muster::render_chart(tiny(), o));
  const Scale s(d);
  const auto planned = d.all("//s:path[@class='estimate planned'][@data-group='KEN']");
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_FALSE(attr(planned[0], "stroke-dasharray").empty());
  EXPECT_TRUE(passes_through(attr(planned[0], "d"), s.x(day("2025-01-28")), s.y(200)));
  EXPECT_TRUE(passes_through(estimate_path(d, "KEN"), s.x(day("2025-01-28")), s.y(150)));
}

TEST(Chart, WithAStepTheLineGoesThroughTheSampleDays) {
  auto o = january();
  o.step = muster::SampleStep::week;
  const Doc d = Doc::xml(muster::render_chart(tiny(), o));
  const Scale s(d);
  const std::string ken = estimate_path(d, "KEN");
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-15")), s.y(100))) << ken;
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-22")), s.y(150))) << ken;
  EXPECT_NE(ken.find('L'), std::string::npos) << ken;
}

TEST(Chart, MoreThanTwelveGroupsSumTheRestAsOthers) {
  std::string text = header;
  const char* codes[] = {"KEN", "JAM", "FRA", "DEU", "ITA", "ESP", "PRT", "NLD", "BEL", "POL", "SWE", "NOR", "FIN", "DNK", "AUT"};
  for (int i = 0; i < 15; ++i)
    text += std::string("a") + std::to_string(i) + ",arrival,2025-01-05,MSS," + codes[i] + ",police," +
            std::to_string(100 + i) + ",,,,news\n";
  const Doc d = Doc::xml(muster::render_chart(muster::parse_log(text, "many.csv"), january()));
  const Scale s(d);
  EXPECT_EQ(d.all("//s:path[@class='estimate']").size(), 12u);
  // The four smallest (100 to 103) summed: 406.
  const std::string others = estimate_path(d, "others (4 groups)");
  EXPECT_TRUE(passes_through(others, s.x(day("2025-01-20")), s.y(406))) << others;
}

TEST(Chart, BadOptionsAreRefused) {
  auto o = january();
  o.to = day("2024-12-31");
  EXPECT_THROW(muster::render_chart(tiny(), o), std::invalid_argument);
  o = january();
  o.width = 10;
  EXPECT_THROW(muster::render_chart(tiny(), o), std::invalid_argument);
}

// --- Hostile text ------------------------------------------------------------------

// The date axis' labels (the axes' centred texts), each as an extent on x:
// its text estimated at 0.65em a character (a little over a sans-serif
// face's average), from its font size.
struct AxisLabel {
  std::string text;
  double left, right;
};
std::vector<AxisLabel> date_labels(const Doc& d) {
  std::vector<AxisLabel> out;
  for (xmlNodePtr n : d.all("//s:g[@class='axes']/s:text[@text-anchor='middle']")) {
    double size = 0;
    for (xmlNodePtr up = n; up && up->type == XML_ELEMENT_NODE && size == 0; up = up->parent)
      if (const std::string f = attr(up, "font-size"); !f.empty()) size = std::stod(f);
    xmlChar* c = xmlNodeGetContent(n);
    const std::string text = reinterpret_cast<const char*>(c);
    xmlFree(c);
    const double x = std::stod(attr(n, "x")), half = 0.65 * size * static_cast<double>(text.size()) / 2;
    out.push_back({text, x - half, x + half});
  }
  return out;
}

// Issue 22: "Jan 2009Apr 2009Jul..." on a 3- to 5-year span. At any span
// and width, at least two labels, in order, none overprinting the next.
TEST(Chart, DateLabelsNeverOverlapAtAnySpanOrWidth) {
  const std::vector<std::pair<const char*, const char*>> spans = {
      {"2025-01-01", "2025-01-11"}, {"2025-01-15", "2025-04-15"}, {"2024-03-01", "2024-09-01"},
      {"2024-06-01", "2025-06-01"}, {"2009-01-01", "2012-01-01"}, {"2008-11-15", "2012-05-20"},
      {"2009-01-01", "2014-01-01"}, {"2005-01-01", "2025-01-01"}, {"1950-01-01", "2025-01-01"},
      {"1825-03-14", "2025-03-14"}, {"2025-01-01", "2025-01-03"}};
  for (const auto& [from, to] : spans)
    for (int width : {320, 480, 640, 960, 1200, 4000}) {
      muster::ChartOptions o{.from = day(from), .to = day(to)};
      o.width = width;
      const Doc d = Doc::xml(muster::render_chart(tiny(), o));
      ASSERT_TRUE(d.ok());
      const std::vector<AxisLabel> labels = date_labels(d);
      const std::string where = std::string(from) + " to " + to + " at " + std::to_string(width) + "px";
      EXPECT_GE(labels.size(), 2u) << where;
      for (std::size_t i = 1; i < labels.size(); ++i)
        EXPECT_LT(labels[i - 1].right + 2, labels[i].left)
            << where << ": '" << labels[i - 1].text << "' overprints '" << labels[i].text << "'";
    }
}

muster::Log hostile() { return muster::read_log(MUSTER_TEST_DATA "/hostile.csv"); }

// Only the elements and attributes the chart writes; nothing from the log.
void expect_no_markup_from_the_log(const Doc& d, const std::string& text) {
  EXPECT_TRUE(d.all("//*[local-name()='script' or local-name()='img' or local-name()='a' or "
                    "local-name()='foreignObject' or local-name()='iframe']").empty());
  EXPECT_TRUE(d.all("//@*[starts-with(local-name(),'on')]").empty());
  EXPECT_TRUE(d.all("//@*[contains(.,'javascript:')]").empty());
  for (const char* bidi : {"\u202E", "\u202C", "\u2066", "\u2069", "\u061C"})
    EXPECT_EQ(text.find(bidi), std::string::npos) << "a bidirectional control survives";
}

TEST(Hostile, TheChartHoldsTheLogsTextAsText) {
  auto o = january();
  o.by = muster::GroupBy::contingent;
  const std::string svg = muster::render_chart(hostile(), o);
  const Doc d = Doc::xml(svg);
  ASSERT_TRUE(d.ok()) << svg;
  expect_no_markup_from_the_log(d, svg);
  // The text is there, as text.
  EXPECT_NE(d.text("//s:title").find("<script>alert(\"m\")</script>"), std::string::npos);
}

TEST(Hostile, TheReportHoldsTheLogsTextAsText) {
  muster::ReportOptions o;
  o.days = {day("2025-01-20")};
  o.view.parts_only = true;
  const std::string html = muster::render_report(hostile(), o);
  const Doc d = Doc::html(html);
  ASSERT_TRUE(d.ok());
  expect_no_markup_from_the_log(d, html);
  EXPECT_EQ(d.all("//*[local-name()='svg']").size(), 1u);  // the chart, and no svg of the log's
  EXPECT_TRUE(d.all("//link|//*[@src]|//*[@href]").empty());  // nothing fetched
  const std::string body = d.text("//body");
  EXPECT_NE(body.find("</svg><script>alert(2)</script>"), std::string::npos);
  EXPECT_NE(body.find("\"><img src=x onerror=alert(1)>"), std::string::npos);
  // With totals, the sentences on totals name rows too: as text.
  o.view.parts_only = false;
  const std::string with_totals = muster::render_report(hostile(), o);
  const Doc t = Doc::html(with_totals);
  ASSERT_TRUE(t.ok());
  expect_no_markup_from_the_log(t, with_totals);
  EXPECT_EQ(t.all("//*[local-name()='svg']").size(), 1u);
}

// Issue 22: the report wrote a count of 0 as "-" and differences without
// separators ("+17129"). Every number in it is digits, 0 as 0, grouped.
TEST(Report, ZeroIsZeroAndEveryNumberIsGrouped) {
  const muster::Log log = muster::parse_log(std::string(header) +
                                                "k1,arrival,2010-01-04,UNX,KEN,police,100,,,,a\n"
                                                "k2,departure,2010-02-01,UNX,KEN,police,100,,,,b\n"
                                                "k3,report,2010-03-01,UNX,KEN,police,17129,,,,c\n"
                                                "g1,arrival,2010-01-04,UNX,GHA,police,2000,,,,d\n"
                                                "g2,report,2010-03-01,UNX,GHA,police,766,,,,e\n",
                                            "zero.csv");
  const Doc d = Doc::html(muster::render_report(log, {}));
  ASSERT_TRUE(d.ok());
  const std::string checks = d.text("//section[@class='reconciliation']//tbody/tr");
  EXPECT_EQ(d.text("//section[@class='reconciliation']//tbody/tr/td[last()]"), "+17,129\n-1,234\n") << checks;
  EXPECT_EQ(d.text("//section[@class='reconciliation']//tbody/tr/td[last()-1]"),
            "the rows before it: 0\nthe rows before it: 2,000\n")
      << checks;
  EXPECT_NE(checks.find("17,129"), std::string::npos) << checks;
  const std::string rows = d.text("//section[@class='explanations']//li");
  EXPECT_NE(rows.find("departure 2010-02-01, 100; then 0."), std::string::npos) << rows;
  EXPECT_EQ(rows.find("then -"), std::string::npos) << rows;
}

// --- The Haiti example (the acceptance) -----------------------------------

muster::Log haiti() { return muster::read_log(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv"); }

// By the contingents' own rows (--parts-only): the five of unknown size are
// unknown; by default the mission's total narrows them (the test below).
TEST(Haiti, KenyasLineIsAt400On17JanuaryAnd617On19January) {
  muster::ChartOptions o{.from = day("2024-06-01"), .to = day("2025-03-31")};
  o.view.parts_only = true;
  const std::string svg = muster::render_chart(haiti(), o);
  const Doc d = Doc::xml(svg);
  ASSERT_TRUE(d.ok());
  const Scale s(d);
  const std::string ken = estimate_path(d, "KEN");
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-17")), s.y(400))) << ken;
  EXPECT_TRUE(passes_through(ken, s.x(day("2025-01-19")), s.y(617))) << ken;
  for (const char* unknown : {"BHS", "BLZ", "GTM", "JAM", "SLV"}) {
    EXPECT_NE(d.text("//s:text[@class='unknown-label']").find(std::string(unknown) + ": size unknown"),
              std::string::npos)
        << unknown;
    EXPECT_FALSE(passes_through(estimate_path(d, unknown), s.x(day("2025-02-01")), s.y(0))) << unknown;
  }
  EXPECT_FALSE(d.all("//s:g[@class='observation conflict']").empty());
}

// Spec section 8 (a preview, behind Vantage::totals): the mission's total
// narrows the five countries of unknown size to bands of 0 to 182, and the
// personnel it finds in no contingent are a line of their own from its day.
TEST(Haiti, WithTotalsTheChartDrawsTheNarrowedRangesAndTheUnattributed) {
  muster::ChartOptions o{.from = day("2024-06-01"), .to = day("2025-03-31")};
  const std::string svg = muster::render_chart(haiti(), o);
  const Doc d = Doc::xml(svg);
  ASSERT_TRUE(d.ok());
  const Scale s(d);
  const std::string own = estimate_path(d, "MSS unattributed");
  EXPECT_TRUE(passes_through(own, s.x(day("2025-02-01")), s.y(163))) << own;
  EXPECT_FALSE(passes_through(own, s.x(day("2025-01-19")), s.y(163))) << own;  // only from the total's day
  EXPECT_NE(d.text("//s:g[@data-group='MSS unattributed']/s:title").find("2025-01-20 · MSS unattributed · 163 (0 to 182)"),
            std::string::npos);
  EXPECT_NE(d.text("//s:text").find("MSS unattributed"), std::string::npos);  // in the legend
  const std::string unknown = d.text("//s:text[@class='unknown-label']");
  for (const char* country : {"BHS", "BLZ", "GTM", "JAM", "SLV"}) {
    EXPECT_EQ(unknown.find(std::string(country) + ": size unknown"), std::string::npos) << unknown;
    EXPECT_FALSE(d.all(std::string("//s:g[@class='range'][@data-group='") + country + "']").empty()) << country;
    EXPECT_NE(d.text(std::string("//*[@data-group='") + country + "']/s:title").find("2025-01-20 · " + std::string(country) +
                                                                                     " · 0 (0 to 182)"),
              std::string::npos)
        << country;
  }
  EXPECT_TRUE(passes_through(estimate_path(d, "KEN"), s.x(day("2025-02-01")), s.y(617)));
  // By contingent, the same line; without totals, none.
  o.by = muster::GroupBy::contingent;
  EXPECT_FALSE(estimate_path(Doc::xml(muster::render_chart(haiti(), o)), "MSS unattributed").empty());
  o.view.parts_only = true;
  EXPECT_EQ(muster::render_chart(haiti(), o).find("unattributed"), std::string::npos);
}

TEST(Haiti, TheReportShowsThe617ItsRowsAndTheConflict) {
  const std::string html = muster::render_report(haiti(), {});
  const Doc d = Doc::html(html);
  const std::string ken = d.text("//article[h3[starts-with(.,'KEN')]]");
  EXPECT_NE(ken.find("617"), std::string::npos) << ken;
  for (const char* id : {"ken-began", "ken-already-400", "ken-landed-217"}) EXPECT_NE(ken.find(id), std::string::npos) << id;
  EXPECT_NE(ken.find("landed in Haiti on January 18"), std::string::npos);
  const std::string conflicts = d.text("//td[@class='verdict-conflicts']/..");
  EXPECT_NE(conflicts.find("ken-now-600"), std::string::npos) << conflicts;
  EXPECT_NE(conflicts.find("617"), std::string::npos) << conflicts;
  EXPECT_TRUE(d.all("//script|//link|//*[@src]").empty());
}

// Spec section 8 (a preview, behind Vantage::totals): the mission's total
// of 780 to 799 narrows the five countries of unknown size and counts the
// personnel it finds in no contingent as a row of their own.
TEST(Haiti, WithTotalsTheReportShowsTheUnattributedAndWhatTheMissionTotalNarrows) {
  muster::ReportOptions o;
  const std::string html = muster::render_report(haiti(), o);
  const Doc d = Doc::html(html);
  ASSERT_TRUE(d.ok());
  const std::string rows = d.text("//section[@class='strength']//tbody/tr");
  EXPECT_NE(rows.find("MSS unattributed0 to 1820 to 182"), std::string::npos) << rows;
  EXPECT_NE(rows.find("KEN Kenya617exactly"), std::string::npos) << rows;
  EXPECT_NE(rows.find("BHS Bahamas0 to 1820 to 182"), std::string::npos) << rows;
  EXPECT_EQ(d.text("//section[@class='strength']//span[@class='figure']"), "780 to 799\n");
  const std::string notes = d.text("//section[@class='strength']/p[@class='note']");
  EXPECT_NE(notes.find("The mission total of MSS of 2025-01-20 (780 to 799, row mss-under-800, line 7) "
                       "narrows BHS, BLZ, GTM, JAM and SLV to at most 182 each, and counts at most 182 "
                       "personnel it finds in no contingent (MSS unattributed)."),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("The total of MSS/KEN of 2025-01-20 (600, row ken-now-600, line 5) cannot hold"),
            std::string::npos)
      << notes;
  // The rows behind a narrowed figure say what they alone give.
  const std::string bhs = d.text("//article[h3[starts-with(.,'BHS')]]");
  EXPECT_NE(bhs.find("at the end of 2025-01-20: 0 to 182"), std::string::npos) << bhs;
  EXPECT_NE(bhs.find("the rows below alone give ?"), std::string::npos) << bhs;
  EXPECT_TRUE(d.all("//script|//link|//*[@src]").empty());
  // With parts only, the page is section 5's: no unattributed row, no note.
  muster::ReportOptions alone;
  alone.view.parts_only = true;
  const Doc parts = Doc::html(muster::render_report(haiti(), alone));
  EXPECT_EQ(parts.text("//section[@class='strength']//tbody/tr").find("unattributed"), std::string::npos);
  EXPECT_TRUE(parts.all("//section[@class='strength']/p[@class='note']").empty());
}

}  // namespace

// --- The commands ------------------------------------------------------------------

#include "command.hpp"

namespace {

const std::string haiti_log = shell_quoted(MUSTER_SOURCE_DIR "/examples/haiti_mss/mss.csv");

TEST(ChartCommand, WritesTheSvgToStandardOutputOrWholeToAFile) {
  const auto r = run_muster("chart " + haiti_log + " --from 2024-06-01 --to 2025-03-31", "2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(Doc::xml(r.out).ok());
  const std::string path = testing::TempDir() + "muster-chart.svg";
  spit(path, "old");
  const auto w = run_muster("chart " + haiti_log + " --from 2024-06-01 --to 2025-03-31 --step month-end --out " +
                                shell_quoted(path),
                            "2>&1");
  EXPECT_EQ(w.status, 0) << w.out;
  EXPECT_EQ(w.out, "");
  EXPECT_TRUE(Doc::xml(slurp(path)).ok());
}

TEST(ChartCommand, AFailedWriteIsAnErrorAndLeavesNoFile) {
  const auto full = run_muster("chart " + haiti_log + " --from 2024-06-01 --to 2025-03-31", "2>&1 >/dev/full");
  EXPECT_EQ(full.status, 1);
  EXPECT_EQ(full.out, "muster: cannot write standard output: No space left on device\n");
  const auto nodir = run_muster("report " + haiti_log + " --out /nonexistent-dir/r.html", "2>&1");
  EXPECT_EQ(nodir.status, 1);
  EXPECT_NE(nodir.out.find("cannot write /nonexistent-dir/r.html"), std::string::npos) << nodir.out;
}

// Where standard error is full too, nothing can be said, but the exit
// status still tells (no abort from an error message that cannot be written).
TEST(ChartCommand, AFullStandardErrorTooStillExitsOne) {
  for (const char* cmd : {"chart HAITI --from 2024-06-01 --to 2025-03-31", "strength HAITI --on 2025-01-19",
                          "strength no-such.csv --on 2025-01-19", "strength HAITI --onn 2025-01-19"}) {
    std::string c = cmd;
    c.replace(c.find("HAITI") == std::string::npos ? 0 : c.find("HAITI"), c.find("HAITI") == std::string::npos ? 0 : 5,
              haiti_log);
    const auto r = run_muster(c, ">/dev/full 2>&1");
    EXPECT_TRUE(r.status == 1 || r.status == 2) << cmd << ": " << r.status;
  }
}

TEST(ChartCommand, UsageErrors) {
  const auto backwards = run_muster("chart " + haiti_log + " --from 2025-03-31 --to 2024-06-01", "2>&1");
  EXPECT_EQ(backwards.status, 2);
  EXPECT_NE(backwards.out.find("see 'muster chart --help'"), std::string::npos) << backwards.out;
  const auto no_out = run_muster("report " + haiti_log, "2>&1");
  EXPECT_EQ(no_out.status, 2);
  EXPECT_NE(no_out.out.find("--out"), std::string::npos) << no_out.out;
  const auto small = run_muster("chart " + haiti_log + " --from 2024-06-01 --to 2025-03-31 --width 10", "2>&1");
  EXPECT_EQ(small.status, 2) << small.out;
}

TEST(ReportCommand, HeadlineDaysAreRepeatable) {
  const std::string path = testing::TempDir() + "muster-report.html";
  const auto r = run_muster("report " + haiti_log + " --on 2025-01-17 --on 2025-01-19 --out " + shell_quoted(path),
                            "2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  const Doc d = Doc::html(slurp(path));
  const std::string heads = d.text("//section[@class='strength']/h2");
  EXPECT_NE(heads.find("2025-01-17"), std::string::npos) << heads;
  EXPECT_NE(heads.find("2025-01-19"), std::string::npos) << heads;
  EXPECT_NE(d.text("//section[@class='strength'][2]").find("617"), std::string::npos);
}

}  // namespace

// Issue 23: no library function depends on the global locale. Under tr_TR
// the C++ global locale names January "Oca"; the chart's ticks stay English
// ("Jan"), whatever the host program has set.
TEST(ChartLocale, TickNamesAreTheSameUnderATurkishGlobalLocale) {
  const std::string before_day = muster::render_chart(tiny(), january());
  const std::string before_month = muster::render_chart(
      tiny(), {.from = day("2024-11-01"), .to = day("2025-06-30")});
  TurkishLocale turkish;
  ASSERT_TRUE(turkish.set());
  const std::string under_day = muster::render_chart(tiny(), january());
  const std::string under_month = muster::render_chart(
      tiny(), {.from = day("2024-11-01"), .to = day("2025-06-30")});
  EXPECT_NE(before_day.find(">1 Jan<"), std::string::npos) << before_day;
  EXPECT_NE(before_month.find(">Jan 2025<"), std::string::npos) << before_month;
  EXPECT_EQ(under_day, before_day);
  EXPECT_EQ(under_month, before_month);
}
