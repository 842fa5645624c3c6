// src/explain.hpp — muster::explain for a caller that has applied the view
// already (private to the library; the public form is
// include/muster/explain.hpp, which makes a ViewRuns and calls this).
#pragma once

#include "muster/day.hpp"
#include "muster/explain.hpp"
#include "muster/query.hpp"
#include "view_runs.hpp"

namespace muster::detail {

/// muster::explain (src/explain.cpp) under `runs`' view; `runs` has run the
/// contingents that `filter` matches.
Explanation explain(const ViewRuns& runs, Day day, const Filter& filter);

}  // namespace muster::detail
