/**
 * `npm run bench [kata...]`: each kata's benchmark, in the order of the manifest. Figures only,
 * never a pass or fail: how fast the references are is a goal to watch, not a test.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../katas.json', import.meta.url), 'utf8')) as { katas: { slug: string }[] };
const chosen = process.argv.slice(2);
const runtime = 'Deno' in globalThis ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}` : `Node ${process.version}`;
console.log(`Benchmarks on ${runtime}\n`);
for (const { slug } of manifest.katas) {
  if (chosen.length > 0 && !chosen.includes(slug)) continue;
  const file = new URL(`./${slug}.ts`, import.meta.url);
  if (!existsSync(file)) continue;
  console.log(`## ${slug}`);
  const { default: bench } = (await import(file.href)) as { default: () => Promise<void> };
  await bench();
  console.log();
}
