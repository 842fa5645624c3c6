#!/usr/bin/env bash
# Installs, from Debian's archive, whatever muster needs to build, test and
# benchmark that this machine lacks. Needs root (or sudo) and apt.
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config iso-codes
          libhowardhinnant-date-dev libfmt-dev libcli11-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev
          clang libclang-rt-14-dev
          libboost-dev libsqlite3-dev sqlite3 time
          libkainjow-mustache-dev libxml2-dev libxml2-utils chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "muster: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
