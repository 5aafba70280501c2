// Shared pieces of ops/tests: moto_server on a loopback port the OS picks, a copy of the synthesized edge stack cut
// down to what moto 5.2.1 and the image's hashicorp/aws 5.100.0 can apply, and terraform against it offline.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const stackDir = process.env.OPS_STACK_DIR ?? path.join(repo, 'cdktf.out/stacks/edge-router');
const mirror = process.env.EDGE_ROUTER_PLAN_MIRROR ?? '/opt/tf-plugins';
const mirroredVersion = '5.100.0';

/**
 * Resource types left out of the applied copy, each with the reason; everything that refers to one of them goes too
 * (the distribution, its bucket policy, DNS records, its alarm and the dashboard: the destroy plan test covers them).
 */
export const leftOut = {
  aws_cloudfront_cache_policy: 'moto 5.2.1 has no CloudFront cache policies',
  aws_cloudfront_origin_request_policy: 'moto 5.2.1 has no CloudFront origin request policies',
  aws_cloudfront_response_headers_policy: 'moto 5.2.1 has no CloudFront response headers policies',
  aws_cloudfront_function: 'moto 5.2.1 has no CloudFront Functions',
  aws_cloudwatch_query_definition: 'moto 5.2.1 has no Logs Insights query definitions',
  aws_cloudfront_monitoring_subscription: 'moto 5.2.1 has no CloudFront monitoring subscriptions',
  aws_s3_bucket_policy: 'moto answers plain http and enforces the state bucket policy (DenyInsecureTransport); the site bucket policy refers to the distribution anyway',
  aws_s3_bucket_lifecycle_configuration: 'the provider waits ~55 s after any lifecycle configuration (and moto drops NewerNoncurrentVersions)',
};

/** A free loopback port (the OS picks it; released just before moto binds it). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto_server; resolves when it answers. Returns { url, stop() }. */
export async function startMoto() {
  const port = await freePort();
  // moto logs every request. Into a file, not a pipe: the tests run terraform with spawnSync, which blocks this
  // process's event loop, so a pipe would fill up and stall moto mid-request (seen: 20 minutes and read timeouts).
  const logFile = path.join(os.tmpdir(), `moto-${port}-${process.pid}.log`);
  const log = openSync(logFile, 'w');
  // Without the user's AWS settings: moto answers with botocore, and an AWS_PROFILE it cannot find failed every
  // request with a 500, which the provider retried for minutes.
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', log, log], env: withoutUserAws() });
  closeSync(log);
  const output = () => { try { return readFileSync(logFile, 'utf8').slice(-4000); } catch { return ''; } };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited:\n${output()}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok || response.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
    if (i === 99) throw new Error(`moto_server did not answer on ${url} within 20 s:\n${output()}`);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(logFile, { force: true });
    },
  };
}

// Every address a JSON value refers to, as `type.name` found inside "${...}" expressions and depends_on.
function references(value, addresses) {
  const text = JSON.stringify(value);
  return addresses.filter((a) => new RegExp(`(?<![A-Za-z0-9_.])${a.replace(/\./g, '\\.')}(?![A-Za-z0-9_])`).test(text));
}

/** The stack cut down for moto: the left-out types and, transitively, whatever refers to them. */
export function cutDown(stack) {
  const copy = structuredClone(stack);
  const removed = new Set();
  const all = () => [
    ...Object.entries(copy.resource ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => [`${t}.${n}`, 'resource', t, n])),
    ...Object.entries(copy.data ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => [`data.${t}.${n}`, 'data', t, n])),
  ];
  for (const [address, kind, type, name] of all()) {
    if (kind === 'resource' && leftOut[type]) {
      delete copy.resource[type][name];
      removed.add(address);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [address, kind, type, name] of all()) {
      const body = copy[kind][type][name];
      if (references(body, [...removed]).length > 0) {
        delete copy[kind][type][name];
        removed.add(address);
        changed = true;
      }
    }
  }
  for (const [name, output] of Object.entries(copy.output ?? {})) {
    if (references(output, [...removed]).length > 0) delete copy.output[name];
  }
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(copy[kind] ?? {})) if (Object.keys(byName).length === 0) delete copy[kind][type];
  }
  return { stack: copy, removed: [...removed].sort() };
}

/**
 * The S3 backend of a synthesized stack, pointed at moto: the same bucket, key, encryption and lock file the stack
 * names, so the state is where a user's is (versioned, with a delete marker for every released lock).
 */
export function s3Backend(stack, motoUrl) {
  const { bucket, key, region, encrypt, use_lockfile: useLockfile } = stack.terraform.backend.s3;
  return {
    s3: {
      bucket, key, region, encrypt, use_lockfile: useLockfile,
      endpoints: { s3: motoUrl }, use_path_style: true, access_key: 'moto', secret_key: 'moto',
      skip_credentials_validation: true, skip_region_validation: true, skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    },
  };
}

/**
 * Copies the synthesized stack into a temp folder, cut down, with an override that points both providers at moto.
 * backend: 's3' keeps the stack's own S3 backend (in moto: the state stack must be applied first), else local.
 * from: another synthesized stack folder (the state stack).
 * into: the folder to write (its parent exists), so that stacks sit side by side as make synth lays them out.
 */
export function prepare(motoUrl, { backend = 'local', from = stackDir, into } = {}) {
  const dir = into ?? mkdtempSync(path.join(os.tmpdir(), 'edge-ops-'));
  if (into) mkdirSync(into);
  if (existsSync(path.join(from, 'assets'))) cpSync(path.join(from, 'assets'), path.join(dir, 'assets'), { recursive: true });
  const synthesized = JSON.parse(readFileSync(path.join(from, 'cdk.tf.json'), 'utf8'));
  const { stack, removed } = cutDown(synthesized);
  writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  const services = ['s3', 'iam', 'sts', 'lambda', 'apigatewayv2', 'logs', 'cloudwatch', 'sns', 'cloudfront', 'route53'];
  const endpoints = [Object.fromEntries(services.map((s) => [s, motoUrl]))];
  const provider = (alias) => ({
    ...(alias ? { alias } : {}),
    access_key: 'moto',
    secret_key: 'moto',
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_requesting_account_id: false,
    s3_use_path_style: true,
    endpoints,
  });
  writeFileSync(path.join(dir, 'moto_override.tf.json'), JSON.stringify({
    terraform: {
      backend: backend === 's3' ? s3Backend(synthesized, motoUrl) : { local: { path: 'terraform.tfstate' } },
      required_providers: { aws: { source: 'hashicorp/aws', version: mirroredVersion } },
    },
    // Every aws provider configuration the stack has (an override may only override one that exists).
    provider: { aws: [synthesized.provider?.aws ?? [{}]].flat().map((p) => provider(p.alias ?? null)) },
  }, null, 2));
  writeFileSync(path.join(dir, 'tf.rc'), `provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
`);
  writeFileSync(path.join(dir, 'moto.tfvars'), 'site_bucket_name = "edge-ops-moto"\nwebfinger_domain = "example.com"\naws_region = "us-east-1"\n');
  return { dir, removed, varFile: path.join(dir, 'moto.tfvars'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The environment terraform, the scripts and the AWS CLI need against moto, and none of the user's AWS settings: an
 * AWS_PROFILE of their own made every aws call fail ("The config profile (…) could not be found"), and the CLI read
 * ~/.aws/config (`output = text` and JSON.parse failed), which no suite key sees (HOME is not an input). DESTROY_AGAIN
 * (what destroy.sh prints as the next command) is make destroy's, never the shell's.
 */
const withoutUserAws = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'DESTROY_AGAIN'));
export function environment(dir, motoUrl) {
  return {
    ...withoutUserAws(),
    AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
    TF_CLI_CONFIG_FILE: path.join(dir, 'tf.rc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_ACCESS_KEY_ID: 'moto',
    AWS_SECRET_ACCESS_KEY: 'moto',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: motoUrl,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs a command synchronously; returns { code, out } (stdout and stderr together). */
export function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { code: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
