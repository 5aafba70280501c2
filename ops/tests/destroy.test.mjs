// make destroy's script against the AWS API emulator (moto) with the real provider: apply the edge stack (what moto
// supports, see moto.mjs), then take it down exactly as ops/destroy.sh does for a user, and check what is left
// through the state and the S3 API. Then the documented manual steps: empty the bucket (every version), delete it,
// refresh the state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { environment, leftOut, prepare, repo, run, startMoto } from './moto.mjs';

const bucket = 'edge-ops-moto';
const keep = /^aws_s3_bucket(_versioning|_server_side_encryption_configuration|_public_access_block|_ownership_controls|_lifecycle_configuration)?\./;
let moto;
let copy;
let env;
const tf = (...args) => run('terraform', [`-chdir=${copy.dir}`, ...args], { env });
const stateList = () => tf('state', 'list', '-no-color').out.split('\n').filter((l) => l && !l.startsWith('data.'));
const destroy = (confirm) => run(path.join(repo, 'ops/destroy.sh'), [copy.dir, copy.varFile, confirm], { env });
const aws = (...args) => run('aws', args, { env });

before(async () => {
  moto = await startMoto();
  copy = prepare(moto.url);
  env = environment(copy.dir, moto.url);
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

test('without the typed bucket name (or with another) nothing changes', () => {
  const before_ = stateList();
  // One run (each is a refresh and a plan: a minute or more here): a name that differs only in case. The empty
  // CONFIRM takes the same comparison.
  for (const confirm of ['edge-ops-motO']) {
    const result = destroy(confirm);
    assert.equal(result.code, 2, result.out);
    assert.match(result.out, /NOTHING CHANGED/);
    assert.match(result.out, new RegExp(`make destroy CONFIRM=${bucket}`));
    assert.match(result.out, /check-destroy-plan: \d+ deletions, all targets, none of the kept data/);
  }
  assert.deepEqual(stateList(), before_);
});

test('make destroy removes everything but the site bucket and its guards, which keep every version', () => {
  const before_ = stateList();
  const result = destroy(bucket);
  assert.equal(result.code, 0, result.out);
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
