// bundle.sh against a hostile bundle: whoever holds the passphrase (leaked, or a writer's own workflow) can craft one,
// so the apply job must never unpack anything outside the stack folder, and never keep a link in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync, symlinkSync, lstatSync } from "node:fs";
import { createHash, createHmac } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, "tools/pipeline/bundle.sh");
const passphrase = "q".repeat(40);

function run(args, extra = {}) {
  const result = spawnSync(bundle, args, { encoding: "utf8", timeout: 60_000,
    env: { ...process.env, EDGE_ROUTER_PLAN_PASSPHRASE: passphrase, ...extra } });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

// Encrypts a folder holding stack.tar and plan.tfplan (or whatever a test puts there) as bundle.sh pack does, with
// its header and MAC: what a holder of the passphrase can make.
function seal(dir, members, out) {
  execFileSync("bash", ["-c", `tar -C "$1" -cf - ${members} | openssl enc -e -aes-256-cbc -pbkdf2 -iter 200000 -md sha256 ` +
    "-pass env:EDGE_ROUTER_PLAN_PASSPHRASE -out \"$2.cipher\"", "seal", dir, out], { env: { ...process.env, EDGE_ROUTER_PLAN_PASSPHRASE: passphrase } });
  const cipher = readFileSync(`${out}.cipher`);
  const key = createHash("sha256").update(`edge-router-plan-bundle-mac\0${passphrase}`).digest();
  writeFileSync(out, Buffer.concat([Buffer.from(`edge-router-plan-bundle 1 ${createHmac("sha256", key).update(cipher).digest("hex")}\n`), cipher]));
  return out;
}

function craft(buildStack, tarArgs = () => ["-cf", "../stack.tar", "."]) {
  const work = mkdtempSync(join(tmpdir(), "bundle-hostile-"));
  const stack = join(work, "stack");
  mkdirSync(stack);
  writeFileSync(join(stack, "cdk.tf.json"), "{}");
  buildStack(stack, work);
  execFileSync("tar", tarArgs(stack, work), { cwd: stack });
  writeFileSync(join(work, "plan.tfplan"), "plan");
  return { work, file: seal(work, "stack.tar plan.tfplan", join(work, "b.bundle")) };
}

test("hostile: a stack with a link out of its folder, a ../ name or an absolute name is refused and nothing is unpacked", () => {
  const victim = mkdtempSync(join(tmpdir(), "bundle-victim-"));
  const cases = [
    ["a link", craft((stack) => symlinkSync(victim, join(stack, "assets")))],
    ["a ../ name", craft((stack) => writeFileSync(join(stack, "evil"), "x"),
      () => ["--transform", "s,^\\./evil$,../evil,", "-cf", "../stack.tar", "."])],
    ["an absolute name", craft((stack, work) => writeFileSync(join(work, "abs"), "x"),
      (_, work) => ["-P", "-cf", "../stack.tar", ".", join(work, "abs")])],
  ];
  for (const [what, { work, file }] of cases) {
    const target = join(work, "out");
    const result = run(["unpack", file, target]);
    assert.equal(result.status, 2, `${what}: ${result.out}`);
    assert.match(result.out, /its stack holds a link, a device or a name outside the stack folder: refused, nothing unpacked/, what);
    assert.ok(!existsSync(target), `${what}: the stack folder was created`);
  }
  assert.deepEqual(readdirSync(victim), []);
  assert.ok(!existsSync(join(cases[1][1].work, "evil")));
});

test("hostile: a bundle whose outer archive holds a link or an extra member is refused", () => {
  const linked = mkdtempSync(join(tmpdir(), "bundle-hostile-"));
  symlinkSync("/etc/passwd", join(linked, "stack.tar"));
  writeFileSync(join(linked, "plan.tfplan"), "plan");
  let result = run(["unpack", seal(linked, "stack.tar plan.tfplan", join(linked, "b.bundle")), join(linked, "out")]);
  assert.equal(result.status, 2, result.out);
  assert.match(result.out, /holds a link, a device or a name outside its folder: refused, nothing unpacked/);
  const extra = mkdtempSync(join(tmpdir(), "bundle-hostile-"));
  for (const name of ["stack.tar", "plan.tfplan", "more"]) writeFileSync(join(extra, name), "x");
  result = run(["unpack", seal(extra, "stack.tar plan.tfplan more", join(extra, "b.bundle")), join(extra, "out")]);
  assert.equal(result.status, 2, result.out);
  assert.match(result.out, /is not a plan bundle \(it must hold exactly stack.tar and plan.tfplan\)/);
  assert.ok(!existsSync(join(extra, "out")) && !existsSync(join(linked, "out")));
});

test("careless: a stack folder with spaces round-trips, no temporary file is left behind, the passphrase is never printed", () => {
  const work = mkdtempSync(join(tmpdir(), "bundle spaces "));
  const temp = join(work, "tmp");
  mkdirSync(temp);
  const stack = join(work, "my stack");
  mkdirSync(join(stack, "assets dir"), { recursive: true });
  writeFileSync(join(stack, "cdk.tf.json"), "{}");
  writeFileSync(join(stack, "assets dir", "a b.zip"), "zip");
  writeFileSync(join(work, "the plan"), "plan");
  const out = join(work, "out dir", "x.bundle");
  let result = run(["pack", stack, join(work, "the plan"), out], { TMPDIR: temp });
  assert.equal(result.status, 0, result.out);
  result = run(["unpack", out, join(work, "un packed")], { TMPDIR: temp });
  assert.equal(result.status, 0, result.out);
  assert.ok(lstatSync(join(work, "un packed", "assets dir", "a b.zip")).isFile());
  assert.ok(existsSync(join(work, "un packed", "reviewed.tfplan")));
  result = run(["unpack", out, join(work, "wrong")], { TMPDIR: temp, EDGE_ROUTER_PLAN_PASSPHRASE: "w".repeat(40) });
  assert.equal(result.status, 2);
  assert.ok(!result.out.includes("w".repeat(40)) && !result.out.includes(passphrase));
  assert.deepEqual(readdirSync(temp), []);
});

test("a bundle changed after it was made (one bit, or the old format without a MAC) is refused, nothing unpacked", () => {
  const work = mkdtempSync(join(tmpdir(), "bundle-tamper-"));
  const stack = join(work, "stack");
  mkdirSync(stack);
  writeFileSync(join(stack, "cdk.tf.json"), '{"resource":{}}');
  writeFileSync(join(work, "plan.tfplan"), "plan");
  assert.equal(run(["pack", stack, join(work, "plan.tfplan"), join(work, "b.bundle")]).status, 0);
  const good = readFileSync(join(work, "b.bundle"));
  assert.match(good.subarray(0, 91).toString("latin1"), /^edge-router-plan-bundle 1 [0-9a-f]{64}\n/);
  // CBC alone: a flipped bit in one block flips the same bit of the next block's plain text, and it still decrypts.
  const flipped = Buffer.from(good);
  flipped[200] ^= 0x01;
  writeFileSync(join(work, "flipped.bundle"), flipped);
  let result = run(["unpack", join(work, "flipped.bundle"), join(work, "out1")]);
  assert.equal(result.status, 2, result.out);
  assert.match(result.out, /^bundle: cannot decrypt .*flipped\.bundle: EDGE_ROUTER_PLAN_PASSPHRASE is not the one the plan job used, or the file was changed after the plan job made it \(its MAC does not match\): refused, nothing unpacked$/m);
  assert.ok(!existsSync(join(work, "out1")));
  // Without the header (a bundle of the format before the MAC, or ciphertext alone).
  writeFileSync(join(work, "bare.bundle"), good.subarray(good.indexOf(10) + 1));
  result = run(["unpack", join(work, "bare.bundle"), join(work, "out2")]);
  assert.equal(result.status, 2, result.out);
  assert.match(result.out, /is not a plan bundle \(no "edge-router-plan-bundle 1" header/);
  assert.ok(!existsSync(join(work, "out2")));
  // The old format begins with openssl's "Salted__" and a random salt: a NUL in it must not add bash's own warning
  // ("ignored null byte") to the one line of refusal.
  writeFileSync(join(work, "old.bundle"), Buffer.concat([Buffer.from("Salted__"), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46]), good.subarray(good.indexOf(10) + 1)]));
  result = run(["unpack", join(work, "old.bundle"), join(work, "out4")]);
  assert.equal(result.status, 2, result.out);
  assert.deepEqual(result.out.trimEnd().split("\n"), [`bundle: ${join(work, "old.bundle")} is not a plan bundle (no "edge-router-plan-bundle 1" header: made by an older bundle.sh, or not by it): refused, nothing unpacked`]);
  assert.ok(!existsSync(join(work, "out4")));
  // The good one still unpacks.
  assert.equal(run(["unpack", join(work, "b.bundle"), join(work, "out3")]).status, 0);
  assert.equal(readFileSync(join(work, "out3", "cdk.tf.json"), "utf8"), '{"resource":{}}');
});

test("hostile: another bundle's header, a bundle cut short, an empty file: each refused in one line, nothing unpacked", () => {
  const work = mkdtempSync(join(tmpdir(), "bundle-swap-"));
  const stack = join(work, "stack");
  mkdirSync(stack);
  writeFileSync(join(work, "plan.tfplan"), "plan");
  for (const name of ["a", "b"]) {
    writeFileSync(join(stack, "cdk.tf.json"), `{"stack":"${name}"}`);
    assert.equal(run(["pack", stack, join(work, "plan.tfplan"), join(work, `${name}.bundle`)]).status, 0);
  }
  const a = readFileSync(join(work, "a.bundle"));
  const b = readFileSync(join(work, "b.bundle"));
  const cases = {
    // a's header (its MAC) on b's ciphertext: a genuine header and genuine ciphertext, not of each other.
    "swapped.bundle": [Buffer.concat([a.subarray(0, a.indexOf(10) + 1), b.subarray(b.indexOf(10) + 1)]), /its MAC does not match\): refused, nothing unpacked$/],
    "half.bundle": [b.subarray(0, Math.floor(b.length / 2)), /its MAC does not match\): refused, nothing unpacked$/],
    "header-only.bundle": [b.subarray(0, b.indexOf(10) + 1), /its MAC does not match\): refused, nothing unpacked$/],
    "cut-header.bundle": [b.subarray(0, 40), /is not a plan bundle \(no "edge-router-plan-bundle 1" header/],
    "empty.bundle": [Buffer.alloc(0), /is not a plan bundle \(no "edge-router-plan-bundle 1" header/],
  };
  for (const [name, [bytes, why]] of Object.entries(cases)) {
    writeFileSync(join(work, name), bytes);
    const result = run(["unpack", join(work, name), join(work, `out-${name}`)]);
    assert.equal(result.status, 2, `${name}: ${result.out}`);
    const lines = result.out.trimEnd().split("\n");
    assert.equal(lines.length, 1, `${name}: ${result.out}`);
    assert.match(lines[0], /^bundle: /);
    assert.match(lines[0], why, name);
    assert.ok(!existsSync(join(work, `out-${name}`)), name);
  }
});
