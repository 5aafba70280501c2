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

// refreshed: the addresses the plan's prior_state (the refreshed state) holds; undefined: no prior_state at all.
function check(changes, targets, refreshed) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'check-destroy-'));
  try {
    const file = path.join(dir, 'plan.json');
    const resources = (refreshed ?? []).map((address) => ({ address, mode: 'managed' }));
    writeFileSync(file, JSON.stringify({
      resource_changes: changes,
      ...(refreshed ? { prior_state: { values: { root_module: { resources: resources.slice(1), child_modules: [{ resources: resources.slice(0, 1) }] } } } } : {}),
    }));
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

test('a target an interrupted run deleted already (gone from the refreshed state) is forgotten; every target gone is refused', () => {
  const targets = ['aws_lambda_function.f', 'aws_cloudwatch_metric_alarm.a'];
  const partly = check([change('aws_lambda_function.f', ['delete'])], targets, ['aws_lambda_function.f', 'aws_s3_bucket.site']);
  assert.equal(partly.code, 0, partly.out);
  assert.match(partly.out, /aws_cloudwatch_metric_alarm\.a: gone already \(deleted outside this run\); the plan forgets it/);
  const all = check([], targets, ['aws_s3_bucket.site']);
  assert.equal(all.code, 1, all.out);
  assert.match(all.out, /every target is gone from AWS \(2\): are the credentials, account or region the ones this state was made with\?/);
  // Still in the refreshed state but not deleted by the plan: a missing target, whatever the reason.
  const kept = check([], ['aws_lambda_function.f'], ['aws_lambda_function.f']);
  assert.equal(kept.code, 1, kept.out);
  assert.match(kept.out, /aws_lambda_function\.f: meant to be deleted, not in the plan/);
});
