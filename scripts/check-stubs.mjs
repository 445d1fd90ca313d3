#!/usr/bin/env node
// `npm run check:stubs [kata...]`: every kata stub must fail its spec quickly, and only with the
// stub's "Not implemented yet" message. A test that passes against a stub checks nothing the
// learner writes (unless it is about given code, and says so with "(given)" in its name); a test
// that fails for another reason would send the learner the wrong way.
import { existsSync } from 'node:fs';
import { katas, runSpec } from './run-spec.mjs';

const deadlineMs = 60_000;
const chosen = process.argv.slice(2);
const slugs = katas().map((kata) => kata.slug).filter((slug) => chosen.length === 0 || chosen.includes(slug));
let failed = false;

for (const slug of slugs) {
  if (!existsSync(new URL(`../katas/${slug}/${slug}.ts`, import.meta.url))) {
    console.log(`- ${slug}: not written yet, skipped`);
    continue;
  }
  const run = await runSpec({ kata: slug, projects: ['katas', 'katas:timing'], deadlineMs });
  const problems = [];
  if (run.timedOut) problems.push(`the spec did not finish within ${deadlineMs / 1000} s against the stub`);
  if (run.starvedIn) problems.push(`the event loop starved in "${run.starvedIn}"`);
  if (run.tests.length === 0) problems.push(`no test ran:\n${run.stderr.slice(-2000)}`);
  let toDo = 0;
  let given = 0;
  for (const test of run.tests) {
    const isGiven = test.name.endsWith('(given)');
    if (test.status === 'passed' && isGiven) given++;
    else if (test.status === 'failed' && !isGiven && test.messages.length > 0 && test.messages.every((m) => m.includes('Not implemented yet'))) toDo++;
    else if (test.status === 'failed') problems.push(`"${test.name}" failed with something other than "Not implemented yet": ${test.messages[0]?.split('\n')[0]}`);
    else problems.push(`"${test.name}" ${test.status} against the stub${isGiven ? '' : ': only tests of given code, named "... (given)", may pass'}`);
  }
  if (toDo === 0) problems.push('no test failed with "Not implemented yet"');
  if (problems.length > 0) {
    failed = true;
    console.log(`✗ ${slug}:\n${problems.map((problem) => `    ${problem}`).join('\n')}`);
  } else {
    console.log(`✓ ${slug}: ${toDo} tests fail with "Not implemented yet", ${given} tests of given code pass (${run.seconds.toFixed(1)} s)`);
  }
}
process.exitCode = failed ? 1 : 0;
