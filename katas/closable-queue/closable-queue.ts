/**
 * A bounded, closable async queue and the worker stages built on it: the JavaScript take on
 * "use a queue to coordinate work between threads".
 *
 * Your task is in ./README.md, step by step. Run `npm test katas/closable-queue` and make it green.
 *
 * @module
 */
import { notImplemented } from '../../lib/not-implemented.ts';

// Given, and not to be changed: the error class callers catch, in ./errors.ts. It is re-exported
// here, so callers find every name of the kata in this module.
import { QueueClosedError } from './errors.ts';

export { QueueClosedError };

const readme = 'katas/closable-queue/README.md';

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

/**
 * A first-in, first-out queue for async producers and consumers, with backpressure, completion
 * tracking and a broadcast close. The full contract is in the README.
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
  readonly capacity!: number;
  // TODO(step 1): where do buffered items live, so that taking the oldest one is O(1)?
  // TODO(step 2): who is waiting for an item, in what order?
  // TODO(step 3): who is waiting for a free slot, and with which item?
  // TODO(step 4): how many items entered and are not done yet, and who waits for that to reach 0?

  /**
   * @param options `capacity`: a positive integer, or `Infinity` (the default) for no bound.
   * @throws {TypeError} When `capacity` is not a number.
   * @throws {RangeError} When `capacity` is not a positive integer or `Infinity`.
   */
  constructor(options: { capacity?: number } = {}) {
    // TODO(step 1): validate at the boundary: one rule, and a message that says what was received.
    notImplemented(`step 1 of ${readme} (new ClosableQueue)`);
  }

  /** Items buffered, not yet taken. */
  get size(): number {
    return notImplemented(`step 1 of ${readme} (ClosableQueue.size)`);
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return notImplemented(`step 5 of ${readme} (ClosableQueue.closed)`);
  }

  /**
   * Adds an item, waiting while the queue is full.
   *
   * @param item Any value, `undefined` included.
   * @returns A promise that resolves once the item is in the queue (or handed to a waiting getter).
   *   It rejects with `QueueClosedError` if the queue is or becomes closed first (the item is not
   *   enqueued), or with `signal.reason` if the signal is or becomes aborted first.
   */
  async put(item: T, options: WaitOptions = {}): Promise<void> {
    // TODO(step 3): a full queue parks the caller; nothing here may poll.
    notImplemented(`step 1 of ${readme} (ClosableQueue.put)`);
  }

  /**
   * Adds an item only if that needs no waiting.
   *
   * @returns `true` if the item entered the queue (or went to a waiting getter); `false` if the
   *   queue is full or closed.
   */
  tryPut(item: T): boolean {
    // TODO(step 2): a getter that is already waiting has first claim on a new item.
    return notImplemented(`step 1 of ${readme} (ClosableQueue.tryPut)`);
  }

  /**
   * Takes the oldest item, waiting while the queue is empty.
   *
   * @returns A promise of the item. It rejects with `QueueClosedError` once the queue is closed and
   *   drained, or with `signal.reason` if the signal is or becomes aborted first (no item is taken).
   */
  async get(options: WaitOptions = {}): Promise<T> {
    // TODO(step 2): an empty queue parks the caller until put() hands it an item.
    return notImplemented(`step 1 of ${readme} (ClosableQueue.get)`);
  }

  /**
   * Takes the oldest item only if one is buffered.
   *
   * @returns `{ state: 'ok', value }`, `{ state: 'empty' }`, or `{ state: 'closed' }` once the queue
   *   is closed and drained; a tagged result, because `undefined` is a legal item.
   */
  tryGet(): TryGetResult<T> {
    // TODO(step 3): taking an item frees a slot; who gets it?
    return notImplemented(`step 1 of ${readme} (ClosableQueue.tryGet)`);
  }

  /**
   * Marks one item that entered the queue as finished.
   *
   * @throws {RangeError} When no item is unfinished (called more often than items were put).
   */
  taskDone(): void {
    notImplemented(`step 4 of ${readme} (ClosableQueue.taskDone)`);
  }

  /** Resolves once every item that entered the queue has been marked done: at once if none is unfinished. */
  async join(): Promise<void> {
    notImplemented(`step 4 of ${readme} (ClosableQueue.join)`);
  }

  /**
   * Closes the queue for good. Idempotent. Waiting putters reject and their items are not enqueued;
   * getters still drain what is buffered, then reject with `QueueClosedError`.
   */
  close(): void {
    // TODO(step 5): a broadcast, not a sentinel: who must hear about it?
    notImplemented(`step 5 of ${readme} (ClosableQueue.close)`);
  }

  /**
   * Yields items until the queue is closed and drained. Each item is marked done when the loop body
   * finishes with it, also when the body throws or breaks. Several loops may share one queue.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    // TODO(step 7): what runs when the loop body breaks or throws?
    notImplemented(`step 7 of ${readme} (ClosableQueue[Symbol.asyncIterator])`);
  }
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
  /**
   * Settles when the worker's loop has ended: resolves once `input` is closed and drained, rejects
   * with the error of a `work` call that threw (the worker takes no more items after that) or of a
   * `put` into `output` that failed.
   */
  readonly done!: Promise<void>;

  /**
   * @param work Runs once per item; its result goes to `output`.
   * @throws {TypeError} When `work` is not a function.
   */
  constructor(work: (item: I) => O | Promise<O>, input: ClosableQueue<I>, output: ClosableQueue<O>) {
    // TODO(step 8): done must exist before start(); how does the loop settle it later?
    notImplemented(`step 8 of ${readme} (new StoppableWorker)`);
  }

  /** Starts the loop (once; later calls do nothing). @returns this worker, for chaining. */
  start(): this {
    return notImplemented(`step 8 of ${readme} (StoppableWorker.start)`);
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
  return notImplemented(`step 8 of ${readme} (startWorkers)`);
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
  // TODO(step 8): which promise settles first when a worker fails?
  notImplemented(`step 8 of ${readme} (stopWorkers)`);
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
 */
export async function runPipeline(
  items: Iterable<unknown> | AsyncIterable<unknown>,
  stages: readonly Stage[],
): Promise<unknown[]> {
  // TODO(step 9): when one stage fails, how does every blocked worker and the feeder find out?
  return notImplemented(`step 9 of ${readme} (runPipeline)`);
}
