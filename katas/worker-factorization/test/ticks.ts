/**
 * Watches the calling thread's event loop while some work runs: a 20 ms interval stamps the time at
 * every turn it gets, and the longest gap between stamps tells how long the thread was unavailable.
 *
 * @module
 */

/** What `watchTicks` saw. */
export interface Ticks {
  /** How many times the interval fired while the work ran. */
  count: number;
  /** The longest time without a tick, from the start of the work to its end, in ms. */
  longestGapMs: number;
  /** How long the work took, in ms. */
  elapsedMs: number;
}

/**
 * Runs `work` while a 20 ms interval ticks on this thread.
 *
 * @param work The work to watch; whatever it does synchronously before its first `await` counts too.
 * @returns What the interval saw, once the work has settled (a rejection is passed on).
 */
export async function watchTicks(work: () => unknown): Promise<Ticks> {
  const stamps = [performance.now()];
  const interval = setInterval(() => stamps.push(performance.now()), 20);
  try {
    await work();
  } finally {
    clearInterval(interval);
  }
  stamps.push(performance.now());
  const gaps = stamps.slice(1).map((stamp, i) => stamp - stamps[i]!);
  return { count: stamps.length - 2, longestGapMs: Math.max(...gaps), elapsedMs: stamps.at(-1)! - stamps[0]! };
}
