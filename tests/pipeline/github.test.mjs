// sticky-comment.mjs and reviewed-plan.mjs against a loopback GitHub: one comment, updated in place; the plan for
// exactly this tree from a pull request run, or a refusal that applies nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fakeGithub } from "./fake-github.mjs";
import { github } from "../../tools/pipeline/github-api.mjs";
import { body, upsert, MARKER, LIMIT } from "../../tools/pipeline/sticky-comment.mjs";
import { fetchPlan } from "../../tools/pipeline/reviewed-plan.mjs";
import { targets } from "../../tools/pipeline/environments.mjs";

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
  return { id, name, expired: false, created_at: created, workflow_run: { id: runId }, archive_download_url: `http://x/repos/acme/site/actions/artifacts/${id}/zip` };
}

test("the plan applied is the newest one a pull request run made for exactly this tree", async () => {
  const gh = await fakeGithub({
    artifacts: [
      artifact(1, `plan-production-${TREE}`, 11, "2026-12-01T10:00:00Z"),
      artifact(2, `plan-production-${TREE}`, 12, "2026-12-02T10:00:00Z"),
      artifact(3, `plan-production-${TREE}`, 13, "2026-12-03T10:00:00Z"),
    ],
    runs: { 11: { id: 11, event: "pull_request" }, 12: { id: 12, event: "pull_request" }, 13: { id: 13, event: "push" } },
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
    runs: { 21: { id: 21, event: "pull_request" }, 22: { id: 22, event: "pull_request" } },
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
    runs: { 31: { id: 31, event: "push" }, 32: { id: 32, event: "push" } },
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
