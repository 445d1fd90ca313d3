/**
 * Mistake: aborting a task calls splice(indexOf(task), 1) unchecked; once it runs, indexOf() is -1 and the last waiting task goes.
 * Caught by: WorkerPool.run() aborting a running task rejects it and replaces its thread, for the tasks waiting too
 */
import {
  type RunOptions,
  WorkerPool as Reference,
} from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

interface Waiting<I, O> {
  input: I;
  options: RunOptions;
  resolve: (output: O) => void;
  reject: (reason: unknown) => void;
}

/** Keeps its own queue and hands the reference no more tasks than it has threads. */
export class WorkerPool<I, O> extends Reference<I, O> {
  readonly #waiting: Waiting<I, O>[] = [];
  #running = 0;

  override run(input: I, options: RunOptions = {}): Promise<O> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<O>((resolve, reject) => {
      const task: Waiting<I, O> = { input, options, resolve, reject };
      signal?.addEventListener(
        'abort',
        () => {
          // The mistake: a running task has left the queue, so indexOf() is -1 and the last waiting task goes.
          this.#waiting.splice(this.#waiting.indexOf(task), 1);
          reject(signal.reason);
        },
        { once: true },
      );
      this.#waiting.push(task);
      this.#startNext();
    });
  }

  #startNext(): void {
    while (this.#running < this.threads && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!;
      this.#running++;
      super
        .run(task.input, task.options)
        .then(task.resolve, task.reject)
        .finally(() => {
          this.#running--;
          this.#startNext();
        });
    }
  }
}
