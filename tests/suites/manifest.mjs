// Reads tests/suites.txt, the list of suites `make test` runs and what each one reads (tests/suites/README.md).
//
//   # a comment
//   @group = INPUT...                  a named set of inputs, used as @group
//   NAME TARGET INPUT... [run:serial]  a suite: its name, the make target that runs it, what can change its result
//
// An INPUT is a path (a file or a folder; ${VAR} and ${VAR:-default} are replaced from the environment), a group
// (@name), env:NAME[,PREFIX*...] (environment variables, set or not), or tool:NAME[,NAME...] (the tool found on PATH
// and its version). run:serial runs the suite alone, never beside another one. A line ending in \ continues.

const NAME = /^[a-z][a-z0-9-]*$/;
const TARGET = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const TOOL = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;
const ENV = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** Parses the manifest; throws an Error naming the file, the line and what is wrong. */
export function parseManifest(text, file = "tests/suites.txt") {
  const groups = new Map();
  const suites = [];
  const logical = [];
  let carry = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (carry === null && /^\s*(#|$)/.test(line)) return;
    const body = line.replace(/\s+#.*$/, "");
    const continued = /\\\s*$/.test(body);
    const part = body.replace(/\\\s*$/, "");
    if (carry === null) carry = { text: part, line: i + 1 };
    else carry.text += " " + part;
    if (!continued) {
      logical.push(carry);
      carry = null;
    }
  });
  if (carry) logical.push(carry);

  const fail = (where, message) => {
    throw new Error(`${file}:${where.line}: ${message}`);
  };

  const expand = (words, where, seen = []) => {
    const inputs = [];
    for (const word of words) {
      if (word.startsWith("@")) {
        const name = word.slice(1);
        if (!groups.has(name)) fail(where, `unknown group ${word} (define it above with "${word} = ...")`);
        if (seen.includes(name)) fail(where, `group ${word} includes itself`);
        inputs.push(...expand(groups.get(name), where, [...seen, name]));
      } else if (word.startsWith("env:")) {
        const names = word.slice(4).split(",");
        for (const n of names) if (!ENV.test(n)) fail(where, `"${word}": "${n}" is not an environment variable name (or PREFIX*)`);
        inputs.push(...names.map((n) => ({ kind: "env", name: n })));
      } else if (word.startsWith("tool:")) {
        const names = word.slice(5).split(",");
        for (const n of names) if (!TOOL.test(n)) fail(where, `"${word}": "${n}" is not a command name`);
        inputs.push(...names.map((n) => ({ kind: "tool", name: n })));
      } else if (word === "run:serial") {
        inputs.push({ kind: "serial" });
      } else if (word.startsWith("after:")) {
        // Starts only once these suites have finished (it reads what they write); their outputs are inputs too.
        for (const n of word.slice(6).split(",")) {
          if (!NAME.test(n)) fail(where, `"${word}": "${n}" is not a suite name`);
          inputs.push({ kind: "after", name: n });
        }
      } else if (/^[a-z]+:/.test(word) && !word.startsWith("./")) {
        fail(where, `"${word}": unknown kind of input (paths, @group, env:, tool:, run:serial, after:)`);
      } else {
        const p = word.replace(/\/+$/, "") || word;
        if (p.startsWith("/") && !p.startsWith("${")) {
          // absolute paths are allowed only through a variable with a default, so the manifest stays portable
          fail(where, `"${word}": an absolute path; name it through a variable, e.g. \${MIRROR:-/opt/x}`);
        }
        if (p.split("/").includes("..")) fail(where, `"${word}": a path outside the repository (..)`);
        inputs.push({ kind: "path", path: p });
      }
    }
    return inputs;
  };

  for (const entry of logical) {
    const words = entry.text.trim().split(/\s+/);
    if (words[0].startsWith("@")) {
      const name = words[0].slice(1);
      if (!NAME.test(name)) fail(entry, `group name "${words[0]}": lower case letters, digits and -`);
      if (words[1] !== "=") fail(entry, `a group is written "@${name} = INPUT..."`);
      if (groups.has(name)) fail(entry, `group @${name} is defined twice`);
      groups.set(name, words.slice(2));
      expand(words.slice(2), entry, [name]); // checked here, so an error points at the group's line
      continue;
    }
    const [name, target, ...rest] = words;
    if (!NAME.test(name)) fail(entry, `suite name "${name}": lower case letters, digits and - (it names build/test-logs/NAME/)`);
    if (!target || !TARGET.test(target)) fail(entry, `suite ${name}: the second word is its make target`);
    if (suites.some((s) => s.name === name)) fail(entry, `suite ${name} is declared twice`);
    if (rest.length === 0) fail(entry, `suite ${name} declares no inputs: a result with no inputs would be reused forever`);
    const inputs = expand(rest, entry);
    if (!inputs.some((x) => x.kind === "path")) fail(entry, `suite ${name} declares no file or folder it reads`);
    suites.push({
      name,
      target,
      line: entry.line,
      serial: inputs.some((x) => x.kind === "serial"),
      after: inputs.filter((x) => x.kind === "after").map((x) => x.name),
      inputs: inputs.filter((x) => x.kind !== "serial" && x.kind !== "after"),
    });
  }
  if (suites.length === 0) throw new Error(`${file}: declares no suite`);
  return { suites, groups };
}
