#!/usr/bin/env bash
# Installs muster into a scratch prefix and builds examples/consumer and
# examples/writer against it with find_package(muster), then runs them.
set -euo pipefail
prefix="$PWD/build/ci-install"
rm -rf "$prefix" build/ci-consumer build/ci-writer
cmake --install build/ci --prefix "$prefix" >/dev/null
cmake -S examples/consumer -B build/ci-consumer -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build/ci-consumer
build/ci-consumer/consumer examples/haiti_mss/mss.csv
cmake -S examples/writer -B build/ci-writer -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build/ci-writer
build/ci-writer/writer build/ci-writer
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs muster
