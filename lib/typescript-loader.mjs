/**
 * Module hooks for a worker thread on a Node.js that cannot run TypeScript by itself (Node 20):
 * a `.ts` module loads as JavaScript compiled once per content and cached in
 * `node_modules/.cache/typescript-threads/`, so a thread starts without a compiler in the common
 * case. Registered by lib/typescript-worker.ts in each thread it starts. The module keeps its own
 * URL, so `import.meta.url`, relative imports and imports of URLs handed over at run time behave as
 * they do on the main thread.
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cache = new URL('../node_modules/.cache/typescript-threads/', import.meta.url);
/** Part of every cache key: a change in how modules compile must not reuse old output. */
const compileOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
};

/** Node's `load` hook: `.ts` files become their compiled JavaScript; everything else loads as usual. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  return { format: 'module', source: await compiled(url), shortCircuit: true };
}

async function compiled(url) {
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256').update(JSON.stringify(compileOptions)).update(path).update(source).digest('hex');
  const file = new URL(`${key}.js`, cache);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet: compile it now, once; the compiler loads only on a miss.
    const { transform } = await import('esbuild');
    const { code } = await transform(source, { ...compileOptions, sourcefile: path });
    mkdirSync(cache, { recursive: true });
    const partial = new URL(`${key}.${randomUUID()}.tmp`, cache);
    writeFileSync(partial, code);
    renameSync(partial, file); // whole or absent: another thread may read it at any moment
    return code;
  }
}
