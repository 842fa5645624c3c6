#!/usr/bin/env bash
# Installs muster into a scratch prefix and builds examples/consumer,
# examples/writer and examples/test_harness against it with
# find_package(muster), then runs them. The consumer is built as if
# GoogleTest were absent: muster must be found without it.
set -euo pipefail
prefix="$PWD/build/ci-install"
rm -rf "$prefix" build/ci-consumer build/ci-writer build/ci-test-harness
cmake --install build/ci --prefix "$prefix" >/dev/null
cmake -S examples/consumer -B build/ci-consumer -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
cmake --build build/ci-consumer
build/ci-consumer/consumer examples/haiti_mss/mss.csv
cmake -S examples/writer -B build/ci-writer -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build/ci-writer
build/ci-writer/writer build/ci-writer
cmake -S examples/test_harness -B build/ci-test-harness -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build/ci-test-harness
build/ci-test-harness/test_harness
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs muster
# The contracts the headers cite and the licence are installed beside them.
for doc in LICENSE CHANGELOG.md limits.md stability.md spec/event-log-v1.md spec/cli.md; do
  test -s "$prefix/share/doc/muster/$doc" || { echo "not installed: share/doc/muster/$doc" >&2; exit 1; }
done
# COMPONENTS pictures finds muster::pictures.
pictures="$(mktemp -d)"
cat > "$pictures/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(pictures LANGUAGES CXX)
find_package(muster CONFIG REQUIRED COMPONENTS pictures)
if(NOT TARGET muster::pictures)
  message(FATAL_ERROR "COMPONENTS pictures without muster::pictures")
endif()
CMAKE
cmake -S "$pictures" -B "$pictures/build" -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
rm -rf "$pictures"
echo "docs installed; COMPONENTS pictures found"
# A misspelt component is named in the error, not reported as muster missing.
misspelt="$(mktemp -d)"
trap 'rm -rf "$misspelt"' EXIT
cat > "$misspelt/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(misspelt LANGUAGES CXX)
find_package(muster CONFIG REQUIRED COMPONENTS tseting)
CMAKE
if cmake -S "$misspelt" -B "$misspelt/build" -DCMAKE_PREFIX_PATH="$prefix" > "$misspelt/out" 2>&1; then
  echo "find_package(muster COMPONENTS tseting) succeeded" >&2
  exit 1
fi
grep -q "muster has no component 'tseting'" "$misspelt/out" || { cat "$misspelt/out" >&2; exit 1; }
echo "a misspelt component is named"
# Before 1.0 only the same minor version satisfies a request (docs/stability.md).
version="$(sed -n 's/^project(muster VERSION \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p' CMakeLists.txt)"
older="$(mktemp -d)"
cat > "$older/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(older LANGUAGES CXX)
find_package(muster \${WANT} CONFIG REQUIRED)
CMAKE
cmake -S "$older" -B "$older/build" -DCMAKE_PREFIX_PATH="$prefix" -DWANT="$version" > /dev/null
if cmake -S "$older" -B "$older/build2" -DCMAKE_PREFIX_PATH="$prefix" -DWANT=0.1 > /dev/null 2>&1; then
  echo "find_package(muster 0.1) accepted version $version" >&2
  exit 1
fi
rm -rf "$older"
echo "find_package(muster $version) found; 0.1 refused"
