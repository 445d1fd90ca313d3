/**
 * Mistake: close() stops the pool at once, cutting off the tasks that are queued or running.
 * Caught by: WorkerPool.close() lets queued and running tasks finish, then ends every thread; it is idempotent, and run() after it rejects
 */
import {
  type RunOptions,
  WorkerPool as Reference,
} from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export class WorkerPool<I, O> extends Reference<I, O> {
  readonly #closing = new AbortController();

  override run(input: I, options: RunOptions = {}): Promise<O> {
    const signals = [this.#closing.signal, ...(options.signal ? [options.signal] : [])];
    return super.run(input, { signal: AbortSignal.any(signals) });
  }

  override close(): Promise<void> {
    // "close" read as "stop now": every task given so far is aborted, waiting or running.
    this.#closing.abort(new Error('Cannot run task: the pool is closed'));
    return super.close();
  }
}
