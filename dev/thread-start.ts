/**
 * What starting a worker thread costs: from `startTypeScriptWorker` to the thread's first message,
 * for a TypeScript module, next to a plain JavaScript module started with `new Worker`.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../lib/typescript-worker.ts';

const typescriptThread = new URL('./fixtures/ready-thread.ts', import.meta.url);
const javascriptThread = new URL('./fixtures/ready-thread.mjs', import.meta.url);

/** Milliseconds from start to the thread's first message, median of `starts` starts. */
async function medianStart(start: () => Worker, starts = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const started = performance.now();
    const thread = start();
    await new Promise((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
    });
    times.push(performance.now() - started);
    await thread.terminate();
  }
  return times.sort((a, b) => a - b)[Math.floor(starts / 2)]!;
}

/** Prints the median start of a TypeScript thread and of a JavaScript one. */
export async function threadStart(): Promise<void> {
  await medianStart(() => startTypeScriptWorker(typescriptThread), 1); // compiles on a first run, if ever
  const typescript = await medianStart(() => startTypeScriptWorker(typescriptThread));
  const javascript = await medianStart(() => new Worker(javascriptThread));
  console.log(`thread start, TypeScript module (startTypeScriptWorker): ${typescript.toFixed(0)} ms (median)`);
  console.log(`thread start, JavaScript module (new Worker):            ${javascript.toFixed(0)} ms (median)`);
}
