#!/usr/bin/env bash
# The python component installed (into a scratch DESTDIR, never the system):
# the package lands in the interpreter's site directory, and, found there,
# imports from any directory and answers.
# Usage: installed.sh BUILD_DIR PYTHON SITE_DIR SOURCE_DIR
set -euo pipefail
build=$1 python=$2 site=$3 source=$4
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR="$dest" cmake --install "$build" --component python >/dev/null
test -f "$dest$site/muster/__init__.py"
test -f "$dest$site/muster/__init__.pyi"
ls "$dest$site"/muster/_native*.so >/dev/null
# Nothing else of the project goes with the component.
test -z "$(find "$dest" -type f -not -path "$dest$site/muster/*")"
cd /
PYTHONPATH="$dest$site" "$python" -c "
import muster, sys
assert muster.__file__.startswith('$dest'), muster.__file__
df = muster.read_log('$source/examples/haiti_mss/mss.csv').strength('2025-01-19', country='KEN')
assert df['estimate'].tolist() == [617], df
print('installed into', '$site', 'and imported from /')
"
