#!/usr/bin/env bash
# The whole test suite (unit tests, command tests, the hostile-input corpus,
# the Python module's tests) built with AddressSanitizer +
# UndefinedBehaviorSanitizer, any report fatal (the Python tests preload
# clang's ASan runtime into /usr/bin/python3, leak detection off there:
# python/CMakeLists.txt);
# then the concurrent-query test and the two-thread reading tests under
# ThreadSanitizer.
set -euo pipefail
start=$(date +%s)
asan=${MUSTER_ASAN_DIR:-build/ci-asan} tsan=${MUSTER_TSAN_DIR:-build/ci-tsan}
# Build type None: only these flags (RelWithDebInfo would append -O2 -DNDEBUG).
# -g1 keeps stack traces readable and compiles much faster than -g.
san_flags="-O1 -g1 -fno-omit-frame-pointer -fno-sanitize-recover=all"

# One clang build serves the tests here and the fuzz targets of 50-fuzz.sh
# (fuzzer-no-link only adds coverage counters), so the library is built once.
bash tests/ci/configure-asan.sh "$asan"
cmake --build "$asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$asan" --output-on-failure -j2
echo "--- ASan + UBSan: $(( $(date +%s) - start )) s"

if [ -f tests/threads_test.cpp ]; then
  cmake -S . -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DMUSTER_BUILD_EXAMPLES=OFF -DCMAKE_CXX_FLAGS="-fsanitize=thread $san_flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
  cmake --build "$tsan" --target threads_test split_test
  # ThreadSanitizer needs a fixed address layout on kernels with many
  # random mmap bits: setarch -R turns randomization off for this run.
  # split_test reads, checks and indexes logs on two threads.
  for t in threads_test split_test; do
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
      setarch "$(uname -m)" -R "$tsan/tests/$t"
  done
else
  echo "tests/threads_test.cpp does not exist: no ThreadSanitizer run"
fi
echo "--- sanitizers: $(( $(date +%s) - start )) s"
