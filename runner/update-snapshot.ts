/**
 * `npm run snapshot`: rewrites runner/kata-snapshot.json from katas/, after a stub, README or
 * given file of a kata has changed. `npm run snapshot -- --check` changes nothing and fails when
 * the snapshot no longer matches katas/ (CI runs it), naming each file that differs.
 *
 * Run it on the katas as they are handed out, never on a learner's work in progress: `reset`
 * restores whatever the snapshot holds.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readManifest } from './manifest.ts';
import { renderSnapshot, snapshotPath } from './snapshot.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ args: process.argv.slice(2), options: { check: { type: 'boolean', default: false } } });
const path = join(root, snapshotPath);
const katas = readManifest(root);
const fresh = renderSnapshot(root, katas);
const stored = existsSync(path) ? readFileSync(path, 'utf8') : '{}\n';
const files = Object.values(JSON.parse(fresh) as object).reduce((count: number, kata: object) => count + Object.keys(kata).length, 0);

if (values.check) {
  const drift = differences(JSON.parse(stored), JSON.parse(fresh));
  if (drift.length === 0 && stored === fresh) {
    console.log(`✓ ${snapshotPath} matches katas/ (${files} files)`);
  } else {
    console.log(`✗ ${snapshotPath} does not match katas/, so reset would not restore what the repo hands out:`);
    for (const line of drift.length > 0 ? drift : ['its formatting differs']) console.log(`    ${line}`);
    console.log('  Run npm run snapshot (deno task snapshot) and commit the result.');
    process.exitCode = 1;
  }
} else {
  writeFileSync(path, fresh);
  console.log(`Wrote ${snapshotPath}: ${files} files of ${katas.length} katas as they are in katas/ now`);
}

/** Each file that is new, gone or changed in katas/ since the snapshot was taken. */
function differences(before: Record<string, Record<string, unknown>>, after: Record<string, Record<string, unknown>>): string[] {
  const lines: string[] = [];
  for (const slug of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[slug] ?? {};
    const now = after[slug] ?? {};
    for (const file of new Set([...Object.keys(old), ...Object.keys(now)])) {
      const where = `katas/${slug}/${file}`;
      if (!(file in old)) lines.push(`${where} is new`);
      else if (!(file in now)) lines.push(`${where} is gone`);
      else if (JSON.stringify(old[file]) !== JSON.stringify(now[file])) lines.push(`${where} changed`);
    }
  }
  return lines;
}
