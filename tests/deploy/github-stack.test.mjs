// make doctor|plan|apply STACK=github (README, "Run it from GitHub", step 2): the GitHub pipeline's stack planned as
// the other stacks are, with its own variables file (github.tfvars), its plan kept beside the state and its lock file
// in locks/; refused in one line when githubRepository is not set (the synth then writes no such stack), and every
// STACK that is not one of the three names refused as a usage error. Offline, on a fresh clone (clone.mjs): the
// provider from the filesystem mirror through an override of the user's own beside the stack (the provider version
// and keys that only plan; the stack's own local backend in the state folder is kept).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { make, makeClone, mirror, removeClone, userEnv } from './clone.mjs';

const failures = (o) => o.split('\n').filter((l) => l.startsWith('✗ '));
const NOT_SET = '✗ githubRepository is not set, so make synth writes no GitHub pipeline stack (cdktf.out/stacks/edge-router-github): ' +
  'set "githubRepository": "owner/name" in cdktf.json\'s context (or EDGE_ROUTER_GITHUB_REPOSITORY), run make synth, then make plan STACK=github (README, Run it from GitHub)';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAOFFLINETEST00000', AWS_SECRET_ACCESS_KEY: 'offline-test' };

let dir;
let env;
let provider;
after(() => removeClone(dir));
before(() => {
  dir = makeClone('github-stack');
  provider = mirror(dir);
  env = userEnv(dir, { TF_CLI_CONFIG_FILE: provider.cli, ...CREDENTIALS });
  const synth = make(dir, ['synth'], env);
  assert.equal(synth.status, 0, synth.out);
});

const stackDir = () => path.join(dir, 'cdktf.out', 'stacks', 'edge-router-github');
const savedPlan = () => path.join(dir, 'state', 'plans', 'edge-router-github.tfplan');

// The provider's version as the mirror has it, and keys that only plan; the backend is left as synthesized.
function writeOfflineProvider() {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir(), 'cdk.tf.json'), 'utf8'));
  fs.writeFileSync(path.join(stackDir(), 'offline_override.tf.json'), `${JSON.stringify({
    terraform: { required_providers: { aws: { source: stack.terraform.required_providers.aws.source, version: provider.version } } },
    provider: { aws: [{ access_key: 'offline', secret_key: 'offline', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true, max_retries: 1 }] },
  }, null, 2)}\n`);
}

describe('STACK=github without githubRepository', () => {
  it('make plan STACK=github refuses in one line naming the setting; Terraform never runs, nothing is saved', () => {
    assert.ok(!fs.existsSync(path.join(stackDir(), 'cdk.tf.json')), 'no pipeline stack without the setting');
    const run = make(dir, ['plan', 'STACK=github'], env);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), [NOT_SET]);
    assert.doesNotMatch(run.out, /\$ terraform/);
    assert.ok(!fs.existsSync(savedPlan()));
  });

  it('make doctor STACK=github and make apply STACK=github say the same', () => {
    for (const verb of ['doctor', 'apply']) {
      const run = make(dir, [verb, 'STACK=github'], env);
      assert.equal(run.status, 2, run.out);
      assert.deepEqual(failures(run.out), [NOT_SET], verb);
    }
  });

  it('an empty EDGE_ROUTER_GITHUB_REPOSITORY is no repository either (the app reads it so)', () => {
    const run = make(dir, ['doctor', 'STACK=github'], { ...env, EDGE_ROUTER_GITHUB_REPOSITORY: '  ' });
    assert.deepEqual(failures(run.out), [NOT_SET]);
  });
});

describe('STACK is one of three names, exactly so spelled', () => {
  const cases = [
    ['GitHub', 'deploy: STACK="GitHub": stack names are lower case: STACK=github'],
    ['STATE', 'deploy: STACK="STATE": stack names are lower case: STACK=state'],
    ['', 'deploy: STACK="": use STACK=edge (the default: the distribution, the router), STACK=state (the state bucket, once, first) or STACK=github (the GitHub pipeline\'s roles)'],
    ['../x', 'deploy: STACK="../x": use STACK=edge (the default: the distribution, the router), STACK=state (the state bucket, once, first) or STACK=github (the GitHub pipeline\'s roles)'],
    ["a'b", 'deploy: STACK="a\'b": use STACK=edge (the default: the distribution, the router), STACK=state (the state bucket, once, first) or STACK=github (the GitHub pipeline\'s roles)'],
    ['edge-router-github', 'deploy: STACK="edge-router-github": use STACK=edge (the default: the distribution, the router), STACK=state (the state bucket, once, first) or STACK=github (the GitHub pipeline\'s roles)'],
  ];
  for (const [stack, line] of cases) {
    it(`STACK=${JSON.stringify(stack)}: a usage error (exit 2), one line, nothing planned`, () => {
      const r = spawnSync('node', ['deploy/terraform.mjs', 'plan', '--stack', stack], { cwd: dir, env, encoding: 'utf8' });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.split('\n')[0], line);
      assert.equal(r.stdout, '');
      const viaMake = make(dir, ['plan', `STACK=${stack}`], env);
      assert.match(viaMake.out, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      assert.ok(!fs.existsSync(path.join(dir, 'state', 'plans')) || fs.readdirSync(path.join(dir, 'state', 'plans')).length === 0);
    });
  }

  it('with environments declared, STACK=github and STACK=state need no ENV (one stack for all of them)', () => {
    for (const stack of ['github', 'state']) {
      const run = make(dir, ['plan', `STACK=${stack}`], { ...userEnv(dir), EDGE_ROUTER_ENVIRONMENTS: 'staging,production' });
      assert.doesNotMatch(run.out, /environments are declared/, stack);
      assert.match(run.out, /^✗ no AWS credentials/m, stack);
    }

    const edge = make(dir, ['plan'], { ...userEnv(dir), EDGE_ROUTER_ENVIRONMENTS: 'staging,production' });
    assert.match(edge.out, /^plan: environments are declared \(staging production\): give one, e\.g\. make plan ENV=staging$/m);
  });
});

describe('STACK=github with githubRepository', () => {
  let githubEnv;
  before(() => {
    githubEnv = { ...env, EDGE_ROUTER_GITHUB_REPOSITORY: 'acme-test/edge-site' };
    const synth = make(dir, ['synth'], githubEnv);
    assert.equal(synth.status, 0, synth.out);
    writeOfflineProvider();
  });

  it('no github.tfvars: make plan STACK=github says to copy github.tfvars.example', () => {
    const run = make(dir, ['plan', 'STACK=github'], githubEnv);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), ['✗ no github.tfvars: cp github.tfvars.example github.tfvars, then set your own values in it']);
    assert.doesNotMatch(run.out, /\$ terraform/);
  });

  it('the example copied as it is: its placeholder bucket is refused, by name', () => {
    fs.copyFileSync(path.join(dir, 'github.tfvars.example'), path.join(dir, 'github.tfvars'));
    const run = make(dir, ['doctor', 'STACK=github'], githubEnv);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), [
      '✗ github.tfvars: site_bucket_names is still the example\'s (site_bucket_names[0] = "example-com-site" is the example\'s bucket name): set your own value',
    ]);
  });

  it('a value its validation refuses: Terraform\'s message, naming the variable', () => {
    fs.writeFileSync(path.join(dir, 'github.tfvars'), 'site_bucket_names = []\n');
    const run = make(dir, ['doctor', 'STACK=github'], githubEnv);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), ['✗ github.tfvars:1: Invalid value for variable: site_bucket_names must list 1 to 10 S3 bucket names ' +
      '(3-63 lower-case letters, digits and hyphens), the site_bucket_name of each environment. (edit github.tfvars)']);
  });

  it('make plan STACK=github plans it with github.tfvars, keeps the plan beside the state and the lock file in locks/', () => {
    fs.writeFileSync(path.join(dir, 'github.tfvars'), 'site_bucket_names = ["acme-test-site-7f3a", "acme-test-staging-7f3a"]\n');
    const run = make(dir, ['plan', 'STACK=github'], githubEnv);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /^✓ github\.tfvars: Terraform reads it, every required variable is set and valid, no example placeholder left$/m);
    assert.match(run.out, /^plan: cdktf\.out\/stacks\/edge-router-github, synthesized by CDK for Terraform \(ENGINE=cdktf\), with github\.tfvars$/m);
    assert.match(run.out, /^plan: saved state\/plans\/edge-router-github\.tfplan \(CDK for Terraform\); make apply STACK=github applies exactly this plan$/m);
    assert.ok(fs.existsSync(path.join(dir, 'locks', 'cdktf', 'edge-router-github.terraform.lock.hcl')));
    const show = spawnSync('terraform', [`-chdir=${stackDir()}`, 'show', '-json', savedPlan()], { env: githubEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(show.status, 0, show.stderr);
    const planned = JSON.parse(show.stdout);
    assert.deepEqual(planned.variables.site_bucket_names.value, ['acme-test-site-7f3a', 'acme-test-staging-7f3a']);
    const created = planned.resource_changes.filter((c) => c.change.actions.includes('create')).map((c) => c.address).sort();
    assert.deepEqual(created, ['aws_iam_openid_connect_provider.github', 'aws_iam_role.apply_role', 'aws_iam_role.plan_role',
      'aws_iam_role_policy.apply_policy', 'aws_iam_role_policy.plan_policy']);
    const info = JSON.parse(fs.readFileSync(`${savedPlan()}.json`, 'utf8'));
    assert.equal(info.tfvars, 'github.tfvars');
  });

  it('GITHUB_TFVARS names another file; TFVARS (the edge stack\'s) is not read for it', () => {
    fs.writeFileSync(path.join(dir, 'pipeline.tfvars'), 'site_bucket_names = ["other"]\nroute53_zone_ids = ["bad"]\n');
    const run = make(dir, ['doctor', 'STACK=github', 'GITHUB_TFVARS=pipeline.tfvars', 'TFVARS=nothing-here.tfvars'], githubEnv);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), ['✗ pipeline.tfvars:2: Invalid value for variable: route53_zone_ids must list hosted zone IDs such as Z0123456789ABCDEFGHIJ. (edit pipeline.tfvars)']);
  });

  it('a synth for another repository after make plan: make apply STACK=github refuses the plan in one line', () => {
    const synth = make(dir, ['synth'], { ...githubEnv, EDGE_ROUTER_GITHUB_REPOSITORY: 'someone-else/edge-site' });
    assert.equal(synth.status, 0, synth.out);
    const run = make(dir, ['apply', 'STACK=github'], githubEnv);
    assert.equal(run.status, 2, run.out);
    assert.deepEqual(failures(run.out), [
      '✗ cdktf.out/stacks/edge-router-github changed since make plan (now CDK for Terraform\'s stack; planned: CDK for Terraform\'s): run make plan STACK=github again, and read it',
    ]);
    assert.doesNotMatch(run.out, /\$ terraform/);
    assert.ok(fs.existsSync(savedPlan()), 'the refused plan is left for the user to read');
  });

  it('a synth without the setting afterwards removes the stack; make plan STACK=github refuses again', () => {
    const synth = make(dir, ['synth'], env);
    assert.equal(synth.status, 0, synth.out);
    assert.ok(!fs.existsSync(path.join(stackDir(), 'cdk.tf.json')));
    const run = make(dir, ['plan', 'STACK=github'], env);
    assert.deepEqual(failures(run.out), [NOT_SET]);
  });
});

describe('the README\'s set-up step uses these verbs', () => {
  it('"Run it from GitHub", step 2: make plan STACK=github and make apply STACK=github, no raw terraform -chdir', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### One-time set-up'), readme.indexOf('### When apply refuses a stale plan'));
    const step2 = section.slice(section.indexOf('\n2. '), section.indexOf('\n3. '));
    for (const command of ['cp github.tfvars.example github.tfvars', 'make plan STACK=github', 'make apply STACK=github', 'make doctor STACK=github']) {
      assert.ok(step2.includes(`\`${command}\``), `step 2 names \`${command}\`:\n${step2}`);
    }

    assert.doesNotMatch(section, /terraform -chdir/);
    assert.ok(fs.existsSync(path.join(dir, 'github.tfvars.example')), 'the example the step copies is in the clone (tracked)');
  });
});
