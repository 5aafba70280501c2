// The result cache of `make test` (tests/suites/run.mjs), on a scratch git repository whose suites are stubs that
// record each run: changing one input of each kind reruns exactly the suites that read it; FRESH=1 and CI rerun
// all; a failing suite is never cached. Then the real tests/suites.txt: every suite declared, every input there.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseManifest } from "./manifest.mjs";
import { versionQueries } from "./inputs.mjs";

const repo = path.resolve(import.meta.dirname, "..", "..");
const runner = path.join(repo, "tests", "suites", "run.mjs");

// --- the scratch repository ----------------------------------------------------------------------------------------
// Each stub suite appends its name to runs.txt and writes its count line; flaky/fail, flaky/silent and flaky/lie
// (inputs of the suite flaky, so a new state each) make it fail, print no count line, or exit 2 with a clean count.
const MANIFEST = `
@make = Makefile
app      test-app      @make main tool:dotnet-stub
router   test-router   @make lambda
synth    test-synth    @make tests/synth package-lock.json
plan     test-plan     @make tool:terraform env:EDGE_ROUTER_PLAN_*
settings test-settings @make env:ENGINE,EDGE_ROUTER_STATE_KEY
flaky    test-flaky    @make flaky
`;
const MAKEFILE = `
LOGS ?= logs
prepare: shared.txt
\t@echo prepare >> runs.txt; [ ! -f prepare-fails ]
shared.txt: shared.src
\t@echo shared >> runs.txt; cp shared.src shared.txt
test-router: shared.txt
test-%:
\t@mkdir -p $(LOGS); echo $* >> runs.txt; \\
\t  if [ -f $*/fail ]; then echo "$*: Failed: 1, Passed: 3" > $(LOGS)/$*.log; exit 1; fi; \\
\t  if [ -f $*/silent ]; then exit 0; fi; \\
\t  if [ -f $*/lie ]; then echo "$*: Failed: 0, Passed: 4" > $(LOGS)/$*.log; exit 2; fi; \\
\t  echo "$*: Failed: 0, Passed: $$(( $$(printf %s '$*' | wc -c) + 10 ))" > $(LOGS)/$*.log
`;
const ALL = ["app", "router", "synth", "plan", "settings", "flaky"];
const passedOf = (name) => name.length + 10;

let scratch;
let bin;

function write(rel, text, mode) {
  const file = path.join(scratch, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mode) fs.chmodSync(file, mode);
}

/** A stub tool on PATH that prints the given version. */
function stubTool(name, version) {
  write(`../bin/${name}`, `#!/bin/sh\necho "${name} ${version}"\n`, 0o755);
}

const baseEnv = () => {
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TEST_ROOT: scratch, TEST_PREPARE: "" };
  for (const k of Object.keys(env)) {
    if (/^(CI|FRESH|ENGINE|EDGE_ROUTER_.*|MAKEFLAGS|MFLAGS|MAKELEVEL|TEST_JOBS|TEST_ONLY|TEST_SHARED_BUILDS|TEST_SUITES_MANIFEST|TEST_CACHE_DIR|TEST_LOGS)$/.test(k)) delete env[k];
  }
  return env;
};

/** Runs the runner; returns which suites ran (in runs.txt), its output and exit status. */
function run(env = {}, args = []) {
  fs.rmSync(path.join(scratch, "runs.txt"), { force: true });
  const r = spawnSync("node", [runner, ...args], { cwd: scratch, env: { ...baseEnv(), ...env }, encoding: "utf8" });
  const runs = fs.existsSync(path.join(scratch, "runs.txt"))
    ? fs.readFileSync(path.join(scratch, "runs.txt"), "utf8").split("\n").filter(Boolean).sort()
    : [];
  return { runs, out: r.stdout + r.stderr, status: r.status };
}

/** Runs until nothing reruns: the state every test starts from, whichever ran before it. */
function settle() {
  const r = run();
  assert.equal(r.status, 0, r.out);
}

const lastLine = (out) => out.trimEnd().split("\n").at(-1);

before(() => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), "suites-cache-test-"));
  scratch = path.join(top, "repo");
  bin = path.join(top, "bin");
  fs.mkdirSync(scratch, { recursive: true });
  write("tests/suites.txt", MANIFEST);
  write("Makefile", MAKEFILE);
  write("main/Program.cs", "class Program {}\n");
  write("lambda/Router.cs", "class Router {}\n");
  write("tests/synth/SynthTests.cs", "class SynthTests {}\n");
  write("package-lock.json", '{"lockfileVersion": 3}\n');
  write("flaky/input.txt", "1\n");
  write("shared.src", "1\n");
  write("shared.txt", "1\n"); // built: a shared build the suites find up to date
  fs.utimesSync(path.join(scratch, "shared.src"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  write(".gitignore", "logs/\nbuild/\nruns.txt\nprepare-fails\nshared.txt\n");
  stubTool("terraform", "v1.11.4");
  stubTool("dotnet-stub", "10.0.401");
  const git = (...a) => assert.equal(spawnSync("git", a, { cwd: scratch }).status, 0, `git ${a.join(" ")}`);
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "scratch");
});

after(() => fs.rmSync(path.dirname(scratch), { recursive: true, force: true }));

describe("the result cache, on stub suites", () => {
  it("runs every suite the first time, and reuses every result the second, with the same counts", () => {
    const first = run();
    assert.equal(first.status, 0, first.out);
    assert.deepEqual(first.runs, [...ALL].sort());
    const total = ALL.reduce((n, s) => n + passedOf(s), 0);
    assert.equal(lastLine(first.out), `tests: ${total} passed, 0 failed`);

    const second = run();
    assert.equal(second.status, 0, second.out);
    assert.deepEqual(second.runs, [], "nothing changed: nothing reruns");
    for (const s of ALL) {
      assert.match(second.out, new RegExp(`^test-${s}: Failed: 0, Passed: ${passedOf(s)} \\(cached, inputs [0-9a-f]{12}\\)$`, "m"));
    }
    assert.match(second.out, new RegExp(`^tests: 0 suites run, ${ALL.length} reused from the same inputs`, "m"));
    assert.equal(lastLine(second.out), `tests: ${total} passed, 0 failed`, "the real counts, cached ones included");
  });

  const cases = [
    ["a main/ .cs file", () => write("main/Program.cs", "class Program { int x; }\n"), ["app"]],
    ["a lambda/ .cs file", () => write("lambda/Router.cs", "class Router { int y; }\n"), ["router"]],
    ["a new file in a declared folder", () => write("lambda/New.cs", "class New {}\n"), ["router"]],
    ["a test source", () => write("tests/synth/SynthTests.cs", "class SynthTests { }\n"), ["synth"]],
    ["a lock file", () => write("package-lock.json", '{"lockfileVersion": 3, "x": 1}\n'), ["synth"]],
    ["an executable bit", () => fs.chmodSync(path.join(scratch, "flaky/input.txt"), 0o755), ["flaky"]],
    ["a tool's version (a stub on PATH)", () => stubTool("terraform", "v1.12.0"), ["plan"]],
    ["the make rules", () => write("Makefile", MAKEFILE + "\n# edited\n"), ALL],
  ];
  for (const [what, change, expected] of cases) {
    it(`changing ${what} reruns exactly ${expected.join(", ")}`, () => {
      settle();
      change();
      const after = run();
      assert.equal(after.status, 0, after.out);
      assert.deepEqual(after.runs, [...expected].sort(), after.out);
      assert.deepEqual(run().runs, [], "and reuses them again after");
    });
  }

  it("an environment variable a suite reads reruns that suite; one no suite reads reruns none", () => {
    settle();
    assert.deepEqual(run({ EDGE_ROUTER_PLAN_JOBS: "3" }).runs, ["plan"], "a variable matching a declared prefix");
    assert.deepEqual(run({ EDGE_ROUTER_PLAN_JOBS: "3" }).runs, []);
    assert.deepEqual(run({ EDGE_ROUTER_PLAN_JOBS: "3", ENGINE: "cdktn" }).runs, ["settings"], "a declared name");
    assert.deepEqual(run({ EDGE_ROUTER_PLAN_JOBS: "3", ENGINE: "" }).runs, ["settings"], "set but empty is not unset");
    assert.deepEqual(run({ EDGE_ROUTER_PLAN_JOBS: "3", ENGINE: "", SOMETHING_ELSE: "1" }).runs, [], "undeclared");
    // Back to unset: the result stored for that state is still there.
    assert.deepEqual(run().runs, []);
  });

  it("a variable on make's command line (make test STACK=state) reruns every suite; the runner's own do not", () => {
    // make exports it and hands it on in MAKEFLAGS: it overrides every makefile's assignment in every suite's make
    // (make test STACK=state reported test-destroy cached; a fresh run failed its front-door tests).
    settle();
    const line = (words, vars) => ({ MAKEFLAGS: ` --no-print-directory -- ${words}`, ...vars });
    assert.deepEqual(run(line("STACK=state", { STACK: "state" })).runs, [...ALL].sort());
    assert.deepEqual(run(line("STACK=state", { STACK: "state" })).runs, []);
    assert.deepEqual(run(line("STACK=edge", { STACK: "edge" })).runs, [...ALL].sort(), "another value");
    assert.deepEqual(run(line("ENV=my\\ stack STACK=edge", { STACK: "edge", ENV: "my stack" })).runs, [...ALL].sort(), "a value with a space");
    // STACK in the environment only (not on the command line) is keyed only where a line names it.
    assert.deepEqual(run({ STACK: "edge" }).runs, []);
    assert.deepEqual(run(line("TEST_JOBS=1 FRESH=", { TEST_JOBS: "1", FRESH: "" })).runs, []);
  });

  it("a tool that goes missing from PATH is a change too", () => {
    settle();
    fs.renameSync(path.join(bin, "dotnet-stub"), path.join(bin, "dotnet-stub.away"));
    try {
      assert.deepEqual(run().runs, ["app"]);
    } finally {
      fs.renameSync(path.join(bin, "dotnet-stub.away"), path.join(bin, "dotnet-stub"));
    }
    assert.deepEqual(run().runs, [], "and back: the earlier result again");
  });

  it("FRESH=1, CI=true and --fresh rerun every suite; FRESH with another value is refused", () => {
    for (const env of [{ FRESH: "1" }, { CI: "true" }, { CI: "github" }]) {
      const r = run(env);
      assert.equal(r.status, 0, r.out);
      assert.deepEqual(r.runs, [...ALL].sort(), JSON.stringify(env));
      assert.doesNotMatch(r.out, /cached/);
      assert.match(r.out, new RegExp(`^tests: ${ALL.length} suites run, 0 reused`, "m"));
    }
    assert.deepEqual(run({}, ["--fresh"]).runs, [...ALL].sort());
    for (const value of ["on", "ture"]) {
      const r = run({ FRESH: value });
      assert.equal(r.status, 2, value);
      assert.match(r.out, /FRESH must be 1 \(rerun every suite\) or empty/);
      assert.deepEqual(r.runs, []);
    }
    assert.deepEqual(run({ FRESH: "0", CI: "false" }).runs, [], "FRESH=0 and CI=false reuse");
  });

  it("a file behind a link to a folder, and a file whose name is not UTF-8, are inputs too", () => {
    write("shared/Config.cs", "class Config {}\n");
    fs.symlinkSync("../shared", path.join(scratch, "lambda/shared"));
    const bytes = Buffer.concat([Buffer.from(path.join(scratch, "lambda") + "/"), Buffer.from([0x66, 0xe9, 0x2e, 0x63, 0x73])]); // "fé.cs" in latin1
    fs.writeFileSync(bytes, "one\n");
    assert.deepEqual(run().runs.includes("router"), true);
    settle();
    fs.writeFileSync(path.join(scratch, "shared/Config.cs"), "class Config { int z; }\n");
    assert.deepEqual(run().runs, ["router"], "changed behind the link");
    fs.writeFileSync(bytes, "two\n");
    assert.deepEqual(run().runs, ["router"], "changed under a name that is not UTF-8");
    fs.rmSync(bytes);
    fs.rmSync(path.join(scratch, "lambda/shared"));
    fs.rmSync(path.join(scratch, "shared"), { recursive: true });
  });

  it("a failing suite is never cached: it runs again, and fails again, until it passes", () => {
    settle();
    write("flaky/fail", "");
    for (let i = 0; i < 2; i++) {
      const r = run();
      assert.equal(r.status, 1, r.out);
      assert.deepEqual(r.runs, ["flaky"]);
      assert.match(r.out, /^test-flaky: Failed: 1, Passed: 3 \(ran in [\d.]+ s\)$/m);
      assert.match(lastLine(r.out), /^tests: \d+ passed, 1 failed$/);
    }
    fs.renameSync(path.join(scratch, "flaky/fail"), path.join(scratch, "flaky/fixed"));
    assert.deepEqual(run().runs, ["flaky"], "passes now, so it runs once more");
    assert.deepEqual(run().runs, [], "and only then is reused");
  });

  it("a suite that prints no count line, or exits non-zero with a clean count, fails and is not cached", () => {
    settle();
    write("flaky/silent", "");
    for (let i = 0; i < 2; i++) {
      const r = run();
      assert.equal(r.status, 1, r.out);
      assert.deepEqual(r.runs, ["flaky"]);
      assert.match(r.out, /^test-flaky: Failed: 1, Passed: 0 .*no "Failed: N, Passed: N" line/m);
    }
    fs.rmSync(path.join(scratch, "flaky/silent"));
    write("flaky/lie", "");
    for (let i = 0; i < 2; i++) {
      const r = run();
      assert.equal(r.status, 1, r.out);
      assert.deepEqual(r.runs, ["flaky"]);
      assert.match(r.out, /^test-flaky: Failed: 1, Passed: 4 .*exited 2/m);
    }
    fs.rmSync(path.join(scratch, "flaky/lie"));
    assert.deepEqual(run().runs, [], "back to the state that passed: its result");
  });

  it("a stored result that is not a pass is never reused", () => {
    settle();
    const dir = path.join(scratch, "build/test-cache/results/router");
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"failed": 0/, '"failed": 2'));
    }
    assert.deepEqual(run().runs, ["router"]);
    assert.deepEqual(run().runs, []);
  });

  it("the shared builds (TEST_PREPARE) run first every time, and when they fail every suite fails, none runs", () => {
    settle();
    const r = run({ TEST_PREPARE: "prepare" });
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(r.runs, ["prepare"], "everything cached, the builds still checked first");
    write("prepare-fails", "");
    try {
      const bad = run({ TEST_PREPARE: "prepare" });
      assert.equal(bad.status, 1);
      assert.deepEqual(bad.runs, ["prepare"]);
      assert.match(bad.out, /make prepare failed \(exit 2\): no suite can run/);
      assert.equal(lastLine(bad.out), `tests: 0 passed, ${ALL.length} failed`);
    } finally {
      fs.rmSync(path.join(scratch, "prepare-fails"));
    }
  });

  it("refuses to start beside another make test in the same tree, and takes over a lock its dead owner left", () => {
    settle();
    const lock = path.join(scratch, "build/test-cache/lock");
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid)); // alive: this test process
    const busy = run();
    assert.equal(busy.status, 2);
    assert.match(busy.out, new RegExp(`another make test \\(pid ${process.pid}\\) is running in this tree`));
    const dead = spawnSync("true").pid;
    fs.writeFileSync(path.join(lock, "pid"), String(dead));
    const r = run();
    assert.equal(r.status, 0, r.out);
    assert.ok(!fs.existsSync(lock), "released at the end");
  });

  it("a suite's make never remakes what the shared builds made (TEST_SHARED_BUILDS), even when it went stale", () => {
    const env = { TEST_PREPARE: "prepare", TEST_SHARED_BUILDS: "shared.txt" };
    run(env);
    assert.deepEqual(run(env).runs, ["prepare"], "built once, by prepare");
    // Stale after prepare: the suite that depends on it runs (its Makefile changed) but does not rebuild it.
    write("Makefile", MAKEFILE + "\n# again\n");
    write("shared.src", "2\n");
    const r = run({ TEST_PREPARE: "", TEST_SHARED_BUILDS: "shared.txt" }, ["--only", "router"]);
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(r.runs, ["router"], "the suite ran, and its make did not rebuild shared.txt");
    assert.equal(fs.readFileSync(path.join(scratch, "shared.txt"), "utf8"), "1\n");
    write("Makefile", MAKEFILE);
    write("shared.src", "1\n");
    fs.utimesSync(path.join(scratch, "shared.src"), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    write("shared.txt", "1\n"); // up to date again for the tests after this one
  });

  it("--only runs the named suites; an unknown name is refused", () => {
    const r = run({ FRESH: "1" }, ["--only", "router,plan"]);
    assert.deepEqual(r.runs, ["plan", "router"]);
    const bad = run({}, ["--only", "nope"]);
    assert.equal(bad.status, 2);
    assert.match(bad.out, /names no suite .*: nope/);
    assert.deepEqual(run({ TEST_ONLY: "settings" }).runs, [], "TEST_ONLY, as make test passes it: cached");
  });

  it("TEST_JOBS must be a small whole number", () => {
    for (const jobs of ["0", "x", "2.5", "99", ""]) {
      const r = run({ TEST_JOBS: jobs });
      assert.equal(r.status, 2, jobs);
      assert.match(r.out, /TEST_JOBS must be a whole number from 1 to 16/);
    }
  });
});

describe("the manifest's format", () => {
  const bad = [
    ["x test-x", /declares no inputs/],
    ["x test-x env:ENGINE", /declares no file or folder/],
    ["x test-x @nope", /unknown group @nope/],
    ["x test-x ../outside", /outside the repository/],
    ["x test-x /etc/passwd", /absolute path/],
    ["x test-x ftp:thing", /unknown kind of input/],
    ["x test-x env:BAD-NAME main", /not an environment variable name/],
    ["Upper test-x main", /suite name "Upper"/],
    ["x test-x main\nx test-y main", /declared twice/],
    ["@g = main\n@g = lambda\nx t @g", /defined twice/],
    ["", /declares no suite/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseManifest(text, "m.txt"), message));
  }

  it("reads groups, continuation lines and run:serial", () => {
    const { suites } = parseManifest("@g = a b \\\n  env:X\ns1 test-s1 @g c run:serial\ns2 test-s2 d # note\n", "m.txt");
    assert.deepEqual(suites.map((s) => [s.name, s.target, s.serial, s.inputs.length]), [["s1", "test-s1", true, 4], ["s2", "test-s2", false, 1]]);
  });
});

describe("the real tests/suites.txt", () => {
  const text = fs.readFileSync(path.join(repo, "tests", "suites.txt"), "utf8");
  const { suites, groups } = parseManifest(text);
  const makeText = [path.join(repo, "Makefile"), ...findMk(repo)].map((f) => fs.readFileSync(f, "utf8")).join("\n");
  const targets = new Set([...makeText.matchAll(/^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\s+[A-Za-z0-9_.-]+)*\s*:(?!=)/gm)].map((m) => m[1]));

  it("every suite's target is a make target", () => {
    for (const s of suites) assert.ok(targets.has(s.target), `${s.name}: no make target ${s.target}`);
  });

  it("every suite of the old make test is declared, and every test-* target is either a suite or said not to be", () => {
    const declared = new Set(suites.map((s) => s.target));
    // test-engines is run as its two halves, each a suite.
    for (const t of ["test-synth", "test-plan", "test-router", "test-reproducible-aot", "synth-cli", "test-e2e", "test-publish", "test-verify", "test-engines-compare", "test-e2e-cdktn"]) {
      assert.ok(declared.has(t), `${t} is not in tests/suites.txt`);
    }
    // Targets that are not suites of make test, and why.
    const notSuites = new Map([
      ["test-prepare", "the builds the suites share"],
      ["test-reproducible", "the dotnet10 half of test-reproducible-aot, which make test runs"],
      ["test-engines", "test-engines-compare then test-e2e-cdktn, both suites"],
    ]);
    for (const t of [...targets].filter((t) => t.startsWith("test-"))) {
      assert.ok(declared.has(t) || notSuites.has(t), `make target ${t} is neither a suite in tests/suites.txt nor listed as not one here`);
    }
  });

  it("every input that is a source exists; build outputs are under build/, .bindings/ or cdktf.out/", () => {
    const generated = /^(build|\.bindings|cdktf\.out)(\/|$)/;
    for (const s of suites) {
      for (const input of s.inputs.filter((x) => x.kind === "path" && !x.path.startsWith("${"))) {
        if (generated.test(input.path)) continue;
        assert.ok(fs.existsSync(path.join(repo, input.path)), `${s.name}: ${input.path} does not exist`);
      }
    }
  });

  it("every test project the suites build is rebuilt when one of its own sources changes", () => {
    // tests/EdgeRouter.ReviewTests was missing from the find behind TEST_SRC: an edited review test left the old
    // assembly "up to date", and make test-review ran the tests as they were before the edit.
    const suitesMk = fs.readFileSync(path.join(repo, "tests", "suites", "suites.mk"), "utf8");
    const projects = [...suitesMk.matchAll(/\$\(call test-build,[^\n]*,(tests\/[A-Za-z0-9.]+)(?:,[^\n]*)?\)\)\)?$/gm)].map((m) => m[1]);
    assert.ok(projects.includes("tests/EdgeRouter.ReviewTests") && projects.includes("tests/EdgeRouter.PlanTests"), JSON.stringify(projects));
    for (const project of new Set(projects)) {
      const counted = spawnSync("make", ["--no-print-directory", "-s", "-C", repo, "--eval", `print-test-src: ; @echo $(words $(call TEST_SRC,${project}))`, "print-test-src"], { encoding: "utf8" });
      assert.ok(Number(counted.stdout.trim()) > 0, `${project}: no sources in TEST_SRC (its assembly is never rebuilt): ${counted.stdout}${counted.stderr}`);
    }
  });

  it("every file of ops/tests runs in exactly one of test-ops and test-destroy; test-destroy is keyed on the stacks, not the app", () => {
    // test-ops was split in two so that the moto suite (the longest) neither waits for test-plan nor reruns on an
    // edit of main/ that leaves the stacks alone: a test file left out of both lists would never run.
    const printed = spawnSync("make", ["--no-print-directory", "-s", "-C", repo, "--eval", "print-ops-tests: ; @echo $(OPS_PLAN_TESTS) '|' $(OPS_MOTO_TESTS)", "print-ops-tests"], { encoding: "utf8" });
    const [plan, moto] = printed.stdout.trim().split("|").map((x) => x.trim().split(/\s+/).filter(Boolean));
    const files = fs.readdirSync(path.join(repo, "ops", "tests")).filter((f) => f.endsWith(".test.mjs")).map((f) => `ops/tests/${f}`).sort();
    assert.deepEqual([...plan, ...moto].sort(), files, printed.stdout + printed.stderr);
    assert.ok(moto.includes("ops/tests/destroy.test.mjs") && plan.includes("ops/tests/cost.test.mjs"), printed.stdout);
    const destroy = suites.find((s) => s.name === "destroy");
    const paths = destroy.inputs.filter((x) => x.kind === "path").map((x) => x.path);
    assert.ok(paths.includes("cdktf.out/stacks") && !paths.some((p) => p.startsWith("build/main")) && !(destroy.after ?? []).length, JSON.stringify(destroy));
    // It runs node --test and node scripts (not @app, whose @packages named node), and tests the folder make's
    // EDGE_STACK_DIR (`?=`: the shell's environment sets it) names.
    const named = (kind) => destroy.inputs.filter((x) => x.kind === kind).map((x) => x.name);
    assert.ok(named("tool").includes("node") && named("env").includes("NODE_OPTIONS") && named("env").includes("EDGE_STACK_DIR"), JSON.stringify(destroy));
    const ops = suites.find((s) => s.name === "ops");
    assert.deepEqual(ops.after, ["plan"]);
  });

  it("every makefile make reads (the Makefile's includes, -include too) is in @make", () => {
    // benchmarks/bench.mk (-include) was left out: a rule or variable changed there changes what every suite's make
    // does, yet every suite was reused.
    const included = [path.join(repo, "Makefile"), ...findMk(repo)]
      .flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/^-?include\s+(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/)));
    assert.ok(included.includes("ops/ops.mk") && included.length >= 10, JSON.stringify(included));
    for (const file of included) assert.ok(groups.get("make").includes(file), `${file} is included by make but not in @make`);
  });

  it("every tool a line names (where this machine has it) tells its version: a new version is a new key", () => {
    // moto_server --version, openssl --version and unzip --version exit non-zero with nothing on stdout: the key saw
    // only where each one is, and an upgrade in place reused every result.
    const tools = [...new Set(suites.flatMap((s) => s.inputs.filter((x) => x.kind === "tool").map((x) => x.name)))];
    assert.ok(tools.includes("moto_server") && tools.includes("node"), JSON.stringify(tools));
    for (const name of tools) {
      const found = spawnSync("sh", ["-c", 'command -v "$1"', "sh", name], { encoding: "utf8" }).stdout.trim();
      if (!found) continue; // not on this machine: keyed as missing
      for (const [command, args] of versionQueries(name, found)) {
        const r = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
        assert.ok(r.status === 0 && /[0-9]/.test(r.stdout), `${name}: ${command} ${args.join(" ")} exited ${r.status}, printed "${r.stdout}"`);
      }
    }
  });

  it("every group is used, and every suite reads the make rules that run it", () => {
    const used = text.replace(/^@[a-z0-9-]+\s*=/gm, "");
    for (const g of groups.keys()) assert.match(used, new RegExp(`@${g}\\b`), `@${g} is never used`);
    for (const s of suites) assert.ok(s.inputs.some((x) => x.kind === "path" && x.path === "Makefile"), `${s.name} does not read Makefile`);
  });
});

function findMk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".git", "build", "bin", "obj", ".bindings", "cdktf.out"].includes(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findMk(full));
    else if (e.name.endsWith(".mk")) out.push(full);
  }
  return out;
}
