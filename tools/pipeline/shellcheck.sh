#!/usr/bin/env bash
# Prints the path of a shellcheck binary, installing Debian's package if none is there (test-pipeline needs it):
# as root with apt-get install; as anyone else by unpacking the package into build/tools (apt-get download needs no
# privilege, only the package lists, which an `apt-get update` by root has left). Says why when it cannot.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
local_bin=$here/build/tools/shellcheck/usr/bin/shellcheck
if command -v shellcheck > /dev/null; then command -v shellcheck; exit 0; fi
if [ -x "$local_bin" ]; then echo "$local_bin"; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  { apt-cache show shellcheck > /dev/null 2>&1 || apt-get update -qq; } >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >&2 && command -v shellcheck && exit 0
fi
if command -v apt-get > /dev/null && command -v dpkg > /dev/null; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  if (cd "$work" && apt-get download -qq shellcheck >&2) && dpkg -x "$work"/shellcheck_*.deb "$here/build/tools/shellcheck"; then
    echo "$local_bin"; exit 0
  fi
fi
echo "shellcheck.sh: no shellcheck and none could be installed: install Debian's shellcheck (apt-get install shellcheck)" >&2
exit 1
