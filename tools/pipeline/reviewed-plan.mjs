// make ci-fetch-plan: brings the plan that was reviewed for THIS tree onto the apply runner, or refuses.
//
// A pull request's plan job planned the merge commit GitHub prepared for it, and uploaded the plan as the artifact
// plan-<environment>-<tree>, where <tree> is that commit's tree hash. After the merge, the commit on main has the
// same tree exactly when nothing else reached main in between: then that artifact is the plan people reviewed for
// what is being deployed. Any other tree (main moved on) has no reviewed plan, and the job stops: never a fresh,
// unreviewed plan. With --run-id (workflow_dispatch), the re-plan a stale apply made in that run is used instead.
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { github } from "./github-api.mjs";

export async function find(api, { environment, tree, runId }) {
  if (runId) {
    const name = `replan-${environment}-${tree}-${runId}`;
    const run = await api.json("GET", `/repos/${api.repository}/actions/runs/${runId}`);
    const listed = await api.json("GET", `/repos/${api.repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}`);
    const artifact = listed.artifacts.find((a) => a.name === name && !a.expired);
    if (!artifact) {
      throw new Error(`run ${runId} has no artifact ${name}: dispatch with the run whose apply was refused as stale, on the same commit`);
    }
    return { artifact, run };
  }
  const name = `plan-${environment}-${tree}`;
  const candidates = [];
  for await (const artifact of api.pages(`/repos/${api.repository}/actions/artifacts?name=${encodeURIComponent(name)}`, "artifacts")) {
    if (artifact.name === name && !artifact.expired) candidates.push(artifact);
  }
  // The newest plan made for this tree by a pull request run.
  candidates.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  for (const artifact of candidates) {
    const run = await api.json("GET", `/repos/${api.repository}/actions/runs/${artifact.workflow_run.id}`);
    if (run.event === "pull_request") return { artifact, run };
  }
  throw new Error(`no reviewed plan for ${environment} at tree ${tree.slice(0, 12)} (artifact ${name}): main has changed since the ` +
    "pull request was planned, or its plan expired. Update the pull request branch so its plan is made again, review it, and merge; " +
    "nothing was applied");
}

export async function fetchPlan(api, { environment, tree, runId, into }) {
  const { artifact, run } = await find(api, { environment, tree, runId });
  const zip = await api.bytes(new URL(artifact.archive_download_url).pathname.replace(/^\/api\/v3/, ""));
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, "artifact.zip"), zip);
  execFileSync("unzip", ["-q", "-o", join(into, "artifact.zip"), "-d", into]);
  rmSync(join(into, "artifact.zip"));
  const metaFile = join(into, "meta.json");
  if (!existsSync(metaFile)) throw new Error(`artifact ${artifact.name} has no meta.json: not a plan the pipeline made`);
  const meta = JSON.parse(readFileSync(metaFile, "utf8"));
  if (meta.tree !== tree || meta.environment !== environment) {
    throw new Error(`artifact ${artifact.name} was made for ${meta.environment} at tree ${meta.tree}, not ${environment} at ${tree}`);
  }
  if (meta.review_status !== 0) {
    throw new Error(`the review of this plan had blocking findings (make review exited ${meta.review_status}) and they were not ` +
      "acknowledged with ALLOW=: fix them or acknowledge them in the pull request; nothing was applied");
  }
  return { artifact, run, meta };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [environment, tree, into] = process.argv.slice(2);
  const runId = process.env.PLAN_RUN_ID || "";
  try {
    if (runId && !/^[0-9]{1,20}$/.test(runId)) throw new Error(`PLAN_RUN_ID is not a run ID: ${JSON.stringify(runId)}`);
    const { artifact, run } = await fetchPlan(github(), { environment, tree, runId, into });
    console.log(`ci-fetch-plan: ${artifact.name} from run ${run.id} (${run.event}, ${run.html_url ?? ""}) into ${into}`);
  } catch (error) {
    console.error(`ci-fetch-plan: refused: ${error.message}`);
    process.exit(1);
  }
}
