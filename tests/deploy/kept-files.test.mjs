// Nothing lost between plan and apply (issue 20): `make plan`, a synth (what `make serve` runs first), `make apply`
// keeps the saved plan, the provider lock file and Terraform's data folder, and the kept lock file is the one
// `terraform init` reads. Offline, on a fresh clone: hashicorp/aws from the filesystem mirror (the stack pins 6.25.0,
// which only the registry has: the mechanism is proven with the mirrored 5.100.0), through an override file of the
// user's own beside the stack (a local backend in the stack's folder, keys that only plan). The apply is real: the
// plan targets the stack's one resource that needs no AWS (terraform_data, the origin secret), so it runs to the end.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { make, makeClone, plain, mirror, ownVariables, userEnv, writeAppliedState, writeOffline, removeClone } from './clone.mjs';

const sha = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let dir;
after(() => removeClone(dir));
let env;
let provider;
let stackDir;
let target;
before(() => {
  dir = makeClone('kept-files');
  provider = mirror(dir);
  env = userEnv(dir, { TF_CLI_CONFIG_FILE: provider.cli, AWS_ACCESS_KEY_ID: 'AKIAOFFLINETEST00000', AWS_SECRET_ACCESS_KEY: 'offline-test' });
  const synth = make(dir, ['synth'], env);
  assert.equal(synth.status, 0, synth.out);
  stackDir = path.join(dir, 'cdktf.out', 'stacks', 'edge-router');
  writeOffline(stackDir, provider.version);
  ownVariables(dir);
  writeAppliedState(dir);
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  target = `terraform_data.${Object.keys(stack.resource.terraform_data)[0]}`;
});

describe('make plan, make synth, make apply', () => {
  const plan = () => path.join(dir, 'state', 'plans', 'edge-router.tfplan');
  const lock = () => path.join(dir, 'locks', 'cdktf', 'edge-router.terraform.lock.hcl');
  const dataDir = () => path.join(stackDir, '.terraform');

  it('make plan saves the plan beside the state, the lock file in locks/, and says which engine it plans', () => {
    // A lock left by a make plan that died (no such process): taken over, and removed at the end.
    fs.mkdirSync(path.join(dir, 'state', 'plans'), { recursive: true });
    fs.writeFileSync(`${plan()}.lock`, '2147483\n');
    const run = make(dir, ['plan', `PLAN_ARGS=-target=${target}`], env);
    assert.ok(!fs.existsSync(`${plan()}.lock`));
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^plan: cdktf\.out\/stacks\/edge-router, synthesized by CDK for Terraform \(ENGINE=cdktf\), with terraform\.tfvars$/m);
    assert.match(run.out, /^plan: wrote the provider lock file locks\/cdktf\/edge-router\.terraform\.lock\.hcl: commit it/m);
    assert.match(run.out, /^plan: saved state\/plans\/edge-router\.tfplan \(CDK for Terraform\); make apply applies exactly this plan$/m);
    assert.ok(fs.existsSync(plan()));
    assert.match(fs.readFileSync(lock(), 'utf8'), new RegExp(`provider "registry\\.terraform\\.io/hashicorp/aws" \\{\\n\\s+version\\s+= "${provider.version.replaceAll('.', '\\.')}"`));
    assert.ok(fs.existsSync(path.join(dataDir(), 'providers')), 'terraform init installed the provider in the stack\'s .terraform/');
    assert.ok(!fs.existsSync(path.join(stackDir, 'edge.tfplan')), 'no plan in the output folder');
  });

  it('a synth with no changed input rewrites nothing and keeps the plan, the lock file, the override and .terraform/', () => {
    const before = {
      plan: sha(plan()),
      lock: sha(lock()),
      stack: fs.statSync(path.join(stackDir, 'cdk.tf.json')).mtimeMs,
      zip: fs.readdirSync(path.join(stackDir, 'assets'), { recursive: true }).length,
    };
    const run = make(dir, ['synth'], env);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^synth: cdktf\.out\/ unchanged \(\d+ files the same; none rewritten\)$/m);
    assert.equal(fs.statSync(path.join(stackDir, 'cdk.tf.json')).mtimeMs, before.stack, 'the stack file was not rewritten');
    assert.equal(sha(plan()), before.plan);
    assert.equal(sha(lock()), before.lock);
    assert.ok(fs.existsSync(path.join(stackDir, 'offline_override.tf.json')), 'a file of the user\'s beside the stack is kept');
    assert.ok(fs.existsSync(path.join(stackDir, '.terraform.lock.hcl')), 'the lock file init read is kept');
    assert.ok(fs.existsSync(path.join(dataDir(), 'providers')));
  });

  it('make apply applies exactly the saved plan, then removes it (a plan applies once)', () => {
    const lockBefore = sha(lock());
    const run = make(dir, ['apply'], env);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^✓ saved plan state\/plans\/edge-router\.tfplan: CDK for Terraform, made .* from the stack as it is now$/m);
    assert.match(run.out, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed\./);
    const state = JSON.parse(fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8'));
    assert.deepEqual(state.resources.map((r) => `${r.type}.${r.name}`), [target]);
    assert.ok(!fs.existsSync(plan()), 'the spent plan is removed');
    assert.equal(sha(lock()), lockBefore, 'apply did not change the lock file');
    const again = make(dir, ['apply'], env);
    assert.notEqual(again.status, 0);
    assert.match(again.out, /^✗ no saved plan for edge-router \(state\/plans\/edge-router\.tfplan\): run make plan first, and read it$/m);
  });

  it('a synth that changes the stack after make plan: make apply refuses the plan, in one line', () => {
    let run = make(dir, ['plan', `PLAN_ARGS=-target=${target}`], env);
    assert.equal(run.status, 0, run.out);
    run = make(dir, ['synth', 'EDGE_ROUTER_ROUTER_PATH_PATTERNS=/.well-known/webfinger'], env);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^synth: cdktf\.out\/: 1 of \d+ files written, 0 removed$/m);
    run = make(dir, ['apply'], env);
    assert.notEqual(run.status, 0);
    assert.deepEqual(run.out.split('\n').filter((l) => l.startsWith('✗')), [
      '✗ cdktf.out/stacks/edge-router changed since make plan (now CDK for Terraform\'s stack; planned: CDK for Terraform\'s): run make plan again, and read it',
    ]);
    assert.doesNotMatch(run.out, /\$ terraform/);
    run = make(dir, ['synth'], env);
    assert.equal(run.status, 0, run.out);
  });
});

describe('the kept lock file is the one terraform init reads', () => {
  const lock = () => path.join(dir, 'locks', 'cdktf', 'edge-router.terraform.lock.hcl');

  it('a tampered checksum in locks/ makes init fail; the original plans again and is left byte for byte', () => {
    const original = fs.readFileSync(lock(), 'utf8');
    const hashes = [...original.matchAll(/"(h1:[A-Za-z0-9+/=]+)"/g)].map((m) => m[1]);
    assert.ok(hashes.length > 0, original);
    const tampered = original.replaceAll(/"h1:[A-Za-z0-9+/=]+"/g, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="');
    fs.writeFileSync(lock(), tampered);
    let run = make(dir, ['plan', `PLAN_ARGS=-target=${terraformTarget()}`], env);
    assert.notEqual(run.status, 0, run.out);
    assert.match(plain(run.out), /doesn't match any of the checksums previously recorded in the dependency lock file/);
    assert.equal(fs.readFileSync(lock(), 'utf8'), tampered, 'a failed init does not overwrite the kept file');
    assert.ok(!fs.existsSync(path.join(dir, 'state', 'plans', 'edge-router.tfplan')), 'a failed make plan leaves no plan to apply');

    fs.writeFileSync(lock(), original);
    run = make(dir, ['plan', `PLAN_ARGS=-target=${terraformTarget()}`], env);
    assert.equal(run.status, 0, run.out);
    assert.doesNotMatch(run.out, /plan: (wrote|updated) the provider lock file/);
    assert.equal(fs.readFileSync(lock(), 'utf8'), original);
  });

  it('a lock file for another version than the stack asks for: init refuses, and make plan says UPGRADE=1', () => {
    const original = fs.readFileSync(lock(), 'utf8');
    fs.writeFileSync(lock(), original.replace(/version\s+= "[^"]+"/, 'version     = "5.99.0"').replace(/constraints = "[^"]+"/, 'constraints = "5.99.0"'));
    const run = make(dir, ['plan'], env);
    assert.notEqual(run.status, 0, run.out);
    assert.match(run.out, /^plan: terraform init failed; if it says the locked provider does not match the stack's version \(after a change of ENGINE or provider\), run make plan UPGRADE=1$/m);
    fs.writeFileSync(lock(), original);
  });
});

function terraformTarget() {
  return target;
}

describe('both engines built: make plan says which one it plans, and each keeps its own lock file', () => {
  const cdktfLock = () => path.join(dir, 'locks', 'cdktf', 'edge-router.terraform.lock.hcl');
  const cdktnLock = () => path.join(dir, 'locks', 'cdktn', 'edge-router.terraform.lock.hcl');

  it('after make synth ENGINE=cdktn, make plan (no ENGINE) plans CDK Terrain\'s stack, with locks/cdktn/; CDKTF\'s lock is untouched', () => {
    const before = sha(cdktfLock());
    let run = make(dir, ['synth', 'ENGINE=cdktn'], env);
    assert.equal(run.status, 0, run.out);
    run = make(dir, ['plan', `PLAN_ARGS=-target=${target}`], env);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^✓ cdktf\.out\/stacks\/edge-router: synthesized by CDK Terrain \(ENGINE=cdktn\) at .* UTC, newer than its sources; CDK for Terraform is built too \(make synth ENGINE=cdktf to plan that one instead\)$/m);
    assert.match(run.out, /^plan: cdktf\.out\/stacks\/edge-router, synthesized by CDK Terrain \(ENGINE=cdktn\), with terraform\.tfvars$/m);
    assert.match(run.out, /^plan: wrote the provider lock file locks\/cdktn\/edge-router\.terraform\.lock\.hcl: commit it/m);
    assert.ok(fs.existsSync(cdktnLock()));
    assert.equal(sha(cdktfLock()), before);
  });

  it('make plan ENGINE=cdktf on CDK Terrain\'s stack, and make apply ENGINE=cdktf of its plan: refused in one line each', () => {
    let run = make(dir, ['plan', 'ENGINE=cdktf'], env);
    assert.notEqual(run.status, 0);
    assert.deepEqual(run.out.split('\n').filter((l) => l.startsWith('✗')), [
      '✗ cdktf.out/stacks/edge-router holds the stack CDK Terrain wrote (ENGINE=cdktn), not ENGINE=cdktf: run make synth ENGINE=cdktf, or plan it with ENGINE=cdktn',
    ]);
    assert.ok(fs.existsSync(path.join(dir, 'state', 'plans', 'edge-router.tfplan')), 'a refused make plan leaves the saved plan alone');
    run = make(dir, ['apply', 'ENGINE=cdktf'], env);
    assert.notEqual(run.status, 0);
    assert.deepEqual(run.out.split('\n').filter((l) => l.startsWith('✗')), [
      '✗ state/plans/edge-router.tfplan was planned on CDK Terrain (ENGINE=cdktn), not ENGINE=cdktf: run make apply without ENGINE, or make plan ENGINE=cdktf again',
    ]);
  });
});
