/**
 * Shrinking a failing schedule to one a person can follow: fewest context switches first, then
 * fewest steps, by delta debugging over the list of choices.
 *
 * A candidate list is replayed leniently: a choice naming a task that cannot run, and every step
 * after the list ends, falls back to "keep running the same task". What ran is the candidate's real
 * schedule, and it is kept when it fails the same way and measures smaller.
 *
 * @module
 */
import { execute, type Chooser } from './execution.ts';
import { contextSwitches, keepGoing } from './preemptions.ts';
import type { Execution, Scenario } from './scenario.ts';

/**
 * Follows `choices` where it can and keeps going with the same task where it cannot.
 *
 * @param choices The task to choose at each step, as far as the list goes.
 * @returns A chooser for `execute`.
 * @example
 * ```ts
 * const execution = await execute(scenario, lenientChooser([0, 1])); // then keeps task 1 going
 * ```
 */
export function lenientChooser(choices: readonly number[]): Chooser {
  return (enabled, step, previous) => {
    const wanted = choices[step];
    return wanted !== undefined && enabled.includes(wanted) ? wanted : keepGoing(enabled, previous);
  };
}

/** Smaller is better: fewer context switches, then fewer steps. */
function smaller(a: Execution, b: Execution): boolean {
  const switches = contextSwitches(a.choices) - contextSwitches(b.choices);
  return switches < 0 || (switches === 0 && a.choices.length < b.choices.length);
}

/** The candidates one round tries: chunks removed (halving sizes), then single choices set to a neighbour's task. */
function* candidates(choices: readonly number[]): Generator<number[]> {
  for (let size = Math.max(1, choices.length >> 1); size >= 1; size >>= 1) {
    for (let start = 0; start + size <= choices.length; start += size === 1 ? 1 : Math.max(1, size >> 1)) {
      yield [...choices.slice(0, start), ...choices.slice(start + size)];
    }
  }
  for (let step = 0; step < choices.length; step++) {
    for (const neighbour of [choices[step - 1], choices[step + 1]]) {
      if (neighbour !== undefined && neighbour !== choices[step])
        yield choices.map((task, index) => (index === step ? neighbour : task));
    }
  }
}

/**
 * Shrinks a failing schedule.
 *
 * @param scenario The scenario that failed.
 * @param failed The failing schedule.
 * @param budget The most schedules to try.
 * @param maxSteps Steps per schedule before it counts as a livelock.
 * @returns The smallest failing schedule found, and how many schedules were tried.
 * @example
 * ```ts
 * const { execution } = await shrink(scenario, failed);
 * console.log(swimLanes(execution));
 * ```
 */
export async function shrink(
  scenario: Scenario,
  failed: Execution,
  budget = 1000,
  maxSteps?: number,
): Promise<{ execution: Execution; tried: number }> {
  let best = failed;
  let tried = 0;
  let improved = true;
  while (improved && tried < budget) {
    improved = false;
    for (const candidate of candidates(best.choices)) {
      if (tried >= budget) break;
      tried++;
      const execution = await execute(scenario, lenientChooser(candidate), maxSteps);
      if (execution.failure?.kind === failed.failure?.kind && smaller(execution, best)) {
        best = execution;
        improved = true;
        break;
      }
    }
  }
  return { execution: best, tried };
}
