#!/usr/bin/env node
// Checks a saved destroy plan (terraform show -json) before ops/destroy.sh applies it: every change is a delete
// (or a no-op read of a data source), the deleted addresses are exactly the targets given on stdin (one a line),
// except targets the refresh found gone already (not all of them), and no address matching the kept pattern
// (argv[3]) is deleted. Prints what is wrong and exits 1 otherwise.
//
//   node ops/check-destroy-plan.mjs PLAN.json KEEP_REGEX < targets
import { readFileSync } from 'node:fs';

const [planFile, keepPattern] = process.argv.slice(2);
if (!planFile || !keepPattern) {
  console.error('usage: node ops/check-destroy-plan.mjs PLAN.json KEEP_REGEX < targets');
  process.exit(64);
}
const keep = new RegExp(keepPattern);
const targets = new Set(readFileSync(0, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const problems = [];
const deleted = new Set();
for (const change of plan.resource_changes ?? []) {
  const actions = change.change?.actions ?? [];
  if (change.mode === 'data') continue;
  if (actions.length === 1 && actions[0] === 'no-op') continue;
  if (actions.length !== 1 || actions[0] !== 'delete') {
    problems.push(`${change.address}: planned ${actions.join('+')}, only delete is allowed`);
    continue;
  }
  deleted.add(change.address);
  if (keep.test(change.address)) problems.push(`${change.address}: kept data, but planned for deletion`);
}
// A target the refresh found gone was deleted outside this run: by a run stopped after the API call and before the
// state was written (Ctrl-C, a lost connection), or by hand. Terraform leaves it out of a destroy plan's changes and
// out of its prior_state (the refreshed state; resource_drift stays empty in a destroy plan), and applying the plan
// only forgets it. Every target gone is another matter: the credentials, account or region are not the state's.
const refreshed = new Set();
const walk = (module) => {
  for (const r of module?.resources ?? []) if (r.mode === 'managed') refreshed.add(r.address);
  for (const child of module?.child_modules ?? []) walk(child);
};
walk(plan.prior_state?.values?.root_module);
const gone = new Set(plan.prior_state ? [...targets].filter((a) => !refreshed.has(a)) : []);
const alreadyGone = [...targets].filter((a) => !deleted.has(a) && gone.has(a));
if (targets.size > 0 && alreadyGone.length === targets.size) {
  problems.push(`every target is gone from AWS (${targets.size}): are the credentials, account or region the ones this state was made with?`);
}
for (const address of targets) {
  if (!deleted.has(address) && !gone.has(address)) problems.push(`${address}: meant to be deleted, not in the plan`);
}
for (const address of deleted) {
  if (!targets.has(address)) problems.push(`${address}: deleted by the plan but not a target`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`check-destroy-plan: ${p}`);
  process.exit(1);
}
for (const address of alreadyGone) console.log(`check-destroy-plan: ${address}: gone already (deleted outside this run); the plan forgets it`);
console.log(`check-destroy-plan: ${deleted.size} deletions, all targets, none of the kept data`);
