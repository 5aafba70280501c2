// The other well-known documents of a personal domain, through the local edge on the synthesized stack (default
// settings: the router gets exactly its own paths), with real clients from npm where there is one:
// nostr-tools (NIP-05 queryProfile/isValid), @atproto/identity (HandleResolver.resolveHttp, the HTTPS half of
// Bluesky's handle verification), matrix-js-sdk (AutoDiscovery.findClientConfig, what Element runs at log-in).
// Matrix federation discovery (/.well-known/matrix/server) has no client here; it is checked against the spec's
// example by plain HTTP. A static /.well-known/ file must come from the bucket.
// Addresses: 127.0.4.0/24. example.com is the edge, matrix.example.com a stand-in homeserver.
import { mapHosts } from './hosts.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { queryProfile, isValid } from 'nostr-tools/nip05';
import { HandleResolver } from '@atproto/identity';
import { AutoDiscovery, AutoDiscoveryAction } from 'matrix-js-sdk/lib/autodiscovery.js';
import { repo, requirePrepared, startEdge, startStandIn, tlsArgs, webfingerConfig } from './harness.mjs';

const EDGE = '127.0.4.1';
const HOMESERVER = '127.0.4.2';
const BOB = 'b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9';
let edge;
let homeserver;

before(async () => {
  requirePrepared();
  assert.equal(webfingerConfig.atproto.did, 'did:plc:ewvi7nxzyoun6zhxrhs64oiz');
  assert.equal(webfingerConfig.matrix.client, 'https://matrix.example.com');
  assert.equal(webfingerConfig.nostr.names.bob, BOB);
  mapHosts({ 'example.com': EDGE, 'matrix.example.com': HOMESERVER });
  homeserver = await startStandIn(HOMESERVER, (req, res) => {
    if (req.url !== '/_matrix/client/versions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errcode":"M_UNRECOGNIZED"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end('{"versions":["v1.1","v1.11"],"unstable_features":{}}');
  });
  edge = await startEdge(['--http', `${EDGE}:80`, ...tlsArgs(EDGE)]);
});

after(async () => {
  await edge?.stop();
  await homeserver?.stop();
});

const escaped = (x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('nostr-tools NIP-05: bob@example.com resolves to his key and relays; Bob@ too (case-insensitive); an unknown name to null', async () => {
  assert.deepEqual(await queryProfile('bob@example.com'), { pubkey: BOB, relays: ['wss://relay.example.com'] });
  assert.deepEqual(await queryProfile('Bob@example.com'), { pubkey: BOB, relays: ['wss://relay.example.com'] });
  assert.equal(await isValid(BOB, 'bob@example.com'), true);
  assert.equal(await isValid(BOB, 'carol@example.com'), false);
  assert.equal(await queryProfile('carol@example.com'), null);
  await edge.waitForLine(/https GET \/\.well-known\/nostr\.json\?… -> #6 \/\.well-known\/nostr\.json -> api -> 200/);
});

test('nostr.json by plain HTTP: only the name asked, CORS *, no redirect, 400 without a name', async () => {
  const response = await fetch('https://example.com/.well-known/nostr.json?name=bob', { redirect: 'manual' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.deepEqual(await response.json(), { names: { bob: BOB }, relays: { [BOB]: ['wss://relay.example.com'] } });
  const unknown = await fetch('https://example.com/.well-known/nostr.json?name=carol', { redirect: 'manual' });
  assert.equal(unknown.status, 200);
  assert.equal(await unknown.text(), '{"names":{}}');
  const all = await fetch('https://example.com/.well-known/nostr.json', { redirect: 'manual' });
  assert.equal(all.status, 400);
  assert.deepEqual(await all.json(), { error: 'invalid_request', message: 'name is required' });
});

test('@atproto/identity: resolveHttp("example.com") reads the DID from /.well-known/atproto-did', async () => {
  const resolver = new HandleResolver({ timeout: 5000 });
  assert.equal(await resolver.resolveHttp('example.com'), 'did:plc:ewvi7nxzyoun6zhxrhs64oiz');
  const response = await fetch('https://example.com/.well-known/atproto-did');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await response.text(), 'did:plc:ewvi7nxzyoun6zhxrhs64oiz');
  await edge.waitForLine(/https GET \/\.well-known\/atproto-did -> #3 \/\.well-known\/atproto-did -> api -> 200/);
});

test('matrix-js-sdk AutoDiscovery: example.com finds the homeserver at https://matrix.example.com and checks it', async () => {
  const before = homeserver.requests.length;
  const config = await AutoDiscovery.findClientConfig('example.com');
  assert.equal(config['m.homeserver'].state, AutoDiscoveryAction.SUCCESS, JSON.stringify(config));
  assert.equal(config['m.homeserver'].base_url, 'https://matrix.example.com');
  assert.equal(homeserver.requests.length, before + 1);
  assert.equal(homeserver.requests.at(-1).url, '/_matrix/client/versions');
  await edge.waitForLine(/https GET \/\.well-known\/matrix\/client -> #5 \/\.well-known\/matrix\/client -> api -> 200/);
});

test('matrix/client: the CORS headers of the Matrix spec on the document and on a browser preflight', async () => {
  const response = await fetch('https://example.com/.well-known/matrix/client', { headers: { origin: 'https://app.element.io' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, PUT, DELETE, OPTIONS');
  assert.equal(response.headers.get('access-control-allow-headers'), 'X-Requested-With, Content-Type, Authorization');
  assert.deepEqual(await response.json(), { 'm.homeserver': { base_url: 'https://matrix.example.com' } });
  const preflight = await fetch('https://example.com/.well-known/matrix/client', {
    method: 'OPTIONS',
    headers: { origin: 'https://app.element.io', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'X-Requested-With, Content-Type, Authorization');
});

test('matrix/server: {"m.server": "matrix.example.com:443"} as the server-server spec\'s example has it', async () => {
  const response = await fetch('https://example.com/.well-known/matrix/server', { redirect: 'manual' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.deepEqual(await response.json(), { 'm.server': 'matrix.example.com:443' });
  await edge.waitForLine(/https GET \/\.well-known\/matrix\/server -> #4 \/\.well-known\/matrix\/server -> api -> 200/);
});

test('RFC 7033 §4.3: bob (OIDC only) without rel gets his JRD with the issuer link', async () => {
  const response = await fetch('https://example.com/.well-known/webfinger?resource=acct:bob@example.com', { redirect: 'manual' });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    subject: 'acct:bob@example.com',
    links: [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href: 'https://auth.example.com' }],
  });
});

test('with the default settings a static /.well-known/ file comes from the bucket, other router-free paths too', async () => {
  const txt = await fetch('https://example.com/.well-known/security.txt');
  assert.equal(txt.status, 200);
  assert.equal(await txt.text(), readFileSync(path.join(repo, 'site/.well-known/security.txt'), 'utf8'));
  await edge.waitForLine(new RegExp(`GET ${escaped('/.well-known/security.txt')} -> default -> site -> 200`));
  // Not the router's: Matrix's support file and an unknown name are the bucket's (S3's 404 for a missing key).
  for (const target of ['/.well-known/matrix/support', '/.well-known/apple-app-site-association']) {
    await fetch(`https://example.com${target}`, { redirect: 'manual' });
    await edge.waitForLine(new RegExp(`GET ${escaped(target)} -> default -> site -> `));
  }
});
