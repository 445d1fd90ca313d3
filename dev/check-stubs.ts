/**
 * `npm run check:stubs [kata...]`: every kata is laid out as its kata.json says, and every stub
 * fails its spec quickly, quietly and only with the stub's "Not implemented yet" line. A test that
 * passes against a stub checks nothing the learner writes (unless it is about given code, and says
 * so with "(given)" in its name); a test that fails for another reason, or an error that escapes
 * the tests, would send the learner the wrong way. Every test, `notImplemented(...)` and `TODO(step
 * N)` must name a step the kata's README has.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutProblems, readKatas, type Kata } from '../lib/katas.ts';
import { readStepNumbers } from '../runner/hints.ts';
import { runSpecInChild } from './spec-process.ts';

const deadlineMs = 90_000;
const notImplementedLine = 'Not implemented yet';

/**
 * Checks the chosen katas' stubs, or every kata's.
 *
 * @param root The repo's root folder.
 * @param chosen Slugs; empty for every kata.
 * @returns 0 when every chosen kata passes, 1 otherwise.
 */
export async function checkStubs(root: string, chosen: readonly string[]): Promise<number> {
  let failed = false;
  for (const kata of readKatas(root).filter(({ slug }) => chosen.length === 0 || chosen.includes(slug))) {
    const steps = readStepNumbers(readFileSync(join(root, 'katas', kata.slug, 'README.md'), 'utf8'));
    const problems = [...layoutProblems(root, kata), ...stepsNamedByStubs(root, kata, steps)];
    const run = await runSpecInChild({ slug: kata.slug, side: 'katas', phases: ['fast', 'timing'] }, { deadlineMs });
    if (run.timedOut) problems.push(`the spec did not finish within ${deadlineMs / 1000} s against the stub`);
    const tests = run.phases.flatMap((phase) => phase.tests);
    if (tests.length === 0) problems.push(`no test ran:\n${run.stderr.slice(-2000)}`);
    for (const phase of run.phases) {
      if (phase.starvedIn) problems.push(`the event loop starved in "${phase.starvedIn}"`);
      for (const error of [...phase.loadErrors, ...phase.escapedErrors]) problems.push(error);
    }
    let toDo = 0;
    let given = 0;
    for (const test of tests) {
      const isGiven = test.name.endsWith('(given)');
      if (test.step === undefined)
        problems.push(`"${test.fullName}" belongs to no step: put it in a describe('step N: ...')`);
      else if (!steps.includes(test.step))
        problems.push(`"${test.fullName}" names step ${test.step}, which the README does not have`);
      if (test.state === 'passed' && isGiven) given++;
      else if (
        test.state === 'failed' &&
        !isGiven &&
        test.messages!.every((message) => message.includes(notImplementedLine))
      )
        toDo++;
      else if (test.state === 'failed')
        problems.push(
          `"${test.name}" failed with something other than "${notImplementedLine}": ${test.messages!.find((message) => !message.includes(notImplementedLine))}`,
        );
      else
        problems.push(
          `"${test.name}" ${test.state} against the stub${isGiven ? '' : ': only tests of given code, named "... (given)", may pass'}`,
        );
    }
    if (toDo === 0) problems.push(`no test failed with "${notImplementedLine}"`);
    if (problems.length > 0) {
      failed = true;
      console.log(`✗ ${kata.slug}:\n${problems.map((problem) => `    ${problem}`).join('\n')}`);
    } else {
      console.log(
        `✓ ${kata.slug}: ${toDo} tests fail with "${notImplementedLine}", ${given} tests of given code pass (${run.seconds.toFixed(1)} s)`,
      );
    }
  }
  return failed ? 1 : 0;
}

/** Problems with the steps that the learner's files name in `notImplemented(...)` and `TODO(step N)`. */
function stepsNamedByStubs(root: string, kata: Kata, steps: readonly number[]): string[] {
  const problems: string[] = [];
  for (const file of kata.files.learner) {
    const text = readFileSync(join(root, 'katas', kata.slug, file), 'utf8');
    for (const [, step] of text.matchAll(/(?:notImplemented\(\s*[`'"]|TODO\()step (\d+)\b/g)) {
      if (!steps.includes(Number(step)))
        problems.push(`katas/${kata.slug}/${file} names step ${step}, which the README does not have`);
    }
  }
  return problems;
}
