/**
 * Measures how responsive the event loop stays while some work runs (given).
 *
 * A timer asks to run every `resolutionMs`; how late it actually runs is the event-loop delay: the
 * time a request arriving then would have waited before any code could look at it. On Node this
 * is `perf_hooks.monitorEventLoopDelay`, a histogram kept by the runtime. Deno 2 has the function
 * but it records nothing (it was checked: a 200 ms block shows up as 0.02 ms), so there the same
 * figure comes from a ticking `setInterval` that stamps each of its turns.
 *
 * @module
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** What `measureLoopDelay` saw. */
export interface LoopDelay {
  /** 99 of every 100 turns of the timer came at most this late, in ms. */
  p99Ms: number;
  /** The latest turn, in ms: the longest time the loop was unavailable. */
  maxMs: number;
  /** How many turns were measured. */
  samples: number;
  /** How long the work took, in ms. */
  elapsedMs: number;
  /** Which instrument measured: the runtime's histogram, or a ticking interval. */
  source: 'monitorEventLoopDelay' | 'interval';
}

/** Options of `measureLoopDelay`. */
export interface MeasureOptions {
  /** How often the timer asks to run, in ms; default 5. */
  resolutionMs?: number;
}

/**
 * Runs `work` and measures the event-loop delay meanwhile.
 *
 * The delay of a turn that the work held up to its very end is counted too (the measurement waits
 * for one more turn after the work settles), so a purely synchronous `work` shows up as one long delay.
 *
 * @param work The work to watch; what it does before its first `await` counts too.
 * @param options `resolutionMs`: the timer's interval, a positive integer; default 5.
 * @returns Resolves with the figures once the work has settled; rejects like the work.
 * @throws {RangeError} (as a rejection) When `resolutionMs` is not a positive integer.
 * @example A blocking call shows up as a long delay
 * ```ts
 * const delay = await measureLoopDelay(() => checksum(new Uint8Array(1 << 20)));
 * console.log(`the loop was blocked for ${delay.maxMs.toFixed(0)} ms`);
 * ```
 */
export async function measureLoopDelay(
  work: () => unknown,
  { resolutionMs = 5 }: MeasureOptions = {},
): Promise<LoopDelay> {
  if (!Number.isInteger(resolutionMs) || resolutionMs < 1) {
    throw new RangeError(
      `Cannot measure loop delay: resolutionMs must be a positive integer, received ${resolutionMs}`,
    );
  }
  return 'Deno' in globalThis ? withInterval(work, resolutionMs) : withHistogram(work, resolutionMs);
}

async function withHistogram(work: () => unknown, resolutionMs: number): Promise<LoopDelay> {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let elapsedMs = 0;
  try {
    // The histogram records the time between two turns of its timer, so it sees nothing before its
    // first record: let that come before the work starts (its idle records stay in the figures).
    await turnsRecorded(histogram, resolutionMs);
    const start = performance.now();
    try {
      await work();
    } finally {
      // A block that lasted until the work ended shows at the histogram's next record: wait for it.
      elapsedMs = performance.now() - start;
      await turnsRecorded(histogram, resolutionMs);
    }
  } finally {
    histogram.disable();
  }
  // Each record is a whole interval between turns; the delay is what exceeds the resolution.
  const lateness = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  return {
    p99Ms: lateness(histogram.percentile(99)),
    maxMs: lateness(histogram.max),
    samples: histogram.count,
    elapsedMs,
    source: 'monitorEventLoopDelay',
  };
}

/** Resolves once the histogram has recorded one more turn (or after 50 turns of waiting, if it never does). */
async function turnsRecorded(histogram: IntervalHistogram, resolutionMs: number): Promise<void> {
  const before = histogram.count;
  for (let wait = 0; wait < 50 && histogram.count === before; wait++) {
    await new Promise((resolve) => setTimeout(resolve, resolutionMs));
  }
}

async function withInterval(work: () => unknown, resolutionMs: number): Promise<LoopDelay> {
  const delays: number[] = [];
  let last = performance.now();
  const interval = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - resolutionMs));
    last = now;
  }, resolutionMs);
  const elapsedMs = await timedWithTail(work, resolutionMs).finally(() => clearInterval(interval));
  delays.sort((a, b) => a - b);
  const at = (quantile: number) => delays[Math.max(0, Math.ceil(quantile * delays.length) - 1)] ?? 0;
  return { p99Ms: at(0.99), maxMs: delays.at(-1) ?? 0, samples: delays.length, elapsedMs, source: 'interval' };
}

/**
 * Runs the work and resolves with how long it took, after one more turn of the timer: a block
 * that lasted until the work ended is recorded only at the timer's next turn.
 */
async function timedWithTail(work: () => unknown, resolutionMs: number): Promise<number> {
  const start = performance.now();
  try {
    await work();
    return performance.now() - start;
  } finally {
    await new Promise((resolve) => setTimeout(resolve, resolutionMs + 1));
  }
}
