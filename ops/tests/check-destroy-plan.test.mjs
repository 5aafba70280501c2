// ops/check-destroy-plan.mjs refuses a destroy plan that deletes kept data, misses a target, deletes more than the
// targets, or does anything but delete.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repo, run } from './moto.mjs';

const keep = '^aws_s3_bucket(_versioning|_server_side_encryption_configuration|_public_access_block|_ownership_controls|_lifecycle_configuration)?\\.';
const change = (address, actions, mode = 'managed') => ({ address, mode, change: { actions } });

function check(changes, targets, drift = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'check-destroy-'));
  try {
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ resource_changes: changes, resource_drift: drift }));
    return run('node', [path.join(repo, 'ops/check-destroy-plan.mjs'), file, keep], { input: targets.join('\n') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a plan that deletes exactly the targets passes', () => {
  const result = check([change('aws_lambda_function.f', ['delete']), change('aws_s3_bucket.site', ['no-op']),
    change('data.aws_iam_policy_document.p', ['read'], 'data')], ['aws_lambda_function.f']);
  assert.equal(result.code, 0, result.out);
  assert.match(result.out, /1 deletions, all targets, none of the kept data/);
});

test('deleting kept data, more or fewer than the targets, or anything but a delete is refused', () => {
  const cases = [
    [[change('aws_s3_bucket.site', ['delete'])], ['aws_s3_bucket.site'], 'aws_s3_bucket.site: kept data, but planned for deletion'],
    [[change('aws_s3_bucket_versioning.v', ['delete'])], ['aws_s3_bucket_versioning.v'], 'kept data'],
    [[change('aws_lambda_function.f', ['delete']), change('aws_iam_role.r', ['delete'])], ['aws_lambda_function.f'], 'aws_iam_role.r: deleted by the plan but not a target'],
    [[], ['aws_lambda_function.f'], 'aws_lambda_function.f: meant to be deleted, not in the plan'],
    [[change('aws_lambda_function.f', ['delete', 'create'])], ['aws_lambda_function.f'], 'planned delete+create, only delete is allowed'],
    [[change('aws_sns_topic.t[0]', ['update'])], [], 'planned update'],
  ];
  for (const [changes, targets, message] of cases) {
    const result = check(changes, targets);
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, new RegExp(message.replace(/[.[\]+]/g, '\\$&')));
  }
});

test('a target an interrupted run deleted already (drift: delete) is forgotten; every target gone is refused', () => {
  const partly = check([change('aws_lambda_function.f', ['delete'])], ['aws_lambda_function.f', 'aws_cloudwatch_metric_alarm.a'],
    [change('aws_cloudwatch_metric_alarm.a', ['delete'])]);
  assert.equal(partly.code, 0, partly.out);
  assert.match(partly.out, /aws_cloudwatch_metric_alarm\.a: gone already \(deleted outside this run\); the plan forgets it/);
  const all = check([], ['aws_lambda_function.f', 'aws_cloudwatch_metric_alarm.a'],
    [change('aws_lambda_function.f', ['delete']), change('aws_cloudwatch_metric_alarm.a', ['delete'])]);
  assert.equal(all.code, 1, all.out);
  assert.match(all.out, /every target is gone from AWS \(2\): are the credentials, account or region the ones this state was made with\?/);
  // Drift that is not a deletion (changed outside Terraform) does not excuse a missing target.
  const changed = check([], ['aws_lambda_function.f'], [change('aws_lambda_function.f', ['update'])]);
  assert.equal(changed.code, 1, changed.out);
  assert.match(changed.out, /aws_lambda_function\.f: meant to be deleted, not in the plan/);
});
