// make hcl: publishes the stacks of an HCL synth (the app run with SYNTH_HCL_OUTPUT=true, as `cdktf synth --hcl`
// runs it) as plain Terraform a user keeps and edits: OUT/<stack>/main.tf, formatted by `terraform fmt`, with the
// stack's assets beside it.
//
//   node tools/publish-hcl.mjs SYNTH_OUTDIR OUT
//
// OUT is the user's from then on. A file this script wrote is replaced only while it is exactly as written (its
// SHA-256 is kept in OUT/.make-hcl.json); if any was edited or removed, nothing is written and the script says
// which, so an edit is never lost. Files it did not write (terraform.tfstate, .terraform/, terraform.tfvars, a
// user's own .tf) are never touched. A non-empty OUT without .make-hcl.json is refused as well.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [synthDir, outDir] = process.argv.slice(2);
if (!synthDir || !outDir) {
  console.error('usage: node tools/publish-hcl.mjs SYNTH_OUTDIR OUT');
  process.exit(2);
}

const MANIFEST = '.make-hcl.json';
const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const refuse = (message) => {
  console.error(`make hcl: ${message}`);
  console.error(`make hcl: nothing was written. Move ${outDir} away (or delete it) to write it again, or write elsewhere: make hcl HCL_DIR=other-folder`);
  process.exit(1);
};

// What OUT holds now, and whether it may be replaced.
const manifestPath = path.join(outDir, MANIFEST);
let previous = {};
if (fs.existsSync(manifestPath)) {
  previous = JSON.parse(fs.readFileSync(manifestPath, 'utf8')).files ?? {};
  const changed = Object.entries(previous)
    .filter(([file, hash]) => !fs.existsSync(path.join(outDir, file)) || sha256(path.join(outDir, file)) !== hash)
    .map(([file]) => file);
  if (changed.length > 0) refuse(`${outDir} was changed since make hcl wrote it: ${changed.join(', ')}`);
} else if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
  refuse(`${outDir} exists and was not written by make hcl (no ${MANIFEST})`);
}

// The stacks the synth wrote, as its manifest lists them; each must be HCL.
const stacks = JSON.parse(fs.readFileSync(path.join(synthDir, 'manifest.json'), 'utf8')).stacks;
const staging = path.join(synthDir, 'publish');
fs.rmSync(staging, { recursive: true, force: true });
for (const [name, stack] of Object.entries(stacks)) {
  if (!stack.synthesizedStackPath.endsWith('.tf')) {
    refuse(`stack ${name} is ${stack.synthesizedStackPath}, not HCL: the synth must run with SYNTH_HCL_OUTPUT=true`);
  }
  const from = path.join(synthDir, path.dirname(stack.synthesizedStackPath));
  const to = path.join(staging, name);
  fs.mkdirSync(to, { recursive: true });
  // cdktf ends the file without a newline; a text file a user edits ends with one.
  const hcl = fs.readFileSync(path.join(synthDir, stack.synthesizedStackPath), 'utf8');
  fs.writeFileSync(path.join(to, 'main.tf'), hcl.endsWith('\n') ? hcl : `${hcl}\n`);
  if (fs.existsSync(path.join(from, 'assets'))) fs.cpSync(path.join(from, 'assets'), path.join(to, 'assets'), { recursive: true });
}

// cdktf writes HCL without indentation and with "${...}" around every expression: terraform fmt writes it the
// way Terraform users read it (and `terraform fmt -check` stays clean for them).
execFileSync('terraform', ['fmt', '-recursive', '-list=false', staging], { stdio: 'inherit' });

// Publish: remove what the last run wrote (unchanged, checked above), then copy the new files in.
const files = {};
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
for (const file of Object.keys(previous)) fs.rmSync(path.join(outDir, file), { force: true });
for (const file of walk(staging)) {
  const relative = path.relative(staging, file);
  fs.mkdirSync(path.dirname(path.join(outDir, relative)), { recursive: true });
  fs.copyFileSync(file, path.join(outDir, relative));
  files[relative] = sha256(file);
}
fs.writeFileSync(manifestPath, `${JSON.stringify({ note: 'Written by make hcl: the SHA-256 of each file it wrote. Delete this file to keep the folder as your own.', files }, null, 2)}\n`);
fs.rmSync(staging, { recursive: true, force: true });
console.log(`make hcl: wrote ${Object.keys(stacks).map((s) => path.join(outDir, s, 'main.tf')).join(', ')}`);
