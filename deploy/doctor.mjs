// The preflight (`make doctor`, and the first step of `make plan` and `make apply`): everything a deploy needs that
// can be known on this machine, before Terraform runs, without calling AWS. One line per check:
//
//   ✓ what was found
//   ! something to know, not a failure
//   ✗ what is wrong: the next step, in one line
//
// Exit codes (deploy/README.md): 0 every check passed (warnings allowed); 1 at least one ✗; 2 a usage error (an
// unknown option or STACK). Never prints a secret: credentials are reported by their source, never their value.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const EXIT = { ok: 0, failed: 1, usage: 2 };
export const MIN_TERRAFORM = [1, 11, 0];
export const ENGINE_NAMES = { cdktf: 'CDK for Terraform', cdktn: 'CDK Terrain' };

const pass = (text) => ({ status: 'pass', text });
const fail = (text) => ({ status: 'fail', text });
const note = (text) => ({ status: 'note', text });
const mark = { pass: '✓', fail: '✗', note: '!' };
export const format = (result) => `${mark[result.status]} ${result.text}`;

// A path as the user would type it from the project's root.
const shown = (root, file) => {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

// --- terraform --------------------------------------------------------------------------------------------------
export function checkTerraform(terraform, env) {
  const run = spawnSync(terraform, ['version', '-json'], { encoding: 'utf8', env, timeout: 30_000 });
  if (run.error) {
    return fail(`terraform not found (${terraform}): install Terraform ${MIN_TERRAFORM.slice(0, 2).join('.')} or newer (https://developer.hashicorp.com/terraform/install), or set TERRAFORM=/path/to/terraform`);
  }

  const version = (() => {
    try {
      return JSON.parse(run.stdout).terraform_version;
    } catch {
      return /v?(\d+\.\d+\.\d+)/.exec(run.stdout)?.[1];
    }
  })();
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
    return fail(`${terraform} did not say its version (terraform version -json): install Terraform ${MIN_TERRAFORM.slice(0, 2).join('.')} or newer`);
  }

  const parts = version.split(/[.-]/).slice(0, 3).map(Number);
  const older = parts.findIndex((p, i) => p !== MIN_TERRAFORM[i]);
  if (older >= 0 && parts[older] < MIN_TERRAFORM[older]) {
    return fail(`terraform ${version} is older than ${MIN_TERRAFORM.join('.')}, which the stacks require (the S3 backend's lock file): install Terraform ${MIN_TERRAFORM.slice(0, 2).join('.')} or newer`);
  }

  return pass(`terraform ${version} (${MIN_TERRAFORM.slice(0, 2).join('.')} or newer)`);
}

// --- AWS credentials, from what the AWS SDK for Go (Terraform's provider) would read, in its order --------------
// Never read a value aloud: a source is named by the variable, the profile and the file.
function iniSections(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }

  const sections = new Map();
  let current;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      continue;
    }

    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }

    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current) {
      current.set(pair[1].toLowerCase(), pair[2]);
    }
  }

  return sections;
}

const home = (env) => env.HOME || os.homedir();

export function awsFiles(env) {
  return {
    config: env.AWS_CONFIG_FILE || path.join(home(env), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home(env), '.aws', 'credentials'),
  };
}

// The profile's settings: [profile NAME] (or [default]) in the config file, [NAME] in the credentials file.
function findProfile(name, env) {
  const files = awsFiles(env);
  const config = iniSections(files.config);
  const credentials = iniSections(files.credentials);
  // The SDK reads [profile NAME] in the config file ([default] for the default); a bare [NAME] there is ignored.
  const inConfig = config?.get(name === 'default' ? 'default' : `profile ${name}`);
  const inCredentials = credentials?.get(name);
  if (!inConfig && !inCredentials) {
    return undefined;
  }

  return { settings: new Map([...(inConfig ?? []), ...(inCredentials ?? [])]), files, config, inConfig: Boolean(inConfig), inCredentials: Boolean(inCredentials) };
}

// The SSO token the SDK reads: ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json.
function ssoToken(profile, env) {
  const session = profile.settings.get('sso_session');
  const startUrl = session ? profile.config?.get(`sso-session ${session}`)?.get('sso_start_url') : profile.settings.get('sso_start_url');
  const key = session ?? startUrl;
  if (!key) {
    return { state: 'misconfigured', detail: session ? `no [sso-session ${session}] with an sso_start_url` : 'no sso_start_url' };
  }

  const file = path.join(home(env), '.aws', 'sso', 'cache', `${crypto.createHash('sha1').update(key).digest('hex')}.json`);
  const token = readJson(file);
  if (!token) {
    return { state: 'signed-out' };
  }

  const expires = Date.parse(token.expiresAt ?? '');
  if (Number.isNaN(expires)) {
    return { state: 'signed-out' };
  }

  // With a refresh token the SDK renews an expired access token itself.
  if (expires <= Date.now() && !token.refreshToken) {
    return { state: 'expired', expires: new Date(expires).toISOString() };
  }

  return { state: 'signed-in', expires: new Date(expires).toISOString() };
}

function describeProfile(name, profile, env) {
  const where = [profile.inConfig && shownHome(profile.files.config, env), profile.inCredentials && shownHome(profile.files.credentials, env)].filter(Boolean).join(' and ');
  const s = profile.settings;
  if (s.has('sso_session') || s.has('sso_start_url')) {
    const token = ssoToken(profile, env);
    switch (token.state) {
      case 'misconfigured':
        return fail(`AWS profile "${name}" is an SSO profile with ${token.detail} (${where}): run aws configure sso --profile ${name}`);
      case 'signed-out':
        return fail(`AWS profile "${name}" uses SSO and is not signed in: run aws sso login --profile ${name}`);
      case 'expired':
        return fail(`AWS profile "${name}": the SSO session expired at ${token.expires}: run aws sso login --profile ${name}`);
      default:
        return pass(`AWS credentials: profile "${name}" (SSO, signed in until ${token.expires}; ${where})`);
    }
  }

  if (s.has('credential_process')) {
    return pass(`AWS credentials: profile "${name}" (credential_process; ${where})`);
  }

  if (s.has('role_arn')) {
    if (!s.has('source_profile') && !s.has('credential_source') && !s.has('web_identity_token_file')) {
      return fail(`AWS profile "${name}" has role_arn but no source_profile, credential_source or web_identity_token_file (${where}): add one (aws configure set source_profile … --profile ${name})`);
    }

    const source = s.get('source_profile');
    if (source && source !== name && !findProfile(source, env)) {
      return fail(`AWS profile "${name}" takes its credentials from source_profile "${source}", which is in neither ${shownHome(profile.files.config, env)} nor ${shownHome(profile.files.credentials, env)}: run aws configure --profile ${source}`);
    }

    return pass(`AWS credentials: profile "${name}" (assumes ${s.get('role_arn').replace(/^arn:aws[\w-]*:iam::\d+:/, '')}; ${where})`);
  }

  if (s.has('aws_access_key_id') || s.has('aws_secret_access_key')) {
    if (!s.get('aws_access_key_id') || !s.get('aws_secret_access_key')) {
      return fail(`AWS profile "${name}" has only one of aws_access_key_id and aws_secret_access_key (${where}): run aws configure --profile ${name}`);
    }

    return pass(`AWS credentials: profile "${name}" (access keys in ${where})`);
  }

  return fail(`AWS profile "${name}" (${where}) names no credentials (no keys, SSO, role or credential_process): run aws configure --profile ${name}, or aws configure sso --profile ${name}`);
}

function shownHome(file, env) {
  const h = home(env);
  return file.startsWith(h + path.sep) ? `~${file.slice(h.length)}` : file;
}

export function checkCredentials(env) {
  const set = (name) => typeof env[name] === 'string' && env[name].trim() !== '';
  if (set('AWS_PROFILE')) {
    const name = env.AWS_PROFILE.trim();
    const profile = findProfile(name, env);
    if (!profile) {
      const files = awsFiles(env);
      if (iniSections(files.config)?.has(name)) {
        return fail(`${shownHome(files.config, env)} has [${name}], which the AWS SDKs do not read as a profile: rename it [profile ${name}]`);
      }

      return fail(`AWS_PROFILE="${name}" names no profile in ${shownHome(files.config, env)} or ${shownHome(files.credentials, env)}: run aws configure sso --profile ${name} (or aws configure --profile ${name}), or export AWS_PROFILE=<a profile you have>`);
    }

    return describeProfile(name, profile, env);
  }

  if (set('AWS_ACCESS_KEY_ID') !== set('AWS_SECRET_ACCESS_KEY')) {
    const [has, lacks] = set('AWS_ACCESS_KEY_ID') ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
    return fail(`${has} is set but ${lacks} is not: export both, or unset ${has} and export AWS_PROFILE=…`);
  }

  if (set('AWS_ACCESS_KEY_ID')) {
    return pass(`AWS credentials: environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY${set('AWS_SESSION_TOKEN') ? ', AWS_SESSION_TOKEN' : ''})`);
  }

  if (set('AWS_WEB_IDENTITY_TOKEN_FILE')) {
    if (!fs.existsSync(env.AWS_WEB_IDENTITY_TOKEN_FILE)) {
      return fail(`AWS_WEB_IDENTITY_TOKEN_FILE names ${env.AWS_WEB_IDENTITY_TOKEN_FILE}, which does not exist: point it at your CI's OIDC token file, or unset it`);
    }

    if (!set('AWS_ROLE_ARN')) {
      return fail('AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: export AWS_ROLE_ARN=<the role to assume>');
    }

    return pass('AWS credentials: web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)');
  }

  const profile = findProfile('default', env);
  if (profile) {
    return describeProfile('default', profile, env);
  }

  if (set('AWS_CONTAINER_CREDENTIALS_FULL_URI') || set('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')) {
    return pass('AWS credentials: the container\'s role (AWS_CONTAINER_CREDENTIALS_*; not checked until Terraform asks)');
  }

  if (env.EDGE_ROUTER_CREDENTIALS === 'instance-role') {
    return pass('AWS credentials: the instance role (EDGE_ROUTER_CREDENTIALS=instance-role; not checked until Terraform asks)');
  }

  return fail('no AWS credentials: export AWS_PROFILE=<profile> (run aws sso login --profile <profile> first for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (on EC2 with a role: EDGE_ROUTER_CREDENTIALS=instance-role)');
}

// --- the synthesized stack and the engine that wrote it -----------------------------------------------------------
// Which engine wrote a stack: its //.metadata.version is the engine library's version (tests/engines asserts it).
export function engineOf(stack, root) {
  const version = stack?.['//']?.metadata?.version;
  const installed = {
    cdktf: readJson(path.join(root, 'node_modules', 'cdktf', 'package.json'))?.version,
    cdktn: readJson(path.join(root, 'engines', 'cdktn', 'node_modules', 'cdktn', 'package.json'))?.version,
  };
  const match = Object.entries(installed).find(([, v]) => v && v === version);
  return { engine: match?.[0], version };
}

// Where the state stack keeps its state (its local backend's path, relative to its folder) and the bucket name.
export function stateFolder(stateStackDir, root) {
  const stack = readJson(path.join(stateStackDir, 'cdk.tf.json'));
  const local = stack?.terraform?.backend?.local?.path;
  const stateFile = local ? path.resolve(stateStackDir, local) : path.join(root, 'state', 'edge-router-state.tfstate');
  return { stateFile, dir: path.dirname(stateFile), bucketNameFile: path.join(path.dirname(stateFile), 'state-bucket-name'), stack };
}

const newest = (files) => files.reduce((best, f) => {
  try {
    const t = fs.statSync(f).mtimeMs;
    return !best || t > best.t ? { f, t } : best;
  } catch {
    return best;
  }
}, undefined);

function walk(dir, keep) {
  const out = [];
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }

  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !['bin', 'obj', 'node_modules'].includes(e.name)) {
      out.push(...walk(full, keep));
    } else if (e.isFile() && keep(e.name)) {
      out.push(full);
    }
  }

  return out;
}

// What a synth reads: a newer one than the last synth means the stack may not be what the sources say.
export function synthInputs(root, engine) {
  return [
    ...walk(path.join(root, 'main'), (n) => /\.(cs|csproj|js)$/.test(n)),
    ...['cdktf.json', 'Directory.Build.props', 'Directory.Packages.props', 'engines/Engine.props',
      'build/lambda/webfinger-router.zip'].map((f) => path.join(root, f)),
    path.join(root, 'build', engine === 'cdktn' ? 'main-cdktn' : 'main', 'EdgeRouter.dll'),
  ];
}

export const SYNTH_STAMP = '.last-synth';

export function checkStack(stackDir, root, options) {
  const file = path.join(stackDir, 'cdk.tf.json');
  const stack = readJson(file);
  if (!stack) {
    return { result: fail(`no synthesized stack in ${shown(root, stackDir)}: run make synth${options.engineGiven ? ` ENGINE=${options.engine}` : ''}, then read ${shown(root, file)}`) };
  }

  const { engine, version } = engineOf(stack, root);
  if (!engine) {
    return { result: fail(`${shown(root, file)} was written by an engine version this checkout does not have (metadata.version ${version ?? 'missing'}): run make synth`) };
  }

  if (options.engineGiven && options.engine !== engine) {
    return { engine, result: fail(`${shown(root, stackDir)} holds the stack ${ENGINE_NAMES[engine]} wrote (ENGINE=${engine}), not ENGINE=${options.engine}: run make synth ENGINE=${options.engine}, or plan it with ENGINE=${engine}`) };
  }

  const dll = path.join(root, 'build', engine === 'cdktn' ? 'main-cdktn' : 'main', 'EdgeRouter.dll');
  if (!fs.existsSync(dll)) {
    return { engine, result: fail(`the ${ENGINE_NAMES[engine]} build (${shown(root, dll)}) is missing, so ${shown(root, stackDir)} cannot be reproduced: run make synth ENGINE=${engine}`) };
  }

  const stampFile = path.join(path.dirname(path.dirname(stackDir)), SYNTH_STAMP);
  const synthAt = newest([fs.existsSync(stampFile) ? stampFile : file]);
  const changed = newest(synthInputs(root, engine));
  if (changed && changed.t > synthAt.t + 1) {
    return { engine, result: fail(`${shown(root, changed.f)} changed after the last synth: run make synth${engine === 'cdktf' ? '' : ` ENGINE=${engine}`}, then read ${shown(root, file)} again`) };
  }

  const other = engine === 'cdktf' ? 'cdktn' : 'cdktf';
  const otherBuilt = fs.existsSync(path.join(root, 'build', other === 'cdktn' ? 'main-cdktn' : 'main', 'EdgeRouter.dll'));
  const when = new Date(synthAt.t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return {
    engine,
    stack,
    result: pass(`${shown(root, stackDir)}: synthesized by ${ENGINE_NAMES[engine]} (ENGINE=${engine}) at ${when}, newer than its sources` +
      (otherBuilt ? `; ${ENGINE_NAMES[other]} is built too (make synth ENGINE=${other} to plan that one instead)` : '')),
  };
}

// --- the state stack applied --------------------------------------------------------------------------------------
export function checkStateApplied(edgeStack, stateStackDir, root) {
  const { stateFile, bucketNameFile } = stateFolder(stateStackDir, root);
  const backendBucket = edgeStack?.terraform?.backend?.s3?.bucket;
  const kept = fs.existsSync(bucketNameFile) ? fs.readFileSync(bucketNameFile, 'utf8').trim() : undefined;
  // stateBucket set to a bucket this project did not create (a team's shared bucket): nothing here to compare.
  if (backendBucket && kept !== backendBucket && !fs.existsSync(stateFile)) {
    return note(`state bucket ${backendBucket} (stateBucket): not created by this project's state stack, so not checked here; it must exist before make plan`);
  }

  if (!fs.existsSync(stateFile)) {
    return fail(`the state stack is not applied (no ${shown(root, stateFile)}): run make plan STACK=state, then make apply STACK=state`);
  }

  const state = readJson(stateFile);
  if (!state) {
    return fail(`${shown(root, stateFile)} is not a Terraform state file (not JSON): restore it from your backup`);
  }

  const buckets = (state.resources ?? [])
    .filter((r) => r.mode === 'managed' && r.type === 'aws_s3_bucket')
    .flatMap((r) => (r.instances ?? []).map((i) => i.attributes?.bucket))
    .filter((b) => typeof b === 'string');
  if (buckets.length === 0) {
    return fail(`${shown(root, stateFile)} holds no state bucket (the state stack's apply did not finish): run make plan STACK=state, then make apply STACK=state`);
  }

  if (kept === undefined) {
    return fail(`${shown(root, bucketNameFile)} is missing, but the state stack created ${buckets[0]}: put that name back (echo ${buckets[0]} > ${shown(root, bucketNameFile)}) and run make synth`);
  }

  if (!buckets.includes(kept) && kept === backendBucket) {
    return fail(`${shown(root, bucketNameFile)} says ${kept}, but the state stack created ${buckets[0]}: put ${buckets[0]} back into it and run make synth`);
  }

  if (backendBucket && !buckets.includes(backendBucket)) {
    return note(`the edge stack's state goes to ${backendBucket} (stateBucket), not to the state stack's bucket ${buckets[0]}; it must exist before make plan`);
  }

  return pass(`state stack applied: bucket ${buckets[0]} (${shown(root, stateFile)}, ${shown(root, bucketNameFile)})`);
}

// --- the variables file -------------------------------------------------------------------------------------------
// Values that are the example's and cannot be anyone's: RFC 2606's reserved names and AWS's documentation account.
const PLACEHOLDER = [
  { test: (v) => /(^|[^0-9])123456789012([^0-9]|$)/.test(v), why: 'the example account ID 123456789012' },
  { test: (v) => /(^|[.@/:"'\s])example\.(com|net|org)($|[/:"'\s?#])/i.test(v) || /\.example($|[/:"'\s?#])/i.test(v), why: 'a reserved example domain (RFC 2606)' },
  { test: (v) => /^Z0123456789ABCDEFGHIJ$/.test(v), why: 'the example\'s zone ID' },
  { test: (v) => v === 'example-com-site', why: 'the example\'s bucket name' },
];

function strings(value, at, out) {
  if (typeof value === 'string') {
    out.push({ at, value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      strings(k, `a key of ${at}`, out);
      strings(v, `${at}.${k}`, out);
    }
  }

  return out;
}

// Terraform itself reads the file: a configuration of the stack's variable blocks alone (no provider, no backend)
// is planned with it, which checks the syntax, the types, every required variable and every validation, offline,
// in about a second. Then terraform console gives the values, for the placeholder check.
export const placeholderIn = (value) => PLACEHOLDER.find((p) => p.test(value))?.why;

export function checkVariables(stack, tfvars, root, options) {
  const results = [];
  if (!fs.existsSync(tfvars)) {
    return [fail(`no ${shown(root, tfvars)}: cp ${options.example ?? 'terraform.tfvars.example'} ${shown(root, tfvars)}, then set your own values in it`)];
  }

  const variables = stack?.variable ?? {};
  const work = fs.mkdtempSync(path.join(options.workDir, 'doctor-'));
  try {
    const cli = path.join(work, 'terraform.rc');
    fs.writeFileSync(cli, '');
    fs.writeFileSync(path.join(work, 'variables.tf.json'), JSON.stringify({ variable: variables }, null, 1));
    const env = { ...options.env, TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_DATA_DIR: path.join(work, '.terraform') };
    for (const name of Object.keys(env)) {
      if (name.startsWith('TF_VAR_')) {
        delete env[name];
      }
    }

    const run = (args, input) => spawnSync(options.terraform, [`-chdir=${work}`, ...args], { encoding: 'utf8', env, input, timeout: 60_000 });
    const init = run(['init', '-input=false', '-backend=false']);
    if (init.status !== 0) {
      return [fail(`terraform could not read the stack's variables (terraform init: ${firstLine(init.stderr)}): run make synth`)];
    }

    const plan = run(['plan', '-input=false', '-lock=false', '-refresh=false', '-json', `-var-file=${path.resolve(tfvars)}`]);
    const diagnostics = plan.stdout.split('\n').map((l) => { try { return JSON.parse(l); } catch { return undefined; } })
      .filter((m) => m?.type === 'diagnostic').map((m) => m.diagnostic);
    // A syntax error makes Terraform report every line after it: the first one is the one to fix. Errors about
    // values are independent, one line each.
    const valueError = (d) => /^(Invalid value for variable|No value for required variable)/.test(d.summary ?? '');
    // An error in the doctor's own copy of the variable blocks that is not about a value (a validation that refers
    // to something beyond the variables) is the doctor's limit, not the user's mistake: make plan checks it.
    const ownCopy = (d) => d.range?.filename && path.resolve(work, d.range.filename).startsWith(work + path.sep);
    for (const d of diagnostics.filter((x) => x.severity === 'error' && ownCopy(x) && !valueError(x))) {
      d.severity = 'limit';
      results.push(note(`some variables could not be checked offline (${d.summary}): make plan checks them`));
    }

    const syntax = diagnostics.filter((d) => d.severity === 'error' && !valueError(d));
    const shownDiagnostics = syntax.length > 0 ? [syntax[0]] : diagnostics;
    for (const d of shownDiagnostics.filter((x) => x.severity !== 'limit')) {
      // A place in the doctor's own copy of the variable blocks (a required variable not set) is the user's file.
      const file = d.range?.filename ? path.resolve(work, d.range.filename) : undefined;
      const where = file && !file.startsWith(work + path.sep) ? `${shown(root, file)}${d.range.start?.line ? `:${d.range.start.line}` : ''}` : shown(root, tfvars);
      // Terraform names the rule's place in the doctor's own copy of the variables: not a file the user has.
      const detail = oneLine(d.detail).replace(/\s*This was checked by the validation rule at [^ ]+\.$/, '').replaceAll(`${root}${path.sep}`, '');
      const text = `${where}: ${d.summary}${detail ? `: ${detail}` : ''}`;
      if (d.severity === 'error') {
        results.push(fail(`${text} (edit ${shown(root, tfvars)}${syntax.length > 1 ? `; Terraform reports ${syntax.length - 1} more after it` : ''})`));
      } else {
        // A warning's first sentence is enough (Terraform's advice that follows is about its own flags).
        results.push(note(`${where}: ${d.summary}${detail ? `: ${detail.split(/(?<=\.) /)[0]}` : ''}`));
      }
    }

    if (plan.status !== 0 && !diagnostics.some((d) => d.severity === 'error' || d.severity === 'limit')) {
      results.push(fail(`terraform could not read ${shown(root, tfvars)}: ${firstLine(plan.stderr || plan.stdout)}`));
    }

    if (results.some((r) => r.status === 'fail')) {
      return results;
    }

    // The values as Terraform read them (defaults included), for the placeholder check; without the validations,
    // which were judged above (and one referring beyond the variables would stop the console).
    const plainVariables = Object.fromEntries(Object.entries(variables).map(([n, v]) => {
      const { validation, ...rest } = v ?? {};
      void validation;
      return [n, rest];
    }));
    fs.writeFileSync(path.join(work, 'variables.tf.json'), JSON.stringify({ variable: plainVariables }, null, 1));
    const names = Object.keys(variables);
    const console = run(['console', `-var-file=${path.resolve(tfvars)}`], `jsonencode({${names.map((n) => `"${n}" = var.${n}`).join(', ')}})\n`);
    let values = {};
    try {
      values = JSON.parse(JSON.parse(console.stdout.trim()));
    } catch {
      results.push(note(`could not read the values back (terraform console): placeholders not checked`));
    }

    for (const [name, value] of Object.entries(values)) {
      const hits = strings(value, name, []).flatMap((s) => PLACEHOLDER.filter((p) => p.test(s.value)).map((p) => ({ ...s, why: p.why })));
      if (hits.length > 0) {
        const h = hits[0];
        results.push(fail(`${shown(root, tfvars)}: ${name} is still the example's (${h.at} = "${h.value}" is ${h.why}): set your own value${hits.length > 1 ? ` (and ${hits.length - 1} more in ${name})` : ''}`));
      }
    }

    if (!results.some((r) => r.status === 'fail')) {
      const limited = results.some((r) => r.status === 'note' && r.text.startsWith('some variables could not'));
      results.unshift(pass(limited
        ? `${shown(root, tfvars)}: Terraform reads it, and the checks it can run offline pass`
        : `${shown(root, tfvars)}: Terraform reads it, every required variable is set and valid, no example placeholder left`));
    }

    return results;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const oneLine = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
const firstLine = (text) => oneLine((text ?? '').split('\n').find((l) => /\S/.test(l) && !/^[\s│╷╵]*$/.test(l)) ?? '').replace(/^[│╷╵\s]*(Error: )?/, '');

// --- the GitHub pipeline's stack ----------------------------------------------------------------------------------
// The repository setting as the app reads it (main/Configuration/EdgeSettingsLoader.cs): EDGE_ROUTER_GITHUB_REPOSITORY
// when set (an empty value means none), else cdktf.json's context githubRepository. Only whether it is given: the
// app validates it at synth.
export function githubRepositoryGiven(root, env) {
  const fromEnvironment = env.EDGE_ROUTER_GITHUB_REPOSITORY;
  if (fromEnvironment !== undefined) {
    return fromEnvironment.trim() !== '';
  }

  const value = readJson(path.join(root, 'cdktf.json'))?.context?.githubRepository;
  return typeof value === 'string' && value.trim() !== '';
}

// make synth writes the pipeline stack only when githubRepository is given: without it there is nothing to plan,
// and "run make synth" would not help.
export const GITHUB_NOT_SET = 'githubRepository is not set, so make synth writes no GitHub pipeline stack (cdktf.out/stacks/edge-router-github): ' +
  'set "githubRepository": "owner/name" in cdktf.json\'s context (or EDGE_ROUTER_GITHUB_REPOSITORY), run make synth, then make plan STACK=github (README, Run it from GitHub)';

// --- all together ---------------------------------------------------------------------------------------------------
// options: { root, stack: 'edge'|'state'|'github', stackDir, stateStackDir, tfvars, terraform, engine, engineGiven, env, workDir }
export function runChecks(options) {
  const results = [checkTerraform(options.terraform, options.env), checkCredentials(options.env)];
  const synthesized = checkStack(options.stackDir, options.root, options);
  if (options.stack === 'github' && !synthesized.stack && !fs.existsSync(path.join(options.stackDir, 'cdk.tf.json'))
    && !githubRepositoryGiven(options.root, options.env)) {
    results.push(fail(GITHUB_NOT_SET));
    return { results, engine: undefined, failed: true };
  }

  results.push(synthesized.result);
  if (options.stack === 'github') {
    // Its variables (the site buckets the apply role may write) from its own file, checked as the edge stack's are.
    const example = 'github.tfvars.example';
    if (synthesized.stack) {
      results.push(...checkVariables(synthesized.stack, options.tfvars, options.root, { ...options, example }));
    } else if (!fs.existsSync(options.tfvars)) {
      results.push(fail(`no ${shown(options.root, options.tfvars)}: cp ${example} ${shown(options.root, options.tfvars)}, then set your own values in it`));
    }
  }
  if (options.stack === 'edge') {
    results.push(checkStateApplied(synthesized.stack ?? readJson(path.join(options.stackDir, 'cdk.tf.json')), options.stateStackDir, options.root));
    if (synthesized.stack) {
      results.push(...checkVariables(synthesized.stack, options.tfvars, options.root, options));
    } else if (!fs.existsSync(options.tfvars)) {
      results.push(fail(`no ${shown(options.root, options.tfvars)}: cp terraform.tfvars.example ${shown(options.root, options.tfvars)}, then set your own values in it`));
    }
  }

  return { results, engine: synthesized.engine, failed: results.some((r) => r.status === 'fail') };
}
