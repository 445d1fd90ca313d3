/**
 * A bounded, closable async queue and the worker stages built on it: the JavaScript take on
 * "use a queue to coordinate work between threads".
 *
 * @module
 */
// The given error class, re-exported so callers find every name of the kata in this module.
import { QueueClosedError } from '../../katas/closable-queue/errors.ts';

export { QueueClosedError };

/** What `tryGet` found: an item, nothing yet, or a queue that is closed and drained. */
export type TryGetResult<T> = { state: 'ok'; value: T } | { state: 'empty' } | { state: 'closed' };

/** Options of a call that may wait. */
export interface WaitOptions {
  /**
   * Aborting it rejects the waiting call with `signal.reason` and leaves the queue as it was. A call
   * that is served or refused removes its listener from the signal.
   */
  signal?: AbortSignal;
}

/** A blocked `get` or `put` (with the item it brings), waiting for an item or a free slot. */
interface Waiter<V> {
  readonly item: unknown;
  readonly resolve: (value: V) => void;
  readonly reject: (reason: unknown) => void;
  /** Set by an abort: the waiter stays in its line, which skips it. */
  aborted: boolean;
  /** Set while an abort listener is attached, to remove it once the waiter is settled. */
  stopListening: (() => void) | undefined;
}

/** Gives a waiter, already out of its line, what it waited for. */
function serve<V>(waiter: Waiter<V>, value: V): void {
  waiter.stopListening?.();
  waiter.resolve(value);
}

/** Turns a waiter away with `reason`. */
function refuse<V>(waiter: Waiter<V>, reason: unknown): void {
  waiter.stopListening?.();
  waiter.reject(reason);
}

/** What every `put` that need not wait returns: one settled promise shared by all, so that path allocates nothing. */
const resolved: Promise<void> = Promise.resolve();

/** Why a `put` is refused; the error carries the item back to the caller. */
function closedForPut(item: unknown): QueueClosedError {
  return new QueueClosedError('Cannot put: the queue is closed, the item was not enqueued', item);
}

/** Why a `get` is refused. */
function closedForGet(): QueueClosedError {
  return new QueueClosedError('Cannot get: the queue is closed and drained');
}

/**
 * A first-in, first-out list where taking the oldest entry is O(1): an index moves forward instead
 * of `Array.prototype.shift` moving every entry, and the array is compacted now and then.
 */
class Fifo<T> {
  #entries: T[] = [];
  /** The oldest entry is `#entries[#head]`; the ones before it are taken. */
  #head = 0;

  get length(): number {
    return this.#entries.length - this.#head;
  }

  push(entry: T): void {
    this.#entries.push(entry);
  }

  /** Removes and returns the oldest entry; call only when `length > 0`. */
  shift(): T {
    const entry = this.#entries[this.#head] as T;
    this.#entries[this.#head++] = undefined as T; // let the entry be collected
    // Once the taken entries are many and at least half the array, drop them: the copy costs at
    // most as much as the shifts before it, so every shift stays O(1) on average.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator,BlockStatement: when to compact changes only memory use and speed, which no caller can see
    if (this.#head >= 1024 && this.#head * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }
}

/** Waiters in arrival order. An aborted waiter leaves the line in O(1): it stays put, and `shift` skips it. */
class Line<W extends { readonly aborted: boolean }> {
  readonly #waiters = new Fifo<W>();

  push(waiter: W): void {
    this.#waiters.push(waiter);
  }

  /** Removes and returns the oldest waiter that was not aborted, if any. */
  shift(): W | undefined {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters.shift();
      if (!waiter.aborted) return waiter;
    }
    return undefined;
  }
}

/**
 * A first-in, first-out queue for async producers and consumers, with backpressure, completion
 * tracking and a broadcast close.
 *
 * Guarantees:
 * - `get` waits while the queue is empty, without polling; waiting getters are served oldest first,
 *   and an item put while getters wait goes straight to the oldest one.
 * - `put` waits while `size === capacity`; waiting putters are admitted oldest first, each the moment
 *   a `get` frees a slot.
 * - Every item is unfinished from the moment it enters until a `taskDone()`; `join()` resolves once
 *   none is unfinished.
 * - `close()` is idempotent and wakes everybody: waiting and later putters reject with
 *   `QueueClosedError` (their items are not enqueued); getters drain what is buffered, then reject.
 * - `put` and `get` report every error as a rejection, never a synchronous throw.
 *
 * @example Hand items from a producer to a consumer
 * ```ts
 * const queue = new ClosableQueue<number>({ capacity: 2 });
 * const consumer = (async () => { const seen = []; for await (const n of queue) seen.push(n); return seen; })();
 * for (const n of [1, 2, 3]) await queue.put(n);
 * queue.close();
 * assert.deepEqual(await consumer, [1, 2, 3]);
 * ```
 */
export class ClosableQueue<T> implements AsyncIterable<T> {
  /** The most items the queue buffers before `put` waits. */
  readonly capacity: number;
  /** Buffered items, oldest first. */
  readonly #items = new Fifo<T>();
  /** Blocked getters in arrival order; only non-empty while no item is buffered. */
  readonly #getters = new Line<Waiter<T>>();
  /** Blocked putters in arrival order, each with its item; only non-empty while the buffer is full. */
  readonly #putters = new Line<Waiter<void>>();
  /** Items that entered the queue and have not been marked done. */
  #unfinished = 0;
  #joiners: (() => void)[] = [];
  #closed = false;

  /**
   * @param options `capacity`: a positive integer, or `Infinity` (the default) for no bound.
   * @throws {TypeError} When `capacity` is not a number.
   * @throws {RangeError} When `capacity` is not a positive integer or `Infinity`.
   */
  constructor(options: { capacity?: number } = {}) {
    const { capacity = Infinity } = options;
    assertCapacity('create queue', 'capacity', capacity);
    this.capacity = capacity;
  }

  /** Items buffered, not yet taken. */
  get size(): number {
    return this.#items.length;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Adds an item, waiting while the queue is full.
   *
   * @param item Any value, `undefined` included.
   * @returns A promise that resolves once the item is in the queue (or handed to a waiting getter).
   *   It rejects with `QueueClosedError` if the queue is or becomes closed first (the item is not
   *   enqueued), or with `signal.reason` if the signal is or becomes aborted first.
   */
  put(item: T, options?: WaitOptions): Promise<void> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryPut(item)) return resolved;
    if (this.#closed) return Promise.reject(closedForPut(item));
    return this.#wait(this.#putters, item, signal);
  }

  /**
   * Adds an item only if that needs no waiting.
   *
   * @returns `true` if the item entered the queue (or went to a waiting getter); `false` if the
   *   queue is full or closed.
   */
  tryPut(item: T): boolean {
    if (this.#closed) return false;
    const getter = this.#getters.shift();
    if (getter) {
      // The oldest getter takes the item directly, so a later get() cannot overtake it.
      this.#unfinished++;
      serve(getter, item);
      return true;
    }
    if (this.size >= this.capacity) return false;
    this.#items.push(item);
    this.#unfinished++;
    return true;
  }

  /**
   * Takes the oldest item, waiting while the queue is empty.
   *
   * @returns A promise of the item. It rejects with `QueueClosedError` once the queue is closed and
   *   drained, or with `signal.reason` if the signal is or becomes aborted first (no item is taken).
   */
  get(options?: WaitOptions): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.size > 0) return Promise.resolve(this.#take());
    if (this.#closed) return Promise.reject(closedForGet());
    return this.#wait(this.#getters, undefined, signal);
  }

  /**
   * Takes the oldest item only if one is buffered.
   *
   * @returns `{ state: 'ok', value }`, `{ state: 'empty' }`, or `{ state: 'closed' }` once the queue
   *   is closed and drained; a tagged result, because `undefined` is a legal item.
   */
  tryGet(): TryGetResult<T> {
    if (this.size > 0) return { state: 'ok', value: this.#take() };
    return this.#closed ? { state: 'closed' } : { state: 'empty' };
  }

  /** Takes the oldest buffered item (there must be one), and lets the oldest waiting putter in. */
  #take(): T {
    const value = this.#items.shift();
    // A slot is free: the oldest waiting putter moves in at once, so size stays at capacity
    // and a later put() cannot jump ahead of it.
    const putter = this.#putters.shift();
    if (putter) {
      this.#items.push(putter.item as T);
      this.#unfinished++;
      serve(putter, undefined);
    }
    return value;
  }

  /**
   * Marks one item that entered the queue as finished.
   *
   * @throws {RangeError} When no item is unfinished (called more often than items were put).
   */
  taskDone(): void {
    if (this.#unfinished === 0) {
      throw new RangeError('Cannot mark a task done: no item is unfinished, received one taskDone() too many');
    }
    if (--this.#unfinished === 0) {
      const joiners = this.#joiners;
      this.#joiners = [];
      for (const resolve of joiners) resolve();
    }
  }

  /** Resolves once every item that entered the queue has been marked done: at once if none is unfinished. */
  join(): Promise<void> {
    if (this.#unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.#joiners.push(resolve));
  }

  /**
   * Closes the queue for good. Idempotent. Waiting putters reject and their items are not enqueued;
   * getters still drain what is buffered, then reject with `QueueClosedError`.
   */
  close(): void {
    this.#closed = true;
    // A broadcast: every waiter learns about the close now, not one per sentinel. Once closed, nobody
    // can wait, so a second close() finds no one: it is idempotent without a guard.
    for (let putter; (putter = this.#putters.shift()); ) refuse(putter, closedForPut(putter.item));
    for (let getter; (getter = this.#getters.shift()); ) refuse(getter, closedForGet());
  }

  /**
   * Yields items until the queue is closed and drained. Each item is marked done when the loop body
   * finishes with it, also when the body throws or breaks. Several loops may share one queue.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    while (true) {
      let item: T;
      try {
        item = await this.get();
      } catch (error) {
        if (error instanceof QueueClosedError) return;
        throw error;
      }
      try {
        yield item;
      } finally {
        this.taskDone();
      }
    }
  }

  /** Parks a caller in `waiters` until it is served, the queue closes, or `signal` aborts. */
  #wait<V>(waiters: Line<Waiter<V>>, item: unknown, signal: AbortSignal | undefined): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter<V> = { item, resolve, reject, aborted: false, stopListening: undefined };
      waiters.push(waiter);
      if (signal) listenForAbort(waiter, signal);
    });
  }
}

/** Lets `signal` take a waiter out of its line: an aborted call takes no item and adds none. */
function listenForAbort<V>(waiter: Waiter<V>, signal: AbortSignal): void {
  const onAbort = () => {
    waiter.aborted = true;
    refuse(waiter, signal.reason);
  };
  signal.addEventListener('abort', onAbort);
  waiter.stopListening = () => signal.removeEventListener('abort', onAbort);
}

/**
 * A worker loop that takes items from `input`, runs `work` on each, and puts the result in `output`,
 * until `input` is closed and drained.
 *
 * @example One worker doubling numbers
 * ```ts
 * const input = new ClosableQueue<number>(), output = new ClosableQueue<number>();
 * const worker = new StoppableWorker((n: number) => n * 2, input, output).start();
 * await input.put(21);
 * input.close();
 * await worker.done;
 * assert.equal(await output.get(), 42);
 * ```
 */
export class StoppableWorker<I, O> {
  readonly #work: (item: I) => O | Promise<O>;
  readonly #input: ClosableQueue<I>;
  readonly #output: ClosableQueue<O>;
  #started = false;
  #settle!: { resolve(): void; reject(reason: unknown): void };
  /**
   * Settles when the worker's loop has ended: resolves once `input` is closed and drained, rejects
   * with the error of a `work` call that threw (the worker takes no more items after that) or of a
   * `put` into `output` that failed.
   */
  readonly done: Promise<void>;

  /**
   * @param work Runs once per item; its result goes to `output`.
   * @throws {TypeError} When `work` is not a function.
   */
  constructor(work: (item: I) => O | Promise<O>, input: ClosableQueue<I>, output: ClosableQueue<O>) {
    if (typeof work !== 'function') {
      throw new TypeError(`Cannot create worker: work must be a function, received ${typeof work}`);
    }
    this.#work = work;
    this.#input = input;
    this.#output = output;
    this.done = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
  }

  /** Starts the loop (once; later calls do nothing). @returns this worker, for chaining. */
  start(): this {
    if (!this.#started) {
      this.#started = true;
      this.#loop().then(this.#settle.resolve, this.#settle.reject);
    }
    return this;
  }

  async #loop(): Promise<void> {
    // The iterator marks each item done after the body, also when work or put throws.
    for await (const item of this.#input) {
      await this.#output.put(await this.#work(item));
    }
  }
}

/**
 * Starts `count` workers that share one input and one output queue.
 *
 * @returns The started workers.
 * @throws {TypeError} When `count` is not a number, or `work` is not a function.
 * @throws {RangeError} When `count` is not a positive integer.
 */
export function startWorkers<I, O>(
  count: number,
  work: (item: I) => O | Promise<O>,
  input: ClosableQueue<I>,
  output: ClosableQueue<O>,
): StoppableWorker<I, O>[] {
  assertPositiveInteger('start workers', 'count', count);
  return Array.from({ length: count }, () => new StoppableWorker(work, input, output).start());
}

/**
 * Closes `input`, then waits until it is drained and joined and every worker has ended.
 *
 * @returns A promise that resolves when all is done, or rejects with the first worker's error at
 *   once (a failed worker may leave items that would never be taken, so waiting would hang).
 */
export async function stopWorkers<I, O>(
  input: ClosableQueue<I>,
  workers: readonly StoppableWorker<I, O>[],
): Promise<void> {
  input.close();
  await Promise.all([input.join(), ...workers.map((worker) => worker.done)]);
}

/** One stage of a pipeline: `concurrency` workers running `work`, fed by a queue of `capacity`. */
export interface Stage {
  // biome-ignore lint/suspicious/noExplicitAny: stages chain items of different types, which one Stage type cannot name
  work: (item: any) => unknown;
  /** How many workers run this stage at once: a positive integer. */
  concurrency: number;
  /** The bound of the stage's input queue, a positive integer or `Infinity`; default `2 * concurrency`. */
  capacity?: number;
}

/**
 * Runs every item through the stages, each stage with its own workers, and collects the results.
 *
 * @returns A promise of every result, in no particular order. If a stage's `work` throws (or the
 *   items' iterator does), it rejects with that error in bounded time, once every worker has ended.
 *   Bad arguments reject before any work starts: with `TypeError` for items that are not iterable,
 *   a `work` that is not a function or a `concurrency` or `capacity` that is not a number; with
 *   `RangeError` for a `concurrency` or `capacity` that is not a positive integer (`capacity` may
 *   also be `Infinity`). The message names the field and its stage, e.g. `stages[1].concurrency`.
 * @example Three stages
 * ```ts
 * const results = await runPipeline([1, 2, 3], [
 *   { work: download, concurrency: 3 },
 *   { work: resize, concurrency: 4 },
 *   { work: upload, concurrency: 5 },
 * ]);
 * ```
 */
export async function runPipeline(
  items: Iterable<unknown> | AsyncIterable<unknown>,
  stages: readonly Stage[],
): Promise<unknown[]> {
  if (!(Symbol.iterator in Object(items) || Symbol.asyncIterator in Object(items))) {
    throw new TypeError(`Cannot run pipeline: items must be iterable, received ${String(items)}`);
  }
  // Every stage is checked before any worker starts.
  const capacities = stages.map(stageCapacity);
  const queues = [
    ...capacities.map((capacity) => new ClosableQueue<unknown>({ capacity })),
    new ClosableQueue<unknown>(),
  ];
  const results = queues.at(-1)!;

  // The first failure closes every queue: blocked puts and gets wake up, and each worker ends
  // after at most the item it holds, so nothing waits on a stage that will never drain, and
  // stopping the stages below ends at once.
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    for (const queue of queues) queue.close();
  };
  const workers = stages.map((stage, index) =>
    startWorkers(stage.concurrency, stage.work, queues[index]!, queues[index + 1]!),
  );
  const ended = Promise.all(workers.flat().map((worker) => worker.done.catch(fail)));

  try {
    for await (const item of items) await queues[0]!.put(item);
  } catch (error) {
    fail(error);
  }
  for (const [index, stageWorkers] of workers.entries()) {
    await stopWorkers(queues[index]!, stageWorkers).catch(fail);
  }
  await ended;
  if (failure) throw failure.error;

  results.close();
  const collected: unknown[] = [];
  for await (const result of results) collected.push(result);
  return collected;
}

/** Checks a stage's fields, naming each by the stage's index, and returns its input queue's capacity. */
function stageCapacity(stage: Stage, index: number): number {
  const name = `stages[${index}]`;
  if (typeof stage.work !== 'function') {
    throw new TypeError(`Cannot run pipeline: ${name}.work must be a function, received ${typeof stage.work}`);
  }
  assertPositiveInteger('run pipeline', `${name}.concurrency`, stage.concurrency);
  const capacity = stage.capacity ?? 2 * stage.concurrency;
  assertCapacity('run pipeline', `${name}.capacity`, capacity);
  return capacity;
}

/** The one check behind every capacity, so the rule and its message stay in agreement. */
function assertCapacity(action: string, name: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new TypeError(`Cannot ${action}: ${name} must be a number, received ${typeof value}`);
  }
  if (!(value === Infinity || (Number.isInteger(value) && value > 0))) {
    throw new RangeError(`Cannot ${action}: ${name} must be a positive integer or Infinity, received ${value}`);
  }
}

/** The one check behind every count argument, so the rule and its message stay in agreement. */
function assertPositiveInteger(action: string, name: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new TypeError(`Cannot ${action}: ${name} must be a positive integer, received ${typeof value}`);
  }
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be a positive integer, received ${value}`);
  }
}
