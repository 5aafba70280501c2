// In-process name and port mapping for verifying a LOOPBACK target (the local edge), never a deployed domain.
// The clients (@fedify/webfinger and webfinger.js through Node's fetch, openid-client through https.request)
// build URLs with the default ports, https://example.com/…; here a mapped name's connections go to a loopback
// address and port instead, with TLS still verified against the name (SNI and the certificate check use it).
// dns.lookup is wrapped too, so the clients' private-address checks see the loopback address they will reach.
// Only 127.0.0.0/8 and ::1 can be targets. Nothing outside this process (no /etc/hosts) is touched. Once a name is
// mapped, a name that is not (the Mastodon server, the issuer, without RESOLVE) fails to resolve with UNMAPPED: a
// local run never sends the domain's names, or any other, to the real DNS.
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

const table = new Map(); // name -> { address, https: port|undefined, http: port|undefined }

/** The error code of a lookup of a name that is not mapped, once any name is: a local run never asks the real DNS. */
export const UNMAPPED = 'EVERIFY_LOCAL_UNMAPPED';

/** True when `host` (a name, or name:port) is mapped to a loopback address. */
export function isMapped(host) {
  return entry(String(host).replace(/:\d+$/, '')) !== undefined;
}

function unmapped(hostname) {
  return Object.assign(new Error(`${hostname} is not mapped to a local server (RESOLVE=${hostname}=127.0.0.1:PORT maps it); the real DNS is not asked in a local run`), { code: UNMAPPED, hostname });
}

// A literal address is no name to map: it is reached as it is.
const literal = (h) => net.isIP(String(h).replace(/^\[|\]$/g, '')) !== 0 || String(h).toLowerCase() === 'localhost';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host) {
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Sends connections for `name` to `address`: its https (443) connections to `httpsPort`, its http (80) ones to
 * `httpPort` (either may be undefined: then that scheme is not mapped and fails to connect as it would).
 */
export function mapName(name, { address, httpsPort, httpPort }) {
  if (!isLoopbackHost(address)) throw new Error(`${name}: ${address} is not a loopback address`);
  table.set(name.toLowerCase().replace(/\.$/, ''), { address: address === 'localhost' ? '127.0.0.1' : address, httpsPort, httpPort });
  install();
}

function entry(host) {
  return host === undefined ? undefined : table.get(String(host).toLowerCase().replace(/\.$/, ''));
}

function rewrite(options, defaultPort, secure) {
  const e = entry(options.host ?? options.hostname ?? options.servername);
  if (!e) return options;
  const port = Number(options.port || defaultPort);
  const target = port === defaultPort ? (secure ? e.httpsPort : e.httpPort) : port;
  const name = options.servername ?? options.host ?? options.hostname;
  // A port nobody listens on (1) when the scheme is not mapped: the connection is refused, as it would be.
  return { ...options, host: e.address, hostname: e.address, port: target ?? 1, ...(secure ? { servername: name } : {}) };
}

// net.connect(options[, cb]) | net.connect(port[, host][, cb]); tls.connect(options[, cb]) | (port[, host][, options][, cb])
function normalize(args) {
  if (typeof args[0] === 'object' && args[0] !== null) return [args[0], args.slice(1)];
  const [port, ...rest] = args;
  const options = { port };
  if (typeof rest[0] === 'string') options.host = rest.shift();
  if (typeof rest[0] === 'object' && rest[0] !== null) Object.assign(options, rest.shift());
  return [options, rest];
}

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  const netConnect = net.connect;
  const netCreate = net.createConnection;
  const tlsConnect = tls.connect;
  const agentCreate = http.Agent.prototype.createConnection;
  net.connect = function connect(...args) {
    const [options, rest] = normalize(args);
    return netConnect.call(this, rewrite(options, 80, false), ...rest);
  };
  net.createConnection = function createConnection(...args) {
    const [options, rest] = normalize(args);
    return netCreate.call(this, rewrite(options, 80, false), ...rest);
  };
  tls.connect = function connect(...args) {
    const [options, rest] = normalize(args);
    return tlsConnect.call(this, rewrite(options, 443, true), ...rest);
  };
  // http.Agent captured net.createConnection when Node loaded it.
  http.Agent.prototype.createConnection = function createConnection(...args) {
    const [options, rest] = normalize(args);
    return agentCreate.call(this, rewrite(options, 80, false), ...rest);
  };
  const lookup = dns.lookup;
  dns.lookup = function patched(hostname, options, callback) {
    if (typeof options === 'function') { callback = options; options = {}; }
    const e = entry(hostname);
    if (!e && literal(hostname)) return lookup.call(this, hostname, options, callback);
    if (!e) { process.nextTick(callback, unmapped(hostname)); return {}; }
    const family = e.address.includes(':') ? 6 : 4;
    const all = typeof options === 'object' && options?.all;
    process.nextTick(callback, null, ...(all ? [[{ address: e.address, family }]] : [e.address, family]));
    return {};
  };
  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = async function patched(hostname, options) {
    const e = entry(hostname);
    if (!e && literal(hostname)) return promisesLookup.call(this, hostname, options);
    if (!e) throw unmapped(hostname);
    const family = e.address.includes(':') ? 6 : 4;
    return options?.all ? [{ address: e.address, family }] : { address: e.address, family };
  };
  // Clients that check addresses with resolve4/resolve6 (webfinger.js) get the mapped address too.
  for (const [fn, fam] of [['resolve4', 4], ['resolve6', 6]]) {
    const original = dns.promises[fn];
    dns.promises[fn] = async function patched(hostname, ...rest) {
      const e = entry(hostname);
      if (!e) throw unmapped(hostname);
      return (e.address.includes(':') ? 6 : 4) === fam ? [e.address] : [];
    };
  }
}
