/**
 * Where `#kata/<slug>/<file>` points: the one rule, used by vitest.config.ts to resolve the specs'
 * imports and by specs that hand a kata module to a worker thread, which loads it without Vitest.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kataPath, readKata, type Side } from '../../lib/katas.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The URL of a kata file on one side. `KATA_MISTAKE=katas/<slug>/mistakes/<name>.ts` swaps that
 * file in for the kata's main module (`<slug>.ts`); the mistakes check uses it.
 *
 * @param side `'katas'` or `'solutions'`.
 * @param slug The kata, e.g. `'locking-counter'`.
 * @param file The file in the kata's folder, e.g. `'locking-counter.ts'`.
 * @returns A `file:` URL, or `undefined` when no such file exists.
 */
export function kataFile(side: Side, slug: string, file: string): URL | undefined {
  const mistake = process.env.KATA_MISTAKE;
  if (mistake && mistake.split('/')[1] === slug && file === `${slug}.ts`) return pathToFileURL(join(root, mistake));
  if (!existsSync(join(root, 'katas', slug, 'kata.json'))) return undefined;
  const path = kataPath(root, side, readKata(root, slug), file);
  return existsSync(path) ? pathToFileURL(path) : undefined;
}

/**
 * The URL of a kata file on the side the running test is bound to, for a worker thread to import.
 *
 * @param projectName The running test's project, `context.task.file.projectName`.
 * @throws {Error} When the project is not bound to a side, or the file does not exist.
 */
export function kataFileUrl(projectName: string | undefined, slug: string, file: string): string {
  const side = projectName?.split(':')[0];
  const url = side === 'katas' || side === 'solutions' ? kataFile(side, slug, file) : undefined;
  if (!url) throw new Error(`Cannot find ${slug}/${file} for the project ${String(projectName)}`);
  return url.href;
}
