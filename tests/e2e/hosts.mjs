// Test-process-only name resolution: maps the tests' host names (example.com, mastodon.example.com, …) to loopback
// addresses by wrapping dns.lookup and dns.promises.lookup, which Node's fetch, http(s).request and the clients'
// own private-address checks go through. Nothing outside this process (no /etc/hosts) is touched, and a mapped
// name can only ever point at 127.0.0.0/8.
import dns from 'node:dns';

const table = new Map();
const originalLookup = dns.lookup;
const originalPromisesLookup = dns.promises.lookup;

function normalize(options) {
  if (typeof options === 'number') return { family: options };
  return options ?? {};
}

function mapped(hostname) {
  return table.get(String(hostname).toLowerCase().replace(/\.$/, ''));
}

dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const address = mapped(hostname);
  if (address === undefined) return originalLookup.call(this, hostname, options, callback);
  const opts = normalize(options);
  if (opts.all) process.nextTick(callback, null, [{ address, family: 4 }]);
  else process.nextTick(callback, null, address, 4);
  return {};
};

dns.promises.lookup = async function lookup(hostname, options) {
  const address = mapped(hostname);
  if (address === undefined) return originalPromisesLookup.call(this, hostname, options);
  return normalize(options).all ? [{ address, family: 4 }] : { address, family: 4 };
};

/** Maps each host name to an address in 127.0.0.0/8 (replacing earlier mappings of the same names). */
export function mapHosts(entries) {
  for (const [name, address] of Object.entries(entries)) {
    if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) throw new Error(`${name}: ${address} is not a loopback address`);
    table.set(name.toLowerCase(), address);
  }
}
