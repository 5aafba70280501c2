// The plan's journey from the plan job to the apply job, with real terraform on a stack of terraform_data (no
// provider, no network): bundle.sh carries it encrypted; apply.sh applies exactly it, and when the state changed
// in between, refuses, re-plans for review and applies nothing.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, "tools/pipeline/bundle.sh");
const apply = join(root, "tools/pipeline/apply.sh");
const work = mkdtempSync(join(tmpdir(), "pipeline-stale-"));
const cliConfig = join(work, "empty.tfrc");
const passphrase = "p".repeat(40);
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", EDGE_ROUTER_PLAN_PASSPHRASE: passphrase };

function run(command, args, extra = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...env, ...extra }, timeout: 120_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}
const tf = (dir, ...args) => run("terraform", [`-chdir=${dir}`, ...args, "-no-color"]);
const state = () => JSON.parse(readFileSync(join(work, "state.tfstate"), "utf8")).resources[0].instances[0].attributes.input.value;

// The "synthesized" stack: its state outside the folder, as the S3 backend keeps it.
const stack = join(work, "stack");
before(() => {
  writeFileSync(cliConfig, "");
  spawnSync("mkdir", ["-p", stack]);
  writeFileSync(join(stack, "main.tf"), `terraform {\n  backend "local" {\n    path = "${join(work, "state.tfstate")}"\n  }\n}\n` +
    `variable "v" {\n  type = string\n}\nresource "terraform_data" "site" {\n  input = var.v\n}\n`);
  writeFileSync(join(work, "vars.tfvars"), `v = "two"\n`);
  assert.equal(tf(stack, "init", "-input=false").status, 0);
  assert.equal(tf(stack, "apply", "-input=false", "-auto-approve", "-var=v=one").status, 0);
});

function planAndCarry(name) {
  assert.equal(tf(stack, "plan", "-input=false", `-var-file=${join(work, "vars.tfvars")}`, "-out=reviewed.tfplan").status, 0);
  const file = join(work, `${name}.bundle`);
  const packed = run(bundle, ["pack", stack, join(stack, "reviewed.tfplan"), file]);
  assert.equal(packed.status, 0, packed.out);
  assert.ok(!readFileSync(file).includes(Buffer.from("terraform_data")), "the bundle is not encrypted");
  const target = join(work, `${name}-apply`);
  const unpacked = run(bundle, ["unpack", file, target]);
  assert.equal(unpacked.status, 0, unpacked.out);
  return target;
}

test("a plan whose state did not change is applied exactly", () => {
  const target = planAndCarry("fresh");
  const result = run(apply, [target, join(work, "vars.tfvars"), "production", "a".repeat(40)], { REPLAN_DIR: join(work, "fresh-replan") });
  assert.equal(result.status, 0, result.out);
  assert.match(result.out, /ci-apply: applied the plan reviewed for production at tree aaaaaaaaaaaa/);
  assert.equal(state(), "two");
});

test("a stale plan is refused, re-planned for review, and nothing is applied", () => {
  writeFileSync(join(work, "vars.tfvars"), `v = "three"\n`);
  const target = planAndCarry("stale");
  // Another apply reaches the state first.
  assert.equal(tf(stack, "apply", "-input=false", "-auto-approve", "-var=v=other").status, 0);
  const output = join(work, "github-output");
  const summary = join(work, "summary.md");
  const replan = join(work, "stale-replan");
  const result = run(apply, [target, join(work, "vars.tfvars"), "production", "b".repeat(40)],
    { REPLAN_DIR: replan, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_RUN_ID: "4242" });
  assert.equal(result.status, 1, result.out);
  assert.match(result.out, /Saved plan is stale/);
  assert.match(result.out, /::error title=Stale plan::The state of production changed after the pull request's plan was made/);
  assert.equal(state(), "other", "something was applied");
  assert.equal(readFileSync(output, "utf8"), `replanned=replan-production-${"b".repeat(40)}-4242\n`);
  assert.match(readFileSync(summary, "utf8"), /the reviewed plan was stale; nothing was applied[\s\S]*plan_run_id=4242/);
  assert.deepEqual(JSON.parse(readFileSync(join(replan, "meta.json"), "utf8")),
    { environment: "production", tree: "b".repeat(40), review_status: 0, replanned_from_run: "4242" });
  // The re-plan, carried and applied as a dispatch would, changes "other" to "three".
  const again = join(work, "replanned-apply");
  assert.equal(run(bundle, ["unpack", join(replan, "plan.bundle"), again]).status, 0);
  assert.equal(run(apply, [again, join(work, "vars.tfvars"), "production", "b".repeat(40)], { REPLAN_DIR: join(work, "x") }).status, 0);
  assert.equal(state(), "three");
});

test("without the passphrase, with a short one or the wrong one, nothing is packed or unpacked", () => {
  const file = join(work, "fresh.bundle");
  let result = run(bundle, ["unpack", file, join(work, "w1")], { EDGE_ROUTER_PLAN_PASSPHRASE: "" });
  assert.equal(result.status, 2);
  assert.match(result.out, /^bundle: EDGE_ROUTER_PLAN_PASSPHRASE is not set: add it as a repository secret/);
  result = run(bundle, ["pack", stack, join(stack, "reviewed.tfplan"), join(work, "short.bundle")], { EDGE_ROUTER_PLAN_PASSPHRASE: "short" });
  assert.equal(result.status, 2);
  assert.match(result.out, /shorter than 32 characters/);
  assert.ok(!existsSync(join(work, "short.bundle")));
  result = run(bundle, ["unpack", file, join(work, "w2")], { EDGE_ROUTER_PLAN_PASSPHRASE: "q".repeat(40) });
  assert.equal(result.status, 2);
  assert.match(result.out, /cannot decrypt .*fresh.bundle: EDGE_ROUTER_PLAN_PASSPHRASE is not the one the plan job used/);
  assert.ok(!existsSync(join(work, "w2")));
});

test("apply.sh without a fetched plan refuses before terraform runs", () => {
  const result = run(apply, [join(work, "nothing-here"), join(work, "vars.tfvars"), "production", "c".repeat(40)], { REPLAN_DIR: join(work, "y") });
  assert.equal(result.status, 2);
  assert.match(result.out, /ci-apply: refused: no reviewed plan in/);
});
