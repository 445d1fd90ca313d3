/**
 * Depth-first search over the schedules of a scenario, within a preemption bound: every schedule
 * with at most `bound` preemptions is run exactly once, as loom and CHESS do for threads. Most
 * concurrency bugs need only one or two preemptions to show.
 *
 * The search is stateless: each schedule re-runs the scenario from its setup, following the choices
 * of the previous schedule up to the deepest step that still has an untried alternative.
 *
 * @module
 */
import { execute } from './execution.ts';
import { isPreemption, keepGoing } from './preemptions.ts';
import type { Execution, Scenario } from './scenario.ts';

/** A step of the current schedule, with the choices already tried there. */
interface Node {
  enabled: number[];
  chosen: number;
  previous: number | undefined;
  /** Preemptions in the schedule before this step. */
  preemptionsBefore: number;
  readonly tried: Set<number>;
}

/** How the depth-first search went. */
export interface DepthFirstResult {
  /** How many schedules ran. */
  schedules: number;
  /** True when every schedule within the bound ran (no failure, budget not reached). */
  exhaustive: boolean;
  /** The first failing schedule, if any. */
  failed?: Execution;
  /** The most steps any schedule took. */
  longest: number;
}

/**
 * Runs every schedule of `scenario` with at most `bound` preemptions, depth first, until one fails
 * or `budget` schedules have run.
 *
 * @param bound The most preemptions per schedule: a non-negative integer (Infinity for all schedules).
 * @param budget The most schedules to run.
 * @param maxSteps Steps per schedule before it counts as a livelock.
 * @returns How many schedules ran, whether that was all of them, and the failing one. Rejects
 *   when the scenario runs differently under the same choices (it must be deterministic), or with
 *   a stub's NotImplementedError as it is.
 * @example Two tasks of two steps each have 6 interleavings, all within 2 preemptions
 * ```ts
 * const { schedules, exhaustive } = await depthFirst(twoTasksOfTwoSteps, 2, 1000);
 * assert.deepEqual([schedules, exhaustive], [6, true]);
 * ```
 */
export async function depthFirst(
  scenario: Scenario,
  bound: number,
  budget: number,
  maxSteps?: number,
): Promise<DepthFirstResult> {
  let nodes: Node[] = [];
  let prefix: number[] = [];
  let schedules = 0;
  let longest = 0;
  while (schedules < budget) {
    let preemptions = 0;
    const choose = (enabled: readonly number[], step: number, previous: number | undefined) => {
      const chosen = step < prefix.length ? prefix[step]! : keepGoing(enabled, previous);
      if (!enabled.includes(chosen)) {
        throw new Error(
          `Cannot explore ${scenario.name}: the scenario ran differently with the same choices (step ${step + 1}); its setup and tasks must be deterministic`,
        );
      }
      if (step >= nodes.length)
        nodes.push({
          enabled: [...enabled],
          chosen,
          previous,
          preemptionsBefore: preemptions,
          tried: new Set([chosen]),
        });
      if (isPreemption(previous, chosen, enabled)) preemptions++;
      return chosen;
    };
    const execution = await execute(scenario, choose, maxSteps);
    schedules++;
    longest = Math.max(longest, execution.steps.length);
    if (execution.failure) return { schedules, exhaustive: false, failed: execution, longest };
    nodes = nodes.slice(0, execution.choices.length);
    const next = backtrack(nodes, bound);
    if (next === undefined) return { schedules, exhaustive: true, longest };
    prefix = next;
  }
  return { schedules, exhaustive: false, longest };
}

/** Finds the deepest step with an untried alternative within the bound, and returns the choices leading to it. */
function backtrack(nodes: Node[], bound: number): number[] | undefined {
  for (let depth = nodes.length - 1; depth >= 0; depth--) {
    const node = nodes[depth]!;
    for (const alternative of node.enabled) {
      if (node.tried.has(alternative)) continue;
      if (node.preemptionsBefore + (isPreemption(node.previous, alternative, node.enabled) ? 1 : 0) > bound) continue;
      node.tried.add(alternative);
      node.chosen = alternative;
      nodes.length = depth + 1;
      return nodes.map((each) => each.chosen);
    }
  }
  return undefined;
}
