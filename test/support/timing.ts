/**
 * Honest timing for efficiency checks: best-of measurements, cores, and a bar chart of the figures.
 *
 * Timing never decides whether work overlaps (the specs prove that structurally); it only checks
 * efficiency against a calibration measured in the same run, and skips when the machine is too
 * busy to tell.
 *
 * @module
 */
import { availableParallelism } from 'node:os';

/** How many threads this machine can run at once. */
export const cores: number = availableParallelism();

/**
 * Runs `fn` once and resolves with how long it took.
 *
 * @returns Milliseconds, from `performance.now()`.
 */
export async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Runs `fn` `tries` times, one after another, and resolves with the shortest time: noise only ever
 * adds time, so the best run is the closest to what the code costs.
 *
 * @returns Milliseconds.
 */
export async function bestOf(tries: number, fn: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i++) best = Math.min(best, await timed(fn));
  return best;
}

/**
 * Draws named figures as a horizontal bar chart, for the learner to read in the test output.
 *
 * @param title The chart's heading.
 * @param rows Label and value of each bar, in the order to print them.
 * @param unit Printed after each value, e.g. `'ms'` or `'x'`.
 * @returns The chart as text, one line a row.
 * @example
 * ```ts
 * console.log(barChart('Factorizing 4 numbers', [{ label: 'sequential', value: 310 }, { label: 'workers x2', value: 160 }], 'ms'));
 * ```
 */
export function barChart(title: string, rows: readonly { label: string; value: number }[], unit = ''): string {
  const width = 40;
  const largest = Math.max(...rows.map((row) => row.value), Number.MIN_VALUE);
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const lines = rows.map(({ label, value }) => {
    const bar = '█'.repeat(Math.max(1, Math.round((value / largest) * width)));
    return `  ${label.padEnd(labelWidth)} ${bar} ${format(value)}${unit}`;
  });
  return [title, ...lines].join('\n');
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** One attempt of a calibrated speedup: the code under test at concurrency 1 and 10, in ms, and the speedup the machine's own timers allowed then. */
export interface SpeedupAttempt {
  one: number;
  ten: number;
  machine: number;
}

/**
 * Measures how much faster I/O-bound work runs 10 at a time than 1 at a time, each time next to the
 * same waits in plain batches: what this machine's timers allow right now. Up to 3 attempts; it
 * stops at the first clear result.
 *
 * @param measure Times the code under test at a concurrency, in ms.
 * @param calibrate Times the same waits in plain batches of a size, in ms.
 * @param required The speedup a right solution reaches.
 * @returns The attempts, the last one being the verdict.
 * @example
 * ```ts
 * const attempts = await speedupAttempts((n) => bestOf(2, () => run(n)), (n) => bestOf(2, () => sleeps(n)), 5);
 * if (timersTooSlow(attempts, 5)) context.skip('the machine is too busy to tell');
 * ```
 */
export async function speedupAttempts(
  measure: (concurrency: number) => Promise<number>,
  calibrate: (size: number) => Promise<number>,
  required: number,
): Promise<SpeedupAttempt[]> {
  const attempts: SpeedupAttempt[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const one = await measure(1);
    const ten = await measure(10);
    const machine = (await calibrate(1)) / (await calibrate(10));
    attempts.push({ one, ten, machine });
    if (one / ten >= required) break;
  }
  return attempts;
}

/**
 * Whether the machine's timers fell short, in some attempt, of what the test needs to tell right
 * from wrong (with a fifth to spare): then a test that missed its speedup skips instead of failing.
 *
 * @param attempts What `speedupAttempts` measured.
 * @param required The speedup a right solution reaches.
 */
export function timersTooSlow(attempts: readonly SpeedupAttempt[], required: number): boolean {
  return attempts.some((attempt) => attempt.machine < required * 1.2);
}
