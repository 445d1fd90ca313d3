/**
 * Runs one schedule of a scenario: the yield points, and the loop that lets exactly one parked task
 * go on at a time.
 *
 * A task yields by awaiting a promise the explorer hands out (`world.pause()`). Between two yields
 * it runs on its own, and may wake other tasks (a release hands a lock over) that then run to their
 * own next yield in the same step. After each step the explorer waits for one turn of the event
 * loop, by then every microtask has run and each task is parked, finished, or blocked on something
 * only another task can settle. When no task is parked and some have not finished, that is a
 * deadlock.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate } from 'node:timers';
import { deadlock } from './deadlock.ts';
import type { Execution, Failure, Label, Scenario, Setup, StepRecord, World } from './scenario.ts';

/** What a chooser may look at besides the runnable tasks: the schedule so far. */
export interface ScheduleView {
  readonly taskNames: readonly string[];
  /** The steps taken so far. */
  readonly steps: readonly StepRecord[];
  /** For each task: the operation it is parked inside (see `World.pause`), if any. */
  readonly within: readonly (string | undefined)[];
}

/**
 * Picks the task that takes the next step. The search's choosers answer at once; the interactive
 * player answers when the learner has chosen.
 *
 * @param enabled The parked (or not yet started) tasks, in lane order; never empty.
 * @param step The step's index, from 0.
 * @param previous The task chosen at the previous step, if any.
 * @param view The schedule so far.
 * @returns One of `enabled`.
 */
export type Chooser = (
  enabled: readonly number[],
  step: number,
  previous: number | undefined,
  view: ScheduleView,
) => number | Promise<number>;

/** Which task of which schedule is running: set around each task, so a pause knows who called it. */
interface Running {
  readonly run: ScheduleRun;
  readonly task: number;
}

const running = new AsyncLocalStorage<Running>();

/** One task's progress in a schedule. */
interface Task {
  readonly name: string;
  readonly body: () => unknown;
  started: boolean;
  finished: boolean;
  error?: { value: unknown };
  /** Set while the task is parked at a yield: lets it go on. */
  resume?: () => void;
  /** The operation the parked yield lies inside, if the scenario said so. */
  within?: string;
  /** What the task awaits through `waitIn`, innermost last. */
  readonly waitingIn: string[];
  /** The last thing the task did, for the deadlock report. */
  lastEvent: string;
  /** Started by another task through `world.lane`: its error goes to that task, not to the report. */
  readonly lane?: boolean;
}

/** The default scenario limit: a schedule longer than this is reported as a livelock. */
export const defaultMaxSteps = 1000;

/**
 * Whether an error is a kata stub's "not implemented yet": such an error ends the exploration as it is.
 *
 * @param error Anything thrown.
 * @returns True for a `NotImplementedError`.
 * @example
 * ```ts
 * assert.equal(isNotImplemented(new TypeError('x')), false);
 * ```
 */
export function isNotImplemented(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotImplementedError';
}

/** Resolves after one turn of the event loop: every queued microtask has run by then. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The message of whatever a check threw or returned. */
function describeProblem(problem: unknown): string {
  if (problem instanceof Error) return problem.message.split('\n')[0] ?? problem.name;
  return String(problem);
}

/** One schedule's state: the tasks, the step being taken, and the events of that step. */
class ScheduleRun {
  readonly tasks: Task[] = [];
  events: string[][] = [];

  /** The calling task, or an error naming the call when the caller is no task of this schedule. */
  caller(call: string): Task | undefined {
    const store = running.getStore();
    if (store === undefined)
      throw new Error(
        `Cannot ${call}: it must be called from one of the scenario's tasks, received a call from outside them`,
      );
    if (store.run !== this) return undefined; // a task of an earlier schedule, left behind: it stays parked
    return this.tasks[store.task];
  }

  record(task: Task, event: string): void {
    const index = this.tasks.indexOf(task);
    this.events[index]?.push(event);
    task.lastEvent = event;
  }

  world(): World {
    const pause = (label?: Label, options?: { within?: string }): Promise<void> => {
      let task: Task | undefined;
      try {
        task = this.caller('pause');
      } catch (error) {
        return Promise.reject(error);
      }
      if (task === undefined) return new Promise(() => {});
      if (task.resume)
        return Promise.reject(
          new Error(`Cannot pause: ${task.name} is already parked at a yield point, received a second pause from it`),
        );
      const text = label === undefined ? 'pauses' : typeof label === 'function' ? label() : label;
      this.record(task, text);
      task.within = options?.within;
      return new Promise<void>((resolve) => (task.resume = resolve));
    };
    return {
      pause,
      pauser: (label?: Label, options?: { within?: string }) => () => pause(label, options),
      note: (text: string) => {
        const task = this.caller('note');
        if (task) this.record(task, text);
      },
      lane: <T>(name: string, body: () => T | Promise<T>): Promise<T> => {
        let parent: Task | undefined;
        try {
          parent = this.caller('lane');
        } catch (error) {
          return Promise.reject(error);
        }
        if (parent === undefined) return new Promise<T>(() => {});
        const task: Task = {
          name,
          body,
          started: true,
          finished: false,
          waitingIn: [],
          lastEvent: 'started',
          lane: true,
        };
        this.tasks.push(task);
        this.events.push([]);
        const promise = running.run({ run: this, task: this.tasks.length - 1 }, () => Promise.resolve().then(body));
        promise.then(
          () => {
            task.finished = true;
            this.record(task, 'done');
          },
          (error: unknown) => {
            task.finished = true;
            this.record(task, `threw ${describeError(error)}`);
            if (isNotImplemented(error)) task.error = { value: error }; // a stub's error ends the exploration wherever it comes from
          },
        );
        return promise;
      },
      waitIn: async <T>(what: string, promise: PromiseLike<T>): Promise<T> => {
        const task = this.caller('waitIn');
        task?.waitingIn.push(what);
        try {
          return await promise;
        } finally {
          task?.waitingIn.pop();
        }
      },
    };
  }
}

/**
 * Runs the scenario once, letting `choose` pick the task at each step.
 *
 * @param scenario The scenario; its setup runs afresh.
 * @param choose Picks each step's task.
 * @param maxSteps More steps than this is reported as a livelock.
 * @returns The schedule that ran and its failure, if any. Rejects with a stub's NotImplementedError
 *   as it is, so the learner sees that one line; with a RangeError when `choose` picks a task that
 *   cannot run.
 * @example Run the schedule that keeps each task going as long as it can
 * ```ts
 * const execution = await execute(scenario, (enabled, _, previous) => keepGoing(enabled, previous));
 * console.log(execution.choices, execution.failure?.message);
 * ```
 */
export async function execute(scenario: Scenario, choose: Chooser, maxSteps = defaultMaxSteps): Promise<Execution> {
  const run = new ScheduleRun();
  const setup: Setup = scenario.setup(run.world());
  const names = Object.keys(setup.tasks);
  for (const name of names) {
    run.tasks.push({
      name,
      body: setup.tasks[name]!,
      started: false,
      finished: false,
      waitingIn: [],
      lastEvent: 'not started',
    });
  }
  const choices: number[] = [];
  const steps: StepRecord[] = [];
  let failure: Failure | undefined;
  try {
    failure = checkProblem(setup.invariant, 'invariant');
    for (let step = 0; failure === undefined; step++) {
      const enabled = run.tasks.flatMap((task, index) => (!task.started || task.resume ? [index] : []));
      if (enabled.length === 0) {
        failure = run.tasks.every((task) => task.finished)
          ? checkProblem(setup.check, 'check')
          : deadlock(run.tasks, setup.deadlockHint);
        break;
      }
      if (step >= maxSteps) {
        failure = {
          kind: 'livelock',
          message: `the tasks were still going after ${maxSteps} steps: some task keeps yielding without getting anywhere`,
        };
        break;
      }
      const view: ScheduleView = {
        taskNames: run.tasks.map((each) => each.name),
        steps,
        within: run.tasks.map((each) => (each.resume ? each.within : undefined)),
      };
      const chosen = await choose(enabled, step, choices.at(-1), view);
      if (!enabled.includes(chosen))
        throw new RangeError(
          `Cannot take a step: the chooser must pick a task that can run (${enabled.join(', ')}), received ${chosen}`,
        );
      choices.push(chosen);
      run.events = run.tasks.map(() => []);
      const task = run.tasks[chosen]!;
      if (task.started) {
        const resume = task.resume!;
        task.resume = undefined;
        resume();
      } else {
        start(run, task, chosen);
      }
      await settle();
      for (const [index, each] of run.tasks.entries()) {
        // A task that stopped in this step without parking or finishing is blocked: say on what.
        const blocked = each.started && !each.finished && !each.resume;
        if (blocked && (index === chosen || run.events[index]!.length > 0))
          run.record(each, each.waitingIn.length > 0 ? `waits in ${each.waitingIn.at(-1)}` : 'blocked');
      }
      const record: StepRecord = { task: chosen, enabled, events: run.events };
      steps.push(record);
      const thrown = run.tasks.find(
        (each) => each.error !== undefined && (!each.lane || isNotImplemented(each.error.value)),
      );
      if (thrown) {
        if (isNotImplemented(thrown.error!.value)) throw thrown.error!.value;
        failure = { kind: 'error', message: `${thrown.name} threw ${describeError(thrown.error!.value)}` };
      }
      if (setup.state) record.state = describeState(setup.state);
      failure ??= checkProblem(setup.invariant, 'invariant');
    }
  } finally {
    run.events = run.tasks.map(() => []); // what the clean-up wakes belongs to no step
    await cleanUp(setup);
  }
  return { taskNames: run.tasks.map((task) => task.name), choices, steps, ...(failure ? { failure } : {}) };
}

/** Starts a task's body inside its own async context, so its pauses know whose they are. */
function start(run: ScheduleRun, task: Task, index: number): void {
  task.started = true;
  const body = running.run({ run, task: index }, () => Promise.resolve().then(task.body));
  body.then(
    () => {
      task.finished = true;
      run.record(task, 'done');
    },
    (error: unknown) => {
      task.finished = true;
      task.error = { value: error };
      run.record(task, `threw ${describeError(error)}`);
    },
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
}

/** The scenario's state line; what a broken `state()` threw stands in for it, a stub's error escapes. */
function describeState(state: () => string): string {
  try {
    return state();
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    return `(state() threw ${describeError(error)})`;
  }
}

/** Runs a scenario's check: a returned string or a thrown error is the problem; a stub's error escapes. */
function checkProblem(
  // biome-ignore lint/suspicious/noConfusingVoidType: the scenario's check, typed as Scenario types it
  check: (() => string | undefined | void) | undefined,
  kind: 'invariant' | 'check',
): Failure | undefined {
  if (!check) return undefined;
  let problem: unknown;
  try {
    problem = check();
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    problem = describeProblem(error);
  }
  return typeof problem === 'string' && problem !== '' ? { kind, message: problem } : undefined;
}

/** Lets the scenario wake what it left waiting, then lets the woken tasks run out. */
async function cleanUp(setup: Setup): Promise<void> {
  if (!setup.cleanup) return;
  try {
    setup.cleanup();
  } catch (error) {
    if (isNotImplemented(error)) return; // the stub's own error is already the lesson
    throw error;
  }
  await settle();
}
