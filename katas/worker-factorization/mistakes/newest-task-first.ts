/**
 * Mistake: waiting tasks are kept on a stack, so the newest one starts first (LIFO) instead of the oldest.
 * Caught by: WorkerPool.run() starts waiting tasks first come, first served
 */
import {
  type RunOptions,
  WorkerPool as Reference,
} from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

interface Waiting<I, O> {
  input: I;
  options: RunOptions | undefined;
  resolve: (output: O) => void;
  reject: (reason: unknown) => void;
}

export class WorkerPool<I, O> extends Reference<I, O> {
  readonly #waiting: Waiting<I, O>[] = [];
  #running = 0;

  override run(input: I, options?: RunOptions): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ input, options, resolve, reject });
      this.#startNext();
    });
  }

  #startNext(): void {
    while (this.#running < this.threads && this.#waiting.length > 0) {
      const task = this.#waiting.pop()!; // the mistake: pop() takes the newest, shift() the oldest
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
