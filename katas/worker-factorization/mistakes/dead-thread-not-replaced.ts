/**
 * Mistake: when a thread dies, the pool rejects its task but starts no thread for the tasks still waiting.
 * Caught by: WorkerPool.run() rejects the task of a thread that dies, and a new thread serves the tasks after it
 */
import {
  type RunOptions,
  WorkerPool as Reference,
} from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

/** Hands the reference no more tasks at once than it has threads left, and counts a dead thread as gone for good. */
export class WorkerPool<I, O> extends Reference<I, O> {
  readonly #waiting: (() => void)[] = [];
  /** Every run() not settled yet, waiting here or running in the reference: close() waits for them. */
  readonly #unsettled = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;
  #alive = this.threads;
  #running = 0;

  override run(input: I, options?: RunOptions): Promise<O> {
    const promise = new Promise<O>((resolve, reject) => {
      this.#waiting.push(() => {
        this.#running++;
        super
          .run(input, options)
          .then(resolve, (error: unknown) => {
            // The mistake: the dead thread is struck off, and nothing ever takes its place.
            if (String(error).includes('thread exited')) this.#alive--;
            reject(error);
          })
          .finally(() => {
            this.#running--;
            this.#startNext();
          });
      });
      this.#startNext();
    });
    const settled = () => this.#unsettled.delete(promise);
    this.#unsettled.add(promise);
    promise.then(settled, settled);
    return promise;
  }

  override close(): Promise<void> {
    return (this.#closing ??= Promise.allSettled(this.#unsettled).then(() => super.close()));
  }

  #startNext(): void {
    while (this.#running < this.#alive && this.#waiting.length > 0) this.#waiting.shift()!();
  }
}
