#!/usr/bin/env bash
# Finds moto's server for make test-review, or installs it, and prints its path on stdout (the suite's MOTO_SERVER).
#   1. build/moto/bin/moto_server, from an earlier run of this script;
#   2. moto_server on PATH whose Python has moto 5.2.1 (the machine image's);
#   3. otherwise: python3 -m venv build/moto && pip install 'moto[server]==5.2.1', as any pinned Python tool.
# When none works (no python3 with venv, no PyPI), it says so loudly on stderr and exits 1: the suite then fails,
# it is never skipped.
set -euo pipefail
want=5.2.1
venv=build/moto

if [[ -x $venv/bin/moto_server ]] && "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$want')" 2>/dev/null; then
  echo "$(pwd)/$venv/bin/moto_server"; exit 0
fi

if found=$(command -v moto_server 2>/dev/null); then
  # The script's own interpreter names the Python the server runs on (a pyenv shim resolves it).
  version=$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || true)
  if [[ $version == "$want" ]]; then
    echo "$found"; exit 0
  fi
  echo "moto-setup: moto_server on PATH ($found) is moto ${version:-of an unknown version}, not $want: installing $want into $venv" >&2
fi

echo "moto-setup: installing moto[server]==$want into $venv (python3 -m venv, pip)" >&2
if python3 -m venv "$venv" >&2 && "$venv/bin/pip" install --disable-pip-version-check -q "moto[server]==$want" >&2 \
   && [[ -x $venv/bin/moto_server ]]; then
  echo "$(pwd)/$venv/bin/moto_server"; exit 0
fi

cat >&2 <<MSG
moto-setup: ************************************************************************************************
moto-setup: NO MOTO: moto_server $want is not on PATH and could not be installed into $venv
moto-setup: (python3 -m venv + pip install 'moto[server]==$want' failed: no python3/venv, or PyPI unreachable).
moto-setup: make test-review needs it for real plans against a real prior state; the suite FAILS without it.
moto-setup: Install it (pip install 'moto[server]==$want') and rerun, or set MOTO_SERVER=/path/to/moto_server.
moto-setup: ************************************************************************************************
MSG
exit 1
