// The router behind a Lambda function URL (routerOrigin = function-url, issue 19), from a real synth of that shape
// (make test-e2e writes it with EDGE_ROUTER_ROUTER_ORIGIN=function-url): the same real clients as clients.test.mjs,
// then what Lambda checks before the function runs, as the local edge emulates it. The SigV4 signature itself cannot
// be checked without AWS; what decides whether CloudFront signs (an origin access control of type lambda on the
// origin) and what a signed request needs (the viewer's Host kept away, a body's x-amz-content-sha256) can.
// Addresses: 127.0.7.0/24. example.com is the edge, mastodon.example.com and auth.example.com are stand-ins.
import { mapHosts } from './hosts.mjs';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lookupWebFinger } from '@fedify/webfinger';
import WebFinger from 'webfinger.js';
import { Issuer } from 'openid-client';
import {
  issuerHandler, mastodonHandler, repo, requirePrepared, startEdge, startStandIn, tlsArgs, webfingerConfig,
} from './harness.mjs';

const EDGE = '127.0.7.1';
const MASTODON = '127.0.7.2';
const ISSUER = '127.0.7.3';
const VARIANT = '127.0.7.4';
const stackFile = process.env.E2E_FUNCTION_URL_STACK ?? path.join(repo, 'build/e2e/function-url/stacks/edge-router/cdk.tf.json');
const issuer = webfingerConfig.oidc.issuer;
const temp = mkdtempSync(path.join(os.tmpdir(), 'edge-function-url-'));
let stack;
let edge;
let mastodon;
let idp;

before(async () => {
  requirePrepared();
  assert.ok(existsSync(stackFile), `${stackFile} missing: make test-e2e synthesizes it`);
  stack = JSON.parse(readFileSync(stackFile, 'utf8'));
  mapHosts({ 'example.com': EDGE, 'mastodon.example.com': MASTODON, 'auth.example.com': ISSUER });
  mastodon = await startStandIn(MASTODON, mastodonHandler);
  idp = await startStandIn(ISSUER, issuerHandler(issuer));
  edge = await startEdge(['--stack', stackFile, '--http', `${EDGE}:80`, ...tlsArgs(EDGE)]);
});

after(async () => {
  await edge?.stop();
  await mastodon?.stop();
  await idp?.stop();
  rmSync(temp, { recursive: true, force: true });
});

/** A copy of the function-url stack changed by `change`, written to a file of its own. */
function variantStack(name, change) {
  const copy = structuredClone(stack);
  change(copy, Object.values(copy.resource.aws_cloudfront_distribution)[0]);
  const file = path.join(temp, `${name}.json`);
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

describe('the synthesized function-url shape', () => {
  test('has no API Gateway resource, and the router origin is the function URL signed by an OAC of type lambda', async () => {
    assert.deepEqual(Object.keys(stack.resource).filter((type) => type.startsWith('aws_apigatewayv2_')), []);
    const [urlName, url] = Object.entries(stack.resource.aws_lambda_function_url)[0];
    assert.equal(url.authorization_type, 'AWS_IAM');
    const origin = Object.values(stack.resource.aws_cloudfront_distribution)[0].origin.find((o) => o.origin_id === 'api');
    assert.equal(origin.domain_name, `\${trimsuffix(trimprefix(aws_lambda_function_url.${urlName}.function_url, "https://"), "/")}`);
    assert.match(edge.lines.join('\n'), /-> api: Lambda function URL \(AWS_IAM, signed by the distribution's origin access control; payload 2\.0\)/);
  });
});

describe('real clients through the function URL origin', () => {
  test('@fedify/webfinger: acct:alice@example.com ends at the Mastodon server; the function URL got the event', async () => {
    const before = mastodon.requests.length;
    const jrd = await lookupWebFinger('acct:alice@example.com', { allowPrivateAddress: true });
    assert.equal(jrd?.subject, 'acct:alice@example.com');
    assert.ok(jrd.links.some((l) => l.rel === 'self' && l.href === 'https://mastodon.example.com/users/alice'));
    assert.equal(mastodon.requests.length, before + 1);
    assert.equal(mastodon.requests.at(-1).url, '/.well-known/webfinger?resource=acct%3Aalice%40example.com');
    await edge.waitForLine(/https GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301 \(Host localurl\.lambda-url\.[a-z0-9-]+\.on\.aws/);
  });

  test('@fedify/webfinger: a configured resource is answered by the router, an unknown account is not found', async () => {
    const carol = await lookupWebFinger('acct:carol@example.com', { allowPrivateAddress: true });
    assert.deepEqual(carol, webfingerConfig.resources['acct:carol@example.com']);
    assert.equal(await lookupWebFinger('acct:dave@example.com', { allowPrivateAddress: true }), null);
  });

  test('webfinger.js: alice@example.com ends at the Mastodon server', async () => {
    const client = new WebFinger({ tls_only: false, allow_private_addresses: true, request_timeout: 5000 });
    const result = await client.lookup('alice@example.com');
    assert.equal(result.object.subject, 'acct:alice@example.com');
    assert.equal(result.idx.links.profile[0].href, 'https://mastodon.example.com/@alice');
  });

  test('openid-client Issuer.webfinger: acct:bob@example.com yields the configured issuer', async () => {
    const found = await Issuer.webfinger('acct:bob@example.com');
    assert.equal(found.issuer, issuer);
    assert.equal(idp.requests.at(-1).url, '/.well-known/openid-configuration');
  });

  test('the function URL answer carries x-amzn-RequestId, not API Gateway\'s apigw-requestid', async () => {
    const response = await fetch('https://example.com/.well-known/webfinger?resource=acct:carol@example.com');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/jrd+json');
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('apigw-requestid'), null);
  });
});

describe('what Lambda refuses before the function runs', () => {
  test('a POST with a body but no x-amz-content-sha256 is 403 from Lambda (no unsigned payloads); with the right hash the router answers 405', async () => {
    const body = '{"resource":"acct:alice@example.com"}';
    const unsigned = await fetch('https://example.com/.well-known/webfinger', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(await unsigned.json(), { Message: 'Forbidden' });
    await edge.waitForLine(/function URL refused: a body without x-amz-content-sha256/);

    const wrong = await fetch('https://example.com/.well-known/webfinger', {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update('other').digest('hex') },
    });
    assert.equal(wrong.status, 403);

    const hashed = await fetch('https://example.com/.well-known/webfinger', {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    });
    assert.equal(hashed.status, 405);
    assert.equal(hashed.headers.get('allow'), 'GET, HEAD, OPTIONS');
  });

  test('a body over Lambda\'s 6 MB is 413 before the function runs (a function URL has no 10 MB quota of its own to name)', async () => {
    const body = Buffer.alloc(7 * 1024 * 1024, 0x61);
    const response = await fetch('https://example.com/.well-known/webfinger', {
      method: 'POST', body, headers: { 'content-type': 'text/plain', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    });
    assert.equal(response.status, 413);
    await edge.waitForLine(/-> 413 \(body 7340032 bytes, over Lambda's 6 MB\)/);
  });

  test('the viewer\'s Host forwarded to the function URL (a broken copy of the stack): 403 before the function runs', async (t) => {
    const file = variantStack('host-forwarded', (_, d) => {
      for (const b of d.ordered_cache_behavior) b.origin_request_policy_id = '216adef6-5c7f-47e4-b989-5492eafa07d3'; // Managed-AllViewer
    });
    const variant = await startEdge(['--stack', file, '--http', `${VARIANT}:8080`]);
    t.after(() => variant.stop());
    assert.match(variant.lines.join('\n'), /viewer Host FORWARDED \(the function URL answers 403\)/);
    const response = await fetch(`http://${VARIANT}:8080/.well-known/webfinger?resource=acct:carol@example.com`);
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { Message: 'Forbidden' });
    await variant.waitForLine(/function URL refused: viewer Host 127\.0\.7\.4:8080 reached the function URL/);
  });

  test('without the origin access control (a broken copy): CloudFront sends unsigned requests and every lookup is 403', async (t) => {
    const file = variantStack('unsigned', (_, d) => {
      delete d.origin.find((o) => o.origin_id === 'api').origin_access_control_id;
    });
    const variant = await startEdge(['--stack', file, '--http', `${VARIANT}:8081`]);
    t.after(() => variant.stop());
    assert.match(variant.lines.join('\n'), /Lambda function URL \(AWS_IAM, UNSIGNED; payload 2\.0\)/);
    const response = await fetch(`http://${VARIANT}:8081/.well-known/webfinger?resource=acct:carol@example.com`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    await variant.waitForLine(/function URL refused: unsigned request to an AWS_IAM function URL/);
  });
});
