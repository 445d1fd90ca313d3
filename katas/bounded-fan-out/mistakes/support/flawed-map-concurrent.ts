/**
 * The mapConcurrent the mapping mistakes share: the reference's, with named flaws, so that each
 * mistake file switches on exactly one wrong line and says in its header which one. Each flaw sits
 * next to the right line it replaces, marked `// flaw: <name>`.
 *
 * This folder is not a mistake itself: the mistakes check reads only the files directly in
 * `mistakes/`.
 *
 * @module
 */
import { limit, type MapOptions } from '../../../../solutions/bounded-fan-out/bounded-fan-out.ts';

/** The classic mistakes mapConcurrent can make; each is off unless set to `true`. */
export interface Flaws {
  /** Reads the items twice, once to size the results and once to start the calls: a generator is spent by then. */
  readsItemsTwice?: boolean;
  /** Adds its abort listener with `{ once: true }` and never removes it: a long-lived signal keeps one per call. */
  leavesListenerBehind?: boolean;
}

/**
 * Builds a mapConcurrent with the given flaws; with none it behaves like the reference's (argument
 * checks aside).
 *
 * @param flaws The mistakes to make.
 */
export function flawedMapConcurrent(flaws: Flaws) {
  return async function mapConcurrent<T, R>(
    items: Iterable<T>,
    fn: (item: T, index: number) => R | PromiseLike<R>,
    options: MapOptions,
  ): Promise<Awaited<R>[]> {
    const { signal } = options;
    signal?.throwIfAborted();
    const list = flaws.readsItemsTwice ? undefined : Array.from(items);
    const run = limit(options.concurrency);
    const results = new Array<Awaited<R>>(list ? list.length : [...items].length); // flaw: readsItemsTwice (the first read)
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
    signal?.addEventListener('abort', onAbort, { once: flaws.leavesListenerBehind });
    try {
      // flaw: readsItemsTwice (the second read: a generator has nothing left to give)
      await Promise.all(Array.from(list ?? items, (item, index) => run(task, item, index).catch(() => {})));
    } finally {
      if (!flaws.leavesListenerBehind) signal?.removeEventListener('abort', onAbort); // flaw: leavesListenerBehind
    }
    if (failure) throw failure.error;
    return results;
  };
}
