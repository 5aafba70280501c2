// Edge memory under a bounded burst of large requests (issue 12): starts the local edge, POSTs BURST bodies of
// SIZE_MB each to the router path, CONCURRENCY at a time, samples the edge process's resident memory every 50 ms, and
// reports its peak during the burst and what is left 3 s after (VmRSS; VmHWM is the kernel's own peak). With
// --before DIR it runs the same burst against DIR's build of the edge too (a checkout of the code before the change),
// so one table holds both. Prints the table and writes it to benchmarks/results/edge.md.
//   node benchmarks/edge/burst.mjs [--before DIR] [--burst 16] [--size-mb 25] [--concurrency 4]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i < 0 ? fallback : args[i + 1]; };
const before = opt('--before', null);
const burst = Number(opt('--burst', 16));
const sizeMb = Number(opt('--size-mb', 25));
const concurrency = Number(opt('--concurrency', 4));
const stack = path.join(repo, 'cdktf.out/stacks/edge-router/cdk.tf.json');

const kib = (pid, field) => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
};

async function run(label, root) {
  // A free port chosen here: the edge before this change could not say which port 0 gave it.
  const port = await new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  const child = spawn('dotnet', [path.join(root, 'build/edge/LocalEdge.dll'), '--stack', stack, '--http', `127.0.0.1:${port}`],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c) => { text += c; if (text.includes('local edge: listening on ')) resolve(); });
    child.on('exit', (code) => reject(new Error(`${label}: the edge exited with ${code}`)));
  });
  child.stdout.resume();
  const idle = kib(child.pid, 'VmRSS');
  let peak = idle;
  const sampler = setInterval(() => { peak = Math.max(peak, kib(child.pid, 'VmRSS')); }, 50);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const statuses = {};
  const one = () => new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/.well-known/webfinger?resource=acct:alice@example.com',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(sizeMb * chunk.length) }, agent: false }, (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => { statuses.error = (statuses.error ?? 0) + 1; resolve(); });
    (async () => {
      for (let i = 0; i < sizeMb && !req.destroyed; i++) {
        if (!req.write(chunk)) await new Promise((r) => { req.once('drain', r); req.once('close', r); });
      }
      req.end();
    })().catch(() => {});
  });
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < burst) await one(); }));
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 3000));
  clearInterval(sampler);
  const after = kib(child.pid, 'VmRSS');
  const hwm = kib(child.pid, 'VmHWM');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const mib = (k) => (k / 1024).toFixed(0);
  return `| ${label} | ${mib(idle)} | ${mib(peak)} | ${mib(hwm)} | ${mib(after)} | ${seconds.toFixed(1)} | ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(', ')} |`;
}

const rows = [];
if (before) rows.push(await run(`before (${before})`, path.resolve(before)));
rows.push(await run('this checkout', repo));
const report = [
  '# Local edge: memory under a burst of large requests', '',
  `Machine: ${os.cpus().length} cores, Node ${process.version}. Produced by \`node benchmarks/edge/burst.mjs${before ? ' --before ' + before : ''}\` ` +
  `(\`make bench-edge\`): ${burst} POSTs of ${sizeMb} MiB to /.well-known/webfinger, ${concurrency} at a time; resident memory of the edge ` +
  'process (its function and Node children not counted), sampled every 50 ms; "after" is 3 s after the burst.', '',
  '| edge | idle MiB | peak RSS MiB | VmHWM MiB | after MiB | burst s | answers |', '|---|---:|---:|---:|---:|---:|---|', ...rows, '',
].join('\n');
console.log(report);
mkdirSync(path.join(repo, 'benchmarks/results'), { recursive: true });
writeFileSync(path.join(repo, 'benchmarks/results/edge.md'), report);
console.log('written to benchmarks/results/edge.md');
