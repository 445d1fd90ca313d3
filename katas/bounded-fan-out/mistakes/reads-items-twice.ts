/**
 * Mistake: mapConcurrent() reads its items twice, once to size the results and once to start the calls, so a generator, already spent, maps to nothing.
 * Caught by: mapConcurrent() reads its items once, so a generator works
 *
 * An array or a Set can be read again and again; a generator (or any one-shot iterator, like a
 * stream of lines) is empty the second time. `[...items].length` then `Array.from(items, ...)`
 * works in every test that passes an array, and resolves with holes for a generator.
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
  const results = new Array<Awaited<R>>([...items].length); // the first read
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
  const onAbort = () => stop(signal!.reason);
  signal?.addEventListener('abort', onAbort);
  try {
    // The second read: a generator has nothing left to give.
    await Promise.all(Array.from(items, (item, index) => run(task, item, index).catch(() => {})));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  return results;
}
