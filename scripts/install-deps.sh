#!/usr/bin/env bash
# Installs, from Debian's archive, whatever muster needs to build, test and
# benchmark that this machine lacks. Needs root (or sudo) and apt.
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config iso-codes
          libhowardhinnant-date-dev libfmt-dev libcli11-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev
          clang libclang-rt-14-dev
          libboost-dev libsqlite3-dev sqlite3 time libz3-dev
          libkainjow-mustache-dev libxml2-dev libxml2-utils chromium fonts-dejavu-core
          locales
          pybind11-dev python3-dev python3-pytest python3-pandas python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "muster: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The locale tests (import_test's TurkishLocale) run under tr_TR.UTF-8.
if ! locale -a 2>/dev/null | grep -qi '^tr_TR\.utf-\?8$'; then
  echo "muster: generating the locale tr_TR.UTF-8"
  $sudo sed -i 's/^# *tr_TR.UTF-8 UTF-8/tr_TR.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^tr_TR.UTF-8 UTF-8' /etc/locale.gen || echo 'tr_TR.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >/dev/null
fi
