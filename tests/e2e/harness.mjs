// Shared pieces of the end-to-end tests: the local edge as a child process, stand-in HTTPS servers on loopback,
// the test certificate. `make test-e2e` builds and prepares everything (edge, bootstrap, synth, certificates) and
// sets NODE_EXTRA_CA_CERTS, which Node reads only at start-up.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tlsDir = process.env.E2E_TLS_DIR ?? path.join(repo, 'build/e2e/tls');
export const stackJson = process.env.E2E_STACK ?? path.join(repo, 'cdktf.out/stacks/edge-router/cdk.tf.json');
export const narrowStackJson = process.env.E2E_NARROW_STACK ?? path.join(repo, 'build/e2e/narrow-stack-owned/stacks/edge-router/cdk.tf.json');
const edgeDll = path.join(repo, 'build/edge/LocalEdge.dll');

/** The configuration the edge gives the router (edge/webfinger.local.json), parsed. */
export const webfingerConfig = JSON.parse(readFileSync(path.join(repo, 'edge/webfinger.local.json'), 'utf8'));

/** Throws a helpful error unless make prepared this run. */
export function requirePrepared() {
  const missing = [edgeDll, stackJson, path.join(tlsDir, 'server.pem')].filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run the tests with \`make test-e2e\``);
  if (process.env.NODE_EXTRA_CA_CERTS !== path.join(tlsDir, 'ca.pem')) {
    throw new Error('NODE_EXTRA_CA_CERTS must name the test CA: run the tests with `make test-e2e`');
  }
  // Ports 443 and 80 need the network namespace tests/e2e/netns.sh makes (or root, its fallback).
  if (!['namespace', 'host'].includes(process.env.E2E_NETWORK)) {
    throw new Error('not started by tests/e2e/netns.sh (E2E_NETWORK unset): run the tests with `make test-e2e`');
  }
}

/**
 * Starts the local edge (build/edge/LocalEdge.dll) with the given arguments and waits until it listens.
 * Returns { lines, stop(), waitForLine(re) }; every stdout/stderr line is kept in `lines`.
 */
export async function startEdge(args, { timeoutMs = 20000 } = {}) {
  // The stack under test (E2E_STACK; make test-engines points it at CDK Terrain's), unless the test names another.
  const stack = args.includes('--stack') ? [] : ['--stack', stackJson];
  const child = spawn('dotnet', [edgeDll, ...stack, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = [];
  const onData = (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.length === 0) continue;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLine = (re, ms = 5000) => {
    const existing = lines.find((l) => re.test(l));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no edge line matching ${re} within ${ms} ms:\n${lines.join('\n')}`)), ms);
      timer.unref();
      waiters.push({ re, resolve: (l) => { clearTimeout(timer); resolve(l); } });
    });
  };
  const started = waitForLine(/^local edge: listening on /, timeoutMs);
  const code = await Promise.race([started.then(() => null), exited]);
  if (code !== null) throw new Error(`the local edge exited with code ${code}:\n${lines.join('\n')}`);
  return {
    lines,
    waitForLine,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** An HTTPS server on ADDRESS:443 with the test certificate; records every request (method, url, headers). */
export async function startStandIn(address, handler) {
  const requests = [];
  const server = https.createServer(
    { cert: readFileSync(path.join(tlsDir, 'server.pem')), key: readFileSync(path.join(tlsDir, 'server-key.pem')) },
    (req, res) => {
      requests.push({ method: req.method, url: req.url, headers: req.headers });
      handler(req, res);
    },
  );
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, address, resolve);
  });
  return {
    requests,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A stand-in Mastodon (WEB_DOMAIN mastodon.example.com, LOCAL_DOMAIN example.com) answering WebFinger for alice. */
export function mastodonHandler(req, res) {
  const url = new URL(req.url, 'https://mastodon.example.com');
  if (url.pathname !== '/.well-known/webfinger') {
    res.writeHead(404).end();
    return;
  }
  const resource = url.searchParams.get('resource');
  if (resource?.toLowerCase() !== 'acct:alice@example.com') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/jrd+json; charset=utf-8' }).end(JSON.stringify({
    subject: 'acct:alice@example.com',
    aliases: ['https://mastodon.example.com/@alice', 'https://mastodon.example.com/users/alice'],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: 'https://mastodon.example.com/@alice' },
      { rel: 'self', type: 'application/activity+json', href: 'https://mastodon.example.com/users/alice' },
    ],
  }));
}

/** A stand-in OpenID Connect issuer at `issuer` serving its discovery document. */
export function issuerHandler(issuer) {
  return (req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    }));
  };
}

/** The TLS listener arguments for the edge. */
export function tlsArgs(address) {
  return ['--https', `${address}:443`, '--cert', path.join(tlsDir, 'server.pem'), '--key', path.join(tlsDir, 'server-key.pem')];
}
