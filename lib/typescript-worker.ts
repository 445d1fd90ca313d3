/**
 * Starts worker threads from TypeScript modules in every supported runtime.
 *
 * Deno, and Node.js from 22.18, run a `.ts` module as it is. Node 20 cannot, so its threads first
 * register lib/typescript-loader.mjs, which loads each `.ts` module as JavaScript compiled once and
 * cached: a thread starts in tens of milliseconds, not the hundreds a full TypeScript loader costs.
 *
 * @module
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { isDeno } from './runtime.ts';
import { mutationPrelude } from './thread-mutants.ts';

/** Whether this runtime loads `.ts` modules by itself. */
const runsTypeScript = isDeno || Boolean((process.features as { typescript?: string | false }).typescript);
/** The hooks a Node 20 thread registers before it imports its module. */
const typescriptLoader = new URL('./typescript-loader.mjs', import.meta.url).href;

/**
 * Starts a worker thread that runs the TypeScript (or JavaScript) module at `moduleUrl`.
 *
 * @param moduleUrl A `file:` URL of the module, for example `new URL('./job.ts', import.meta.url)`.
 * @param options Passed to `Worker` as they are (`workerData`, `stdout`, ...), minus `eval`.
 * @returns The started worker; the caller owns it and must `terminate()` it or let it end.
 * @throws {TypeError} When `moduleUrl` is not a `file:` URL.
 * @example Run a module in a worker
 * ```ts
 * const worker = startTypeScriptWorker(new URL('./job.ts', import.meta.url), { workerData: 42 });
 * worker.once('message', (answer) => console.log(answer));
 * ```
 */
export function startTypeScriptWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!(moduleUrl instanceof URL) || moduleUrl.protocol !== 'file:') {
    throw new TypeError(`Cannot start worker: the module must be a file: URL, received ${String(moduleUrl)}`);
  }
  const prelude = mutationPrelude();
  if (runsTypeScript && prelude === '') return new Worker(moduleUrl, options);
  const load = runsTypeScript
    ? `import(${JSON.stringify(moduleUrl.href)})`
    : `process.setSourceMapsEnabled(true);
import('node:module')
  .then(({ register }) => register(${JSON.stringify(typescriptLoader)}))
  .then(() => import(${JSON.stringify(moduleUrl.href)}));`;
  return new Worker(`${prelude}${load}`, { ...options, eval: true });
}
