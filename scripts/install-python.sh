#!/usr/bin/env bash
# Installs the Python module built in BUILD (default: build) into the system
# interpreter's site directory (/usr/local/lib/python3.11/dist-packages on
# Debian 12; docs/python.md says why CMake's install and not pip), so that
# `python3 -c "import muster"` works from any directory. Needs root (or
# sudo) for /usr/local, as scripts/install-deps.sh does.
#   install-python.sh [BUILD]
set -euo pipefail
build=${1:-build}
if [ ! -f "$build/CMakeCache.txt" ]; then
  echo "install-python.sh: $build is not a CMake build directory" >&2
  exit 2
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo cmake --install "$build" --component python
