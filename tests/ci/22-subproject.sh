#!/usr/bin/env bash
# muster as a subproject (add_subdirectory) of a parent with no build type
# and its own fmt: the parent's cache keeps no build type, the command is not
# built, the parent's program links and runs, and the parent's install puts
# in nothing of muster (tests/ci/subproject/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root="$PWD"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The library alone needs only date and fmt: CLI11, nlohmann-json and
# kainjow-mustache are made unfindable (the last by ignoring its directory).
cmake -S tests/ci/subproject -B "$scratch/build" -G Ninja -DMUSTER_SOURCE_DIR="$root" \
  -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_IGNORE_PATH=/usr/include/kainjow > /dev/null
# No cache variable of the parent's touched: every entry that the same
# parent has without muster keeps its value.
mkdir -p "$scratch/alone"
sed '/^add_subdirectory/,$d' tests/ci/subproject/CMakeLists.txt > "$scratch/alone/CMakeLists.txt"
cmake -S "$scratch/alone" -B "$scratch/alone/build" -G Ninja > /dev/null
entries() {  # the entries of cache $1 of build $2, paths in the build written BUILD
  grep -E '^[A-Za-z_][A-Za-z0-9_.-]*:[A-Z]+=' "$1" | grep -v -e ':INTERNAL=' -e '_BINARY_DIR:' -e '_SOURCE_DIR:' |
    sed "s|$2|BUILD|g" | sort
}
changed="$(comm -23 <(entries "$scratch/alone/build/CMakeCache.txt" "$scratch/alone/build") \
                    <(entries "$scratch/build/CMakeCache.txt" "$scratch/build"))"
if [ -n "$changed" ]; then
  echo "muster changed the parent's cache entries:" >&2
  echo "$changed" >&2
  exit 1
fi
for name in CLI11_DIR nlohmann_json_DIR MUSTER_MUSTACHE_INCLUDE_DIR; do
  if grep -q "^$name:" "$scratch/build/CMakeCache.txt"; then
    echo "the library-only subproject looked for $name" >&2
    exit 1
  fi
done
# muster's headers reach the parent as system headers (-isystem).
commands="$(cd "$scratch/build" && ninja -t commands parent)"
if ! grep -q -- "-isystem $root/include" <<< "$commands"; then
  echo "muster's include directory is not a system directory for the parent" >&2
  exit 1
fi
if grep -q '^CMAKE_BUILD_TYPE:STRING=.\+' "$scratch/build/CMakeCache.txt"; then
  echo "the parent's cache has a build type: $(grep '^CMAKE_BUILD_TYPE' "$scratch/build/CMakeCache.txt")" >&2
  exit 1
fi
cmake --build "$scratch/build"
"$scratch/build/parent" examples/haiti_mss/mss.csv | grep -q '^KEN 617$'
cmake --install "$scratch/build" --prefix "$scratch/prefix" > /dev/null
assert_installs_only "$scratch/prefix" bin/parent
echo "muster as a subproject: the parent's cache entries unchanged, no build type set, neither CLI11 nor nlohmann-json nor mustache needed, headers as system headers, no command built, nothing of muster installed"
