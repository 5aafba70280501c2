// make ci-fetch-plan: brings the plan that was reviewed for THIS tree onto the apply runner, or refuses.
//
// A pull request's plan job planned the merge commit GitHub prepared for it, and uploaded the plan as the artifact
// plan-<environment>-<tree>, where <tree> is that commit's tree hash. After the merge, the commit on main has the
// same tree exactly when nothing else reached main in between: then that artifact is the plan people reviewed for
// what is being deployed. Any other tree (main moved on) has no reviewed plan, and the job stops: never a fresh,
// unreviewed plan. With --run-id (workflow_dispatch), the re-plan a stale apply made in that run is used instead.
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { github } from "./github-api.mjs";

// The workflow whose runs may have made a plan this job applies: this one (GitHub names it in GITHUB_WORKFLOW_REF,
// owner/name/PATH@ref).
export const WORKFLOW_PATH = ".github/workflows/edge-router.yml";
// A plan artifact is a few megabytes (the configuration, the router's zip, the plan); anything far larger is not one.
export const MAX_ARTIFACT_BYTES = 200 * 1024 * 1024;

// What the plan and apply jobs put in an artifact: nothing else is unpacked.
export const ARTIFACT_FILES = ["meta.json", "plan.bundle", "review.md", "plan.txt"];

export function workflowPath(ref = process.env.GITHUB_WORKFLOW_REF) {
  const match = /^[^/]+\/[^/]+\/(.+?)@refs\//.exec(ref ?? "");
  return match ? match[1] : WORKFLOW_PATH;
}

// Why a run cannot have made a plan this job may apply, or null. The artifact's name and meta.json are written by
// the run itself, so they prove nothing: a pull request from a fork runs its own copy of the workflow and can upload
// an artifact named plan-production-<tree>. What the fork cannot choose is what GitHub records about the run: its
// repository, the repository its head came from, and the workflow file it ran.
export function untrusted(run, api, { events, path = workflowPath() }) {
  const same = (a) => typeof a === "string" && a.toLowerCase() === api.repository.toLowerCase();
  if (!events.includes(run.event)) return `run ${run.id} was triggered by ${JSON.stringify(run.event)}, not ${events.join(" or ")}`;
  if (!same(run.repository?.full_name)) return `run ${run.id} belongs to ${JSON.stringify(run.repository?.full_name)}, not ${api.repository}`;
  if (!same(run.head_repository?.full_name)) {
    return `run ${run.id} ran code from ${JSON.stringify(run.head_repository?.full_name)} (a fork), not ${api.repository}`;
  }
  if (run.path !== path) return `run ${run.id} ran the workflow ${JSON.stringify(run.path)}, not ${path}`;
  return null;
}

export async function find(api, { environment, tree, runId }) {
  if (runId) {
    const name = `replan-${environment}-${tree}-${runId}`;
    const run = await api.json("GET", `/repos/${api.repository}/actions/runs/${runId}`);
    const listed = await api.json("GET", `/repos/${api.repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}`);
    const why = untrusted(run, api, { events: ["push", "workflow_dispatch"] });
    if (why) throw new Error(`${why}: only this workflow's own runs on this repository make re-plans to apply`);
    const artifact = listed.artifacts.find((a) => a.name === name && !a.expired);
    if (!artifact) {
      throw new Error(`run ${runId} has no artifact ${name} (or it expired): dispatch with the run whose apply was refused as stale, ` +
        "on the same commit, with that environment");
    }
    return { artifact, run };
  }
  const name = `plan-${environment}-${tree}`;
  const candidates = [];
  const refused = [];
  for await (const artifact of api.pages(`/repos/${api.repository}/actions/artifacts?name=${encodeURIComponent(name)}`, "artifacts")) {
    if (artifact.name === name && !artifact.expired) candidates.push(artifact);
  }
  // The newest plan made for this tree by a pull request run.
  candidates.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  for (const artifact of candidates) {
    const run = await api.json("GET", `/repos/${api.repository}/actions/runs/${artifact.workflow_run.id}`);
    const why = untrusted(run, api, { events: ["pull_request"] });
    if (!why) return { artifact, run };
    refused.push(`artifact ${artifact.id}: ${why}`);
  }
  if (refused.length > 0) console.error(`ci-fetch-plan: ignored ${refused.length} artifact(s) named ${name}:\n  ${refused.join("\n  ")}`);
  throw new Error(`no reviewed plan for ${environment} at tree ${tree.slice(0, 12)} (artifact ${name}): main has changed since the ` +
    "pull request was planned, or its plan expired. Update the pull request branch so its plan is made again, review it, and merge; " +
    "nothing was applied");
}

export async function fetchPlan(api, { environment, tree, runId, into }) {
  const { artifact, run } = await find(api, { environment, tree, runId });
  if (!(artifact.size_in_bytes <= MAX_ARTIFACT_BYTES)) {
    throw new Error(`artifact ${artifact.name} is ${artifact.size_in_bytes} bytes, over ${MAX_ARTIFACT_BYTES}: not a plan the pipeline made`);
  }
  const zip = await api.bytes(new URL(artifact.archive_download_url).pathname.replace(/^\/api\/v3/, ""));
  if (zip.length > MAX_ARTIFACT_BYTES) throw new Error(`artifact ${artifact.name} downloaded ${zip.length} bytes, over ${MAX_ARTIFACT_BYTES}`);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, "artifact.zip"), zip);
  // Listed before anything is written: an entry outside the few names the pipeline uploads (../x, /etc/x, a folder,
  // a name differing in case) is refused, and a symbolic link is refused after unzip (it keeps links as links).
  const entries = execFileSync("unzip", ["-Z1", join(into, "artifact.zip")], { encoding: "utf8", maxBuffer: 1 << 20 })
    .split("\n").filter((line) => line !== "");
  const unexpected = entries.filter((entry) => !ARTIFACT_FILES.includes(entry));
  if (unexpected.length > 0) {
    throw new Error(`artifact ${artifact.name} holds ${JSON.stringify(unexpected.slice(0, 3))}: a plan artifact holds only ${ARTIFACT_FILES.join(", ")}`);
  }
  execFileSync("unzip", ["-q", "-o", join(into, "artifact.zip"), ...entries, "-d", into]);
  for (const entry of entries) {
    if (!lstatSync(join(into, entry)).isFile()) throw new Error(`artifact ${artifact.name}: ${entry} is not a regular file`);
  }
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
