// The workflow's own steps, run here in the order the workflow runs them (issue 24): .github/workflows/edge-router.yml
// is read (never a list of targets written here), and workflow-runner.mjs runs its jobs in `needs:` order, each
// `run: make ci-*` step as that make target, with the environment the workflow gives it. First a pull request (the
// environments, check, plan and comment jobs), then its merge to main (environments, check, apply: fetch the plan
// the pull request kept, apply exactly it, publish, verify). Each event runs on its own fresh checkout of one tree,
// as GitHub's runners do, with this checkout's builds copied in (a runner would build them).
//
// Where GitHub or AWS would be, the local thing (and the log says so, step by step):
//   GitHub's API, artifacts, the sticky comment   fake-github.mjs on a loopback port
//   AWS (the plan, the apply, the state bucket)   one moto_server (ops/tests/moto.mjs), through an override file of
//                                                 the user's kind beside the stack (kept by the synth, carried in the
//                                                 plan bundle): every service's endpoint at moto, the mirrored
//                                                 hashicorp/aws 5.100.0, the S3 backend on moto's S3
//   the OIDC exchange (configure-aws-credentials) moto's test keys: NOT exercised here (needs GitHub's token service
//                                                 and AWS STS)
//   make test-synth inside make ci-check          not run here (the synth suite of make test runs it; 70 s and more):
//                                                 ci-check's make synth runs, and the log says test-synth was left out
//   make verify against the live domain           against the local edge (the make verify-local way) serving the
//                                                 applied stack's configuration
// Left out of the apply, because moto 5.2.1 cannot create them (the review suite's MotoOverride does the same):
// CloudFront's cache, origin request and response headers policies and its function (the behaviours then use the
// managed CachingDisabled policy), Logs Insights query definitions, CloudFront's monitoring subscription, and the
// site bucket's lifecycle configuration (the provider waits ~55 s after one), the site bucket's policy (moto would deny
// every request through its aws:SecureTransport condition); and the DNS records (route53_zone_id
// empty: moto's hosted zone IDs are not of the form the variable's validation takes).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import YAML from "yaml";
import { fakeGithub } from "./fake-github.mjs";
import { runWorkflow } from "./workflow-runner.mjs";
import { makeClone, mirror, ownVariables, repo, userEnv } from "../deploy/clone.mjs";
import { leftOut, startMoto } from "../../ops/tests/moto.mjs";

const under = join(repo, "build", "test-pipeline-run");
const workflowText = readFileSync(join(repo, ".github/workflows/edge-router.yml"), "utf8");
const PASSPHRASE = "pipeline-run-test-".padEnd(48, "x");
const BUCKET = "pipeline-run-state-7f3a";
const SITE_BUCKET = "walk-test-site-7f3a";
// The managed policies the behaviours fall back to (moto has no CloudFront policies of its own).
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

let moto;
let gh;
let edge;
let appliedState;
let provider;
const lines = [];
const log = (line) => { lines.push(line); console.log(`  ${line}`); };
const sh = (cwd, command, args, env) => execFileSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });

// The user's repository, committed: the tree both runs check out.
let source;
let baseEnv;
before(async () => {
  rmSync(under, { recursive: true, force: true });
  moto = await startMoto();
  // The restore stamps too: without them make would rebuild the app in every checkout (a minute each).
  source = makeClone("source", { under, builds: ["review", "publish", "main-restored-cdktf.stamp", "main-restored-cdktn.stamp"] });
  provider = mirror(source);
  // A plugin cache beside the mirror: each checkout's terraform init then links the 690 MB provider instead of
  // copying it (four inits here), as a runner's cache would.
  mkdirSync(join(under, "plugin-cache"), { recursive: true });
  writeFileSync(provider.cli, `plugin_cache_dir = "${join(under, "plugin-cache")}"\n${readFileSync(provider.cli, "utf8")}`);
  ownVariables(source);
  const cdktf = JSON.parse(readFileSync(join(source, "cdktf.json"), "utf8"));
  // README, Run it from GitHub, step 4: the state bucket's name and the variables, committed.
  cdktf.context.stateBucket = BUCKET;
  writeFileSync(join(source, "cdktf.json"), `${JSON.stringify(cdktf, null, 2)}\n`);
  baseEnv = userEnv(source, { TF_CLI_CONFIG_FILE: provider.cli, CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true" });
  // The state bucket exists (the state stack's apply made it, once, by a person): made in moto.
  const aws = (...args) => {
    const r = spawnSync("aws", [...args, "--endpoint-url", moto.url, "--output", "json"], { env: { ...baseEnv, ...motoKeys() }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout || "{}");
  };
  aws("s3api", "create-bucket", "--bucket", BUCKET);
  // No DNS records: moto names a hosted zone with an ID that route53_zone_id's validation refuses (not Z + upper case).
  const tfvars = join(source, "terraform.tfvars");
  writeFileSync(tfvars, readFileSync(tfvars, "utf8").replace(/^route53_zone_id = "Z1D633PJN98FT9"$/m, 'route53_zone_id = ""'));
  assert.match(readFileSync(tfvars, "utf8"), /^route53_zone_id = ""$/m);
  // The runners' checkouts have no cdktf.out: synthesized once here (the CI would synthesize in each; ci-check and
  // ci-plan still do, and find nothing changed), so the AWS stand-in (the override) can name the stack's resources.
  const synth = spawnSync("make", ["--no-print-directory", "synth"], { cwd: source, env: baseEnv, encoding: "utf8" });
  assert.equal(synth.status, 0, synth.stdout + synth.stderr);
  writeMotoOverride(source);
  gh = await fakeGithub(fakeState);
});

after(async () => {
  edge?.stop();
  await gh?.close();
  await moto?.stop();
  if (!process.env.EDGE_ROUTER_KEEP_TEST_CLONES) rmSync(under, { recursive: true, force: true });
});

function motoKeys() {
  return { AWS_ACCESS_KEY_ID: "moto", AWS_SECRET_ACCESS_KEY: "moto", AWS_DEFAULT_REGION: "us-east-1", AWS_ENDPOINT_URL: moto.url };
}

// A runner's checkout: a copy of the source's files (tracked and new), committed; the builds copied in.
function checkout(name, message, edit = () => {}) {
  const dir = join(under, name);
  rmSync(dir, { recursive: true, force: true });
  execFileSync("cp", ["-a", source, dir]);
  if (!existsSync(join(dir, ".git"))) {
    sh(dir, "git", ["init", "-q", "-b", "main"]);
    writeFileSync(join(dir, ".git", "info", "exclude"), "/node_modules\n/.bindings\n/engines/cdktn/node_modules\n/.home\n/.terraform-*.rc\n");
  }
  // A runner has none of the user's files: no state/ (the state bucket's name comes from stateBucket), no plan.
  rmSync(join(dir, "state"), { recursive: true, force: true });
  edit(dir);
  const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };
  sh(dir, "git", ["add", "-A"], env);
  sh(dir, "git", ["add", "-f", "terraform.tfvars"], env);
  sh(dir, "git", ["commit", "-q", "--allow-empty", "-m", message], env);
  return { dir, tree: sh(dir, "git", ["rev-parse", "HEAD^{tree}"]).trim(), commit: sh(dir, "git", ["rev-parse", "HEAD"]).trim() };
}

// The AWS stand-in: the override a user would write beside the stack to point it at another endpoint. Written after
// a synth (it names the synthesized resources), kept by every later synth, carried in the plan bundle to the apply.
function writeMotoOverride(dir) {
  const stackDir = join(dir, "cdktf.out", "stacks", "edge-router");
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  const resources = {};
  const set = (type, name, key, value) => { ((resources[type] ??= {})[name] ??= {})[key] = value; };
  // What moto cannot apply, by type, from the one list the ops tests keep (ops/tests/moto.mjs, each with its reason):
  // a resource type the stack gains there is left out here too.
  for (const type of Object.keys(leftOut)) for (const name of Object.keys(stack.resource[type] ?? {})) set(type, name, "count", 0);
  const distribution = stack.resource.aws_cloudfront_distribution.distribution;
  const site = structuredClone(distribution.default_cache_behavior);
  delete site.function_association;
  delete site.response_headers_policy_id;
  const router = distribution.ordered_cache_behavior.map((b) => {
    const copy = structuredClone(b);
    delete copy.response_headers_policy_id;
    return { ...copy, cache_policy_id: CACHING_DISABLED, origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST };
  });
  set("aws_cloudfront_distribution", "distribution", "default_cache_behavior", site);
  set("aws_cloudfront_distribution", "distribution", "ordered_cache_behavior", router);
  set("aws_cloudfront_distribution", "distribution", "wait_for_deployment", false);
  const services = ["s3", "iam", "sts", "logs", "apigatewayv2", "lambda", "cloudfront", "route53", "cloudwatch", "sns"];
  const aws = (alias) => ({
    ...(alias ? { alias } : {}), access_key: "moto", secret_key: "moto", skip_credentials_validation: true, skip_requesting_account_id: false,
    skip_metadata_api_check: true, skip_region_validation: true, s3_use_path_style: true, endpoints: [Object.fromEntries(services.map((s) => [s, moto.url]))],
  });
  const backend = stack.terraform.backend.s3;
  assert.equal(backend.bucket, BUCKET, "the stack's backend is the committed stateBucket");
  writeFileSync(join(stackDir, "pipeline_test_moto_override.tf.json"), `${JSON.stringify({
    terraform: {
      // The stack's own S3 backend (bucket, key, lock file, encryption), its endpoint at moto.
      backend: { s3: { ...backend, endpoints: { s3: moto.url, sts: moto.url }, use_path_style: true, skip_credentials_validation: true,
        skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true } },
      required_providers: { aws: { source: "hashicorp/aws", version: provider.version } },
    },
    provider: { aws: [aws(null), aws("us_east_1")] },
    resource: resources,
  }, null, 2)}\n`);
}

// The repository's side of GitHub: its variables and secret (README, set-up step 3), the loopback API, and the
// artifacts that runs upload.
let nextArtifact = 100;
function githubSide() {
  return {
    base: gh.base,
    token: "test-token",
    store(name, zip, runId) {
      const id = nextArtifact++;
      const artifact = { id, name, size_in_bytes: zip.length, expired: false, created_at: new Date(Date.now() + id).toISOString(),
        archive_download_url: `${gh.base}/repos/acme/site/actions/artifacts/${id}/zip`, workflow_run: { id: runId } };
      artifactsOf().push(artifact);
      zipsOf()[id] = zip;
      return artifact;
    },
    list: (runId) => artifactsOf().filter((a) => a.workflow_run.id === runId).map((a) => ({ ...a, zip: zipsOf()[a.id] })),
  };
}
// fake-github.mjs keeps the objects it was given: these are those.
const fakeState = { artifacts: [], zips: {}, runs: {} };
const artifactsOf = () => fakeState.artifacts;
const zipsOf = () => fakeState.zips;

function recordRun(id, event) {
  fakeState.runs[id] = { id, event, repository: { full_name: "acme/site" }, head_repository: { full_name: "acme/site" },
    path: ".github/workflows/edge-router.yml", html_url: `https://github.com/acme/site/actions/runs/${id}` };
}

const vars = { AWS_REGION: "us-east-1", EDGE_ROUTER_PLAN_ROLE_ARN: "arn:aws:iam::123456789012:role/edge-router-plan-test",
  EDGE_ROUTER_APPLY_ROLE_ARN: "arn:aws:iam::123456789012:role/edge-router-apply-test", EDGE_ROUTER_DOMAIN: "example.com", EDGE_ROUTER_VERIFY_ACCOUNT: "alice" };
const secrets = { EDGE_ROUTER_PLAN_PASSPHRASE: PASSPHRASE };

function steps(result, job) {
  return result.jobs[job].runs.flatMap((r) => r.steps.map((s) => ({ job, label: r.label, ...s })));
}
function failed(result) {
  return Object.entries(result.jobs).flatMap(([job, j]) => j.runs.flatMap((r) => r.steps.filter((s) => s.status === "failure")
    .map((s) => `${r.label} step ${s.index + 1}${s.target ? ` (make ${s.target})` : ""}:\n${(s.output ?? "").slice(-3000)}`)));
}

describe("the workflow's make targets, in its order, on a pull request and its merge", { timeout: 1_800_000 }, () => {
  let pr;
  let merge;
  let prResult;
  const workflow = YAML.parse(workflowText);
  // CI_CHECK_SUITES empty: ci-check runs its synth, not test-synth (make test runs that suite on its own).
  const runner = (dir, extra = {}, env = {}) => ({ cwd: dir, vars, secrets, github: githubSide(), log,
    env: { ...baseEnv, HOME: join(dir, ".home"), CI_CHECK_SUITES: "", ...env }, credentials: motoKeys(), ...extra });

  test("pull request: environments, check, plan (against moto), comment (on the loopback GitHub) all pass", async () => {
    pr = checkout("pull-request", "the pull request's merge commit");
    recordRun(1001, "pull_request");
    log("--- pull_request (run 1001)");
    prResult = await runWorkflow(workflow, runner(pr.dir, { event: { name: "pull_request", payload: { pull_request: { number: 7 } } }, runId: 1001 }));
    assert.deepEqual(failed(prResult), []);
    assert.deepEqual(Object.fromEntries(Object.entries(prResult.jobs).map(([n, j]) => [n, j.result])),
      { environments: "success", check: "success", plan: "success", comment: "success", apply: "skipped" });
    // The order and the targets are the workflow's.
    const ran = ["environments", "check", "plan", "comment"].flatMap((job) => steps(prResult, job).filter((s) => s.target).map((s) => s.target));
    assert.deepEqual(ran, ["ci-environments", "ci-check", "ci-plan", "ci-comment"]);
    const plan = steps(prResult, "plan").find((s) => s.target === "ci-plan");
    assert.equal(plan.outputs.artifact, `plan-production-${pr.tree}`);
    assert.match(plan.output, /Plan: \d+ to add, 0 to change, 0 to destroy/);
    assert.deepEqual(fakeState.artifacts.map((a) => a.name), [`plan-production-${pr.tree}`]);
    // One sticky comment with the review of the plan.
    const comments = gh.comments.filter((c) => c.body.includes("edge-router"));
    assert.equal(comments.length, 1, JSON.stringify(gh.comments.map((c) => c.body.slice(0, 200))));
    assert.match(comments[0].body, /### production/);
  });

  test("merge: the apply job fetches exactly the reviewed plan, applies it against moto, publishes, verifies", async (t) => {
    if (!prResult) return t.skip("the pull request run failed");
    merge = checkout("merge", "Merge pull request #7");
    assert.equal(merge.tree, pr.tree, "the merge commit has the pull request's tree");
    assert.notEqual(merge.commit, pr.commit);
    recordRun(1002, "push");
    // The live domain: the local edge, serving this tree's stack (the one the plan was made from) with the example
    // router configuration (domain example.com), as make verify-local does; make verify reaches it through URL and
    // HTTP_URL, which make ci-verify passes on from the environment.
    edge = await startEdge(join(pr.dir, "cdktf.out", "stacks", "edge-router", "cdk.tf.json"));
    log(`ci-verify: stood in: the live domain is the local edge on ${edge.url} and ${edge.httpUrl} (make verify-local's way)`);
    log("ci-check: test-synth left out (CI_CHECK_SUITES empty): the synth suite of make test runs that target");
    log("--- push to main (run 1002)");
    const result = await runWorkflow(workflow, runner(merge.dir, { event: { name: "push", payload: {} }, runId: 1002 },
      { URL: edge.url, HTTP_URL: edge.httpUrl, NODE_EXTRA_CA_CERTS: join(repo, "build", "e2e", "tls", "ca.pem") }));
    assert.deepEqual(failed(result), []);
    const ran = ["environments", "check", "apply"].flatMap((job) => steps(result, job).filter((s) => s.target).map((s) => s.target));
    assert.deepEqual(ran, ["ci-environments", "ci-check", "ci-fetch-plan", "ci-apply", "ci-publish", "ci-verify"]);
    const apply = steps(result, "apply").find((s) => s.target === "ci-apply");
    // Exactly what the reviewed plan said: the resources it would create are the ones the apply created.
    const planned = [...steps(prResult, "plan").find((s) => s.target === "ci-plan").output.matchAll(/^ {2}# (\S+) will be created$/gm)].map((m) => m[1]).sort();
    const created = [...apply.output.matchAll(/^(\S+): Creation complete after/gm)].map((m) => m[1]).sort();
    assert.ok(planned.length > 10, `the plan's text lists what it creates:\n${planned.join("\n")}`);
    assert.deepEqual(created, planned);
    assert.match(apply.output, /Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
    assert.match(apply.output, new RegExp(`ci-apply: applied the plan reviewed for production at tree ${pr.tree.slice(0, 12)}`));
    const objects = JSON.parse(spawnSync("aws", ["s3api", "list-objects-v2", "--bucket", SITE_BUCKET, "--endpoint-url", moto.url],
      { env: { ...baseEnv, ...motoKeys() }, encoding: "utf8" }).stdout || "{}");
    assert.ok((objects.Contents ?? []).some((o) => o.Key === "index.html"), `make ci-publish put the site in ${SITE_BUCKET}: ${JSON.stringify(objects)}`);
    const verify = steps(result, "apply").find((s) => s.target === "ci-verify");
    assert.match(verify.output, /^PASS /m);
    assert.doesNotMatch(verify.output, /^FAIL /m);
    appliedState = stateObject();
  });

  // What a second apply of the same plan meets: a re-run of the merge's run, or two merges' runs one after the other
  // (the workflow's concurrency group queues them; the state's lock file guards the rest).
  test("a re-run of the merge after it applied: the saved plan is stale, nothing is applied, the re-plan is kept for review", async (t) => {
    if (!appliedState) return t.skip("the merge run failed");
    const again = checkout("rerun", "Merge pull request #7");
    assert.equal(again.tree, pr.tree);
    recordRun(1003, "push");
    log("--- the merge's run again (run 1003)");
    const result = await runWorkflow(workflow, runner(again.dir, { event: { name: "push", payload: {} }, runId: 1003, only: ["environments", "apply"] }));
    assert.equal(result.jobs.apply.result, "failure");
    const byTarget = Object.fromEntries(steps(result, "apply").filter((s) => s.target).map((s) => [s.target, s]));
    assert.equal(byTarget["ci-fetch-plan"].status, "success");
    assert.equal(byTarget["ci-apply"].status, "failure");
    assert.match(byTarget["ci-apply"].output, /Saved plan is stale/);
    assert.match(byTarget["ci-apply"].output, /::error title=Stale plan::The state of production changed after the pull request's plan was made/);
    assert.doesNotMatch(byTarget["ci-apply"].output, /Apply complete!/);
    assert.equal(byTarget["ci-apply"].outputs.replanned, `replan-production-${pr.tree}-1003`);
    // The re-plan was reviewed for real (make review on replan.tfplan), and the review is in the job summary.
    const summary = result.jobs.apply.runs.map((r) => r.summary).join("\n");
    assert.match(summary, /^## production: the reviewed plan was stale; nothing was applied$/m);
    assert.match(summary, /^### Plan review of `edge-router`: (passed|blocked)/m, summary);
    assert.doesNotMatch(summary, /PLAN is empty|No rule to make target/);
    // The workflow's own failure() step kept the re-plan; publish and verify did not run.
    const upload = steps(result, "apply").find((s) => s.standIn === "actions/upload-artifact");
    assert.equal(upload?.artifact?.name, `replan-production-${pr.tree}-1003`);
    assert.deepEqual(steps(result, "apply").filter((s) => s.status === "skipped").length, 2);
    assert.ok(!byTarget["ci-publish"] && !byTarget["ci-verify"]);
    assert.equal(stateObject(), appliedState, "the state is as the first apply left it");
  });

  test("main moved on (another tree): no reviewed plan for it, nothing fetched, nothing applied", async (t) => {
    if (!appliedState) return t.skip("the merge run failed");
    const moved = checkout("moved-on", "an unreviewed change reached main", (dir) => {
      writeFileSync(join(dir, "site", "index.html"), `${readFileSync(join(dir, "site", "index.html"), "utf8")}<!-- unreviewed -->\n`);
    });
    assert.notEqual(moved.tree, pr.tree);
    recordRun(1004, "push");
    const result = await runWorkflow(workflow, runner(moved.dir, { event: { name: "push", payload: {} }, runId: 1004, only: ["environments", "apply"] }));
    const fetched = steps(result, "apply").find((s) => s.target === "ci-fetch-plan");
    assert.equal(fetched.status, "failure");
    assert.match(fetched.output, new RegExp(`ci-fetch-plan: refused: no reviewed plan for production at tree ${moved.tree.slice(0, 12)} \\(artifact plan-production-${moved.tree}\\)`));
    assert.ok(!steps(result, "apply").some((s) => s.target === "ci-apply"), "ci-apply did not run");
    assert.equal(stateObject(), appliedState);
  });

  test("a plan artifact changed after the plan job (one bit of its bundle): refused at ci-fetch-plan, nothing applied", async (t) => {
    if (!appliedState) return t.skip("the merge run failed");
    // A newer pull request run's artifact for the same tree, its bundle changed: the newest is the one fetched.
    const original = fakeState.artifacts.find((a) => a.name === `plan-production-${pr.tree}`);
    const work = join(under, "tamper");
    rmSync(work, { recursive: true, force: true });
    execFileSync("mkdir", ["-p", work]);
    writeFileSync(join(work, "a.zip"), fakeState.zips[original.id]);
    execFileSync("unzip", ["-q", "a.zip", "-d", "files"], { cwd: work });
    const bundle = readFileSync(join(work, "files", "plan.bundle"));
    bundle[bundle.length - 100] ^= 0x01;
    writeFileSync(join(work, "files", "plan.bundle"), bundle);
    execFileSync("zip", ["-q", "-r", "../b.zip", "."], { cwd: join(work, "files") });
    recordRun(1005, "pull_request");
    githubSide().store(original.name, readFileSync(join(work, "b.zip")), 1005);
    const again = checkout("tampered", "Merge pull request #7");
    recordRun(1006, "push");
    const result = await runWorkflow(workflow, runner(again.dir, { event: { name: "push", payload: {} }, runId: 1006, only: ["environments", "apply"] }));
    const fetched = steps(result, "apply").find((s) => s.target === "ci-fetch-plan");
    assert.equal(fetched.status, "failure");
    assert.match(fetched.output, /ci-fetch-plan: plan-production-[0-9a-f]{40} from run 1005/);
    assert.match(fetched.output, /bundle: cannot decrypt .*: EDGE_ROUTER_PLAN_PASSPHRASE is not the one the plan job used, or the file was changed after the plan job made it \(its MAC does not match\)/);
    assert.ok(!steps(result, "apply").some((s) => s.target === "ci-apply"));
    assert.equal(stateObject(), appliedState);
  });
});

describe("a workflow edit that would apply without the reviewed plan fails the run", { timeout: 600_000 }, () => {
  test("the repository variable EDGE_ROUTER_PLAN_ROLE_ARN not set: the plan job stops at its credentials, nothing planned or kept", async () => {
    const co = checkout("no-role", "a pull request in a repository not set up");
    recordRun(1008, "pull_request");
    const before = fakeState.artifacts.length;
    const { EDGE_ROUTER_PLAN_ROLE_ARN: _, ...unset } = vars;
    const result = await runWorkflow(YAML.parse(workflowText), { cwd: co.dir, vars: unset, secrets, github: githubSide(), log,
      event: { name: "pull_request", payload: { pull_request: { number: 8 } } }, runId: 1008, only: ["environments", "plan"],
      env: { ...baseEnv, HOME: join(co.dir, ".home"), CI_CHECK_SUITES: "" }, credentials: motoKeys() });
    assert.equal(result.jobs.plan.result, "failure");
    const credentials = steps(result, "plan").find((s) => s.standIn === undefined && s.status === "failure");
    assert.match(credentials.output, /role-to-assume is empty \(the repository variable is not set\)/);
    assert.ok(!steps(result, "plan").some((s) => s.target === "ci-plan"), "ci-plan did not run");
    assert.equal(fakeState.artifacts.length, before, "no artifact kept");
  });

  test("ci-apply moved before ci-fetch-plan: refused, there is no reviewed plan in a fresh checkout", async (t) => {
    if (!appliedState) return t.skip("the merge run failed");
    const edited = YAML.parse(workflowText);
    const applySteps = edited.jobs.apply.steps;
    const fetch = applySteps.findIndex((s) => s.run === "make ci-fetch-plan");
    const apply = applySteps.findIndex((s) => s.run === "make ci-apply");
    [applySteps[fetch], applySteps[apply]] = [applySteps[apply], applySteps[fetch]];
    const co = checkout("reordered", "Merge pull request #7");
    recordRun(1007, "push");
    const result = await runWorkflow(edited, { cwd: co.dir, vars, secrets, github: githubSide(), log, event: { name: "push", payload: {} }, runId: 1007,
      only: ["environments", "apply"], env: { ...baseEnv, HOME: join(co.dir, ".home"), CI_CHECK_SUITES: "" }, credentials: motoKeys() });
    const first = steps(result, "apply").find((s) => s.target);
    assert.equal(first.target, "ci-apply");
    assert.equal(first.status, "failure");
    assert.match(first.output, /ci-apply: refused: no reviewed plan in build\/pipeline\/production-stack \(make ci-fetch-plan first\)/);
    assert.equal(result.jobs.apply.result, "failure");
    assert.equal(stateObject(), appliedState);
  });
});

// The edge stack's state as the S3 backend keeps it in moto: its bytes, to tell whether anything applied.
function stateObject() {
  const r = spawnSync("aws", ["s3", "cp", `s3://${BUCKET}/edge-router/edge.tfstate`, "-", "--endpoint-url", moto.url],
    { env: { ...baseEnv, ...motoKeys() }, encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// The local edge on loopback ports the system hands out (tools/verify/local.mjs does the same for make verify-local).
async function startEdge(stackJson) {
  const port = async () => {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port: p } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return p;
  };
  const [httpsPort, httpPort] = [await port(), await port()];
  const tls = join(repo, "build", "e2e", "tls");
  const rid = readdirSync(join(repo, "build", "lambda")).find((d) => existsSync(join(repo, "build", "lambda", d, "bootstrap")));
  const child = spawn("dotnet", [join(repo, "build", "edge", "LocalEdge.dll"), "--stack", stackJson, "--site", join(repo, "site"),
    "--bootstrap", join(repo, "build", "lambda", rid, "bootstrap"), "--https", `127.0.0.1:${httpsPort}`, "--cert", join(tls, "server.pem"),
    "--key", join(tls, "server-key.pem"), "--http", `127.0.0.1:${httpPort}`], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const up = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    const onData = (chunk) => { text += chunk; if (/^local edge: listening on /m.test(text)) { clearTimeout(timer); resolve(true); } };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", () => { clearTimeout(timer); resolve(false); });
  });
  const stop = () => { if (child.exitCode === null) child.kill("SIGTERM"); };
  if (!up) { stop(); throw new Error(`the local edge did not start:\n${text.slice(-2000)}`); }
  return { url: `https://127.0.0.1:${httpsPort}`, httpUrl: `http://127.0.0.1:${httpPort}`, stop };
}
