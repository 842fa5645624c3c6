#!/usr/bin/env bash
# Builds muster and runs every test: each script of tests/ci/ in name order
# (the unit and command tests, the installed-package consumer, sanitizer runs,
# fuzz smoke runs, benchmark smoke runs). Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
start=$(date +%s)
for step in tests/ci/[0-9]*.sh; do
  echo "=== ${step}"
  bash "$step"
done
echo "=== every test passed in $(( $(date +%s) - start )) s"
