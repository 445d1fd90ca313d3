/**
 * What a test hands the explorer: a scenario of a few tasks that interleave only where they yield,
 * and what must hold however they interleave.
 *
 * @module
 */

/** A step's label, or a function that reads the state when the task yields, e.g. `() => \`read ${counter.count}\``. */
export type Label = string | (() => string);

/**
 * The yield points the explorer hands to a scenario's tasks. A task runs without interruption from
 * one yield to the next; the explorer decides which parked task moves next.
 */
export interface World {
  /**
   * A yield point: the calling task parks here until the explorer picks it.
   *
   * @param label What the task did since its previous yield, shown in its lane.
   * @param options `within`: the operation this yield lies inside (e.g. `'increment()'`), so that
   *   `play` can show the operation as one move until the learner expands it.
   * @returns A promise that resolves when the explorer lets the task go on.
   * @throws {Error} (as a rejection) When called outside the scenario's tasks.
   */
  pause(label?: Label, options?: { within?: string }): Promise<void>;
  /**
   * A pause to hand to code under test (the `pause` a `Counter` takes, a fake I/O's wait): each
   * call is a yield point of the task that makes it.
   *
   * @param label Evaluated at each call.
   * @param options As for `pause`.
   * @returns A function that returns `pause(label, options)`.
   */
  pauser(label?: Label, options?: { within?: string }): () => Promise<void>;
  /**
   * Adds a line to the calling task's lane in the current step, e.g. `note(\`wrote ${count}\`)`.
   *
   * @throws {Error} When called outside the scenario's tasks.
   */
  note(text: string): void;
  /**
   * Runs `body` as a task of its own, with its own lane: for work that code under test starts
   * (a pipeline's `work` function), whose pauses would otherwise all belong to one task. The lane
   * starts at once, within the calling task's step, and its error goes to the caller.
   *
   * @param name The lane's title, unique within the schedule, e.g. `'resize 3'`.
   * @returns What `body` returns.
   */
  lane<T>(name: string, body: () => T | Promise<T>): Promise<T>;
  /**
   * Awaits `promise`, naming what the task waits on should it block for good: the deadlock report
   * then says "getter 2 waits in get()".
   *
   * @param what The call, e.g. `'get()'`.
   * @returns What `promise` resolves with.
   */
  waitIn<T>(what: string, promise: PromiseLike<T>): Promise<T>;
}

/** What a scenario's setup returns: the tasks, and what must hold. */
export interface Setup {
  /** The tasks, 1 to 8, by name, in lane order; each is called once per schedule. */
  tasks: Record<string, () => unknown>;
  /**
   * Checked after every step: returns (or throws) what is wrong, or nothing when all is well, e.g.
   * `holders > 1 ? 'two tasks hold the lock' : undefined`.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a check written as plain statements returns nothing, and passes
  invariant?: () => string | undefined | void;
  /** Checked once every task has finished: returns (or throws) what is wrong, or nothing. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a check written as plain statements returns nothing, and passes
  check?: () => string | undefined | void;
  /** A short description of the shared state, shown beside each step, e.g. `count 2`. */
  state?: () => string;
  /** Why nobody can wake a blocked task, for the deadlock report, e.g. `'nobody will put or close'`. */
  deadlockHint?: string;
  /** Called after every schedule, whatever happened: wake or close what tasks may still wait on. */
  cleanup?: () => void;
}

/**
 * A scenario: a factory re-run for every schedule, so each schedule starts from fresh state.
 *
 * @example Two sensors share a racy counter
 * ```ts
 * const lostUpdate: Scenario = {
 *   name: 'lost-update',
 *   setup(world) {
 *     const counter = new Counter(world.pauser(() => `read ${counter.count}`));
 *     const sensor = async () => { await counter.increment(1); world.note(`wrote ${counter.count}`); };
 *     return { tasks: { 'sensor 0': sensor, 'sensor 1': sensor }, check: () => (counter.count === 2 ? undefined : 'lost update') };
 *   },
 * };
 * ```
 */
export interface Scenario {
  /** A short name, used in replay tokens: letters, digits and dashes. */
  name: string;
  /** One line saying what the scenario shows. */
  title?: string;
  /**
   * Builds fresh state and the tasks; must be deterministic, since every schedule runs it again.
   * A stub's "not implemented" error thrown here ends the exploration as it is.
   */
  setup(world: World): Setup;
}

/** Why a schedule failed. */
export type FailureKind = 'invariant' | 'check' | 'error' | 'deadlock' | 'livelock';

/** What went wrong in one schedule. */
export interface Failure {
  kind: FailureKind;
  /** One line: what broke, e.g. `count is 1, expected 2`. */
  message: string;
  /** For a deadlock: what each unfinished task waits on. */
  waiting?: string[];
}

/** One step of a schedule: the task the explorer let go on, and what every task did meanwhile. */
export interface StepRecord {
  /** The task chosen at this step (an index into `taskNames`). */
  task: number;
  /** The tasks that could have been chosen, in order. */
  enabled: number[];
  /** For each task, what it did during the step (the chosen one, and any it woke). */
  events: string[][];
  /** The scenario's `state()` after the step, if it has one. */
  state?: string;
}

/** One schedule, run to its end or to its first failure. */
export interface Execution {
  taskNames: string[];
  /** The task chosen at each step. */
  choices: number[];
  steps: StepRecord[];
  failure?: Failure;
}
