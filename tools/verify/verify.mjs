// make verify: checks a deployed distribution (or the local edge) with the real clients the end-to-end tests use
// (@fedify/webfinger, webfinger.js, openid-client) and plain HTTP probes; one line per check with what was expected
// and what came back, an explanation under each failure, exit status 0 only when every check that ran passed.
// See README.md beside this file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { explain } from './explain.mjs';
import { isLoopbackHost, isMapped, mapName, UNMAPPED } from './loopback.mjs';

// What the user types: make's variables, not this script's flags (make verify passes them on).
const usage = 'usage: make verify DOMAIN=example.com ACCOUNT=alice [OIDC_ACCOUNT=bob] [URL=https://example.com] '
  + '[API=https://….execute-api….amazonaws.com]; against the local edge: make verify-local (tools/verify/README.md)';

/** Parses and validates the options; throws an Error whose message is for the user. */
export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      domain: { type: 'string' }, url: { type: 'string' }, account: { type: 'string' }, 'oidc-account': { type: 'string' },
      api: { type: 'string' }, 'http-url': { type: 'string' }, resolve: { type: 'string', multiple: true, default: [] },
      'stack-dir': { type: 'string', default: 'cdktf.out/stacks/edge-router' }, 'timeout-ms': { type: 'string', default: '10000' },
      tfvars: { type: 'string', default: '' },
    },
  });
  const blank = (v) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const domain = blank(values.domain)?.toLowerCase();
  const account = blank(values.account);
  if (!domain || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain)) {
    throw new Error(`DOMAIN: expected a host name such as example.com, got ${JSON.stringify(values.domain ?? '')}\n${usage}`);
  }
  if (!account || /[@\s]/.test(account)) throw new Error(`ACCOUNT: expected a user name without @, got ${JSON.stringify(values.account ?? '')}\n${usage}`);
  const oidcAccount = blank(values['oidc-account']) ?? account;
  const url = new URL(blank(values.url) ?? `https://${domain}`);
  const loopback = isLoopbackHost(url.hostname);
  if (!loopback) {
    // A deployed domain is checked exactly as viewers reach it: nothing relaxed.
    if (url.protocol !== 'https:') throw new Error(`URL=${url}: only https is checked for a domain; plain HTTP is allowed for a loopback URL (the local edge) only`);
    if (url.hostname !== domain) throw new Error(`URL=${url}: a non-loopback URL must be https://${domain}`);
    if (values.resolve.some((r) => r.trim() !== '') || blank(values['http-url'])) throw new Error('RESOLVE and HTTP_URL are for a loopback URL (the local edge) only');
  }
  const resolve = values.resolve.flatMap((r) => r.split(/[\s,]+/)).filter(Boolean).map((r) => {
    const m = /^([a-z0-9.-]+)=(\d{1,3}(?:\.\d{1,3}){3}|localhost):(\d+)$/i.exec(r);
    if (!m || !isLoopbackHost(m[2])) throw new Error(`RESOLVE: expected name=127.x.y.z:port, got ${r}`);
    return { name: m[1].toLowerCase(), address: m[2], port: Number(m[3]) };
  });
  const httpUrl = blank(values['http-url']) ? new URL(values['http-url']) : undefined;
  if (httpUrl && (httpUrl.protocol !== 'http:' || !isLoopbackHost(httpUrl.hostname))) throw new Error(`HTTP_URL=${httpUrl}: expected http://127.x.y.z:port`);
  const api = blank(values.api) ? new URL(values.api) : undefined;
  if (api && api.protocol !== 'https:' && !isLoopbackHost(api.hostname)) throw new Error(`API=${api}: expected an https:// endpoint`);
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new Error('--timeout-ms: expected a whole number of milliseconds, 100 or more');
  return { domain, account, oidcAccount, url, loopback, resolve, httpUrl, api, stackDir: values['stack-dir'], tfvars: blank(values.tfvars), timeoutMs };
}

/** The deployed stack's outputs (terraform output -json with the user's own CLI configuration), or {}. */
function stackOutputs(stackDir) {
  if (!existsSync(stackDir)) return {};
  try {
    const out = execFileSync('terraform', [`-chdir=${stackDir}`, 'output', '-json', '-no-color'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120000 });
    return Object.fromEntries(Object.entries(JSON.parse(out)).map(([k, v]) => [k, v?.value]));
  } catch {
    return {};
  }
}

/**
 * What the synthesized stack does with error answers, read from the stack JSON this version wrote (cdk.tf.json in the
 * stack folder) and the variables file: not_found_mode (the file's value, else the variable's default), not_found_page,
 * and which status codes its custom error responses give a page (the error_responses local: a code whose
 * response_code is not null). Null when the stack cannot be read: explanations then say less, never something wrong.
 */
export function stackFacts(stackDir, tfvarsFile) {
  const file = `${stackDir.replace(/\/$/, '')}/cdk.tf.json`;
  if (!existsSync(file)) return null;
  try {
    const stack = JSON.parse(readFileSync(file, 'utf8'));
    const variable = (name) => stack.variable?.[name]?.default;
    const assigned = (name) => {
      if (!tfvarsFile || !existsSync(tfvarsFile)) return undefined;
      const m = new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, 'm').exec(readFileSync(tfvarsFile, 'utf8'));
      return m?.[1];
    };
    const locals = JSON.stringify(stack.locals ?? {});
    const pageCodes = [...locals.matchAll(/error_code = (\d+), response_code = ([^,]+),/g)]
      .filter((m) => m[2].trim() !== 'null').map((m) => Number(m[1]));
    return {
      // The router's origin as synthesized: its own function URL (routerOrigin = function-url) or an API (http-api, or
      // existingApiDomainName's).
      routerOrigin: stack.resource?.aws_lambda_function_url ? 'function-url' : 'http-api',
      notFoundMode: assigned('not_found_mode') ?? variable('not_found_mode') ?? 'error-page',
      notFoundPage: assigned('not_found_page') ?? variable('not_found_page') ?? '/404.html',
      pageCodes,
    };
  } catch {
    return null;
  }
}

const JRD = /^application\/jrd\+json\b/i;

/** The most of a body a probe reads: an explanation needs its start, and a hostile or broken server may send
 * gigabytes within the timeout (every byte would be held in memory). */
export const MAX_BODY_BYTES = 256 * 1024;

/** The body's first MAX_BODY_BYTES as text; the rest is not read (the connection is released). */
async function boundedText(response) {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

export async function verify(options, print = console.log) {
  const { domain, account, oidcAccount, url, loopback, timeoutMs } = options;
  // The deployed stack's outputs describe the deployed API, never the local edge's: not read for a loopback URL.
  const outputs = options.api || loopback ? {} : stackOutputs(options.stackDir);
  // The router's own door: the HTTP API's endpoint, or (routerOrigin = function-url) the function URL, which IAM
  // must refuse with 403 to anyone but the distribution.
  const routerEndpoint = outputs.router_api_endpoint ?? outputs.router_function_url;
  const apiEndpoint = options.api ?? (routerEndpoint ? new URL(routerEndpoint) : undefined);
  const functionName = outputs.router_function_name;
  const stack = stackFacts(options.stackDir, options.tfvars);

  if (loopback) {
    // The domain's names reach the loopback URL; plain HTTP and private addresses are allowed. The clients still
    // speak to https://DOMAIN and check its certificate (NODE_EXTRA_CA_CERTS names a test CA, if any).
    const secure = url.protocol === 'https:';
    mapName(domain, {
      address: url.hostname.replace(/^\[|\]$/g, ''),
      httpsPort: secure ? Number(url.port || 443) : undefined,
      httpPort: secure ? (options.httpUrl ? Number(options.httpUrl.port || 80) : undefined) : Number(url.port || 80),
    });
    for (const r of options.resolve) mapName(r.name, { address: r.address, httpsPort: r.port, httpPort: undefined });
  }
  const base = loopback && url.protocol === 'http:' ? `http://${domain}` : `https://${domain}`;
  const results = [];
  const record = (name, ok, expected, got, why) => {
    results.push(ok);
    print(`${ok === true ? 'PASS' : ok === null ? 'SKIP' : 'FAIL'} ${name}: expected ${expected}; got ${got}`);
    if (ok === false && why) print(`     why: ${why}`);
  };
  const get = async (target, init = {}) => {
    try {
      const response = await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), ...init });
      const body = await boundedText(response);
      return { url: target, status: response.status, headers: response.headers, body };
    } catch (error) {
      return { url: target, error };
    }
  };
  const shown = (r) => r.error ? `${r.error.cause?.code ?? r.error.name}: ${r.error.cause?.message ?? r.error.message}`
    : `${r.status}${r.headers.get('location') ? ` to ${r.headers.get('location')}` : ''}${r.status >= 400 && r.body ? ` ${r.body.replace(/\s+/g, ' ').slice(0, 120)}` : ''}`;
  const why = (r, router) => explain({ ...r, router, domain, functionName, stack });
  // A local run reaches only the names mapped to loopback: a check that needs another server is not checked, and
  // says so, rather than failing with DNS advice that does not apply or asking the real DNS.
  const unreachable = (host) => (loopback && host && !isMapped(host) ? host : undefined);
  const localOnly = (host) => `not checked locally: ${host} is not mapped to a local server (RESOLVE='${host}=127.0.0.1:PORT' maps a stand-in)`;
  const isUnmapped = (error) => { for (let e = error; e; e = e.cause) if (e.code === UNMAPPED) return true; return false; };
  const webfingerUrl = (user) => `${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${user}@${domain}`)}`;

  print(`verify: ${domain} at ${url.origin}${loopback ? ' (loopback: names resolved to it, plain HTTP and private addresses allowed)' : ''}`);

  // 1. The site root, and the security headers on it.
  const root = await get(`${base}/`);
  record('site root', root.status === 200, `200 from ${base}/`, shown(root), why(root, false));
  if (root.status !== undefined) {
    const h = (n) => root.headers.get(n);
    const missing = [
      /max-age=\d+/.test(h('strict-transport-security') ?? '') ? null : 'Strict-Transport-Security',
      h('x-content-type-options') === 'nosniff' ? null : 'X-Content-Type-Options: nosniff',
      h('x-frame-options') ? null : 'X-Frame-Options',
      h('referrer-policy') ? null : 'Referrer-Policy',
    ].filter(Boolean);
    record('security headers', missing.length === 0, 'Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Referrer-Policy',
      missing.length === 0 ? 'all four' : `missing ${missing.join(', ')}`,
      'the response headers policy is not attached to the default behaviour (response_headers_policy_id), or a custom header overrides it.');
  } else {
    record('security headers', null, 'the four headers', 'not checked: the site root did not answer');
  }

  // 2. Plain HTTP is redirected to HTTPS.
  if (base.startsWith('http:')) {
    record('http redirects to https', null, `301 to https://${domain}/`, 'not checked: the loopback URL is plain HTTP');
  } else if (loopback && !options.httpUrl) {
    record('http redirects to https', null, `301 to https://${domain}/`, 'not checked: give HTTP_URL= for the local edge\'s plain-HTTP listener');
  } else {
    const plain = await get(`http://${domain}/`);
    const location = plain.headers?.get('location');
    // The local edge's TLS listener is on URL's port, which its redirect names.
    const allowed = [`https://${domain}/`, ...(loopback && url.port ? [`https://${domain}:${url.port}/`] : [])];
    record('http redirects to https', [301, 302, 307, 308].includes(plain.status) && allowed.includes(location),
      `301 to https://${domain}/`, shown(plain),
      why(plain, false) ?? 'viewer_protocol_policy should be redirect-to-https on every behaviour.');
  }

  // 3. A Mastodon lookup: the router's redirect keeps the query, and the real clients end at the Mastodon server.
  const mastodonProbe = await get(webfingerUrl(account));
  const target = mastodonProbe.headers?.get('location');
  let redirectOk = false;
  let targetHost;
  if (target) {
    const t = new URL(target, webfingerUrl(account));
    targetHost = t.host;
    redirectOk = [301, 302, 307, 308].includes(mastodonProbe.status) && t.hostname !== domain
      && t.pathname === '/.well-known/webfinger' && t.search === new URL(webfingerUrl(account)).search;
  }
  record(`Mastodon redirect for acct:${account}@${domain}`, redirectOk,
    'a redirect to another host\'s /.well-known/webfinger with the query unchanged', shown(mastodonProbe),
    why(mastodonProbe, true) ?? (mastodonProbe.status === 200
      ? `the router answered itself: ${account} is not in mastodon_accounts (or mastodon_host is empty), or a webfinger_resources entry wins.`
      : 'the router\'s redirect must keep the query string byte for byte (the Mastodon server looks the resource up from it).'));
  const { lookupWebFinger } = await import('@fedify/webfinger');
  const { default: WebFinger } = await import('webfinger.js');
  if (redirectOk && unreachable(targetHost)) {
    record('@fedify/webfinger lookup', null, `a JRD from ${targetHost}`, localOnly(unreachable(targetHost)));
    record('webfinger.js lookup', null, `a JRD from ${targetHost}`, localOnly(unreachable(targetHost)));
  } else {
  try {
    // Bounded like every probe: without a signal a server that accepts and never answers holds verify for undici's
    // 300 s header timeout.
    const signal = AbortSignal.timeout(timeoutMs);
    const jrd = await lookupWebFinger(`acct:${account}@${domain}`, { allowPrivateAddress: loopback, maxRedirection: 3, signal });
    const self = jrd?.links?.find((l) => l.rel === 'self')?.href;
    const ok = Boolean(jrd) && targetHost !== undefined && self !== undefined && new URL(self).host === targetHost;
    // The library answers null for a lookup it gave up on: a timeout is said as one, not as "nothing found".
    const timedOut = !jrd && signal.aborted;
    record('@fedify/webfinger lookup', ok, `a JRD from ${targetHost ?? 'the Mastodon server'} with a self link there`,
      jrd ? `subject ${jrd.subject}, self ${self ?? '(none)'}` : timedOut ? `no answer within ${timeoutMs} ms` : 'nothing found',
      timedOut ? `${redirectOk ? `the Mastodon server at ${targetHost}` : domain} accepted the lookup but did not answer within ${timeoutMs} ms: check that server (or give verify more time with --timeout-ms).`
        : redirectOk ? `the Mastodon server at ${targetHost} did not answer for acct:${account}@${domain}: check mastodon_host (its WEB_DOMAIN) and that its LOCAL_DOMAIN is ${domain}.`
        : 'the router did not redirect (the Mastodon redirect check above says why).');
  } catch (error) {
    record('@fedify/webfinger lookup', false, 'a JRD from the Mastodon server', `${error.name}: ${error.message}`,
      why({ url: webfingerUrl(account), error }, true) ?? (redirectOk ? undefined : 'the router did not redirect (the Mastodon redirect check above says why).'));
  }
  try {
    const client = new WebFinger({ tls_only: !base.startsWith('http:'), allow_private_addresses: loopback, request_timeout: timeoutMs });
    const result = await client.lookup(`${account}@${domain}`);
    const self = result.object.links?.find((l) => l.rel === 'self')?.href;
    record('webfinger.js lookup', self !== undefined && targetHost !== undefined && new URL(self).host === targetHost,
      `a JRD with a self link on ${targetHost ?? 'the Mastodon server'}`, `subject ${result.object.subject}, self ${self ?? '(none)'}`);
  } catch (error) {
    record('webfinger.js lookup', false, 'a JRD from the Mastodon server', `${error.name}: ${error.message}`,
      why({ url: webfingerUrl(account), error }, true) ?? (redirectOk ? undefined : 'the router did not redirect (the Mastodon redirect check above says why).'));
  }
  }

  // 4. The router's own JRD (the issuer lookup openid-client makes): CORS and the JRD media type; a missing
  //    resource is 400.
  const ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer';
  const issuerProbe = await get(`${webfingerUrl(oidcAccount)}&rel=${encodeURIComponent(ISSUER_REL)}`);
  const issuerLink = (() => {
    try { return JSON.parse(issuerProbe.body).links?.find((l) => l.rel === ISSUER_REL)?.href; } catch { return undefined; }
  })();
  const corsOk = issuerProbe.headers?.get('access-control-allow-origin') === '*';
  const typeOk = JRD.test(issuerProbe.headers?.get('content-type') ?? '');
  record(`WebFinger answer for acct:${oidcAccount}@${domain}`, issuerProbe.status === 200 && corsOk && typeOk,
    '200, Content-Type application/jrd+json, Access-Control-Allow-Origin *',
    issuerProbe.error ? shown(issuerProbe) : `${issuerProbe.status}, Content-Type ${issuerProbe.headers.get('content-type') ?? '(none)'}, Access-Control-Allow-Origin ${issuerProbe.headers.get('access-control-allow-origin') ?? '(none)'}`,
    why(issuerProbe, true) ?? (issuerProbe.status === 200 ? 'a response headers policy or a cache in front changed the router\'s headers.' : undefined));
  const noResource = await get(`${base}/.well-known/webfinger`);
  record('WebFinger without resource', noResource.status === 400, '400 (RFC 7033 section 4.2)', shown(noResource), why(noResource, true));

  // 4b. A lookup the router cannot answer, as a browser makes it (with Origin): RFC 7033 section 5 asks for
  //     Access-Control-Allow-Origin on every answer, a 404 included, or a browser's client sees a CORS error instead
  //     of "not found". In not_found_mode "error-page" that 404 is the distribution's custom error response, and the
  //     header is the router behaviours' response headers policy's (main/Policies/RouterHeadersPolicy.cs), the one
  //     part of the stack that rests on CloudFront applying a behaviour's policy to a custom error response: this
  //     check is where a deployed stack shows it.
  //     The probe is an account at a domain no router serves (.invalid, RFC 6761): an account at DOMAIN is answered
  //     301 by a router whose mastodon_accounts is [] (the default: every account goes to Mastodon), which is not a
  //     404 at all; a foreign domain reaches the router's 404 whatever its account lists say.
  const nobody = 'acct:edge-router-verify-no-such-account@edge-router.invalid';
  const browserProbe = await get(`${base}/.well-known/webfinger?resource=${encodeURIComponent(nobody)}`,
    { headers: { origin: 'https://verify.edge-router.invalid' } });
  const browserCors = browserProbe.headers?.get('access-control-allow-origin');
  const paged = /text\/html/i.test(browserProbe.headers?.get('content-type') ?? '');
  const browserWhy = () => {
    if (browserProbe.error || browserProbe.status !== 404) {
      return why(browserProbe, true) ?? `the router answers a resource it knows nothing about with 404 (RFC 7033 section 4.2); ${browserProbe.status} means something else answered (a webfinger_resources entry for ${nobody}, or a proxy in front).`;
    }
    if (browserCors !== null && browserCors !== undefined) {
      // Fetch joins repeated headers with ", ": two headers read as "*, *", and a browser refuses any value but one.
      return `Access-Control-Allow-Origin is there but is "${browserCors}": a browser accepts exactly one value, * or its own origin (a repeated header reads as "*, *", "null" matches no page). The router and the router headers policy both send *, and the policy only fills a header the router left out (origin_override false): a proxy in front, or a changed policy, added another.`;
    }
    return paged && stack.notFoundMode === 'error-page'
      ? 'the 404 came as the distribution\'s custom error response (not_found_mode "error-page": the site\'s page in place of the router\'s JSON) without Access-Control-Allow-Origin, so a browser\'s WebFinger client sees a CORS error, not "not found". The header comes from the router behaviours\' response headers policy (the one named …-router-headers, CORS for any origin): check that every /.well-known/ ordered_cache_behavior has it as response_headers_policy_id (terraform state show). If it is attached and the header is still missing, CloudFront does not apply it to custom error responses: set not_found_mode = "list-bucket" or "spa", which let the router\'s own 404 through untouched.'
      : 'the router sends Access-Control-Allow-Origin * on every answer: something between it and the viewer (a cache or proxy in front, or a response headers policy that removes it) took it away.';
  };
  record(`WebFinger 404 for a browser (${nobody}, Origin header)`, browserProbe.status === 404 && browserCors === '*',
    '404 with Access-Control-Allow-Origin * (RFC 7033 section 5)',
    browserProbe.error ? shown(browserProbe) : `${browserProbe.status}, Content-Type ${browserProbe.headers.get('content-type') ?? '(none)'}, Access-Control-Allow-Origin ${browserCors ?? '(none)'}`,
    browserWhy());

  // 5. The issuer lookup with openid-client, and the issuer's own discovery document naming the same issuer.
  const { Issuer, custom } = await import('openid-client');
  custom.setHttpOptionsDefaults({ timeout: timeoutMs });
  const issuerHost = (() => { try { return issuerLink ? new URL(issuerLink).host : undefined; } catch { return undefined; } })();
  if (unreachable(issuerHost)) {
    record('openid-client issuer lookup', null, `issuer ${issuerLink} whose /.well-known/openid-configuration names it`, localOnly(issuerHost));
  } else try {
    const found = await Issuer.webfinger(`acct:${oidcAccount}@${domain}`);
    record('openid-client issuer lookup', issuerLink !== undefined && found.issuer === issuerLink,
      `issuer ${issuerLink ?? '(the JRD\'s issuer link)'} whose /.well-known/openid-configuration names it`, `issuer ${found.issuer}`);
  } catch (error) {
    if (isUnmapped(error)) record('openid-client issuer lookup', null, `issuer ${issuerLink}`, localOnly(error.hostname ?? issuerHost));
    else record('openid-client issuer lookup', false, `issuer ${issuerLink ?? '(the JRD\'s issuer link)'} whose discovery document names it`, `${error.name}: ${error.message}`,
      why({ url: webfingerUrl(oidcAccount), error }, true) ?? why(issuerProbe, true)
      ?? (issuerLink ? `the issuer ${issuerLink} (oidc_issuer) must serve /.well-known/openid-configuration with "issuer": "${issuerLink}".`
        : `the router gave no issuer link for ${oidcAccount}: set oidc_issuer and add ${oidcAccount} to oidc_accounts.`));
  }

  // 6. The API must not answer requests that bypass CloudFront.
  if (!apiEndpoint) {
    record('API not reachable around CloudFront', null, 'a refusal from the API endpoint', `not checked: no API endpoint (give API=${loopback ? '' : ', or deploy so the router_api_endpoint or router_function_url output can be read'})`);
  } else {
    const direct = await get(new URL(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:${oidcAccount}@${domain}`)}`, apiEndpoint).toString());
    const answered = (direct.status === 200 && JRD.test(direct.headers.get('content-type') ?? ''))
      || ([301, 302, 307, 308].includes(direct.status) && /\/\.well-known\/webfinger/.test(direct.headers.get('location') ?? ''));
    record('API not reachable around CloudFront', direct.status !== undefined && !answered && direct.status >= 400,
      `a refusal (403) from ${apiEndpoint.origin}`, shown(direct),
      !answered ? undefined
        : stack?.routerOrigin === 'function-url' || /\.lambda-url\.[a-z0-9-]+\.on\.aws$/.test(apiEndpoint.hostname)
          ? `the router's function URL answered a request that CloudFront did not sign: anyone can invoke ${apiEndpoint.origin} directly, around the distribution's headers, WAF and logs, and spend the function's concurrency. Its authorization_type must be AWS_IAM, and its Lambda permissions must let in only cloudfront.amazonaws.com with this distribution's ARN as source_arn (guardrail ER009; a permission widened by hand shows in terraform plan).`
          : `the router answered a request that did not come through CloudFront: anyone can call ${apiEndpoint.origin} directly, around the distribution's headers, WAF and logs. The API should require the secret header that only the distribution's origin sends.`);
  }

  const passed = results.filter((r) => r === true).length;
  const failed = results.filter((r) => r === false).length;
  const skipped = results.filter((r) => r === null).length;
  print(`verify: ${passed} passed, ${failed} failed, ${skipped} not checked`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`verify: ${error.message}`);
    process.exit(2);
  }
  process.exitCode = await verify(options);
}
