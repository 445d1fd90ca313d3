/**
 * Mistake: mapConcurrent() is Promise.all over a limiter, so after the first failure it rejects but every queued item still starts.
 * Caught by: mapConcurrent() stops starting work after the first failure, and rejects with that error
 */
import { limit, type MapOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions,
): Promise<Awaited<R>[]> {
  const run = limit(options.concurrency);
  // Promise.all rejects at the first failure, but nothing tells the limiter to stop.
  return Promise.all(Array.from(items, (item, index) => run(fn, item, index)));
}
