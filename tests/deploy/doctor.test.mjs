// The preflight (issue 20): `make doctor`, and `make plan`/`make apply` before Terraform runs. Each problem is one
// line, `✗ what: the next step`, asserted exactly; the exit code is 1 (a ✗), 2 (usage), 0 (ready). Run on a fresh
// clone with the builds copied (clone.mjs), as a user with no AWS account: no AWS_* in the environment, an empty home.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { checkCredentials, checkVariables, format, placeholderIn } from '../../deploy/doctor.mjs';
import { make, makeClone, ownVariables, userEnv, work, writeAppliedState, removeClone } from './clone.mjs';

const ready = (o) => o.split('\n').filter((l) => /^[✓✗!] /.test(l));
const failures = (o) => o.split('\n').filter((l) => l.startsWith('✗ '));

let dir;
after(() => removeClone(dir));
let env;
before(() => {
  dir = makeClone('doctor');
  env = userEnv(dir);
  const synth = make(dir, ['synth'], env);
  assert.equal(synth.status, 0, synth.out);
});

describe('make plan without AWS credentials', () => {
  it('stops before Terraform runs, with one line saying how to give credentials (not the provider\'s IMDS timeout)', () => {
    const run = make(dir, ['plan', 'STACK=state'], env);
    assert.equal(run.status, 2 /* make's own status when a recipe fails */, run.out);
    assert.deepEqual(failures(run.out), [
      '✗ no AWS credentials: export AWS_PROFILE=<profile> (run aws sso login --profile <profile> first for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (on EC2 with a role: EDGE_ROUTER_CREDENTIALS=instance-role)',
    ]);
    assert.match(run.out, /plan: stopped before Terraform ran: fix the ✗ line above \(make doctor checks again\)/);
    assert.doesNotMatch(run.out, /\$ terraform|No valid credential sources|IMDS|EC2 IMDS/);
  });

  it('make doctor says the same, every other check too, and exits 1', () => {
    const run = make(dir, ['doctor'], env);
    assert.equal(run.status, 2, run.out);
    const lines = failures(run.out);
    assert.ok(lines.includes('✗ no AWS credentials: export AWS_PROFILE=<profile> (run aws sso login --profile <profile> first for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (on EC2 with a role: EDGE_ROUTER_CREDENTIALS=instance-role)'), run.out);
    assert.ok(lines.includes('✗ the state stack is not applied (no state/edge-router-state.tfstate): run make plan STACK=state, then make apply STACK=state'), run.out);
    assert.ok(lines.includes('✗ no terraform.tfvars: cp terraform.tfvars.example terraform.tfvars, then set your own values in it'), run.out);
    assert.match(run.out, /^✓ terraform \d+\.\d+\.\d+ \(1\.11 or newer\)$/m);
    assert.match(run.out, /^✓ cdktf\.out\/stacks\/edge-router: synthesized by CDK for Terraform \(ENGINE=cdktf\) at .* UTC, newer than its sources/m);
    assert.match(run.out, /^doctor: 3 problems; fix them and run make doctor again$/m);
  });

  it('exit codes: 1 on a ✗, 2 on a usage error (an unknown STACK, option or command)', () => {
    const usage = make(dir, ['doctor', 'STACK=bogus'], env);
    assert.match(usage.out, /^deploy: STACK="bogus": use STACK=edge \(the default: the distribution, the router\), STACK=state \(the state bucket, once, first\) or STACK=github \(the GitHub pipeline's roles\)$/m);
    assert.equal(requireSpawn(['doctor', '--stack', 'bogus']).status, 2);
    assert.equal(requireSpawn(['doctor', '--bogus']).status, 2);
    assert.equal(requireSpawn(['unknown']).status, 2);
    assert.equal(requireSpawn(['doctor']).status, 1);
  });
});

function requireSpawn(args, extraEnv = {}) {
  const r = spawnSync('node', ['deploy/terraform.mjs', ...args], { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const doctorLine = (extraEnv, pattern) => {
  const r = requireSpawn(['doctor', '--stack', 'state'], extraEnv);
  return r.out.split('\n').find((l) => pattern.test(l));
};

describe('credentials: the source is found without calling AWS, and named, never printed', () => {
  const writeConfig = (text, file = 'config') => {
    const aws = path.join(env.HOME, '.aws');
    fs.mkdirSync(aws, { recursive: true });
    fs.writeFileSync(path.join(aws, file), text);
  };
  const clean = () => fs.rmSync(path.join(env.HOME, '.aws'), { recursive: true, force: true });

  it('access keys in the environment: found, and neither key is printed', () => {
    const r = requireSpawn(['doctor', '--stack', 'state'], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID1234', AWS_SECRET_ACCESS_KEY: 'sekrit/value+that-must-never-print' });
    assert.match(r.out, /^✓ AWS credentials: environment \(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY\)$/m);
    assert.doesNotMatch(r.out, /sekrit|AKIAEXAMPLEKEYID1234/);
  });

  it('one key without the other', () => {
    assert.equal(doctorLine({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID1234' }, /AWS_ACCESS_KEY_ID/),
      '✗ AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: export both, or unset AWS_ACCESS_KEY_ID and export AWS_PROFILE=…');
    assert.equal(doctorLine({ AWS_SECRET_ACCESS_KEY: 'x' }, /AWS_SECRET/),
      '✗ AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: export both, or unset AWS_SECRET_ACCESS_KEY and export AWS_PROFILE=…');
  });

  it('AWS_PROFILE naming no profile', () => {
    clean();
    assert.equal(doctorLine({ AWS_PROFILE: 'prod' }, /prod/),
      '✗ AWS_PROFILE="prod" names no profile in ~/.aws/config or ~/.aws/credentials: run aws configure sso --profile prod (or aws configure --profile prod), or export AWS_PROFILE=<a profile you have>');
  });

  it('an SSO profile: not signed in, expired, signed in (the SDK\'s token cache, read offline)', () => {
    clean();
    writeConfig('[profile prod]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Deploy\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n');
    assert.equal(doctorLine({ AWS_PROFILE: 'prod' }, /prod/), '✗ AWS profile "prod" uses SSO and is not signed in: run aws sso login --profile prod');
    const cache = path.join(env.HOME, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const token = path.join(cache, `${crypto.createHash('sha1').update('corp').digest('hex')}.json`);
    fs.writeFileSync(token, JSON.stringify({ accessToken: 'never-printed-token', expiresAt: '2020-01-01T00:00:00Z' }));
    assert.equal(doctorLine({ AWS_PROFILE: 'prod' }, /prod/), '✗ AWS profile "prod": the SSO session expired at 2020-01-01T00:00:00.000Z: run aws sso login --profile prod');
    fs.writeFileSync(token, JSON.stringify({ accessToken: 'never-printed-token', expiresAt: '2999-01-01T00:00:00Z' }));
    const r = requireSpawn(['doctor', '--stack', 'state'], { AWS_PROFILE: 'prod' });
    assert.match(r.out, /^✓ AWS credentials: profile "prod" \(SSO, signed in until 2999-01-01T00:00:00\.000Z; ~\/\.aws\/config\)$/m);
    assert.doesNotMatch(r.out, /never-printed-token/);
    clean();
  });

  it('a profile with keys in the credentials file, and the [default] profile without AWS_PROFILE', () => {
    clean();
    writeConfig('[default]\naws_access_key_id = AKIAEXAMPLEKEYID1234\naws_secret_access_key = sekrit\n', 'credentials');
    const r = requireSpawn(['doctor', '--stack', 'state']);
    assert.match(r.out, /^✓ AWS credentials: profile "default" \(access keys in ~\/\.aws\/credentials\)$/m);
    assert.doesNotMatch(r.out, /sekrit|AKIAEXAMPLEKEYID1234/);
    clean();
  });

  it('a web identity token file that does not exist', () => {
    assert.equal(doctorLine({ AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/ci' }, /WEB_IDENTITY/),
      '✗ AWS_WEB_IDENTITY_TOKEN_FILE names /nonexistent/token, which does not exist: point it at your CI\'s OIDC token file, or unset it');
  });
});

describe('terraform', () => {
  it('missing, or older than 1.11', () => {
    const fake = path.join(dir, '.home', 'terraform-1.10');
    fs.writeFileSync(fake, '#!/bin/sh\necho \'{"terraform_version":"1.10.5","platform":"linux_amd64"}\'\n', { mode: 0o755 });
    let r = requireSpawn(['doctor', '--stack', 'state', '--terraform', fake]);
    assert.ok(failures(r.out).includes('✗ terraform 1.10.5 is older than 1.11.0, which the stacks require (the S3 backend\'s lock file): install Terraform 1.11 or newer'), r.out);
    r = requireSpawn(['doctor', '--stack', 'state', '--terraform', '/nonexistent/terraform']);
    assert.ok(failures(r.out).includes('✗ terraform not found (/nonexistent/terraform): install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install), or set TERRAFORM=/path/to/terraform'), r.out);
  });
});

describe('the state stack, the variables file, the synth', () => {
  const keys = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID1234', AWS_SECRET_ACCESS_KEY: 'x' };

  it('the example copied as is: every placeholder named, one line per variable', () => {
    fs.copyFileSync(path.join(dir, 'terraform.tfvars.example'), path.join(dir, 'terraform.tfvars'));
    const r = requireSpawn(['doctor'], keys);
    const lines = failures(r.out).filter((l) => l.startsWith('✗ terraform.tfvars'));
    // The stack's own validations refuse the example's certificate and zone (main/Inputs/ExamplePlaceholders.cs):
    // Terraform's messages, with their lines, come first; the textual checks below run once those pass.
    const at = (name) => fs.readFileSync(path.join(dir, 'terraform.tfvars'), 'utf8').split('\n').findIndex((l) => l.startsWith(`${name} `)) + 1;
    assert.ok(lines.some((l) => l.startsWith(`✗ terraform.tfvars:${at('acm_certificate_arn')}: Invalid value for variable: acm_certificate_arn is terraform.tfvars.example's placeholder`)), r.out);
    assert.ok(lines.some((l) => l.startsWith(`✗ terraform.tfvars:${at('route53_zone_id')}: Invalid value for variable: route53_zone_id is terraform.tfvars.example's placeholder`)), r.out);
    assert.equal(lines.length, 2, r.out);

    // With those two set, the placeholders only the doctor recognizes are named, one line per variable.
    const example = fs.readFileSync(path.join(dir, 'terraform.tfvars.example'), 'utf8')
      .replace('arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d', 'arn:aws:acm:us-east-1:210987654321:certificate/1a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')
      .replace('Z0123456789ABCDEFGHIJ', 'Z9876543210ZYXWVUTSRQ');
    fs.writeFileSync(path.join(dir, 'terraform.tfvars'), example);
    const again = requireSpawn(['doctor'], keys);
    const named = failures(again.out).filter((l) => l.startsWith('✗ terraform.tfvars'));
    assert.ok(named.includes('✗ terraform.tfvars: site_bucket_name is still the example\'s (site_bucket_name = "example-com-site" is the example\'s bucket name): set your own value'), again.out);
    assert.ok(named.includes('✗ terraform.tfvars: aliases is still the example\'s (aliases[0] = "example.com" is a reserved example domain (RFC 2606)): set your own value (and 1 more in aliases)'), again.out);
    assert.ok(named.includes('✗ terraform.tfvars: webfinger_domain is still the example\'s (webfinger_domain = "example.com" is a reserved example domain (RFC 2606)): set your own value'), again.out);
  });

  it('a value a validation refuses, a missing required variable, a syntax error: Terraform\'s own message, one line, with the line number', () => {
    ownVariables(dir);
    const file = path.join(dir, 'terraform.tfvars');
    const own = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, own.replace('site_bucket_name = "walk-test-site-7f3a"', 'site_bucket_name = "Bad_Name"'));
    let r = requireSpawn(['doctor'], keys);
    let lines = failures(r.out).filter((l) => l.startsWith('✗ terraform.tfvars'));
    assert.equal(lines.length, 1, r.out);
    assert.match(lines[0], /^✗ terraform\.tfvars:\d+: Invalid value for variable: .*site_bucket_name.* \(edit terraform\.tfvars\)$/);

    fs.writeFileSync(file, own.replace(/^site_bucket_name = .*$/m, ''));
    r = requireSpawn(['doctor'], keys);
    lines = failures(r.out).filter((l) => /tfvars|variable/.test(l));
    assert.equal(lines.length, 1, r.out);
    assert.match(lines[0], /^✗ .*No value for required variable: .*"site_bucket_name".* \(edit terraform\.tfvars\)$/);

    fs.writeFileSync(file, own.replace('price_class = "PriceClass_100"', 'price_class = "PriceClass_100'));
    r = requireSpawn(['doctor'], keys);
    lines = failures(r.out).filter((l) => l.startsWith('✗ terraform.tfvars'));
    assert.equal(lines.length, 1, r.out);
    const line = own.split('\n').findIndex((l) => l.startsWith('price_class')) + 1;
    assert.match(lines[0], new RegExp(`^✗ terraform\\.tfvars:${line}: Invalid multi-line string: .* \\(edit terraform\\.tfvars; Terraform reports \\d+ more after it\\)$`));
    ownVariables(dir);
  });

  it('state: missing, holding another bucket than the kept name, then applied: ready', () => {
    ownVariables(dir);
    const stateFile = path.join(dir, 'state', 'edge-router-state.tfstate');
    fs.rmSync(stateFile, { force: true });
    let r = requireSpawn(['doctor'], keys);
    assert.deepEqual(failures(r.out), ['✗ the state stack is not applied (no state/edge-router-state.tfstate): run make plan STACK=state, then make apply STACK=state']);
    const name = writeAppliedState(dir);
    const state = fs.readFileSync(stateFile, 'utf8');
    fs.writeFileSync(stateFile, state.replaceAll(name, 'edge-router-state-zzzzzzzzzzzz'));
    r = requireSpawn(['doctor'], keys);
    assert.deepEqual(failures(r.out), [`✗ state/state-bucket-name says ${name}, but the state stack created edge-router-state-zzzzzzzzzzzz: put edge-router-state-zzzzzzzzzzzz back into it and run make synth`]);
    writeAppliedState(dir);
    r = requireSpawn(['doctor'], keys);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, new RegExp(`^✓ state stack applied: bucket ${name} \\(state/edge-router-state.tfstate, state/state-bucket-name\\)$`, 'm'));
    assert.match(r.out, /^✓ terraform\.tfvars: Terraform reads it, every required variable is set and valid, no example placeholder left$/m);
    assert.match(r.out, /^doctor: ready: make plan$/m);
  });

  it('a source changed after the synth, an engine asked for that did not write the stack, no synth at all', () => {
    const source = path.join(dir, 'main', 'EdgeStack.cs');
    const { atime, mtime } = fs.statSync(source);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(source, later, later);
    let r = requireSpawn(['doctor', '--stack', 'state'], keys);
    assert.deepEqual(failures(r.out), ['✗ main/EdgeStack.cs changed after the last synth: run make synth, then read cdktf.out/stacks/edge-router-state/cdk.tf.json again']);
    // Back as it was (a real change would rebuild the app: minutes, and not what is tested here).
    fs.utimesSync(source, atime, mtime);
    r = requireSpawn(['doctor', '--stack', 'state', '--engine', 'cdktn', '--engine-given'], keys);
    assert.deepEqual(failures(r.out), ['✗ cdktf.out/stacks/edge-router-state holds the stack CDK for Terraform wrote (ENGINE=cdktf), not ENGINE=cdktn: run make synth ENGINE=cdktn, or plan it with ENGINE=cdktf']);
    fs.renameSync(path.join(dir, 'cdktf.out'), path.join(dir, 'cdktf.out.away'));
    r = requireSpawn(['doctor', '--stack', 'state'], keys);
    assert.deepEqual(failures(r.out), ['✗ no synthesized stack in cdktf.out/stacks/edge-router-state: run make synth, then read cdktf.out/stacks/edge-router-state/cdk.tf.json']);
    fs.renameSync(path.join(dir, 'cdktf.out.away'), path.join(dir, 'cdktf.out'));
  });

  it('a make plan of the same stack already running: the second stops in one line; a lock left by a dead process is taken over', () => {
    const lock = path.join(dir, 'state', 'plans', 'edge-router.tfplan.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, `${process.pid}\n`);
    const r = make(dir, ['plan'], { ...env, ...keys });
    assert.notEqual(r.status, 0);
    assert.match(r.out, new RegExp(`^✗ another make plan or make apply of edge-router is running \\(process ${process.pid}, state/plans/edge-router\\.tfplan\\.lock\\): wait for it to finish$`, 'm'));
    assert.doesNotMatch(r.out, /\$ terraform/);
    assert.ok(fs.existsSync(lock), 'the other run\'s lock is left alone');
    fs.rmSync(lock);
  });

  it('make apply with no saved plan, or with a plan record that is not make plan\'s', () => {
    const plans = path.join(dir, 'state', 'plans');
    fs.mkdirSync(plans, { recursive: true });
    fs.writeFileSync(path.join(plans, 'edge-router.tfplan'), 'not a plan');
    fs.writeFileSync(path.join(plans, 'edge-router.tfplan.json'), JSON.stringify({ engine: 'constructor', stackDigest: 'x' }));
    const r = make(dir, ['apply'], { ...env, ...keys });
    assert.notEqual(r.status, 0);
    assert.deepEqual(failures(r.out), ['✗ no saved plan for edge-router (state/plans/edge-router.tfplan): run make plan first, and read it']);
    fs.rmSync(path.join(plans, 'edge-router.tfplan'));
    fs.rmSync(path.join(plans, 'edge-router.tfplan.json'));
  });

  it('make apply with no saved plan', () => {
    const r = make(dir, ['apply'], { ...env, ...keys });
    assert.notEqual(r.status, 0);
    assert.deepEqual(failures(r.out), ['✗ no saved plan for edge-router (state/plans/edge-router.tfplan): run make plan first, and read it']);
  });

  it('every line the doctor prints is one of ✓ ✗ ! or its summary', () => {
    const r = requireSpawn(['doctor']);
    const other = r.out.trim().split('\n').filter((l) => !/^[✓✗!] /.test(l) && !/^doctor: /.test(l));
    assert.deepEqual(other, []);
    assert.ok(ready(r.out).length >= 5);
  });
});

describe('placeholders: the example\'s values are refused, real names are not', () => {
  it('finds every placeholder of the example, in any position of a value', () => {
    for (const v of ['example.com', 'www.example.com', 'https://auth.example.com', 'acct:carol@example.com', 'wss://relay.example.com',
      'matrix.example.com:443', 'foo.example', 'did:web:example.com', 'https://example.org/x?y', 'EXAMPLE.NET',
      'arn:aws:acm:us-east-1:123456789012:certificate/x', 'Z0123456789ABCDEFGHIJ', 'example-com-site']) {
      assert.ok(placeholderIn(v), v);
    }
  });

  it('no false positive on names that only look alike', () => {
    for (const v of ['example.com.au', 'myexample.com', 'example.community', 'notexample.org', 'my.example.co.uk', 'examples.com',
      'example-com-site2', '1234567890123', 'arn:aws:acm:us-east-1:111122223333:certificate/x', 'Z0123456789ABCDEFGHIJK', 'exampleXcom', '']) {
      assert.equal(placeholderIn(v), undefined, v);
    }
  });
});

describe('the checks as functions: what the preflight cannot know offline, and profiles the SDK would not read', () => {
  const home = fs.mkdtempSync(path.join(work, 'doctor-home-'));
  after(() => fs.rmSync(home, { recursive: true, force: true }));
  const cli = path.join(home, 'empty.rc');
  fs.writeFileSync(cli, '');

  it('a validation that refers beyond the variables: a ! note and a modest ✓, never a ✗ on the user\'s file; placeholders still found', () => {
    const stack = { variable: { a: { type: 'string', validation: [{ condition: '${var.a != local.x}', error_message: 'a must not be x.' }] }, b: { type: 'string' } } };
    const tfvars = path.join(home, 'limit.tfvars');
    fs.writeFileSync(tfvars, 'a = "mysite.dev"\nb = "z"\n');
    const options = { workDir: home, terraform: 'terraform', env: { ...process.env, TF_CLI_CONFIG_FILE: cli } };
    let lines = checkVariables(stack, tfvars, home, options).map(format);
    assert.deepEqual(lines, [
      '✓ limit.tfvars: Terraform reads it, and the checks it can run offline pass',
      '! some variables could not be checked offline (Reference to undeclared local value): make plan checks them',
    ]);
    fs.writeFileSync(tfvars, 'a = "www.example.com"\nb = "z"\n');
    lines = checkVariables(stack, tfvars, home, options).map(format);
    assert.ok(lines.includes('✗ limit.tfvars: a is still the example\'s (a = "www.example.com" is a reserved example domain (RFC 2606)): set your own value'), lines.join('\n'));
  });

  it('[NAME] without "profile " in the config file, and a role whose source_profile does not exist', () => {
    fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', 'config'), '[prod]\nregion = eu-west-1\n\n[profile deploy]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = base\n');
    assert.equal(format(checkCredentials({ HOME: home, AWS_PROFILE: 'prod' })), '✗ ~/.aws/config has [prod], which the AWS SDKs do not read as a profile: rename it [profile prod]');
    assert.equal(format(checkCredentials({ HOME: home, AWS_PROFILE: 'deploy' })),
      '✗ AWS profile "deploy" takes its credentials from source_profile "base", which is in neither ~/.aws/config nor ~/.aws/credentials: run aws configure --profile base');
    fs.appendFileSync(path.join(home, '.aws', 'config'), '\n[profile base]\ncredential_process = /usr/local/bin/get-creds\n');
    assert.equal(format(checkCredentials({ HOME: home, AWS_PROFILE: 'deploy' })), '✓ AWS credentials: profile "deploy" (assumes role/deploy; ~/.aws/config)');
  });
});
