// src/reconcile.hpp — muster::reconcile for a caller that has applied the
// view already (private to the library; the public form is
// include/muster/reconcile.hpp, which makes a ViewRuns and calls this).
#pragma once

#include "muster/query.hpp"
#include "muster/reconcile.hpp"
#include "view_runs.hpp"

namespace muster::detail {

/// muster::reconcile (src/reconcile.cpp) under `runs`' view: the report
/// applies its view once for its check and every explanation.
Reconciliation reconcile(const ViewRuns& runs, const Filter& filter);

}  // namespace muster::detail
