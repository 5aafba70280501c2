#!/usr/bin/env bash
# The saved plan travels between the plan job and the apply job as one encrypted file, because a saved plan holds
# the prior state (the origin secret included) and artifacts can be read by anyone who can read the repository.
#   bundle.sh pack   STACK_DIR PLAN_FILE OUT_FILE   tar of the stack folder (cdk.tf.json, assets, lock file; not .terraform/)
#                                                   and the plan, encrypted (AES-256, PBKDF2 from EDGE_ROUTER_PLAN_PASSPHRASE)
#   bundle.sh unpack IN_FILE STACK_DIR              the reverse, into an empty STACK_DIR
# The apply job applies in exactly that folder: the configuration and the router zip that were planned.
#
# The file is one header line, `edge-router-plan-bundle 1 <HMAC-SHA256 of the rest, hex>`, then the ciphertext. CBC
# has no integrity of its own: without the MAC, flipping bits of one block changes chosen bits of the next (tar's
# headers are predictable), and a changed artifact would decrypt. The MAC's key is SHA-256 of a label and the
# passphrase, so only a holder of the passphrase can make a bundle that unpacks.
set -euo pipefail
HEADER="edge-router-plan-bundle 1"
# HMAC-SHA256 of stdin, hex, keyed from the passphrase (node: never the key on a command line, where ps shows it).
mac() {
  node -e 'const c = require("node:crypto");
    const h = c.createHmac("sha256", c.createHash("sha256").update("edge-router-plan-bundle-mac\0" + process.env.EDGE_ROUTER_PLAN_PASSPHRASE).digest());
    process.stdin.on("data", (d) => h.update(d)).on("end", () => process.stdout.write(h.digest("hex")));'
}
die() { echo "bundle: $*" >&2; exit 2; }
[ -n "${EDGE_ROUTER_PLAN_PASSPHRASE:-}" ] || die "EDGE_ROUTER_PLAN_PASSPHRASE is not set: add it as a repository secret (README, Run it from GitHub)"
[ "${#EDGE_ROUTER_PLAN_PASSPHRASE}" -ge 32 ] || die "EDGE_ROUTER_PLAN_PASSPHRASE is shorter than 32 characters: use openssl rand -hex 32"
# True when every member of the tar file $1 is a regular file or a folder with a relative name and no '..' part.
safe_members() {
  local types names
  types=$(LC_ALL=C tar -tvf "$1" 2> /dev/null) || return 1
  names=$(LC_ALL=C tar -tf "$1" 2> /dev/null) || return 1
  # The type is the first letter of the mode column: - a file, d a folder; l, h, c, b, p and the rest are refused.
  if printf '%s\n' "$types" | grep -qv '^[-d]'; then return 1; fi
  if printf '%s\n' "$names" | grep -qE '^/|(^|/)\.\.(/|$)'; then return 1; fi
  return 0
}
cipher=(-aes-256-cbc -pbkdf2 -iter 200000 -md sha256 -pass env:EDGE_ROUTER_PLAN_PASSPHRASE)
case "${1:-}" in
  pack)
    [ $# = 4 ] || die "usage: bundle.sh pack STACK_DIR PLAN_FILE OUT_FILE"
    [ -d "$2" ] || die "no stack folder $2"
    [ -f "$3" ] || die "no saved plan $3"
    mkdir -p "$(dirname "$4")"
    staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
    tar -C "$2" --exclude=./.terraform --exclude='./*.tfplan' -cf "$staging/stack.tar" .
    cp "$3" "$staging/plan.tfplan"
    tar -C "$staging" -cf - stack.tar plan.tfplan | openssl enc -e "${cipher[@]}" -out "$staging/cipher"
    { printf '%s %s\n' "$HEADER" "$(mac < "$staging/cipher")"; cat "$staging/cipher"; } > "$staging/bundle"
    mv "$staging/bundle" "$4"
    ;;
  unpack)
    [ $# = 3 ] || die "usage: bundle.sh unpack IN_FILE STACK_DIR"
    [ -f "$2" ] || die "no bundle $2"
    staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
    # NUL bytes become '?' (which no header holds): bash would drop them with a warning of its own, a second line on
    # an old-format bundle (openssl's salt is random bytes) where the refusal must be one line.
    header=$(head -c 100 "$2" | head -n 1 | LC_ALL=C tr '\0' '?')
    [[ $header =~ ^$HEADER\ ([0-9a-f]{64})$ ]] || die "$2 is not a plan bundle (no \"$HEADER\" header: made by an older bundle.sh, or not by it): refused, nothing unpacked"
    tail -c +$((${#header} + 2)) "$2" > "$staging/cipher"
    [ "$(mac < "$staging/cipher")" = "${BASH_REMATCH[1]}" ] \
      || die "cannot decrypt $2: EDGE_ROUTER_PLAN_PASSPHRASE is not the one the plan job used, or the file was changed after the plan job made it (its MAC does not match): refused, nothing unpacked"
    openssl enc -d "${cipher[@]}" -in "$staging/cipher" -out "$staging/bundle.tar" 2> "$staging/err" \
      || die "cannot decrypt $2: EDGE_ROUTER_PLAN_PASSPHRASE is not the one the plan job used, or the file is damaged"
    # Whoever holds the passphrase can craft a bundle: before anything is extracted, both archives must hold only
    # regular files and folders under relative names without '..' (no links: GNU tar would keep a link pointing
    # out of the stack folder, and terraform would read through it).
    [ "$(tar -tf "$staging/bundle.tar" 2> /dev/null | LC_ALL=C sort | tr '\n' ' ')" = "plan.tfplan stack.tar " ] \
      || die "$2 is not a plan bundle (it must hold exactly stack.tar and plan.tfplan)"
    safe_members "$staging/bundle.tar" || die "$2 holds a link, a device or a name outside its folder: refused, nothing unpacked"
    tar -C "$staging" -xf "$staging/bundle.tar"
    { [ -f "$staging/stack.tar" ] && [ ! -L "$staging/stack.tar" ] && [ -f "$staging/plan.tfplan" ] && [ ! -L "$staging/plan.tfplan" ]; } \
      || die "$2 is not a plan bundle"
    safe_members "$staging/stack.tar" || die "$2: its stack holds a link, a device or a name outside the stack folder: refused, nothing unpacked"
    rm -rf "$3" && mkdir -p "$3"
    tar -C "$3" --no-same-owner -xf "$staging/stack.tar"
    cp "$staging/plan.tfplan" "$3/reviewed.tfplan"
    ;;
  *) die "usage: bundle.sh pack|unpack …" ;;
esac
