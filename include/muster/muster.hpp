// muster/muster.hpp — everything: read a deployment log, ask who was present.
//
//     #include <muster/muster.hpp>
//     auto log = muster::read_log("mss.csv");
//     muster::Timeline t{log};
//     fmt::print("{:L}\n", t.strength(*muster::parse_day("2025-01-19")));
#pragma once

#include "muster/chart.hpp"
#include "muster/country.hpp"
#include "muster/csv.hpp"
#include "muster/day.hpp"
#include "muster/event.hpp"
#include "muster/explain.hpp"
#include "muster/format.hpp"
#include "muster/generate.hpp"
#include "muster/import.hpp"
#include "muster/log.hpp"
#include "muster/query.hpp"
#include "muster/rules.hpp"
#include "muster/reconcile.hpp"
#include "muster/report.hpp"
#include "muster/timeline.hpp"
#include "muster/value.hpp"
#include "muster/write.hpp"
