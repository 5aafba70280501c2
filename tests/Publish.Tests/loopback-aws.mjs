// The two loopback services the publish tests talk to, started and stopped by the test fixture:
//   - s3rver 3.7.1 (npm), a real implementation of the S3 REST API (path-style, SigV4 signatures checked against
//     its own key pair S3RVER/S3RVER), on 127.0.0.1 with a port the system picks, data in --dir;
//   - a CloudFront recorder: answers CreateInvalidation (POST /2020-05-31/distribution/{id}/invalidation) as the
//     CloudFront API documents it and writes each request it got (method, path, headers, body) as one JSON line to
//     --record. There is no CloudFront implementation to run here; the tests check the request the JavaScript SDK
//     sent, which is the honest best available. --fail-invalidation makes it answer 403 AccessDenied, and so does the
//     presence of the file `<--record>.fail-<distribution id>` for that distribution (a test turns it on and off);
//   - a fault-injecting proxy in front of s3rver ("s3faulty"): it forwards every request, except one whose
//     `METHOD /bucket/key?query` matches a line of the file `<--record>.faults` (a JavaScript regular expression):
//     that one's connection is destroyed before any answer, as a network failure would; and one matching a line of
//     `<--record>.holds` is held until `<--record>.release` exists (the test changes the folder at that moment).
// Prints one line `loopback-aws: {"s3":URL,"cloudfront":URL,"s3faulty":URL}` when both listen. Ends when its standard input closes
// (the test host went away) or after --max-seconds (default 600), whichever is first.
import http from 'node:http';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    bucket: { type: 'string', multiple: true, default: [] },
    record: { type: 'string' },
    'fail-invalidation': { type: 'boolean', default: false },
    'max-seconds': { type: 'string', default: '600' },
  },
});
if (!values.dir || !values.record) throw new Error('usage: loopback-aws.mjs --dir DIR --record FILE [--bucket NAME]…');

const s3 = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: values.dir,
  vhostBuckets: false,
  configureBuckets: values.bucket.map((name) => ({ name })),
});
const s3Address = await s3.run();

let count = 0;
const recorder = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    appendFileSync(values.record, JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body }) + '\n');
    const match = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(req.url);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchResource</Code><Message>not a CreateInvalidation request</Message></Error></ErrorResponse>');
      return;
    }
    if (values['fail-invalidation'] || existsSync(`${values.record}.fail-${match[1]}`)) {
      res.writeHead(403, { 'content-type': 'text/xml', 'x-amzn-requestid': 'recorder-denied' })
        .end('<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: cloudfront:CreateInvalidation</Message></Error><RequestId>recorder-denied</RequestId></ErrorResponse>');
      return;
    }
    const id = `IRECORDED${++count}`;
    const batch = /<InvalidationBatch[^>]*>([\s\S]*)<\/InvalidationBatch>/.exec(body)?.[1] ?? '';
    res.writeHead(201, {
      'content-type': 'text/xml',
      location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${match[1]}/invalidation/${id}`,
      'x-amzn-requestid': `recorder-${count}`,
    }).end(`<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime><InvalidationBatch>${batch}</InvalidationBatch></Invalidation>`);
  });
});
await new Promise((resolve) => recorder.listen(0, '127.0.0.1', resolve));

const faults = () => (existsSync(`${values.record}.faults`)
  ? readFileSync(`${values.record}.faults`, 'utf8').split('\n').filter(Boolean).map((l) => new RegExp(l)) : []);
// A request matching a line of `<--record>.holds` waits (at most 30 s) until the file `<--record>.release` exists:
// the test changes the site folder at that moment of a publish (a file swapped for a link between read and upload).
const holds = () => (existsSync(`${values.record}.holds`)
  ? readFileSync(`${values.record}.holds`, 'utf8').split('\n').filter(Boolean).map((l) => new RegExp(l)) : []);
const held = async (req) => {
  if (!holds().some((h) => h.test(`${req.method} ${req.url}`))) return;
  appendFileSync(`${values.record}.held`, `${req.method} ${req.url}\n`);
  for (let i = 0; i < 300 && !existsSync(`${values.record}.release`); i++) await new Promise((r) => setTimeout(r, 100));
};
const proxy = http.createServer(async (req, res) => {
  await held(req);
  if (faults().some((f) => f.test(`${req.method} ${req.url}`))) {
    appendFileSync(`${values.record}.faulted`, `${req.method} ${req.url}\n`);
    req.socket.destroy();
    return;
  }
  const upstream = http.request({ host: '127.0.0.1', port: s3Address.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  upstream.on('error', () => req.socket.destroy());
  req.pipe(upstream);
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));

console.log(`loopback-aws: ${JSON.stringify({
  s3: `http://127.0.0.1:${s3Address.port}`,
  cloudfront: `http://127.0.0.1:${recorder.address().port}`,
  s3faulty: `http://127.0.0.1:${proxy.address().port}`,
})}`);

const stop = async () => {
  recorder.close();
  proxy.close();
  await s3.close().catch(() => {});
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, Number(values['max-seconds']) * 1000).unref();
