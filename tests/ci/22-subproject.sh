#!/usr/bin/env bash
# muster as a subproject (add_subdirectory) of a parent with no build type
# and its own fmt: the parent's cache keeps no build type, the command is not
# built, the parent's program links and runs, and the parent's install puts
# in nothing of muster (tests/ci/subproject/).
set -euo pipefail
root="$PWD"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cmake -S tests/ci/subproject -B "$scratch/build" -G Ninja -DMUSTER_SOURCE_DIR="$root" > /dev/null
if grep -q '^CMAKE_BUILD_TYPE:STRING=.\+' "$scratch/build/CMakeCache.txt"; then
  echo "the parent's cache has a build type: $(grep '^CMAKE_BUILD_TYPE' "$scratch/build/CMakeCache.txt")" >&2
  exit 1
fi
cmake --build "$scratch/build"
"$scratch/build/parent" examples/haiti_mss/mss.csv | grep -q '^KEN 617$'
cmake --install "$scratch/build" --prefix "$scratch/prefix" > /dev/null
installed="$(cd "$scratch/prefix" && find . -type f | sort)"
if [ "$installed" != "./bin/parent" ]; then
  echo "the parent's install put in more than its own program:" >&2
  echo "$installed" >&2
  exit 1
fi
echo "muster as a subproject: no build type set, no command built, nothing of muster installed"
