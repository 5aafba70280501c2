// ENV and the declared environments (environments/environments.mk, issue 22's hostile round): which stack and
// variables file make plan/review/apply take. Run on environments.mk alone, included by a two-line Makefile in a
// temporary folder with a cdktf.json declaring staging and production: make stops at parse, before any recipe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const mk = path.resolve(import.meta.dirname, '..', '..', 'environments', 'environments.mk');
let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-router-environments-'));
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ context: { environments: ['staging', 'production'] } }));
  fs.writeFileSync(path.join(dir, 'Makefile'),
    `include ${mk}\nTFVARS ?= terraform.tfvars\nshow:\n\t@echo "environments=[$(ENVIRONMENTS)] tfvars=[$(TFVARS)] stack=[$(STACK_JSON)]"\n`);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function show(args, extraEnv = {}) {
  const env = { ...process.env, ...extraEnv };
  if (!('EDGE_ROUTER_ENVIRONMENTS' in extraEnv)) {
    delete env.EDGE_ROUTER_ENVIRONMENTS;
  }

  const run = spawnSync('make', ['--no-print-directory', 'show', ...args], { cwd: dir, env, encoding: 'utf8' });
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.replace(/^.*environments\.mk:\d+: \*\*\* /, '').trim() };
}

describe('make ENV=', () => {
  it('an environment takes its own stack and variables file', () => {
    assert.deepEqual(show(['ENV=production']), {
      status: 0,
      out: 'environments=[staging production] tfvars=[environments/production.tfvars] stack=[cdktf.out/stacks/edge-router-production/cdk.tf.json]',
      err: '',
    });
  });

  it('another environment\'s variables file with ENV is refused, however the path is spelled; its own file or one of the user\'s is taken', () => {
    for (const other of ['environments/staging.tfvars', './environments/staging.tfvars', `${dir}/environments/staging.tfvars`, 'environments/../environments/staging.tfvars']) {
      const run = show(['ENV=production', `TFVARS=${other}`]);
      assert.equal(run.status, 2, other);
      assert.equal(run.out, '');
      assert.equal(run.err, `TFVARS=${other} is another environment's variables file, and ENV=production plans with environments/production.tfvars: drop TFVARS, or give the ENV that file is for.  Stop.`);
    }

    assert.match(show(['ENV=production', 'TFVARS=./environments/production.tfvars']).out, /tfvars=\[\.\/environments\/production\.tfvars\]/);
    assert.match(show(['ENV=production', 'TFVARS=secrets/production.tfvars']).out, /tfvars=\[secrets\/production\.tfvars\]/);
  });

  it('a name that is not exactly a declared one is refused: case, spaces, paths, make patterns, empty', () => {
    const cases = {
      Production: 'ENV=Production is not declared; declared: staging production (cdktf.json context "environments").  Stop.',
      '../x': 'ENV=../x is not declared; declared: staging production (cdktf.json context "environments").  Stop.',
      '%': 'ENV=% is not declared; declared: staging production (cdktf.json context "environments").  Stop.',
      'prod%': 'ENV=prod% is not declared; declared: staging production (cdktf.json context "environments").  Stop.',
      'staging production': 'ENV="staging production" is not one environment name; declared: staging production.  Stop.',
      '': 'ENV="" is not one environment name; declared: staging production.  Stop.',
    };
    for (const [name, message] of Object.entries(cases)) {
      const run = show([`ENV=${name}`]);
      assert.deepEqual(run, { status: 2, out: '', err: message }, name);
    }
  });

  it('EDGE_ROUTER_ENVIRONMENTS set but empty declares none, as the app reads it (not cdktf.json\'s list)', () => {
    assert.equal(show([], { EDGE_ROUTER_ENVIRONMENTS: '' }).out, 'environments=[] tfvars=[terraform.tfvars] stack=[]');
    assert.deepEqual(show(['ENV=staging'], { EDGE_ROUTER_ENVIRONMENTS: '' }), {
      status: 2,
      out: '',
      err: 'ENV=staging: no environments are declared (cdktf.json context "environments", or EDGE_ROUTER_ENVIRONMENTS).  Stop.',
    });
    assert.equal(show([], { EDGE_ROUTER_ENVIRONMENTS: 'qa' }).out, 'environments=[qa] tfvars=[terraform.tfvars] stack=[]');
  });
});
