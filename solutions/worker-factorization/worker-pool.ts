/**
 * A fixed-size pool of worker threads that run the default export of one module, task after task.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import type { ThreadMessage } from './pool-thread.ts';

/** The code each thread runs: it loads the task module, then runs one task per message. */
const threadModule = new URL('./pool-thread.ts', import.meta.url);

/** Options of `WorkerPool.run`. */
export interface RunOptions {
  /** Aborting it takes a waiting task out of the queue, or stops a running one and replaces its thread. */
  signal?: AbortSignal;
}

/** A `run()` call that has not settled yet. */
interface Task<I, O> {
  readonly input: I;
  /** Settle the `run()` promise and stop listening to its signal. */
  readonly resolve: (output: O) => void;
  readonly reject: (reason: unknown) => void;
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
  readonly #moduleUrl: string;
  /** Tasks no thread has taken yet; the head is the oldest, so it starts next. */
  readonly #waiting: Task<I, O>[] = [];
  /** Every live thread and its task (`undefined`: idle). A thread starts for a task and holds it while it loads. */
  readonly #live = new Map<Worker, Task<I, O> | undefined>();
  /** Threads stopped by an abort, until they are gone, so that close() waits for them too. */
  readonly #stopping = new Set<Promise<unknown>>();
  /** Every `run()` not settled yet: close() waits for all of them. */
  readonly #unsettled = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  /**
   * @param moduleUrl The task module, as a `file:` URL or URL string (not a path); TypeScript allowed.
   * @param options `threads`: how many threads at most; default: the available parallelism.
   * @throws {TypeError} When `moduleUrl` is not a `file:` URL, or `threads` not a number.
   * @throws {RangeError} When `threads` is not a positive integer.
   */
  constructor(moduleUrl: URL | string, { threads = availableParallelism() }: { threads?: number } = {}) {
    this.#moduleUrl = fileUrl(moduleUrl);
    if (typeof threads !== 'number')
      throw new TypeError(`Cannot create worker pool: threads must be a number, received ${typeof threads}`);
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`Cannot create worker pool: threads must be a positive integer, received ${threads}`);
    }
    this.threads = threads;
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
  run(input: I, { signal }: RunOptions = {}): Promise<O> {
    if (this.#closing) return Promise.reject(new Error('Cannot run task: the pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const promise = new Promise<O>((resolve, reject) => {
      const abort = () => this.#abort(task, signal!.reason);
      const forget = () => signal?.removeEventListener('abort', abort);
      const task: Task<I, O> = {
        input,
        resolve: (output) => (forget(), resolve(output)),
        reject: (reason) => (forget(), reject(reason)),
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: an abort settles the task, which removes the listener anyway
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(task);
      this.#dispatch();
    });
    // Stryker disable next-line ArrowFunction: keeping settled promises would only cost memory; close() waits for them just as long
    const settled = () => this.#unsettled.delete(promise);
    this.#unsettled.add(promise);
    promise.then(settled, settled);
    return promise;
  }

  /**
   * Waits for every task given so far to settle, then terminates every thread. Idempotent.
   *
   * @returns Resolves when no task is left and no thread of the pool is alive.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#drainAndTerminate());
  }

  async #drainAndTerminate(): Promise<void> {
    await Promise.allSettled(this.#unsettled);
    const threads = [...this.#live.keys()];
    this.#live.clear();
    await Promise.all([...threads.map((thread) => thread.terminate()), ...this.#stopping]);
  }

  /** Gives waiting tasks, oldest first, to idle threads, then to new threads while there is room. */
  #dispatch(): void {
    for (const [thread, task] of this.#live) {
      if (task === undefined && this.#waiting.length > 0) this.#give(thread, this.#waiting.shift()!);
    }
    while (this.#waiting.length > 0 && this.#live.size < this.threads) this.#start(this.#waiting.shift()!);
  }

  #give(thread: Worker, task: Task<I, O>): void {
    this.#live.set(thread, task);
    try {
      thread.postMessage(task.input);
    } catch (error) {
      // The input cannot cross threads: that is this task's failure, and the thread stays free.
      this.#live.set(thread, undefined);
      task.reject(error);
      this.#dispatch();
    }
  }

  /** Starts a thread for `task`; the thread gets the task once it reports that its module is loaded. */
  #start(task: Task<I, O>): void {
    const thread = startTypeScriptWorker(threadModule, { workerData: { moduleUrl: this.#moduleUrl } });
    let crash: unknown;
    this.#live.set(thread, task);
    thread.on('message', (message: ThreadMessage) => {
      const current = this.#live.get(thread);
      if (current === undefined) return; // stopped by an abort or close(): its news no longer matters
      if (message.kind === 'ready') return this.#give(thread, current);
      this.#live.set(thread, undefined);
      if (message.kind === 'done') current.resolve(message.output as O);
      else current.reject(message.error);
      this.#dispatch();
    });
    thread.on('error', (error) => (crash = error));
    thread.on('exit', (code) => {
      const current = this.#live.get(thread);
      if (!this.#live.delete(thread)) return; // terminated on purpose
      current?.reject(new Error(`Cannot finish task: its worker thread exited with code ${code}`, { cause: crash }));
      this.#dispatch(); // a new thread takes the dead one's place if tasks are waiting
    });
  }

  /** Takes an aborted task out of the queue, or stops the thread that runs it. */
  #abort(task: Task<I, O>, reason: unknown): void {
    const index = this.#waiting.indexOf(task);
    if (index >= 0) this.#waiting.splice(index, 1);
    for (const [thread, running] of this.#live) {
      if (running !== task) continue;
      // A running function cannot be interrupted from outside; only ending its thread stops it.
      this.#live.delete(thread);
      const stopped = thread.terminate();
      // Stryker disable next-line ArrowFunction: keeping ended threads' promises would only cost memory; close() waits for them just as long
      const forget = () => this.#stopping.delete(stopped);
      this.#stopping.add(stopped);
      stopped.then(forget, forget);
    }
    task.reject(reason);
    this.#dispatch();
  }
}

/** Checks the module's address once, in the constructor, rather than in every thread. */
function fileUrl(moduleUrl: URL | string): string {
  let url: URL | undefined;
  try {
    url = new URL(moduleUrl);
  } catch {
    // not a URL at all, such as a path: reported below
  }
  if (url?.protocol !== 'file:') {
    throw new TypeError(
      `Cannot create worker pool: moduleUrl must be a file: URL or URL string, not a path, received ${String(moduleUrl)}`,
    );
  }
  return url.href;
}
