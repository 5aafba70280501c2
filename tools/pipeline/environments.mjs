// make ci-environments: the environments the pipeline plans and applies, in order, as the workflow's matrix.
// Each target is {"name": <GitHub environment>, "env": <make's ENV=>}. With no `environments` in cdktf.json's
// context, one target: the GitHub environment "production" and the default stack (ENV empty). Written to
// $GITHUB_OUTPUT as targets=<json> when GitHub Actions runs it, and printed either way.
// On workflow_dispatch (a re-plan to apply), DISPATCH_ENVIRONMENT (the workflow's `environment` input) narrows the
// list to that one declared environment; any other value is refused. Naming production alone cannot skip staging:
// the re-plan it applies exists only if that run reached production's apply, i.e. after staging applied.
import { readFileSync, appendFileSync } from "node:fs";

const NAME = /^[a-z][a-z0-9-]{0,15}$/;

export function targets(cdktfJson) {
  const declared = cdktfJson?.context?.environments;
  if (declared === undefined || declared === null) {
    return [{ name: "production", env: "" }];
  }
  const names = Array.isArray(declared) ? declared : Object.keys(declared);
  if (names.length === 0) {
    return [{ name: "production", env: "" }];
  }
  for (const name of names) {
    if (typeof name !== "string" || !NAME.test(name)) {
      throw new Error(`cdktf.json context.environments: ${JSON.stringify(name)} is not an environment name (a-z, 0-9, -; 1-16 characters)`);
    }
  }
  return names.map((name) => ({ name, env: name }));
}

// The apply job of each target runs in the GitHub environment of that name, and the apply role trusts exactly the
// environments in githubApplyEnvironments (default ["production"]): a target missing there could never assume the
// role, and would fail only after staging was applied. Refused here, by the first job, naming both settings.
export function checkApplyEnvironments(cdktfJson, list) {
  const context = cdktfJson?.context ?? {};
  if (!context.githubRepository) return list;
  const trusted = context.githubApplyEnvironments ?? ["production"];
  if (!Array.isArray(trusted)) throw new Error("cdktf.json context.githubApplyEnvironments: expected a list of GitHub environment names");
  const missing = list.filter((target) => !trusted.includes(target.name)).map((target) => target.name);
  if (missing.length > 0) {
    throw new Error(`the pipeline applies ${JSON.stringify(missing)} but githubApplyEnvironments (${JSON.stringify(trusted)}) does not ` +
      "list it, so the apply role would refuse its jobs: add it to githubApplyEnvironments (same spelling, same case: the role " +
      "trusts the exact name), synthesize and apply edge-router-github again");
  }
  return list;
}

export function dispatched(list, environment) {
  if (environment === undefined || environment === "") return list;
  const chosen = list.filter((target) => target.name === environment);
  if (chosen.length !== 1) {
    throw new Error(`the workflow input environment=${JSON.stringify(environment.slice(0, 64))} is not one of the declared environments ` +
      `(${list.map((target) => target.name).join(", ")}): dispatch with the environment named in the stale apply's summary`);
  }
  return chosen;
}

// A runner's checkout has no state/ (it is the user's, never in git), so its synth would make up a new state bucket
// name (README, "The state bucket's name") and plan against a bucket that does not exist: the pipeline needs the
// name in the repository, as stateBucket (EDGE_ROUTER_STATE_BUCKET wins, as in the app).
export function stateBucketSet(cdktfJson, env = process.env) {
  const fromEnvironment = env.EDGE_ROUTER_STATE_BUCKET;
  const value = fromEnvironment !== undefined && fromEnvironment !== "" ? fromEnvironment : cdktfJson?.context?.stateBucket;
  if (value !== undefined && value !== null && typeof value !== "string") {
    throw new Error(`cdktf.json context.stateBucket: expected the state bucket's name as a string, got ${JSON.stringify(value).slice(0, 64)}`);
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error("stateBucket is not set in cdktf.json's context: a runner's checkout has no state/state-bucket-name (it is never " +
      "in git), so its synth would name a new state bucket and plan against nothing. Set \"stateBucket\" to the name in your " +
      "state/state-bucket-name and commit cdktf.json (README, Run it from GitHub)");
  }
  return value.trim();
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "--state-bucket") {
  try {
    console.log(`ci-plan: state bucket ${stateBucketSet(JSON.parse(readFileSync(process.argv[3] ?? "cdktf.json", "utf8")))} (stateBucket)`);
  } catch (error) {
    console.error(`ci-plan: refused: ${error.message}`);
    process.exit(2);
  }
} else if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const cdktfJson = JSON.parse(readFileSync(process.argv[2] ?? "cdktf.json", "utf8"));
    const list = dispatched(checkApplyEnvironments(cdktfJson, targets(cdktfJson)), process.env.DISPATCH_ENVIRONMENT);
    const line = `targets=${JSON.stringify(list)}`;
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${line}\n`);
    console.log(`ci-environments: ${line}`);
  } catch (error) {
    console.error(`ci-environments: ${error.message}`);
    process.exit(2);
  }
}
