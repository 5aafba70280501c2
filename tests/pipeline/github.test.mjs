// sticky-comment.mjs and reviewed-plan.mjs against a loopback GitHub: one comment, updated in place; the plan for
// exactly this tree from a pull request run, or a refusal that applies nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fakeGithub } from "./fake-github.mjs";
import { github } from "../../tools/pipeline/github-api.mjs";
import { body, upsert, MARKER, LIMIT } from "../../tools/pipeline/sticky-comment.mjs";
import { fetchPlan, workflowPath } from "../../tools/pipeline/reviewed-plan.mjs";
import { targets, dispatched, checkApplyEnvironments } from "../../tools/pipeline/environments.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const TREE = "a".repeat(40);

function reviews(entries) {
  const dir = mkdtempSync(join(tmpdir(), "reviews-"));
  for (const [environment, text] of entries) {
    mkdirSync(join(dir, `plan-${environment}-${TREE}`));
    if (text !== null) writeFileSync(join(dir, `plan-${environment}-${TREE}`, "review.md"), text);
    writeFileSync(join(dir, `plan-${environment}-${TREE}`, "meta.json"), JSON.stringify({ environment }));
  }
  return dir;
}

test("the review comment is created once, then updated in place, whatever else is on the pull request", async () => {
  const others = Array.from({ length: 130 }, (_, i) => ({ id: i + 1, body: `someone else ${i}` }));
  const gh = await fakeGithub({ comments: others });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const first = await upsert(api, 7, body(reviews([["staging", "2 to add"], ["production", null]])));
    const second = await upsert(api, 7, body(reviews([["staging", "1 to change"]])));
    assert.equal(first.action, "created");
    assert.deepEqual(second, { action: "updated", id: first.id });
    const ours = gh.comments.filter((c) => c.body.startsWith(MARKER));
    assert.equal(ours.length, 1);
    assert.match(ours[0].body, /### staging\n\n1 to change/);
    // It looked past the first page of 100 before deciding nothing was there.
    assert.ok(gh.requests.some((r) => r.method === "GET" && r.query.page === "2"));
  } finally {
    await gh.close();
  }
});

test("an environment whose plan failed says so, and a body over GitHub's limit is cut with a note", () => {
  assert.match(body(reviews([["production", null]])), /### production\n\nNo review: the plan did not finish/);
  const long = body(reviews([["production", "x".repeat(100_000)]]));
  assert.ok(long.length <= LIMIT, `${long.length}`);
  assert.match(long, /cut at 65536 characters/);
});

test("a wrong token or pull request number fails with one line, nothing posted", async () => {
  const gh = await fakeGithub();
  try {
    // Asynchronously: the fake answers from this process, which a synchronous spawn would block.
    const run = (env) => new Promise((resolve) => execFile("node", ["tools/pipeline/sticky-comment.mjs", "/nonexistent"], {
      cwd: root, encoding: "utf8", timeout: 20_000, env: { ...process.env, GITHUB_API_URL: gh.base, GITHUB_REPOSITORY: "acme/site", ...env } },
    (error, stdout, stderr) => resolve({ status: error ? error.code : 0, stdout, stderr })));
    let result = await run({ GITHUB_TOKEN: "wrong", PULL_REQUEST: "7" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^ci-comment: GitHub API GET \/repos\/acme\/site\/issues\/7\/comments.*: 401/);
    result = await run({ GITHUB_TOKEN: "test-token", PULL_REQUEST: "7; rm -rf /" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^ci-comment: PULL_REQUEST is not a pull request number/);
    assert.equal(gh.comments.length, 0);
  } finally {
    await gh.close();
  }
});

function artifactZip(meta) {
  const dir = mkdtempSync(join(tmpdir(), "artifact-"));
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta));
  writeFileSync(join(dir, "plan.bundle"), "bundle");
  writeFileSync(join(dir, "review.md"), "review");
  execFileSync("zip", ["-q", "-r", "a.zip", "meta.json", "plan.bundle", "review.md"], { cwd: dir });
  return readFileSync(join(dir, "a.zip"));
}

function artifact(id, name, runId, created) {
  return { id, name, expired: false, created_at: created, size_in_bytes: 400, workflow_run: { id: runId },
    archive_download_url: `http://x/repos/acme/site/actions/artifacts/${id}/zip` };
}

// A run as GitHub's API describes it: of this repository, from code in this repository (not a fork), of this workflow.
function run(id, event, overrides = {}) {
  return { id, event, repository: { full_name: "acme/site" }, head_repository: { full_name: "acme/site" },
    path: ".github/workflows/edge-router.yml", ...overrides };
}

test("the plan applied is the newest one a pull request run made for exactly this tree", async () => {
  const gh = await fakeGithub({
    artifacts: [
      artifact(1, `plan-production-${TREE}`, 11, "2026-12-01T10:00:00Z"),
      artifact(2, `plan-production-${TREE}`, 12, "2026-12-02T10:00:00Z"),
      artifact(3, `plan-production-${TREE}`, 13, "2026-12-03T10:00:00Z"),
    ],
    runs: { 11: run(11, "pull_request"), 12: run(12, "pull_request"), 13: run(13, "push") },
    zips: { 1: artifactZip({ environment: "production", tree: TREE, review_status: 0, n: 1 }),
      2: artifactZip({ environment: "production", tree: TREE, review_status: 0, n: 2 }),
      3: artifactZip({ environment: "production", tree: TREE, review_status: 0, n: 3 }) },
  });
  try {
    const into = mkdtempSync(join(tmpdir(), "fetched-"));
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const { artifact: chosen, meta } = await fetchPlan(api, { environment: "production", tree: TREE, into });
    // Run 13 was not a pull request's: its plan was never reviewed.
    assert.deepEqual([chosen.id, meta.n], [2, 2]);
    assert.ok(existsSync(join(into, "plan.bundle")));
  } finally {
    await gh.close();
  }
});

test("another tree, a blocking review, or a mismatched artifact is refused with the reason", async () => {
  const gh = await fakeGithub({
    artifacts: [artifact(4, `plan-production-${TREE}`, 21, "2026-12-01T10:00:00Z"), artifact(5, `plan-staging-${TREE}`, 22, "2026-12-01T10:00:00Z")],
    runs: { 21: run(21, "pull_request"), 22: run(22, "pull_request") },
    zips: { 4: artifactZip({ environment: "production", tree: TREE, review_status: 1 }), 5: artifactZip({ environment: "production", tree: TREE, review_status: 0 }) },
  });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const into = mkdtempSync(join(tmpdir(), "fetched-"));
    await assert.rejects(fetchPlan(api, { environment: "production", tree: "b".repeat(40), into }),
      /no reviewed plan for production at tree bbbbbbbbbbbb .*main has changed since the pull request was planned/);
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, into }), /review of this plan had blocking findings/);
    await assert.rejects(fetchPlan(api, { environment: "staging", tree: TREE, into }), /was made for production/);
  } finally {
    await gh.close();
  }
});

test("a dispatch applies only the re-plan of the run it names", async () => {
  const gh = await fakeGithub({
    artifacts: [artifact(6, `replan-production-${TREE}-31`, 31, "2026-12-01T10:00:00Z")],
    runs: { 31: run(31, "push"), 32: run(32, "push") },
    zips: { 6: artifactZip({ environment: "production", tree: TREE, review_status: 0 }) },
  });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const into = mkdtempSync(join(tmpdir(), "fetched-"));
    assert.equal((await fetchPlan(api, { environment: "production", tree: TREE, runId: "31", into })).artifact.id, 6);
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, runId: "32", into }), /run 32 has no artifact replan-production/);
  } finally {
    await gh.close();
  }
});

test("the matrix: one production target by default, else the declared environments in order", () => {
  assert.deepEqual(targets({ context: {} }), [{ name: "production", env: "" }]);
  assert.deepEqual(targets({ context: { environments: ["staging", "production"] } }),
    [{ name: "staging", env: "staging" }, { name: "production", env: "production" }]);
  assert.throws(() => targets({ context: { environments: ["Prod uction"] } }), /is not an environment name/);
});

test("hostile: a fork's, another workflow's or another repository's artifact named plan-production-<tree> is never applied", async () => {
  const fork = { head_repository: { full_name: "mallory/site" } };
  const gh = await fakeGithub({
    artifacts: [
      artifact(40, `plan-production-${TREE}`, 40, "2026-12-01T10:00:00Z"),
      // Newer than the reviewed plan: the lookup takes the newest, so each of these would have won before.
      artifact(41, `plan-production-${TREE}`, 41, "2026-12-02T10:00:00Z"),
      artifact(42, `plan-production-${TREE}`, 42, "2026-12-03T10:00:00Z"),
      artifact(43, `plan-production-${TREE}`, 43, "2026-12-04T10:00:00Z"),
    ],
    runs: { 40: run(40, "pull_request"), 41: run(41, "pull_request", fork),
      42: run(42, "pull_request", { path: ".github/workflows/other.yml" }), 43: run(43, "pull_request", { repository: { full_name: "mallory/site" } }) },
    zips: Object.fromEntries([40, 41, 42, 43].map((n) => [n, artifactZip({ environment: "production", tree: TREE, review_status: 0, n })])),
  });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const into = mkdtempSync(join(tmpdir(), "fetched-"));
    const { artifact: chosen, meta } = await fetchPlan(api, { environment: "production", tree: TREE, into });
    assert.deepEqual([chosen.id, meta.n], [40, 40]);
  } finally {
    await gh.close();
  }
  // Only the fork's: refused, and its zip never downloaded.
  const onlyFork = await fakeGithub({
    artifacts: [artifact(41, `plan-production-${TREE}`, 41, "2026-12-02T10:00:00Z")],
    runs: { 41: run(41, "pull_request", fork) },
    zips: { 41: artifactZip({ environment: "production", tree: TREE, review_status: 0 }) },
  });
  try {
    const api = github({ token: "test-token", base: onlyFork.base, repository: "acme/site" });
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, into: mkdtempSync(join(tmpdir(), "fetched-")) }),
      /no reviewed plan for production/);
    assert.ok(!onlyFork.requests.some((r) => r.path.endsWith("/zip")));
  } finally {
    await onlyFork.close();
  }
});

test("hostile: a dispatch naming a fork's pull request run, or another workflow's run, is refused", async () => {
  const gh = await fakeGithub({
    artifacts: [artifact(50, `replan-production-${TREE}-50`, 50, "2026-12-01T10:00:00Z"),
      artifact(51, `replan-production-${TREE}-51`, 51, "2026-12-01T10:00:00Z")],
    runs: { 50: run(50, "pull_request", { head_repository: { full_name: "mallory/site" } }),
      51: run(51, "push", { path: ".github/workflows/mine.yml" }) },
    zips: { 50: artifactZip({ environment: "production", tree: TREE, review_status: 0 }), 51: artifactZip({ environment: "production", tree: TREE, review_status: 0 }) },
  });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const into = mkdtempSync(join(tmpdir(), "fetched-"));
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, runId: "50", into }),
      /run 50 was triggered by "pull_request", not push or workflow_dispatch/);
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, runId: "51", into }),
      /run 51 ran the workflow ".github\/workflows\/mine.yml", not .github\/workflows\/edge-router.yml/);
    assert.ok(!gh.requests.some((r) => r.path.endsWith("/zip")));
  } finally {
    await gh.close();
  }
});

function craftedZip(build) {
  const dir = mkdtempSync(join(tmpdir(), "crafted-"));
  mkdirSync(join(dir, "in"));
  build(join(dir, "in"));
  return { dir, zip: () => readFileSync(join(dir, "in", "a.zip")) };
}

test("hostile: an artifact zip with a ../ name, an unexpected name, a symbolic link, or a huge size is refused", async () => {
  const meta = JSON.stringify({ environment: "production", tree: TREE, review_status: 0 });
  const victim = mkdtempSync(join(tmpdir(), "victim-"));
  // A name with ../ in it (unzip would strip or skip it; the pipeline refuses the artifact instead).
  const traversal = craftedZip((d) => {
    mkdirSync(join(d, "x")); writeFileSync(join(d, "meta.json"), meta); writeFileSync(join(d, "evil"), "pwned");
    execFileSync("zip", ["-q", "a.zip", "meta.json", "x/../evil"], { cwd: d });
  });
  const link = craftedZip((d) => {
    writeFileSync(join(d, "meta.json"), meta);
    execFileSync("ln", ["-s", join(victim, "target"), join(d, "review.md")]);
    execFileSync("zip", ["-q", "--symlinks", "a.zip", "meta.json", "review.md"], { cwd: d });
  });
  const extra = craftedZip((d) => {
    writeFileSync(join(d, "meta.json"), meta); writeFileSync(join(d, "cdk.tf.json"), "{}");
    execFileSync("zip", ["-q", "a.zip", "meta.json", "cdk.tf.json"], { cwd: d });
  });
  const cases = [
    [60, traversal.zip(), /holds \["x\/\.\.\/evil"\]/],
    [61, link.zip(), /review\.md is not a regular file/],
    [62, extra.zip(), /holds \["cdk\.tf\.json"\]: a plan artifact holds only meta\.json, plan\.bundle, review\.md, plan\.txt/],
  ];
  const gh = await fakeGithub({
    artifacts: [...cases.map(([n]) => artifact(n, `replan-production-${TREE}-${n}`, n, "2026-12-01T10:00:00Z")),
      { ...artifact(63, `replan-production-${TREE}-63`, 63, "2026-12-01T10:00:00Z"), size_in_bytes: 5 * 1024 ** 3 }],
    runs: Object.fromEntries([60, 61, 62, 63].map((n) => [n, run(n, "push")])),
    zips: { ...Object.fromEntries(cases.map(([n, zip]) => [n, zip])), 63: artifactZip({ environment: "production", tree: TREE, review_status: 0 }) },
  });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    for (const [n, , expected] of cases) {
      const into = join(mkdtempSync(join(tmpdir(), "fetched-")), "into");
      await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, runId: String(n), into }), expected);
    }
    await assert.rejects(fetchPlan(api, { environment: "production", tree: TREE, runId: "63", into: mkdtempSync(join(tmpdir(), "fetched-")) }),
      /is 5368709120 bytes, over 209715200: not a plan the pipeline made/);
    assert.ok(!gh.requests.some((r) => r.path === "/repos/acme/site/actions/artifacts/63/zip"));
    // Nothing reached the link's target.
    assert.ok(!existsSync(join(victim, "target")));
  } finally {
    await gh.close();
  }
});

test("hostile: the download's redirect to another host (the blob store) does not carry the token", async () => {
  const { createServer } = await import("node:http");
  const seen = [];
  const blob = createServer((req, res) => { seen.push(req.headers.authorization); res.writeHead(200); res.end("zip-bytes"); });
  await new Promise((resolve) => blob.listen(0, "127.0.0.1", resolve));
  const api = createServer((req, res) => {
    seen.push(`api:${req.headers.authorization}`);
    res.writeHead(302, { location: `http://localhost:${blob.address().port}/blob?sig=x` }); res.end();
  });
  await new Promise((resolve) => api.listen(0, "127.0.0.1", resolve));
  try {
    const gh = github({ token: "test-token", base: `http://127.0.0.1:${api.address().port}`, repository: "acme/site" });
    assert.equal((await gh.bytes("/repos/acme/site/actions/artifacts/1/zip")).toString(), "zip-bytes");
    assert.deepEqual(seen, ["api:Bearer test-token", undefined]);
  } finally {
    await new Promise((resolve) => blob.close(resolve));
    await new Promise((resolve) => api.close(resolve));
  }
});

test("hostile: a dispatch narrows the matrix to one declared environment; any other input is refused by make ci-environments", () => {
  const list = targets({ context: { environments: ["staging", "production"] } });
  assert.deepEqual(dispatched(list, "production"), [{ name: "production", env: "production" }]);
  assert.deepEqual(dispatched(list, ""), list);
  const dir = mkdtempSync(join(tmpdir(), "environments-"));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context: { environments: ["staging", "production"] } }));
  for (const input of ["prod", "Production", "production\nstaging", "$(id)", "staging production"]) {
    const output = join(dir, "output");
    writeFileSync(output, "");
    const result = spawnSync("node", ["tools/pipeline/environments.mjs", join(dir, "cdktf.json")],
      { cwd: root, encoding: "utf8", env: { ...process.env, DISPATCH_ENVIRONMENT: input, GITHUB_OUTPUT: output } });
    assert.equal(result.status, 2, input);
    assert.match(result.stderr, /^ci-environments: the workflow input environment=.* is not one of the declared environments \(staging, production\)/);
    assert.equal(readFileSync(output, "utf8"), "", "a matrix was written");
  }
  const result = spawnSync("node", ["tools/pipeline/environments.mjs", join(dir, "cdktf.json")],
    { cwd: root, encoding: "utf8", env: { ...process.env, DISPATCH_ENVIRONMENT: "production", GITHUB_OUTPUT: "" } });
  assert.equal(result.stdout, 'ci-environments: targets=[{"name":"production","env":"production"}]\n');
});

test("hostile: a comment by someone else that starts with the marker is left alone; mentions in the review notify nobody", async () => {
  const planted = { id: 1, body: `${MARKER}\nplanted by mallory`, user: { login: "mallory", type: "User" } };
  const lookalike = { id: 2, body: `${MARKER}\nlookalike`, user: { login: "github-actions[bot]x", type: "User" } };
  const gh = await fakeGithub({ comments: [planted, lookalike] });
  try {
    const api = github({ token: "test-token", base: gh.base, repository: "acme/site" });
    const first = await upsert(api, 7, body(reviews([["production", "1 to add"]])));
    const second = await upsert(api, 7, body(reviews([["production", "2 to add"]])));
    assert.equal(first.action, "created");
    assert.deepEqual(second, { action: "updated", id: first.id });
    assert.equal(planted.body, `${MARKER}\nplanted by mallory`);
    assert.equal(lookalike.body, `${MARKER}\nlookalike`);
  } finally {
    await gh.close();
  }
  const text = body(reviews([["production", `tags.owner = "@acme/admins", mail = "a@b.example", \`@x\` ${MARKER}`]]));
  assert.ok(text.includes('tags.owner = "@\u200bacme/admins", mail = "a@b.example", `@x` \n'), text);
  assert.equal(text.split(MARKER).length, 2, "the marker appears once, at the start");
});

test("careless: an environment the apply role does not trust (missing from githubApplyEnvironments, or in another case) is refused by the first job", () => {
  const cdktf = (context) => ({ context: { githubRepository: "acme/site", ...context } });
  const two = cdktf({ environments: ["staging", "production"] });
  assert.throws(() => checkApplyEnvironments(two, targets(two)),
    /the pipeline applies \["staging"\] but githubApplyEnvironments \(\["production"\]\) does not list it/);
  const cased = cdktf({ environments: ["staging", "production"], githubApplyEnvironments: ["Staging", "production"] });
  assert.throws(() => checkApplyEnvironments(cased, targets(cased)), /applies \["staging"\]/);
  const good = cdktf({ environments: ["staging", "production"], githubApplyEnvironments: ["staging", "production"] });
  assert.deepEqual(checkApplyEnvironments(good, targets(good)), targets(good));
  // Without a repository the pipeline stack is not synthesized: nothing to check.
  const none = { context: { environments: ["staging"] } };
  assert.deepEqual(checkApplyEnvironments(none, targets(none)), targets(none));
  const dir = mkdtempSync(join(tmpdir(), "environments-"));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify(two));
  const result = spawnSync("node", ["tools/pipeline/environments.mjs", join(dir, "cdktf.json")], { cwd: root, encoding: "utf8" });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^ci-environments: the pipeline applies \["staging"\]/);
});

test("the workflow a plan must come from is the one running, read from GITHUB_WORKFLOW_REF", () => {
  assert.equal(workflowPath("acme/site/.github/workflows/edge-router.yml@refs/heads/main"), ".github/workflows/edge-router.yml");
  assert.equal(workflowPath("acme/site/.github/workflows/deploy.yml@refs/heads/feature@x"), ".github/workflows/deploy.yml");
  assert.equal(workflowPath(""), ".github/workflows/edge-router.yml");
});

test("ci-plan's state bucket check: stateBucket from cdktf.json or EDGE_ROUTER_STATE_BUCKET, else refused naming it", async () => {
  const { stateBucketSet } = await import("../../tools/pipeline/environments.mjs");
  assert.equal(stateBucketSet({ context: { stateBucket: " team-state " } }, {}), "team-state");
  assert.equal(stateBucketSet({ context: {} }, { EDGE_ROUTER_STATE_BUCKET: "from-env" }), "from-env");
  assert.equal(stateBucketSet({ context: { stateBucket: "json" } }, { EDGE_ROUTER_STATE_BUCKET: "" }), "json");
  assert.throws(() => stateBucketSet({ context: {} }, {}), /^Error: stateBucket is not set in cdktf.json's context: a runner's checkout has no state\/state-bucket-name/);
  assert.throws(() => stateBucketSet({ context: { stateBucket: "  " } }, {}), /stateBucket is not set/);
  assert.throws(() => stateBucketSet({ context: { stateBucket: 42 } }, {}), /context\.stateBucket: expected the state bucket's name as a string, got 42/);
  // What make ci-plan runs first (pipeline.mk), on a cdktf.json without it: exit 2, one line. (Not make ci-plan itself
  // here: in a tree whose cdktf.json names a bucket, as the README asks, it would go on and plan.)
  const dir = mkdtempSync(join(tmpdir(), "state-bucket-"));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context: { githubRepository: "acme/site" } }));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "EDGE_ROUTER_STATE_BUCKET"));
  let run = spawnSync("node", [join(root, "tools/pipeline/environments.mjs"), "--state-bucket", join(dir, "cdktf.json")], { encoding: "utf8", env });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /^ci-plan: refused: stateBucket is not set in cdktf.json's context/);
  assert.equal(run.stderr.split("\n").filter(Boolean).length, 1);
  run = spawnSync("node", [join(root, "tools/pipeline/environments.mjs"), "--state-bucket", join(dir, "cdktf.json")], { encoding: "utf8",
    env: { ...env, EDGE_ROUTER_STATE_BUCKET: "team-state" } });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "ci-plan: state bucket team-state (stateBucket)\n");
  assert.match(readFileSync(join(root, "tools/pipeline/pipeline.mk"), "utf8"), /^ci-plan: \$\(NPM_STAMP\)\n\t@node tools\/pipeline\/environments\.mjs --state-bucket cdktf\.json\n/m);
});
