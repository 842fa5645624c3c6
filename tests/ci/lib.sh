# Functions shared by the scripts of tests/ci/ (sourced, not run: its name
# starts with no digit, so scripts/test-all.sh does not run it as a step).

# assert_installs_only PREFIX FILE: fails, saying which files should not be
# there (or that FILE is missing), unless the only file installed under
# PREFIX is FILE, a path relative to PREFIX (bin/parent): a parent's install
# puts in its own program and nothing of muster.
assert_installs_only() {
  local prefix="$1" file="$2" installed extra
  installed="$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)"
  if [ "$installed" = "$file" ]; then
    return 0
  fi
  extra="$(grep -vxF -- "$file" <<< "$installed" || true)"
  if [ -n "$extra" ]; then
    echo "the parent's install under $prefix put in more than its own program ($file), these too:" >&2
    sed 's/^/  /' <<< "$extra" >&2
  fi
  if ! grep -qxF -- "$file" <<< "$installed"; then
    echo "the parent's install under $prefix did not put in its own program ($file)" >&2
  fi
  return 1
}
