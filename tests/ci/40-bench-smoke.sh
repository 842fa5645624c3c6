#!/usr/bin/env bash
# Builds the benchmarks in Release and runs each once on tiny logs: a smoke
# test that they build, that every comparator gives muster's answers, and that
# the whole-process script works. No timing is asserted.
set -euo pipefail
build=build/ci   # the Release build of 10-build-and-test.sh, configured the same way
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-Werror \
  -DMUSTER_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target muster_bench muster_cmd
data="$build/bench-data"
rm -rf "$data"
MUSTER_BENCH_SIZES=300,3000 MUSTER_BENCH_DIR="$data" \
  "$build/bench/muster_bench" --benchmark_min_time=0.001
bench/whole_process.sh "$build/src/cli/muster" 3000 1 "$data"
# The Python module against the library in C++ (bench/python_module.py), on
# a tiny log, where the module is built.
if [ -d "$build/python/muster" ]; then
  cmake --build "$build" --target muster_python
  REPEAT=1 PYTHONPATH="$build/python" /usr/bin/python3 bench/python_module.py "$build/src/cli/muster" 3000
fi
