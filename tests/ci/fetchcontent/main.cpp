// A consumer's program that links muster::muster and muster::testing from
// FetchContent: every type muster formats, printed through fmt and through
// GoogleTest's printers (muster/testing.hpp), values taken from the Haiti
// log (argv[1]) where it has them. tests/ci/24-fetchcontent.sh compares the
// output with expected.txt.
#include <muster/muster.hpp>
#include <muster/testing.hpp>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

// `fmt NAME: ...` and `gtest NAME: ...`, as fmt and GoogleTest print x.
template <class T>
void show(std::string_view name, const T& x) {
  fmt::print("fmt {}: {}\n", name, x);
  fmt::print("gtest {}: {}\n", name, ::testing::PrintToString(x));
}

// The value of an optional the program needs, or an exit naming what is missing.
template <class T>
const T& need(const std::optional<T>& x, std::string_view what) {
  if (!x) {
    fmt::print(stderr, "consumer: no {}\n", what);
    std::exit(1);
  }
  return *x;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: consumer LOG.csv\n");
    return 2;
  }
  const muster::Log log = muster::read_log(argv[1]);
  const muster::Day jan19 = need(muster::parse_day("2025-01-19"), "day 2025-01-19");
  const muster::Day jan20 = need(muster::parse_day("2025-01-20"), "day 2025-01-20");
  const muster::Day jan26 = need(muster::parse_day("2025-01-26"), "day 2025-01-26");
  const muster::Country ken = need(muster::Country::find("Kenya"), "country Kenya");
  const muster::Timeline timeline{log};
  const muster::Value strength = timeline.strength(jan19);
  const muster::Event first = log.event(0);
  const muster::Event planned = need(log.find("ken-planned-200"), "row ken-planned-200");

  show("Value", strength);
  fmt::print("fmt Value {{:>24L}}: |{:>24L}|\n", strength);
  show("Country", need(first.country, "country of the first row"));
  show("Day", muster::Day{date::year{2025} / 1 / 18});
  show("Period", first.date);
  show("Kind", first.kind);
  show("Contingent", first.contingent());

  // A diagnostic as the library writes it for a row it refuses.
  try {
    (void)muster::parse_log("id,kind,date,mission,country,count\nr1,landing,2025-01-18,MSS,KEN,217\n",
                            "bad.csv");
    fmt::print(stderr, "consumer: a log of kind 'landing' was accepted\n");
    return 1;
  } catch (const muster::LogRefused& refused) {
    show("Diagnostic", refused.diagnostics().at(0));
  }

  show("Status", planned.status);
  show("GroupBy", need(muster::parse_group_by("country"), "grouping country"));
  show("SampleStep", need(muster::parse_sample_step("month-end"), "sample step month-end"));
  show("Column", need(muster::parse_column("supersedes"), "column supersedes"));

  const muster::Filter kenya{.mission = std::string("MSS"), .country = ken};
  const muster::Explanation why = muster::explain(log, jan26, kenya);
  if (why.hidden.empty() || why.hidden.front().reasons.empty() || why.steps.empty()) {
    fmt::print(stderr, "consumer: the explanation of 2025-01-26 hides no row or has no step\n");
    return 1;
  }
  show("HiddenBecause", why.hidden.front().reasons.front().because);
  show("StaleAfter", need(muster::parse_stale_after("30d"), "stale-after 30d"));
  show("Vantage", muster::Vantage{.as_of = jan20, .include_planned = true});
  show("Filter", kenya);
  show("Event", first);

  const std::vector<muster::Group> groups = timeline.strength_by(muster::GroupBy::country, jan19);
  const muster::Group* kenya_group = nullptr;
  for (const muster::Group& g : groups)
    if (g.key.country == ken) kenya_group = &g;
  if (!kenya_group) {
    fmt::print(stderr, "consumer: no group KEN on 2025-01-19\n");
    return 1;
  }
  show("Group", *kenya_group);

  const std::vector<muster::PledgeStatus> pledges = timeline.pledges(jan20);
  const muster::PledgeStatus* unknown_size = nullptr;
  for (const muster::PledgeStatus& p : pledges)
    if (!p.size_known() && !unknown_size) unknown_size = &p;
  if (pledges.empty() || !unknown_size) {
    fmt::print(stderr, "consumer: no pledges, or none of unknown size, on 2025-01-20\n");
    return 1;
  }
  show("PledgeStatus", pledges.front());
  show("PledgeStatus (size unknown)", *unknown_size);

  const muster::Reconciliation checked = muster::reconcile(log);
  if (checked.figures.empty()) {
    fmt::print(stderr, "consumer: reconcile found no figures\n");
    return 1;
  }
  const muster::FigureCheck* held = &checked.figures.front();
  for (const muster::FigureCheck& f : checked.figures)
    if (f.row.id == "ken-now-600") held = &f;
  show("Verdict", held->verdict());
  show("FigureCheck", *held);
  show("Reconciliation", checked);
  show("ShapingRow", why.steps.back());
  show("Explanation", why);
  show("HiddenReason", why.hidden.front().reasons.front());
  show("HiddenRow", why.hidden.front());
  show("Overwritten", why.overwritten());
  show("Precision", first.date.precision);
  show("StaleAfter::Unit", muster::StaleAfter::Unit::months);

  fmt::print("fmt sys_days: {}\n", fmt::format("{:%d %B %Y}", date::sys_days{date::year{2025} / 1 / 18}));
}
