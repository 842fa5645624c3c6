#!/usr/bin/env bash
# Installs muster into a scratch prefix and builds examples/consumer against
# it with find_package(muster), then runs it.
set -euo pipefail
prefix="$PWD/build/ci-install"
rm -rf "$prefix" build/ci-consumer
cmake --install build/ci --prefix "$prefix" >/dev/null
cmake -S examples/consumer -B build/ci-consumer -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build/ci-consumer
build/ci-consumer/consumer examples/haiti_mss/mss.csv
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs muster
