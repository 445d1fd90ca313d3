/**
 * Mistake: runBlockingCalls() wraps each call in an async function, as if async moved it off the calling thread.
 * Caught by: runBlockingCalls() makes the calls at once, each on a thread of its own, and the calling thread's timers keep firing
 */
import { blockingSystemCall } from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export async function runBlockingCalls(count: number, ms: number): Promise<void> {
  if (typeof count !== 'number')
    throw new TypeError(`Cannot run blocking calls: count must be a number, received ${typeof count}`);
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`Cannot run blocking calls: count must be a non-negative integer, received ${count}`);
  if (typeof ms !== 'number')
    throw new TypeError(`Cannot run blocking calls: ms must be a number, received ${typeof ms}`);
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`Cannot run blocking calls: ms must be a non-negative finite number, received ${ms}`);
  // "All started at once": but an async function runs on the thread that calls it.
  await Promise.all(Array.from({ length: count }, async () => blockingSystemCall(ms)));
}
