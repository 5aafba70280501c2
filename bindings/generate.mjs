#!/usr/bin/env node
// Generates the C# (NuGet) bindings for CDKTF the way the official packages are made: jsii-pacmak run on the
// npm packages pinned in package-lock.json. NuGet on this machine serves neither HashiCorp.Cdktf nor
// HashiCorp.Cdktf.Providers.Aws, but npm serves their sources, so we build them here.
//
// The AWS provider is cut down first to the submodules listed in bindings/aws-submodules.txt: the whole provider
// takes ~5 minutes and ~10 GB of memory to compile and makes every synth 4-7 s slower, while no type in it refers
// to another submodule, so a subset is a valid jsii assembly of its own.
//
// Output (all under .bindings/, which git ignores):
//   feed/*.nupkg        Constructs, HashiCorp.Cdktf and the provider subset: the local NuGet feed of NuGet.config
//   bindings.props      the subset's NuGet version, imported by Directory.Build.props
//   stamp.json          a hash of every input; when it matches, nothing is regenerated
//
// Usage: node bindings/generate.mjs [--force]
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, ".bindings");
const feed = path.join(out, "feed");
const stage = path.join(out, "stage");
const providerDir = path.join(root, "node_modules", "@cdktf", "provider-aws");
const listFile = path.join(root, "bindings", "aws-submodules.txt");
const started = Date.now();

function step(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[bindings ${seconds}s] ${message}`);
}

function fail(message) {
  console.error(`bindings: ${message}`);
  process.exit(1);
}

// --- 1. Inputs, and whether anything changed -------------------------------------------------------------------
if (!fs.existsSync(providerDir)) fail("node_modules/@cdktf/provider-aws is missing: run `npm ci` first (make does).");

const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
const pinned = ["cdktf", "constructs", "@cdktf/provider-aws", "jsii-pacmak"].map((name) => {
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry) fail(`package-lock.json does not pin ${name}`);
  return { name, version: entry.version, integrity: entry.integrity };
});

const submodules = fs
  .readFileSync(listFile, "utf8")
  .split("\n")
  .map((line) => line.replace(/#.*/, "").trim())
  .filter(Boolean);
if (submodules.length === 0) fail(`${path.relative(root, listFile)} lists no submodule`);

const inputHash = createHash("sha256")
  .update(JSON.stringify({ pinned, submodules: [...submodules].sort() }))
  .update(fs.readFileSync(fileURLToPath(import.meta.url)))
  .digest("hex");
const providerVersion = `${lock.packages["node_modules/@cdktf/provider-aws"].version}-edgerouter.${inputHash.slice(0, 10)}`;

const stampFile = path.join(out, "stamp.json");
const expectedPackages = [
  `Constructs.${lock.packages["node_modules/constructs"].version}.nupkg`,
  `HashiCorp.Cdktf.${lock.packages["node_modules/cdktf"].version}.nupkg`,
  `HashiCorp.Cdktf.Providers.Aws.${providerVersion}.nupkg`,
];
const upToDate =
  !process.argv.includes("--force") &&
  fs.existsSync(stampFile) &&
  JSON.parse(fs.readFileSync(stampFile, "utf8")).inputHash === inputHash &&
  expectedPackages.every((p) => fs.existsSync(path.join(feed, p)));
if (upToDate) {
  console.log(`[bindings] up to date (${submodules.length} AWS submodules, provider ${providerVersion})`);
  process.exit(0);
}
step(`generating from ${pinned.map((p) => `${p.name}@${p.version}`).join(", ")}; ${submodules.length} AWS submodules`);

// --- 2. Stage the provider subset -------------------------------------------------------------------------------
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(feed, { recursive: true });
// jsii-pacmak builds its projects under .bindings/; keep the repository's own MSBuild settings (warnings as errors,
// central package management) from applying to generated code.
for (const file of ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"]) {
  fs.writeFileSync(path.join(out, file), "<Project>\n  <!-- Stops the repository's settings from applying here. -->\n</Project>\n");
}

const indexJs = fs.readFileSync(path.join(providerDir, "lib", "index.js"), "utf8");
const dirOf = new Map(
  [...indexJs.matchAll(/^exports\.(\w+) = require\("\.\/([\w-]+)"\);$/gm)].map((m) => [m[1], m[2]]),
);
const unknown = submodules.filter((name) => !dirOf.has(name));
if (unknown.length > 0) {
  fail(`${path.relative(root, listFile)}: unknown submodule(s) ${unknown.join(", ")}; names are the exports of ` +
    "@cdktf/provider-aws/lib/index.js, e.g. cloudfrontDistribution");
}

step("reading the provider's .jsii (131 MB)");
const assembly = JSON.parse(fs.readFileSync(path.join(providerDir, ".jsii"), "utf8"));
const prefix = `${assembly.name}.`;
const keep = new Set(submodules.map((name) => prefix + name));
const submoduleOf = (fqn) => fqn.slice(0, fqn.indexOf(".", prefix.length));

assembly.types = Object.fromEntries(Object.entries(assembly.types).filter(([fqn]) => keep.has(submoduleOf(fqn))));
assembly.submodules = Object.fromEntries(Object.entries(assembly.submodules).filter(([fqn]) => keep.has(fqn)));
// A kept type must not refer to a dropped one; the provider never does this today, but a future version might.
const dangling = new Set();
JSON.stringify(assembly.types, (key, value) => {
  if (key === "fqn" && typeof value === "string" && value.startsWith(prefix) && !keep.has(submoduleOf(value))) {
    dangling.add(value);
  }
  return value;
});
if (dangling.size > 0) fail(`kept types refer to submodules not listed: ${[...dangling].slice(0, 5).join(", ")}`);
assembly.version = providerVersion;
// As @jsii/spec does after changing an assembly: the fingerprint is not validated, so mark it as changed.
assembly.fingerprint = "*".repeat(10);
assembly.description = `${assembly.description} (edge-router subset: ${submodules.length} submodules)`;

const staged = path.join(stage, "provider-aws");
fs.mkdirSync(path.join(staged, "lib"), { recursive: true });
fs.writeFileSync(path.join(staged, ".jsii"), JSON.stringify(assembly));
const pkg = JSON.parse(fs.readFileSync(path.join(providerDir, "package.json"), "utf8"));
pkg.version = providerVersion;
delete pkg.scripts;
delete pkg.devDependencies;
fs.writeFileSync(path.join(staged, "package.json"), JSON.stringify(pkg, null, 2));
for (const file of ["README.md", "LICENSE"]) fs.copyFileSync(path.join(providerDir, file), path.join(staged, file));

// lib/index.js requires all 2,212 submodules; keep only the listed ones so loading stays cheap.
const header = 'Object.defineProperty(exports, "__esModule", { value: true });\n';
fs.writeFileSync(
  path.join(staged, "lib", "index.js"),
  '"use strict";\n' + header + submodules.map((n) => `exports.${n} = require("./${dirOf.get(n)}");\n`).join(""),
);
fs.writeFileSync(
  path.join(staged, "lib", "index.d.ts"),
  submodules.map((n) => `export * as ${n} from './${dirOf.get(n)}';\n`).join(""),
);
for (const name of submodules) {
  fs.cpSync(path.join(providerDir, "lib", dirOf.get(name)), path.join(staged, "lib", dirOf.get(name)), {
    recursive: true,
  });
}
step(`staged ${Object.keys(assembly.types).length} types in ${submodules.length} submodules`);

// --- 3. jsii-pacmak: C# sources, compiled and packed as .nupkg ----------------------------------------------------
const pacmakOut = path.join(stage, "pacmak");
// jsii-pacmak and the dotnet builds it runs leave folders in the temp directory; give them one we remove. It must
// stay short: MSBuild puts its node-to-node sockets there, and a Unix socket path over 108 bytes hangs the build.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "edge-router-pacmak-"));
step("running jsii-pacmak --target dotnet --recurse (Constructs, HashiCorp.Cdktf, the provider subset)");
const pacmak = spawnSync(
  path.join(root, "node_modules", ".bin", "jsii-pacmak"),
  ["--target", "dotnet", "--recurse", "--no-npmignore", "--outdir", pacmakOut, staged],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      TMPDIR: scratch,
      DOTNET_CLI_TELEMETRY_OPTOUT: "1",
      DOTNET_NOLOGO: "1",
      JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split(".")[0],
    },
  },
);
fs.rmSync(scratch, { recursive: true, force: true });
if (pacmak.status !== 0) fail(`jsii-pacmak failed with exit code ${pacmak.status ?? pacmak.signal}`);

for (const file of fs.readdirSync(feed)) fs.rmSync(path.join(feed, file));
const built = fs.readdirSync(path.join(pacmakOut, "dotnet")).filter((f) => f.endsWith(".nupkg"));
for (const file of built) fs.copyFileSync(path.join(pacmakOut, "dotnet", file), path.join(feed, file));
const missing = expectedPackages.filter((p) => !built.includes(p));
if (missing.length > 0) fail(`jsii-pacmak did not produce ${missing.join(", ")} (it made ${built.join(", ")})`);

fs.writeFileSync(
  path.join(out, "bindings.props"),
  `<Project>
  <!-- Written by bindings/generate.mjs. The provider subset carries a version of its own so that it can never be
       taken for the official HashiCorp.Cdktf.Providers.Aws package in a NuGet cache. -->
  <PropertyGroup>
    <CdktfVersion>${lock.packages["node_modules/cdktf"].version}</CdktfVersion>
    <CdktfAwsBindingsVersion>${providerVersion}</CdktfAwsBindingsVersion>
  </PropertyGroup>
</Project>
`,
);
fs.rmSync(stage, { recursive: true, force: true });
fs.writeFileSync(stampFile, JSON.stringify({ inputHash, pinned, submodules, providerVersion }, null, 2));
step(`done: ${built.map((f) => `${f} (${(fs.statSync(path.join(feed, f)).size / 1e6).toFixed(1)} MB)`).join(", ")}`);
