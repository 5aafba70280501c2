// The fallback where the Native AOT build is not possible (macOS, Windows, no C toolchain; or LAMBDA_PACKAGE=dotnet10):
// a real synth with the real managed package `make lambda-dotnet10` built, read back from the synthesized JSON.
// No network: nothing here listens.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repo } from './harness.mjs';

const stackJson = process.env.E2E_DOTNET10_STACK ?? path.join(repo, 'build/e2e/dotnet10/stacks/edge-router/cdk.tf.json');
const packageZip = path.join(repo, 'build/lambda/webfinger-router-dotnet10.zip');

test('the managed package: runtime dotnet10, its handler and architecture, the zip itself as the asset', () => {
  const stack = JSON.parse(readFileSync(stackJson, 'utf8'));
  const metadata = JSON.parse(readFileSync(packageZip.replace(/\.zip$/, '.json'), 'utf8'));
  const [fn] = Object.values(stack.resource.aws_lambda_function);
  assert.equal(fn.runtime, 'dotnet10');
  assert.equal(fn.handler, 'bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle');
  assert.deepEqual(fn.architectures, [metadata.architecture]);
  const zip = readFileSync(packageZip);
  assert.equal(fn.source_code_hash, createHash('sha256').update(zip).digest('base64'));
  // The asset CDKTF copied next to the stack is the package, byte for byte.
  assert.match(fn.filename, /^assets\/router_package_[0-9A-F]{8}\/[0-9A-F]{32}\/webfinger-router-dotnet10\.zip$/);
  assert.ok(zip.equals(readFileSync(path.join(path.dirname(stackJson), fn.filename))), 'the asset is not the package');
  // hashicorp/aws validates runtime against its own list: 6.27.0 is the first that has dotnet10. CDKTF's pin (6.25.0)
  // is raised to it; CDK Terrain's (6.66.0, source written out) already has it and stays.
  const expected = process.env.E2E_ENGINE === 'cdktn'
    ? { source: 'hashicorp/aws', version: '6.66.0' }
    : { source: 'aws', version: '6.27.0' };
  assert.deepEqual(stack.terraform.required_providers.aws, expected);
});

test('the managed package holds the assemblies and their runtime configuration, no executable', () => {
  // Central directory file names, in order (lambda/package.sh sorts them).
  const zip = readFileSync(packageZip);
  const names = [];
  for (let i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 46)) {
    names.push(zip.toString('utf8', i + 46, i + 46 + zip.readUInt16LE(i + 28)));
  }
  assert.deepEqual(names, ['WebfingerRouter.dll', 'bootstrap.deps.json', 'bootstrap.dll', 'bootstrap.runtimeconfig.json']);
  const config = JSON.parse(readFileSync(path.join(repo, 'build/lambda/jit/bootstrap.runtimeconfig.json'), 'utf8'));
  assert.equal(config.runtimeOptions.framework?.name ?? config.runtimeOptions.frameworks[0].name, 'Microsoft.NETCore.App');
});
