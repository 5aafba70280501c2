#!/usr/bin/env bash
# Checks that the router's packages are reproducible: the same source builds the same bytes wherever the clone is.
#
#   lambda/reproducible.sh dotnet10   the managed dotnet10 zip (make test: one JIT publish, ~20 s)
#   lambda/reproducible.sh aot        the Native AOT zip too (make test-reproducible-aot: a second AOT publish)
#
# It copies the tracked files of this clone into a temporary folder at another path (of another length), builds
# the packages there with the same make targets, and compares their SHA-256 with this clone's own build, which
# make has brought up to date first. Prints `test-reproducible: Failed: N, Passed: N` (counted by make test);
# exits 1 on any difference, naming the files that differ.
set -euo pipefail
what=${1:?usage: lambda/reproducible.sh dotnet10|aot}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

case "$what" in
  # LAMBDA_PACKAGE=dotnet10: the JIT publish then does not wait for (and so build) an AOT bootstrap first.
  dotnet10) targets=(build/lambda/webfinger-router-dotnet10.zip) package=dotnet10 ;;
  aot) targets=(build/lambda/webfinger-router-dotnet10.zip build/lambda/webfinger-router-aot.zip) package=aot ;;
  *) echo "usage: lambda/reproducible.sh dotnet10|aot" >&2; exit 2 ;;
esac

other=$(mktemp -d "${TMPDIR:-/tmp}/edge-router-reproducible.XXXXXX")
trap 'rm -rf "$other"' EXIT
copy=$other/a-second-clone-at-another-path
mkdir -p "$copy"
if git -C "$repo" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  git -C "$repo" ls-files -z --cached --others --exclude-standard | (cd "$repo" && tar --null -T - -cf -) | tar -C "$copy" -xf -
else
  tar -C "$repo" --exclude=./build --exclude=./node_modules --exclude=./.bindings --exclude=./cdktf.out \
    --exclude='*/bin' --exclude='*/obj' -cf - . | tar -C "$copy" -xf -
fi

started=$SECONDS
echo "test-reproducible: building ${targets[*]#build/lambda/} in $copy"
make -C "$copy" --no-print-directory LAMBDA_PACKAGE=$package "${targets[@]}" > "$other/build.log" 2>&1 || { cat "$other/build.log"; exit 1; }
echo "test-reproducible: built in $((SECONDS - started)) s"

passed=0 failed=0
for target in "${targets[@]}"; do
  here=$(sha256sum "$repo/$target" | cut -d' ' -f1)
  there=$(sha256sum "$copy/$target" | cut -d' ' -f1)
  if [ "$here" = "$there" ]; then
    echo "  ok   $target: $here at both paths"
    passed=$((passed + 1))
  else
    echo "  FAIL $target differs: $here ($repo) vs $there ($copy)"
    if command -v unzip > /dev/null; then
      diff <(cd "$repo" && unzip -lv "$target" | sed 1d) <(cd "$copy" && unzip -lv "$target" | sed 1d) | sed 's/^/       /' || true
    fi
    failed=$((failed + 1))
  fi
done
echo "test-reproducible: Failed: $failed, Passed: $passed"
[ "$failed" = 0 ]
