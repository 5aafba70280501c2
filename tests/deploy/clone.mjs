// A fresh clone of this checkout for the deploy tests, with the builds copied so make finds them up to date, and
// what the offline plans need (the filesystem mirror's CLI configuration, an override per stack).
//
// The clone is `git ls-files` (tracked files and new ones not ignored: what a commit of this tree would hold), copied
// with their time stamps, plus node_modules and the generated bindings (linked: only read) and build/main,
// build/lambda, build/edge with main's restore stamps (copied: make may write there). Nothing of the user's (state/, terraform.tfvars,
// cdktf.out/, locks/) is copied.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repo = path.resolve(import.meta.dirname, '..', '..');
export const work = path.join(repo, 'build', 'test-deploy');

// Removed when the file's tests end (set EDGE_ROUTER_KEEP_TEST_CLONES=1 to look at one): a CI copy of the build
// folder should not carry them.
export function removeClone(dir) {
  if (dir && !process.env.EDGE_ROUTER_KEEP_TEST_CLONES) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// under: the folder the clone goes in (default build/test-deploy, which make test-deploy empties first); builds: more
// of build/ to copy (tests/pipeline's workflow run copies the review and publish tools too).
export function makeClone(name, { under = work, builds = [] } = {}) {
  const dir = path.join(under, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo })
    .toString('utf8').split('\0').filter((f) => f && fs.existsSync(path.join(repo, f)));
  // Never the user's own files, even where a checkout does not ignore them.
  const users = /^(state|locks|cdktf\.out|hcl)\/|^(terraform|github)\.tfvars$/;
  const files = listed.filter((f) => !users.test(f));
  execFileSync('cp', ['-a', '--parents', '-t', dir, ...files], { cwd: repo, maxBuffer: 64 << 20 });
  for (const linked of ['node_modules', '.bindings', 'engines/cdktn/node_modules']) {
    if (fs.existsSync(path.join(repo, linked))) {
      fs.symlinkSync(path.join(repo, linked), path.join(dir, linked));
    }
  }

  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  // With the make stamps that say they are built from these sources: without main's restore stamp make restores and
  // rebuilds the app in every clone, for each engine (a minute or more of the suite's wall time, issue 21), which is
  // not what a make synth after a build does; cdktf.json's context is as cheap to copy as to write. main/obj is not
  // copied (NuGet's files there name this checkout's paths): a build of main/ in a clone (a test that edits it)
  // restores first, as the Makefile does whenever project.assets.json is missing.
  const buildDir = path.join(repo, 'build');
  const stamps = fs.existsSync(buildDir) ? fs.readdirSync(buildDir).filter((f) => /^main-restored-[a-z]+\.stamp$/.test(f)) : [];
  for (const built of ['main', 'main-cdktn', 'lambda', 'edge', 'cdktf-context.json', ...stamps, ...builds]) {
    if (fs.existsSync(path.join(repo, 'build', built))) {
      execFileSync('cp', ['-a', path.join(repo, 'build', built), path.join(dir, 'build', built)]);
    }
  }

  return dir;
}

// The environment of an ordinary user with no AWS account: no AWS_* or TF_* variables, an empty home, and a
// Terraform CLI configuration of the test's own (the machine's points at a file that does not exist).
export function userEnv(dir, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|TF_|EDGE_ROUTER_|MAKEFLAGS$|MFLAGS$|MAKELEVEL$|ENGINE$|STACK$|TFVARS$)/.test(k)) {
      env[k] = v;
    }
  }

  const home = path.join(dir, '.home');
  fs.mkdirSync(home, { recursive: true });
  const cli = path.join(dir, '.terraform-empty.rc');
  fs.writeFileSync(cli, '');
  return { ...env, HOME: home, TF_CLI_CONFIG_FILE: cli, ...extra };
}

export const mirrorRoot = process.env.EDGE_ROUTER_PLAN_MIRROR || '/opt/tf-plugins';
export const providerAddress = 'registry.terraform.io/hashicorp/aws';

// The highest hashicorp/aws in the filesystem mirror (tests/EdgeRouter.PlanTests does the same), and a CLI
// configuration that installs it from there only: never the network.
export function mirror(dir) {
  const versions = path.join(mirrorRoot, providerAddress);
  const found = fs.existsSync(versions)
    ? fs.readdirSync(versions).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    : [];
  if (found.length === 0) {
    throw new Error(`NO OFFLINE AWS PROVIDER in ${versions} (a Terraform filesystem mirror): set EDGE_ROUTER_PLAN_MIRROR; these tests never pass without a plan`);
  }

  const cli = path.join(dir, '.terraform-mirror.rc');
  fs.writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path    = "${mirrorRoot}"\n    include = ["${providerAddress}"]\n  }\n  direct {\n    exclude = ["${providerAddress}"]\n  }\n}\n`);
  return { version: found.at(-1), cli };
}

// What tests/EdgeRouter.PlanTests' PlanCopy writes, as a user's own override beside the synthesized stack: a local
// backend in the stack's folder, the mirrored provider version, and keys that only plan. A synth keeps it.
export function writeOffline(stackDir, version) {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const blocks = Array.isArray(stack.provider?.aws) ? stack.provider.aws : stack.provider?.aws ? [stack.provider.aws] : [{}];
  const aliases = [...new Set(blocks.map((b) => b.alias ?? null))];
  const override = {
    terraform: {
      backend: { local: { path: 'terraform.tfstate' } },
      required_providers: { aws: { source: stack.terraform?.required_providers?.aws?.source ?? 'hashicorp/aws', version } },
    },
    provider: {
      aws: aliases.map((alias) => ({
        ...(alias ? { alias } : {}),
        access_key: 'edge-router-offline-test',
        secret_key: 'edge-router-offline-test',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        max_retries: 1,
      })),
    },
  };
  fs.writeFileSync(path.join(stackDir, 'offline_override.tf.json'), `${JSON.stringify(override, null, 2)}\n`);
}

// The example with every placeholder replaced, as the README's "set your own values" asks.
export function ownVariables(dir) {
  const example = fs.readFileSync(path.join(dir, 'terraform.tfvars.example'), 'utf8');
  const own = example
    .replaceAll('example-com-site', 'walk-test-site-7f3a')
    .replaceAll('123456789012', '111122223333')
    .replaceAll('Z0123456789ABCDEFGHIJ', 'Z1D633PJN98FT9')
    .replaceAll('example.com', 'walk-test.dev');
  fs.writeFileSync(path.join(dir, 'terraform.tfvars'), own);
}

// The state stack as an apply leaves it (only the part make doctor reads): its bucket, under the kept name.
export function writeAppliedState(dir) {
  const name = fs.readFileSync(path.join(dir, 'state', 'state-bucket-name'), 'utf8').trim();
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'edge-router-deploy-test',
    outputs: {},
    resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'state_bucket', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: { bucket: name, id: name } }] }],
  };
  fs.writeFileSync(path.join(dir, 'state', 'edge-router-state.tfstate'), `${JSON.stringify(state, null, 2)}\n`);
  return name;
}

// Terraform's colours and box drawing out, lines joined: what a reader sees, for matching its messages.
export const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');

export function make(dir, args, env, timeout = 600_000) {
  const run = spawnSync('make', args, { cwd: dir, env, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  return { status: run.status, out: `${run.stdout ?? ''}${run.stderr ?? ''}`, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

export function sh(dir, command, env, timeout = 600_000) {
  const run = spawnSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  return { status: run.status, out: `${run.stdout ?? ''}${run.stderr ?? ''}`, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

export { spawn };
