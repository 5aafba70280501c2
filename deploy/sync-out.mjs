// make synth's last step: moves a fresh synth (written to a folder beside the output) into the output folder,
// touching only what changed:
//
//   node deploy/sync-out.mjs FRESH OUT ENGINE
//
// - a file whose bytes are the same is left alone (its modification time too), so a synth with no changed input
//   rewrites nothing and anything keyed on the stack's time stamps stays valid;
// - a changed or new file is written beside its place and renamed over it (never half-written);
// - a file the fresh synth no longer has is removed, except what Terraform and you keep in a stack's folder:
//   .terraform/, .terraform.lock.hcl, *.tfplan, *.tfstate*, override.tf, *_override.tf and their .json;
// - OUT/.last-synth is rewritten every time (the engine and the time): `make doctor` compares it with the sources.
// FRESH is removed at the end. Prints one line: how many files changed.
import fs from 'node:fs';
import path from 'node:path';

const KEPT = [/^\.terraform$/, /^\.terraform\.lock\.hcl$/, /\.tfplan$/, /\.tfstate(\..*)?$/, /(^|_)override\.tf(\.json)?$/];
export const isKept = (name) => KEPT.some((k) => k.test(name));
export const STAMP = '.last-synth';

function files(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) {
      out.push(...files(dir, r));
    } else {
      out.push(r);
    }
  }

  return out;
}

// The app refuses a state folder inside its output folder, but it writes into FRESH: the same rule for OUT, where the
// state stack's local backend will point once moved (its path is relative to the stack's folder).
export function stateInside(fresh, out) {
  const stacks = path.join(fresh, 'stacks');
  for (const stack of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
    let local;
    try {
      local = JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'))?.terraform?.backend?.local?.path;
    } catch {
      continue;
    }

    if (typeof local === 'string') {
      const state = path.resolve(out, 'stacks', stack, local);
      const relative = path.relative(path.resolve(out), state);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
        return state;
      }
    }
  }

  return undefined;
}

export function sync(fresh, out, engine) {
  const inside = stateInside(fresh, out);
  if (inside) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw new Error(`the state stack's state ${inside} would be inside the output folder ${out}, which every synth rewrites: set stateDirectory (EDGE_ROUTER_STATE_DIRECTORY) to a folder outside it; the synth was not moved into ${out}`);
  }

  fs.mkdirSync(out, { recursive: true });
  const wanted = new Set(files(fresh));
  let written = 0;
  let removed = 0;
  for (const rel of wanted) {
    const from = path.join(fresh, rel);
    const to = path.join(out, rel);
    const bytes = fs.readFileSync(from);
    let current;
    try {
      current = fs.lstatSync(to).isFile() ? fs.readFileSync(to) : undefined;
    } catch {
      current = undefined;
    }

    if (current?.equals(bytes)) {
      continue;
    }

    fs.mkdirSync(path.dirname(to), { recursive: true });
    // Whatever is in the way (a folder, a link) goes: the synth owns this path.
    fs.rmSync(to, { recursive: true, force: true });
    const partial = `${to}.sync-partial`;
    fs.writeFileSync(partial, bytes, { mode: fs.statSync(from).mode });
    fs.renameSync(partial, to);
    written++;
  }

  // What the synth no longer writes, unless it is one of the kept kinds (at any depth: a stack's folder).
  const prune = (rel) => {
    const dir = path.join(out, rel);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (isKept(e.name) || (rel === '' && e.name === STAMP)) {
        continue;
      }

      if (e.isDirectory() && !e.isSymbolicLink()) {
        prune(r);
        if (fs.readdirSync(path.join(out, r)).length === 0) {
          fs.rmdirSync(path.join(out, r));
        }
      } else if (!wanted.has(r)) {
        fs.rmSync(path.join(out, r), { force: true });
        removed++;
      }
    }
  };
  prune('');
  fs.writeFileSync(path.join(out, STAMP), `${engine}\n`);
  fs.rmSync(fresh, { recursive: true, force: true });
  return { written, removed, total: wanted.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [fresh, out, engine] = process.argv.slice(2);
  if (!fresh || !out || !engine) {
    process.stderr.write('usage: node deploy/sync-out.mjs FRESH OUT ENGINE\n');
    process.exit(2);
  }

  let result;
  try {
    result = sync(fresh, out, engine);
  } catch (error) {
    process.stderr.write(`edge-router: stateDirectory: ${error.message}\n`);
    process.exit(1);
  }

  const { written, removed, total } = result;
  process.stdout.write(written + removed === 0
    ? `synth: ${out}/ unchanged (${total} files the same; none rewritten)\n`
    : `synth: ${out}/: ${written} of ${total} files written, ${removed} removed\n`);
}
