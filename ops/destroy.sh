#!/usr/bin/env bash
# make destroy: removes everything the edge stack made except the site's data, then says exactly what remains and
# how to delete it by hand (ops/README.md, root README "Taking it down").
#
#   ops/destroy.sh STACK_DIR VAR_FILE CONFIRM
#
# STACK_DIR  the synthesized edge stack, initialised against your state (make plan did `terraform init` there)
# VAR_FILE   your terraform.tfvars (a destroy plan still evaluates the variables)
# CONFIRM    the site bucket's name, typed by you: nothing is planned for real without it matching the state's
#
# How: the buckets refuse deletion (prevent_destroy), so `terraform destroy` stops at plan. This script plans a
# destroy of every resource in the state *except* the kept ones (terraform plan -destroy -target=... for each),
# checks the saved plan deletes exactly those and nothing kept, and applies that very plan. Never `terraform state
# rm`: the kept resources stay managed, so nothing is forgotten and a later apply can bring the edge back.
# Kept: the site bucket and its guards (versioning, encryption, public access block, ownership controls, lifecycle
# rules): the site's content and every old version of it. Removed: the distribution (the provider disables it,
# waits until it is deployed, then deletes it: 15-30 min on AWS), its policies and function, the router, its API,
# role, log group (its logs too), alarms, topics, dashboard, metric filters, queries, DNS records, the origin
# secret, and the bucket policy (it only let the deleted distribution read).
set -euo pipefail

stack_dir=${1:?usage: ops/destroy.sh STACK_DIR VAR_FILE CONFIRM}
var_file=${2:?usage: ops/destroy.sh STACK_DIR VAR_FILE CONFIRM}
confirm=${3-}
terraform=${TERRAFORM:-terraform}
here=$(cd "$(dirname "$0")" && pwd)
# Resources that hold or guard the site's data; every other managed resource is destroyed.
keep='^aws_s3_bucket(_versioning|_server_side_encryption_configuration|_public_access_block|_ownership_controls|_lifecycle_configuration)?\.'

tf() { "$terraform" -chdir="$stack_dir" "$@"; }
fail() { echo "destroy: $*" >&2; exit 1; }

test -f "$stack_dir/cdk.tf.json" || fail "no synthesized stack in $stack_dir: run make synth first"
test -f "$var_file" || fail "no $var_file: the variables you deployed with are needed to plan the destroy"
test -d "$stack_dir/.terraform" || fail "$stack_dir is not initialised: run make plan once (it runs terraform init against your state)"

addresses=$(tf state list -no-color) || fail "terraform state list failed in $stack_dir (see above)"
managed=$(grep -v '^data\.' <<<"$addresses" || true)
test -n "$managed" || fail "the state in $stack_dir holds no resources: nothing to destroy"
bucket=$(tf output -raw site_bucket 2>/dev/null) || fail "the state has no output site_bucket: is $stack_dir the edge stack?"
var_path="$(cd "$(dirname "$var_file")" && pwd)/$(basename "$var_file")"
# The variables file must describe the stack this state holds: a file of another environment or site (ENV=production
# meant staging, TFVARS=someone-else.tfvars) is a sign the user is about to take down what they did not mean to.
# A variable's value in the variables file: the one literal line `NAME = "..."` (or the .tfvars.json key) is read
# directly; anything else (no such line, two of them, an escape) asks terraform console, which is exact (defaults
# too) but loads the provider: seconds per run.
# shellcheck disable=SC2016 # node's code: ${name} is a JavaScript template literal
var_value() {
  local value
  value=$(node -e '
    const [file, name] = process.argv.slice(1);
    const text = require("fs").readFileSync(file, "utf8");
    if (file.endsWith(".json")) {
      const v = JSON.parse(text)[name];
      if (typeof v === "string") process.stdout.write(v);
    } else {
      const m = [...text.matchAll(new RegExp(`^[ \t]*${name}[ \t]*=[ \t]*"([^"\\\\$%]*)"[ \t]*(#.*)?$`, "gm"))];
      if (m.length === 1) process.stdout.write(m[0][1]);
    }' "$var_path" "$1" 2>/dev/null || true)
  if [ -z "$value" ]; then
    value=$(echo "var.$1" | tf console -var-file="$var_path" 2>&1) \
      || { echo "$value" >&2; fail "terraform console could not read $1 from $var_file (above); nothing changed"; }
    value=${value#\"}; value=${value%\"}
  fi
  printf '%s' "$value"
}
# The variables file must describe the stack this state holds: a file of another environment or site (ENV=production
# meant staging, TFVARS=someone-else.tfvars) is a sign the user is about to take down what they did not mean to; a
# region other than the state's would refresh every regional resource as gone (and the plan would forget them).
named=$(var_value site_bucket_name)
if [ "$named" != "$bucket" ]; then
  fail "$var_file names the site bucket \"$named\", but the state in $stack_dir holds s3://$bucket: wrong TFVARS or ENV? nothing changed"
fi
state_region=$(tf state pull | node -e '
  const state = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const b = (state.resources ?? []).find((r) => r.mode === "managed" && r.type === "aws_s3_bucket");
  process.stdout.write(b?.instances?.[0]?.attributes?.region ?? "");' 2>/dev/null || true)
if [ -n "$state_region" ]; then
  region=$(var_value aws_region)
  if [ "$region" != "$state_region" ]; then
    fail "$var_file sets aws_region \"$region\", but the state in $stack_dir was made in $state_region: wrong TFVARS or ENV? nothing changed"
  fi
fi
echo "destroy: the edge stack in $stack_dir, site bucket s3://$bucket (from its state and $var_file)"
again=${DESTROY_AGAIN:-make destroy}

targets=$(grep -Ev "$keep" <<<"$managed" || true)
if [ -z "$targets" ]; then
  echo "destroy: only the site's data is left; nothing to destroy."
else
  args=()
  while IFS= read -r address; do args+=("-target=$address"); done <<<"$targets"
  echo "destroy: planning the removal of $(wc -l <<<"$targets") resources (everything but the site bucket and its guards)"
  # One plan file per run: a second make destroy at the same time can never swap the plan this run checked.
  plan=destroy-$$.tfplan
  trap 'rm -f "$stack_dir/$plan" "$stack_dir/$plan.json" "$stack_dir/$plan.log"' EXIT
  tf plan -destroy -input=false -no-color -var-file="$var_path" \
    -out="$plan" "${args[@]}" > "$stack_dir/$plan.log" 2>&1 \
    || { cat "$stack_dir/$plan.log"; fail "terraform plan -destroy failed (see above); nothing changed"; }
  # The saved plan deletes exactly the targets, only deletes, and never touches a kept resource.
  tf show -json "$plan" > "$stack_dir/$plan.json"
  node "$here/check-destroy-plan.mjs" "$stack_dir/$plan.json" "$keep" <<<"$targets" \
    || fail "the destroy plan is not what this script means to do (see above); nothing changed"
  grep -E '^(Plan:|  # )' "$stack_dir/$plan.log" || true
  if [ "$confirm" != "$bucket" ]; then
    echo
    echo "destroy: NOTHING CHANGED. To remove the resources above, type the site bucket's name:"
    if [ -n "$confirm" ]; then echo "destroy: CONFIRM=\"${confirm//[^[:print:]]/?}\" is not the site bucket's name."; fi
    echo "  $again CONFIRM=$bucket"
    exit 2
  fi
  tf apply -input=false -no-color "$plan"
fi

echo
echo "destroy: what remains in the state (kept on purpose: the site's content and its old versions):"
tf state list -no-color | grep -v '^data\.' | sed 's/^/  /'
"$here/remaining.sh" "$bucket" "$stack_dir" "$var_path"
