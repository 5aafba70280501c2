// The deploy tests' clone (clone.mjs) as make sees it: its builds are up to date, so what the tests run there (make
// synth for either engine, make serve) runs the app, and restores and rebuilds nothing (issue 21: before, every clone
// restored and rebuilt main/ once per engine, a minute or more each on a loaded machine).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { make, makeClone, removeClone, userEnv } from './clone.mjs';

let dir;
after(() => removeClone(dir));

test('in a clone, make synth (either engine) and make serve build nothing: they run the app as built', () => {
  dir = makeClone('up-to-date');
  const env = userEnv(dir);
  for (const [args, app] of [[['synth'], 'build/main/EdgeRouter.dll'], [['synth', 'ENGINE=cdktn'], 'build/main-cdktn/EdgeRouter.dll'],
    [['serve'], 'build/main/EdgeRouter.dll']]) {
    const run = make(dir, ['-n', ...args], env);
    assert.equal(run.status, 0, run.out);
    const builds = run.stdout.split('\n').filter((l) => /\bdotnet (msbuild|build|publish|restore)(\s|$)|\bnpm ci\b|bindings\/generate/.test(l));
    assert.deepEqual(builds, [], `make ${args.join(' ')} in a clone would build first:\n${builds.join('\n')}`);
    assert.ok(run.stdout.includes(`dotnet ${app}`), `make ${args.join(' ')} runs ${app}:\n${run.stdout}`);
  }
});
