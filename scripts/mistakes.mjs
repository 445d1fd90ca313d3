#!/usr/bin/env node
// `npm run mistakes [kata...]`: runs each kata's spec against every wrong version in
// mistakes/<kata>/ and requires the test named in the file's header to catch it. This is how the
// repo proves its specs are sharp. Timing tests are left out: a timing test may skip on a busy
// machine, so it can never be the only catch.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { katas, runSpec } from './run-spec.mjs';

const deadlineMs = 90_000;
const chosen = process.argv.slice(2);
const slugs = katas().map((kata) => kata.slug).filter((slug) => chosen.length === 0 || chosen.includes(slug));

const jobs = [];
for (const slug of slugs) {
  const folder = new URL(`../mistakes/${slug}/`, import.meta.url);
  let files = [];
  try {
    files = readdirSync(folder).filter((name) => name.endsWith('.ts')).sort();
  } catch {
    console.log(`- ${slug}: no mistakes gallery yet`);
  }
  for (const file of files) jobs.push({ slug, file, text: readFileSync(new URL(file, folder), 'utf8') });
}

/** Runs one mistake and returns its verdict as lines of text, and whether it was caught. */
async function check({ slug, file, text }) {
  const where = `mistakes/${slug}/${file}`;
  const mistake = /Mistake: (.*)/.exec(text)?.[1]?.trim();
  const caughtBy = /Caught by: (.*)/.exec(text)?.[1]?.trim();
  if (!mistake || !caughtBy) return { caught: false, report: `✗ ${where}: the header must say "Mistake: ..." and "Caught by: <test name>"` };
  const run = await runSpec({ kata: slug, projects: ['solutions'], env: { KATA_MISTAKE: where }, deadlineMs });
  const failing = run.tests.filter((test) => test.status === 'failed').map((test) => test.name);
  if (run.starvedIn) failing.push(run.starvedIn);
  const others = failing.filter((name) => name !== caughtBy);
  if (failing.includes(caughtBy)) {
    const how = run.starvedIn === caughtBy ? ', which starved the event loop' : '';
    const also = others.length > 0 ? ` (and ${others.length} more)` : '';
    return { caught: true, report: `✓ ${where}\n    ${mistake}\n    caught by "${caughtBy}"${how}${also}` };
  }
  const why = run.timedOut ? `the run did not finish within ${deadlineMs / 1000} s` : failing.length === 0 ? 'no test failed' : `only these failed: ${failing.map((name) => `"${name}"`).join(', ')}`;
  const crash = run.tests.length === 0 ? `\n${run.stderr.slice(-2000)}` : '';
  return { caught: false, report: `✗ ${where}\n    ${mistake}\n    NOT caught by "${caughtBy}": ${why}${crash}` };
}

// Two at a time on a machine that has the cores, printed in order as they finish.
const results = new Array(jobs.length);
let next = 0;
let printed = 0;
async function lane() {
  while (next < jobs.length) {
    const index = next++;
    results[index] = await check(jobs[index]);
    while (printed < jobs.length && results[printed]) console.log(results[printed++].report);
  }
}
await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, lane));

const missed = results.filter((result) => !result.caught).length;
console.log(`\n${jobs.length} mistakes checked, ${jobs.length - missed} caught, ${missed} missed`);
process.exitCode = missed > 0 ? 1 : 0;
