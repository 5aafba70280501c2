// The README's quick start and deploy checklist, walked on a fresh clone (issue 20): the commands are read from the
// README itself (the fenced block after each `<!-- readme-walk: NAME -->` comment), so the README cannot drift from
// what works. As a user with no AWS account: the quick start runs whole (make serve, the two lookups, Ctrl-C) and its
// shown output is compared line by line; the deploy checklist runs every command, and where a step needs AWS it checks
// that the preflight stops it with its one line, then runs the plans offline with the mirrored provider.
//
// Two substitutions, both said here: the clone line is this test's own copy (clone.mjs: the checkout with its builds),
// and the edge listens on a port the system picks (EDGE_PORT=0) instead of 8787, which the lookups then use.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { make, makeClone, mirror, ownVariables, plain, repo, sh, spawn, userEnv, writeAppliedState, writeOffline, removeClone } from './clone.mjs';

const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');

// The fenced block after <!-- readme-walk: NAME ... -->.
export function block(name) {
  const marker = new RegExp(`<!-- readme-walk: ${name}( [^>]*)? -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\`\\n`);
  const found = marker.exec(readme);
  assert.ok(found, `README.md has no block marked <!-- readme-walk: ${name} -->`);
  return found[2];
}

// The commands of a block: one a line, comments and blank lines dropped.
export const commands = (text) => text.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));

const noCredentials = '✗ no AWS credentials: export AWS_PROFILE=<profile> (run aws sso login --profile <profile> first for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (on EC2 with a role: EDGE_ROUTER_CREDENTIALS=instance-role)';
const failures = (out) => out.split('\n').filter((l) => l.startsWith('✗ '));

let dir;
after(() => removeClone(dir));
let env;
before(() => {
  dir = makeClone('readme-walk');
  env = userEnv(dir);
});

describe('Try it without AWS, as the README says', () => {
  let serve;
  let port;
  let output = '';
  after(() => {
    if (serve && serve.exitCode === null && serve.signalCode === null) {
      process.kill(-serve.pid, 'SIGKILL');
    }
  });

  it('the clone, then make serve: the edge says where it listens', async () => {
    const steps = commands(block('quickstart'));
    assert.match(steps[0], /^git clone \S+ && cd edge-router$/, 'the first step clones (this test uses its own copy instead)');
    assert.deepEqual(steps.slice(1), ['make serve']);
    serve = spawn('make', ['serve'], { cwd: dir, env: { ...env, EDGE_PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout.on('data', (d) => { output += d; });
    serve.stderr.on('data', (d) => { output += d; });
    const deadline = Date.now() + 600_000;
    while (!(port = /^local edge: listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output)?.[1]) && Date.now() < deadline && serve.exitCode === null) {
      await new Promise((r) => setTimeout(r, 250));
    }

    assert.ok(port, `make serve never said where it listens:\n${output}`);
    assert.ok(readme.includes('`local edge: listening on http://127.0.0.1:8787`'), 'the README quotes the line the test waits for');
  });

  it('the two lookups print what the README shows, line for line', () => {
    const lookups = commands(block('lookups'));
    assert.equal(lookups.length, 2);
    const printed = lookups.map((c) => {
      assert.match(c, /^curl .*'http:\/\/127\.0\.0\.1:8787\//);
      const run = sh(dir, c.replaceAll('127.0.0.1:8787', `127.0.0.1:${port}`), env, 30_000);
      assert.equal(run.status, 0, run.out);
      return run.stdout.replaceAll('\r', '');
    }).join('\n').split('\n');
    // Each run of lines between two … is printed as is, in this order; … stands for lines left out (a date, IDs).
    const groups = block('lookups-output').split(/^….*$/m).map((g) => g.split('\n').filter((l) => l !== '')).filter((g) => g.length > 0);
    let at = 0;
    for (const group of groups) {
      const found = printed.findIndex((line, i) => i >= at && group.every((g, k) => printed[i + k] === g));
      assert.ok(found >= 0, `the README shows\n${group.join('\n')}\nbut the lookups printed\n${printed.join('\n')}`);
      at = found + group.length;
    }
  });

  it('Ctrl-C stops it, and the port is free again', async () => {
    const exited = new Promise((resolve) => serve.on('exit', resolve));
    process.kill(-serve.pid, 'SIGINT');
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 15_000));
    assert.notEqual(await Promise.race([exited, timeout]), 'timeout', 'make serve was still running 15 s after Ctrl-C');
    const refused = await new Promise((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('connect', () => { socket.destroy(); resolve(false); });
      socket.on('error', () => resolve(true));
    });
    assert.ok(refused, 'something still listens on the edge\'s port');
  });
});

describe('Deploy: the checklist, as the README says, with no AWS account', () => {
  const steps = commands(block('deploy'));
  let provider;
  let offline;
  before(() => {
    provider = mirror(dir);
    offline = { ...env, TF_CLI_CONFIG_FILE: provider.cli, AWS_ACCESS_KEY_ID: 'AKIAOFFLINETEST00000', AWS_SECRET_ACCESS_KEY: 'offline-test' };
  });

  it('the checklist is the steps this walk knows, in order', () => {
    assert.deepEqual(steps, [
      'cp terraform.tfvars.example terraform.tfvars',
      'make synth',
      'make doctor',
      'make plan STACK=state',
      'make apply STACK=state',
      'make plan',
      'make apply',
    ]);
  });

  const run = (step, environment) => {
    const [program, ...args] = step.split(/\s+/);
    return program === 'make' ? make(dir, args, environment) : sh(dir, step, environment);
  };

  it('cp, then the user\'s own values; make synth', () => {
    assert.equal(run(steps[0], env).status, 0);
    ownVariables(dir);
    const synth = run(steps[1], env);
    assert.equal(synth.status, 0, synth.out);
  });

  it('make doctor: what is missing, one line each (credentials, the state stack), and nothing else', () => {
    const doctor = run(steps[2], env);
    assert.notEqual(doctor.status, 0);
    assert.deepEqual(failures(doctor.out), [
      noCredentials,
      '✗ the state stack is not applied (no state/edge-router-state.tfstate): run make plan STACK=state, then make apply STACK=state',
    ]);
  });

  it('make plan STACK=state: without credentials the preflight stops it; with the offline provider it plans and saves', () => {
    const stopped = run(steps[3], env);
    assert.notEqual(stopped.status, 0);
    assert.deepEqual(failures(stopped.out), [noCredentials]);
    assert.doesNotMatch(stopped.out, /\$ terraform|No valid credential sources/);

    writeOffline(path.join(dir, 'cdktf.out', 'stacks', 'edge-router-state'), provider.version);
    const planned = run(steps[3], offline);
    assert.equal(planned.status, 0, planned.out);
    assert.match(plain(planned.out), /Plan: \d+ to add, 0 to change, 0 to destroy\./);
    assert.match(planned.out, /^plan: saved state\/plans\/edge-router-state\.tfplan \(CDK for Terraform\); make apply STACK=state applies exactly this plan$/m);
  });

  it('make apply STACK=state needs AWS: without credentials the preflight stops it in one line', () => {
    const stopped = run(steps[4], env);
    assert.notEqual(stopped.status, 0);
    assert.deepEqual(failures(stopped.out), [noCredentials]);
    assert.ok(fs.existsSync(path.join(dir, 'state', 'plans', 'edge-router-state.tfplan')), 'the saved plan is still there for a real apply');
  });

  it('make plan: (the state stack applied, as AWS would leave it) stopped without credentials; planned offline', () => {
    writeAppliedState(dir);
    const stopped = run(steps[5], env);
    assert.notEqual(stopped.status, 0);
    assert.deepEqual(failures(stopped.out), [noCredentials]);

    writeOffline(path.join(dir, 'cdktf.out', 'stacks', 'edge-router'), provider.version);
    const planned = run(steps[5], offline);
    assert.equal(planned.status, 0, planned.out);
    assert.match(planned.out, /^plan: cdktf\.out\/stacks\/edge-router, synthesized by CDK for Terraform \(ENGINE=cdktf\), with terraform\.tfvars$/m);
    assert.match(plain(planned.out), /Plan: \d+ to add, 0 to change, 0 to destroy\./);
    assert.ok(fs.existsSync(path.join(dir, 'state', 'plans', 'edge-router.tfplan')));
  });

  it('make apply needs AWS: without credentials the preflight stops it in one line', () => {
    const stopped = run(steps[6], env);
    assert.notEqual(stopped.status, 0);
    assert.deepEqual(failures(stopped.out), [noCredentials]);
  });
});

describe('the README\'s own links', () => {
  // GitHub's heading anchors: lower case, punctuation but - and _ dropped, spaces to hyphens.
  const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  const anchors = new Set(readme.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));

  it('every #anchor (the contents, the cross references) names a heading that exists', () => {
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 11, 'the contents list links to the sections');
    assert.deepEqual(links.filter((a) => !anchors.has(a)), []);
  });

  it('every linked file of this repository exists', () => {
    const files = [...readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(files.filter((f) => !fs.existsSync(path.join(repo, f))), []);
  });
});
