// Helpers for engines.test.mjs: what is set aside before two engines' stacks are compared, a readable
// path-by-path diff, and the resource addresses Terraform keys its state by.

/**
 * A copy of a synthesized stack without what the engine stamps in: the top-level "//" metadata block and the AWS
 * provider's version constraint (both asserted exactly by the tests before they are set aside), with each provider
 * source in its full form (Terraform reads a source without a namespace, "aws", as "hashicorp/aws"; cdktf writes
 * the short form, cdktn the full one). Everything else, including each resource's own "//" (its construct path),
 * is kept.
 */
export function normalize(stack) {
  const copy = structuredClone(stack);
  delete copy['//'];
  for (const provider of Object.values(copy.terraform?.required_providers ?? {})) {
    if (typeof provider.source === 'string' && !provider.source.includes('/')) provider.source = `hashicorp/${provider.source}`;
  }
  if (copy.terraform?.required_providers?.aws) delete copy.terraform.required_providers.aws.version;
  return copy;
}

/** Every place two JSON values differ, as `path: cdktf value <-> cdktn value` lines (empty when equal). */
export function compareStacks(left, right, at = '') {
  const show = (value) => (value === undefined ? '(absent)' : JSON.stringify(value).slice(0, 200));
  const isObject = (value) => value !== null && typeof value === 'object';
  if (isObject(left) && isObject(right) && Array.isArray(left) === Array.isArray(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    return keys.flatMap((key) => {
      const where = at ? `${at}.${key}` : key;
      if (!(key in right)) return [`${where}: only in cdktf: ${show(left[key])}`];
      if (!(key in left)) return [`${where}: only in cdktn: ${show(right[key])}`];
      return compareStacks(left[key], right[key], where);
    });
  }
  return JSON.stringify(left) === JSON.stringify(right) ? [] : [`${at}: ${show(left)} <-> ${show(right)}`];
}

/** The stack's resource and data source addresses (`aws_s3_bucket.site`, `data.aws_iam_policy_document.x`), sorted. */
export function addresses(stack) {
  const of = (block, prefix) => Object.entries(block ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(stack.resource, ''), ...of(stack.data, 'data.')].sort();
}
