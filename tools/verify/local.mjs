// make verify-local: the local edge, started here on loopback ports the system hands out (TLS with the end-to-end
// tests' throw-away CA, which make passes in NODE_EXTRA_CA_CERTS, and a plain-HTTP listener), checked by make verify's
// own checks, then stopped. The edge serves the synthesized stack with the example router configuration
// (edge/webfinger.local.json, domain example.com), so DOMAIN is example.com. No Mastodon server or issuer runs here:
// the checks that need one say "not checked locally" (verify.mjs); nothing is sent to the real DNS (loopback.mjs).
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOptions, verify } from './verify.mjs';

const { values } = parseArgs({
  options: {
    edge: { type: 'string' }, stack: { type: 'string' }, bootstrap: { type: 'string' }, tls: { type: 'string' },
    site: { type: 'string', default: 'site' }, account: { type: 'string', default: '' }, 'oidc-account': { type: 'string', default: '' },
    tfvars: { type: 'string', default: '' }, resolve: { type: 'string', multiple: true, default: [] },
    domain: { type: 'string', default: '' }, url: { type: 'string', default: '' },
  },
});
const account = values.account || 'alice';
const oidcAccount = values['oidc-account'] || 'bob';

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The edge answers for the example configuration's domain only, with a certificate for it: another DOMAIN or a URL
// would be checked against something this command does not start.
if (values.domain.trim() !== '' && values.domain.trim().toLowerCase() !== 'example.com') {
  console.error(`verify-local: DOMAIN=${values.domain}: the local edge runs the example configuration, whose domain is example.com; check your own domain with make verify DOMAIN=${values.domain} after deploying`);
  process.exit(2);
}
if (values.url.trim() !== '') {
  console.error('verify-local: URL=… is for make verify against an edge you started yourself; verify-local starts its own on loopback ports');
  process.exit(2);
}

let options;
try {
  // The same checks on what the user typed, before anything starts.
  options = parseOptions(['--domain', 'example.com', '--account', account, '--oidc-account', oidcAccount, '--url', 'https://127.0.0.1:1',
    '--stack-dir', path.dirname(values.stack), '--tfvars', values.tfvars, ...values.resolve.flatMap((r) => ['--resolve', r])]);
} catch (error) {
  console.error(`verify-local: ${error.message.split('\n')[0]}`);
  process.exit(2);
}

const [httpsPort, httpPort] = [await freePort(), await freePort()];
const edge = spawn('dotnet', [values.edge, '--stack', values.stack, '--site', values.site, '--bootstrap', values.bootstrap,
  '--https', `127.0.0.1:${httpsPort}`, '--cert', path.join(values.tls, 'server.pem'), '--key', path.join(values.tls, 'server-key.pem'),
  '--http', `127.0.0.1:${httpPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
const stop = () => { if (edge.exitCode === null) edge.kill('SIGTERM'); };
process.on('SIGINT', () => { stop(); process.exit(130); });
process.on('exit', stop);

let log = '';
const listening = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(false), 60000);
  const onData = (chunk) => {
    log += chunk;
    if (/^local edge: listening on /m.test(log)) { clearTimeout(timer); resolve(true); }
  };
  edge.stdout.on('data', onData);
  edge.stderr.on('data', onData);
  edge.on('exit', () => { clearTimeout(timer); resolve(false); });
});
if (!listening) {
  console.error(`verify-local: the local edge did not start within 60 s:\n${log.split('\n').slice(-10).join('\n')}`);
  stop();
  process.exit(2);
}
console.log(`verify-local: the local edge (${values.stack}, router configuration edge/webfinger.local.json) on https://127.0.0.1:${httpsPort} and http://127.0.0.1:${httpPort}`);
const status = await verify({ ...options, url: new URL(`https://127.0.0.1:${httpsPort}`), httpUrl: new URL(`http://127.0.0.1:${httpPort}`) });
stop();
process.exit(status);
