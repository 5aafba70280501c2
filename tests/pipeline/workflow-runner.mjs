// Runs .github/workflows/edge-router.yml here, as GitHub Actions would, job by job in `needs:` order, step by step:
// every `run: make TARGET` step runs that make target in a checkout, with the environment the workflow gives it
// (the workflow's, the job's and the step's `env:`, their `${{ }}` expressions evaluated); every `uses:` step is one
// of a few known actions, each replaced by the local thing named in STAND_INS (and said so in the log). Anything else
// — a `run:` that is not one make target, an unknown action, an expression or an `if:` this runner cannot evaluate —
// fails, naming the job and the step: a workflow edit is followed, or refused, never skipped.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// What stands in for each action the workflow uses (by the part before '@'), and why.
export const STAND_INS = {
  "actions/checkout": "the test's git clone of this tree is the checkout",
  "./.github/actions/setup": "the tools of this machine (dotnet, node, terraform) instead of setup-dotnet/node/terraform; no caches",
  "aws-actions/configure-aws-credentials":
    "NOT the OIDC exchange (needs GitHub's token service and AWS STS): moto's test keys and endpoint stand in for the role",
  "actions/upload-artifact": "the artifact is zipped and kept by the loopback GitHub (fake-github.mjs), as upload-artifact would keep it",
  "actions/download-artifact": "the artifacts matching the pattern are fetched back from the loopback GitHub into PATH/NAME/",
};

export class WorkflowError extends Error {}

// --- ${{ }} expressions: the subset of GitHub's language the workflow uses ---------------------------------------
function tokenize(text, where) {
  const tokens = [];
  const re = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(==|!=|&&|\|\||[!().,[\]*])|([A-Za-z_][A-Za-z0-9_-]*))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new WorkflowError(`${where}: cannot read the expression ${JSON.stringify(text)} at ${JSON.stringify(text.slice(at, at + 20))}`);
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: "value", value: m[1].slice(1, -1).replaceAll("''", "'") });
    else if (m[2] !== undefined) tokens.push({ kind: "value", value: Number(m[2]) });
    else if (m[3] !== undefined) tokens.push({ kind: m[3] });
    else tokens.push({ kind: "name", value: m[4] });
  }
  return tokens;
}

const truthy = (v) => !(v === false || v === 0 || v === "" || v === null || v === undefined || Number.isNaN(v));
const loose = (a, b) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

export function evaluate(text, context, where) {
  const tokens = tokenize(text, where);
  let i = 0;
  const peek = (kind) => tokens[i]?.kind === kind;
  const expect = (kind) => {
    if (!peek(kind)) throw new WorkflowError(`${where}: expected ${kind} in ${JSON.stringify(text)}`);
    return tokens[i++];
  };
  const functions = {
    always: () => true,
    success: () => context.status === "success",
    failure: () => context.status === "failure",
    cancelled: () => false,
    format: (f, ...args) => String(f).replace(/\{(\d+)\}/g, (_, n) => String(args[Number(n)] ?? "")),
    fromjson: (s) => JSON.parse(s),
    tojson: (v) => JSON.stringify(v),
    contains: (hay, needle) => (Array.isArray(hay) ? hay.some((h) => loose(h, needle)) : String(hay).toLowerCase().includes(String(needle).toLowerCase())),
    startswith: (s, p) => String(s).toLowerCase().startsWith(String(p).toLowerCase()),
  };
  const primary = () => {
    if (peek("value")) return tokens[i++].value;
    if (peek("(")) { i++; const v = or(); expect(")"); return v; }
    if (peek("!")) { i++; return !truthy(primary()); }
    const name = expect("name").value;
    if (name === "true") return true;
    if (name === "false") return false;
    if (name === "null") return null;
    if (peek("(")) {
      i++;
      const args = [];
      while (!peek(")")) { args.push(or()); if (peek(",")) i++; }
      i++;
      const f = functions[name.toLowerCase()];
      if (!f) throw new WorkflowError(`${where}: the function ${name}() is not one this runner evaluates`);
      if (name.toLowerCase() === "always" || /^(success|failure|cancelled)$/i.test(name)) context.statusFunction = true;
      return f(...args);
    }
    if (!Object.hasOwn(context.values, name)) throw new WorkflowError(`${where}: the context ${name} is not one this runner has (${Object.keys(context.values).join(", ")})`);
    let value = context.values[name];
    for (;;) {
      if (peek(".")) { i++; const key = expect("name").value; value = value?.[key]; continue; }
      if (peek("[")) { i++; const key = or(); expect("]"); value = value?.[key]; continue; }
      return value;
    }
  };
  const comparison = () => {
    let left = primary();
    while (peek("==") || peek("!=")) {
      const op = tokens[i++].kind;
      const right = primary();
      left = op === "==" ? loose(left ?? "", right ?? "") : !loose(left ?? "", right ?? "");
    }
    return left;
  };
  const and = () => { let left = comparison(); while (peek("&&")) { i++; const right = comparison(); left = truthy(left) ? right : left; } return left; };
  const or = () => { let left = and(); while (peek("||")) { i++; const right = and(); left = truthy(left) ? left : right; } return left; };
  const value = or();
  if (i !== tokens.length) throw new WorkflowError(`${where}: cannot read the expression ${JSON.stringify(text)} past ${JSON.stringify(tokens[i])}`);
  return value;
}

// A value of the workflow: a string with ${{ }} parts interpolated; a whole-string expression keeps its type.
export function interpolate(value, context, where) {
  if (typeof value !== "string") return value;
  const whole = /^\$\{\{(.*)\}\}$/s.exec(value.trim());
  if (whole && !whole[1].includes("}}")) return evaluate(whole[1], context, where);
  return value.replace(/\$\{\{(.*?)\}\}/gs, (_, e) => { const v = evaluate(e, context, where); return v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v); });
}

// An `if:` as GitHub reads it: bare or in ${{ }}; without a status function, success() && (it).
export function condition(text, context, where) {
  if (text === undefined) return context.status === "success";
  const expression = String(text).trim().replace(/^\$\{\{(.*)\}\}$/s, "$1");
  const scope = { ...context, statusFunction: false };
  const value = truthy(evaluate(expression, scope, where));
  return scope.statusFunction ? value : context.status === "success" && value;
}

// --- the order -------------------------------------------------------------------------------------------------
export function jobOrder(workflow) {
  const jobs = workflow.jobs ?? {};
  const done = [];
  const pending = Object.keys(jobs);
  while (pending.length > 0) {
    const next = pending.find((name) => [jobs[name].needs ?? []].flat().every((n) => done.includes(n)));
    if (!next) {
      const missing = pending.map((n) => `${n} needs ${JSON.stringify([jobs[n].needs ?? []].flat().filter((x) => !done.includes(x)))}`);
      throw new WorkflowError(`jobs whose needs: are never met (a cycle or an unknown job): ${missing.join("; ")}`);
    }
    done.push(next);
    pending.splice(pending.indexOf(next), 1);
  }
  return done;
}

// `run: make TARGET`, nothing else: the target, or a reason.
export function makeTarget(run) {
  const m = /^\s*make ([a-z0-9][a-z0-9-]*)\s*$/.exec(run ?? "");
  return m ? m[1] : null;
}

export function parseOutputs(file) {
  const outputs = {};
  if (!existsSync(file)) return outputs;
  const lines = readFileSync(file, "utf8").split("\n");
  for (let k = 0; k < lines.length; k++) {
    const heredoc = /^([A-Za-z0-9_-]+)<<(.+)$/.exec(lines[k]);
    if (heredoc) {
      const body = [];
      for (k++; k < lines.length && lines[k] !== heredoc[2]; k++) body.push(lines[k]);
      outputs[heredoc[1]] = body.join("\n");
      continue;
    }
    const m = /^([A-Za-z0-9_-]+)=(.*)$/.exec(lines[k]);
    if (m) outputs[m[1]] = m[2];
  }
  return outputs;
}

// Every step of every job is one this runner can run, checked before anything runs: a step it cannot run is named
// at once, not after the jobs before it have run.
export function checkRunnable(workflow) {
  const order = jobOrder(workflow);
  for (const jobName of order) {
    const job = workflow.jobs[jobName];
    if (job.uses) throw new WorkflowError(`job ${jobName}: uses: ${job.uses} (a reusable workflow) is not run by this runner`);
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `job ${jobName}, step ${index + 1}${step.id ? ` (${step.id})` : ""}`;
      if (step.run !== undefined && !makeTarget(step.run)) {
        throw new WorkflowError(`${where}: run: ${JSON.stringify(step.run)} is not one make target; this runner runs only \`make TARGET\` steps (tools/pipeline/README.md)`);
      }
      if (step.uses !== undefined) {
        const action = step.uses.startsWith("./") ? step.uses : step.uses.split("@")[0];
        if (!Object.hasOwn(STAND_INS, action)) {
          throw new WorkflowError(`${where}: uses: ${step.uses} has no local stand-in in this runner (tests/pipeline/workflow-runner.mjs STAND_INS)`);
        }
      }
      if (step.run === undefined && step.uses === undefined) throw new WorkflowError(`${where}: neither run: nor uses:`);
    }
  }
  return order;
}

// The matrix's combinations (each key's list evaluated).
function combinations(matrix, context, where) {
  if (!matrix) return [{}];
  let list = [{}];
  for (const [key, raw] of Object.entries(matrix)) {
    const values = interpolate(raw, context, `${where} strategy.matrix.${key}`);
    if (!Array.isArray(values)) throw new WorkflowError(`${where}: strategy.matrix.${key} is not a list: ${JSON.stringify(values)}`);
    list = list.flatMap((combination) => values.map((v) => ({ ...combination, [key]: v })));
  }
  return list;
}

/**
 * Runs the workflow for one event. options:
 *   cwd            the checkout
 *   event          { name: "pull_request"|"push"|"workflow_dispatch", payload, inputs }
 *   vars, secrets  the repository's variables and secrets
 *   github         the fake GitHub: { base, token, store(artifact) , list(runId) }
 *   runId          this run's id
 *   env            the runner's own environment (PATH, HOME, the tools' settings)
 *   credentials    what the configure-aws-credentials stand-in puts in the environment
 *   only           run only these jobs (the others are not run, and a job needing one of them sees it as succeeded)
 *   log            (line) => void
 * Returns { jobs: { name: { result, outputs, runs: [{ matrix, steps: [{ name, target, status, output }] }] } } }.
 */
export async function runWorkflow(workflow, options) {
  const { cwd, event, vars = {}, secrets = {}, runId, log = () => {} } = options;
  checkRunnable(workflow);
  const results = {};
  const scratch = mkdtempSync(join(tmpdir(), "workflow-run-"));
  try {
    for (const jobName of jobOrder(workflow)) {
      const job = workflow.jobs[jobName];
      if (options.only && !options.only.includes(jobName)) {
        results[jobName] = { result: "success", outputs: {}, runs: [], notRun: true };
        continue;
      }
      const needs = Object.fromEntries([job.needs ?? []].flat().map((n) => [n, { result: results[n].result, outputs: results[n].outputs }]));
      const needsStatus = Object.values(needs).every((n) => n.result === "success") ? "success" : "failure";
      const base = {
        github: { event_name: event.name, event: event.payload ?? {}, token: options.github.token, run_id: String(runId), repository: "acme/site" },
        vars, secrets, inputs: event.inputs ?? {}, needs, runner: { os: "Linux" },
      };
      const jobWhere = `job ${jobName}`;
      if (!condition(job.if, { values: { ...base, env: {} }, status: needsStatus }, `${jobWhere} if:`)) {
        results[jobName] = { result: "skipped", outputs: {}, runs: [] };
        log(`${jobName}: skipped (if: ${job.if ?? "success()"})`);
        continue;
      }
      const workflowEnv = Object.fromEntries(Object.entries(workflow.env ?? {}).map(([k, v]) => [k, String(interpolate(v, { values: { ...base, env: {} }, status: "success" }, `env.${k}`) ?? "")]));
      const runs = [];
      let jobResult = "success";
      const jobOutputs = {};
      for (const matrix of combinations(job.strategy?.matrix, { values: { ...base, env: workflowEnv }, status: "success" }, jobWhere)) {
        const label = Object.keys(matrix).length ? `${jobName} (${Object.values(matrix).map((v) => v?.name ?? JSON.stringify(v)).join(", ")})` : jobName;
        const values = { ...base, matrix, env: workflowEnv, steps: {} };
        const jobEnv = { ...workflowEnv };
        for (const [k, v] of Object.entries(job.env ?? {})) jobEnv[k] = String(interpolate(v, { values: { ...values, env: jobEnv }, status: "success" }, `${jobWhere} env.${k}`) ?? "");
        const summary = join(scratch, `${label.replace(/[^a-z0-9]+/gi, "-")}-summary.md`);
        writeFileSync(summary, "");
        let status = "success";
        const stepResults = [];
        let extra = {};
        for (const [index, step] of (job.steps ?? []).entries()) {
          const where = `${jobWhere}, step ${index + 1}${step.id ? ` (${step.id})` : ""}`;
          const stepValues = { ...values, env: { ...jobEnv, ...extra } };
          if (!condition(step.if, { values: stepValues, status }, `${where} if:`)) {
            stepResults.push({ index, id: step.id, status: "skipped" });
            log(`${label}: step ${index + 1} skipped (if: ${step.if ?? "success()"})`);
            continue;
          }
          const stepEnv = { ...jobEnv, ...extra };
          for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = String(interpolate(v, { values: { ...stepValues, env: stepEnv }, status }, `${where} env.${k}`) ?? "");
          const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, { values: { ...stepValues, env: stepEnv }, status }, `${where} with.${k}`)]));
          let result;
          if (step.run !== undefined) {
            const target = makeTarget(step.run);
            if (!target) throw new WorkflowError(`${where}: run: ${JSON.stringify(step.run)} is not one make target; this runner runs only \`make TARGET\` steps (tools/pipeline/README.md)`);
            result = await runMake(target, { cwd, label, where, scratch, index, summary, env: { ...options.env, ...stepEnv }, github: options.github, runId, event, options, log });
          } else if (step.uses !== undefined) {
            result = await standIn(step.uses, withValues, { cwd, label, where, status, options, runId, log });
            if (result.env) extra = { ...extra, ...result.env };
          } else {
            throw new WorkflowError(`${where}: neither run: nor uses:`);
          }
          stepResults.push({ index, id: step.id, ...result });
          if (step.id) values.steps[step.id] = { outputs: result.outputs ?? {}, outcome: result.status, conclusion: result.status };
          if (result.status === "failure") status = "failure";
        }
        for (const [k, v] of Object.entries(job.outputs ?? {})) {
          jobOutputs[k] = interpolate(v, { values: { ...values, env: jobEnv }, status }, `${jobWhere} outputs.${k}`);
        }
        runs.push({ label, matrix, steps: stepResults, status, summary: readFileSync(summary, "utf8") });
        if (status === "failure") {
          jobResult = "failure";
          const failFast = job.strategy?.["fail-fast"] ?? true;
          if (failFast) { log(`${label}: failed; fail-fast stops the job's other matrix entries`); break; }
        }
      }
      results[jobName] = { result: jobResult, outputs: jobOutputs, runs };
      log(`${jobName}: ${jobResult}`);
    }
    return { jobs: results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runMake(target, { cwd, label, scratch, index, summary, env, github, runId, event, log }) {
  const output = join(scratch, `${label.replace(/[^a-z0-9]+/gi, "-")}-${index}-output`);
  writeFileSync(output, "");
  const runEnv = {
    ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_API_URL: github.base, GITHUB_REPOSITORY: "acme/site",
    GITHUB_RUN_ID: String(runId), GITHUB_EVENT_NAME: event.name, GITHUB_WORKFLOW_REF: "acme/site/.github/workflows/edge-router.yml@refs/heads/main",
  };
  log(`${label}: make ${target}`);
  const started = Date.now();
  const { status, out } = await new Promise((resolve) => {
    const child = spawn("make", ["--no-print-directory", target], { cwd, env: runEnv, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d) => { text += d; });
    child.stderr.on("data", (d) => { text += d; });
    child.on("close", (code) => resolve({ status: code, out: text }));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`${label}: make ${target}: exit ${status} in ${seconds} s`);
  // Terraform's colours out: what a reader of the job's log sees.
  const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
  return { target, status: status === 0 ? "success" : "failure", exit: status, output: plain, outputs: parseOutputs(output), seconds };
}

async function standIn(uses, withValues, { cwd, label, where, status, options, runId, log }) {
  const action = uses.startsWith("./") ? uses : uses.split("@")[0];
  if (!Object.hasOwn(STAND_INS, action)) {
    throw new WorkflowError(`${where}: uses: ${uses} has no local stand-in in this runner (tests/pipeline/workflow-runner.mjs STAND_INS)`);
  }
  log(`${label}: ${action}: stood in: ${STAND_INS[action]}`);
  switch (action) {
    case "aws-actions/configure-aws-credentials": {
      if (!withValues["role-to-assume"]) return { status: "failure", output: `${where}: role-to-assume is empty (the repository variable is not set)` };
      return { status: "success", standIn: action, role: withValues["role-to-assume"], env: { ...options.credentials, AWS_REGION: withValues["aws-region"], AWS_DEFAULT_REGION: withValues["aws-region"] } };
    }
    case "actions/upload-artifact": {
      const folder = join(cwd, withValues.path);
      const files = existsSync(folder) ? readdirSync(folder) : [];
      if (files.length === 0) {
        return withValues["if-no-files-found"] === "error"
          ? { status: "failure", output: `${where}: no files in ${withValues.path}` } : { status: "success", standIn: action };
      }
      const zip = join(mkdtempSync(join(tmpdir(), "artifact-")), "a.zip");
      execFileSync("zip", ["-q", "-r", zip, ...files], { cwd: folder });
      const artifact = options.github.store(withValues.name, readFileSync(zip), runId);
      rmSync(zip, { force: true });
      return { status: "success", standIn: action, artifact };
    }
    case "actions/download-artifact": {
      const pattern = new RegExp(`^${String(withValues.pattern ?? withValues.name).replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*").replaceAll("?", ".")}$`);
      const into = join(cwd, withValues.path);
      const got = [];
      for (const artifact of options.github.list(runId).filter((a) => pattern.test(a.name))) {
        const folder = join(into, artifact.name);
        mkdirSync(folder, { recursive: true });
        const zip = join(folder, ".download.zip");
        writeFileSync(zip, artifact.zip);
        execFileSync("unzip", ["-q", "-o", zip, "-d", folder]);
        rmSync(zip);
        got.push(artifact.name);
      }
      return { status: "success", standIn: action, downloaded: got };
    }
    default:
      return { status: status === "success" ? "success" : status, standIn: action };
  }
}
