#!/usr/bin/env bash
# make destroy STACK=state: the last step of taking the edge down. Deletes the state bucket (every version of every
# state file in it) and forgets it, but only when no state file in it holds a resource any more, and only with the
# state bucket's name typed as CONFIRM. Without it, it changes nothing and prints what it would do.
#
#   ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM
#
# What it reads before it deletes anything (any of it unreadable is a refusal, never a pass):
#   - every *.tfstate in the bucket itself (ops/check-state-bucket.mjs): every environment's edge stack, every
#     workspace; none may hold a resource, and no *.tflock may exist (a terraform run holds a state right now);
#   - `terraform state list` of EDGE_STACK_DIR and of every stack folder beside STATE_STACK_DIR whose backend is
#     this bucket, where initialised (what a user's own terraform commands see).
# Rerunnable: a run stopped after the bucket was deleted (Ctrl-C, a lost connection) finds it gone and only does
# the last step (the refresh that forgets it); a run after a finished one says there is nothing left.
#
# Exit codes: 0 done, or nothing left to do; 1 a refusal or a failure (nothing changed unless it says so);
# 2 CONFIRM is not the state bucket's name (nothing changed).
set -euo pipefail
state_dir=${1:?usage: ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM}
edge_dir=${2:?usage: ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM}
confirm=${3-}
terraform=${TERRAFORM:-terraform}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "destroy STACK=state: $*" >&2; exit 1; }
tfs() { "$terraform" -chdir="$state_dir" "$@"; }
indent() { sed 's/^/  /'; }

test -f "$state_dir/cdk.tf.json" || fail "no synthesized state stack in $state_dir: run make synth first"
test -d "$state_dir/.terraform" || fail "$state_dir is not initialised (no state stack was planned from here): make plan STACK=state, or terraform -chdir=$state_dir init"
state_list=$(tfs state list -no-color 2>&1) || { echo "$state_list" >&2; fail "cannot read the state stack's state in $state_dir (see above); nothing changed"; }
if ! grep -q '^aws_s3_bucket\.' <<<"$state_list"; then
  echo "destroy STACK=state: the state stack's state holds no state bucket: nothing left to destroy (deleted already, or never applied)."
  exit 0
fi
bucket=$(tfs output -raw state_bucket 2>/dev/null) || fail "no output state_bucket in $state_dir's state: is it the state stack?"
# The bucket lives in the state stack's region, whatever region the user's AWS profile names.
# shellcheck disable=SC2016 # node's code, not the shell's: "${" is a Terraform expression it looks for
region=$(node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).provider?.aws; const r = (Array.isArray(p) ? p[0] : p)?.region; if (typeof r === "string" && !r.includes("${")) process.stdout.write(r);' "$state_dir/cdk.tf.json")
if [ -n "$region" ]; then export AWS_REGION=$region AWS_DEFAULT_REGION=$region; fi

# 0 every state read and empty, 3 the bucket is gone already, anything else a refusal.
set +e
node "$here/check-state-bucket.mjs" "$bucket"
scan=$?
set -e
if [ "$scan" -ne 0 ] && [ "$scan" -ne 3 ]; then
  fail "s3://$bucket holds state that is not empty, or cannot be read (see above); nothing changed"
fi

if [ "$scan" -eq 0 ]; then
  # Every initialised edge stack that keeps its state in this bucket: what `terraform state list` there says must be
  # nothing too (it is what the user sees; it fails loudly when the state cannot be read).
  dirs=()
  test -d "$edge_dir" && dirs+=("$edge_dir")
  for d in "$(dirname "$state_dir")"/*/; do
    d=${d%/}
    [ "$d" -ef "$state_dir" ] && continue
    [ -f "$d/cdk.tf.json" ] || continue
    backend=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).terraform?.backend?.s3?.bucket ?? ""' "$d/cdk.tf.json" 2>/dev/null || true)
    [ "$backend" = "$bucket" ] || continue
    [ -n "${dirs[*]:-}" ] && [ "$d" -ef "$edge_dir" ] && continue
    dirs+=("$d")
  done
  for d in ${dirs[@]+"${dirs[@]}"}; do
    test -d "$d/.terraform" || continue
    out=$("$terraform" -chdir="$d" state list -no-color 2>&1) \
      || { indent <<<"$out" >&2; fail "the state of $d cannot be read (above), so it cannot be checked: fix that first (credentials? terraform -chdir=$d init?); nothing changed"; }
    left=$(grep -v '^data\.' <<<"$out" || true)
    if [ -n "$left" ]; then
      indent <<<"$left" >&2
      fail "the edge stack in $d still has the resources above in its state (kept in s3://$bucket): run make destroy, delete the site bucket as it says, then this; nothing changed"
    fi
  done
fi

if [ "$confirm" != "$bucket" ]; then
  if [ -n "$confirm" ]; then echo "destroy STACK=state: CONFIRM=\"${confirm//[^[:print:]]/?}\" is not the state bucket's name."; fi
  if [ "$scan" -eq 3 ]; then
    echo "destroy STACK=state: NOTHING CHANGED. s3://$bucket is gone already; the state stack's state still names it. To forget it:"
  else
    echo "destroy STACK=state: NOTHING CHANGED. It would delete s3://$bucket (every state version in it) and then forget it."
  fi
  echo "  ${DESTROY_AGAIN:-make destroy STACK=state} CONFIRM=$bucket"
  exit 2
fi
if [ "$scan" -eq 0 ]; then
  "$here/empty-bucket.sh" "$bucket" --yes
  aws s3api delete-bucket --bucket "$bucket"
fi
tfs apply -refresh-only -auto-approve -input=false -no-color >/dev/null \
  || fail "s3://$bucket is deleted, but the refresh that forgets it failed (above): run this again"
left=$(tfs state list -no-color)
if [ -n "$left" ]; then
  indent <<<"$left" >&2
  fail "s3://$bucket is deleted, but the state stack's state still holds the above"
fi
echo "destroy STACK=state: s3://$bucket deleted; the state stack's state in $state_dir holds nothing: delete it (state/) when you like."
