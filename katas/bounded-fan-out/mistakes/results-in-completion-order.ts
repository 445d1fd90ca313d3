/**
 * Mistake: mapConcurrent() pushes each result as its call finishes, so the results come back in completion order, not input order.
 * Caught by: mapConcurrent() resolves with results in input order when they finish in reverse
 */
import { limit, type MapOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions,
): Promise<Awaited<R>[]> {
  const run = limit(options.concurrency);
  const results: Awaited<R>[] = [];
  await Promise.all(
    Array.from(items, (item, index) =>
      run(fn, item, index).then((value) => {
        results.push(value); // the order calls finish in, not the order of the items
      }),
    ),
  );
  return results;
}
