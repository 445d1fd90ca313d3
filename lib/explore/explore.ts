/**
 * The explorer's front door: run every schedule of a scenario within a preemption bound (or a
 * seeded sample when there are too many), shrink the first failure, and print it as swim lanes
 * with a replay token. Specs use `expectEverySchedule`; `replay` re-runs exactly one schedule.
 *
 * @module
 */
import { depthFirst } from './depth-first.ts';
import { execute, type Chooser } from './execution.ts';
import { contextSwitches, keepGoing } from './preemptions.ts';
import { pctChooser, randomChooser, seededRandom } from './sampling.ts';
import type { Execution, Scenario } from './scenario.ts';
import { shrink } from './shrink.ts';
import { swimLanes } from './swim-lanes.ts';
import { decodeToken, encodeToken } from './token.ts';

export type { Execution, Failure, Scenario, Setup, World } from './scenario.ts';
export { swimLanes } from './swim-lanes.ts';
export { decodeToken, encodeToken } from './token.ts';

/** How to explore. Every field has a default. */
export interface ExploreOptions {
  /** `'dfs'` (default): every schedule within `bound`, sampling after `budget`; or sample only. */
  strategy?: 'dfs' | 'pct' | 'random';
  /** The most preemptions per schedule in the depth-first search; 2 by default. */
  bound?: number;
  /** The most schedules the depth-first search runs before it falls back to sampling; 2000 by default. */
  budget?: number;
  /** What to do when the depth-first search reaches its budget: `'pct'` (default), `'random'` or `'none'`. */
  fallback?: 'pct' | 'random' | 'none';
  /** How many schedules to sample; `budget` by default. */
  samples?: number;
  /** The seed of sampled schedules; 1 by default. */
  seed?: number;
  /** PCT's bug depth: 1 + the number of priority changes per schedule; 3 by default. */
  depth?: number;
  /** A schedule longer than this is a livelock; 1000 by default. */
  maxSteps?: number;
  /** The most schedules tried while shrinking a failure; 1000 by default. */
  shrinkBudget?: number;
  /** The kata, for the replay command in a failure's report. */
  kata?: string;
}

/** A failing schedule, shrunk. */
export interface FoundFailure {
  /** The shrunk schedule. */
  execution: Execution;
  /** The schedule the search found, before shrinking. */
  found: Execution;
  /** The token that replays the shrunk schedule. */
  token: string;
  /** The report: what broke, then the swim lanes and how to replay. */
  report: string;
}

/** What an exploration did. */
export interface ExploreResult {
  scenario: string;
  /** How many schedules ran, sampled ones included. */
  schedules: number;
  /** True when every schedule within the bound ran and passed. */
  exhaustive: boolean;
  /** How the schedules were chosen, e.g. `every schedule within preemption bound 2`. */
  method: string;
  /** One line, e.g. `lost-update: explored 6 schedules, all passed (every schedule within preemption bound 2)`. */
  summary: string;
  failure?: FoundFailure;
}

/**
 * Explores a scenario's schedules until one fails or none is left.
 *
 * @param scenario The scenario.
 * @param options How to explore.
 * @returns What ran, and the first failure shrunk. Rejects with a stub's NotImplementedError as it
 *   is; with a RangeError for a bad option (`bound` below 0, `budget`, `samples` or `depth` below 1).
 * @example Find the lost update
 * ```ts
 * const result = await explore(lostUpdate);
 * assert.equal(result.failure?.token, 'lost-update:ab2a');
 * ```
 */
export async function explore(scenario: Scenario, options: ExploreOptions = {}): Promise<ExploreResult> {
  const { strategy = 'dfs', bound = 2, budget = 2000, fallback = 'pct', seed = 1, depth = 3, maxSteps } = options;
  const samples = options.samples ?? budget;
  checkCount('bound', bound, true);
  checkCount('budget', budget, false);
  checkCount('samples', samples, false);
  checkCount('depth', depth, false);
  let schedules = 0;
  let longest = 0;
  let failed: Execution | undefined;
  const methods: string[] = [];
  let exhaustive = false;
  if (strategy === 'dfs') {
    const search = await depthFirst(scenario, bound, budget, maxSteps);
    schedules += search.schedules;
    longest = search.longest;
    failed = search.failed;
    exhaustive = search.exhaustive;
    const within = bound === Infinity ? 'every schedule' : `every schedule within preemption bound ${bound}`;
    methods.push(
      exhaustive || failed
        ? `depth first, ${within}`
        : `depth first, stopped at the budget of ${budget} before it saw ${within}`,
    );
  }
  const sampler = strategy === 'dfs' ? (fallback === 'none' ? undefined : fallback) : strategy;
  if (!failed && !exhaustive && sampler) {
    const random = seededRandom(seed);
    // One plain run first: it gives the number of tasks and about how many steps a schedule takes.
    const probe = await execute(scenario, (enabled, _, previous) => keepGoing(enabled, previous), maxSteps);
    schedules++;
    if (probe.failure) failed = probe;
    longest = Math.max(longest, probe.steps.length);
    const tasks = probe.taskNames.length;
    for (let sample = 1; sample < samples && !failed; sample++) {
      const choose: Chooser = sampler === 'pct' ? pctChooser(random, tasks, depth, longest) : randomChooser(random);
      const execution = await execute(scenario, choose, maxSteps);
      schedules++;
      longest = Math.max(longest, execution.steps.length);
      if (execution.failure) failed = execution;
    }
    methods.push(sampler === 'pct' ? `PCT sampling (depth ${depth}, seed ${seed})` : `random sampling (seed ${seed})`);
  }
  const method = methods.join(', then ');
  const base = { scenario: scenario.name, schedules, exhaustive, method };
  if (!failed) {
    const coverage = exhaustive ? '' : ', NOT exhaustive';
    return {
      ...base,
      summary: `${scenario.name}: explored ${schedules} schedule${schedules === 1 ? '' : 's'}, all passed (${method}${coverage})`,
    };
  }
  const shrunk = await shrink(scenario, failed, options.shrinkBudget, maxSteps);
  const failure = describeFailure(
    scenario,
    shrunk.execution,
    failed,
    options.kata,
    `${schedules} schedule${schedules === 1 ? '' : 's'} (${method})`,
  );
  return { ...base, summary: failure.report.split('\n')[0]!, failure };
}

function checkCount(name: string, value: number, zeroAllowed: boolean): void {
  const ok = value === Infinity || (Number.isInteger(value) && value >= (zeroAllowed ? 0 : 1));
  if (!ok)
    throw new RangeError(
      `Cannot explore: ${name} must be ${zeroAllowed ? 'a non-negative' : 'a positive'} integer or Infinity, received ${value}`,
    );
}

/** The report of a failing schedule: what broke, the lanes, and the replay command. */
function describeFailure(
  scenario: Scenario,
  execution: Execution,
  found: Execution,
  kata: string | undefined,
  searched: string,
): FoundFailure {
  const token = encodeToken(scenario.name, execution.choices);
  const size = (choices: readonly number[]) => {
    const switches = contextSwitches(choices);
    return `${choices.length} steps with ${switches} context switch${switches === 1 ? '' : 'es'}`;
  };
  const runner = 'Deno' in globalThis ? 'deno task kata' : 'npm run kata --';
  const replay = kata ? `${runner} replay ${kata} ${token}` : `replay token ${token}`;
  const report = [
    `${scenario.name}: ${execution.failure!.message}`,
    `Found after ${searched}; shrunk to ${size(execution.choices)} (the schedule found had ${size(found.choices)}):`,
    '',
    swimLanes(execution),
    '',
    `Replay this schedule: ${replay}`,
  ].join('\n');
  return { execution, found, token, report };
}

/**
 * Explores a scenario and fails with the shrunk schedule's swim lanes when one fails. Prints how
 * many schedules ran.
 *
 * @param scenario The scenario.
 * @param options How to explore; `kata` makes the report name the replay command.
 * @returns What ran. Rejects with an Error whose message starts with the shrunk failure's report,
 *   or with a stub's NotImplementedError as it is.
 * @example In a spec
 * ```ts
 * test('LockingCounter never loses an update, under every explored schedule', () => expectEverySchedule(counting(LockingCounter)));
 * ```
 */
export async function expectEverySchedule(scenario: Scenario, options: ExploreOptions = {}): Promise<ExploreResult> {
  const result = await explore(scenario, options);
  console.log(result.summary);
  if (result.failure) throw new Error(result.failure.report);
  return result;
}

/** One schedule re-run from its token. */
export interface ReplayResult {
  execution: Execution;
  /** The swim lanes, with the failure if there was one. */
  report: string;
}

/**
 * Re-runs exactly the schedule a token describes. Steps past the token's end keep running the same
 * task, as the search does.
 *
 * @param scenario The scenario the token was made for.
 * @param token The replay token, e.g. `lost-update:ab2a`.
 * @returns The schedule and its report. Rejects with a RangeError when the token is for another
 *   scenario or names a task that cannot run at its step, with a SyntaxError when it is not a
 *   token, or with a stub's NotImplementedError as it is.
 * @example
 * ```ts
 * const { execution } = await replay(lostUpdate, 'lost-update:ab2a');
 * assert.equal(execution.failure?.kind, 'check');
 * ```
 */
export async function replay(scenario: Scenario, token: string, maxSteps?: number): Promise<ReplayResult> {
  const { scenario: name, choices } = decodeToken(token);
  if (name !== scenario.name)
    throw new RangeError(`Cannot replay: the token is for scenario ${name}, received scenario ${scenario.name}`);
  const execution = await execute(
    scenario,
    (enabled, step, previous) => {
      const wanted = choices[step];
      if (wanted === undefined) return keepGoing(enabled, previous);
      if (!enabled.includes(wanted)) {
        throw new RangeError(
          `Cannot replay ${token}: at step ${step + 1} it picks task ${String.fromCharCode(97 + wanted)}, which cannot run there (the code changed since the token was made?)`,
        );
      }
      return wanted;
    },
    maxSteps,
  );
  const verdict = execution.failure
    ? `${scenario.name}: ${execution.failure.message}`
    : `${scenario.name}: this schedule passes`;
  return { execution, report: `${verdict}\n\n${swimLanes(execution)}` };
}

/**
 * Replays a pinned schedule, a regression test for an interleaving once found, and fails with its
 * swim lanes if it fails again.
 *
 * @param scenario The scenario.
 * @param token The pinned token.
 * @returns The replayed schedule; rejects with an Error showing the lanes when it fails, and as
 *   `replay` does for a token that does not fit.
 * @example Pin a schedule once found
 * ```ts
 * test('LockingCounter passes the schedule that lost an update', () => expectReplayPasses(scenario, 'locking-counter:abc'));
 * ```
 */
export async function expectReplayPasses(scenario: Scenario, token: string): Promise<ReplayResult> {
  const result = await replay(scenario, token);
  if (result.execution.failure) throw new Error(`${result.report}\n\nReplayed from ${token}`);
  return result;
}
