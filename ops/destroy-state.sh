#!/usr/bin/env bash
# make destroy STACK=state: the last step of taking the edge down. Deletes the state bucket (every version of every
# state file in it) and forgets it, but only when the edge stack's state holds nothing any more, and only with the
# state bucket's name typed as CONFIRM. Without it, it changes nothing and prints what it would do.
#
#   ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM
set -euo pipefail
state_dir=${1:?usage: ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM}
edge_dir=${2:?usage: ops/destroy-state.sh STATE_STACK_DIR EDGE_STACK_DIR CONFIRM}
confirm=${3-}
terraform=${TERRAFORM:-terraform}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "destroy STACK=state: $*" >&2; exit 1; }

test -d "$state_dir/.terraform" || fail "$state_dir is not initialised: terraform -chdir=$state_dir init"
bucket=$("$terraform" -chdir="$state_dir" output -raw state_bucket 2>/dev/null) || fail "no output state_bucket in $state_dir's state"
if [ -d "$edge_dir/.terraform" ]; then
  left=$("$terraform" -chdir="$edge_dir" state list -no-color | grep -v '^data\.' || true)
  if [ -n "$left" ]; then
    echo "$left" | sed 's/^/  /' >&2
    fail "the edge stack still has the resources above in its state (kept in s3://$bucket): run make destroy, delete the site bucket as it says, then this"
  fi
else
  # Deleting the state bucket while the edge still has resources would lose the only record of them: never on trust.
  fail "$edge_dir is not initialised, so its state (in s3://$bucket) cannot be checked: terraform -chdir=$edge_dir init, then this again"
fi
if [ "$confirm" != "$bucket" ]; then
  echo "destroy STACK=state: NOTHING CHANGED. It would delete s3://$bucket (every state version in it) and then forget it."
  echo "  make destroy STACK=state CONFIRM=$bucket"
  exit 2
fi
"$here/empty-bucket.sh" "$bucket" --yes
aws s3api delete-bucket --bucket "$bucket"
"$terraform" -chdir="$state_dir" apply -refresh-only -auto-approve -input=false -no-color
echo "destroy STACK=state: s3://$bucket deleted; the state stack's own local state (state/) now holds nothing: delete it when you like."
