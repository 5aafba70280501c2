'use strict';
// A V8 code cache for the CommonJS modules the jsii kernel loads: the kernel itself, constructs, cdktf and the
// provider bindings, about 400 files and 10 MB of JavaScript that every synth would otherwise parse and compile
// again. Node 22 has this built in (module.enableCompileCache); Node 20, which this machine has, does not.
//
// Entries are keyed by a hash of the module's source, not by its path: the kernel links its packages into a fresh
// temporary folder on every run, so paths never repeat while sources do. V8 checks each entry against its own
// version and flags and rejects a stale one (the module is then compiled as usual and its entry rewritten), so a
// Node upgrade or a changed package costs one slower synth, never a wrong one. New entries are written when the
// process exits, each through a temporary file and a rename; entries not written for 30 days are removed then.

const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

function install(folder) {
  const pending = []; // [script, entry path] compiled without a usable cache entry
  const compile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    // Dynamic import() needs the loader's own callback, which a vm.Script made here cannot have: leave such a
    // module to Node. So also for anything but plain CommonJS JavaScript.
    if (!filename.endsWith('.js') || content.includes('import(')) {
      return compile.call(this, content, filename);
    }
    const source = content.startsWith('#!') ? `//${content}` : content; // a shebang line is not JavaScript
    const entry = path.join(folder, crypto.createHash('sha256').update(source).digest('hex').slice(0, 40));
    let cachedData;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
      pending.push([script, entry]);
    }
    const moduleFunction = script.runInThisContext({ displayErrors: true });
    return moduleFunction.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.once('exit', () => save(folder, pending));
}

// What Node gives a module as `require`, built from the public Module API.
function makeRequire(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function save(folder, pending) {
  if (pending.length === 0) {
    return;
  }
  try {
    fs.mkdirSync(folder, { recursive: true });
    for (const [script, entry] of pending) {
      // After the run, so that the entry also holds the functions compiled lazily while the synth ran.
      const temporary = `${entry}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, entry);
    }
    const now = Date.now();
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) {
        fs.rmSync(file, { force: true });
      }
    }
  } catch {
    // A cache that cannot be written only makes the next synth as slow as this one.
  }
}

module.exports = { install };
