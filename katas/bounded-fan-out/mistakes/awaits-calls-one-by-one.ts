/**
 * Mistake: mapConcurrent() starts every call through the limiter, then awaits them one by one in a loop, so a later call that fails first has no handler yet: an unhandled rejection.
 * Caught by: mapConcurrent() leaves no unhandled rejection when several calls fail
 */
import { limit, type MapOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions,
): Promise<Awaited<R>[]> {
  const run = limit(options.concurrency);
  const calls = Array.from(items, (item, index) => run(fn, item, index));
  const results: Awaited<R>[] = [];
  for (const call of calls) results.push(await call); // nobody listens to calls[1] while awaiting calls[0]
  return results;
}
