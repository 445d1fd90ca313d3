/**
 * Counting preemptions and context switches: the measures the depth-first search bounds and the
 * shrinker minimizes.
 *
 * @module
 */

/**
 * Whether choosing `next` preempts `previous`: a switch away from a task that could have gone on.
 * A switch after the previous task finished or blocked is free.
 *
 * @param previous The task chosen at the step before, if any.
 * @param next The task chosen now.
 * @param enabled The tasks that could run now.
 * @returns True for a preemption.
 * @example
 * ```ts
 * assert.equal(isPreemption(0, 1, [0, 1]), true); // task 0 could have gone on
 * assert.equal(isPreemption(0, 1, [1]), false); // task 0 finished or blocked
 * ```
 */
export function isPreemption(previous: number | undefined, next: number, enabled: readonly number[]): boolean {
  return previous !== undefined && next !== previous && enabled.includes(previous);
}

/**
 * Counts context switches: places where the schedule moves from one task to another.
 *
 * @param choices The task chosen at each step.
 * @returns How many times consecutive choices differ.
 * @example
 * ```ts
 * assert.equal(contextSwitches([0, 1, 1, 0]), 2);
 * ```
 */
export function contextSwitches(choices: readonly number[]): number {
  let switches = 0;
  for (let step = 1; step < choices.length; step++) if (choices[step] !== choices[step - 1]) switches++;
  return switches;
}

/**
 * The default continuation: keep running the task that ran last while it can, else the first task
 * that can run. Following it adds no preemption.
 *
 * @param enabled The tasks that can run, in lane order.
 * @param previous The task that ran last, if any.
 * @returns One of `enabled`.
 * @example
 * ```ts
 * assert.equal(keepGoing([0, 2], 2), 2);
 * assert.equal(keepGoing([0, 2], 1), 0);
 * ```
 */
export function keepGoing(enabled: readonly number[], previous: number | undefined): number {
  return previous !== undefined && enabled.includes(previous) ? previous : enabled[0]!;
}
