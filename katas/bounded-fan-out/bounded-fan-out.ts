/**
 * Fan-out and fan-in without unbounded concurrency: a limiter that runs at most N tasks at once,
 * an ordered concurrent map built on it, and a Game of Life step that queries every cell through it.
 *
 * Your task is in ./README.md, step by step. Run `npm test katas/bounded-fan-out` and make it green.
 * The Game of Life itself is given, in ./game-of-life.ts.
 *
 * @module
 */
import { notImplemented } from '../../lib/not-implemented.ts';
import { countNeighbours, type Grid, slowGameLogic, type Cell, type GameLogic } from './game-of-life.ts';

const readme = 'katas/bounded-fan-out/README.md';

/** Options of `limit`. */
export interface LimitOptions {
  /**
   * Aborting it drops every pending task (their promises reject with `signal.reason`) and makes
   * every later call reject with it at once. Running tasks are not interrupted.
   */
  signal?: AbortSignal;
}

/**
 * A function that runs tasks with at most `concurrency` of them in flight, and its counters.
 * Call it as `run(fn, ...args)`: it calls `fn(...args)` when a slot is free and returns a promise
 * that settles like `fn`'s result.
 */
export interface Limit {
  /**
   * Runs `fn(...args)` once one of the limiter's slots is free, first come first served.
   *
   * @returns A promise that settles like `fn`'s result. It rejects with `fn`'s error (also one it
   *   throws synchronously), with a `TypeError` if `fn` is not a function, with an `AbortError`
   *   `DOMException` whose message names `clearQueue()` if `clearQueue()` drops the task before it
   *   starts, or with `signal.reason` if the limiter's signal is or becomes aborted before the task
   *   starts.
   */
  <Args extends unknown[], R>(fn: (...args: Args) => R | PromiseLike<R>, ...args: Args): Promise<Awaited<R>>;
  /** Tasks started and not yet settled: never more than `concurrency`. */
  readonly activeCount: number;
  /** Tasks waiting for a slot. */
  readonly pendingCount: number;
  /** The most tasks in flight at once. */
  readonly concurrency: number;
  /**
   * Drops every pending task: its `fn` is never called, and its promise rejects with an
   * `AbortError` `DOMException` whose message names `clearQueue()`, so that it reads apart from an
   * aborted signal's. Running tasks go on. The limiter stays usable.
   */
  clearQueue(): void;
}

/**
 * Creates a limiter: a function that runs async tasks with at most `concurrency` in flight.
 *
 * Guarantees:
 * - At most `concurrency` tasks run at once, and a task waits only while all slots are taken.
 * - Tasks start in the order of the calls (first in, first out).
 * - Each task's outcome goes to its own promise only; a task that rejects or throws frees its slot.
 * - Every error of a call is a rejection, never a synchronous throw.
 *
 * An argument error's message says which call failed, names the argument and says what was
 * received, e.g. `Cannot create limiter: concurrency must be a positive integer or Infinity, received 0`.
 *
 * Do not call a limiter from inside a task it runs and await the result: with every slot taken by
 * tasks waiting for tasks queued behind them, nothing ever starts again (a deadlock).
 *
 * @param concurrency A positive integer, or `Infinity` for no bound.
 * @param options `signal`: see `LimitOptions`.
 * @returns The limiter.
 * @throws {TypeError} When `concurrency` is not a number.
 * @throws {RangeError} When `concurrency` is not a positive integer or `Infinity`.
 * @example Fetch ten pages, two at a time
 * ```ts
 * const run = limit(2);
 * const pages = await Promise.all(urls.map((url) => run(fetchPage, url)));
 * assert.equal(run.activeCount, 0);
 * ```
 */
export function limit(concurrency: number, options: LimitOptions = {}): Limit {
  // TODO(step 1): validation at the boundary: one rule for concurrency, and a message that says what was received.
  // TODO(step 1): a function with read-only properties: how does the limiter expose its counts?
  // TODO(step 1): the one error rule: what does a call do with a task that is not a function, or that throws?
  // TODO(step 2): admission: when does a task start at once, and where does it wait otherwise, in what order?
  // TODO(step 2): hand-over: when a task settles, either way, who takes its slot?
  // TODO(step 3): cancellation: what must the promise of a task that never starts do, so no awaiter hangs?
  // TODO(step 3): abort: what happens to waiting tasks, running tasks, and later calls?
  return notImplemented(`step 1 of ${readme} (limit)`);
}

/** Options of `mapConcurrent`. */
export interface MapOptions {
  /** The most `fn` calls in flight at once: a positive integer, or `Infinity`. Required. */
  concurrency: number;
  /** Aborting it starts no more items; the promise rejects with `signal.reason` once running ones end. */
  signal?: AbortSignal;
}

/**
 * Calls `fn(item, index)` for every item with at most `concurrency` calls in flight, and collects
 * the results in input order.
 *
 * Guarantees:
 * - Items start in input order; at most `concurrency` calls run at once, and that many do run
 *   while enough items wait.
 * - The results are in input order, whatever order the calls finish in.
 * - On the first failure (a call that rejects or throws, or the signal aborting), no further item
 *   starts; the promise rejects with that first error once every call already started has ended.
 *   The later errors are swallowed, never unhandled.
 * - Once it settles, it leaves no listener on the signal, so one long-lived signal can serve any
 *   number of calls.
 *
 * @param items Any iterable; it is read once, up front.
 * @param fn Called once per item with the item and its index.
 * @param options `concurrency` (required) and `signal`.
 * @returns A promise of the results, in input order.
 * @throws {TypeError} (as a rejection) When `items` is not iterable, `fn` is not a function,
 *   `options` is not an object, or `concurrency` is missing or not a number. Like every argument
 *   error here, its message says which call failed, names the argument and says what was received.
 * @throws {RangeError} (as a rejection) When `concurrency` is not a positive integer or `Infinity`.
 * @example Ten pages, three at a time, in order
 * ```ts
 * const pages = await mapConcurrent(urls, (url) => fetchPage(url), { concurrency: 3 });
 * assert.equal(pages.length, urls.length);
 * ```
 */
export async function mapConcurrent<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions,
): Promise<Awaited<R>[]> {
  // TODO(step 4): fan-in: how does each result find its place, whatever order the calls finish in?
  // TODO(step 5): the first failure: where must it be noticed so that no further item starts?
  // TODO(step 5): structured completion: what must be true of the calls already running before the promise settles?
  // TODO(step 5): handled rejections: which promises could reject with nobody listening?
  return notImplemented(`step 4 of ${readme} (mapConcurrent)`);
}

/** Options of `stepGrid`. */
export interface StepOptions {
  /** The most cells queried at once: a positive integer, or `Infinity`. Required. */
  concurrency: number;
  /** The per-cell query; default `slowGameLogic()`, a fake remote service with 10 ms latency. */
  gameLogic?: GameLogic;
  /** Aborting it queries no more cells; the step rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Computes the next generation of `grid`, querying `gameLogic` once per cell with at most
 * `concurrency` queries in flight. The current grid is only read.
 *
 * @param grid The current generation; it is not changed.
 * @param options `concurrency` (required), `gameLogic` and `signal`.
 * @returns A promise of the next generation, a new grid. It rejects with the first query's error,
 *   after the queries already started have ended, and starts no query after it. Like
 *   `mapConcurrent`, it leaves no listener on the signal once it settles.
 * @throws {TypeError} (as a rejection) When `grid` is not a `Grid`, `options` is not an object, or
 *   `concurrency` is missing or not a number. The message says which call failed and names the
 *   argument.
 * @throws {RangeError} (as a rejection) When `concurrency` is not a positive integer or `Infinity`.
 * @example A blinker turns, four cells at a time
 * ```ts
 * const next = await stepGrid(Grid.parse('-----\n--*--\n--*--\n--*--\n-----'), { concurrency: 4 });
 * assert.equal(next.toString(), '-----\n-----\n-***-\n-----\n-----');
 * ```
 */
export async function stepGrid(grid: Grid, options: StepOptions): Promise<Grid> {
  // TODO(step 6): generations: which grid do the neighbour counts read, and which one do the answers go into?
  // TODO(step 6): bounded fan-out: which of your functions runs one query per cell, at most concurrency at once?
  return notImplemented(`step 6 of ${readme} (stepGrid)`);
}
