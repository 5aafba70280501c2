// The same C# app on both CDK engines (issue 15): the stacks CDK for Terraform (cdktf) and CDK Terrain (cdktn)
// write must be the same Terraform, except for what the engine itself stamps in:
//   - the top-level "//" metadata block (metadata.version is the engine's version);
//   - terraform.required_providers.aws: its version is the hashicorp/aws version each provider package was
//     generated from, and its source is written "aws" by cdktf and "hashicorp/aws" by cdktn, which Terraform reads
//     as the same provider (a source without a namespace means hashicorp/). Both are asserted exactly below, then
//     the version is set aside and the source compared in its full form.
// Everything else is compared whole, and so are the resource addresses, which is what Terraform keys its state by:
// equal addresses mean a switch of engine plans no create, destroy or move.
//
// `make test-engines` synthesizes both into $ENGINES_OUT/<engine>.out first (the same source tree, built twice).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { addresses, compareStacks, normalize } from './stack-compare.mjs';

const repo = path.resolve(import.meta.dirname, '..', '..');
const out = process.env.ENGINES_OUT ?? path.join(repo, 'build', 'engines');
const stacks = ['edge-router-state', 'edge-router'];
// The hashicorp/aws version each engine's provider bindings were generated from, and how each writes its source.
const aws = { cdktf: { source: 'aws', version: '6.25.0' }, cdktn: { source: 'hashicorp/aws', version: '6.66.0' } };
const engineVersion = { cdktf: '0.21.0', cdktn: '0.24.0' };

const read = (engine, stack) => {
  const file = path.join(out, `${engine}.out`, 'stacks', stack, 'cdk.tf.json');
  assert.ok(fs.existsSync(file), `${file} is missing: run \`make test-engines\` (it synthesizes both engines first)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
};

for (const stack of stacks) {
  describe(`${stack}: cdktf and cdktn write the same stack`, () => {
    const cdktf = read('cdktf', stack);
    const cdktn = read('cdktn', stack);

    it('each engine stamps its own version in the metadata, and nothing else differs there', () => {
      assert.equal(cdktf['//'].metadata.version, engineVersion.cdktf);
      assert.equal(cdktn['//'].metadata.version, engineVersion.cdktn);
      const strip = (doc) => ({ ...doc['//'], metadata: { ...doc['//'].metadata, version: undefined } });
      assert.deepEqual(strip(cdktn), strip(cdktf));
    });

    it("each engine pins the AWS provider version its bindings were generated from", () => {
      for (const [engine, doc] of [['cdktf', cdktf], ['cdktn', cdktn]]) {
        assert.deepEqual(doc.terraform.required_providers, { aws: aws[engine] });
      }
    });

    it('the rest of the JSON is equal, value for value', () => {
      const differences = compareStacks(normalize(cdktf), normalize(cdktn));
      assert.ok(differences.length === 0,
        `the stacks differ in ${differences.length} place(s) (cdktf <-> cdktn):\n${differences.join('\n')}`);
    });

    it('the same resource addresses: Terraform state needs no change', () => {
      const expected = addresses(cdktf);
      assert.ok(expected.length > 0, 'no resources found: the comparison would prove nothing');
      assert.deepEqual(addresses(cdktn), expected);
    });
  });
}

describe('the same files beside each stack (the router zip as an asset)', () => {
  const list = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map(String).filter((f) => f !== 'cdk.tf.json').sort();
  for (const stack of stacks) {
    it(stack, () => {
      const dirs = ['cdktf', 'cdktn'].map((engine) => path.join(out, `${engine}.out`, 'stacks', stack));
      const [left, right] = dirs.map(list);
      assert.deepEqual(right, left);
      for (const file of left) {
        assert.ok(fs.readFileSync(path.join(dirs[0], file)).equals(fs.readFileSync(path.join(dirs[1], file))), file);
      }
    });
  }
});

describe('the comparison itself can fail', () => {
  const base = read('cdktf', 'edge-router');

  it('finds a changed value and names its path', () => {
    const changed = structuredClone(base);
    changed.resource.aws_cloudfront_distribution.distribution.price_class = 'PriceClass_All';
    const differences = compareStacks(normalize(base), normalize(changed));
    assert.equal(differences.length, 1);
    assert.match(differences[0], /^resource\.aws_cloudfront_distribution\.distribution\.price_class: /);
  });

  it('finds a renamed resource, as an address that is gone and one that is new', () => {
    const renamed = structuredClone(base);
    const buckets = renamed.resource.aws_s3_bucket;
    const [name] = Object.keys(buckets);
    buckets[`${name}_renamed`] = buckets[name];
    delete buckets[name];
    assert.notDeepEqual(addresses(renamed), addresses(base));
    assert.ok(compareStacks(normalize(base), normalize(renamed)).some((d) => d.includes('only in cdktf')));
  });

  it('does not set aside a difference in the backend', () => {
    const moved = structuredClone(base);
    moved.terraform.backend.s3.key = 'elsewhere.tfstate';
    assert.equal(compareStacks(normalize(base), normalize(moved)).length, 1);
  });

  it('reads "aws" and "hashicorp/aws" as one provider source, and another namespace as another provider', () => {
    const qualified = structuredClone(base);
    qualified.terraform.required_providers.aws.source = 'hashicorp/aws';
    assert.deepEqual(compareStacks(normalize(base), normalize(qualified)), []);
    const fork = structuredClone(base);
    fork.terraform.required_providers.aws.source = 'someone-else/aws';
    assert.equal(compareStacks(normalize(base), normalize(fork)).length, 1);
  });
});
