/**
 * `npm run snapshot`: rewrites what is derived from the kata folders, after a kata was added or a
 * stub, kata.json or README changed: runner/kata-snapshot.json (the learner's files as handed out,
 * which `reset` restores) and the kata table of the top-level README. `npm run snapshot -- --check`
 * changes nothing and fails when either no longer matches the kata folders (CI runs it), naming each
 * difference.
 *
 * Run it on the katas as they are handed out, never on a learner's work in progress: `reset`
 * restores whatever the snapshot holds.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKatas, type Kata } from '../lib/katas.ts';
import { renderSnapshot, snapshotPath } from '../runner/snapshot.ts';

const readme = 'README.md';
const tableStart = '<!-- katas:start -->\n';
const tableEnd = '<!-- katas:end -->';

/**
 * Writes the derived files, or checks them.
 *
 * @param root The repo's root folder.
 * @param check Only compare, and fail on any difference.
 * @returns 0, or 1 when checking found a difference.
 */
export function snapshot(root: string, check: boolean): number {
  const katas = readKatas(root);
  const snapshotFile = join(root, snapshotPath);
  const freshSnapshot = renderSnapshot(root, katas);
  const storedSnapshot = existsSync(snapshotFile) ? readFileSync(snapshotFile, 'utf8') : '{}\n';
  const readmeFile = join(root, readme);
  const storedReadme = readFileSync(readmeFile, 'utf8');
  const freshReadme = withTable(storedReadme, katas);
  const files = Object.values(JSON.parse(freshSnapshot) as object).reduce(
    (count: number, kata: object) => count + Object.keys(kata).length,
    0,
  );
  if (!check) {
    writeFileSync(snapshotFile, freshSnapshot);
    writeFileSync(readmeFile, freshReadme);
    console.log(
      `Wrote ${snapshotPath} (${files} learner's files of ${katas.length} katas) and the kata table of ${readme}`,
    );
    return 0;
  }
  const drift = differences(JSON.parse(storedSnapshot), JSON.parse(freshSnapshot));
  if (drift.length === 0 && storedSnapshot !== freshSnapshot) drift.push(`${snapshotPath}: its formatting differs`);
  if (storedReadme !== freshReadme) drift.push(`${readme}: the kata table does not match the katas' kata.json files`);
  if (drift.length === 0) {
    console.log(`✓ ${snapshotPath} (${files} files) and the kata table of ${readme} match the kata folders`);
    return 0;
  }
  console.log(
    '✗ What is derived from the kata folders is out of date, so reset or the README would say something else:',
  );
  for (const line of drift) console.log(`    ${line}`);
  console.log('  Run npm run snapshot (deno task snapshot) and commit the result.');
  return 1;
}

/** The README with its kata table rewritten between the markers. */
function withTable(text: string, katas: readonly Kata[]): string {
  const start = text.indexOf(tableStart);
  const end = text.indexOf(tableEnd);
  if (start < 0 || end < start)
    throw new TypeError(
      `Cannot write the kata table: ${readme} must hold the markers ${tableStart.trim()} and ${tableEnd}, received none`,
    );
  const rows = katas.map(
    (kata, index) =>
      `| ${index + 1} | [${kata.slug}](katas/${kata.slug}/README.md) | ${kata.builds} | ${kata.learns} | ${kata.book} |`,
  );
  const table = ['| # | kata | what you build | what you learn | from |', '|---|---|---|---|---|', ...rows].join('\n');
  return `${text.slice(0, start + tableStart.length)}${table}\n${text.slice(end)}`;
}

/** Each learner's file that is new, gone or changed since the snapshot was taken. */
function differences(
  before: Record<string, Record<string, unknown>>,
  after: Record<string, Record<string, unknown>>,
): string[] {
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
