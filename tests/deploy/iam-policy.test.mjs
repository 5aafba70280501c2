// The IAM policy a deploy needs (deploy/iam-deploy-policy.json) covers every resource type the app synthesizes, through
// the mapping table deploy/iam-actions.json (type -> the provider's API calls). The stacks are the shipped app's
// output, in every shape that changes the resource types (the router deployed; an existing API with the stack's own origin
// request policy).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repo, work } from './clone.mjs';

const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const policy = readJson(path.join(repo, 'deploy', 'iam-deploy-policy.json'));
const mapping = readJson(path.join(repo, 'deploy', 'iam-actions.json'));
// The default, and the other settings that add or remove resource types, in one synth.
const shapes = { default: {}, 'existing-api-stack-owned': { EDGE_ROUTER_EXISTING_API_DOMAIN_NAME: 'api.example.com', EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY: 'stack-owned' } };

// IAM's matching: case-insensitive, * and ? wildcards.
const matches = (pattern, action) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i').test(action);
const allowed = (action) => policy.Statement.some((s) => s.Effect === 'Allow' && [s.Action].flat().some((p) => matches(p, action)));

const stacks = {};
after(() => fs.rmSync(path.join(work, 'iam'), { recursive: true, force: true }));
before(() => {
  const dll = path.join(repo, 'build', 'main', 'EdgeRouter.dll');
  assert.ok(fs.existsSync(dll), `${dll} is missing: make test-deploy builds it`);
  const context = JSON.stringify(readJson(path.join(repo, 'cdktf.json')).context ?? {});
  for (const [shape, settings] of Object.entries(shapes)) {
    const out = path.join(work, 'iam', shape);
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EDGE_ROUTER_')));
    execFileSync('dotnet', [dll], {
      cwd: repo,
      env: { ...env, ...settings, CDKTF_OUTDIR: out, CDKTF_CONTEXT_JSON: context, EDGE_ROUTER_STATE_DIRECTORY: path.join(work, 'iam', `${shape}-state`) },
      stdio: 'pipe',
    });
    for (const stack of fs.readdirSync(path.join(out, 'stacks'))) {
      stacks[`${shape}/${stack}`] = readJson(path.join(out, 'stacks', stack, 'cdk.tf.json'));
    }
  }
});

// What the provider is asked to manage or read, and the backend it keeps state in.
function types(stack) {
  return [
    ...Object.keys(stack.resource ?? {}),
    ...Object.keys(stack.data ?? {}).map((t) => `data.${t}`),
    ...Object.keys(stack.terraform?.backend ?? {}).filter((b) => b !== 'local').map((b) => `backend:${b}`),
    ...Object.keys(stack.provider ?? {}).map((p) => `provider:${p}`),
  ];
}

describe('deploy/iam-deploy-policy.json', () => {
  it('every resource type, data source, backend and provider of every stack shape has a row in deploy/iam-actions.json', () => {
    assert.deepEqual(Object.keys(stacks).sort(), ['default/edge-router', 'default/edge-router-state', 'existing-api-stack-owned/edge-router', 'existing-api-stack-owned/edge-router-state']);
    const missing = Object.entries(stacks).flatMap(([name, stack]) => types(stack).filter((t) => !Object.hasOwn(mapping, t)).map((t) => `${name}: ${t}`));
    assert.deepEqual(missing, [], 'add these types, with the API calls the provider makes for them, to deploy/iam-actions.json and the policy');
  });

  it('the mapping has no rows for types the stacks no longer have (but for the ones listed as coming)', () => {
    const used = new Set(Object.values(stacks).flatMap(types));
    const coming = new Set(['aws_lambda_function_url']); // routerOrigin = function-url (issue 19)
    assert.deepEqual(Object.keys(mapping).filter((t) => t !== '//' && !used.has(t) && !coming.has(t)), []);
  });

  it('every action the mapping lists is allowed by the policy', () => {
    const missing = Object.entries(mapping).filter(([t]) => t !== '//').flatMap(([t, actions]) => actions.filter((a) => !allowed(a)).map((a) => `${t}: ${a}`));
    assert.deepEqual(missing, []);
  });

  it('the policy allows nothing the mapping does not list, no service wildcard, and scopes by name where AWS allows', () => {
    const listed = new Set(Object.values(mapping).filter(Array.isArray).flat().map((a) => a.toLowerCase()));
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    assert.deepEqual(actions.filter((a) => a.includes('*') || !listed.has(a.toLowerCase())), []);
    assert.deepEqual(policy.Statement.filter((s) => s.Effect !== 'Allow' || s.NotAction || s.NotResource).map((s) => s.Sid), []);
    const resources = (sid) => [policy.Statement.find((s) => s.Sid === sid).Resource].flat();
    assert.deepEqual(resources('StateBucketAndItsSettings'), ['arn:aws:s3:::edge-router-state-*']);
    assert.deepEqual(resources('RouterFunction'), ['arn:aws:lambda:*:*:function:webfinger-*']);
    assert.deepEqual(resources('RouterRole'), ['arn:aws:iam::*:role/webfinger-*']);
    assert.deepEqual(policy.Statement.find((s) => s.Sid === 'PassTheRouterRoleToLambdaOnly').Condition, { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  });

  it('the names the policy scopes by are the names the stacks give', () => {
    const edge = stacks['default/edge-router'];
    const state = stacks['default/edge-router-state'];
    // Every name is built in one place (main/Naming/ResourceNames): whole or shortened, the router's starts webfinger-.
    const name = edge.locals?.resource_names?.router ?? '';
    assert.match(String(name), /format\("webfinger-%s"/, 'the router function, its role and log group are named webfinger-…');
    assert.doesNotMatch(String(name), /format\("[^w]/);
    assert.equal(Object.values(edge.resource.aws_lambda_function)[0].function_name, '${local.resource_names.router}');
    assert.equal(Object.values(edge.resource.aws_iam_role)[0].name, '${local.resource_names.router}');
    assert.equal(Object.values(edge.resource.aws_cloudwatch_log_group)[0].name, '/aws/lambda/${local.resource_names.router}');
    assert.match(Object.values(state.resource.aws_s3_bucket)[0].bucket, /^edge-router-state-/);
    assert.match(edge.terraform.backend.s3.bucket, /^edge-router-state-/);
  });
});
