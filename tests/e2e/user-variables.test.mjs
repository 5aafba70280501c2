// `make serve` with the user's variables: the local edge reads a terraform.tfvars (--var-file, which edge/edge.mk
// passes when the project has one) as `terraform plan -var-file` does, and runs the router with the WEBFINGER_CONFIG
// the stack would deploy with those values, not with edge/webfinger.local.json. Plain HTTP on 127.0.6.1, a high
// port (no other test uses that address).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { requirePrepared, stackJson, startEdge } from './harness.mjs';

const EDGE = '127.0.6.1:18086';
const folder = mkdtempSync(path.join(os.tmpdir(), 'edge-router-tfvars-'));
const tfvars = path.join(folder, 'terraform.tfvars');
let edge;

before(async () => {
  requirePrepared();
  // As a user writes it: comments of every kind, a value over several lines, a '#' inside a string.
  writeFileSync(tfvars, `# my site
site_bucket_name     = "users-own-site"
webfinger_domain     = "users.example"   // the accounts' domain
hsts_max_age_seconds = 300
mastodon_host        = "social.users.example"
mastodon_accounts    = ["dana"]
/* OIDC for erin only */
oidc_issuer   = "https://id.users.example/realms/main"
oidc_accounts = ["erin"]
webfinger_resources = {
  "acct:frank@users.example" = {
    subject = "acct:frank@users.example"
    links = [
      { rel = "http://webfinger.net/rel/profile-page", type = "text/html", href = "https://users.example/#frank" }
    ]
  }
}
api_origin_path = ""
`);
  edge = await startEdge(['--stack', stackJson, '--http', EDGE, '--var-file', tfvars]);
});

after(async () => {
  await edge?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const lookup = (resource) => fetch(`http://${EDGE}/.well-known/webfinger?resource=${resource}`, { redirect: 'manual' });

test('the Mastodon host and accounts come from the tfvars: dana is redirected to social.users.example', async () => {
  const response = await lookup('acct:dana@users.example');
  assert.equal(response.status, 301);
  assert.equal(response.headers.get('location'), 'https://social.users.example/.well-known/webfinger?resource=acct%3Adana%40users.example');
  assert.equal(response.headers.get('strict-transport-security'), 'max-age=300; includeSubDomains');
});

test('the OIDC issuer and the hand-written JRD come from the tfvars too', async () => {
  const issuer = await lookup('acct:erin@users.example&rel=http://openid.net/specs/connect/1.0/issuer');
  assert.equal(issuer.status, 200);
  const jrd = await issuer.json();
  assert.deepEqual(jrd.links, [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href: 'https://id.users.example/realms/main' }]);

  const frank = await lookup('acct:frank@users.example');
  assert.equal(frank.status, 200);
  assert.equal((await frank.json()).links[0].href, 'https://users.example/#frank');
});

test('edge/webfinger.local.json is not used: its alice@example.com is not known', async () => {
  const response = await lookup('acct:alice@example.com');
  assert.equal(response.status, 404);
  const log = edge.lines.join('\n');
  assert.match(log, new RegExp(`WEBFINGER_CONFIG from the stack's WEBFINGER_CONFIG with the variables in ${tfvars.replaceAll('/', '\\/')}`));
  assert.match(log, /warning: .*terraform\.tfvars sets api_origin_path, which this stack does not declare/);
});
