// The local edge against the synthesized distribution itself: viewer protocol policy, behaviours in order, the
// S3 origin, the router origin, the response headers policy, the origin request policy's Host handling — each
// expectation read from cdk.tf.json, not restated. Addresses: 127.0.3.0/24.
import { mapHosts } from './hosts.mjs';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { narrowStackJson, repo, requirePrepared, stackJson, startEdge, tlsArgs } from './harness.mjs';

const EDGE = '127.0.3.1';
const stack = JSON.parse(readFileSync(stackJson, 'utf8'));
const distribution = Object.values(stack.resource.aws_cloudfront_distribution)[0];
const routerBehaviour = distribution.ordered_cache_behavior[0];
const headersPolicy = Object.values(stack.resource.aws_cloudfront_response_headers_policy)[0].security_headers_config;
const hstsDefault = stack.variable.hsts_max_age_seconds.default;
const temp = mkdtempSync(path.join(os.tmpdir(), 'edge-e2e-'));
let edge;

before(async () => {
  requirePrepared();
  mapHosts({ 'example.com': EDGE });
  edge = await startEdge(['--http', `${EDGE}:80`, ...tlsArgs(EDGE)]);
});

after(async () => {
  await edge?.stop();
  rmSync(temp, { recursive: true, force: true });
});

function assertSecurityHeaders(response, maxAge = hstsDefault) {
  const sts = headersPolicy.strict_transport_security;
  assert.equal(response.headers.get('strict-transport-security'),
    `max-age=${maxAge}${sts.include_subdomains ? '; includeSubDomains' : ''}${sts.preload ? '; preload' : ''}`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('x-frame-options'), headersPolicy.frame_options.frame_option);
  assert.equal(response.headers.get('referrer-policy'), headersPolicy.referrer_policy.referrer_policy);
}

describe('the synthesized distribution, over TLS', () => {
  test('plain HTTP is redirected to https (viewer_protocol_policy redirect-to-https) before any origin', async () => {
    assert.equal(distribution.default_cache_behavior.viewer_protocol_policy, 'redirect-to-https');
    assert.equal(routerBehaviour.viewer_protocol_policy, 'redirect-to-https');
    for (const target of ['/', '/.well-known/webfinger?resource=acct:alice@example.com']) {
      const response = await fetch(`http://example.com${target}`, { redirect: 'manual' });
      assert.equal(response.status, 301, target);
      assert.equal(response.headers.get('location'), `https://example.com${target}`);
    }
  });

  test('/ is the default root object from the site folder, with the security headers', async () => {
    const response = await fetch('https://example.com/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html');
    assert.equal(await response.text(), readFileSync(path.join(repo, 'site', distribution.default_root_object), 'utf8'));
    assertSecurityHeaders(response);
    assert.match(response.headers.get('via'), /cloudfront\.net \(CloudFront\)$/);
  });

  test('a sub-folder index: served only when a viewer-request function rewrites it (S3 has no index documents)', async () => {
    const rewrites = (distribution.default_cache_behavior.function_association ?? []).length > 0;
    const response = await fetch('https://example.com/docs/');
    if (rewrites) {
      assert.equal(response.status, 200);
      assert.equal(await response.text(), readFileSync(path.join(repo, 'site/docs/index.html'), 'utf8'));
    } else {
      assert.ok([403, 404].includes(response.status), String(response.status));
    }
  });

  test('a folder without its slash: the function\'s 301 to the slash form, query kept (relative links resolve)', async () => {
    const response = await fetch('https://example.com/docs?lang=en&x=a%20b', { redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/docs/?lang=en&x=a%20b');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=3600');
    const followed = await fetch('https://example.com/docs');
    assert.equal(followed.status, 200);
    assert.equal(followed.url, 'https://example.com/docs/');
  });

  test('a missing page is the site\'s 404 page with status 404 (not_found_mode error-page, the default)', async () => {
    assert.equal(stack.variable.not_found_mode.default, 'error-page');
    const response = await fetch('https://example.com/no-such-page.txt');
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'text/html');
    assert.equal(await response.text(), readFileSync(path.join(repo, 'site', stack.variable.not_found_page.default), 'utf8'));
    assertSecurityHeaders(response);
  });

  test('a router 404 keeps its status; a router 400 and 405 keep status and body (only 404 ever gets a page)', async () => {
    const missing = await fetch('https://example.com/.well-known/webfinger?resource=acct:nobody@example.com');
    assert.equal(missing.status, 404);
    const bad = await fetch('https://example.com/.well-known/webfinger');
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/json');
    assert.equal((await bad.json()).error, 'invalid_request');
    const post = await fetch('https://example.com/.well-known/webfinger', { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal((await post.json()).error, 'method_not_allowed');
  });

  test('a router 404 in error-page mode: the site\'s 404 page, and for a browser still Access-Control-Allow-Origin (RFC 7033 §5)', async () => {
    // The router's own answer carries the header; the custom error response that replaces its body does not. The
    // router behaviours' response headers policy (CORS for any origin, origin_override false) puts it back.
    const policies = stack.resource.aws_cloudfront_response_headers_policy;
    const id = routerBehaviour.response_headers_policy_id.match(/^\$\{aws_cloudfront_response_headers_policy\.([A-Za-z0-9_]+)\.id\}$/)[1];
    assert.deepEqual(policies[id].cors_config, {
      access_control_allow_credentials: false,
      access_control_allow_headers: { items: ['*'] },
      access_control_allow_methods: { items: ['GET', 'HEAD', 'OPTIONS'] },
      access_control_allow_origins: { items: ['*'] },
      origin_override: false,
    });
    const page = readFileSync(path.join(repo, 'site', stack.variable.not_found_page.default), 'utf8');
    const url = 'https://example.com/.well-known/webfinger?resource=acct:nobody@example.com';
    const browser = await fetch(url, { headers: { origin: 'https://app.example.net' } });
    assert.equal(browser.status, 404);
    assert.equal(await browser.text(), page);
    assert.equal(browser.headers.get('access-control-allow-origin'), '*');
    assert.equal(browser.headers.get('access-control-allow-credentials'), null);
    assertSecurityHeaders(browser);
    await edge.waitForLine(/\/\.well-known\/webfinger\?… -> #0 .*-> 404 .*custom error response/);
    // Not a CORS request: CloudFront adds CORS headers only to requests with an Origin header.
    const plain = await fetch(url);
    assert.equal(plain.status, 404);
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
    // The site's own 404 page is not opened to other origins: the default behaviour's policy has no CORS.
    assert.equal(stack.resource.aws_cloudfront_response_headers_policy[distribution.default_cache_behavior.response_headers_policy_id
      .match(/\.([A-Za-z0-9_]+)\.id\}$/)[1]].cors_config, undefined);
    const site = await fetch('https://example.com/no-such-page.txt', { headers: { origin: 'https://app.example.net' } });
    assert.equal(site.status, 404);
    assert.equal(site.headers.get('access-control-allow-origin'), null);
  });

  test('the router\'s own CORS headers pass unchanged (the policy only fills what is missing)', async () => {
    const preflight = await fetch('https://example.com/.well-known/matrix/client', {
      method: 'OPTIONS', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'GET' },
    });
    // The Matrix client document's preflight names the methods and headers the Matrix spec asks for, not the policy's.
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, POST, PUT, DELETE, OPTIONS');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'X-Requested-With, Content-Type, Authorization');
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  });

  test('POST to the site behaviour is refused by CloudFront (not in allowed_methods)', async () => {
    assert.ok(!distribution.default_cache_behavior.allowed_methods.includes('POST'));
    const response = await fetch('https://example.com/', { method: 'POST', body: 'x' });
    assert.equal(response.status, 403);
  });

  test('the router behaviour: 301 to Mastodon with the security headers; the origin saw the API host, not example.com', async () => {
    const response = await fetch('https://example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com', { redirect: 'manual' });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), 'https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com');
    assertSecurityHeaders(response);
    assert.equal(routerBehaviour.origin_request_policy_id, 'b689b0a8-53d0-40ab-baf2-68738e2966ac');
    await edge.waitForLine(/ https GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301 \(Host localapi\.execute-api\.[a-z0-9-]+\.amazonaws\.com/);
  });

  test('the router answers only what came through the edge: the origin secret header replaces a viewer\'s forged one', async () => {
    const api = Object.values(stack.resource.aws_cloudfront_distribution)[0].origin.find((o) => o.origin_id === routerBehaviour.target_origin_id);
    assert.deepEqual(api.custom_header.map((h) => h.name), ['X-Origin-Verify']);
    assert.match(api.custom_header[0].value, /^\$\{sensitive\(terraform_data\.[A-Za-z0-9_]+\.output\)\}$/);
    const response = await fetch('https://example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com',
      { redirect: 'manual', headers: { 'x-origin-verify': 'forged-by-a-viewer-forged-by-a-viewer-000000' } });
    assert.equal(response.status, 301);
    assert.match(edge.lines.join('\n'), /origin custom header X-Origin-Verify: the stack's origin secret/);
  });

  test('all methods reach the router: POST is its 405, OPTIONS its CORS preflight', async () => {
    const post = await fetch('https://example.com/.well-known/webfinger', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD, OPTIONS');
    const preflight = await fetch('https://example.com/.well-known/webfinger', {
      method: 'OPTIONS', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  });

  test('HEAD of a JRD: the status and headers of GET, no body', async () => {
    const response = await fetch('https://example.com/.well-known/webfinger?resource=acct:carol@example.com', { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/jrd+json');
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });
});

describe('other shapes of the stack', () => {
  test('narrowed routerPathPatterns + stack-owned origin request policy (a real synth): security.txt comes from the bucket', async (t) => {
    assert.ok(existsSync(narrowStackJson), `${narrowStackJson} missing: make test-e2e synthesizes it`);
    const narrow = JSON.parse(readFileSync(narrowStackJson, 'utf8'));
    const patterns = Object.values(narrow.resource.aws_cloudfront_distribution)[0].ordered_cache_behavior.map((b) => b.path_pattern);
    assert.deepEqual(patterns, ['/.well-known/webfinger', '/.well-known/host-meta*', '/.well-known/nodeinfo*']);
    const variant = await startEdge(['--stack', narrowStackJson, '--http', '127.0.3.2:8080']);
    t.after(() => variant.stop());
    assert.match(variant.lines.join('\n'), /aws_cloudfront_origin_request_policy\.[^ ]+\), viewer Host removed/);

    const txt = await fetch('http://127.0.3.2:8080/.well-known/security.txt');
    assert.equal(txt.status, 200);
    assert.equal(await txt.text(), readFileSync(path.join(repo, 'site/.well-known/security.txt'), 'utf8'));
    await variant.waitForLine(/GET \/\.well-known\/security\.txt -> default -> site -> 200/);

    const wf = await fetch('http://127.0.3.2:8080/.well-known/webfinger?resource=acct:alice@example.com', { redirect: 'manual' });
    assert.equal(wf.status, 301);
    await variant.waitForLine(/GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301 \(Host localapi/);

    const hostMeta = await fetch('http://127.0.3.2:8080/.well-known/host-meta?resource=acct:alice@example.com', { redirect: 'manual' });
    assert.equal(hostMeta.status, 301);
    assert.equal(hostMeta.headers.get('location'), 'https://mastodon.example.com/.well-known/host-meta?resource=acct:alice@example.com');
    await variant.waitForLine(/GET \/\.well-known\/host-meta\?… -> #1 \/\.well-known\/host-meta\* -> api -> 301/);

    // Path patterns are case-sensitive: this one is no router path, so it goes to the bucket.
    const upper = await fetch('http://127.0.3.2:8080/.well-known/WEBFINGER?resource=acct:alice@example.com', { redirect: 'manual' });
    assert.ok([403, 404].includes(upper.status));
    await variant.waitForLine(/GET \/\.well-known\/WEBFINGER\?… -> default -> site/);
  });

  test('path patterns: in order, first match wins, * spans slashes, ? is exactly one character, case-sensitive', async (t) => {
    const shaped = structuredClone(stack);
    const d = Object.values(shaped.resource.aws_cloudfront_distribution)[0];
    const api = d.ordered_cache_behavior[0];
    const site = { ...structuredClone(api), target_origin_id: d.default_cache_behavior.target_origin_id, allowed_methods: ['GET', 'HEAD'] };
    delete site.origin_request_policy_id;
    d.ordered_cache_behavior = [
      { ...structuredClone(api), path_pattern: '/.well-known/host-meta' },
      { ...site, path_pattern: '/docs/*.htm?' },
      { ...structuredClone(api), path_pattern: '/.well-known/*' },
    ];
    const file = path.join(temp, 'patterns.json');
    writeFileSync(file, JSON.stringify(shaped));
    const variant = await startEdge(['--stack', file, '--http', '127.0.3.6:8080']);
    t.after(() => variant.stop());
    const expected = {
      '/.well-known/host-meta': '#0 /.well-known/host-meta',
      '/.well-known/host-meta.json': '#2 /.well-known/*',
      '/docs/index.html': '#1 /docs/*.htm?',
      '/docs/index.htm': 'default',
      '/docs/sub/page.html': '#1 /docs/*.htm?',
      '/DOCS/index.html': 'default',
      '/.well-known/webfinger': '#2 /.well-known/*',
    };
    for (const [target, label] of Object.entries(expected)) {
      await fetch(`http://127.0.3.6:8080${target}`, { redirect: 'manual' });
      const escaped = (x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      await variant.waitForLine(new RegExp(` GET ${escaped(target)} -> ${escaped(label)} -> `));
    }
  });

  test('a policy that forwards the viewer\'s Host gets API Gateway\'s 403 Forbidden, the failure the stack avoids', async (t) => {
    const broken = structuredClone(stack);
    Object.values(broken.resource.aws_cloudfront_distribution)[0].ordered_cache_behavior[0].origin_request_policy_id =
      '216adef6-5c7f-47e4-b989-5492eafa07d3'; // managed AllViewer: Host included
    const file = path.join(temp, 'host-forwarded.json');
    writeFileSync(file, JSON.stringify(broken));
    // API Gateway's 403 reaches the viewer as is in every not_found_mode (spa once turned it into a 200 page): no
    // custom_error_response of the distribution, which CloudFront applies to every origin, rewrites a 403.
    let port = 8080;
    for (const mode of ['error-page', 'list-bucket', 'spa']) {
      const variant = await startEdge(['--stack', file, '--http', `127.0.3.3:${port}`, '--var', `not_found_mode=${mode}`]);
      t.after(() => variant.stop());
      assert.match(variant.lines.join('\n'), /viewer Host FORWARDED/);
      const response = await fetch(`http://127.0.3.3:${port}/.well-known/webfinger?resource=acct:alice@example.com`, { redirect: 'manual' });
      assert.equal(response.status, 403, mode);
      assert.deepEqual(await response.json(), { message: 'Forbidden' }, mode);
      port += 1;
    }
  });

  test('--var gives a Terraform variable a value other than its default (hsts_max_age_seconds)', async (t) => {
    const variant = await startEdge(['--http', '127.0.3.4:8080', '--var', 'hsts_max_age_seconds=300']);
    t.after(() => variant.stop());
    const response = await fetch('http://127.0.3.4:8080/');
    assertSecurityHeaders(response, 300);
  });

  test('a stack the edge cannot emulate is refused with a message naming the place', async () => {
    const odd = structuredClone(stack);
    Object.values(odd.resource.aws_cloudfront_distribution)[0].ordered_cache_behavior[0].cache_policy_id = '00000000-0000-0000-0000-000000000000';
    const file = path.join(temp, 'unknown-policy.json');
    writeFileSync(file, JSON.stringify(odd));
    await assert.rejects(startEdge(['--stack', file, '--http', '127.0.3.5:8080']),
      /ordered_cache_behavior\[0\]\.cache_policy_id: managed policy 00000000-0000-0000-0000-000000000000 is not one the local edge knows/);
  });

  test('only loopback addresses are accepted', async () => {
    await assert.rejects(startEdge(['--http', '0.0.0.0:8080']), /loopback addresses only/);
  });
});
