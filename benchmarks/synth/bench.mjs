#!/usr/bin/env node
// Whole-process benchmarks of the synth and the bindings set-up (make bench-synth, bench-bindings; the tests:
// benchmarks/tests/bench.mjs; benchmarks/bench.mk). Each figure is a median of several runs after a warm-up, with min and max;
// wall time and peak RSS come from GNU time (/usr/bin/time), peak being the largest single process. It prints
// figures and writes them to benchmarks/results/; it never judges them.
//
//   node benchmarks/synth/bench.mjs synth      C# against the TypeScript twins, where the C# time goes, variants
//   node benchmarks/synth/bench.mjs bindings   bindings/generate.mjs into a scratch folder (BENCH_FULL_PROVIDER=1:
//                                              also the whole AWS provider, minutes and ~10 GB)
// BENCH_RUNS (default 7) sets the counted runs of the synth benchmarks.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = path.join(root, "build", "bench-synth");
const results = path.join(root, "benchmarks", "results");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const mainDll = path.join(root, "build", "main", "EdgeRouter.dll");
// The same app built against CDK Terrain (`make build ENGINE=cdktn`).
const cdktnDll = path.join(root, "build", "main-cdktn", "EdgeRouter.dll");
const GNU_TIME = "/usr/bin/time";

// --- measuring ---------------------------------------------------------------------------------------------------
/** Runs argv once under GNU time: wall s, peak MiB, cpu s, exit code, stderr. */
function timeOnce(argv, env = {}, { outdir } = {}) {
  if (outdir) {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(outdir), { recursive: true }); // the App creates the outdir, not its parents
  }
  const report = path.join(work, "time.txt");
  const run = spawnSync(GNU_TIME, ["-f", "%e %M %U %S", "-o", report, ...argv], {
    cwd: root,
    env: { ...process.env, ...env, ...(outdir ? { CDKTF_OUTDIR: outdir } : {}) },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const [wall, kb, user, sys] = fs.readFileSync(report, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { wall, peak: kb / 1024, cpu: user + sys, code: run.status, stdout: run.stdout ?? "", stderr: run.stderr ?? "" };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs, digits = 2) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

/** One warm-up, then `runs` rounds; the commands take turns within a round so drift hits them alike. */
function compare(cases, rounds = runs) {
  for (const c of cases) {
    const warm = timeOnce(c.argv, c.env, c);
    if (warm.code !== c.expect) {
      throw new Error(`${c.label}: exit ${warm.code}, expected ${c.expect}\n${warm.stderr.slice(-2000)}`);
    }
    c.samples = [];
  }
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) c.samples.push(timeOnce(c.argv, c.env, c));
  }
  for (const c of cases) {
    c.wall = c.samples.map((s) => s.wall);
    c.peak = c.samples.map((s) => s.peak);
    c.cpu = c.samples.map((s) => s.cpu);
  }
  return cases;
}

// --- output ------------------------------------------------------------------------------------------------------
const lines = [];
function out(line = "") {
  console.log(line);
  lines.push(line);
}
function table(header, rows) {
  out(`| ${header.join(" | ")} |`);
  out(`| ${header.map((h, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
  for (const r of rows) out(`| ${r.join(" | ")} |`);
  out();
}
function machine() {
  const version = (cmd, ...args) => spawnSync(cmd, args, { encoding: "utf8" }).stdout?.trim() ?? "?";
  return `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${os.cpus().length} cores ` +
    `(${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; .NET ${version("dotnet", "--version")}, ` +
    `Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}
function save(file, title, intro) {
  fs.mkdirSync(results, { recursive: true });
  const text = [`# ${title}`, "", ...intro, "", ...lines].join("\n").replace(/\n{3,}/g, "\n\n");
  fs.writeFileSync(path.join(results, file), text.endsWith("\n") ? text : `${text}\n`);
  console.log(`bench: wrote ${path.relative(root, path.join(results, file))}`);
}

// --- the synth ---------------------------------------------------------------------------------------------------
/** Resource and data-source types with their counts, variables, outputs, locals and backend of each stack. */
function shapes(outdir) {
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacks).sort().map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(stacks, stack, "cdk.tf.json"), "utf8"));
    const counts = {};
    for (const kind of ["resource", "data"]) {
      for (const [type, blocks] of Object.entries(json[kind] ?? {})) counts[`${kind}.${type}`] = Object.keys(blocks).length;
    }
    for (const key of ["variable", "output", "locals"]) counts[key] = Object.keys(json[key] ?? {}).length;
    counts.backend = Object.keys(json.terraform?.backend ?? {}).join(",");
    return [stack, counts];
  }));
}

function shapeCheck(csharp, twin) {
  const a = shapes(csharp), b = shapes(twin);
  const problems = [];
  for (const stack of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[stack] ?? {}, y = b[stack] ?? {};
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (x[key] !== y[key]) problems.push(`${stack}: ${key} C# ${x[key] ?? "-"}, twin ${y[key] ?? "-"}`);
    }
  }
  return problems;
}

function cdktfContext() {
  return JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).context ?? {});
}

function benchSynth() {
  for (const dll of [mainDll, cdktnDll]) {
    if (!fs.existsSync(dll)) throw new Error(`${dll} is missing: run make build and make build ENGINE=cdktn`);
  }
  fs.mkdirSync(work, { recursive: true });
  const context = { CDKTF_CONTEXT_JSON: cdktfContext() };
  const outdir = (label) => path.join(work, "out", label);
  const csharp = { label: "C# (dotnet build/main/EdgeRouter.dll)", argv: ["dotnet", mainDll], env: context, outdir: outdir("csharp"), expect: 0 };
  const cdktn = { label: "C# on CDK Terrain (dotnet build/main-cdktn/EdgeRouter.dll)", argv: ["dotnet", cdktnDll], env: context, outdir: outdir("csharp-cdktn"), expect: 0 };
  const whole = { label: "TypeScript, provider imported whole", argv: ["node", path.join(work, "js", "ts-whole", "main.js")], outdir: outdir("ts-whole"), expect: 0 };
  const deep = { label: "TypeScript, deep imports", argv: ["node", path.join(work, "js", "ts-deep", "main.js")], outdir: outdir("ts-deep"), expect: 0 };
  console.log(`bench-synth: ${runs} runs of each after a warm-up; this takes a few minutes`);
  out(`Machine: ${machine()}.`);
  out();

  // 1. Same app, four ways: C# on each CDK engine (CDK for Terraform 0.21, the default; CDK Terrain 0.24), and the
  //    TypeScript twins (on CDK for Terraform).
  compare([csharp, cdktn, whole, deep]);
  out("## Synth: C# against its TypeScript twins, and on either CDK engine");
  out();
  out(`Whole process, ${runs} runs after a warm-up, taking turns; median (min-max). Peak: largest single process.`);
  out("The first row is the default engine (CDK for Terraform 0.21); the second the same source built with");
  out("`make build ENGINE=cdktn` (CDK Terrain 0.24, its own generated bindings of the same AWS submodules).");
  out();
  table(["app", "wall s", "peak MiB", "cpu s", "C# / this (wall)"], [csharp, cdktn, whole, deep].map((c) => [
    c.label, spread(c.wall), median(c.peak).toFixed(0), median(c.cpu).toFixed(2),
    c === csharp ? "" : (median(csharp.wall) / median(c.wall)).toFixed(2),
  ]));
  for (const twin of [cdktn, whole, deep]) {
    const problems = shapeCheck(csharp.outdir, twin.outdir);
    out(problems.length === 0
      ? `Same stacks: ${twin.label} writes the resource and data types, counts, variables, outputs and backends of the C# app.`
      : `**NOT the same stacks** (${twin.label}): ${problems.join("; ")}. The comparison above is not like for like.`);
  }
  out();

  // 2. Where the C# time goes: the app's own phase timings (EDGE_ROUTER_TRACE_TIMING=1) and two baselines.
  const phases = new Map();
  const walls = [];
  const traced = { ...context, EDGE_ROUTER_TRACE_TIMING: "1" };
  timeOnce(csharp.argv, traced, csharp);
  for (let i = 0; i < runs; i++) {
    const run = timeOnce(csharp.argv, traced, csharp);
    walls.push(run.wall * 1000);
    let sum = 0;
    for (const m of run.stderr.matchAll(/^edge-router: timing: (.+): (\d+) ms$/gm)) {
      phases.set(m[1], [...(phases.get(m[1]) ?? []), Number(m[2])]);
      sum += Number(m[2]);
    }
    phases.set("after Main: runtime shutdown, temp folder removed, exit", [
      ...(phases.get("after Main: runtime shutdown, temp folder removed, exit") ?? []), run.wall * 1000 - sum]);
  }
  // The calls across the jsii boundary, untraced app, from the jsii host's request trace (EDGE_ROUTER_JSII_TRACE):
  // per kind of request, how long .NET took to send it after the previous answer and how long Node took to answer.
  const boundary = new Map();
  const traceFile = path.join(work, "jsii-trace.json");
  for (let i = 0; i < runs; i++) {
    fs.rmSync(traceFile, { force: true });
    const run = timeOnce(csharp.argv, { ...context, EDGE_ROUTER_JSII_TRACE: traceFile }, csharp);
    if (run.code !== 0) throw new Error(`traced synth failed:\n${run.stderr.slice(-2000)}`);
    const sums = new Map([["**all requests**", { n: 0, dotnet: 0, node: 0 }]]);
    for (const call of JSON.parse(fs.readFileSync(traceFile, "utf8")).calls) {
      for (const key of [call.api, "**all requests**"]) {
        const sum = sums.get(key) ?? { n: 0, dotnet: 0, node: 0 };
        sums.set(key, { n: sum.n + 1, dotnet: sum.dotnet + call.dotnet, node: sum.node + call.node });
      }
    }
    for (const [key, sum] of sums) boundary.set(key, [...(boundary.get(key) ?? []), sum]);
  }
  const refused = { label: "a synth refused at its settings (.NET start, settings; Node, started alongside, stopped)", argv: ["dotnet", mainDll], env: { ...context, EDGE_ROUTER_STATE_REGION: "mars-1" }, expect: 1 };
  const nodeStart = { label: "Node start (`node -e 0`)", argv: ["node", "-e", "0"], expect: 0 };
  compare([refused, nodeStart]);
  out("## Where the C# time goes");
  out();
  out(`Phases as the app measures them with \`EDGE_ROUTER_TRACE_TIMING=1\` (${runs} runs, median ms), on its main thread.`);
  out("Node starts on another thread while the settings are read, so `jsii runtime start` is only what is left of it;");
  out("tracing then loads the bundled packages one step at a time so that each can be timed (untraced, the first CDKTF");
  out("call does the same work). The last row is the whole process's wall time minus the phases.");
  out();
  table(["phase", "median ms", "min-max ms"], [...phases].map(([phase, ms]) => [
    phase, median(ms).toFixed(0), `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}`,
  ]).concat([["**whole process (traced)**", `**${median(walls).toFixed(0)}**`, `${Math.min(...walls).toFixed(0)}-${Math.max(...walls).toFixed(0)}`]]));
  out(`The calls across the jsii boundary, as the jsii host sees them (\`EDGE_ROUTER_JSII_TRACE\`, untraced app, ${runs} runs,`);
  out("median of each run's sum): `.NET ms` is the time from Node's previous answer to this request, during which Node");
  out("waits (the jsii runtime's own work, such as converting arguments and listing a class's members, and the app's");
  out("code between calls); `Node ms` is the time Node took to answer. `start` is the kernel's own start.");
  out();
  table(["request", "count", ".NET ms", "Node ms"], [...boundary].map(([api, sums]) => [
    api, median(sums.map((x) => x.n)).toFixed(0), median(sums.map((x) => x.dotnet)).toFixed(0), median(sums.map((x) => x.node)).toFixed(0),
  ]));
  out("Baselines, whole process:");
  out();
  table(["process", "wall s", "peak MiB"], [refused, nodeStart].map((c) => [c.label, spread(c.wall, 3), median(c.peak).toFixed(0)]));

  // 3. What the start-up settings are worth, against the app as built (ReadyToRun, package cache on).
  const ilDir = path.join(work, "il");
  console.log("bench-synth: building an IL-only (no ReadyToRun) copy of main for the comparison");
  const build = spawnSync("dotnet", ["msbuild", "main", "-restore", "-nologo", "-v:q", "-p:Configuration=Release",
    "-p:EdgeRouterReadyToRun=false", `-p:OutDir=${ilDir}/`], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the IL-only copy of main failed");
  const variant = (label, env, dll = mainDll) => ({ label, argv: ["dotnet", dll], env: { ...context, ...env }, outdir: outdir("variant"), expect: 0 });
  const asBuilt = variant("as built: in-process jsii host with code cache, type warm-up, no tier-up delay, ReadyToRun", {});
  const variants = [
    asBuilt,
    variant("stock jsii launcher, a second Node process (`EDGE_ROUTER_JSII_HOST=stock`)", { EDGE_ROUTER_JSII_HOST: "stock" }),
    variant("Node code cache off (`EDGE_ROUTER_NODE_CODE_CACHE=off`)", { EDGE_ROUTER_NODE_CODE_CACHE: "off" }),
    variant("type warm-up off (`EDGE_ROUTER_TYPE_WARMUP=off`)", { EDGE_ROUTER_TYPE_WARMUP: "off" }),
    variant("tier-up delay back to .NET's 100 ms (`DOTNET_TC_CallCountingDelayMs=100`)", { DOTNET_TC_CallCountingDelayMs: "100" }),
    variant("all four of the above at once: the start-up as it was before them", {
      EDGE_ROUTER_JSII_HOST: "stock", EDGE_ROUTER_TYPE_WARMUP: "off", DOTNET_TC_CallCountingDelayMs: "100" }),
    variant("IL only, JIT at run time (before ReadyToRun)", {}, path.join(ilDir, "EdgeRouter.dll")),
    variant("jsii package cache off (`JSII_RUNTIME_PACKAGE_CACHE=disabled`)", { JSII_RUNTIME_PACKAGE_CACHE: "disabled" }),
    variant("tiered PGO on (`DOTNET_TieredPGO=1`)", { DOTNET_TieredPGO: "1" }),
    variant("tiered compilation off (`DOTNET_TieredCompilation=0`)", { DOTNET_TieredCompilation: "0" }),
  ];
  compare(variants);
  out("## Start-up settings, before and after");
  out();
  out(`Each against the app as built, whole process, ${runs} runs taking turns; median (min-max).`);
  out();
  table(["variant", "wall s", "cpu s", "wall / as built"], variants.map((v) => [
    v.label, spread(v.wall), median(v.cpu).toFixed(2), (median(v.wall) / median(asBuilt.wall)).toFixed(2),
  ]));
  out("Not switchable from outside, so measured by hand when each was made (paired runs, same machine): starting the");
  out("jsii runtime with a null logger factory instead of its default console logging took the `jsii runtime start`");
  out("phase from 460 to 408 ms (median of 10); synthesizing once into a staging folder and checking the guardrails");
  out("on the written files, instead of rendering each stack in memory first, took `app.Synth() + guardrails` from");
  out("172-195 to 110-145 ms; starting Node while the settings are read overlaps the two (~50 ms).");
  out();

  // 4. Temp files: ten synths with TMPDIR and the jsii package cache pointed at empty folders.
  const tmp = path.join(work, "tmpdir"), cache = path.join(work, "jsii-cache"), codeCache = path.join(work, "node-code-cache");
  for (const dir of [tmp, cache, codeCache]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  for (let i = 0; i < 10; i++) {
    const run = timeOnce(csharp.argv, { ...context, TMPDIR: tmp, JSII_RUNTIME_PACKAGE_CACHE_ROOT: cache, EDGE_ROUTER_NODE_CODE_CACHE: codeCache }, csharp);
    if (run.code !== 0) throw new Error(`synth ${i + 1} of 10 failed:\n${run.stderr.slice(-2000)}`);
  }
  const du = (dir) => {
    let bytes = 0, files = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const full = path.join(entry.parentPath ?? entry.path, entry.name);
      const stat = fs.lstatSync(full);
      if (!stat.isDirectory()) {
        bytes += stat.size;
        files++;
      }
    }
    return { bytes, files };
  };
  const left = du(tmp), cached = du(cache), compiled = du(codeCache);
  const defaultCache = path.join(os.homedir(), ".cache", "aws", "jsii", "package-cache");
  const home = fs.existsSync(defaultCache) ? du(defaultCache) : { bytes: 0, files: 0 };
  out("## Temp files");
  out();
  table(["after ten synths", "bytes", "files"], [
    ["left in TMPDIR (an empty folder before)", left.bytes, left.files],
    ["in the jsii package cache (JSII_RUNTIME_PACKAGE_CACHE_ROOT, empty before)", cached.bytes, cached.files],
    ["in the Node code cache (EDGE_ROUTER_NODE_CODE_CACHE, empty before)", compiled.bytes, compiled.files],
    [`the default package cache now (${defaultCache.replace(os.homedir(), "~")}, shared by every jsii app)`, home.bytes, home.files],
  ]);
  out("The package cache is filled once per package version (the first synth unpacks, later ones link to it) and");
  out("does not grow with the number of synths; the jsii runtime prunes entries unused for 30 days. The Node code cache");
  out("(~/.cache/edge-router/node-code-cache by default) is written by the first synth after a change to the JavaScript");
  out("it holds, keyed by content, and does not grow with the number of synths either; entries not rewritten for 30");
  out("days are removed.");

  save("synth.md", "Synth benchmark", [
    "Written by `make bench-synth` (benchmarks/synth/bench.mjs); the TypeScript twins are in benchmarks/synth/.",
    "Shared 2-core machine: quote medians, and read a wide min-max as noise from other work on the machine.",
  ]);
}

// --- the bindings ------------------------------------------------------------------------------------------------
/**
 * Runs a copy of bindings/generate.mjs in a scratch root (it derives every path from its own location), so that
 * the real .bindings/ the build uses is never touched: node_modules is linked, the lock and the list are copied.
 */
function generateInScratch(label, submodules) {
  const scratch = path.join(root, "build", "bench-bindings", label);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.join(scratch, "bindings"), { recursive: true });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(scratch, "node_modules"));
  fs.copyFileSync(path.join(root, "package-lock.json"), path.join(scratch, "package-lock.json"));
  fs.copyFileSync(path.join(root, "bindings", "generate.mjs"), path.join(scratch, "bindings", "generate.mjs"));
  fs.writeFileSync(path.join(scratch, "bindings", "aws-submodules.txt"), submodules.join("\n") + "\n");
  // No build servers: MSBuild nodes and the shared compiler would outlive the run, and their memory (the compile
  // is the peak) would not be counted; without them csc runs as a child that GNU time waits for.
  const noServers = { MSBUILDDISABLENODEREUSE: "1", DOTNET_CLI_USE_MSBUILD_SERVER: "0", UseSharedCompilation: "false" };
  const run = timeOnce(["node", path.join(scratch, "bindings", "generate.mjs"), "--force"], noServers, {});
  if (run.code !== 0) throw new Error(`${label}: generate.mjs failed:\n${run.stderr.slice(-3000)}`);
  const feed = path.join(scratch, ".bindings", "feed");
  const sizes = fs.readdirSync(feed).map((f) => `${f.replace(/\.\d.*/, "")} ${(fs.statSync(path.join(feed, f)).size / 1e6).toFixed(1)} MB`);
  fs.rmSync(scratch, { recursive: true, force: true });
  return [label, submodules.length, run.wall.toFixed(0), (run.peak / 1024).toFixed(2), sizes.join(", ")];
}

function benchBindings() {
  out(`Machine: ${machine()}.`);
  out();
  const listed = fs.readFileSync(path.join(root, "bindings", "aws-submodules.txt"), "utf8").split("\n")
    .map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
  const rows = [];
  console.log("bench-bindings: generating the subset into a scratch folder (a minute or two)");
  rows.push(generateInScratch("subset (bindings/aws-submodules.txt)", listed));
  if (process.env.BENCH_FULL_PROVIDER === "1") {
    const index = fs.readFileSync(path.join(root, "node_modules", "@cdktf", "provider-aws", "lib", "index.js"), "utf8");
    const all = [...index.matchAll(/^exports\.(\w+) = require\("\.\/[\w-]+"\);$/gm)].map((m) => m[1]);
    console.log(`bench-bindings: generating the full provider (${all.length} submodules): minutes, ~10 GB`);
    rows.push(generateInScratch("full AWS provider", all));
  }
  out("## Generating the C# bindings");
  out();
  out("`node bindings/generate.mjs --force` (jsii-pacmak, then `dotnet build` of the generated projects), one run each,");
  out("into a scratch folder, without build servers (so the compiler is a child process that is counted). Peak: largest");
  out("single process.");
  out();
  table(["provider", "submodules", "wall s", "peak GiB", "packages"], rows);
  if (process.env.BENCH_FULL_PROVIDER !== "1") out("The full provider is measured only with `BENCH_FULL_PROVIDER=1` (minutes, ~10 GB).");
  save("bindings.md", "Bindings generation benchmark", ["Written by `make bench-bindings` (benchmarks/synth/bench.mjs)."]);
}

const commands = { synth: benchSynth, bindings: benchBindings };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node benchmarks/synth/bench.mjs ${Object.keys(commands).join("|")}`);
  process.exit(2);
}
if (!fs.existsSync(GNU_TIME)) {
  console.error(`bench: ${GNU_TIME} (GNU time) is missing: apt-get install time`);
  process.exit(2);
}
command();
