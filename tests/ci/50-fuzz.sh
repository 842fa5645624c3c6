#!/usr/bin/env bash
# Fuzz smoke runs: every libFuzzer target of tests/fuzz/ built with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, run for 60 seconds on its
# seed corpus (tests/fuzz/corpus/NAME/, copied: new inputs stay in the build
# directory), two targets at once. A crash, leak, timeout or memory blow-up fails CI; libFuzzer
# leaves the input that did it as $fuzz/crash-* etc.
set -euo pipefail
start=$(date +%s)
fuzz=${MUSTER_FUZZ_DIR:-build/ci-asan}   # the sanitizer build of 30-sanitizers.sh
seconds=${MUSTER_FUZZ_SECONDS:-60}
bash tests/ci/configure-asan.sh "$fuzz"
targets=()
for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
cmake --build "$fuzz" --target "${targets[@]}"
echo "--- fuzz build: $(( $(date +%s) - start )) s"
# One target on each of the machine's two cores at a time.
run_target() {
  local t=$1 name=${1#fuzz_}
  local corpus=$fuzz/corpus/$name
  rm -rf "$corpus" && mkdir -p "$corpus"
  # -close_fd_mask=2 keeps muster's own error messages out of the log;
  # libFuzzer's output and any sanitizer report still show.
  "$fuzz/tests/fuzz/$t" "$corpus" "tests/fuzz/corpus/$name" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -close_fd_mask=2 \
    -artifact_prefix="$fuzz/$name-" -print_final_stats=1 >"$fuzz/$name.log" 2>&1
}
failed=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pair=("${targets[@]:i:2}")
  pids=()
  for t in "${pair[@]}"; do
    echo "--- $t: ${seconds} s"
    run_target "$t" & pids+=($!)
  done
  for k in "${!pair[@]}"; do
    t=${pair[$k]}
    status=0
    wait "${pids[$k]}" || status=$?
    echo "--- $t"
    grep -Ev '^#[0-9]+.*(NEW|REDUCE|pulse)|^INFO' "$fuzz/${t#fuzz_}.log" | tail -n 60
    [ "$status" -eq 0 ] || { echo "$t failed (exit $status)"; failed=1; }
  done
done
[ "$failed" -eq 0 ] || exit 1
echo "--- fuzz: $(( $(date +%s) - start )) s"
