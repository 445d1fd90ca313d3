/**
 * When the bounded space is too large to run every schedule: sampled schedules from a fixed seed,
 * either uniformly random or PCT (probabilistic concurrency testing, as AWS shuttle offers), which
 * finds a bug of depth d with a known probability per run.
 *
 * @module
 */
import type { Chooser } from './execution.ts';

/**
 * A small seeded random generator (mulberry32): the same seed gives the same schedules on every
 * runtime, so a sampled run can be repeated.
 *
 * @param seed Any 32-bit integer.
 * @returns A function returning numbers in [0, 1).
 * @example
 * ```ts
 * assert.equal(seededRandom(7)(), seededRandom(7)());
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A chooser that picks a runnable task uniformly at random at every step.
 *
 * @param random The source of randomness, e.g. `seededRandom(1)`.
 * @returns A chooser for `execute`.
 * @example
 * ```ts
 * const execution = await execute(scenario, randomChooser(seededRandom(1)));
 * ```
 */
export function randomChooser(random: () => number): Chooser {
  return (enabled) => enabled[Math.floor(random() * enabled.length)]!;
}

/**
 * A PCT chooser for one schedule: random distinct priorities for the tasks, the highest runnable
 * one runs, and at `depth - 1` random steps the running task drops below all others.
 *
 * @param random The source of randomness.
 * @param tasks How many tasks the scenario has.
 * @param depth The bug depth aimed at: 1 + the number of priority changes.
 * @param steps About how many steps a schedule takes, to place the changes.
 * @returns A chooser for one `execute`; make a new one per schedule.
 * @example
 * ```ts
 * const random = seededRandom(1);
 * for (let run = 0; run < 100; run++) await execute(scenario, pctChooser(random, 3, 3, 12));
 * ```
 */
export function pctChooser(random: () => number, tasks: number, depth: number, steps: number): Chooser {
  const priorities = Array.from({ length: tasks }, (_, task) => task);
  for (let index = tasks - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [priorities[index], priorities[other]] = [priorities[other]!, priorities[index]!];
  }
  for (let task = 0; task < tasks; task++) priorities[task]! += depth; // above every change point's priority
  const changes = new Map<number, number>();
  while (changes.size < Math.min(depth - 1, Math.max(steps, 1))) {
    const step = Math.floor(random() * Math.max(steps, 1));
    if (!changes.has(step)) changes.set(step, depth - 1 - changes.size);
  }
  const highest = (enabled: readonly number[]) =>
    enabled.reduce((best, task) => (priorities[task]! > priorities[best]! ? task : best));
  return (enabled, step) => {
    const change = changes.get(step);
    if (change !== undefined) priorities[highest(enabled)] = change;
    return highest(enabled);
  };
}
