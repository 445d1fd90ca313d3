/**
 * Mistake: mapConcurrent() adds an abort listener with `{ once: true }` and never removes it, so a signal that never aborts keeps one listener per call.
 * Caught by: mapConcurrent() leaves no listener on its signal once it settles, however it ends
 *
 * `once` removes a listener only after it has fired. A long-lived signal (a server's shutdown
 * signal) passed to every call collects a listener, and everything it holds, per call, until Node
 * warns of a possible memory leak. The listener must go in a `finally` once every call has ended.
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
  const list = Array.from(items);
  const run = limit(options.concurrency);
  const results = new Array<Awaited<R>>(list.length);
  let failure: { error: unknown } | undefined;
  const stop = (error: unknown) => {
    failure ??= { error };
    run.clearQueue();
  };
  const task = async (item: T, index: number) => {
    if (failure) return;
    try {
      results[index] = await fn(item, index);
    } catch (error) {
      stop(error);
    }
  };
  signal?.addEventListener('abort', () => stop(signal.reason), { once: true }); // and never removed
  await Promise.all(list.map((item, index) => run(task, item, index).catch(() => {})));
  if (failure) throw failure.error;
  return results;
}
