/**
 * A fixed-size pool of worker threads that run the default export of one module, task after task.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { notImplemented } from '../../lib/not-implemented.ts';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';

/** The code each thread runs (write it in step 3); start it with `startTypeScriptWorker(threadModule, { workerData })`. */
const threadModule = new URL('./pool-thread.ts', import.meta.url);
const readme = 'katas/worker-factorization/README.md';

/** Options of `WorkerPool.run`. */
export interface RunOptions {
  /** Aborting it takes a waiting task out of the queue, or stops a running one and replaces its thread. */
  signal?: AbortSignal;
}

/**
 * Runs tasks on up to `threads` worker threads, each loading the module at `moduleUrl` and calling
 * its default export, `(input: I) => O | Promise<O>`, for every task it is given.
 *
 * Guarantees:
 * - At most `threads` tasks run at once, one per thread; threads start when tasks need them.
 * - While every thread is busy, tasks wait and start first come, first served.
 * - A task whose function throws (or rejects) rejects its own `run()` with that error; its thread
 *   serves the next task.
 * - An input or output that cannot be cloned (a function, say) rejects its own `run()`; the thread
 *   serves the next task.
 * - A thread that dies (`process.exit`, a crash), even while idle, rejects the task it was running,
 *   if any, with an error that says so (after a crash, its `cause` is the thread's uncaught error),
 *   and a new thread takes its place for the tasks still waiting.
 * - Aborting a task's signal rejects its `run()` with `signal.reason`: a waiting task leaves the queue,
 *   a running one has its thread terminated and replaced. A settled `run()` no longer listens to it.
 * - `close()` lets queued and running tasks finish, then terminates every thread; it is idempotent,
 *   and `run()` after it rejects.
 *
 * @example Square numbers on two threads
 * ```ts
 * // square.ts: export default (n: number) => n * n;
 * const pool = new WorkerPool<number, number>(new URL('./square.ts', import.meta.url), { threads: 2 });
 * assert.deepEqual(await Promise.all([1, 2, 3].map((n) => pool.run(n))), [1, 4, 9]);
 * await pool.close();
 * ```
 */
export class WorkerPool<I, O> {
  /** The most threads, and so the most tasks, running at once. */
  readonly threads: number;
  // TODO(step 3): where do tasks wait while every thread is busy, and which one starts next?
  // TODO(step 3): which threads are alive, and which task is each one running?
  // TODO(step 4): what must close() wait for before it ends the threads?

  /**
   * @param moduleUrl The task module, as a `file:` URL or URL string (not a path); TypeScript allowed.
   * @param options `threads`: how many threads at most; default: the available parallelism.
   * @throws {TypeError} When `moduleUrl` is not a `file:` URL, or `threads` not a number.
   * @throws {RangeError} When `threads` is not a positive integer.
   */
  constructor(moduleUrl: URL | string, { threads = availableParallelism() }: { threads?: number } = {}) {
    // TODO(step 3): validate at the boundary, with messages that name the argument and show the value received.
    notImplemented(`step 3 of ${readme} (new WorkerPool)`);
  }

  /**
   * Runs the module's default export on `input` in a thread of the pool.
   *
   * @param input What the task gets; it must survive `structuredClone`.
   * @param options `signal` to abort the task.
   * @returns Settles like the task: with what it returned, or with what it threw.
   * @throws {Error} (as a rejection) When the pool is closed, or the task's thread died.
   * @throws {unknown} (as a rejection) `signal.reason` when the signal aborts first.
   */
  async run(input: I, options: RunOptions = {}): Promise<O> {
    // TODO(step 3): a thread is busy until its task's outcome comes back; only then may it take the next.
    // TODO(step 4): a thread that exits while it runs a task takes that task down, not the pool; an idle one, nothing.
    // TODO(step 4): a running function cannot be interrupted from outside: what can stop it?
    return notImplemented(`step 3 of ${readme} (WorkerPool.run)`);
  }

  /**
   * Waits for every task given so far to settle, then terminates every thread. Idempotent.
   *
   * @returns Resolves when no task is left and no thread of the pool is alive.
   */
  async close(): Promise<void> {
    notImplemented(`step 3 of ${readme} (WorkerPool.close)`);
  }
}
