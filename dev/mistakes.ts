/**
 * `npm run mistakes [kata...]`: runs each kata's spec against every wrong version in
 * `katas/<kata>/mistakes/` and requires the test named in the file's header to catch it. This is
 * how the repo proves its specs are sharp. Timing tests are left out: a timing test may skip on a
 * busy machine, so it can never be the only catch.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readKatas } from '../lib/katas.ts';
import { runSpecInChild } from './spec-process.ts';

const deadlineMs = 90_000;

interface Job {
  slug: string;
  /** The mistake's path from the repo's root, e.g. `katas/closable-queue/mistakes/busy-polling.ts`. */
  where: string;
  text: string;
}

/**
 * Checks the chosen katas' mistakes, or every kata's, two at a time where the cores allow.
 *
 * @param root The repo's root folder.
 * @param chosen Slugs; empty for every kata.
 * @returns 0 when every mistake is caught by the test it names, 1 otherwise.
 */
export async function checkMistakes(root: string, chosen: readonly string[]): Promise<number> {
  const jobs: Job[] = [];
  for (const { slug } of readKatas(root).filter((kata) => chosen.length === 0 || chosen.includes(kata.slug))) {
    const folder = join(root, 'katas', slug, 'mistakes');
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.ts'))
          .sort()
      : [];
    if (files.length === 0) console.log(`- ${slug}: no mistakes gallery yet`);
    for (const file of files)
      jobs.push({ slug, where: `katas/${slug}/mistakes/${file}`, text: readFileSync(join(folder, file), 'utf8') });
  }
  // Printed in order as they finish.
  const results: { caught: boolean; report: string }[] = new Array(jobs.length);
  let next = 0;
  let printed = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await check(jobs[index]!);
      while (printed < jobs.length && results[printed]) console.log(results[printed++]!.report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, lane));
  const missed = results.filter((result) => !result.caught).length;
  console.log(`\n${jobs.length} mistakes checked, ${jobs.length - missed} caught, ${missed} missed`);
  return missed > 0 ? 1 : 0;
}

/** Runs one mistake and says whether the test its header names caught it. */
async function check({ slug, where, text }: Job): Promise<{ caught: boolean; report: string }> {
  const mistake = /Mistake: (.*)/.exec(text)?.[1]?.trim();
  const caughtBy = /Caught by: (.*)/.exec(text)?.[1]?.trim();
  if (!mistake || !caughtBy)
    return { caught: false, report: `✗ ${where}: the header must say "Mistake: ..." and "Caught by: <test name>"` };
  const run = await runSpecInChild(
    { slug, side: 'solutions', phases: ['fast'] },
    { env: { KATA_MISTAKE: where }, deadlineMs },
  );
  const phase = run.phases[0];
  const failing = (phase?.tests ?? []).filter((test) => test.state === 'failed').map((test) => test.name);
  // A starved event loop stops every test running then; the watchdogs name them all.
  const starved = phase?.starvedIn ?? [];
  failing.push(...starved);
  const others = failing.filter((name) => name !== caughtBy);
  if (failing.includes(caughtBy)) {
    const how = !starved.includes(caughtBy)
      ? ''
      : starved.length === 1
        ? ', which starved the event loop'
        : `, one of the ${starved.length} tests running when an event loop starved`;
    const also = others.length > 0 ? ` (and ${others.length} more)` : '';
    return { caught: true, report: `✓ ${where}\n    ${mistake}\n    caught by "${caughtBy}"${how}${also}` };
  }
  const why = run.timedOut
    ? `the run did not finish within ${deadlineMs / 1000} s`
    : failing.length === 0
      ? 'no test failed'
      : `only these failed: ${failing.map((name) => `"${name}"`).join(', ')}`;
  const crash =
    !phase || phase.tests.length === 0 ? `\n${[...(phase?.loadErrors ?? []), run.stderr.slice(-2000)].join('\n')}` : '';
  return { caught: false, report: `✗ ${where}\n    ${mistake}\n    NOT caught by "${caughtBy}": ${why}${crash}` };
}
