// make destroy's front door (ops/ops.mk) as a careless user meets it: a wrong, empty or mixed-case STACK, and
// environments (environments/environments.mk): no default edge stack when environments are declared, the one state
// stack every environment shares, and the next command printed with the same ENV. No AWS, no terraform state: each
// case is refused (or resolved) by make before anything is read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repo, run } from './moto.mjs';

const environments = { EDGE_ROUTER_ENVIRONMENTS: 'staging,production' };
// What a user types, and nothing of the make that runs this test: make test STACK=state (or STACK=state in the
// shell) reached every make below through MAKEFLAGS (or `STACK ?= edge`), and make destroy TFVARS=… ran
// destroy-state.sh. The variables the makefiles take from the environment (`?=`) are the user's, never this run's.
const inherited = ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'STACK', 'CONFIRM', 'TFVARS', 'TERRAFORM', 'ENGINE',
  'EDGE_STACK_DIR', 'STATE_STACK_DIR', 'OPS_PLAN_JSON', 'DESTROY_AGAIN'];
const make = (args, env = {}) => {
  const clean = { ...process.env, ...env };
  for (const name of inherited) delete clean[name];
  if (!('EDGE_ROUTER_ENVIRONMENTS' in env)) delete clean.EDGE_ROUTER_ENVIRONMENTS;
  delete clean.ENV; // POSIX sh's start-up file variable: make ignores it anyway (environments.mk)
  return run('make', ['--no-print-directory', '-s', ...args], { cwd: repo, env: clean });
};

// The folders and variables file destroy's recipe hands the scripts (through the environment), read through make.
const exported = (args, env) => make(['--eval', 'print-exported: ; @echo "[$(EDGE_STACK_DIR)|$(STATE_STACK_DIR)|$(TFVARS)]"', 'print-exported', ...args], env).out.trim();

test('a variables file whose name has a space reaches destroy.sh as one argument', () => {
  // ops.mk put $(TFVARS) bare in the recipe: TFVARS='/… dir/my site.tfvars' was two words, destroy.sh read the first
  // as the variables file and the second as CONFIRM.
  const result = make(['destroy', 'TFVARS=/nonexistent dir/my site.tfvars', 'CONFIRM=x']);
  assert.notEqual(result.code, 0, result.out);
  assert.match(result.out, /^destroy: no \/nonexistent dir\/my site\.tfvars: the variables you deployed with are needed to plan the destroy$/m);
});

test('a STACK that is not edge or state is refused by name, and nothing runs', () => {
  for (const stack of ['State', 'EDGE', '', 'state ', 'prod']) {
    const result = make(['destroy', `STACK=${stack}`]);
    assert.notEqual(result.code, 0, result.out);
    assert.match(result.out, new RegExp(`destroy: STACK must be edge \\(the default\\) or state, not "${stack.trim()}\\s*"`));
    assert.doesNotMatch(result.out, /terraform|planning/);
  }
});

test('with environments declared, make destroy names no default edge stack: ENV is required, and must be declared', () => {
  const bare = make(['destroy'], environments);
  assert.notEqual(bare.code, 0, bare.out);
  assert.match(bare.out, /destroy: environments are declared \(staging production\): name the one to take down, e\.g\. make destroy ENV=staging; nothing changed/);
  const undeclared = make(['destroy', 'ENV=Production'], environments);
  assert.notEqual(undeclared.code, 0, undeclared.out);
  assert.match(undeclared.out, /ENV=Production is not declared; declared: staging production/);
  // ENV=staging takes down edge-router-staging with environments/staging.tfvars, and says which when it is missing.
  const staging = make(['-n', 'destroy', 'ENV=staging'], environments);
  assert.equal(staging.code, 0, staging.out);
  assert.match(staging.out, /ops\/destroy\.sh "\$DESTROY_STACK_DIR" "\$DESTROY_TFVARS" "\$CONFIRM"/);
  assert.equal(exported(['ENV=staging'], environments), '[cdktf.out/stacks/edge-router-staging|cdktf.out/stacks/edge-router-state|environments/staging.tfvars]');
});

test('the state stack is the one every environment shares, and the next command keeps the ENV the user gave', () => {
  const state = make(['-n', 'destroy', 'STACK=state', 'ENV=production'], environments);
  assert.equal(state.code, 0, state.out);
  assert.match(state.out, /ops\/destroy-state\.sh "\$DESTROY_STATE_STACK_DIR" "\$DESTROY_STACK_DIR" "\$CONFIRM"/);
  assert.equal(exported(['STACK=state', 'ENV=production'], environments), '[cdktf.out/stacks/edge-router-production|cdktf.out/stacks/edge-router-state|environments/production.tfvars]');
  assert.equal(exported(['STACK=state'], {}), '[cdktf.out/stacks/edge-router|cdktf.out/stacks/edge-router-state|terraform.tfvars]');
  // What the scripts print as the command to type next (DESTROY_AGAIN), read through make itself.
  const again = (args, env) => make(['--eval', 'print-again: ; @echo "[$(DESTROY_AGAIN)]"', 'print-again', ...args], env).out.trim();
  assert.equal(again(['ENV=production'], environments), '[make destroy ENV=production]');
  assert.equal(again(['ENV=staging', 'STACK=state'], environments), '[make destroy ENV=staging STACK=state]');
  assert.equal(again([], {}), '[make destroy]');
});

test('the manual steps make destroy prints paste into a shell as printed, in a folder whose name has a space', () => {
  // remaining.sh printed -chdir=/home/me/My Sites/… bare: pasted, terraform got -chdir=/home/me/My and a stray word.
  const stackDir = '/home/me/My Sites/edge/cdktf.out/stacks/edge-router';
  const varFile = "/home/me/My Sites/edge/it's.tfvars";
  const printed = run('ops/remaining.sh', ['example-com-site', stackDir, varFile], { cwd: repo });
  assert.equal(printed.code, 0, printed.out);
  const line = printed.out.split('\n').find((l) => l.trimStart().startsWith('terraform -chdir='));
  assert.ok(line, printed.out);
  const words = run('bash', ['-c', `set -- ${line.trim()}; printf '%s\\n' "$@"`], { cwd: repo });
  assert.deepEqual(words.out.trimEnd().split('\n'),
    ['terraform', `-chdir=${stackDir}`, 'apply', '-refresh-only', '-auto-approve', `-var-file=${varFile}`]);
});
