// make synth's last step (deploy/sync-out.mjs): only what changed is written, what Terraform and the user keep in a
// stack's folder stays, what the synth no longer writes goes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isKept, stateInside, sync } from '../../deploy/sync-out.mjs';

const tree = (root, files) => {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
};
const mtime = (f) => fs.statSync(f).mtimeMs;
const old = new Date('2020-01-01T00:00:00Z');

describe('sync-out', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-out-'));
  after(() => fs.rmSync(base, { recursive: true, force: true }));
  const out = path.join(base, 'cdktf.out');
  const fresh = () => path.join(base, 'cdktf.out.next');

  it('the same bytes: the file is left alone, time stamp included; a changed one is replaced; a new one written', () => {
    tree(out, { 'manifest.json': '{}', 'stacks/a/cdk.tf.json': '{"a":1}', 'stacks/a/assets/z/f.zip': 'zip' });
    for (const f of ['manifest.json', 'stacks/a/cdk.tf.json', 'stacks/a/assets/z/f.zip']) {
      fs.utimesSync(path.join(out, f), old, old);
    }

    tree(fresh(), { 'manifest.json': '{}', 'stacks/a/cdk.tf.json': '{"a":2}', 'stacks/a/assets/z/f.zip': 'zip', 'stacks/b/cdk.tf.json': '{}' });
    const result = sync(fresh(), out, 'cdktf');
    assert.deepEqual(result, { written: 2, removed: 0, total: 4 });
    assert.equal(mtime(path.join(out, 'manifest.json')), old.getTime());
    assert.equal(mtime(path.join(out, 'stacks/a/assets/z/f.zip')), old.getTime());
    assert.equal(fs.readFileSync(path.join(out, 'stacks/a/cdk.tf.json'), 'utf8'), '{"a":2}');
    assert.ok(fs.existsSync(path.join(out, 'stacks/b/cdk.tf.json')));
    assert.ok(!fs.existsSync(fresh()), 'the fresh synth folder is removed');
    assert.equal(fs.readFileSync(path.join(out, '.last-synth'), 'utf8'), 'cdktf\n');
  });

  it('what the synth no longer writes is removed; what Terraform and the user keep is not', () => {
    tree(out, {
      'stacks/a/.terraform/providers/x': 'p',
      'stacks/a/.terraform.lock.hcl': 'lock',
      'stacks/a/edge.tfplan': 'plan',
      'stacks/a/terraform.tfstate': 'state',
      'stacks/a/terraform.tfstate.backup': 'backup',
      'stacks/a/mine_override.tf': 'o',
      'stacks/a/mine_override.tf.json': 'o',
      'stacks/a/assets/old/f.zip': 'stale',
    });
    tree(fresh(), { 'manifest.json': '{}', 'stacks/a/cdk.tf.json': '{"a":2}', 'stacks/a/assets/z/f.zip': 'zip' });
    const result = sync(fresh(), out, 'cdktn');
    assert.deepEqual(result, { written: 0, removed: 2, total: 3 });
    assert.ok(!fs.existsSync(path.join(out, 'stacks/b')), 'a stack no longer synthesized goes, folder and all');
    assert.ok(!fs.existsSync(path.join(out, 'stacks/a/assets/old')), 'an old asset goes');
    for (const kept of ['.terraform/providers/x', '.terraform.lock.hcl', 'edge.tfplan', 'terraform.tfstate', 'terraform.tfstate.backup', 'mine_override.tf', 'mine_override.tf.json']) {
      assert.ok(fs.existsSync(path.join(out, 'stacks/a', kept)), kept);
    }

    assert.equal(fs.readFileSync(path.join(out, '.last-synth'), 'utf8'), 'cdktn\n');
  });

  it('a folder or a link where the synth writes a file is replaced, never followed', () => {
    const outside = path.join(base, 'outside.txt');
    fs.writeFileSync(outside, 'not the synth\'s');
    fs.rmSync(path.join(out, 'manifest.json'));
    fs.symlinkSync(outside, path.join(out, 'manifest.json'));
    tree(fresh(), { 'manifest.json': '{"new":true}', 'stacks/a/cdk.tf.json': '{"a":2}', 'stacks/a/assets/z/f.zip': 'zip' });
    sync(fresh(), out, 'cdktf');
    assert.equal(fs.readFileSync(outside, 'utf8'), 'not the synth\'s');
    assert.ok(!fs.lstatSync(path.join(out, 'manifest.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'), '{"new":true}');
  });

  it('the kept kinds', () => {
    assert.deepEqual(['.terraform', '.terraform.lock.hcl', 'x.tfplan', 'terraform.tfstate', 'terraform.tfstate.1.backup', 'a_override.tf', 'a_override.tf.json', 'override.tf', 'override.tf.json'].filter((n) => !isKept(n)), []);
    assert.deepEqual(['cdk.tf.json', 'manifest.json', 'myoverride.tf', 'terraform.tfvars', 'x.tfplan.json'].filter(isKept), []);
  });

  it('a state folder that would land inside the output folder is refused before anything is written', () => {
    const state = (p) => ({ 'stacks/edge-router-state/cdk.tf.json': JSON.stringify({ terraform: { backend: { local: { path: p } } } }) });
    tree(fresh(), state('../../../cdktf.out/state/edge-router-state.tfstate'));
    assert.equal(stateInside(fresh(), out), path.join(out, 'state', 'edge-router-state.tfstate'));
    const before = fs.readdirSync(out, { recursive: true }).sort();
    assert.throws(() => sync(fresh(), out, 'cdktf'), /would be inside the output folder .*: set stateDirectory \(EDGE_ROUTER_STATE_DIRECTORY\) to a folder outside it; the synth was not moved into /);
    assert.deepEqual(fs.readdirSync(out, { recursive: true }).sort(), before);
    tree(fresh(), state('../../../state/edge-router-state.tfstate'));
    assert.equal(stateInside(fresh(), out), undefined);
    fs.rmSync(fresh(), { recursive: true, force: true });
  });
});
