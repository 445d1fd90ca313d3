#!/usr/bin/env node
// `npm run mistakes [kata...]`: runs each kata's spec against every wrong version in
// mistakes/<kata>/ and requires the test named in the file's header to catch it. This is how the
// repo proves its specs are sharp. Timing tests are left out: a timing test may skip on a busy
// machine, so it can never be the only catch.
import { readdirSync, readFileSync } from 'node:fs';
import { katas, runSpec } from './run-spec.mjs';

const deadlineMs = 90_000;
const chosen = process.argv.slice(2);
const slugs = katas().map((kata) => kata.slug).filter((slug) => chosen.length === 0 || chosen.includes(slug));
let failed = false;
let count = 0;

for (const slug of slugs) {
  const folder = new URL(`../mistakes/${slug}/`, import.meta.url);
  let files = [];
  try {
    files = readdirSync(folder).filter((name) => name.endsWith('.ts')).sort();
  } catch {
    console.log(`- ${slug}: no mistakes gallery yet`);
    continue;
  }
  for (const file of files) {
    count++;
    const text = readFileSync(new URL(file, folder), 'utf8');
    const mistake = /Mistake: (.*)/.exec(text)?.[1]?.trim();
    const caughtBy = /Caught by: (.*)/.exec(text)?.[1]?.trim();
    const where = `mistakes/${slug}/${file}`;
    if (!mistake || !caughtBy) {
      failed = true;
      console.log(`✗ ${where}: the header must say "Mistake: ..." and "Caught by: <test name>"`);
      continue;
    }
    const run = await runSpec({ kata: slug, projects: ['solutions'], env: { KATA_MISTAKE: where }, deadlineMs });
    const failing = run.tests.filter((test) => test.status === 'failed').map((test) => test.name);
    if (run.starvedIn) failing.push(run.starvedIn);
    const named = failing.includes(caughtBy);
    const others = failing.filter((name) => name !== caughtBy);
    if (named) {
      const also = others.length > 0 ? ` (${others.length} more failing: ${others.map((name) => `"${name}"`).join(', ')})` : '';
      const how = run.starvedIn === caughtBy ? ', which starved the event loop' : '';
      console.log(`✓ ${where}\n    ${mistake}\n    caught by "${caughtBy}"${how}${also}`);
    } else {
      failed = true;
      const why = run.timedOut ? `the run did not finish within ${deadlineMs / 1000} s` : failing.length === 0 ? 'no test failed' : `only these failed: ${failing.map((name) => `"${name}"`).join(', ')}`;
      console.log(`✗ ${where}\n    ${mistake}\n    NOT caught by "${caughtBy}": ${why}`);
      if (run.tests.length === 0) console.log(run.stderr.slice(-2000));
    }
  }
}
console.log(`\n${count} mistakes checked`);
process.exitCode = failed ? 1 : 0;
