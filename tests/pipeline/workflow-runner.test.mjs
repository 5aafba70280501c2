// workflow-runner.mjs follows the workflow or refuses it, naming the step: the order comes from `needs:`, every step
// is a make target or a known action, and the few expressions the workflow uses are evaluated as GitHub does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import YAML from "yaml";
import { checkRunnable, condition, evaluate, interpolate, jobOrder, makeTarget, parseOutputs, runWorkflow, WorkflowError } from "./workflow-runner.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const workflow = () => YAML.parse(readFileSync(join(root, ".github/workflows/edge-router.yml"), "utf8"));

test("the jobs run in needs: order, and the order follows an edit of needs:", () => {
  assert.deepEqual(jobOrder(workflow()), ["environments", "check", "plan", "comment", "apply"]);
  const edited = workflow();
  edited.jobs.environments.needs = ["check"];
  assert.deepEqual(jobOrder(edited), ["check", "environments", "plan", "comment", "apply"]);
  edited.jobs.check.needs = ["apply"];
  assert.throws(() => jobOrder(edited), /jobs whose needs: are never met \(a cycle or an unknown job\): .*check needs \["apply"\]/);
});

test("a step that is not one make target, or an action without a stand-in, is refused by name before anything runs", async () => {
  const cases = [
    [(w) => { w.jobs.apply.steps[3].run = "make ci-fetch-plan && terraform apply -auto-approve"; },
      'job apply, step 4: run: "make ci-fetch-plan && terraform apply -auto-approve" is not one make target'],
    [(w) => { w.jobs.plan.steps.splice(3, 0, { run: "terraform plan" }); }, 'job plan, step 4: run: "terraform plan" is not one make target'],
    [(w) => { w.jobs.check.steps.push({ uses: "someone/deploy-action@0123456789012345678901234567890123456789" }); },
      "job check, step 4: uses: someone/deploy-action@0123456789012345678901234567890123456789 has no local stand-in"],
    [(w) => { w.jobs.comment.steps.push({ name: "nothing" }); }, "job comment, step 4: neither run: nor uses:"],
  ];
  for (const [edit, message] of cases) {
    const w = workflow();
    edit(w);
    assert.throws(() => checkRunnable(w), (error) => error instanceof WorkflowError && error.message.startsWith(message), message);
    // runWorkflow refuses the same way, and runs nothing (no make, no checkout is touched).
    await assert.rejects(runWorkflow(w, { cwd: "/nonexistent", event: { name: "push" }, github: {}, runId: 1 }), { message: new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
  }
  assert.deepEqual(checkRunnable(workflow()), ["environments", "check", "plan", "comment", "apply"]);
});

test("make targets: exactly `make TARGET`", () => {
  assert.equal(makeTarget("make ci-plan"), "ci-plan");
  assert.equal(makeTarget("  make ci-plan\n"), "ci-plan");
  for (const run of ["make ci-plan ENV=x", "make ci-plan; rm -rf /", "gmake ci-plan", "make", "make ../x", "echo make ci-plan"]) {
    assert.equal(makeTarget(run), null, run);
  }
});

test("expressions: the workflow's conditions and values, as GitHub evaluates them", () => {
  const values = (event, needs = {}) => ({ github: { event_name: event, event: { pull_request: { number: 7 } } }, needs, vars: {}, inputs: {}, env: {}, steps: {} });
  const w = workflow();
  assert.equal(condition(w.jobs.plan.if, { values: values("pull_request"), status: "success" }, "t"), true);
  assert.equal(condition(w.jobs.plan.if, { values: values("push"), status: "success" }, "t"), false);
  assert.equal(condition(w.jobs.plan.if, { values: values("pull_request"), status: "failure" }, "t"), false, "needs failed: not run");
  // always(): the comment job runs after a failed plan, not after a skipped one.
  assert.equal(condition(w.jobs.comment.if, { values: values("pull_request", { plan: { result: "failure" } }), status: "failure" }, "t"), true);
  assert.equal(condition(w.jobs.comment.if, { values: values("pull_request", { plan: { result: "skipped" } }), status: "success" }, "t"), false);
  assert.equal(interpolate(w.concurrency.group, { values: values("pull_request"), status: "success" }, "t"), "edge-router-pr-7");
  assert.equal(interpolate(w.concurrency.group, { values: values("push"), status: "success" }, "t"), "edge-router-main");
  assert.equal(interpolate(w.env.AWS_REGION, { values: values("push"), status: "success" }, "t"), "us-east-1");
  assert.deepEqual(evaluate("fromJSON('[{\"name\":\"production\"}]')", { values: {}, status: "success" }, "t"), [{ name: "production" }]);
  assert.throws(() => evaluate("hashFiles('x')", { values: {}, status: "success" }, "job x"), /job x: the function hashFiles\(\) is not one this runner evaluates/);
  assert.throws(() => evaluate("job.status", { values: { github: {} }, status: "success" }, "job x"), /job x: the context job is not one this runner has/);
});

test("step outputs: key=value and key<<DELIMITER lines, as GitHub reads $GITHUB_OUTPUT", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const file = join(mkdtempSync(join(tmpdir(), "outputs-")), "out");
  writeFileSync(file, "artifact=plan-production-abc\ntext<<EOF\nline 1\nline 2\nEOF\nempty=\n");
  assert.deepEqual(parseOutputs(file), { artifact: "plan-production-abc", text: "line 1\nline 2", empty: "" });
});
