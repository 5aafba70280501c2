// make destroy's scripts against the AWS API emulator (moto) with the real provider, in the order a user runs them:
// the state stack applied first (its bucket in moto), the edge stack applied with its state in that bucket (the
// synthesized S3 backend, lock file and all: a versioned bucket with delete markers), then taken down exactly as
// ops/destroy.sh does for a user, the documented manual steps for the site bucket, and last the state stack with
// ops/destroy-state.sh: what it refuses, what it prints, and that a refusal changes nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environment, leftOut, prepare, repo, run, stackDir, startMoto } from './moto.mjs';

const bucket = 'edge-ops-moto';
const keep = /^aws_s3_bucket(_versioning|_server_side_encryption_configuration|_public_access_block|_ownership_controls|_lifecycle_configuration)?\./;
let moto;
let copy;
let env;
let state; // the state stack's copy
let stateBucket;
let root;
const tf = (...args) => run('terraform', [`-chdir=${copy.dir}`, ...args], { env });
const tfState = (...args) => run('terraform', [`-chdir=${state.dir}`, ...args], { env: environment(state.dir, moto.url) });
const stateList = () => tf('state', 'list', '-no-color').out.split('\n').filter((l) => l && !l.startsWith('data.'));
const destroy = (confirm) => run(path.join(repo, 'ops/destroy.sh'), [copy.dir, copy.varFile, confirm], { env });
const destroyState = (confirm, extraEnv = {}) => run(path.join(repo, 'ops/destroy-state.sh'), [state.dir, copy.dir, confirm],
  { env: { ...environment(state.dir, moto.url), ...extraEnv } });
const aws = (...args) => run('aws', args, { env });
// Everything a refusal must leave alone: the state stack's state, and every version and marker in the state bucket.
const stateSide = () => ({
  stateFile: readFileSync(path.join(state.dir, 'terraform.tfstate'), 'utf8'),
  versions: aws('s3api', 'list-object-versions', '--bucket', stateBucket, '--output', 'json').out,
});

before(async () => {
  moto = await startMoto();
  // The state stack first, as make apply STACK=state does (its lifecycle rules left out: see moto.mjs).
  // Side by side in a folder of this run's own, as make synth lays them out (destroy-state.sh looks beside the state
  // stack for edge stacks that keep their state in its bucket; never in another run's folder).
  root = mkdtempSync(path.join(os.tmpdir(), 'edge-ops-'));
  state = prepare(moto.url, { from: path.join(path.dirname(stackDir), 'edge-router-state'), into: path.join(root, 'edge-router-state') });
  const startedState = Date.now();
  for (const args of [['init', '-input=false', '-no-color'], ['apply', '-input=false', '-no-color', '-auto-approve']]) {
    const result = tfState(...args);
    assert.equal(result.code, 0, result.out);
  }
  console.log(`the state stack's init and apply against moto: ${((Date.now() - startedState) / 1000).toFixed(1)} s`);
  stateBucket = tfState('output', '-raw', 'state_bucket').out.trim();
  copy = prepare(moto.url, { backend: 's3', into: path.join(root, 'edge-router') });
  env = environment(copy.dir, moto.url);
  // The edge stack's backend is the bucket the state stack made, as synthesized.
  assert.equal(JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend.s3.bucket, stateBucket);
  const init = tf('init', '-input=false', '-no-color');
  assert.equal(init.code, 0, init.out);
  const started = Date.now();
  const apply = tf('apply', '-input=false', '-no-color', '-auto-approve', `-var-file=${copy.varFile}`);
  assert.equal(apply.code, 0, apply.out);
  console.log(`terraform apply against moto: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(apply.out.split('\n').filter((l) => /complete after [0-9]+m|complete after [1-9][0-9]s/.test(l)).join('\n'));
  // Two versions of a page, so "every version is kept" means something.
  for (const body of ['first', 'second']) {
    const file = path.join(copy.dir, `${body}.html`);
    writeFileSync(file, body);
    const put = run('aws', ['s3api', 'put-object', '--bucket', bucket, '--key', 'index.html', '--body', file], { env });
    assert.equal(put.code, 0, put.out);
  }
});

after(async () => {
  await moto?.stop();
  copy?.cleanup();
  state?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the applied copy leaves out only what moto cannot apply, and says why', () => {
  console.log(`applied without: ${Object.entries(leftOut).map(([t, why]) => `${t} (${why})`).join('; ')}`);
  console.log(`and what refers to them: ${copy.removed.filter((a) => !Object.keys(leftOut).some((t) => a.startsWith(`${t}.`))).join(', ')}`);
  const state = stateList();
  assert.ok(state.includes('aws_lambda_function.router_function_5C772D8B'), state.join('\n'));
  assert.ok(state.includes('aws_cloudwatch_metric_alarm.router_alarms_errors_6CCD28C0'), state.join('\n'));
  assert.ok(state.includes('aws_sns_topic.alarm_topics_regional_4812B413[0]'), state.join('\n'));
  assert.ok(state.includes('aws_cloudwatch_log_metric_filter.router_log_metrics_requests_CF14A477'), state.join('\n'));
  assert.ok(state.length >= 20, `only ${state.length} resources applied:\n${state.join('\n')}`);
});

test('make destroy STACK=state refuses while the edge state in its bucket holds resources, even with the right CONFIRM', () => {
  const before_ = stateSide();
  const result = destroyState(stateBucket);
  assert.equal(result.code, 1, result.out);
  // The bucket's own state file is read (every environment's, whatever is initialised here), and named.
  assert.match(result.out, new RegExp(`s3://${stateBucket}/edge-router/edge\\.tfstate: holds \\d+ resources \\(`));
  assert.match(result.out, /nothing changed/);
  assert.deepEqual(stateSide(), before_);
});

test('make destroy refuses a variables file that names another site bucket than the state holds (wrong ENV or TFVARS)', () => {
  const before_ = stateList();
  const other = path.join(copy.dir, 'other-site.tfvars');
  writeFileSync(other, readFileSync(copy.varFile, 'utf8').replace(`"${bucket}"`, '"someone-elses-site"'));
  const result = run(path.join(repo, 'ops/destroy.sh'), [copy.dir, other, bucket], { env });
  assert.equal(result.code, 1, result.out);
  assert.match(result.out, new RegExp(`other-site\\.tfvars names the site bucket "someone-elses-site", but the state in .* holds s3://${bucket}: wrong TFVARS or ENV\\? nothing changed`));
  assert.doesNotMatch(result.out, /planning the removal/);
  // The right bucket in another region: every regional resource would refresh as gone, and be forgotten.
  writeFileSync(other, readFileSync(copy.varFile, 'utf8').replace(/aws_region = "[^"]*"/, 'aws_region = "eu-west-1"'));
  const region = run(path.join(repo, 'ops/destroy.sh'), [copy.dir, other, bucket], { env });
  assert.equal(region.code, 1, region.out);
  assert.match(region.out, /other-site\.tfvars sets aws_region "eu-west-1", but the state in .* was made in us-east-1: wrong TFVARS or ENV\? nothing changed/);
  assert.deepEqual(stateList(), before_);
});

test('without the typed bucket name (or with another) nothing changes', () => {
  const before_ = stateList();
  // One run (each is a refresh and a plan: a minute or more here): a name that differs only in case. The empty
  // CONFIRM takes the same comparison.
  for (const confirm of ['edge-ops-motO']) {
    const result = destroy(confirm);
    assert.equal(result.code, 2, result.out);
    assert.match(result.out, /NOTHING CHANGED/);
    assert.match(result.out, new RegExp(`make destroy CONFIRM=${bucket}`));
    assert.match(result.out, new RegExp(`CONFIRM="${confirm}" is not the site bucket's name`));
    assert.match(result.out, /check-destroy-plan: \d+ deletions, all targets, none of the kept data/);
  }
  assert.deepEqual(stateList(), before_);
});

test('make destroy removes everything but the site bucket and its guards, which keep every version', () => {
  const before_ = stateList();
  // A run stopped after an API call and before the state was written (Ctrl-C, a lost connection) leaves a resource
  // gone from AWS but still in the state: this run finishes the job and forgets it.
  const alarm = JSON.parse(aws('cloudwatch', 'describe-alarms', '--output', 'json').out).MetricAlarms[0].AlarmName;
  assert.equal(aws('cloudwatch', 'delete-alarms', '--alarm-names', alarm).code, 0);
  const result = destroy(bucket);
  assert.equal(result.code, 0, result.out);
  assert.match(result.out, /check-destroy-plan: aws_cloudwatch_metric_alarm\.\S+: gone already \(deleted outside this run\); the plan forgets it/);
  const left = stateList();
  assert.deepEqual(left, before_.filter((a) => keep.test(a)));
  assert.deepEqual(left.map((a) => a.split('.')[0]).sort(), [
    'aws_s3_bucket', 'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_public_access_block',
    'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning',
  ]);
  // It says what remains and how to delete it.
  assert.match(result.out, new RegExp(`ops/empty-bucket.sh ${bucket}`));
  assert.match(result.out, new RegExp(`aws s3api delete-bucket --bucket ${bucket}`));
  // The AWS side: the function and the API are gone, the bucket and both versions are there.
  assert.notEqual(aws('lambda', 'get-function', '--function-name', `webfinger-${bucket}`).code, 0);
  assert.equal(JSON.parse(aws('apigatewayv2', 'get-apis').out).Items.length, 0);
  assert.equal(JSON.parse(aws('cloudwatch', 'describe-alarms').out).MetricAlarms.length, 0);
  const versions = JSON.parse(aws('s3api', 'list-object-versions', '--bucket', bucket).out);
  assert.equal(versions.Versions.length, 2);
  // Run again: nothing left to destroy, and still nothing kept is touched.
  const again = destroy(bucket);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /only the site's data is left; nothing to destroy/);
});

test('the documented manual steps delete every version, the bucket, and leave an empty state', () => {
  const dry = run(path.join(repo, 'ops/empty-bucket.sh'), [bucket], { env });
  assert.equal(dry.code, 2, dry.out);
  assert.match(dry.out, /nothing deleted/);
  assert.equal(JSON.parse(aws('s3api', 'list-object-versions', '--bucket', bucket).out).Versions.length, 2);
  const bad = run(path.join(repo, 'ops/empty-bucket.sh'), [bucket, '--force'], { env });
  assert.equal(bad.code, 64, bad.out);

  const emptied = run(path.join(repo, 'ops/empty-bucket.sh'), [bucket, '--yes'], { env });
  assert.equal(emptied.code, 0, emptied.out);
  assert.match(emptied.out, /is empty \(2 versions and delete markers deleted\)/);
  const deleted = aws('s3api', 'delete-bucket', '--bucket', bucket);
  assert.equal(deleted.code, 0, deleted.out);
  const refresh = tf('apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color', `-var-file=${copy.varFile}`);
  assert.equal(refresh.code, 0, refresh.out);
  assert.deepEqual(stateList(), []);
});

test('with nothing left in the edge state, make destroy says so and changes nothing', () => {
  const result = destroy(bucket);
  assert.equal(result.code, 1, result.out);
  assert.match(result.out, /holds no resources: nothing to destroy/);
});

test('make destroy STACK=state refuses almost-right CONFIRM values, a held lock, a broken state file, an unreadable edge state', () => {
  const versions = JSON.parse(aws('s3api', 'list-object-versions', '--bucket', stateBucket, '--output', 'json').out);
  // The state bucket as a user's is by now: old versions of the edge state and a delete marker per released lock.
  assert.ok(versions.Versions.filter((v) => v.Key === 'edge-router/edge.tfstate').length > 1, JSON.stringify(versions));
  assert.ok((versions.DeleteMarkers ?? []).some((m) => m.Key === 'edge-router/edge.tfstate.tflock'), JSON.stringify(versions));
  const before_ = stateSide();
  // The name with a terminal escape after it (printed back made harmless, never raw); a near-miss word is the last
  // test's (each run reads every state there is: seconds).
  for (const [confirm, shown] of [[`${stateBucket}\x1b[2J`, `${stateBucket}\\?\\[2J`]]) {
    const result = destroyState(confirm, { DESTROY_AGAIN: 'make destroy STACK=state' });
    assert.equal(result.code, 2, result.out);
    assert.match(result.out, /check-state-bucket: s3:\/\/\S+: 1 state file read, none holds a resource/);
    assert.match(result.out, new RegExp(`CONFIRM="${shown}" is not the state bucket's name`));
    assert.doesNotMatch(result.out, /\x1b/);
    assert.match(result.out, new RegExp(`NOTHING CHANGED\\. It would delete s3://${stateBucket}`));
    assert.match(result.out, new RegExp(`make destroy STACK=state CONFIRM=${stateBucket}\n`));
  }
  assert.deepEqual(stateSide(), before_);

  // A terraform run holding a lock, and a state file that is not a state: both named, nothing deleted.
  const junk = path.join(copy.dir, 'junk');
  writeFileSync(junk, 'not a state');
  const planted = ['edge-router/staging.tfstate.tflock', 'other/broken.tfstate', 'someone-elses/notes.txt'];
  for (const key of planted) {
    assert.equal(aws('s3api', 'put-object', '--bucket', stateBucket, '--key', key, '--body', junk).code, 0);
  }
  const held = stateSide();
  const refused = destroyState(stateBucket);
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.out, /edge-router\/staging\.tfstate\.tflock: a terraform run holds this state's lock right now/);
  assert.match(refused.out, /other\/broken\.tfstate: not a Terraform state \(not JSON\)/);
  assert.match(refused.out, /someone-elses\/notes\.txt: not a Terraform state file; this bucket holds more than this project's state/);
  assert.match(refused.out, /nothing changed/);
  assert.deepEqual(stateSide(), held);
  for (const key of planted) {
    const versionIds = JSON.parse(aws('s3api', 'list-object-versions', '--bucket', stateBucket, '--prefix', key, '--output', 'json').out)
      .Versions.map((v) => v.VersionId);
    for (const id of versionIds) assert.equal(aws('s3api', 'delete-object', '--bucket', stateBucket, '--key', key, '--version-id', id).code, 0);
  }
  assert.deepEqual(stateSide(), before_);

  // A state deleted by mistake (aws s3 rm: a delete marker on top) whose last version holds a resource: the listing no
  // longer shows it, and the bucket (with that version, the only record of a running stack) was deleted.
  const lost = path.join(copy.dir, 'lost.tfstate');
  writeFileSync(lost, JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_lambda_function', name: 'router', instances: [{ attributes: {} }] }] }));
  assert.equal(aws('s3api', 'put-object', '--bucket', stateBucket, '--key', 'production/edge.tfstate', '--body', lost).code, 0);
  assert.equal(aws('s3api', 'delete-object', '--bucket', stateBucket, '--key', 'production/edge.tfstate').code, 0);
  const lostVersion = JSON.parse(aws('s3api', 'list-object-versions', '--bucket', stateBucket, '--prefix', 'production/', '--output', 'json').out).Versions[0].VersionId;
  const deletedState = stateSide();
  const refusedLost = destroyState(stateBucket);
  assert.equal(refusedLost.code, 1, refusedLost.out);
  assert.match(refusedLost.out, new RegExp(`check-state-bucket: s3://${stateBucket}/production/edge\\.tfstate: deleted, but its last version \\(${lostVersion}\\) holds 1 resource \\(aws_lambda_function\\.router\\): the only record of a stack that may still run: restore it`));
  assert.match(refusedLost.out, /nothing changed/);
  assert.deepEqual(stateSide(), deletedState);
  const lostListing = JSON.parse(aws('s3api', 'list-object-versions', '--bucket', stateBucket, '--prefix', 'production/', '--output', 'json').out);
  for (const v of [...lostListing.Versions, ...(lostListing.DeleteMarkers ?? [])]) {
    assert.equal(aws('s3api', 'delete-object', '--bucket', stateBucket, '--key', v.Key, '--version-id', v.VersionId).code, 0);
  }
  assert.deepEqual(stateSide(), before_);

  // The edge stack's state cannot be read here (its backend changed since init): a refusal, never a pass.
  const changed = path.join(copy.dir, 'zz_backend_override.tf.json');
  writeFileSync(changed, JSON.stringify({ terraform: { backend: { s3: { key: 'edge-router/moved.tfstate' } } } }));
  const unreadable = destroyState(stateBucket);
  rmSync(changed);
  assert.equal(unreadable.code, 1, unreadable.out);
  assert.match(unreadable.out, /the state of .* cannot be read \(above\), so it cannot be checked/);
  assert.deepEqual(stateSide(), before_);

  // No state stack initialised where it is asked for: said before anything is read.
  const bare = run(path.join(repo, 'ops/destroy-state.sh'), [copy.dir + '/assets', copy.dir, stateBucket], { env });
  assert.equal(bare.code, 1, bare.out);
  assert.match(bare.out, /no synthesized state stack in/);
  assert.deepEqual(stateSide(), before_);
});

let stoppedState; // the state stack's state as it was before the deletion: a run stopped just after delete-bucket
test('make destroy STACK=state deletes every version and delete marker, the bucket, and forgets it; twice is harmless', () => {
  stoppedState = readFileSync(path.join(state.dir, 'terraform.tfstate'), 'utf8');
  const result = destroyState(stateBucket);
  assert.equal(result.code, 0, result.out);
  assert.match(result.out, /empty-bucket: s3:\/\/\S+ is empty \(\d+ versions and delete markers deleted\)/);
  assert.match(result.out, new RegExp(`s3://${stateBucket} deleted; the state stack's state in .* holds nothing`));
  assert.match(aws('s3api', 'head-bucket', '--bucket', stateBucket).out, /\(404\)|Not Found/);
  assert.deepEqual(tfState('state', 'list', '-no-color').out.trim(), '');
  const again = destroyState(stateBucket);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /holds no state bucket: nothing left to destroy/);
});

test('a run stopped after the bucket was deleted finishes on the next run (and still asks for CONFIRM)', () => {
  writeFileSync(path.join(state.dir, 'terraform.tfstate'), stoppedState);
  const asked = destroyState('YES ');
  assert.equal(asked.code, 2, asked.out);
  assert.match(asked.out, /CONFIRM="YES " is not the state bucket's name/);
  assert.match(asked.out, /does not exist \(deleted already\)/);
  assert.match(asked.out, /NOTHING CHANGED\. s3:\/\/\S+ is gone already/);
  assert.equal(readFileSync(path.join(state.dir, 'terraform.tfstate'), 'utf8'), stoppedState);
  const finished = destroyState(stateBucket);
  assert.equal(finished.code, 0, finished.out);
  assert.deepEqual(tfState('state', 'list', '-no-color').out.trim(), '');
});
