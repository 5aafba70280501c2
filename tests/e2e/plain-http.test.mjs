// The local edge as `make serve` runs it: plain HTTP only, so viewer_protocol_policy has nowhere to redirect to.
// webfinger.js with tls_only: false falls back to http:// when https:// is refused, follows the router's 301 to
// the (https) Mastodon server. Addresses: 127.0.2.0/24.
import { mapHosts } from './hosts.mjs';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebFinger from 'webfinger.js';
import { mastodonHandler, requirePrepared, startEdge, startStandIn } from './harness.mjs';

const EDGE = '127.0.2.1';
const MASTODON = '127.0.2.2';
let edge;
let mastodon;

before(async () => {
  requirePrepared();
  mapHosts({ 'example.com': EDGE, 'mastodon.example.com': MASTODON });
  mastodon = await startStandIn(MASTODON, mastodonHandler);
  edge = await startEdge(['--http', `${EDGE}:80`]);
});

after(async () => {
  await edge?.stop();
  await mastodon?.stop();
});

test('the done-when check: GET http://…/.well-known/webfinger?resource=acct:alice@example.com is the 301 to Mastodon, carrying the checked resource (re-encoded)', async () => {
  const response = await fetch(`http://${EDGE}/.well-known/webfinger?resource=acct:alice@example.com`, { redirect: 'manual' });
  assert.equal(response.status, 301);
  assert.equal(response.headers.get('location'), 'https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com');
  assert.match(edge.lines.join('\n'), /viewer_protocol_policy is not enforced on plain HTTP/);
});

test('webfinger.js (tls_only: false): https refused, falls back to http, follows the 301 to the Mastodon server', async () => {
  const before = mastodon.requests.length;
  const client = new WebFinger({ tls_only: false, allow_private_addresses: true, request_timeout: 5000 });
  const result = await client.lookup('alice@example.com');
  assert.equal(result.object.subject, 'acct:alice@example.com');
  assert.equal(mastodon.requests.length, before + 1);
  assert.equal(mastodon.requests.at(-1).url, '/.well-known/webfinger?resource=acct%3Aalice%40example.com');
  await edge.waitForLine(/ http GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301 /);
});

test('webfinger.js with its default tls_only: true cannot reach an edge without TLS', async () => {
  const client = new WebFinger({ allow_private_addresses: true, request_timeout: 5000 });
  await assert.rejects(client.lookup('alice@example.com'));
});
