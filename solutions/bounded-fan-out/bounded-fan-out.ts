/**
 * Fan-out and fan-in without unbounded concurrency: a limiter that runs at most N tasks at once,
 * an ordered concurrent map built on it, and a Game of Life step that queries every cell through it.
 *
 * @module
 */
import {
  countNeighbours,
  Grid,
  slowGameLogic,
  type Cell,
  type GameLogic,
} from '../../katas/bounded-fan-out/game-of-life.ts';

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

/** A task waiting for a slot, with what it needs to start and to settle its caller's promise. */
interface Task {
  readonly fn: (...args: unknown[]) => unknown;
  readonly args: unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * A first-in, first-out list of tasks where taking the oldest is O(1): an index moves forward
 * instead of `Array.prototype.shift` moving every entry.
 */
class TaskQueue {
  #tasks: (Task | undefined)[] = [];
  /** The oldest waiting task is `#tasks[#head]`; the ones before it have left. */
  #head = 0;

  get size(): number {
    return this.#tasks.length - this.#head;
  }

  push(task: Task): void {
    this.#tasks.push(task);
  }

  /** Removes and returns the oldest task; call only when `size > 0`. */
  shift(): Task {
    const task = this.#tasks[this.#head]!;
    this.#tasks[this.#head++] = undefined; // let the task be collected
    // Once half the array or more has left, copy the rest down (an emptied queue starts afresh):
    // each task is copied at most once on average, so taking the oldest stays O(1).
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: when, or whether, the spent front is dropped changes only memory use and copying time, which no caller can see; that tasks keep their order across a compaction is tested
    if (this.#head * 2 >= this.#tasks.length) {
      this.#tasks = this.#tasks.slice(this.#head);
      this.#head = 0;
    }
    return task;
  }

  /** Removes every task and returns them, oldest first. */
  drain(): Task[] {
    const tasks = this.#tasks.slice(this.#head) as Task[];
    this.#tasks = [];
    this.#head = 0;
    return tasks;
  }
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
  assertConcurrency('create limiter', concurrency);
  const { signal } = options;
  const waiting = new TaskQueue();
  let active = 0;

  // Called once per started task, when it settles: hand the freed slot to the oldest waiter.
  const next = () => {
    active--;
    if (waiting.size > 0) start(waiting.shift());
  };

  const start = (task: Task) => {
    active++;
    let result: unknown;
    try {
      result = task.fn(...task.args);
    } catch (error) {
      // A synchronous throw is the task's rejection, and frees the slot like one.
      result = Promise.reject(error);
    }
    // Settle the caller's promise first, then start the next task, in one callback: no extra hops.
    Promise.resolve(result).then(
      (value) => {
        task.resolve(value);
        next();
      },
      (error: unknown) => {
        task.reject(error);
        next();
      },
    );
  };

  const refuseAll = (reason: () => unknown) => {
    for (const task of waiting.drain()) task.reject(reason());
  };

  const run = ((fn: unknown, ...args: unknown[]): Promise<unknown> => {
    if (typeof fn !== 'function') {
      return Promise.reject(new TypeError(`Cannot run task: the task must be a function, received ${typeof fn}`));
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const task: Task = { fn: fn as Task['fn'], args, resolve, reject };
      // Only a task that finds a free slot and nobody ahead of it starts now: FIFO.
      if (active < concurrency) start(task);
      else waiting.push(task);
    });
  }) as Limit;

  // Abort drops the line; running tasks finish, because a promise cannot be stopped from outside.
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: an aborted signal never fires again, so `once` only lets go of the listener (and the limiter it holds) sooner: memory, which no caller can see
  signal?.addEventListener('abort', () => refuseAll(() => signal.reason), { once: true });

  Object.defineProperties(run, {
    activeCount: { get: () => active },
    pendingCount: { get: () => waiting.size },
    concurrency: { value: concurrency },
    clearQueue: {
      // Reject rather than forget: a dropped task's promise that never settles would hang its
      // awaiter (a Promise.all, a for loop) forever.
      value: () =>
        refuseAll(() => new DOMException('Cannot run task: clearQueue() dropped it before it started', 'AbortError')),
    },
  });
  return run;
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
  if (items == null || typeof (items as Iterable<T>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Cannot map: items must be iterable, received ${String(items)}`);
  }
  if (typeof fn !== 'function') throw new TypeError(`Cannot map: fn must be a function, received ${typeof fn}`);
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`Cannot map: options must be an object with a concurrency, received ${String(options)}`);
  }
  assertConcurrency('map', options.concurrency);
  const { signal } = options;
  signal?.throwIfAborted();

  const list = Array.from(items);
  const run = limit(options.concurrency);
  // Stryker disable next-line ArrayDeclaration: sizing the array up front only spares it growing (and going sparse when a far item ends first); every index is written before it is returned
  const results = new Array<Awaited<R>>(list.length);
  // The first failure wins. It is recorded inside the task, before the task's slot is freed, so the
  // next item's task already sees it; clearing the queue drops every item that has not started.
  let failure: { error: unknown } | undefined;
  const stop = (error: unknown) => {
    failure ??= { error };
    run.clearQueue();
  };
  const task = async (item: T, index: number) => {
    if (failure) return; // started into a slot freed by the failure itself: do not call fn
    try {
      results[index] = await fn(item, index);
    } catch (error) {
      stop(error);
    }
  };
  // Removed once every task has ended, whatever happened: a long-lived signal outlives many calls.
  const onAbort = () => stop(signal!.reason);
  signal?.addEventListener('abort', onAbort);
  try {
    // Every task handles its own errors, and the dropped ones' AbortErrors are caught here, so no
    // rejection is ever unhandled; Promise.all then waits for every task that started.
    await Promise.all(list.map((item, index) => run(task, item, index).catch(() => {})));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  return results;
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
  if (!(grid instanceof Grid)) throw new TypeError(`Cannot step grid: grid must be a Grid, received ${String(grid)}`);
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`Cannot step grid: options must be an object with a concurrency, received ${String(options)}`);
  }
  const { concurrency, gameLogic = slowGameLogic(), signal } = options;
  assertConcurrency('step grid', concurrency); // here, so that the message names stepGrid, not mapConcurrent
  // Read the whole current generation before any answer arrives: writing answers into the grid
  // being read would feed half of the next generation into the neighbour counts.
  const cells: { row: number; column: number; state: Cell; neighbours: number }[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      cells.push({ row, column, state: grid.get(row, column), neighbours: countNeighbours(grid, row, column) });
    }
  }
  const states = await mapConcurrent(cells, (cell) => gameLogic(cell.state, cell.neighbours), { concurrency, signal });
  const next = new Grid(grid.rows, grid.columns);
  for (const [index, cell] of cells.entries()) next.set(cell.row, cell.column, states[index]!);
  return next;
}

/** The one check behind every concurrency argument, so the rule and its message stay in agreement. */
function assertConcurrency(action: string, concurrency: unknown): asserts concurrency is number {
  if (typeof concurrency !== 'number') {
    throw new TypeError(`Cannot ${action}: concurrency must be a number, received ${typeof concurrency}`);
  }
  if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0))) {
    throw new RangeError(
      `Cannot ${action}: concurrency must be a positive integer or Infinity, received ${concurrency}`,
    );
  }
}
