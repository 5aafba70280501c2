#!/usr/bin/env bash
# make ci-apply: applies the reviewed plan in the folder bundle.sh unpacked, and nothing else.
#   apply.sh STACK_DIR VAR_FILE NAME TREE
# Terraform refuses a saved plan when the state changed after it was made ("Saved plan is stale"). Then this
# says so, plans again for review (the new plan and its review go to the job summary and to an artifact), and
# fails: the new plan is applied only when a person dispatches the workflow with that run's ID, after reading it.
set -uo pipefail
stack=$1 var_file=$2 name=$3 tree=$4
log=$(mktemp); trap 'rm -f "$log"' EXIT
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
output=${GITHUB_OUTPUT:-/dev/null}
tf=${TERRAFORM:-terraform}

[ -f "$stack/reviewed.tfplan" ] || { echo "ci-apply: refused: no reviewed plan in $stack (make ci-fetch-plan first)" >&2; exit 2; }
"$tf" -chdir="$stack" init -input=false -no-color > "$log" 2>&1 || { cat "$log"; echo "ci-apply: terraform init failed; nothing was applied" >&2; exit 1; }
status=0
"$tf" -chdir="$stack" apply -input=false -no-color reviewed.tfplan 2>&1 | tee "$log" || status=1
if [ "$status" = 0 ]; then
  echo "ci-apply: applied the plan reviewed for $name at tree ${tree:0:12}"
  exit 0
fi

if ! grep -q "Saved plan is stale" "$log"; then
  echo "ci-apply: terraform apply failed (above); the state is as terraform left it: read the error, fix, and merge a change" >&2
  exit 1
fi

echo "::error title=Stale plan::The state of $name changed after the pull request's plan was made (another apply ran). Nothing was applied. A new plan follows for review; to apply it, read it in this run's summary and dispatch the workflow with plan_run_id=${GITHUB_RUN_ID:-<this run>} and environment=$name."
replan=${REPLAN_DIR:?}
mkdir -p "$replan"
"$tf" -chdir="$stack" plan -input=false -no-color -var-file="$(realpath "$var_file")" -out=replan.tfplan > "$replan/plan.txt" 2>&1 \
  || { cat "$replan/plan.txt"; echo "ci-apply: the re-plan failed too" >&2; exit 1; }
review_status=0
if [ -n "${REVIEW_COMMAND:-}" ]; then
  # The plan goes in PLAN (the review's make variable) rather than as a word after the command: a word after
  # "… PLAN=" was a make target of its own, and the review ran on an empty PLAN.
  PLAN="$stack/replan.tfplan" $REVIEW_COMMAND > "$replan/review.md" 2>&1 || review_status=$?
else
  "$tf" -chdir="$stack" show -no-color replan.tfplan > "$replan/review.md" 2>&1 || true
fi
{
  echo "## $name: the reviewed plan was stale; nothing was applied"
  echo
  echo "A new plan was made for review. Apply it by dispatching this workflow with \`plan_run_id=${GITHUB_RUN_ID:-…}\` and \`environment=$name\`."
  echo
  cat "$replan/review.md"
} >> "$summary"
bundle=$(dirname "$0")/bundle.sh
"$bundle" pack "$stack" "$stack/replan.tfplan" "$replan/plan.bundle"
printf '{"environment":"%s","tree":"%s","review_status":%d,"replanned_from_run":"%s"}\n' "$name" "$tree" "$review_status" "${GITHUB_RUN_ID:-}" > "$replan/meta.json"
echo "replanned=replan-$name-$tree-${GITHUB_RUN_ID:-local}" >> "$output"
exit 1
