#!/usr/bin/env bash
# Packaging steps of lambda/lambda.mk, kept out of make so that they read the same on Linux and macOS.
#
#   lambda/package.sh zip OUT.zip DIR FILE...              a reproducible zip of DIR's FILEs
#   lambda/package.sh metadata ZIP RUNTIME ARCH HANDLER    the JSON main/Router/RouterPackage.cs reads, on stdout
#
# A zip holds, besides the bytes, each entry's name, order, time stamp, mode and "extra fields" (owner, access
# times). All of them are fixed here, so that the same files give the same zip wherever and whenever they are
# zipped: names in byte order, one time stamp (2020-01-01 00:00 UTC), mode 755 for `bootstrap` and 644 for the
# rest, no extra fields (-X), no directory entries (-D).
set -euo pipefail

case "${1:-}" in
  zip)
    out=$2 dir=$3
    shift 3
    [ $# -gt 0 ] || { echo "package.sh zip: no files to zip from $dir" >&2; exit 1; }
    stage=$(mktemp -d "${TMPDIR:-/tmp}/webfinger-router-zip.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    names=$(printf '%s\n' "$@" | LC_ALL=C sort)
    for name in $names; do
      cp "$dir/$name" "$stage/$name"
      if [ "$name" = bootstrap ]; then chmod 755 "$stage/$name"; else chmod 644 "$stage/$name"; fi
      TZ=UTC touch -t 202001010000.00 "$stage/$name"
    done
    mkdir -p "$(dirname "$out")"
    rm -f "$out"
    abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
    # shellcheck disable=SC2086 # names are single words (checked by the build's own file names)
    (cd "$stage" && TZ=UTC zip -q -X -D -9 "$abs_out" $names)
    ;;
  metadata)
    zip=$2 runtime=$3 arch=$4 handler=$5
    node -e '
      const [zip, runtime, architecture, handler] = process.argv.slice(1);
      const bytes = require("node:fs").readFileSync(zip);
      const sha256 = require("node:crypto").createHash("sha256").update(bytes).digest("hex");
      console.log(JSON.stringify({ runtime, architecture, handler, sha256, size: bytes.length, zip }));
    ' "$zip" "$runtime" "$arch" "$handler"
    ;;
  *)
    echo "usage: $0 zip OUT.zip DIR FILE... | metadata ZIP RUNTIME ARCH HANDLER" >&2
    exit 2
    ;;
esac
