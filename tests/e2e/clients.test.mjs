// Real WebFinger clients from npm against the local edge over TLS, the way they would reach CloudFront:
// @fedify/webfinger and webfinger.js for a Mastodon account (301 from the router, then the Mastodon server),
// openid-client for the OpenID Connect issuer (200 from the router, then the issuer's discovery document).
// Addresses: 127.0.1.0/24. example.com is the edge, mastodon.example.com and auth.example.com are stand-ins.
import { mapHosts } from './hosts.mjs';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lookupWebFinger } from '@fedify/webfinger';
import WebFinger from 'webfinger.js';
import { Issuer } from 'openid-client';
import {
  issuerHandler, mastodonHandler, requirePrepared, startEdge, startStandIn, tlsArgs, webfingerConfig,
} from './harness.mjs';

const EDGE = '127.0.1.1';
const MASTODON = '127.0.1.2';
const ISSUER = '127.0.1.3';
const issuer = webfingerConfig.oidc.issuer;
let edge;
let mastodon;
let idp;

before(async () => {
  requirePrepared();
  assert.equal(webfingerConfig.domain, 'example.com');
  assert.equal(webfingerConfig.mastodon.host, 'mastodon.example.com');
  assert.equal(issuer, 'https://auth.example.com');
  mapHosts({ 'example.com': EDGE, 'mastodon.example.com': MASTODON, 'auth.example.com': ISSUER });
  mastodon = await startStandIn(MASTODON, mastodonHandler);
  idp = await startStandIn(ISSUER, issuerHandler(issuer));
  edge = await startEdge(['--http', `${EDGE}:80`, ...tlsArgs(EDGE)]);
});

after(async () => {
  await edge?.stop();
  await mastodon?.stop();
  await idp?.stop();
});

function lastMastodonRequest() {
  assert.ok(mastodon.requests.length > 0, 'the stand-in Mastodon server was never reached');
  return mastodon.requests.at(-1);
}

test('@fedify/webfinger: acct:alice@example.com over https ends at the Mastodon server with the checked resource', async () => {
  const before = mastodon.requests.length;
  const jrd = await lookupWebFinger('acct:alice@example.com', { allowPrivateAddress: true });
  assert.ok(jrd, 'lookupWebFinger found nothing');
  assert.equal(jrd.subject, 'acct:alice@example.com');
  assert.ok(jrd.links.some((l) => l.rel === 'self' && l.href === 'https://mastodon.example.com/users/alice'));
  assert.equal(mastodon.requests.length, before + 1);
  // fedify encodes the resource with URLSearchParams; the router's 301 carries the resource it checked, re-encoded.
  assert.equal(lastMastodonRequest().url, '/.well-known/webfinger?resource=acct%3Aalice%40example.com');
  await edge.waitForLine(/https GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301 \(Host [^ ]+execute-api/);
});

test('@fedify/webfinger: a configured resource is answered by the router itself, an unknown account is not found', async () => {
  const before = mastodon.requests.length;
  const carol = await lookupWebFinger('acct:carol@example.com', { allowPrivateAddress: true });
  assert.deepEqual(carol, webfingerConfig.resources['acct:carol@example.com']);
  assert.equal(await lookupWebFinger('acct:dave@example.com', { allowPrivateAddress: true }), null);
  assert.equal(mastodon.requests.length, before, 'neither lookup may reach Mastodon');
});

test('webfinger.js: acct:alice@example.com (tls_only: false) ends at the Mastodon server with the checked resource', async () => {
  const before = mastodon.requests.length;
  const client = new WebFinger({ tls_only: false, allow_private_addresses: true, request_timeout: 5000 });
  const result = await client.lookup('alice@example.com');
  assert.equal(result.object.subject, 'acct:alice@example.com');
  assert.ok(result.object.links.some((l) => l.rel === 'self' && l.href === 'https://mastodon.example.com/users/alice'));
  assert.equal(result.idx.links.profile[0].href, 'https://mastodon.example.com/@alice');
  assert.equal(mastodon.requests.length, before + 1);
  // webfinger.js sends the resource unencoded; Mastodon gets the resource the router checked, percent-encoded.
  assert.equal(lastMastodonRequest().url, '/.well-known/webfinger?resource=acct%3Aalice%40example.com');
});

test('openid-client Issuer.webfinger: acct:bob@example.com yields the configured issuer', async () => {
  const before = idp.requests.length;
  const found = await Issuer.webfinger('acct:bob@example.com');
  assert.equal(found.issuer, issuer);
  assert.equal(found.metadata.authorization_endpoint, `${issuer}/authorize`);
  assert.equal(idp.requests.length, before + 1);
  assert.equal(idp.requests.at(-1).url, '/.well-known/openid-configuration');
});

test('openid-client Issuer.webfinger: alice, in both lists, gets the issuer (not the redirect) when asking for it', async () => {
  const mastodonBefore = mastodon.requests.length;
  const found = await Issuer.webfinger('alice@example.com');
  assert.equal(found.issuer, issuer);
  assert.equal(mastodon.requests.length, mastodonBefore);
});

test('openid-client Issuer.webfinger: an account outside oidc.accounts finds no issuer', async () => {
  // The status stays the router's 404 in every not_found_mode. With error-page (the default) CloudFront's
  // distribution-wide 404 response replaces the router's JSON body {"error":"not_found",…} with the site's 404 page,
  // so openid-client reports the status instead of the router's error code (README, "Missing pages").
  await assert.rejects(Issuer.webfinger('acct:dave@example.com'), (e) => e.name === 'OPError'
    && e.response?.statusCode === 404 && (e.error === 'not_found' || /got: 404 Not Found/.test(e.error)));
});
