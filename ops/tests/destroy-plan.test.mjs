// The destroy plan for every resource of the default stack, including those moto cannot apply (the distribution, its
// policies and function, the lifecycle rules, the dashboard, saved queries, DNS records, the bucket policy): a state
// that holds every planned resource (only their addresses: -refresh=false, so no API is asked), then the real
// `terraform plan -destroy`, offline with the image's provider. A plain destroy fails on prevent_destroy; the one
// ops/destroy.sh makes (a -target per resource but the kept ones) passes ops/check-destroy-plan.mjs.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repo, run, stackDir } from './moto.mjs';

const planFile = process.env.OPS_PLAN_JSON ?? path.join(repo, 'build/plan/copies/default-json/edge-router/example.plan.json');
const mirror = process.env.EDGE_ROUTER_PLAN_MIRROR ?? '/opt/tf-plugins';
const keep = /^aws_s3_bucket(_versioning|_server_side_encryption_configuration|_public_access_block|_ownership_controls|_lifecycle_configuration)?\./;
let dir;
let env;
let addresses;
const tf = (...args) => run('terraform', [`-chdir=${dir}`, ...args], { env });

before(() => {
  assert.ok(existsSync(planFile), `no plan JSON at ${planFile}: run make test-plan first`);
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  dir = mkdtempSync(path.join(os.tmpdir(), 'edge-destroy-plan-'));
  cpSync(stackDir, dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}.terraform`) && !f.endsWith('.tfstate') });
  const offline = (alias) => ({
    ...(alias ? { alias } : {}), access_key: 'plan', secret_key: 'plan', skip_credentials_validation: true,
    skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true,
  });
  writeFileSync(path.join(dir, 'offline_override.tf.json'), JSON.stringify({
    terraform: { backend: { local: { path: 'terraform.tfstate' } }, required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: { aws: [offline(null), offline('us_east_1')] },
  }));
  writeFileSync(path.join(dir, 'tf.rc'), `provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
`);
  env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'tf.rc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  const init = tf('init', '-input=false', '-no-color');
  assert.equal(init.code, 0, init.out);
  // Each resource's current schema version, as the provider states it (state written with another is refused).
  const schemas = JSON.parse(run('terraform', [`-chdir=${dir}`, 'providers', 'schema', '-json'], { env }).out).provider_schemas;
  const schemaVersion = (type) => Object.values(schemas).find((p) => p.resource_schemas?.[type])?.resource_schemas[type].version ?? 0;

  // A state with every resource the plan creates, keyed as Terraform keys them, with the provider (alias) each uses.
  const providerOf = Object.fromEntries((plan.configuration?.root_module?.resources ?? [])
    .map((r) => [r.address, r.provider_config_key]));
  const byResource = new Map();
  for (const change of plan.resource_changes.filter((c) => c.mode === 'managed')) {
    const base = `${change.type}.${change.name}`;
    const key = providerOf[base] ?? 'aws';
    const provider = change.type === 'terraform_data'
      ? 'provider["terraform.io/builtin/terraform"]'
      : `provider["registry.terraform.io/hashicorp/aws"]${key.includes('.') ? `.${key.split('.')[1]}` : ''}`;
    if (!byResource.has(base)) byResource.set(base, { mode: 'managed', type: change.type, name: change.name, provider, instances: [] });
    byResource.get(base).instances.push({
      ...(change.index !== undefined ? { index_key: change.index } : {}),
      schema_version: schemaVersion(change.type),
      attributes: { id: `${change.address}-id` },
      sensitive_attributes: [],
    });
  }
  writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify({
    version: 4, terraform_version: '1.11.4', serial: 1, lineage: '3f1c9a52-6d1e-4c8e-9a51-0d3b9c1e7a11',
    outputs: {}, resources: [...byResource.values()], check_results: null,
  }, null, 2));
  addresses = plan.resource_changes.filter((c) => c.mode === 'managed').map((c) => c.address);
});

after(() => dir && rmSync(dir, { recursive: true, force: true }));

const vars = () => `-var-file=${path.join(repo, 'terraform.tfvars.example')}`;

test('a plain terraform destroy stops at the plan: the buckets cannot be destroyed', () => {
  const result = tf('plan', '-destroy', '-refresh=false', '-input=false', '-lock=false', '-no-color', vars());
  assert.notEqual(result.code, 0, result.out);
  assert.match(result.out, /Instance cannot be destroyed/);
  assert.match(result.out, /aws_s3_bucket\.site_bucket_7B14A155/);
});

test('the targeted destroy of everything but the data is a clean plan that deletes exactly the targets', () => {
  const state = tf('state', 'list', '-no-color').out.split('\n').filter(Boolean);
  assert.deepEqual([...state].sort(), [...addresses].sort());
  const targets = state.filter((a) => !keep.test(a));
  const kept = state.filter((a) => keep.test(a));
  assert.equal(kept.length, 6, kept.join('\n')); // the bucket, versioning, encryption, public access block, ownership, lifecycle
  assert.equal(targets.length, 34, targets.join('\n')); // the README says 34 of 40
  for (const type of ['aws_cloudfront_distribution', 'aws_cloudfront_cache_policy', 'aws_cloudfront_function', 'aws_s3_bucket_policy',
    'aws_cloudwatch_dashboard', 'aws_cloudwatch_query_definition', 'aws_route53_record', 'aws_lambda_function']) {
    assert.ok(targets.some((a) => a.startsWith(`${type}.`)), `no ${type} among the targets`);
  }
  const planned = tf('plan', '-destroy', '-refresh=false', '-input=false', '-lock=false', '-no-color', vars(), '-out=destroy.tfplan',
    ...targets.map((t) => `-target=${t}`));
  assert.equal(planned.code, 0, planned.out);
  assert.match(planned.out, new RegExp(`Plan: 0 to add, 0 to change, ${targets.length} to destroy`));
  const json = tf('show', '-json', 'destroy.tfplan');
  writeFileSync(path.join(dir, 'destroy.json'), json.out);
  const check = run('node', [path.join(repo, 'ops/check-destroy-plan.mjs'), path.join(dir, 'destroy.json'), keep.source],
    { input: targets.join('\n') });
  assert.equal(check.code, 0, check.out);
  assert.match(check.out, new RegExp(`${targets.length} deletions, all targets, none of the kept data`));
});
