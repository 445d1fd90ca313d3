/**
 * Mistake: factorizeInWorkers() has the right signature and results but factorizes on the calling thread.
 * Caught by: factorizeInWorkers() keeps the calling thread free: the thread's timers keep firing while workers compute
 */
import { factorize } from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export async function factorizeInWorkers(
  numbers: readonly number[],
  { threads, signal }: { threads?: number; signal?: AbortSignal } = {},
): Promise<number[][]> {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`Cannot factorize in workers: threads must be a positive integer, received ${threads}`);
  }
  for (const n of numbers) {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new RangeError(`Cannot factorize: n must be a positive safe integer, received ${n}`);
  }
  signal?.throwIfAborted();
  const results: number[][] = [];
  for (const n of numbers) {
    // "async, so it runs in the background": yielding between numbers does not move the work anywhere.
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    results.push(factorize(n));
  }
  return results;
}
