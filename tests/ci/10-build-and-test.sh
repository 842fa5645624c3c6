#!/usr/bin/env bash
# Release build (benchmarks too, for 40-bench-smoke.sh) with warnings as
# errors, then every ctest test.
set -euo pipefail
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-Werror \
  -DMUSTER_BUILD_BENCH=ON
cmake --build build/ci
ctest --test-dir build/ci --output-on-failure -j2
