/**
 * `npm run bench [kata...]`: each kata's benchmark (`katas/<slug>/bench.ts`), in the katas' order.
 * Figures only, never a pass or fail: how fast the references are is a goal to watch, not a test.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readKatas } from '../lib/katas.ts';
import { runtimeName } from '../lib/runtime.ts';

/**
 * Runs the benchmarks of the chosen katas, or of every kata.
 *
 * @param root The repo's root folder.
 * @param chosen Slugs; empty for every kata.
 * @returns 0.
 */
export async function bench(root: string, chosen: readonly string[]): Promise<number> {
  console.log(`Benchmarks on ${runtimeName}\n`);
  for (const { slug } of readKatas(root)) {
    const file = join(root, 'katas', slug, 'bench.ts');
    if ((chosen.length > 0 && !chosen.includes(slug)) || !existsSync(file)) continue;
    console.log(`## ${slug}`);
    const { default: run } = (await import(pathToFileURL(file).href)) as { default: () => Promise<void> };
    await run();
    console.log();
  }
  return 0;
}
