#!/usr/bin/env bash
# Configures DIR as the clang AddressSanitizer + UndefinedBehaviorSanitizer
# build shared by 30-sanitizers.sh (every test) and 50-fuzz.sh (the libFuzzer
# targets). Not a CI step itself: its name has no number.
set -euo pipefail
dir=$1
flags="-fsanitize=address,undefined,fuzzer-no-link -O1 -g1 -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S . -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None \
  -DMUSTER_BUILD_EXAMPLES=OFF -DMUSTER_BUILD_FUZZ=ON -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
