/**
 * Mistake: mapConcurrent() stops starting items after a failure but rejects at once, while calls it started are still running.
 * Caught by: mapConcurrent() settles only after every call it started has ended
 */
import { limit, type MapOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions,
): Promise<Awaited<R>[]> {
  const { signal } = options;
  signal?.throwIfAborted();
  const run = limit(options.concurrency);
  let failed = false;
  const stop = () => {
    failed = true;
    run.clearQueue();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const guarded = async (item: T, index: number) => {
    if (failed) throw signal?.reason ?? new Error('stopped');
    try {
      return await fn(item, index);
    } catch (error) {
      stop();
      throw error;
    }
  };
  const calls = Array.from(items, (item, index) => run(guarded, item, index));
  for (const call of calls) call.catch(() => {});
  try {
    return await Promise.all(calls); // rejects at the first failure, with calls still running
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}
