// make doctor, make plan, make apply (deploy/deploy.mk): the preflight, then Terraform on a synthesized stack, with
// everything Terraform keeps outside the output folder, which a synth may rewrite:
//
//   saved plan        <state folder>/plans/<stack>.tfplan (+ .json: the engine and the stack it was made from)
//   lock file         locks/<engine>/<stack>.terraform.lock.hcl   (commit it: it pins the providers' checksums)
//
// .terraform/ (the providers init installed, the backend's settings) stays in the stack's folder, where
// `terraform output` (make publish, make verify) and your own terraform commands find it: a synth keeps it
// (deploy/sync-out.mjs); after `make clean` the next make plan installs it again, from the kept lock file.
//
// The lock file is copied into the stack's folder before `terraform init` (which reads and verifies it there) and
// back after (init may add a platform's hashes or, with -upgrade, a new version). <stack> is the stack folder's
// name, so one edge stack per environment (cdktf.out/stacks/edge-router-<env>) gets its own plan, lock and data.
//
// STACK=github is the GitHub pipeline's stack (edge-router-github: the OIDC provider and the plan and apply roles),
// which make synth writes only when githubRepository is set; it is planned with its own variables file
// (GITHUB_TFVARS, default github.tfvars: site_bucket_names, route53_zone_ids) and keeps its state in the state folder.
//
//   node deploy/terraform.mjs doctor|plan|apply --stack edge|state|github [--stack-dir DIR] [--tfvars FILE]
//        [--engine cdktf|cdktn --engine-given] [--terraform BIN] [--upgrade] [-- extra terraform plan arguments]
//
// Exit codes: 0 done; 1 a preflight check failed (one ✗ line each) or Terraform failed (its own message);
// 2 a usage error.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_NAMES, EXIT, GITHUB_NOT_SET, checkCredentials, checkStack, checkTerraform, format, githubRepositoryGiven, runChecks, stateFolder } from './doctor.mjs';

const root = path.resolve(import.meta.dirname, '..');

function usage(message) {
  process.stderr.write(`deploy: ${message}\nusage: make doctor|plan|apply [STACK=edge|state|github] [TFVARS=file] [GITHUB_TFVARS=file] [ENGINE=cdktf|cdktn] [UPGRADE=1] [PLAN_ARGS=...]\n`);
  process.exit(EXIT.usage);
}

export function parse(argv) {
  const [verb, ...rest] = argv;
  if (!['doctor', 'plan', 'apply'].includes(verb)) {
    usage(`unknown command "${verb ?? ''}": use doctor, plan or apply`);
  }

  const o = { verb, stack: 'edge', engine: 'cdktf', engineGiven: false, terraform: 'terraform', tfvars: 'terraform.tfvars', upgrade: false, extra: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      if (i + 1 >= rest.length) {
        usage(`${a} needs a value`);
      }

      return rest[++i];
    };
    switch (a) {
      case '--stack': o.stack = value(); break;
      case '--stack-dir': o.stackDir = value(); break;
      case '--tfvars': o.tfvars = value(); break;
      case '--engine': o.engine = value(); break;
      case '--engine-given': o.engineGiven = true; break;
      case '--terraform': o.terraform = value(); break;
      case '--upgrade': o.upgrade = true; break;
      case '--': o.extra = rest.slice(i + 1); i = rest.length; break;
      default: usage(`unknown option "${a}"`);
    }
  }

  if (!STACKS.includes(o.stack) && STACKS.includes(o.stack.toLowerCase())) {
    usage(`STACK="${o.stack}": stack names are lower case: STACK=${o.stack.toLowerCase()}`);
  }

  if (!STACKS.includes(o.stack)) {
    usage(`STACK="${o.stack}": use STACK=edge (the default: the distribution, the router), STACK=state (the state bucket, once, first) or STACK=github (the GitHub pipeline's roles)`);
  }

  if (!Object.hasOwn(ENGINE_NAMES, o.engine)) {
    usage(`ENGINE="${o.engine}": use cdktf or cdktn`);
  }

  const stacks = path.resolve(root, 'cdktf.out', 'stacks');
  const edgeDir = path.resolve(root, o.stackDir && o.stack === 'edge' ? o.stackDir : path.join(stacks, 'edge-router'));
  o.stateStackDir = path.join(path.dirname(edgeDir), 'edge-router-state');
  o.githubStackDir = path.join(path.dirname(edgeDir), 'edge-router-github');
  o.stackDir = { state: o.stateStackDir, github: o.githubStackDir }[o.stack] ?? edgeDir;
  o.tfvars = path.resolve(root, o.tfvars);
  o.root = root;
  o.env = process.env;
  o.workDir = path.join(root, 'build');
  fs.mkdirSync(o.workDir, { recursive: true });
  return o;
}

const shown = (file) => path.relative(root, file) || '.';

// The stacks make doctor|plan|apply take (STACK=), exactly so spelled: a name is never a path.
const STACKS = ['edge', 'state', 'github'];
// What a command says to run again: make plan, make plan STACK=state, ...
const stackArg = (o) => (o.stack === 'edge' ? '' : ` STACK=${o.stack}`);
// The stacks planned with a variables file: the edge stack (TFVARS) and the pipeline's (GITHUB_TFVARS).
const withVariables = (o) => o.stack !== 'state';

// Where Terraform's own files for this stack live, outside the output folder.
export function kept(o, engine) {
  const name = path.basename(o.stackDir);
  const { dir } = stateFolder(o.stateStackDir, root);
  return {
    name,
    plan: path.join(dir, 'plans', `${name}.tfplan`),
    planInfo: path.join(dir, 'plans', `${name}.tfplan.json`),
    lock: path.join(root, 'locks', engine, `${name}.terraform.lock.hcl`),
    stackLock: path.join(o.stackDir, '.terraform.lock.hcl'),
  };
}

// A digest of the stack folder as Terraform reads it (the stack, its assets, any override of yours), without the
// lock file and .terraform/, which make itself puts there, and a local state file, which is not configuration.
export function stackDigest(dir) {
  const hash = crypto.createHash('sha256');
  const visit = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === '.terraform' || e.name === '.terraform.lock.hcl' || e.name.endsWith('.tfplan') || /\.tfstate(\..*)?$/.test(e.name)) {
        continue;
      }

      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        visit(full, `${rel}${e.name}/`);
      } else if (e.isFile()) {
        hash.update(`${rel}${e.name}\0`).update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  visit(dir, '');
  return hash.digest('hex');
}

const fileDigest = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const same = (a, b) => fs.existsSync(a) && fs.existsSync(b) && fs.readFileSync(a).equals(fs.readFileSync(b));

function terraform(o, files, args) {
  process.stdout.write(`$ terraform -chdir=${shown(o.stackDir)} ${args.join(' ')}\n`);
  const run = spawnSync(o.terraform, [`-chdir=${o.stackDir}`, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TF_IN_AUTOMATION: '1' },
  });
  return run.status ?? 1;
}

// The kept lock file into the stack's folder, where init reads it; none kept yet: none there either (a lock file
// left by another engine or an older synth would pin the wrong provider).
function lockIn(files) {
  if (fs.existsSync(files.lock)) {
    fs.copyFileSync(files.lock, files.stackLock);
  } else {
    fs.rmSync(files.stackLock, { force: true });
  }
}

function lockBack(files) {
  if (!fs.existsSync(files.stackLock) || same(files.stackLock, files.lock)) {
    return;
  }

  const first = !fs.existsSync(files.lock);
  fs.mkdirSync(path.dirname(files.lock), { recursive: true });
  fs.copyFileSync(files.stackLock, files.lock);
  process.stdout.write(`plan: ${first ? 'wrote' : 'updated'} the provider lock file ${shown(files.lock)}: commit it (it pins the providers' checksums)\n`);
}

function preflight(o, results) {
  for (const r of results) {
    process.stdout.write(`${format(r)}\n`);
  }

  if (results.some((r) => r.status === 'fail')) {
    process.stderr.write(`${o.verb}: stopped before Terraform ran: fix the ✗ line${results.filter((r) => r.status === 'fail').length > 1 ? 's' : ''} above (make doctor checks again)\n`);
    process.exit(EXIT.failed);
  }
}

// One make plan or make apply per stack at a time: two would copy lock files and write plans over each other.
// The lock holds the pid; one left by a process that is gone is taken over.
function exclusive(o, files) {
  const lock = `${files.plan}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      process.on('exit', () => fs.rmSync(lock, { force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') {
        throw error;
      }

      const pid = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
      let alive = false;
      try {
        alive = Number.isInteger(pid) && pid > 0 && process.kill(pid, 0);
      } catch (probe) {
        alive = probe.code === 'EPERM';
      }

      if (alive) {
        process.stderr.write(`✗ another make plan or make apply of ${files.name} is running (process ${pid}, ${shown(lock)}): wait for it to finish\n`);
        process.exit(EXIT.failed);
      }

      fs.rmSync(lock, { force: true });
    }
  }
}

function plan(o) {
  const checks = runChecks(o);
  preflight(o, checks.results);
  const engine = checks.engine;
  const files = kept(o, engine);
  exclusive(o, files);
  // A plan that fails must never leave an older one for make apply to apply.
  fs.rmSync(files.plan, { force: true });
  fs.rmSync(files.planInfo, { force: true });
  process.stdout.write(`plan: ${shown(o.stackDir)}, synthesized by ${ENGINE_NAMES[engine]} (ENGINE=${engine})` +
    `${withVariables(o) ? `, with ${shown(o.tfvars)}` : ''}\n`);
  fs.mkdirSync(path.dirname(files.plan), { recursive: true });
  lockIn(files);
  const initArgs = ['init', '-input=false', ...(o.upgrade ? ['-upgrade'] : [])];
  if (terraform(o, files, initArgs) !== 0) {
    process.stderr.write(fs.existsSync(files.lock)
      ? `plan: terraform init failed; if it says the locked provider does not match the stack's version (after a change of ENGINE or provider), run make plan UPGRADE=1${o.engineGiven ? ` ENGINE=${engine}` : ''}\n`
      : 'plan: terraform init failed (its message is above)\n');
    process.exit(EXIT.failed);
  }

  lockBack(files);
  const digest = stackDigest(o.stackDir);
  const partial = `${files.plan}.partial`;
  const varFile = withVariables(o) ? [`-var-file=${o.tfvars}`] : [];
  const status = terraform(o, files, ['plan', '-input=false', ...varFile, `-out=${partial}`, ...o.extra]);
  if (status !== 0) {
    fs.rmSync(partial, { force: true });
    process.stderr.write('plan: terraform plan failed (its message is above); nothing saved\n');
    process.exit(EXIT.failed);
  }

  fs.renameSync(partial, files.plan);
  // The plan's own digest too: make apply refuses a plan file replaced (another stack's, or edited) since.
  fs.writeFileSync(files.planInfo, `${JSON.stringify({ stack: files.name, engine, stackDigest: digest, planDigest: fileDigest(files.plan), tfvars: withVariables(o) ? shown(o.tfvars) : null, created: new Date().toISOString() }, null, 2)}\n`);
  process.stdout.write(`plan: saved ${shown(files.plan)} (${ENGINE_NAMES[engine]}); make apply${stackArg(o)} applies exactly this plan\n`);
}

function apply(o) {
  const guess = kept(o, o.engine);
  // What make plan wrote beside the plan; anything else (edited, truncated, another engine's name) is no plan.
  const info = (() => {
    try {
      const read = JSON.parse(fs.readFileSync(guess.planInfo, 'utf8'));
      return Object.hasOwn(ENGINE_NAMES, read?.engine) && typeof read.stackDigest === 'string' ? read : undefined;
    } catch {
      return undefined;
    }
  })();
  const results = [checkTerraform(o.terraform, o.env), checkCredentials(o.env)];
  if (o.stack === 'github' && !fs.existsSync(path.join(o.stackDir, 'cdk.tf.json')) && !githubRepositoryGiven(root, o.env)) {
    results.push({ status: 'fail', text: GITHUB_NOT_SET });
    preflight(o, results);
  }

  if (!fs.existsSync(guess.plan) || !info) {
    results.push({ status: 'fail', text: `no saved plan for ${guess.name} (${shown(guess.plan)}): run make plan${stackArg(o)} first, and read it` });
    preflight(o, results);
  }

  const engine = info.engine;
  if (info.stack !== guess.name) {
    // Copied from another stack's name (state/plans/edge-router-staging.tfplan.json as …-production's).
    results.push({ status: 'fail', text: `${shown(guess.planInfo)} says it is the plan of ${info.stack ?? 'no stack'}, not ${guess.name}: run make plan${stackArg(o)} again, and read it` });
  } else if (info.planDigest !== undefined && info.planDigest !== fileDigest(guess.plan)) {
    results.push({ status: 'fail', text: `${shown(guess.plan)} is not the file make plan saved (${info.created}): it was replaced or edited since; run make plan${stackArg(o)} again, and read it` });
  } else if (o.engineGiven && o.engine !== engine) {
    results.push({ status: 'fail', text: `${shown(guess.plan)} was planned on ${ENGINE_NAMES[engine]} (ENGINE=${engine}), not ENGINE=${o.engine}: run make apply without ENGINE, or make plan ENGINE=${o.engine} again` });
  } else if (!fs.existsSync(path.join(o.stackDir, 'cdk.tf.json')) || stackDigest(o.stackDir) !== info.stackDigest) {
    const now = checkStack(o.stackDir, root, { ...o, engineGiven: false });
    results.push({ status: 'fail', text: `${shown(o.stackDir)} changed since make plan (now ${now.engine ? `${ENGINE_NAMES[now.engine]}'s` : 'no'} stack; planned: ${ENGINE_NAMES[engine]}'s): run make plan${stackArg(o)} again, and read it` });
  } else {
    results.push({ status: 'pass', text: `saved plan ${shown(guess.plan)}: ${ENGINE_NAMES[engine]}, made ${info.created} from the stack as it is now` });
  }

  preflight(o, results);
  const files = kept(o, engine);
  exclusive(o, files);
  lockIn(files);
  const status = terraform(o, files, ['apply', '-input=false', files.plan]);
  if (status !== 0) {
    process.stderr.write(`apply: terraform apply failed (its message is above); the plan is kept in ${shown(files.plan)}, but Terraform will not apply it twice: run make plan again\n`);
    process.exit(EXIT.failed);
  }

  // A saved plan applies once; the next make apply needs a new make plan.
  fs.rmSync(files.plan, { force: true });
  fs.rmSync(files.planInfo, { force: true });
  process.stdout.write(`apply: done; ${shown(files.plan)} is spent and removed${{ state: '; next: make plan (the edge stack)', github: '; next: its outputs plan_role_arn and apply_role_arn as the repository variables (README, Run it from GitHub)' }[o.stack] ?? ''}\n`);
}

function doctor(o) {
  const checks = runChecks(o);
  for (const r of checks.results) {
    process.stdout.write(`${format(r)}\n`);
  }

  const failures = checks.results.filter((r) => r.status === 'fail').length;
  process.stdout.write(failures === 0
    ? `doctor: ready: make plan${stackArg(o)}\n`
    : `doctor: ${failures} problem${failures > 1 ? 's' : ''}; fix ${failures > 1 ? 'them' : 'it'} and run make doctor${stackArg(o)} again\n`);
  process.exit(failures === 0 ? EXIT.ok : EXIT.failed);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parse(process.argv.slice(2));
  ({ doctor, plan, apply })[o.verb](o);
}
