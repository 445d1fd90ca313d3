/**
 * Mistake: run() waits for the previous task to settle before starting the next, so the pool runs one task at a time.
 * Caught by: WorkerPool.run() runs tasks on 3 threads at the same time: all pass a barrier that needs them all
 */
import {
  type RunOptions,
  WorkerPool as Reference,
} from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export class WorkerPool<I, O> extends Reference<I, O> {
  #previous: Promise<unknown> = Promise.resolve();

  override run(input: I, options?: RunOptions): Promise<O> {
    // "Keep it orderly": each task is chained after the last one.
    const result = this.#previous.then(() => super.run(input, options));
    this.#previous = result.catch(() => {});
    return result;
  }
}
