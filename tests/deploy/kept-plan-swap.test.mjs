// make apply and the kept plan (deploy/terraform.mjs, issue 22's hostile round): the plan file and its .json beside
// it must be the ones make plan saved for this stack. Run on deploy/terraform.mjs alone with a stand-in terraform
// (a script that records its arguments) and a stack folder of its own, in a folder with spaces in its name; the kept
// plan is put there as make plan leaves it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { stackDigest } from '../../deploy/terraform.mjs';

const script = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'terraform.mjs');
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kept plan swap '));
after(() => fs.rmSync(base, { recursive: true, force: true }));
const stacks = path.join(base, 'cdktf.out', 'stacks');
const production = path.join(stacks, 'edge-router-production');
const plans = path.join(base, 'state', 'plans');
const plan = path.join(plans, 'edge-router-production.tfplan');
const calls = path.join(base, 'terraform-calls.txt');
const terraform = path.join(base, 'fake terraform');
const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function keep(stack, bytes, extra = {}) {
  fs.writeFileSync(plan, bytes);
  fs.writeFileSync(`${plan}.json`, JSON.stringify({ stack, engine: 'cdktf', stackDigest: stackDigest(production), planDigest: sha(bytes), tfvars: 'environments/production.tfvars', created: '2026-12-04T00:00:00.000Z', ...extra }));
}

function apply() {
  const run = spawnSync('node', [script, 'apply', '--stack', 'edge', '--stack-dir', production, '--terraform', terraform], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: base, AWS_ACCESS_KEY_ID: 'AKIAOFFLINETEST00000', AWS_SECRET_ACCESS_KEY: 'offline-test' },
  });
  return { status: run.status, out: run.stdout + run.stderr, applied: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').filter((l) => l.includes(' apply ')) : [] };
}

beforeEach(() => {
  fs.rmSync(calls, { force: true });
  fs.mkdirSync(production, { recursive: true });
  fs.mkdirSync(path.join(stacks, 'edge-router-state'), { recursive: true });
  fs.writeFileSync(path.join(stacks, 'edge-router-state', 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: '../../../state/edge-router-state.tfstate' } } } }));
  fs.writeFileSync(path.join(production, 'cdk.tf.json'), '{"resource":{}}');
  fs.mkdirSync(plans, { recursive: true });
  fs.writeFileSync(terraform, `#!/bin/sh\nif [ "$1" = version ]; then echo '{"terraform_version":"1.13.0"}'; exit 0; fi\necho "$*" >> '${calls}'\n`, { mode: 0o755 });
});

describe('make apply with the kept plan', () => {
  it('applies the plan make plan saved for this stack, and removes it', () => {
    keep('edge-router-production', 'PK\x03\x04 production plan');
    const run = apply();
    assert.equal(run.status, 0, run.out);
    assert.deepEqual(run.applied, [`-chdir=${production} apply -input=false ${plan}`]);
    assert.ok(!fs.existsSync(plan));
  });

  it('refuses a plan file replaced since make plan (another stack\'s plan copied over it, or an edit), and keeps it', () => {
    keep('edge-router-production', 'PK\x03\x04 production plan');
    fs.writeFileSync(plan, 'PK\x03\x04 staging plan');
    const run = apply();
    assert.equal(run.status, 1, run.out);
    assert.deepEqual(run.applied, []);
    assert.match(run.out, /^✗ \S.*state\/plans\/edge-router-production\.tfplan is not the file make plan saved \(2026-12-04T00:00:00\.000Z\): it was replaced or edited since; run make plan again, and read it$/m);
    assert.ok(fs.existsSync(plan));
  });

  it('refuses a plan whose .json names another stack (staging\'s kept plan copied under production\'s name)', () => {
    keep('edge-router-staging', 'PK\x03\x04 staging plan');
    const run = apply();
    assert.equal(run.status, 1, run.out);
    assert.deepEqual(run.applied, []);
    assert.match(run.out, /^✗ \S.*state\/plans\/edge-router-production\.tfplan\.json says it is the plan of edge-router-staging, not edge-router-production: run make plan again, and read it$/m);
  });
});
