'use strict';
// The jsii runtime host that the app starts instead of the stock @jsii/runtime launcher (JSII_RUNTIME names this
// file; main/JsiiHost/InProcessJsiiHost.cs writes it out next to the jsii kernel it runs).
//
// Why: the stock launcher (bin/jsii-runtime.js) is a Node process whose only job is to start a second Node process
// for the kernel (lib/program.js), give it the request pipe as file descriptor 3, and relay every request and
// response between the two. That costs one more Node start per synth and two more pipe hops per jsii call. This
// host runs the same kernel, unmodified, in the process .NET started:
//   - the kernel reads and writes its requests on descriptor 3 with fs.readSync/fs.writeSync; here descriptor 3
//     is mapped to this process's stdin (0) and stdout (1), which are the .NET client's pipes;
//   - anything JavaScript prints (console.log from a construct, say) must not reach stdout, where the .NET client
//     expects only jsii responses: process.stdout and process.stderr become writers that send each chunk to stderr
//     as {"stdout": base64} or {"stderr": base64} lines, the format the stock launcher uses and the .NET client
//     decodes back onto the app's own stdout and stderr;
//   - modules are compiled through a V8 code cache (./code-cache.js), so later synths skip parsing and compiling
//     the kernel, cdktf and the provider bindings.
// Settings (environment): EDGE_ROUTER_JSII_KERNEL, the kernel's lib/program.js (required);
// EDGE_ROUTER_NODE_CODE_CACHE, the code cache folder ("off" turns the cache off); EDGE_ROUTER_JSII_TRACE, a file
// to write the time of each request to (below).
// The app sets NODE_PRESERVE_SYMLINKS=1, which is what the stock launcher's --preserve-symlinks does: the kernel
// links its cached packages into a per-run folder and their dependencies must resolve from there.

const fs = require('fs');
const { Writable } = require('stream');

const kernel = process.env.EDGE_ROUTER_JSII_KERNEL;
if (!kernel || !fs.existsSync(kernel)) {
  // Before any redirection: this reaches the .NET client's stderr as a plain line, which it prints as it is.
  process.stderr.write(`edge-router jsii host: EDGE_ROUTER_JSII_KERNEL must name the jsii kernel's program.js (got "${kernel ?? ''}")\n`);
  process.exit(70);
}

const REQUESTS_FD = 3;
const STDIN_FD = 0;
const STDOUT_FD = 1;
const STDERR_FD = 2;

function writeAll(fd, buffer) {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error; // a non-blocking pipe that is full: try again, as the kernel does
    }
  }
}

// Console output, wrapped the way the stock launcher wraps its child's stdout and stderr.
function consoleWriter(tag) {
  return new Writable({
    decodeStrings: true,
    write(chunk, _encoding, done) {
      writeAll(STDERR_FD, Buffer.from(`${JSON.stringify({ [tag]: chunk.toString('base64') })}\n`));
      done();
    },
  });
}
for (const [name, tag] of [['stdout', 'stdout'], ['stderr', 'stderr']]) {
  const writer = consoleWriter(tag);
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => writer });
}

// The request channel: descriptor 3 in the kernel, stdin and stdout here.
const { readSync, writeSync } = fs;
const trace = process.env.EDGE_ROUTER_JSII_TRACE ? requestTrace(process.env.EDGE_ROUTER_JSII_TRACE) : undefined;
fs.readSync = function readRequests(fd, ...rest) {
  const read = readSync.call(fs, fd === REQUESTS_FD ? STDIN_FD : fd, ...rest);
  if (trace && fd === REQUESTS_FD && read > 0) {
    const offset = typeof rest[1] === 'number' ? rest[1] : (rest[1]?.offset ?? 0); // (buffer, offset, ...) or (buffer, {offset})
    trace.request(rest[0].subarray(offset, offset + read));
  }
  return read;
};
fs.writeSync = function writeResponses(fd, ...rest) {
  if (trace && fd === REQUESTS_FD) trace.response();
  return writeSync.call(fs, fd === REQUESTS_FD ? STDOUT_FD : fd, ...rest);
};

// EDGE_ROUTER_JSII_TRACE=FILE: where the time of a synth goes across the jsii boundary. For each request, how long
// .NET took to send it after the previous answer (Node waits meanwhile) and how long Node took to answer it;
// written to FILE as JSON when the process exits: {"calls": [{"api", "dotnet", "node"}, ...]}, in milliseconds.
// `make bench-synth` reads it. The first entry, "start", is the kernel's own start up to its first answer.
function requestTrace(file) {
  const { performance } = require('perf_hooks');
  const calls = [];
  let answered = performance.now();
  let current = { api: 'start', dotnet: 0, started: answered, text: '' };
  process.once('exit', () => fs.writeFileSync(file, JSON.stringify({ calls })));
  return {
    request(chunk) {
      const now = performance.now();
      if (!current) current = { api: undefined, dotnet: now - answered, started: now, text: '' };
      if (current.api === undefined && current.text.length < 200) {
        // A request may come in several reads: name it once its "api" field has been read.
        current.text += chunk.toString('utf8');
        current.api = /"api":"(\w+)"/.exec(current.text)?.[1];
      }
    },
    response() {
      const now = performance.now();
      answered = now;
      if (!current) return; // the rest of an answer that took several writes
      calls.push({ api: current.api ?? 'other', dotnet: current.dotnet, node: now - current.started });
      current = undefined;
    },
  };
}

// The kernel links its cached packages into place with symbolic links only when it sees --preserve-symlinks among
// Node's arguments (it copies or hard-links every file otherwise: ~200 ms a synth). The loader gets the same
// behaviour from NODE_PRESERVE_SYMLINKS=1, which is how the app starts this host; tell the kernel so.
if (process.env.NODE_PRESERVE_SYMLINKS === '1' && !process.execArgv.includes('--preserve-symlinks')) {
  process.execArgv.push('--preserve-symlinks');
}

if (process.env.EDGE_ROUTER_NODE_CODE_CACHE && process.env.EDGE_ROUTER_NODE_CODE_CACHE !== 'off') {
  require('./code-cache.js').install(process.env.EDGE_ROUTER_NODE_CODE_CACHE);
}

// An HCL synth only: two defects of cdktf's HCL renderer (./hcl-render-fixes.js says which).
if (process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1') {
  require('./hcl-render-fixes.js').install();
}

require(kernel);
