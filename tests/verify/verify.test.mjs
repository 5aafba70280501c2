// make verify against the local edge on loopback ports (no port 443 needed): the synthesized stack passes every
// check; a copy whose API behaviour forwards the viewer's Host fails, naming the Host header. Also: the bypass check
// against loopback stand-ins for the API endpoint, the failure explanations, and what a non-loopback URL refuses.
// `make test-verify` prepares the edge, the router, the synth and the test CA (NODE_EXTRA_CA_CERTS).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { explain } from '../../tools/verify/explain.mjs';
import { stackFacts } from '../../tools/verify/verify.mjs';
import { issuerHandler, mastodonHandler, repo, requirePrepared, stackJson, startEdge, tlsDir, webfingerConfig } from '../e2e/harness.mjs';

const temp = mkdtempSync(path.join(os.tmpdir(), 'verify-test-'));
const servers = [];
const edges = [];

/** A port the system gives out now (released at once; the race with other processes is accepted). */
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return server.address().port;
}

const tlsOptions = () => ({ cert: readFileSync(path.join(tlsDir, 'server.pem')), key: readFileSync(path.join(tlsDir, 'server-key.pem')) });

/** Runs a command from the repository root; resolves { status, output } (bounded by `timeoutMs`). */
function run(command, args, timeoutMs = 90000) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} ${args.join(' ')} took over ${timeoutMs} ms:\n${output}`)); }, timeoutMs);
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, output }); });
  });
}

let resolveArg;
async function edgeOn(stackFile, extraArgs = []) {
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const edge = await startEdge([...extraArgs, '--stack', stackFile, '--https', `127.0.0.1:${httpsPort}`, '--cert', path.join(tlsDir, 'server.pem'),
    '--key', path.join(tlsDir, 'server-key.pem'), '--http', `127.0.0.1:${httpPort}`]);
  edges.push(edge);
  return { edge, url: `https://127.0.0.1:${httpsPort}`, httpUrl: `http://127.0.0.1:${httpPort}` };
}

before(async () => {
  requirePrepared();
  const mastodonPort = await listen(https.createServer(tlsOptions(), mastodonHandler));
  const issuerPort = await listen(https.createServer(tlsOptions(), issuerHandler(webfingerConfig.oidc.issuer)));
  resolveArg = `mastodon.example.com=127.0.0.1:${mastodonPort} auth.example.com=127.0.0.1:${issuerPort}`;
});

after(async () => {
  for (const e of edges) await e.stop();
  for (const s of servers) { s.closeAllConnections?.(); s.close(); }
  rmSync(temp, { recursive: true, force: true });
});

describe('make verify against the local edge', () => {
  test('the synthesized stack: every check passes, one line each with expected and got; exit 0', async () => {
    const { edge, url, httpUrl } = await edgeOn(stackJson);
    const { status, output } = await run('make', ['-s', 'verify', 'DOMAIN=example.com', `URL=${url}`, `HTTP_URL=${httpUrl}`,
      'ACCOUNT=alice', 'OIDC_ACCOUNT=bob', `RESOLVE=${resolveArg}`]);
    assert.equal(status, 0, output);
    for (const check of ['site root', 'security headers', 'http redirects to https', 'Mastodon redirect for acct:alice@example.com',
      '@fedify/webfinger lookup', 'webfinger.js lookup', 'WebFinger answer for acct:bob@example.com', 'WebFinger without resource',
      'openid-client issuer lookup', 'WebFinger 404 for a browser (acct:edge-router-verify-no-such-account@edge-router.invalid, Origin header)']) {
      assert.match(output, new RegExp(`^PASS ${check.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: expected .+; got .+$`, 'm'), output);
    }
    assert.match(output, /^PASS Mastodon redirect for acct:alice@example\.com: .*got 301 to https:\/\/mastodon\.example\.com\/\.well-known\/webfinger\?resource=acct%3Aalice%40example\.com$/m);
    assert.match(output, /^PASS openid-client issuer lookup: .*got issuer https:\/\/auth\.example\.com$/m);
    // No API endpoint locally: said, not passed.
    assert.match(output, /^SKIP API not reachable around CloudFront: .*not checked: no API endpoint/m);
    assert.match(output, /^PASS WebFinger 404 for a browser .*got 404, Content-Type text\/html, Access-Control-Allow-Origin \*$/m);
    assert.match(output, /^verify: 10 passed, 0 failed, 1 not checked$/m);
    assert.doesNotMatch(output, /^FAIL/m);
    // The requests really went through the edge's router behaviour.
    await edge.waitForLine(/https GET \/\.well-known\/webfinger\?… -> #0 \/\.well-known\/webfinger -> api -> 301/);
  });

  test('a copy whose router behaviours lost the CORS policy: the browser 404 check fails and says where the header comes from', async () => {
    const broken = JSON.parse(readFileSync(stackJson, 'utf8'));
    const distribution = Object.values(broken.resource.aws_cloudfront_distribution)[0];
    for (const b of distribution.ordered_cache_behavior) b.response_headers_policy_id = distribution.default_cache_behavior.response_headers_policy_id;
    const file = path.join(temp, 'no-router-cors.json');
    writeFileSync(file, JSON.stringify(broken));
    const { url, httpUrl } = await edgeOn(file);
    const { status, output } = await run('make', ['-s', 'verify', 'DOMAIN=example.com', `URL=${url}`, `HTTP_URL=${httpUrl}`,
      'ACCOUNT=alice', 'OIDC_ACCOUNT=bob', `RESOLVE=${resolveArg}`]);
    assert.notEqual(status, 0, output);
    assert.match(output, /^verify: 9 passed, 1 failed, 1 not checked$/m, output);
    const lines = output.split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL WebFinger 404 for a browser'));
    assert.match(lines[at], /got 404, Content-Type text\/html, Access-Control-Allow-Origin \(none\)$/, output);
    assert.match(lines[at + 1], /^ {5}why: the 404 came as the distribution's custom error response .*router-headers.*not_found_mode = "list-bucket" or "spa"/, output);
    // The router's own answers still carry it: only the replaced 404 lost it.
    assert.match(output, /^PASS WebFinger answer for acct:bob@example\.com/m);
  });

  test('a router that redirects every account to Mastodon (mastodon_accounts = [], the default): the browser 404 check still passes (hostile round)', async () => {
    // The probe used to be an account at DOMAIN, which such a router answers 301 to Mastodon: a FAIL on a sound stack.
    const everyone = { ...webfingerConfig, mastodon: { ...webfingerConfig.mastodon, accounts: [] }, oidc: { ...webfingerConfig.oidc, accounts: [] } };
    const config = path.join(temp, 'everyone.json');
    writeFileSync(config, JSON.stringify(everyone));
    const { url, httpUrl } = await edgeOn(stackJson, ['--webfinger-config', config]);
    const { output } = await run('make', ['-s', 'verify', 'DOMAIN=example.com', `URL=${url}`, `HTTP_URL=${httpUrl}`,
      'ACCOUNT=alice', 'OIDC_ACCOUNT=bob', `RESOLVE=${resolveArg}`]);
    assert.match(output, /^PASS WebFinger 404 for a browser \(acct:edge-router-verify-no-such-account@edge-router\.invalid, Origin header\): .*got 404, Content-Type text\/html, Access-Control-Allow-Origin \*$/m, output);
  });

  for (const mode of ['list-bucket', 'spa']) {
    test(`not_found_mode = "${mode}": the browser 404 check sees the router's own JSON 404 with its header (hostile round)`, async () => {
      const { url, httpUrl } = await edgeOn(stackJson, ['--var', `not_found_mode=${mode}`]);
      const { output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--url', url, '--http-url', httpUrl,
        '--account', 'alice', '--oidc-account', 'bob', '--resolve', resolveArg]);
      assert.match(output, /^PASS WebFinger 404 for a browser \(acct:edge-router-verify-no-such-account@edge-router\.invalid, Origin header\): .*got 404, Content-Type application\/json, Access-Control-Allow-Origin \*$/m, output);
    });
  }

  test('a copy whose API behaviour forwards Host: the WebFinger checks fail and the explanation names the Host header; exit 1', async () => {
    const broken = JSON.parse(readFileSync(stackJson, 'utf8'));
    Object.values(broken.resource.aws_cloudfront_distribution)[0].ordered_cache_behavior[0].origin_request_policy_id =
      '216adef6-5c7f-47e4-b989-5492eafa07d3'; // managed AllViewer: Host included
    const file = path.join(temp, 'host-forwarded.json');
    writeFileSync(file, JSON.stringify(broken));
    const { url, httpUrl } = await edgeOn(file);
    const { status, output } = await run('make', ['-s', 'verify', 'DOMAIN=example.com', `URL=${url}`, `HTTP_URL=${httpUrl}`,
      'ACCOUNT=alice', 'OIDC_ACCOUNT=bob', `RESOLVE=${resolveArg}`]);
    assert.notEqual(status, 0, output);
    assert.match(output, /^PASS site root:/m, 'the bucket side is unaffected');
    // API Gateway's 403 reaches the viewer as is (no custom error response of the stack rewrites a 403), and the
    // explanation names the Host header and the policy to check.
    assert.match(output, /^FAIL Mastodon redirect for acct:alice@example\.com: .*got 403 \{"message":"Forbidden"\}$/m, output);
    const mastodonWhy = output.split('\n')[output.split('\n').findIndex((l) => l.startsWith('FAIL Mastodon redirect')) + 1];
    assert.match(mastodonWhy, /^ {5}why: API Gateway answered 403 \{"message":"Forbidden"\}: the viewer's Host header reached it.*AllViewerExceptHostHeader/);
    assert.match(output, /^FAIL WebFinger answer for acct:bob@example\.com:/m);
    assert.match(output, /^FAIL openid-client issuer lookup:/m);
    assert.match(output, /^verify: \d+ passed, [1-9]\d* failed/m);
  });
});

describe('a slow server (hostile round)', () => {
  test('a Mastodon server that accepts and never answers: the lookup ends at the timeout with a FAIL, verify does not hang', async () => {
    const hanging = await listen(https.createServer(tlsOptions(), () => {}));
    const { url, httpUrl } = await edgeOn(stackJson);
    const resolve = resolveArg.replace(/mastodon\.example\.com=127\.0\.0\.1:\d+/, `mastodon.example.com=127.0.0.1:${hanging}`);
    const { status, output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--url', url, '--http-url', httpUrl,
      '--account', 'alice', '--oidc-account', 'bob', '--resolve', resolve, '--timeout-ms', '3000'], 60000);
    assert.equal(status, 1, output);
    assert.match(output, /^FAIL @fedify\/webfinger lookup: expected .*; got no answer within 3000 ms$/m, output);
    assert.match(output, /why: the Mastodon server at mastodon\.example\.com accepted the lookup but did not answer within 3000 ms/, output);
    assert.match(output, /^PASS Mastodon redirect for acct:alice@example\.com:/m, output);
  });
});

describe('the browser 404 check against odd Access-Control-Allow-Origin headers (hostile round)', () => {
  // A stand-in for the whole site: the WebFinger 404 carries the headers given, everything else is a plain 200.
  const site = (acao) => https.createServer(tlsOptions(), (req, res) => {
    if (req.url.startsWith('/.well-known/webfinger?resource=acct%3Aedge-router-verify')) {
      res.setHeader('Content-Type', 'application/json');
      if (acao !== undefined) res.setHeader('Access-Control-Allow-Origin', acao);
      res.writeHead(404).end('{"error":"not_found"}');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    }
  });
  for (const [acao, got] of [[['*', '*'], '*, *'], ['null', 'null']]) {
    test(`Access-Control-Allow-Origin ${got}: FAIL, and the why: line says the value is wrong, not that the header was taken away`, async () => {
      const port = await listen(site(acao));
      const { output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--url', `https://127.0.0.1:${port}`,
        '--account', 'alice', '--oidc-account', 'bob', '--resolve', resolveArg, '--timeout-ms', '3000'], 60000);
      const lines = output.split('\n');
      const at = lines.findIndex((l) => l.startsWith('FAIL WebFinger 404 for a browser'));
      assert.ok(at >= 0, output);
      assert.ok(lines[at].endsWith(`got 404, Content-Type application/json, Access-Control-Allow-Origin ${got}`), output);
      assert.match(lines[at + 1], new RegExp(`^ {5}why: Access-Control-Allow-Origin is there but is "${got.replace(/[*]/g, '\\*')}": a browser accepts exactly one value`), output);
    });
  }
});

describe('routerOrigin = function-url: every why: line names the function URL, never API Gateway (hostile round)', () => {
  const functionUrlStack = process.env.E2E_FUNCTION_URL_STACK ?? path.join(repo, 'build/e2e/function-url/stacks/edge-router/cdk.tf.json');

  test('the stack facts of the function-url synth say so', () => {
    assert.deepEqual(stackFacts(path.dirname(functionUrlStack), path.join(temp, 'none.tfvars')),
      { routerOrigin: 'function-url', notFoundMode: 'error-page', notFoundPage: '/404.html', pageCodes: [404] });
  });

  test('a function-url copy whose router behaviour forwards Host: the why: line is the function URL\'s 403, not API Gateway\'s', async () => {
    const broken = JSON.parse(readFileSync(functionUrlStack, 'utf8'));
    Object.values(broken.resource.aws_cloudfront_distribution)[0].ordered_cache_behavior[0].origin_request_policy_id =
      '216adef6-5c7f-47e4-b989-5492eafa07d3'; // managed AllViewer: Host included
    const dir = path.join(temp, 'function-url-host');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'cdk.tf.json');
    writeFileSync(file, JSON.stringify(broken));
    const { url, httpUrl } = await edgeOn(file);
    const { status, output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--url', url, '--http-url', httpUrl,
      '--account', 'alice', '--oidc-account', 'bob', '--resolve', resolveArg, '--stack-dir', dir]);
    assert.equal(status, 1, output);
    assert.match(output, /^FAIL Mastodon redirect for acct:alice@example\.com: .*got 403 \{"Message":"Forbidden"\}$/m, output);
    const lines = output.split('\n');
    const why = lines[lines.findIndex((l) => l.startsWith('FAIL Mastodon redirect')) + 1];
    assert.match(why, /^ {5}why: the router's function URL refused the request with 403 \{"Message":"Forbidden"\} \(Lambda's IAM check, before the function ran\): either the viewer's Host header reached it .*AllViewerExceptHostHeader.*Origin Access Control of type lambda.*source_arn/, output);
    assert.doesNotMatch(output, /API Gateway/);
  });

  const url = 'https://example.com/.well-known/webfinger?resource=acct:alice@example.com';
  const functionUrlFacts = { routerOrigin: 'function-url', notFoundMode: 'error-page', notFoundPage: '/404.html', pageCodes: [404] };
  test('the function URL\'s 403 is explained only for a function-url stack; API Gateway\'s lower-case body only for http-api', () => {
    assert.match(explain({ url, status: 403, body: '{"Message":"Forbidden"}', router: true, stack: functionUrlFacts }), /^the router's function URL refused/);
    assert.match(explain({ url, status: 403, body: '{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}', router: true, stack: functionUrlFacts }), /^the router's function URL refused/);
    assert.doesNotMatch(explain({ url, status: 403, body: '{"message":"Forbidden"}', router: true, stack: functionUrlFacts }), /API Gateway/);
    assert.match(explain({ url, status: 403, body: '{"message":"Forbidden"}', router: true, stack: { ...functionUrlFacts, routerOrigin: 'http-api' } }), /^API Gateway answered 403/);
  });
  for (const status of [502, 503, 504]) {
    test(`${status} on a router path of a function-url stack names the function URL, not API Gateway`, () => {
      const why = explain({ url, status, body: '{"Message":"Internal Server Error"}', router: true, functionName: 'edge-router-webfinger', stack: functionUrlFacts });
      assert.match(why, new RegExp(`^the router function failed \\(${status} from its function URL or CloudFront`));
      assert.doesNotMatch(why, /API Gateway/);
    });
  }
});

describe('make verify-local: the local edge started and stopped by make, one command that passes', () => {
  test('every check it can make passes; what needs a server that is not here is "not checked locally", never a FAIL with DNS advice', async () => {
    const { status, output } = await run('make', ['-s', 'verify-local'], 120000);
    assert.equal(status, 0, output);
    for (const check of ['site root', 'security headers', 'http redirects to https', 'Mastodon redirect for acct:alice@example.com',
      'WebFinger answer for acct:bob@example.com', 'WebFinger without resource']) {
      assert.match(output, new RegExp(`^PASS ${check.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `, 'm'), output);
    }
    assert.match(output, /^SKIP @fedify\/webfinger lookup: expected a JRD from mastodon\.example\.com; got not checked locally: mastodon\.example\.com is not mapped to a local server \(RESOLVE='mastodon\.example\.com=127\.0\.0\.1:PORT' maps a stand-in\)$/m, output);
    assert.match(output, /^SKIP webfinger\.js lookup: .*not checked locally: mastodon\.example\.com/m);
    assert.match(output, /^SKIP openid-client issuer lookup: .*not checked locally: auth\.example\.com is not mapped/m);
    assert.match(output, /^verify: 7 passed, 0 failed, 4 not checked$/m);
    assert.doesNotMatch(output, /^FAIL|DNS:/m);
  });

  test('with stand-ins given as RESOLVE, the lookups through them are checked too', async () => {
    const { status, output } = await run('make', ['-s', 'verify-local', `RESOLVE=${resolveArg}`], 120000);
    assert.equal(status, 0, output);
    assert.match(output, /^verify: 10 passed, 0 failed, 1 not checked$/m, output);
  });

  test('DOMAIN other than the example\'s, a URL, or a bad ACCOUNT: one line, exit 2, no edge started', async () => {
    for (const [args, message] of [
      [['DOMAIN=mine.example.org'], /^verify-local: DOMAIN=mine\.example\.org: the local edge runs the example configuration, whose domain is example\.com; check your own domain with make verify DOMAIN=mine\.example\.org after deploying$/m],
      [['URL=https://127.0.0.1:8443'], /^verify-local: URL=… is for make verify against an edge you started yourself/m],
      [['ACCOUNT=a b'], /^verify-local: ACCOUNT: expected a user name without @, got "a b"$/m],
    ]) {
      const { status, output } = await run('make', ['-s', 'verify-local', ...args]);
      assert.notEqual(status, 0, output);
      assert.match(output, message);
      assert.doesNotMatch(output, /local edge: listening/);
    }
  });

  test('a local run never asks the real DNS: a name that is not mapped fails to resolve at once, with its own code', async () => {
    const { mapName, UNMAPPED } = await import('../../tools/verify/loopback.mjs');
    const { default: dns } = await import('node:dns');
    mapName('example.com', { address: '127.0.0.1', httpsPort: 1, httpPort: 1 });
    await assert.rejects(dns.promises.lookup('mastodon.example.com'), (e) => e.code === UNMAPPED && /not mapped to a local server/.test(e.message));
    await assert.rejects(new Promise((resolve, reject) => dns.lookup('auth.example.com', (e, a) => (e ? reject(e) : resolve(a)))), (e) => e.code === UNMAPPED);
    assert.deepEqual(await dns.promises.lookup('example.com'), { address: '127.0.0.1', family: 4 });
  });
});

describe('explanations that match the synthesized stack (only a 404 gets a page, in error-page mode)', () => {
  test('an unknown account through the local edge: the HTML 404 is explained as the router\'s own 404 under error-page, not as the Host header', async () => {
    const { url, httpUrl } = await edgeOn(stackJson);
    const { status, output } = await run('make', ['-s', 'verify', 'DOMAIN=example.com', `URL=${url}`, `HTTP_URL=${httpUrl}`,
      'ACCOUNT=nobody', 'OIDC_ACCOUNT=nobody', `RESOLVE=${resolveArg}`]);
    assert.notEqual(status, 0, output);
    const lines = output.split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL Mastodon redirect for acct:nobody@example.com'));
    assert.match(lines[at], /got 404 /, output);
    assert.match(lines[at + 1], /^ {5}why: the router answered 404 for this lookup, and in not_found_mode "error-page" the distribution answers every origin's 404 with \/404\.html .*mastodon_accounts or oidc_accounts/, output);
    assert.doesNotMatch(output, /Host header/);
  });

  test('the stack facts are read from the synthesized JSON: error-page, /404.html, a page for 404 only', () => {
    assert.deepEqual(stackFacts(path.dirname(stackJson), path.join(temp, 'none.tfvars')), { routerOrigin: 'http-api', notFoundMode: 'error-page', notFoundPage: '/404.html', pageCodes: [404] });
    const tfvars = path.join(temp, 'mode.tfvars');
    writeFileSync(tfvars, 'not_found_mode = "list-bucket"\n');
    assert.equal(stackFacts(path.dirname(stackJson), tfvars).notFoundMode, 'list-bucket');
  });

  const facts = { notFoundMode: 'error-page', notFoundPage: '/404.html', pageCodes: [404] };
  const url = 'https://example.com/.well-known/webfinger?resource=acct:alice@example.com';
  const html = { 'content-type': 'text/html; charset=utf-8' };
  test('HTML 404 on a router path in error-page mode: the router\'s 404, the account variables', () => {
    const why = explain({ url, status: 404, headers: html, body: '<h1>Not found</h1>', router: true, stack: facts });
    assert.match(why, /^the router answered 404 for this lookup, and in not_found_mode "error-page" the distribution answers every origin's 404 with \/404\.html/);
    assert.doesNotMatch(why, /Host/);
  });
  test('HTML 404 on a router path in list-bucket mode: the request went to the bucket (routerPathPatterns)', () => {
    assert.match(explain({ url, status: 404, headers: html, body: '<h1>x</h1>', router: true, stack: { ...facts, notFoundMode: 'list-bucket' } }),
      /went to the bucket, not the router: the path is not one of routerPathPatterns/);
  });
  test('an HTML 403 is blamed on the Host header only for a stack whose error responses do page a 403', () => {
    assert.equal(explain({ url, status: 403, headers: html, body: '<h1>x</h1>', router: true, stack: facts }), undefined);
    assert.match(explain({ url, status: 403, headers: html, body: '<h1>x</h1>', router: true, stack: { ...facts, pageCodes: [403, 404] } }), /Host header/);
  });
  test('a missing site page in error-page mode names the publish and the page that came back', () => {
    assert.match(explain({ url: 'https://example.com/', status: 404, headers: html, body: '<h1>Not found</h1>', stack: facts }),
      /no such object \(the page that came back is \/404\.html.*make publish/);
  });
});

describe('make publish\'s pending-invalidation record is never served by the stack (through the local edge)', () => {
  // The record lives in the bucket (tools/Publish/PendingInvalidations.cs); the viewer-request function must keep it
  // from viewers in every not_found_mode. The local edge serves a folder as the bucket: one holding the record.
  const key = '.edge-router-publish/pending-invalidations';
  const secret = '{"version":1,"distributions":{"E2ABCDEF123456":["/private-path"]}}';
  async function getThrough(extraArgs, target) {
    const siteDir = mkdtempSync(path.join(temp, 'pending-site-'));
    writeFileSync(path.join(siteDir, 'index.html'), '<h1>home</h1>');
    writeFileSync(path.join(siteDir, '404.html'), '<h1>missing</h1>');
    mkdirSync(path.join(siteDir, '.edge-router-publish'));
    writeFileSync(path.join(siteDir, key), secret);
    const { url } = await edgeOn(stackJson, ['--site', siteDir, ...extraArgs]);
    const port = Number(new URL(url).port);
    return new Promise((resolve, reject) => {
      https.get({ host: '127.0.0.1', port, servername: 'example.com', path: target, headers: { host: 'example.com' } }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, body }));
      }).on('error', reject);
    });
  }
  for (const target of [`/${key}`, `/${key}?x=1`, `/.edge-router-publish/pending-invalidations%2F`, '/.edge-router-publish/pending%2Dinvalidations']) {
    test(`error-page mode: ${target} is a redirect or a 404, never the record`, async () => {
      const answer = await getThrough([], target);
      assert.ok([301, 404].includes(answer.status), JSON.stringify(answer));
      assert.doesNotMatch(answer.body, /private-path/);
      if (answer.status === 301) assert.match(answer.location, /^\/\.edge-router-publish\/pending/);
    });
  }
  test('spa mode: the record\'s path is answered with the app\'s /index.html', async () => {
    const answer = await getThrough(['--var', 'not_found_mode=spa'], `/${key}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '<h1>home</h1>');
  });
});

describe('make verify passes each value as typed', () => {
  test('a value holding a quote or $(…) is refused as a value, never run by the shell', async () => {
    const marker = path.join(temp, 'ran');
    for (const value of [`a"; touch ${marker}; "`, `$(touch ${marker})`, `\`touch ${marker}\``]) {
      const { status, output } = await run('make', ['-s', 'verify', `DOMAIN=${value}`, `ACCOUNT=${value}`]);
      assert.notEqual(status, 0, output);
      assert.match(output, /^verify: DOMAIN: expected a host name/m);
      assert.throws(() => readFileSync(marker), { code: 'ENOENT' });
    }
  });
});

describe('the usage line shows what the user types', () => {
  test('make verify without DOMAIN: one line naming DOMAIN=, and the usage in make variables, not script flags', async () => {
    const { output } = await run('make', ['-s', 'verify', 'ACCOUNT=alice']);
    assert.match(output, /^verify: DOMAIN: expected a host name such as example\.com, got ""$/m, output);
    assert.match(output, /^usage: make verify DOMAIN=example\.com ACCOUNT=alice \[OIDC_ACCOUNT=bob\]/m);
    assert.doesNotMatch(output, /--domain|--account/);
  });
});

describe('the bypass check (an API endpoint given)', () => {
  async function verifyWithApi(handler) {
    const port = await listen(http.createServer(handler));
    // Only the bypass check matters here: the domain's own checks fail fast against a closed port.
    return run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--account', 'alice', '--url', `https://127.0.0.1:${await freePort()}`,
      '--api', `http://127.0.0.1:${port}`, '--timeout-ms', '3000']);
  }

  test('a router that answers the direct call with a JRD fails it', async () => {
    const { status, output } = await verifyWithApi((req, res) => {
      res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(JSON.stringify({ subject: 'acct:alice@example.com', links: [] }));
    });
    assert.equal(status, 1);
    assert.match(output, /^FAIL API not reachable around CloudFront: expected a refusal \(403\) from http:\/\/127\.0\.0\.1:\d+; got 200$/m, output);
    assert.match(output, /why: the router answered a request that did not come through CloudFront/);
  });

  test('a router that answers the direct call with its redirect fails it too', async () => {
    const { output } = await verifyWithApi((req, res) => {
      res.writeHead(301, { location: `https://mastodon.example.com${req.url}` }).end();
    });
    assert.match(output, /^FAIL API not reachable around CloudFront: .*got 301 to https:\/\/mastodon\.example\.com\/\.well-known\/webfinger/m, output);
  });

  test('a function URL that answers the direct call fails it, and the why: line names its auth type and permissions, not the secret header', async () => {
    const port = await listen(http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(JSON.stringify({ subject: 'acct:alice@example.com', links: [] }));
    }));
    const dir = path.join(temp, 'function-url-facts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ resource: { aws_lambda_function_url: { router_url: {} } } }));
    const { status, output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--account', 'alice', '--url', `https://127.0.0.1:${await freePort()}`,
      '--api', `http://127.0.0.1:${port}`, '--timeout-ms', '3000', '--stack-dir', dir]);
    assert.equal(status, 1);
    assert.match(output, /why: the router's function URL answered a request that CloudFront did not sign: .*authorization_type must be AWS_IAM.*source_arn \(guardrail ER009/, output);
    assert.doesNotMatch(output, /secret header/);
  });

  test('a huge body is not read whole: a probe stops after its first 256 KiB', async () => {
    let written = 0;
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const port = await listen(http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const pump = () => {
        while (written < 128 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      pump();
    }));
    const { output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'example.com', '--account', 'alice', '--url', `https://127.0.0.1:${await freePort()}`,
      '--api', `http://127.0.0.1:${port}`, '--timeout-ms', '60000'], 120000);
    assert.match(output, /^FAIL API not reachable around CloudFront: expected a refusal \(403\) from http:\/\/127\.0\.0\.1:\d+; got 200$/m, output);
    assert.ok(written < 32 * 1024 * 1024, `the server wrote ${written} bytes before verify let go`);
  });

  test('an API that refuses the direct call (403 without the origin secret) passes it', async () => {
    const { output } = await verifyWithApi((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
    });
    assert.match(output, /^PASS API not reachable around CloudFront: expected a refusal \(403\) from http:\/\/127\.0\.0\.1:\d+; got 403/m, output);
  });
});

describe('options: nothing is relaxed for a domain', () => {
  for (const [args, message] of [
    [['--domain', 'example.com', '--account', 'alice', '--url', 'http://example.com'], /only https is checked for a domain/],
    [['--domain', 'example.com', '--account', 'alice', '--resolve', 'example.com=127.0.0.1:8443'], /RESOLVE and HTTP_URL are for a loopback URL/],
    [['--domain', 'example.com', '--account', 'alice', '--url', 'https://other.example.net'], /must be https:\/\/example\.com/],
    [['--domain', 'example.com', '--account', 'alice', '--url', 'https://127.0.0.1:8443', '--resolve', 'x.example.com=10.0.0.1:443'], /RESOLVE: expected name=127/],
    [['--account', 'alice'], /DOMAIN: expected a host name/],
    [['--domain', 'example.com', '--account', 'alice@example.com'], /ACCOUNT: expected a user name without @/],
  ]) {
    test(`${args.join(' ')} is refused`, async () => {
      const { status, output } = await run('node', ['tools/verify/verify.mjs', ...args]);
      assert.equal(status, 2, output);
      assert.match(output, message);
    });
  }

  test('a domain whose name does not resolve: every check fails with the DNS explanation naming it (real resolver)', async () => {
    // .invalid never resolves (RFC 6761).
    const { status, output } = await run('node', ['tools/verify/verify.mjs', '--domain', 'edge-router-verify.invalid', '--account', 'alice',
      '--stack-dir', path.join(temp, 'no-stack'), '--timeout-ms', '5000']);
    assert.equal(status, 1, output);
    assert.match(output, /^FAIL site root: expected 200 from https:\/\/edge-router-verify\.invalid\/; got (ENOTFOUND|EAI_AGAIN)/m, output);
    assert.match(output, /why: DNS: edge-router-verify\.invalid does not resolve\. .*distribution_domain_name.*aliases variable/);
  });
});

describe('failure explanations, one per failure mode of this stack', () => {
  const url = 'https://example.com/.well-known/webfinger?resource=acct:alice@example.com';
  test('403 {"message":"Forbidden"} from API Gateway names the Host header and the origin request policy', () => {
    assert.match(explain({ url, status: 403, body: '{"message":"Forbidden"}', router: true }), /viewer's Host header reached it.*origin_request_policy_id/);
  });
  test('S3 AccessDenied names OAC and the bucket policy (and a missing object)', () => {
    const why = explain({ url: 'https://example.com/', status: 403, body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' });
    assert.match(why, /Origin Access Control/);
    assert.match(why, /AWS:SourceArn/);
    assert.match(why, /make publish/);
  });
  test('S3 NoSuchKey says to publish', () => {
    assert.match(explain({ url: 'https://example.com/', status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' }), /make publish/);
  });
  for (const status of [502, 503, 504]) {
    test(`${status} from the API names the function's log group`, () => {
      assert.match(explain({ url, status, body: '{"message":"Service Unavailable"}', router: true, functionName: 'edge-router-webfinger' }),
        /router function failed.*\/aws\/lambda\/edge-router-webfinger/);
      assert.match(explain({ url, status, body: '', router: true }), /\/aws\/lambda\/<router_function_name output>/);
    });
  }
  test('500 Internal Server Error from API Gateway is the function too', () => {
    assert.match(explain({ url, status: 500, body: '{"message":"Internal Server Error"}', router: true }), /router function failed/);
  });
  for (const code of ['ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
    test(`a certificate problem (${code}) names the alias and the certificate variable`, () => {
      const error = new TypeError('fetch failed', { cause: Object.assign(new Error('cert problem'), { code }) });
      assert.match(explain({ url, error }), /TLS: the certificate served for example\.com was refused.*example\.com must be in the aliases variable.*acm_certificate_arn/);
    });
  }
  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
    test(`a DNS problem (${code}) names the alias`, () => {
      const error = new TypeError('fetch failed', { cause: Object.assign(new Error('dns'), { code }) });
      assert.match(explain({ url, error }), /DNS: example\.com does not resolve.*aliases variable/);
    });
  }
  test('CloudFront\'s own 403 for a host that is not an alias names the alias', () => {
    const body = '<HTML><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>Bad request. We can\'t connect to the server for this app or website at this time.</BODY></HTML>';
    assert.match(explain({ url: 'https://example.com/', status: 403, body }), /CloudFront does not serve example\.com.*aliases variable/);
  });
  test('an account the router does not know names the account variables', () => {
    assert.match(explain({ url, status: 404, body: '{"error":"not_found"}', router: true }), /mastodon_accounts or oidc_accounts/);
  });
});
