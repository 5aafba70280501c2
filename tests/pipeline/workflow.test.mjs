// The workflow and its set-up action, as GitHub would read them: valid (action-validator, the schema GitHub's own
// editor uses), pinned, least-privileged, and every step that does work a make target that exists here, whose
// shell passes shellcheck.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import YAML from "yaml";

const root = fileURLToPath(new URL("../..", import.meta.url));
const workflowFile = join(root, ".github/workflows/edge-router.yml");
const actionFile = join(root, ".github/actions/setup/action.yml");
const workflow = YAML.parse(readFileSync(workflowFile, "utf8"));
const action = YAML.parse(readFileSync(actionFile, "utf8"));
const jobs = Object.entries(workflow.jobs);
const allSteps = [...jobs.flatMap(([name, job]) => job.steps.map((step) => ({ job: name, step }))),
  ...action.runs.steps.map((step) => ({ job: "setup action", step }))];

test("action-validator accepts the workflow and the set-up action", () => {
  for (const file of [workflowFile, actionFile]) {
    const result = spawnSync(join(root, "node_modules/.bin/action-validator"), [file], { encoding: "utf8" });
    assert.equal(result.status, 0, `${file}:\n${result.stdout}${result.stderr}`);
  }
});

test("action-validator refuses a broken copy (the check can fail)", () => {
  const broken = readFileSync(workflowFile, "utf8").replace("runs-on: ubuntu-24.04", "runs-onn: ubuntu-24.04");
  const result = spawnSync(join(root, "node_modules/.bin/action-validator"), ["/dev/stdin"], { input: broken, encoding: "utf8" });
  assert.notEqual(result.status, 0, "a job without runs-on passed");
});

test("every action is pinned to a full commit SHA with its version beside it", () => {
  const text = readFileSync(workflowFile, "utf8") + readFileSync(actionFile, "utf8");
  for (const { job, step } of allSteps.filter(({ step }) => step.uses && !step.uses.startsWith("./"))) {
    assert.match(step.uses, /^[a-z0-9-]+\/[a-z0-9-]+@[0-9a-f]{40}$/, `${job}: ${step.uses} is not pinned by SHA`);
    const line = text.split("\n").find((l) => l.includes(step.uses));
    assert.match(line, /# v\d+\.\d+\.\d+$/, `${job}: ${step.uses} has no version comment`);
  }
});

test("permissions: none by default, each job only what it needs", () => {
  assert.deepEqual(workflow.permissions, {});
  const expected = {
    environments: { contents: "read" },
    check: { contents: "read" },
    plan: { contents: "read", "id-token": "write" },
    comment: { contents: "read", actions: "read", "pull-requests": "write" },
    apply: { contents: "read", actions: "read", "id-token": "write" },
  };
  assert.deepEqual(Object.fromEntries(jobs.map(([name, job]) => [name, job.permissions])), expected);
});

test("no stored AWS key: credentials come only from the OIDC exchange with the role variables", () => {
  const text = readFileSync(workflowFile, "utf8");
  assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
  const credentials = allSteps.filter(({ step }) => String(step.uses).startsWith("aws-actions/configure-aws-credentials"));
  assert.deepEqual(credentials.map(({ job, step }) => [job, step.with["role-to-assume"]]), [
    ["plan", "${{ vars.EDGE_ROUTER_PLAN_ROLE_ARN }}"],
    ["apply", "${{ vars.EDGE_ROUTER_APPLY_ROLE_ARN }}"],
  ]);
  for (const { step } of allSteps.filter(({ step }) => step.uses?.startsWith("actions/checkout"))) {
    assert.equal(step.with["persist-credentials"], false, "checkout leaves the token in .git/config");
  }
});

test("applies run one environment at a time, in order, behind its GitHub environment; a newer merge waits", () => {
  const apply = workflow.jobs.apply;
  assert.equal(apply.environment, "${{ matrix.target.name }}");
  assert.equal(apply.strategy["max-parallel"], 1);
  assert.equal(apply.strategy["fail-fast"], true);
  assert.deepEqual(apply.concurrency, { group: "edge-router-apply-${{ matrix.target.name }}", "cancel-in-progress": false });
  assert.match(workflow.concurrency["cancel-in-progress"], /github.event_name == 'pull_request'/);
  assert.equal(apply.if, "github.event_name == 'push' || github.event_name == 'workflow_dispatch'");
  assert.equal(workflow.jobs.plan.if, "github.event_name == 'pull_request'");
});

test("every run step is one make target that this Makefile defines", () => {
  const runs = allSteps.filter(({ step }) => step.run);
  assert.ok(runs.length >= 8, `only ${runs.length} run steps`);
  // make's database of rules (-p), read without running anything (-q; its exit status says nothing here).
  const database = spawnSync("make", ["-pRrq", "-f", "Makefile", ":"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }).stdout;
  for (const { job, step } of runs) {
    const match = /^make (ci-[a-z-]+)\n?$/.exec(step.run);
    assert.ok(match, `${job}: "${step.run}" is not a single make ci-* target`);
    assert.match(database, new RegExp(`^${match[1]}:`, "m"), `${job}: make ${match[1]} is not defined`);
  }
});

test("shellcheck passes on every run step and on the pipeline's scripts", () => {
  const shellcheck = execFileSync(join(root, "tools/pipeline/shellcheck.sh"), { encoding: "utf8" }).trim();
  for (const { job, step } of allSteps.filter(({ step }) => step.run)) {
    const result = spawnSync(shellcheck, ["--shell=bash", "-"], { input: step.run, encoding: "utf8" });
    assert.equal(result.status, 0, `${job}: ${step.run}\n${result.stdout}`);
  }
  const scripts = readdirSync(join(root, "tools/pipeline")).filter((f) => f.endsWith(".sh")).map((f) => join(root, "tools/pipeline", f));
  const result = spawnSync(shellcheck, scripts, { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout);
  const bad = spawnSync(shellcheck, ["--shell=bash", "-"], { input: "rm -rf $dir/*\n", encoding: "utf8" });
  assert.notEqual(bad.status, 0, "shellcheck passed an unquoted rm");
});

test("hostile: no ${{ }} expression in any run script, no pull_request_target, and the dispatch inputs reach scripts only as environment variables", () => {
  assert.ok(!("pull_request_target" in workflow.on), "pull_request_target runs a fork's pull request with this repository's secrets");
  assert.ok(!readFileSync(workflowFile, "utf8").includes("pull_request_target"));
  for (const { job, step } of allSteps.filter(({ step }) => step.run)) assert.ok(!step.run.includes("${{"), `${job}: ${step.run}`);
  // Every place an input is used: the environments job's env (narrowing the matrix) and the apply job's env.
  const text = readFileSync(workflowFile, "utf8");
  const uses = [...text.matchAll(/\$\{\{[^}]*inputs\.[a-z_]+[^}]*\}\}/g)].map((m) => m[0]);
  assert.deepEqual(uses, ["${{ inputs.environment }}", "${{ inputs.plan_run_id }}"]);
  assert.equal(workflow.jobs.environments.env.DISPATCH_ENVIRONMENT, "${{ inputs.environment }}");
  assert.equal(workflow.jobs.apply.env.PLAN_RUN_ID, "${{ inputs.plan_run_id }}");
  assert.equal(workflow.jobs.apply.strategy.matrix.target, "${{ fromJSON(needs.environments.outputs.targets) }}");
  // Neither is a make variable any recipe expands (make would paste it into shell text).
  const mk = readFileSync(join(root, "tools/pipeline/pipeline.mk"), "utf8");
  assert.ok(!/\$[({](PLAN_RUN_ID|DISPATCH_ENVIRONMENT)[)}]/.test(mk));
});

test("the check job runs ci-check as make defines it: the workflow never sets CI_CHECK_SUITES (which would skip test-synth)", () => {
  assert.doesNotMatch(readFileSync(workflowFile, "utf8"), /CI_CHECK_SUITES/);
  assert.doesNotMatch(readFileSync(actionFile, "utf8"), /CI_CHECK_SUITES/);
  const recipe = spawnSync("make", ["-n", "--no-print-directory", "ci-check"], { cwd: root, encoding: "utf8",
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MAKEFLAGS|MFLAGS|MAKELEVEL|CI_CHECK_SUITES)$/.test(k))) });
  assert.match(recipe.stdout, /make.* test-synth/);
});
