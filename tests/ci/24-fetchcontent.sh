#!/usr/bin/env bash
# muster through FetchContent, cloned from this repository at HEAD, in a parent
# with no build type that links muster::muster, muster::testing and GoogleTest
# (tests/ci/fetchcontent/): the parent's cache keeps no build type, every type
# muster formats prints in words through fmt and through GoogleTest's printers
# (tests/ci/fetchcontent/expected.txt), fmt's own sys_days formatting is
# intact, and the parent's install puts in nothing of muster.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root="$PWD"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
commit="$(git -C "$root" rev-parse HEAD)"
cmake -S tests/ci/fetchcontent -B "$scratch/build" -G Ninja -DFETCHCONTENT_QUIET=ON \
  -DMUSTER_GIT="$root" -DMUSTER_COMMIT="$commit" > /dev/null
if grep -q '^CMAKE_BUILD_TYPE:STRING=.\+' "$scratch/build/CMakeCache.txt"; then
  echo "the parent's cache has a build type: $(grep '^CMAKE_BUILD_TYPE' "$scratch/build/CMakeCache.txt")" >&2
  exit 1
fi
cmake --build "$scratch/build"
"$scratch/build/consumer" examples/haiti_mss/mss.csv > "$scratch/output.txt"
if ! diff -u tests/ci/fetchcontent/expected.txt "$scratch/output.txt"; then
  echo "the FetchContent consumer's output differs from tests/ci/fetchcontent/expected.txt (above)" >&2
  exit 1
fi
cmake --install "$scratch/build" --prefix "$scratch/prefix" > /dev/null
assert_installs_only "$scratch/prefix" bin/consumer
echo "muster through FetchContent at ${commit:0:12}: no build type set, every formatted type printed in words by fmt and GoogleTest, nothing of muster installed"
