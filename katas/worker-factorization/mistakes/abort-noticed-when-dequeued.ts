/**
 * Mistake: an aborted waiting task stays queued and rejects only when its turn comes, after every task ahead of it.
 * Caught by: WorkerPool.run() aborting a waiting task takes it out of the queue
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
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ input, options, resolve, reject });
      this.#startNext();
    });
  }

  #startNext(): void {
    while (this.#running < this.threads && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!;
      // The mistake: the signal is looked at only here, when the task's turn has come.
      if (task.options.signal?.aborted) {
        task.reject(task.options.signal.reason);
        continue;
      }
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
