#!/usr/bin/env node
// `make bench-tests`: the inner loop's figures (issue 21), each against its target, into benchmarks/results/tests.md
// (the part between the bench-tests markers; the rest of that page is written by hand).
//
//   make test, second run with nothing changed     median of BENCH_TESTS_RUNS (default 3)
//   make test after one main/ .cs file edited      one run (a comment appended; the file is restored after)
//   make test after one lambda/ .cs file edited    one run (the same)
//   make test FRESH=1 (nothing reused, warm build)  one run
//   .ci/run on a fresh clone                        only with CI_CLONE=1 (git clone of HEAD into a temp folder; run first)
//   make synth after one main/ .cs file edited     median of BENCH_SYNTH_RUNS (default 5)
//   make synth after the same edit, with the C# compiler server on (UseSharedCompilation=true)
//   make synth with nothing changed                median of BENCH_SYNTH_RUNS + 2
//
// Each figure is the wall time of the whole command (several runs: median, min-max), with the load average before
// it: the machine is shared, so read a high load as a pessimistic figure. It never judges; the targets are printed
// beside the figures for the reader. BENCH_TESTS_ONLY=synth,rerun picks figures (fresh, rerun, main, lambda, ci,
// synth); BENCH_TESTS_SUITES=router,publish runs the make test figures on those suites only (said in the table). A
// partial run like these writes build/bench-tests/partial.md and leaves the complete run's table as it is.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const resultsFile = path.join(root, "benchmarks", "results", "tests.md");
const runs = Number(process.env.BENCH_TESTS_RUNS ?? 3);
const synthRuns = Number(process.env.BENCH_SYNTH_RUNS ?? 5);
const only = process.env.BENCH_TESTS_ONLY ?? "";
const ciClone = process.env.CI_CLONE === "1";
const MAIN_FILE = "main/Program.cs";
const LAMBDA_FILE = "lambda/WebfingerRouter/WebfingerFunction.cs";
for (const [name, v] of [["BENCH_TESTS_RUNS", runs], ["BENCH_SYNTH_RUNS", synthRuns]]) {
  if (!Number.isInteger(v) || v < 1 || v > 50) {
    console.error(`bench-tests: ${name} must be a whole number from 1 to 50`);
    process.exit(2);
  }
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const env = { ...process.env };
for (const k of ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "CI", "FRESH"]) delete env[k];

/** Runs a command in the repository; returns wall seconds, exit status, the load before it, its last lines. */
function timed(label, argv, extraEnv = {}, cwd = root) {
  const before = load();
  const t = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", maxBuffer: 512 << 20 });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const output = (r.stdout ?? "") + (r.stderr ?? "");
  const tail = output.trimEnd().split("\n").slice(-3);
  console.log(`bench-tests: ${label}: ${wall.toFixed(1)} s, exit ${r.status}, load before ${before}`);
  fs.mkdirSync(path.join(root, "build", "bench-tests"), { recursive: true });
  fs.writeFileSync(path.join(root, "build", "bench-tests", `${label.replace(/[^a-z0-9]+/gi, "-")}.log`), output);
  return { wall, status: r.status, load: before, tail, output };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figure = (samples) => {
  const w = samples.map((s) => s.wall);
  return samples.length === 1 ? w[0].toFixed(1) : `${median(w).toFixed(1)} (${Math.min(...w).toFixed(1)}-${Math.max(...w).toFixed(1)})`;
};
const loads = (samples) => [...new Set(samples.map((s) => s.load.split(" ")[0]))].join(", ");
const summary = (s) => s.output.match(/^tests: \d+ suites run, \d+ reused.*$/m)?.[0]?.replace(/ in [\d.]+ s/, "") ?? "";
const counts = (s) => s.output.match(/^tests: \d+ passed, \d+ failed$/gm)?.at(-1) ?? `exit ${s.status}`;

/** Appends a comment line to a file (an edit that compiles), runs fn, and puts the file back as it was. */
let editing; // { abs, original }: put back also when the bench is stopped (Ctrl-C, kill) mid-run
function withEdit(file, n, fn) {
  const abs = path.join(root, file);
  const original = fs.readFileSync(abs);
  editing = { abs, original };
  fs.writeFileSync(abs, Buffer.concat([original, Buffer.from(`// bench-tests edit ${n} ${Date.now()}\n`)]));
  try {
    return fn();
  } finally {
    fs.writeFileSync(abs, original);
    editing = undefined;
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (editing) fs.writeFileSync(editing.abs, editing.original);
    console.error(`bench-tests: stopped (${signal})${editing ? `; ${path.relative(root, editing.abs)} put back as it was` : ""}`);
    process.exit(1);
  });
}

const rows = [];
const version = (cmd, ...args) => spawnSync(cmd, args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "?";
// Before: what issue 21 measured on this machine before any of this (1072 tests then; nothing was reused, so a rerun
// or a one-file edit cost a whole make test, 444 s warm).
const BEFORE = { ci: "437-545", fresh: "444", rerun: "444", main: "444", lambda: "444", synthEdit: "8.5-9.6", synthNoop: "2.2" };
const row = (what, target, before, samples, note) =>
  rows.push([what, target, before, figure(samples), samples.length, loads(samples), note]);

// Which figures (BENCH_TESTS_ONLY, comma-separated; default all): fresh, rerun, main, lambda, ci (also CI_CLONE=1), synth.
const STEPS = ["fresh", "rerun", "main", "lambda", "ci", "synth"];
const wanted = only ? only.split(",") : STEPS.filter((s) => s !== "ci" || ciClone);
if (ciClone && !wanted.includes("ci")) wanted.push("ci");
const bad = wanted.filter((w) => !STEPS.includes(w));
if (bad.length) {
  console.error(`bench-tests: BENCH_TESTS_ONLY takes ${STEPS.join(", ")} (got ${bad.join(", ")})`);
  process.exit(2);
}
// BENCH_TESTS_SUITES=a,b: the make test figures on those suites only (TEST_ONLY), said beside each figure.
const suites = process.env.BENCH_TESTS_SUITES ?? "";
const makeTest = (...extra) => ["make", "test", ...(suites ? [`TEST_ONLY=${suites}`] : []), ...extra];
const onSuites = suites ? ` (suites ${suites} only)` : "";

console.log(`bench-tests: start, load ${load()}; figures: ${wanted.join(", ")}`);
// The suites a make test ran, with their seconds, from its own lines (`test-X: Failed: N, Passed: N (ran in S s)`).
const ranSuites = (s) => [...s.output.matchAll(/^(\S+): Failed: \d+, Passed: \d+ \(ran in ([\d.]+) s\)/gm)].map((m) => `${m[1]} ${m[2]} s`).join(", ") || "none";
// The fresh clone first: it reads nothing of this tree's builds or results, and it is the run CI makes, so a failure
// there is known before the half hour of the other figures.
if (wanted.includes("ci")) {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), "edge-router-ci-clone-"));
  try {
    const c = spawnSync("git", ["clone", "-q", "--no-local", root, path.join(clone, "repo")], { encoding: "utf8" });
    if (c.status !== 0) throw new Error(`git clone: ${c.stderr}`);
    const ci = timed(".ci/run on a fresh clone", [path.join(clone, "repo", ".ci", "run")], {}, path.join(clone, "repo"));
    // Where its time went, read before the clone goes: test-prepare, each suite (two at a time), the copy and the
    // end-to-end suite as the ordinary user (when run as root).
    const prepared = ci.output.match(/^tests: prepared in ([\d.]+) s$/m)?.[1];
    const suitesWall = ci.output.match(/^tests: \d+ suites run, \d+ reused from the same inputs in ([\d.]+) s/m)?.[1];
    const copied = ci.output.match(/^ci: copied the clone to \S+ for \S+ in (\d+) s$/m)?.[1];
    const uncommitted = version("git", "status", "--porcelain") ? " (HEAD only: this tree's uncommitted changes are not in the clone)" : "";
    row(`.ci/run on a fresh clone of HEAD (npm ci, bindings, builds, every suite, e2e again as a user)${uncommitted}`, "≤ 360 s", BEFORE.ci, [ci],
      `${ci.tail.at(-1)}; test-prepare ${prepared ?? "?"} s, make test ${suitesWall ?? "?"} s in all${copied ? `, copy for the user ${copied} s` : ""}; ` +
      `suites (two at a time): ${ranSuites(ci)}`);
  } finally {
    // Its logs are kept (build/bench-tests/ci-clone-logs): a failure there is read after the clone is gone.
    const logs = path.join(clone, "repo", "build", "test-logs");
    const kept = path.join(root, "build", "bench-tests", "ci-clone-logs");
    fs.rmSync(kept, { recursive: true, force: true });
    if (fs.existsSync(logs)) fs.cpSync(logs, kept, { recursive: true });
    fs.rmSync(clone, { recursive: true, force: true });
  }
} else {
  rows.push([".ci/run on a fresh clone", "≤ 360 s", BEFORE.ci, "not run", 0, "", "`make bench-tests CI_CLONE=1` (several minutes)"]);
}

if (wanted.includes("fresh")) {
  const fresh = timed("make test FRESH=1", makeTest("FRESH=1"));
  row(`\`make test FRESH=1\`: nothing reused, warm build${onSuites}`, "≤ 240 s", BEFORE.fresh, [fresh], `${summary(fresh)}; ${counts(fresh)}`);
}
// Settle first: every result of the tree as it is stored (it runs whatever has no stored result yet), so that the
// rerun and the one-file-edited figures count only what they change. Once, before the first of them.
let settled = false;
function settle() {
  if (settled) return;
  settled = true;
  const s = timed("make test (settle)", makeTest());
  if (s.status !== 0) console.log(`bench-tests: make test failed while settling:\n${s.tail.join("\n")}`);
}
if (wanted.includes("rerun")) {
  settle();
  const second = Array.from({ length: runs }, (_, i) => timed(`make test, nothing changed ${i + 1}`, makeTest()));
  row(`\`make test\`, second run, nothing changed${onSuites}`, "≤ 20 s", BEFORE.rerun, second, `${summary(second[0])}; ${counts(second[0])}`);
}
if (wanted.includes("main")) {
  settle();
  const mainEdit = withEdit(MAIN_FILE, 1, () => timed("make test, main edited", makeTest()));
  row(`\`make test\`, one main/ .cs file edited (${MAIN_FILE}, a comment appended)${onSuites}`, "≤ 180 s", BEFORE.main, [mainEdit], `${summary(mainEdit)}; ${counts(mainEdit)}; reran ${ranSuites(mainEdit)}`);
  timed("make test, main restored", makeTest());
}
if (wanted.includes("lambda")) {
  settle();
  const lambdaEdit = withEdit(LAMBDA_FILE, 1, () => timed("make test, lambda edited", makeTest()));
  row(`\`make test\`, one lambda/ .cs file edited (${LAMBDA_FILE}, a comment appended)${onSuites}`, "≤ 180 s", BEFORE.lambda, [lambdaEdit], `${summary(lambdaEdit)}; ${counts(lambdaEdit)}; reran ${ranSuites(lambdaEdit)}`);
  timed("make test, lambda restored", makeTest());
}
// The synth: warm (a first make synth builds whatever is stale), then after an edit, then with nothing changed.
if (wanted.includes("synth")) {
  timed("make synth (warm-up)", ["make", "synth"]);
  const afterEdit = [];
  for (let i = 0; i < synthRuns; i++) afterEdit.push(withEdit(MAIN_FILE, i, () => timed(`make synth after an edit ${i + 1}`, ["make", "synth"])));
  timed("make synth (file restored)", ["make", "synth"]);
  row(`\`make synth\` after one main/ .cs file edited (${MAIN_FILE})`, "≤ 3 s", BEFORE.synthEdit, afterEdit, "the build of main/, then the app");
  // The C# compiler server (VBCSCompiler) keeps the compiler and the bindings' metadata loaded between builds; .NET
  // turns it on by default, and an environment can turn it off (UseSharedCompilation=false, which this machine's
  // image sets, as it sets MSBUILDDISABLENODEREUSE=1). The same edit with it on, as on a default .NET install; make
  // leaves the environment's choice alone. The server stays up (idle) for a few minutes after the last build.
  const server = { UseSharedCompilation: "true" };
  withEdit(MAIN_FILE, 100, () => timed("make synth after an edit, compiler server (warm-up)", ["make", "synth"], server));
  const withServer = [];
  for (let i = 0; i < synthRuns; i++) withServer.push(withEdit(MAIN_FILE, 200 + i, () => timed(`make synth after an edit, compiler server ${i + 1}`, ["make", "synth"], server)));
  timed("make synth (file restored, compiler server)", ["make", "synth"], server);
  row(`\`make synth\` after one main/ .cs file edited, the C# compiler server on (\`UseSharedCompilation=true\`, .NET's default; the environment here sets it to false)`,
    "≤ 3 s", BEFORE.synthEdit, withServer, "the same build with the compiler kept loaded between edits, then the app");
  const noop = Array.from({ length: synthRuns + 2 }, (_, i) => timed(`make synth, nothing changed ${i + 1}`, ["make", "synth"]));
  row("`make synth`, nothing changed", "≤ 1.5 s", BEFORE.synthNoop, noop, "make's checks, then the app (~1.2 s of it)");
}

const lines = [
  "<!-- bench-tests: begin (written by make bench-tests; everything between these markers is replaced) -->",
  "## Measured by `make bench-tests`",
  "",
  `Machine: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; .NET ${version("dotnet", "--version")}, Node ${process.version}; commit ${version("git", "rev-parse", "--short", "HEAD")}` +
    `${version("git", "status", "--porcelain") ? " (with uncommitted changes)" : ""}. The machine is shared: the load average (1 min) before each run is beside its figure.`,
  "Before: issue 21's own figures on this machine, with 1072 tests and no reuse (a rerun or a one-file edit was a whole `make test`).",
  "",
  "| figure | target | before: issue 21 (s) | wall s: median (min-max) | runs | load before | what ran |",
  "| --- | --- | ---: | ---: | ---: | --- | --- |",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
  "",
  "<!-- bench-tests: end -->",
];
const block = lines.join("\n");
console.log(`\n${block}\n`);
// A partial run (some figures, or some suites) must not replace the table of a complete one: it goes beside it.
if (only || suites) {
  const partial = path.join(root, "build", "bench-tests", "partial.md");
  fs.writeFileSync(partial, `${block}\n`);
  console.log(`bench-tests: a partial run (BENCH_TESTS_ONLY/BENCH_TESTS_SUITES): wrote ${path.relative(root, partial)}, ${path.relative(root, resultsFile)} left as it was`);
  process.exit(0);
}
let page = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8") : "# Test suite and inner-loop timings\n\n";
const re = /<!-- bench-tests: begin[\s\S]*?<!-- bench-tests: end -->/;
page = re.test(page) ? page.replace(re, block) : `${page.trimEnd()}\n\n${block}\n`;
fs.writeFileSync(resultsFile, page);
console.log(`bench-tests: wrote ${path.relative(root, resultsFile)}`);
