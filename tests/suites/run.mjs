#!/usr/bin/env node
// `make test`: runs every suite of tests/suites.txt, reusing the result of a suite whose inputs have not changed
// since it last passed (like `go test`'s result cache and Bazel's test cache). tests/suites/README.md explains it.
//
//   node tests/suites/run.mjs [--fresh] [--jobs N] [--only NAME,...]   (make test [FRESH=1] [TEST_JOBS=N] [TEST_ONLY=NAME,...])
//
// Environment: FRESH=1 or CI=true never reuse a result (they still store passing ones); TEST_JOBS (default 2) how
// many suites run at once; TEST_SUITES_MANIFEST, TEST_CACHE_DIR, TEST_LOGS, TEST_PREPARE (the make target that
// builds what the suites share; empty: none) exist for the runner's own tests, which run it on a scratch copy.
//
// Prints one line per suite, `NAME: Failed: N, Passed: N` and how (ran in S s, or cached with its key), then
// `tests: R suites run, C reused from the same inputs`, and last `tests: N passed, N failed`: the real counts of
// what ran plus what was reused. Exits 1 when any suite failed.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseManifest } from "./manifest.mjs";
import { InputHasher } from "./inputs.mjs";

const root = process.env.TEST_ROOT ? path.resolve(process.env.TEST_ROOT) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

// FRESH: 1/true/yes or 0/false/no/empty; anything else is refused (a typo must not reuse results silently).
// CI: any value but empty, 0, false or no means CI (CI systems set true or 1; never reuse there by mistake).
const freshText = String(process.env.FRESH ?? "").toLowerCase();
if (!["", "0", "false", "no", "1", "true", "yes"].includes(freshText)) {
  console.error(`tests: FRESH must be 1 (rerun every suite) or empty (got "${process.env.FRESH}")`);
  process.exit(2);
}
const ciText = String(process.env.CI ?? "").toLowerCase();
const isCi = !["", "0", "false", "no"].includes(ciText);
const fresh = flag("--fresh") || ["1", "true", "yes"].includes(freshText) || isCi;
const freshWhy = flag("--fresh") ? "--fresh" : ["1", "true", "yes"].includes(freshText) ? `FRESH=${process.env.FRESH}` : `CI=${process.env.CI}`;
const jobsText = option("--jobs") ?? process.env.TEST_JOBS ?? "2";
const jobs = Number(jobsText);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
  console.error(`tests: TEST_JOBS must be a whole number from 1 to 16 (got "${jobsText}")`);
  process.exit(2);
}
const manifestFile = path.resolve(root, process.env.TEST_SUITES_MANIFEST ?? "tests/suites.txt");
const cacheDir = path.resolve(root, process.env.TEST_CACHE_DIR ?? "build/test-cache");
const logsDir = path.resolve(root, process.env.TEST_LOGS ?? "build/test-logs");
const prepareTarget = process.env.TEST_PREPARE ?? "test-prepare";

let manifest;
try {
  manifest = parseManifest(fs.readFileSync(manifestFile, "utf8"), path.relative(root, manifestFile));
} catch (error) {
  console.error(`tests: ${error.message}`);
  process.exit(2);
}
let suites = manifest.suites;
const only = option("--only") ?? (process.env.TEST_ONLY || undefined);
if (only) {
  const wanted = only.split(",");
  const unknown = wanted.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`tests: TEST_ONLY (--only) names no suite of ${path.relative(root, manifestFile)}: ${unknown.join(", ")}`);
    process.exit(2);
  }
  suites = suites.filter((s) => wanted.includes(s.name));
}

// Sub-makes started here are not part of the make that started this runner: without its jobserver or -j.
const childEnv = { ...process.env };
if (childEnv.MAKEFLAGS) {
  childEnv.MAKEFLAGS = childEnv.MAKEFLAGS.split(" ")
    .filter((w) => !/^--jobserver-(auth|fds)=/.test(w) && !/^-j\d*$/.test(w))
    .map((w) => (/^[a-zA-Z]+$/.test(w) ? w.replace(/j/g, "") : w))
    .join(" ");
}
delete childEnv.MFLAGS;

const hasher = new InputHasher({ root, cacheDir, env: process.env });
// A variable on make's command line (make test ENV=staging, STACK=state, EDGE_STACK_DIR=...) overrides every
// makefile's own assignment in every suite's make (it reaches them in MAKEFLAGS, and make exports it): the suite may
// test another stack, or its tests' own makes run another command. It is an input of every suite, keyed by its value
// as make exported it; not the runner's own (TEST_ONLY=x must not rerun every suite). Seen: make test STACK=state
// reported test-destroy cached, and a fresh run failed 2 of its front-door tests.
const RUNNER_VARIABLES = new Set(["FRESH", "CI", "TEST_JOBS", "TEST_ONLY"]);
function commandLineVariables(makeflags) {
  const at = ` ${makeflags ?? ""}`.indexOf(" -- ");
  if (at < 0) return [];
  return ` ${makeflags}`.slice(at + 4).split(/(?<!\\) /).filter(Boolean)
    .map((w) => w.match(/^([^=:+?!\s]+)\s*(?::{1,3}|\+|\?|!)?=/)?.[1]).filter((n) => n && !RUNNER_VARIABLES.has(n));
}
const commandLine = [...new Set(commandLineVariables(process.env.MAKEFLAGS))].sort().map((name) => ({ kind: "env", name }));
const inputsOf = (suite) => [...suite.inputs, ...commandLine];
// What test-prepare built (TEST_SHARED_BUILDS, from tests/suites/suites.mk): never remade by a suite's make, which
// would build it beside another suite reading it (make -o FILE).
const assumeOld = (process.env.TEST_SHARED_BUILDS ?? "").split(/\s+/).filter(Boolean).flatMap((f) => ["-o", f]);
delete childEnv.TEST_SHARED_BUILDS;
const short = (key) => key.slice(0, 12);
const resultFile = (suite, key) => path.join(cacheDir, "results", suite.name, `${key}.json`);

/** The stored passing result for these inputs, or undefined. */
function cachedResult(suite, key) {
  try {
    const result = JSON.parse(fs.readFileSync(resultFile(suite, key), "utf8"));
    // Only a passing result is ever written; checked again so that a hand-edited entry cannot pass a suite.
    if (result.key === key && result.failed === 0 && Number.isInteger(result.passed) && result.passed > 0) {
      const now = new Date();
      fs.utimesSync(resultFile(suite, key), now, now); // the newest results are kept (storeResult)
      return result;
    }
  } catch {
    // no entry, or one that cannot be read: run the suite
  }
  return undefined;
}

/** Results kept per suite (the newest): enough to switch between branches or engines and back. */
const KEEP = 30;

function storeResult(suite, key, result, inputs) {
  const file = resultFile(suite, key);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...result, key, inputs }, null, 1) + "\n");
  fs.renameSync(tmp, file);
  const kept = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of kept.slice(KEEP)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Adds up every `Failed: N, Passed: N` line in the suite's own logs ($(LOGS)/*.log, as the old make test did). */
function countResults(dir) {
  let passed = 0, failed = 0, lines = 0;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".log")).sort() : [];
  for (const f of files) {
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const m = line.match(/Failed:\s*(\d+), Passed:\s*(\d+)/);
      if (m) {
        failed += Number(m[1]);
        passed += Number(m[2]);
        lines++;
      }
    }
  }
  return { passed, failed, lines };
}

const elapsed = (start) => ((Date.now() - start) / 1000).toFixed(1);

function runMake(target, env, logFile) {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, "w");
    const child = spawn("make", ["--no-print-directory", ...target], { cwd: root, env, stdio: ["ignore", out, out] });
    child.on("exit", (code, signal) => {
      fs.closeSync(out);
      resolve(code ?? (signal ? 128 : 1));
    });
    child.on("error", (error) => {
      fs.appendFileSync(logFile, `tests: could not start make: ${error.message}\n`);
      fs.closeSync(out);
      resolve(127);
    });
  });
}

function tail(file, n) {
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  return lines.slice(-n).map((l) => `  | ${l}`).join("\n");
}

async function runSuite(suite) {
  const dir = path.join(logsDir, suite.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const output = path.join(logsDir, `${suite.name}.out`);
  const start = Date.now();
  const status = await runMake([...assumeOld, suite.target, `LOGS=${dir}`], childEnv, output);
  const counts = countResults(dir);
  const result = { passed: counts.passed, failed: counts.failed, status, seconds: Number(elapsed(start)) };
  let why = "";
  // A suite can never pass by not running, nor by a count line that contradicts its exit status.
  if (counts.lines === 0) {
    result.failed += 1;
    why = ` (no "Failed: N, Passed: N" line in ${path.relative(root, dir)}/*.log: counted as one failure)`;
  } else if (status !== 0 && result.failed === 0) {
    result.failed += 1;
    why = ` (make ${suite.target} exited ${status}: counted as one failure)`;
  }
  result.ok = status === 0 && result.failed === 0;
  return { result, why, output };
}

// One make test at a time in a tree: two would share build/test-logs, the builds and the suites' own work folders.
const lockDir = path.join(cacheDir, "lock");
function takeLock() {
  fs.mkdirSync(cacheDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8").trim() || NaN);
      } catch {
        // taken a moment ago, its pid not written yet: judged by its age below
      }
      let alive = false;
      if (!Number.isInteger(holder) || holder <= 0) {
        alive = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs < 10_000;
      } else {
        try {
          alive = process.kill(holder, 0);
        } catch (e) {
          alive = e.code === "EPERM";
        }
      }
      if (alive) {
        console.error(`tests: another make test (pid ${holder}) is running in this tree; wait for it (or stop it), then run again`);
        process.exit(2);
      }
      fs.rmSync(lockDir, { recursive: true, force: true }); // left by a run that was killed
    }
  }
  console.error(`tests: could not take ${path.relative(root, lockDir)}`);
  process.exit(2);
}
takeLock();
const releaseLock = () => fs.rmSync(lockDir, { recursive: true, force: true });
process.on("exit", releaseLock);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    releaseLock();
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
  });
}

const t0 = Date.now();
fs.mkdirSync(logsDir, { recursive: true });
for (const f of fs.readdirSync(logsDir)) fs.rmSync(path.join(logsDir, f), { recursive: true, force: true });

const keys = new Map();
const computeKeys = (list) => {
  for (const suite of list) {
    try {
      keys.set(suite.name, hasher.key(inputsOf(suite)));
    } catch (error) {
      keys.set(suite.name, { error: error.message });
    }
  }
};

const report = new Map(); // name -> { passed, failed, cached, key }
let pending = [...suites];
if (fresh) console.log(`tests: ${freshWhy}: every suite runs, no result is reused`);

// First the builds: everything the suites share is built once, before they start side by side (no two builds of
// one project at once), and every build output a key reads is brought up to date. Always, even when every result
// might be reused: the end-to-end suites are keyed on the synthesized stacks, not on main/, and a stack left from
// before an edit would otherwise match its old result.
if (prepareTarget) {
  const start = Date.now();
  console.log(`tests: make ${prepareTarget} (the builds the suites share; output ${path.relative(root, logsDir)}/prepare.out)`);
  const status = await runMake([prepareTarget], childEnv, path.join(logsDir, "prepare.out"));
  if (status !== 0) {
    console.log(tail(path.join(logsDir, "prepare.out"), 60));
    console.log(`tests: make ${prepareTarget} failed (exit ${status}): no suite can run`);
    for (const suite of pending) report.set(suite.name, { passed: 0, failed: 1, cached: false });
    pending = [];
  } else {
    console.log(`tests: prepared in ${elapsed(start)} s`);
  }
}

computeKeys(pending);
pending = pending.filter((suite) => {
  const { error } = keys.get(suite.name);
  if (!error) return true;
  console.log(`${suite.target}: Failed: 1, Passed: 0 (its inputs cannot be read: ${error})`);
  report.set(suite.name, { passed: 0, failed: 1, cached: false });
  return false;
});
if (!fresh) {
  pending = pending.filter((suite) => {
    const key = keys.get(suite.name).key;
    const hit = cachedResult(suite, key);
    if (!hit) return true;
    report.set(suite.name, { passed: hit.passed, failed: 0, cached: true, key });
    console.log(`${suite.target}: Failed: 0, Passed: ${hit.passed} (cached, inputs ${short(key)})`);
    return false;
  });
}

// A passing result is stored as soon as its suite ends (a run stopped later keeps it), and only if the suite's inputs
// are what they were when it started: a suite that changed what another reads beside it, or an edit made meanwhile,
// tested a state that is no longer there. Its result then counts, but is not stored.
function store(suite, result) {
  const before = keys.get(suite.name);
  hasher.forget();
  const after = hasher.key(inputsOf(suite));
  if (after.key !== before.key) {
    const changed = Object.keys(after.parts).filter((k) => after.parts[k] !== before.parts[k]);
    console.log(`${suite.target}: its inputs changed while it ran (${changed.slice(0, 5).join(", ")}): result not stored`);
    return;
  }
  storeResult(suite, before.key, { suite: suite.name, passed: result.passed, failed: 0, seconds: result.seconds, date: new Date().toISOString() }, before.parts);
  hasher.save();
}

// Suites marked `serial` in the manifest run alone; the others up to `jobs` at a time.
const ran = [];
async function runAll(list) {
  const queue = [...list];
  const running = new Set(); // { suite, done }
  const waitingFor = (suite) => (suite.after ?? []).some((name) => queue.some((q) => q.name === name) || [...running].some((r) => r.suite.name === name));
  while (queue.length > 0 || running.size > 0) {
    // The first queued suite whose after: suites have all finished (or were reused, or are not run at all).
    const index = queue.findIndex((q) => !waitingFor(q));
    const next = index >= 0 ? queue[index] : undefined;
    const serialRunning = [...running].some((r) => r.suite.serial);
    const fits = next && !serialRunning && (next.serial ? running.size === 0 : running.size < jobs);
    if (fits) {
      queue.splice(index, 1);
      console.log(`${next.target}: running (output ${path.relative(root, logsDir)}/${next.name}.out)`);
      const entry = { suite: next };
      entry.done = runSuite(next).then(({ result, why, output }) => {
        running.delete(entry);
        ran.push({ suite: next, result });
        report.set(next.name, { passed: result.passed, failed: result.failed, cached: false, seconds: result.seconds });
        if (!result.ok) console.log(tail(output, 80));
        console.log(`${next.target}: Failed: ${result.failed}, Passed: ${result.passed} (ran in ${result.seconds} s)${why}`);
        if (result.ok) store(next, result);
      });
      running.add(entry);
      continue;
    }
    if (running.size === 0) throw new Error(`suites wait for each other: ${queue.map((q) => q.name).join(", ")}`);
    await Promise.race([...running].map((r) => r.done));
  }
}
// Longest first (by each suite's last run here; a suite never timed counts as longest), so that two cores stay busy
// to the end instead of one long suite starting last.
const durationsFile = path.join(cacheDir, "durations.json");
let durations = {};
try {
  durations = JSON.parse(fs.readFileSync(durationsFile, "utf8"));
} catch {
  durations = {};
}
const lastSeconds = (s) => (typeof durations[s.name] === "number" ? durations[s.name] : Infinity);
pending.sort((a, b) => lastSeconds(b) - lastSeconds(a));
await runAll(pending);
for (const { suite, result } of ran) durations[suite.name] = result.seconds;
if (ran.length > 0) {
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(`${durationsFile}.${process.pid}.tmp`, JSON.stringify(durations, null, 1) + "\n");
  fs.renameSync(`${durationsFile}.${process.pid}.tmp`, durationsFile);
}

// A suite whose inputs changed while the suites ran (a suite writing another's input, or an edit meanwhile) tested a
// state that is no longer there: its result counts, but is not stored.
hasher.save();

let passed = 0, failed = 0, reused = 0;
for (const suite of suites) {
  const r = report.get(suite.name) ?? { passed: 0, failed: 1 };
  passed += r.passed;
  failed += r.failed;
  if (r.cached) reused++;
}
const run = ran.length;
const failedSuites = suites.filter((s) => (report.get(s.name)?.failed ?? 1) > 0).map((s) => s.target);
console.log();
if (failedSuites.length) console.log(`tests: failed: ${failedSuites.join(", ")} (their output: ${path.relative(root, logsDir)}/NAME.out)`);
console.log(`tests: ${run} suites run, ${reused} reused from the same inputs in ${elapsed(t0)} s${reused ? " (make test FRESH=1 reruns them)" : ""}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
