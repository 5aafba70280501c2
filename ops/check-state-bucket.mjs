#!/usr/bin/env node
// Reads every Terraform state file in a state bucket, the way make destroy STACK=state must before it deletes the
// bucket: the current version of each `*.tfstate` object (every environment's edge stack, every workspace, any other
// project's state kept there) must parse as a Terraform state and hold no managed resource, and no `*.tflock` may
// exist (a terraform run holds the state right now), and nothing else may be in it (another project's objects); a
// state file deleted whose last version holds a resource is refused too. Anything it cannot read is a refusal, never a pass: deleting
// the bucket under a live stack loses the only record of what that stack made.
//
// Uses the AWS CLI (your credentials and region; AWS_ENDPOINT_URL for an emulator), with arguments passed as an
// array: no key or bucket name is ever shell syntax.
//
//   node ops/check-state-bucket.mjs BUCKET
//
// Exit codes: 0 no state in it holds a resource (it says how many state files it read); 1 a refusal (it says why,
// one line per state file or problem); 3 the bucket does not exist (404: deleted already); 64 usage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [bucket, ...rest] = process.argv.slice(2);
if (!bucket || rest.length > 0) {
  console.error('usage: node ops/check-state-bucket.mjs BUCKET');
  process.exit(64);
}
const say = (line) => console.log(`check-state-bucket: ${line}`);
const refuse = (line) => console.error(`check-state-bucket: ${line}`);

function aws(args) {
  const result = spawnSync('aws', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    refuse(`cannot run the AWS CLI (aws ${args.slice(0, 2).join(' ')}): ${result.error.message}`);
    process.exit(1);
  }
  return { code: result.status, out: result.stdout ?? '', err: (result.stderr ?? '').trim() };
}

// Every key, all pages (the CLI follows the continuation tokens itself). NoSuchBucket (404) is "gone"; AccessDenied
// (another account's bucket, or no permission) and anything else is "cannot tell": a refusal.
const listed = aws(['s3api', 'list-objects-v2', '--bucket', bucket, '--output', 'json']);
if (listed.code !== 0) {
  if (/NoSuchBucket|\(404\)|Not Found/.test(listed.err)) {
    say(`s3://${bucket} does not exist (deleted already)`);
    process.exit(3);
  }
  refuse(`cannot list s3://${bucket}: ${listed.err.split('\n').at(-1)}`);
  process.exit(1);
}
let keys;
try {
  keys = (JSON.parse(listed.out || '{}').Contents ?? []).map((o) => o.Key);
} catch {
  refuse(`the listing of s3://${bucket} is not JSON`);
  process.exit(1);
}

const problems = [];
let read = 0;
for (const key of keys) {
  if (key.endsWith('.tflock')) {
    problems.push(`s3://${bucket}/${key}: a terraform run holds this state's lock right now; let it finish (or, if it crashed, terraform force-unlock), then run this again`);
    continue;
  }
  if (!/\.tfstate$/.test(key)) {
    // Not a state file: someone else's object (a bucket shared with another project?). Deleting the bucket would
    // take it too, so it is never this script's call.
    problems.push(`s3://${bucket}/${key}: not a Terraform state file; this bucket holds more than this project's state: move or delete it by hand first`);
    continue;
  }
  const got = aws(['s3', 'cp', `s3://${bucket}/${key}`, '-']);
  if (got.code !== 0) {
    problems.push(`s3://${bucket}/${key}: cannot be read (${got.err.split('\n').at(-1)})`);
    continue;
  }
  let state;
  try {
    state = JSON.parse(got.out);
  } catch {
    problems.push(`s3://${bucket}/${key}: not a Terraform state (not JSON); it may be the only record of a stack: save it, then delete it by hand if you are sure`);
    continue;
  }
  if (typeof state !== 'object' || state === null || typeof state.version !== 'number' || !Array.isArray(state.resources ?? [])) {
    problems.push(`s3://${bucket}/${key}: not a Terraform state (no version, or resources is not a list)`);
    continue;
  }
  read += 1;
  const managed = (state.resources ?? [])
    .filter((r) => r?.mode === 'managed' && (r.instances ?? []).length > 0)
    .map((r) => `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`);
  if (managed.length > 0) {
    problems.push(`s3://${bucket}/${key}: holds ${managed.length} resource${managed.length > 1 ? 's' : ''} (${managed.slice(0, 5).join(', ')}${managed.length > 5 ? ', …' : ''}): take that stack down first (make destroy, ENV=… for each environment)`);
  }
}
// A state file deleted (its newest version a delete marker: `aws s3 rm` by mistake, a hand-made migration) is not in
// the listing above, but its last version may be the only record of a stack that still runs: deleting the bucket
// would take that version with it. The versions are read only for such keys; a noncurrent version of a state that
// still exists is history (its current version was read above).
const versions = aws(['s3api', 'list-object-versions', '--bucket', bucket, '--output', 'json']);
if (versions.code !== 0) {
  refuse(`cannot list the versions in s3://${bucket}: ${versions.err.split('\n').at(-1)}`);
  process.exit(1);
}
let listing;
try {
  listing = JSON.parse(versions.out || '{}');
} catch {
  refuse(`the version listing of s3://${bucket} is not JSON`);
  process.exit(1);
}
const deletedStates = (listing.DeleteMarkers ?? []).filter((m) => m.IsLatest && /\.tfstate$/.test(m.Key)).map((m) => m.Key);
for (const key of deletedStates) {
  const last = (listing.Versions ?? []).filter((v) => v.Key === key)
    .sort((a, b) => Date.parse(b.LastModified) - Date.parse(a.LastModified))[0];
  if (!last) continue;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'check-state-bucket-'));
  try {
    const file = path.join(dir, 'state');
    const got = aws(['s3api', 'get-object', '--bucket', bucket, '--key', key, '--version-id', last.VersionId, file]);
    let state;
    try {
      state = got.code === 0 ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    } catch {
      state = undefined;
    }
    const managed = Array.isArray(state?.resources) ? state.resources.filter((r) => r?.mode === 'managed' && (r.instances ?? []).length > 0) : undefined;
    if (managed === undefined) {
      problems.push(`s3://${bucket}/${key}: deleted, and its last version (${last.VersionId}) cannot be read as a Terraform state; it may be the only record of a stack: look at it before deleting the bucket`);
    } else if (managed.length > 0) {
      problems.push(`s3://${bucket}/${key}: deleted, but its last version (${last.VersionId}) holds ${managed.length} resource${managed.length > 1 ? 's' : ''} ` +
        `(${managed.slice(0, 5).map((r) => `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`).join(', ')}${managed.length > 5 ? ', …' : ''}): the only record of a stack that may still run: ` +
        `restore it (aws s3api copy-object --bucket ${bucket} --key ${key} --copy-source '${bucket}/${key}?versionId=${last.VersionId}') and take that stack down first, or delete that version by hand if you are sure`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (problems.length > 0) {
  for (const p of problems) refuse(p);
  process.exit(1);
}
say(`s3://${bucket}: ${read} state file${read === 1 ? '' : 's'} read, none holds a resource`);
