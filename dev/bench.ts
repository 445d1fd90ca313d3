/**
 * `npm run bench [kata...]`: what a thread start costs, then each kata's own benchmark
 * (`katas/<slug>/bench.ts`), in the katas' order, then how long each kata's fast phase takes (the
 * tests a save in `npm run kata` runs, against the reference). Figures only, never a pass or
 * fail: how fast the references and the specs are is a goal to watch, not a test.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readKatas } from '../lib/katas.ts';
import { runtimeName } from '../lib/runtime.ts';
import { SpecRunner } from '../runner/spec-runner.ts';
import { threadStart } from './thread-start.ts';

/**
 * Runs the benchmarks of the chosen katas, or of every kata, then times their fast phases.
 *
 * @param root The repo's root folder.
 * @param chosen Slugs; empty for every kata.
 * @returns 0, or 1 when a kata's fast phase does not pass against the reference.
 */
export async function bench(root: string, chosen: readonly string[]): Promise<number> {
  console.log(`Benchmarks on ${runtimeName}\n`);
  console.log('## worker threads');
  await threadStart();
  console.log();
  const slugs = readKatas(root)
    .map(({ slug }) => slug)
    .filter((slug) => chosen.length === 0 || chosen.includes(slug));
  // Every benchmark runs before the first spec run: the heap a spec run leaves in this process
  // slows some contenders more than others (an object-mode stream more than a queue).
  for (const slug of slugs) {
    const file = join(root, 'katas', slug, 'bench.ts');
    if (!existsSync(file)) continue;
    console.log(`## ${slug}`);
    const { default: run } = (await import(pathToFileURL(file).href)) as { default: () => Promise<void> };
    await run();
    console.log();
  }
  console.log('## fast phase of each kata: a save in npm run kata, against the reference');
  const runner = new SpecRunner(root, { side: 'solutions' });
  let failed = false;
  try {
    const width = Math.max(...slugs.map((slug) => slug.length));
    for (const slug of slugs) failed = !(await fastPhase(runner, slug, width)) || failed;
  } finally {
    await runner.close();
  }
  return failed ? 1 : 0;
}

/**
 * Times the kata's fast phase against the reference, as the learner's loop runs it: once as the
 * loop's first run, then twice more as saves; prints the quicker save and the first run on one
 * line, after the slug padded to `width`.
 *
 * @returns Whether every run passed.
 */
async function fastPhase(runner: SpecRunner, slug: string, width: number): Promise<boolean> {
  const seconds: number[] = [];
  let passed = true;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const { tests, loadErrors, escapedErrors } = await runner.run(slug, 'fast');
    seconds.push((performance.now() - started) / 1000);
    const failures = tests.filter((test) => test.state === 'failed').length + loadErrors.length + escapedErrors.length;
    if (failures > 0) {
      console.log(`${slug}: ${failures} failure(s) against the reference; its time means nothing`);
      passed = false;
    }
  }
  const [first, ...saves] = seconds as [number, ...number[]];
  console.log(`${slug.padEnd(width)} ${Math.min(...saves).toFixed(1)} s (the loop's first run ${first.toFixed(1)} s)`);
  return passed;
}
