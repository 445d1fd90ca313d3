/**
 * Mistake: when a thread dies, the pool rejects its task but starts no thread for the tasks still waiting.
 * Caught by: WorkerPool.run() rejects the task of a thread that dies, and a new thread serves the tasks after it
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import type { ThreadMessage } from '../../../solutions/worker-factorization/pool-thread.ts';
import type { RunOptions } from '../../../solutions/worker-factorization/worker-factorization.ts';
export * from '../../../solutions/worker-factorization/worker-factorization.ts';

const threadModule = new URL('../../../solutions/worker-factorization/pool-thread.ts', import.meta.url);

interface Task<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (reason: unknown) => void;
}

export class WorkerPool<I, O> {
  readonly threads: number;
  readonly #moduleUrl: string;
  readonly #waiting: Task<I, O>[] = [];
  readonly #live = new Map<Worker, Task<I, O> | undefined>();
  readonly #stopping = new Set<Promise<unknown>>();
  readonly #unsettled = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(moduleUrl: URL | string, { threads = availableParallelism() }: { threads?: number } = {}) {
    this.#moduleUrl = fileUrl(moduleUrl);
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`Cannot create worker pool: threads must be a positive integer, received ${threads}`);
    }
    this.threads = threads;
  }

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
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(task);
      this.#dispatch();
    });
    const settled = () => this.#unsettled.delete(promise);
    this.#unsettled.add(promise);
    promise.then(settled, settled);
    return promise;
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#drainAndTerminate());
  }

  async #drainAndTerminate(): Promise<void> {
    await Promise.allSettled(this.#unsettled);
    const threads = [...this.#live.keys()];
    this.#live.clear();
    await Promise.all([...threads.map((thread) => thread.terminate()), ...this.#stopping]);
  }

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
      // The mistake: the dead thread is forgotten, but nothing starts another for the tasks still waiting.
    });
  }

  #abort(task: Task<I, O>, reason: unknown): void {
    const index = this.#waiting.indexOf(task);
    if (index >= 0) this.#waiting.splice(index, 1);
    for (const [thread, running] of this.#live) {
      if (running !== task) continue;
      // A running function cannot be interrupted from outside; only ending its thread stops it.
      this.#live.delete(thread);
      const stopped = thread.terminate();
      this.#stopping.add(stopped);
      stopped.finally(() => this.#stopping.delete(stopped));
    }
    task.reject(reason);
    this.#dispatch();
  }
}

function fileUrl(moduleUrl: URL | string): string {
  let url: URL | undefined;
  try {
    url = new URL(moduleUrl);
  } catch {
    // not a URL at all, such as a path: reported below
  }
  if (url?.protocol !== 'file:') {
    throw new TypeError(`Cannot create worker pool: moduleUrl must be a file: URL or URL string, not a path, received ${String(moduleUrl)}`);
  }
  return url.href;
}
