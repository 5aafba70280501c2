// Hashes a suite's inputs into the key its result is stored under (tests/suites/README.md, "The key").
//
// Every input gives one part, named for what it is (`main`, `env:ENGINE`, `tool:dotnet`), so that a miss can say
// what changed. A folder is every file in it that git does not ignore (tracked or not), or, for what the build writes
// (build/, .bindings/, cdktf.out/, or a folder git ignores, or no git at all), every file in it; each file by path,
// executable bit and SHA-256 of its content. A missing path hashes as missing (it is then a miss, never a match).
// Large files (the 690 MB provider plugin) are hashed once and remembered by device, inode, size and modification
// time, as git's index and go's test cache do, in build/test-cache/file-hashes.json; a file modified within two
// seconds of being hashed is always hashed again (a change inside the file system's time stamp granularity).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Bump when what a key means changes: every stored result is then a miss. */
const KEY_VERSION = "suites-key-1";
const MEMO_MIN_BYTES = 256 * 1024;
/** More files than this in one input is a mistake (a variable pointing at /, say), not a suite's input. */
const MAX_FILES = 200_000;
const RACY_MS = 2000;
const GENERATED = ["build", ".bindings", "cdktf.out", "node_modules"];
const WALK_SKIP = new Set([".git", "bin", "obj", "node_modules", "TestResults"]);

/** How each tool reports the version that matters; any other tool: NAME --version. */
const TOOL_VERSION = {
  dotnet: [["--version"], ["--list-runtimes"]],
  node: [["--version"]],
  npm: [["--version"]],
  terraform: [["version"]],
  git: [["--version"]],
  // Tools whose --version fails with nothing on stdout, so the key saw only where they are (a new moto, openssl or
  // unzip at the same path reused every result): their own version query.
  openssl: [["version"]],
  unzip: [["-v"]],
};
/**
 * Tools with no version query of their own, and the command that tells their version instead. moto_server has none
 * (--version exits 2): the moto package of the python3 on PATH, the one moto_server runs here (both pyenv shims).
 */
const TOOL_VERSION_COMMAND = {
  moto_server: ["python3", ["-c", "import moto; print('moto', moto.__version__)"]],
};

/** The version queries of a tool found at `found`: [command, args] each. */
export const versionQueries = (name, found) =>
  TOOL_VERSION_COMMAND[name] ? [TOOL_VERSION_COMMAND[name]] : (TOOL_VERSION[name] ?? [["--version"]]).map((a) => [found, a]);

const sha = (data) => crypto.createHash("sha256").update(data).digest("hex");

export class InputHasher {
  constructor({ root, cacheDir, env }) {
    this.root = root;
    this.env = env;
    this.memoFile = path.join(cacheDir, "file-hashes.json");
    this.memo = {};
    try {
      this.memo = JSON.parse(fs.readFileSync(this.memoFile, "utf8"));
    } catch {
      this.memo = {};
    }
    this.tools = new Map();
    this.git = undefined;
  }

  /** Forgets git's listing and the tools' answers: the next key looks again. */
  forget() {
    this.git = undefined;
    this.tools.clear();
  }

  /** { key, parts } for a suite's inputs. */
  key(inputs) {
    const parts = {};
    for (const input of inputs) {
      if (input.kind === "path") {
        const p = this.expand(input.path);
        parts[input.path === p ? p : `${input.path}=${p}`] = this.hashPath(p);
      } else if (input.kind === "env") {
        if (input.name.endsWith("*")) {
          const prefix = input.name.slice(0, -1);
          const names = Object.keys(this.env).filter((n) => n.startsWith(prefix)).sort();
          parts[`env:${input.name}`] = sha(names.map((n) => `${n}=${this.env[n]}`).join("\0"));
        } else {
          const v = this.env[input.name];
          parts[`env:${input.name}`] = v === undefined ? "unset" : sha(`set\0${v}`);
        }
      } else if (input.kind === "tool") {
        parts[`tool:${input.name}`] = this.tool(input.name);
      }
    }
    const key = sha(JSON.stringify([KEY_VERSION, Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : 1))]));
    return { key, parts };
  }

  /** ${VAR} and ${VAR:-default} from the environment. */
  expand(p) {
    return p.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name, fallback) => {
      const v = this.env[name];
      return v !== undefined && v !== "" ? v : (fallback ?? "");
    });
  }

  /** The files git lists (tracked, and untracked but not ignored), or null outside a git work tree. */
  gitFiles() {
    if (this.git !== undefined) return this.git;
    const run = spawnSync("git", ["ls-files", "-z", "-c", "-o", "--exclude-standard"], { cwd: this.root, maxBuffer: 256 << 20 });
    // latin1 keeps every byte of a name that is not UTF-8 as one character (fsPath gives the bytes back).
    this.git = run.status === 0 ? run.stdout.toString("latin1").split("\0").filter(Boolean) : null;
    return this.git;
  }

  hashPath(p) {
    const abs = path.resolve(this.root, p);
    let st;
    try {
      st = fs.statSync(abs);
    } catch {
      return "missing";
    }
    if (st.isFile()) return this.hashFile(abs, st);
    if (!st.isDirectory()) return "not a file or folder";
    const rel = path.relative(this.root, abs);
    const inside = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
    const generated = !inside || GENERATED.includes(rel.split(path.sep)[0]);
    let files = null;
    const listed = !generated ? this.gitFiles() : null;
    let entries = null;
    if (listed) {
      const prefix = Buffer.from(rel + "/", "utf8").toString("latin1");
      const names = listed.filter((f) => f.startsWith(prefix)).sort();
      if (names.length > 0) {
        const rootBytes = Buffer.from(this.root + "/", "utf8");
        entries = names.map((f) => [f.slice(prefix.length), Buffer.concat([rootBytes, Buffer.from(f, "latin1")])]);
      } // else a folder git ignores as a whole: walk it
    }
    entries ??= this.walk(abs).sort().map((f) => [path.relative(abs, f), f]);
    if (entries.length > MAX_FILES) {
      throw new Error(`${p} holds more than ${MAX_FILES} files: name a smaller folder (or the variable that points there is wrong)`);
    }
    const lines = entries.map(([name, f]) => {
      let fst;
      try {
        fst = fs.statSync(f);
      } catch {
        return `${name}\0missing`;
      }
      return `${name}\0${fst.isDirectory() ? this.linkedFolder(f) : this.hashFile(f, fst)}`;
    });
    return sha(lines.join("\n"));
  }

  /** A link to a folder inside a declared folder: the folder's files, once (a link back up is not followed). */
  linkedFolder(f) {
    let real;
    try {
      real = fs.realpathSync(f);
    } catch {
      return "broken link";
    }
    this.following ??= new Set();
    if (this.following.has(real)) return `link loop to ${real}`;
    this.following.add(real);
    try {
      return `folder:${this.hashPath(real)}`;
    } finally {
      this.following.delete(real);
    }
  }

  walk(dir) {
    const out = [];
    const visit = (d) => {
      if (out.length > MAX_FILES) return;
      let list;
      try {
        list = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of list) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) {
          if (!WALK_SKIP.has(e.name)) visit(full);
        } else if (e.isFile() || e.isSymbolicLink()) {
          out.push(full);
        }
      }
    };
    visit(dir);
    return out;
  }

  hashFile(abs, st) {
    const mode = st.mode & 0o111 ? "x" : "-";
    if (!st.isFile()) return `${mode}:not a file`;
    if (st.size >= MEMO_MIN_BYTES) {
      const id = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
      const m = this.memo[abs];
      if (m && m.id === id && m.hashedAt - st.mtimeMs > RACY_MS) return `${mode}:${m.hash}`;
      const hash = this.digestFile(abs);
      this.memo[abs] = { id, hash, hashedAt: Date.now() };
      this.memoDirty = true;
      return `${mode}:${hash}`;
    }
    return `${mode}:${this.digestFile(abs)}`;
  }

  digestFile(abs) {
    try {
      const h = crypto.createHash("sha256");
      const fd = fs.openSync(abs, "r");
      const buf = Buffer.allocUnsafe(1 << 20);
      try {
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          h.update(buf.subarray(0, n));
        }
      } finally {
        fs.closeSync(fd);
      }
      return h.digest("hex");
    } catch (error) {
      return `unreadable ${error.code ?? error.message}`;
    }
  }

  /** Where the tool is on PATH (resolved through links) and what it says its version is. */
  tool(name) {
    if (this.tools.has(name)) return this.tools.get(name);
    const where = spawnSync("sh", ["-c", 'command -v "$1"', "sh", name], { env: this.env, encoding: "utf8" });
    let value;
    const found = where.stdout.trim();
    if (where.status !== 0 || !found) {
      value = "missing";
    } else {
      let real = found;
      try {
        real = fs.realpathSync(found);
      } catch {
        // keep the name PATH gave
      }
      // No Terraform CLI configuration warning or update check in the answer.
      const env = { ...this.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" };
      const answers = versionQueries(name, found).map(([command, a]) => {
        const r = spawnSync(command, a, { env, encoding: "utf8", timeout: 60_000 });
        return `${a.join(" ")}\0${r.status}\0${r.stdout}`;
      });
      value = sha([found, real, ...answers].join("\n"));
    }
    this.tools.set(name, value);
    return value;
  }

  save() {
    if (!this.memoDirty) return;
    fs.mkdirSync(path.dirname(this.memoFile), { recursive: true });
    const tmp = `${this.memoFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.memo));
    fs.renameSync(tmp, this.memoFile);
  }
}
