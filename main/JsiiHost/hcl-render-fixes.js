'use strict';
// Two defects of the HCL renderer in cdktf 0.21.0 (cdktf/lib/hcl/render.js), fixed for an HCL synth only
// (SYNTH_HCL_OUTPUT=true, which `cdktf synth --hcl` and `make hcl` set); a JSON synth never loads this file.
// CDKTF is deprecated and will not be fixed upstream; the same defects are open in its fork, CDK Terrain
// (open-constructs/cdk-terrain#313). Without them this stack's HCL does not even `terraform init`:
//   1. renderTerraform passes the NAMES of the terraform block's other members to renderSimpleAttributes, so
//      `required_version = ">= 1.10.0"` is written as `0 = "required_version"` (Error: Argument or block
//      definition required).
//   2. A resource's lifecycle block is rendered with renderSimpleAttributes, so its precondition blocks become an
//      attribute list `precondition = [{ ... }]` (Error: Unsupported argument; An argument named "precondition" is
//      not expected here. Did you mean to define a block of type "precondition"?).
//   3. depends_on is rendered as a list of quoted strings (Warning: Quoted references are deprecated ... will be
//      removed in a future version of Terraform).
//   4. A multi-line string is written as a heredoc of its lines plus a newline, so a value that ends in a newline
//      (the CloudFront Function's code) gets a second one: the HCL stack would plan an update of the function.
//      A value ending in a newline goes in without it (the heredoc adds it back); one that does not end in a newline
//      is written as a quoted string with \n escapes, unless it holds "${" or "%{" (a template: left as it is).
//   5. lifecycle.ignore_changes is rendered as quoted strings too (the same warning as 3): written as names.
//   6. A stack-level override other than `terraform` is dropped: the stack's `check` blocks (Inputs/
//      ReachabilityChecks.cs, plan-time warnings) would be missing from the HCL. They are rendered after the rest.
//   7. A one-line string with "${" is written between quotes as it is, so a `"` or `\` in its literal text ends or
//      breaks it (the dashboard's JSON body: Error: Invalid character); one that starts with `{` is written bare (a
//      metric filter pattern `{ $.level = "info" }`). Quotes and backslashes are escaped outside any ${...} / %{...}
//      sequence; inside one they are expression syntax, left as they are.
//   8. A resource's provider meta-argument (`provider = "aws.us_east_1"`) is quoted (the same warning as 3).
// The fixes call the renderer's own exported functions with the typed input it already understands; nothing else
// changes. The module is recognised by its file name, when the jsii kernel loads cdktf. `make test-plan` proves
// the result: the HCL stacks plan exactly as the JSON ones.

const Module = require('module');

const FIXED = Symbol.for('edge-router.hcl-render-fixes');
const BLOCKS = ['required_providers', 'backend', 'cloud'];
const CONDITIONS = ['precondition', 'postcondition'];
// A plain resource, data source or module address (no expression), as depends_on holds them.
const ADDRESS = /^(data\.|module\.)?[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

// 6. The literal text of a template escaped for an HCL quoted string; ${...} and %{...} sequences (with their own
//    quoted strings and nested braces) copied as they are. Null when there is nothing to escape.
function escapeLiteralText(value) {
  let out = '';
  let escaped = false;
  for (let i = 0; i < value.length;) {
    if ((value.startsWith('${', i) || value.startsWith('%{', i)) && !value.startsWith('$${', i - 1) && !value.startsWith('%%{', i - 1)) {
      let depth = 0;
      let j = i + 1;
      for (let quoted = false; j < value.length; j++) {
        const c = value[j];
        if (quoted) {
          if (c === '\\') j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      out += value.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const c = value[i];
    if (c === '"' || c === '\\') {
      out += `\\${c}`;
      escaped = true;
    } else {
      out += c;
    }
    i++;
  }
  return escaped ? out : null;
}

// 4. Typed string attributes ({value, type: "simple", storageClassType: "string"}) anywhere in a block.
function exactStrings(node) {
  if (Array.isArray(node)) return node.map(exactStrings);
  if (!node || typeof node !== 'object') return node;
  const { value } = node;
  const stringType = node.storageClassType ?? node.storage_class_type;
  if (node.type === 'simple' && stringType === 'string' && typeof value === 'string' && /[\r\n]/.test(value)) {
    // A template (the function's code with ${var.not_found_mode}) is interpolated the same in a heredoc.
    if (value.endsWith('\n')) return { ...node, value: value.slice(0, value.endsWith('\r\n') ? -2 : -1) };
    if (value.includes('${') || value.includes('%{')) return node;
    // renderAttributes writes a string that starts with a quote as it is.
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
  }
  if (node.type === 'simple' && stringType === 'string' && typeof value === 'string') {
    const escaped = escapeLiteralText(value);
    // The renderer puts a string with "${" between quotes as it is, and writes one that starts with a quote (or a
    // brace: a metric filter pattern) as it is.
    if (escaped !== null) return value.includes('${') ? escaped : `"${escaped}"`;
  }
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, exactStrings(child)]));
}

function fix(render) {
  if (render[FIXED]) return;
  render[FIXED] = true;

  // 1. The same output as cdktf's renderTerraform, with the other members rendered by name and value.
  render.renderTerraform = function renderTerraform(terraform) {
    const parts = [`required_providers {\n${render.renderSimpleAttributes(terraform.required_providers)}\n}`];
    for (const [name, config] of Object.entries(terraform.backend ?? {})) {
      parts.push(`backend "${name}" {\n${render.renderAttributes(config)}\n}`);
    }
    if (terraform.cloud) parts.push(`cloud {\n${render.renderAttributes(terraform.cloud)}\n}`);
    const others = Object.fromEntries(Object.entries(terraform).filter(([key]) => !BLOCKS.includes(key)));
    parts.push(render.renderSimpleAttributes(others));
    return `terraform {\n${parts.join('\n')}\n}`;
  };

  // 2. A lifecycle with conditions goes in as a typed block whose conditions are typed lists of blocks, which
  //    renderAttributes renders as `lifecycle { precondition { ... } }`.
  // 3. depends_on goes in as the HCL list expression of its addresses, which renderAttributes writes as it is.
  const typed = (attributes) => {
    let result = attributes;
    const lifecycle = attributes?.lifecycle;
    if (lifecycle && typeof lifecycle === 'object' && !('value' in lifecycle) && CONDITIONS.some((c) => Array.isArray(lifecycle[c]))) {
      const value = { ...lifecycle };
      for (const condition of CONDITIONS.filter((c) => Array.isArray(lifecycle[c]))) {
        value[condition] = { value: lifecycle[condition], isBlock: true, type: 'list' };
      }
      result = { ...result, lifecycle: { value, isBlock: true } };
    }
    // 5. ignore_changes names attributes; quoted, Terraform warns as for depends_on.
    const ignored = result?.lifecycle?.ignore_changes;
    if (Array.isArray(ignored) && ignored.length > 0 && ignored.every((a) => typeof a === 'string' && ADDRESS.test(a))) {
      result = { ...result, lifecycle: { value: { ...result.lifecycle, ignore_changes: `[${ignored.join(', ')}]` }, isBlock: true } };
    }
    result = exactStrings(result);
    // 7. provider = "aws.us_east_1" (a resource of an aliased provider) is quoted: the same warning as 3. Handed to
    //    the renderer as a simple non-string value, which it writes bare.
    const provider = result?.provider;
    if (typeof provider === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(provider)) {
      result = { ...result, provider: { value: provider, type: 'simple', storageClassType: 'number' } };
    }
    const dependsOn = attributes?.depends_on;
    if (Array.isArray(dependsOn) && dependsOn.length > 0 && dependsOn.every((d) => typeof d === 'string' && ADDRESS.test(d))) {
      result = { ...result, depends_on: `[${dependsOn.join(', ')}]` };
    }
    return result;
  };
  for (const name of ['renderResource', 'renderDatasource']) {
    const original = render[name];
    render[name] = function renderTyped(block) {
      const [type] = Object.keys(block);
      const [id] = Object.keys(block[type]);
      return original({ [type]: { [id]: typed(block[type][id]) } });
    };
  }
}

// 6. An HCL string: the value's "${…}" interpolations kept, quotes, backslashes and line breaks escaped.
function hclString(value) {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

// 6. `check "name" { assert { condition = … error_message = "…" } }`; a condition is one "${expression}".
function renderChecks(checks) {
  return Object.entries(checks).map(([name, check]) => {
    const asserts = (check.assert ?? []).map((a) => {
      const condition = /^\$\{([\s\S]*)\}$/.exec(a.condition);
      if (!condition) throw new Error(`check ${name}: the condition is not one Terraform expression: ${a.condition}`);
      return `  assert {\n    condition = ${condition[1]}\n    error_message = ${hclString(a.error_message)}\n  }`;
    });
    return `\n\ncheck "${name}" {\n${asserts.join('\n')}\n}`;
  }).join('');
}

function fixStack(stackModule) {
  // cdktf's modules require each other in a cycle: terraform-stack.js may come back still loading, before its
  // `exports.TerraformStack = …` line has run. Then the class is fixed when that line assigns it.
  if (typeof stackModule.TerraformStack !== 'function') {
    let value;
    Object.defineProperty(stackModule, 'TerraformStack', {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (assigned) => {
        value = assigned;
        if (typeof assigned === 'function') fixStack({ TerraformStack: assigned });
      },
    });
    return;
  }
  const prototype = stackModule.TerraformStack.prototype;
  if (prototype[FIXED]) return;
  prototype[FIXED] = true;
  const original = prototype.toHclTerraform;
  prototype.toHclTerraform = function toHclTerraformWithChecks() {
    const result = original.call(this);
    const checks = this.rawOverrides?.check;
    return checks ? { ...result, hcl: result.hcl + renderChecks(checks) } : result;
  };
}

exports.install = function install() {
  const load = Module._load;
  Module._load = function loadAndFix(request, parent, ...rest) {
    const loaded = load.call(this, request, parent, ...rest);
    if (typeof request === 'string' && request.endsWith('terraform-stack') &&
        /[\\/]cdktf[\\/]lib[\\/]terraform-stack\.js$/.test(Module._resolveFilename(request, parent))) {
      fixStack(loaded);
    }
    // cdktf's terraform-stack.js requires "./hcl/render"; the resolved file name says it is cdktf's renderer.
    if (typeof request === 'string' && request.endsWith('hcl/render') &&
        /[\\/]cdktf[\\/]lib[\\/]hcl[\\/]render\.js$/.test(Module._resolveFilename(request, parent))) {
      fix(loaded);
    }
    return loaded;
  };
};
