#!/usr/bin/env node
// Generates the C# (NuGet) bindings for CDKTF the way the official packages are made: jsii-pacmak run on the
// npm packages pinned in package-lock.json. NuGet on this machine serves neither HashiCorp.Cdktf nor
// HashiCorp.Cdktf.Providers.Aws, but npm serves their sources, so we build them here.
//
// Two engines (make ENGINE=...), each from its own pinned npm packages, each into its own folder:
//   cdktf  (default) CDK for Terraform: cdktf, @cdktf/provider-aws from package-lock.json -> .bindings/
//   cdktn  CDK Terrain, the community fork: cdktn, @cdktn/provider-aws from engines/cdktn/package-lock.json
//          (its own node_modules there) -> .bindings/cdktn/
// Both are compiled by the jsii-pacmak pinned in the root package-lock.json.
//
// The AWS provider is cut down first to the submodules listed in bindings/aws-submodules.txt: the whole provider
// takes ~5 minutes and ~10 GB of memory to compile and makes every synth 4-7 s slower, while no type in it refers
// to another submodule, so a subset is a valid jsii assembly of its own.
//
// Output (all under the engine's folder, which git ignores):
//   feed/*.nupkg        Constructs, the engine (HashiCorp.Cdktf or Io.Cdktn) and the provider subset: the local
//                       NuGet feed (NuGet.config names .bindings/feed; Directory.Build.props adds .bindings/cdktn/feed
//                       for -p:Engine=cdktn)
//   bindings.props      the packages' NuGet ids and versions and the C# namespaces the app imports (global usings),
//                       imported by Directory.Build.props for the engine being built
//   stamp.json          a hash of every input; when it matches, nothing is regenerated
//
// Usage: node bindings/generate.mjs [--engine cdktf|cdktn] [--force]
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// What differs between the engines: where their npm packages are pinned and installed, their package names, and
// where their bindings go. Everything else (the subset, jsii-pacmak, the checks) is the same code.
const engines = {
  cdktf: { npmRoot: root, core: "cdktf", provider: "@cdktf/provider-aws", out: path.join(root, ".bindings") },
  cdktn: {
    npmRoot: path.join(root, "engines", "cdktn"),
    core: "cdktn",
    provider: "@cdktn/provider-aws",
    out: path.join(root, ".bindings", "cdktn"),
  },
};
const engineArg = process.argv.indexOf("--engine");
const engineName = engineArg >= 0 ? process.argv[engineArg + 1] : "cdktf";
const engine = engines[engineName];
if (!engine) {
  console.error(`bindings: unknown engine "${engineName}"; known: ${Object.keys(engines).join(", ")}`);
  process.exit(1);
}
const out = engine.out;
const feed = path.join(out, "feed");
const stage = path.join(out, "stage");
const npmRoot = engine.npmRoot;
const providerDir = path.join(npmRoot, "node_modules", ...engine.provider.split("/"));
const listFile = path.join(root, "bindings", "aws-submodules.txt");
const started = Date.now();

function step(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[bindings ${engineName} ${seconds}s] ${message}`);
}

function fail(message) {
  console.error(`bindings: ${message}`);
  process.exit(1);
}

// --- 1. Inputs, and whether anything changed -------------------------------------------------------------------
if (!fs.existsSync(providerDir)) {
  fail(`${path.relative(root, providerDir)} is missing: run \`npm ci\` in ${path.relative(root, npmRoot) || "."} first (make does).`);
}

const readLock = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8"));
const pin = (lockDir, name) => {
  const entry = readLock(lockDir).packages?.[`node_modules/${name}`];
  if (!entry) fail(`${path.relative(root, path.join(lockDir, "package-lock.json"))} does not pin ${name}`);
  return { name, version: entry.version, integrity: entry.integrity };
};
const pinned = [
  ...[engine.core, "constructs", engine.provider].map((name) => pin(npmRoot, name)),
  pin(root, "jsii-pacmak"),
];
const versionOf = (name) => pinned.find((p) => p.name === name).version;
// The NuGet ids come from the packages' own jsii targets (HashiCorp.Cdktf, Io.Cdktn, ...).
const dotnetTarget = (dir) => {
  const assembly = JSON.parse(fs.readFileSync(path.join(dir, ".jsii"), "utf8"));
  return assembly.targets.dotnet;
};
const coreDotnet = dotnetTarget(path.join(npmRoot, "node_modules", engine.core));
const constructsDotnet = dotnetTarget(path.join(npmRoot, "node_modules", "constructs"));

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
const providerVersion = `${versionOf(engine.provider)}-edgerouter.${inputHash.slice(0, 10)}`;

const stampFile = path.join(out, "stamp.json");
const propsFile = path.join(out, "bindings.props");
// The provider's NuGet id is only known after reading its 131-153 MB .jsii; the stamp remembers it.
const stamp = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, "utf8")) : {};
const expectedPackages = (providerPackageId) => [
  `${constructsDotnet.packageId}.${versionOf("constructs")}.nupkg`,
  `${coreDotnet.packageId}.${versionOf(engine.core)}.nupkg`,
  `${providerPackageId}.${providerVersion}.nupkg`,
];
const upToDate =
  !process.argv.includes("--force") &&
  stamp.inputHash === inputHash &&
  fs.existsSync(propsFile) &&
  expectedPackages(stamp.providerPackageId).every((p) => fs.existsSync(path.join(feed, p)));
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
// `exports.s3Bucket = require("./s3-bucket");` (cdktf) or
// `exports.s3Bucket = __importStar(require("./s3-bucket/index"));` (cdktn)
const dirOf = new Map(
  [...indexJs.matchAll(/^exports\.(\w+) = (?:__importStar\()?require\("\.\/([\w-]+)(?:\/index)?"\)\)?;$/gm)]
    .map((m) => [m[1], m[2]]),
);
const unknown = submodules.filter((name) => !dirOf.has(name));
if (unknown.length > 0) {
  fail(`${path.relative(root, listFile)}: unknown submodule(s) ${unknown.join(", ")}; names are the exports of ` +
    `${engine.provider}/lib/index.js, e.g. cloudfrontDistribution`);
}

step(`reading the provider's .jsii (${(fs.statSync(path.join(providerDir, ".jsii")).size / 1e6).toFixed(0)} MB)`);
const assembly = JSON.parse(fs.readFileSync(path.join(providerDir, ".jsii"), "utf8"));
const prefix = `${assembly.name}.`;
const keep = new Set(submodules.map((name) => prefix + name));
const submoduleOf = (fqn) => fqn.slice(0, fqn.indexOf(".", prefix.length));
// A listed submodule's types may refer to another submodule's (@cdktn/provider-aws: provider.AwsProvider.functions
// is a providerFunctions.AwsProviderFunctions; @cdktf/provider-aws has no such reference). Keep those too, to a
// fixed point, and say so: the list stays what the stack itself uses.
const referenced = [];
for (let frontier = new Set(keep); frontier.size > 0; ) {
  const next = new Set();
  for (const [fqn, type] of Object.entries(assembly.types)) {
    if (!frontier.has(submoduleOf(fqn))) continue;
    JSON.stringify(type, (key, value) => {
      if (key === "fqn" && typeof value === "string" && value.startsWith(prefix) && !keep.has(submoduleOf(value))) {
        keep.add(submoduleOf(value));
        next.add(submoduleOf(value));
        referenced.push(submoduleOf(value).slice(prefix.length));
      }
      return value;
    });
  }
  frontier = next;
}
const notExported = referenced.filter((name) => !dirOf.has(name));
if (notExported.length > 0) fail(`kept types refer to submodules that lib/index.js does not export: ${notExported.join(", ")}`);
if (referenced.length > 0) step(`also keeping ${referenced.join(", ")}: the listed submodules' types refer to it`);
const kept = [...submodules, ...referenced];

assembly.types = Object.fromEntries(Object.entries(assembly.types).filter(([fqn]) => keep.has(submoduleOf(fqn))));
assembly.submodules = Object.fromEntries(Object.entries(assembly.submodules).filter(([fqn]) => keep.has(fqn)));
// A kept type must not refer to a dropped one (the closure above makes sure; this checks the filtered result).
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
assembly.description = `${assembly.description} (edge-router subset: ${kept.length} submodules)`;

const staged = path.join(stage, "provider-aws");
fs.mkdirSync(path.join(staged, "lib"), { recursive: true });
fs.writeFileSync(path.join(staged, ".jsii"), JSON.stringify(assembly));
const pkg = JSON.parse(fs.readFileSync(path.join(providerDir, "package.json"), "utf8"));
pkg.version = providerVersion;
delete pkg.scripts;
delete pkg.devDependencies;
fs.writeFileSync(path.join(staged, "package.json"), JSON.stringify(pkg, null, 2));
for (const file of ["README.md", "LICENSE"]) fs.copyFileSync(path.join(providerDir, file), path.join(staged, file));
// jsii-pacmak --recurse finds the provider's dependencies (the engine's core, constructs) as Node does, upwards from
// the staged package: point it at the engine's own node_modules, not whatever lies above .bindings/.
fs.symlinkSync(path.join(npmRoot, "node_modules"), path.join(stage, "node_modules"), "dir");

// lib/index.js requires all 2,212-2,420 submodules; keep only the kept ones so loading stays cheap.
const header = 'Object.defineProperty(exports, "__esModule", { value: true });\n';
fs.writeFileSync(
  path.join(staged, "lib", "index.js"),
  '"use strict";\n' + header + kept.map((n) => `exports.${n} = require("./${dirOf.get(n)}");\n`).join(""),
);
fs.writeFileSync(
  path.join(staged, "lib", "index.d.ts"),
  kept.map((n) => `export * as ${n} from './${dirOf.get(n)}';\n`).join(""),
);
for (const name of kept) {
  fs.cpSync(path.join(providerDir, "lib", dirOf.get(name)), path.join(staged, "lib", dirOf.get(name)), {
    recursive: true,
  });
}
step(`staged ${Object.keys(assembly.types).length} types in ${kept.length} submodules`);

// --- 3. jsii-pacmak: C# sources, compiled and packed as .nupkg ----------------------------------------------------
const pacmakOut = path.join(stage, "pacmak");
// jsii-pacmak and the dotnet builds it runs leave folders in the temp directory; give them one we remove. It must
// stay short: MSBuild puts its node-to-node sockets there, and a Unix socket path over 108 bytes hangs the build.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "edge-router-pacmak-"));
step(`running jsii-pacmak --target dotnet --recurse (${constructsDotnet.packageId}, ${coreDotnet.packageId}, the provider subset)`);
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
const providerPackageId = assembly.targets.dotnet.packageId;
const missing = expectedPackages(providerPackageId).filter((p) => !built.includes(p));
if (missing.length > 0) fail(`jsii-pacmak did not produce ${missing.join(", ")} (it made ${built.join(", ")})`);

// The C# namespaces the app uses, as global usings (engines/Engine.props): the engine's core and every kept
// submodule's, so that no source file names an engine.
const usings = [
  coreDotnet.namespace,
  // A submodule without a namespace of its own gets jsii-pacmak's: the package's, then the name in PascalCase.
  ...Object.entries(assembly.submodules)
    .map(([fqn, submodule]) => submodule.targets?.dotnet?.namespace ??
      `${assembly.targets.dotnet.namespace}.${fqn.slice(prefix.length, prefix.length + 1).toUpperCase()}${fqn.slice(prefix.length + 1)}`)
    .sort(),
];
fs.writeFileSync(
  propsFile,
  `<Project>
  <!-- Written by bindings/generate.mjs for the ${engineName} engine. The provider subset carries a version of its own
       so that it can never be taken for the official ${providerPackageId} package in a NuGet cache. -->
  <PropertyGroup>
    <EngineConstructsVersion>${versionOf("constructs")}</EngineConstructsVersion>
    <EngineCorePackage>${coreDotnet.packageId}</EngineCorePackage>
    <EngineCoreVersion>${versionOf(engine.core)}</EngineCoreVersion>
    <EngineAwsPackage>${providerPackageId}</EngineAwsPackage>
    <EngineAwsBindingsVersion>${providerVersion}</EngineAwsBindingsVersion>
    <EngineUsings>${usings.join(";")}</EngineUsings>
  </PropertyGroup>
</Project>
`,
);
fs.rmSync(stage, { recursive: true, force: true });
fs.writeFileSync(stampFile, JSON.stringify({ inputHash, pinned, submodules, providerVersion, providerPackageId }, null, 2));
step(`done: ${built.map((f) => `${f} (${(fs.statSync(path.join(feed, f)).size / 1e6).toFixed(1)} MB)`).join(", ")}`);
