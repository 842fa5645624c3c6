#!/usr/bin/env bash
# muster.pc is relocatable: install into a scratch prefix with --prefix, move
# the whole tree elsewhere, and build and run a program with nothing but
# `pkg-config --cflags --libs muster` from the moved copy.
set -euo pipefail
root="$PWD"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cmake --install build/ci --prefix "$scratch/first" >/dev/null
mv "$scratch/first" "$scratch/moved"
pc_dir="$(dirname "$(find "$scratch/moved" -name muster.pc | head -1)")"
flags="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs muster)"
echo "pkg-config --cflags --libs muster: $flags"
case "$flags" in
  *"$scratch/moved/"*) ;;
  *) echo "muster.pc does not point into the moved prefix" >&2; exit 1 ;;
esac
# No -std (a user's -std=c++23 must stay), and date's definitions as CMake's
# date::date target gives them.
case "$flags" in
  *-std=*) echo "muster.pc names a -std: $flags" >&2; exit 1 ;;
esac
case "$flags" in
  *-DONLY_C_LOCALE=1*) ;;
  *) echo "muster.pc leaves out date::date's definitions: $flags" >&2; exit 1 ;;
esac
# shellcheck disable=SC2086  # the flags are words
g++ -std=c++20 -o "$scratch/quickstart" "$root/examples/quickstart/main.cpp" \
  -DMUSTER_HAITI_LOG="\"$root/examples/haiti_mss/mss.csv\"" $flags
(cd "$scratch" && ./quickstart "$root/examples/haiti_mss/mss.csv") | grep -q '^KEN 617$'
echo "a program built with pkg-config alone ran"
# The chart and the report: muster-pictures.pc, on top of muster.pc.
cat > "$scratch/chart.cpp" <<'CPP'
#include <muster/chart.hpp>
#include <cstdio>
int main(int, char** argv) {
  const muster::Log log = muster::read_log(argv[1]);
  const std::string svg = muster::render_chart(log, {.from = *muster::parse_day("2024-06-01"),
                                                      .to = *muster::parse_day("2025-03-31")});
  std::printf("%s\n", svg.substr(0, 4).c_str());
}
CPP
pictures="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs muster-pictures)"
# shellcheck disable=SC2086  # the flags are words
g++ -std=c++20 -o "$scratch/chart" "$scratch/chart.cpp" $pictures
"$scratch/chart" "$root/examples/haiti_mss/mss.csv" | grep -q '^<svg\|^<?xm'
echo "a chart built with pkg-config muster-pictures alone ran"
