/**
 * Starts worker threads from TypeScript modules in every supported runtime.
 *
 * Deno runs a `.ts` worker as it is. Node (20 and later) cannot load TypeScript in a worker by
 * itself, so the worker first registers tsx's loader and then imports the module.
 *
 * @module
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { isDeno } from './runtime.ts';

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
  if (isDeno) return new Worker(moduleUrl, options);
  const bootstrap = `import(${JSON.stringify(registerTsx)}).then(() => import(${JSON.stringify(moduleUrl.href)}));`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The script that registers tsx's loader, found beside this file so the worker's working folder does not matter. */
const registerTsx = new URL('./register-tsx.mjs', import.meta.url).href;
