/**
 * Use a lock to prevent data races, twice over: on one thread, where an `await` between a read and
 * a write lets another task in, and across worker threads sharing memory, where a plain `++` is
 * three steps another thread can come between.
 *
 * Your task is in ./README.md, step by step. Run `npm test katas/locking-counter` and make it green.
 * `Counter` (counter.ts), the types (types.ts) and the files checks.ts, start-line.ts and
 * count-thread.ts are given; the rest is yours.
 *
 * @module
 */
import { notImplemented } from '../../lib/not-implemented.ts';
// What your steps need: argument checks with the kata's error messages, the default pause, the
// thread starter, the start line and the types.
import {
  checkCountOptions,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkSharedBuffer,
  int32,
  show,
} from './checks.ts';
import { oneMicrotask, type Pause } from './counter.ts';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import { StartLine } from './start-line.ts';
import type {
  AcquireOptions,
  CountJob,
  CountMessage,
  CountOptions,
  CountReport,
  CountResult,
  Release,
} from './types.ts';

// Given, and exported from here as they are.
export { Counter, type Pause } from './counter.ts';
export type {
  AcquireOptions,
  CountFailure,
  CountJob,
  CountMessage,
  CountMode,
  CountOptions,
  CountReport,
  CountResult,
  Release,
} from './types.ts';

const readme = 'katas/locking-counter/README.md';

/** A task waiting for the lock. */
interface Waiter {
  /** Hands the lock to this task. */
  grant(release: Release): void;
}

/**
 * A lock for async tasks on one thread: only one holder at a time, across any number of `await`s.
 *
 * Guarantees (the full contract is in the README):
 * - Fair: waiters get the lock in the order they asked for it; a task that asks after a release
 *   never jumps the queue.
 * - Each holder gets its own release function; calling it twice is harmless and never releases the
 *   lock of a later holder.
 * - An `acquire` aborted while it waits rejects with `signal.reason` and never holds the lock.
 * - `runExclusive` releases when its function returns or throws, and passes the value or the error on.
 *
 * @example Run one task at a time
 * ```ts
 * const mutex = new Mutex();
 * const result = await mutex.runExclusive(async () => 42);
 * assert.equal(result, 42);
 * ```
 */
export class Mutex {
  // TODO(step 1): what says the lock is held, and who waits for it, in what order?

  /** True from the moment the lock is granted until its holder releases it with nobody waiting. */
  get locked(): boolean {
    return notImplemented(`step 1 of ${readme} (Mutex.locked)`);
  }

  /**
   * Takes the lock if it is free right now.
   *
   * @returns This holder's release, or `undefined` when the lock is held.
   */
  tryAcquire(): Release | undefined {
    // TODO(step 1): a release belongs to one hold: what makes its second call harmless?
    return notImplemented(`step 1 of ${readme} (Mutex.tryAcquire)`);
  }

  /**
   * Waits for the lock, behind every earlier caller.
   *
   * @param options `signal` to stop waiting.
   * @returns Resolves with this holder's release once the lock is its; rejects with `signal.reason`
   *   when aborted first, or with a TypeError naming Mutex and `signal` when `signal` is not an
   *   AbortSignal.
   */
  acquire(options?: AcquireOptions): Promise<Release> {
    // TODO(step 1): a waiting caller is a promise; when the holder releases, who gets the lock, and can anyone barge in first?
    // TODO(step 2): a caller that gives up (its signal aborts) must leave the line for good.
    return notImplemented(`step 1 of ${readme} (Mutex.acquire)`);
  }

  /**
   * Runs `fn` while holding the lock, and releases it however `fn` ends.
   *
   * @param fn The work to do alone; may be async.
   * @param options `signal` to stop waiting for the lock.
   * @returns What `fn` returns; rejects with what `fn` throws, with `signal.reason` when aborted
   *   before the lock was taken, or with a TypeError naming Mutex and `fn` when `fn` is not a
   *   function.
   */
  runExclusive<T>(fn: () => T | Promise<T>, options?: AcquireOptions): Promise<T> {
    // TODO(step 2): the release must happen however fn ends.
    return notImplemented(`step 2 of ${readme} (Mutex.runExclusive)`);
  }
}

/**
 * The counter fixed with a lock: the same read, pause and write as `Counter`, but no update is
 * ever lost.
 *
 * @example Two increments at once both count
 * ```ts
 * const counter = new LockingCounter();
 * await Promise.all([counter.increment(1), counter.increment(1)]);
 * assert.equal(counter.count, 2);
 * ```
 */
export class LockingCounter {
  /**
   * @param pause Awaited between the read and the write; one microtask by default.
   * @throws {TypeError} When `pause` is not a function; the message names LockingCounter and `pause`.
   */
  constructor(pause: Pause = oneMicrotask) {
    notImplemented(`step 3 of ${readme} (new LockingCounter)`);
  }

  /** The running total. */
  get count(): number {
    return notImplemented(`step 3 of ${readme} (LockingCounter.count)`);
  }

  /**
   * Adds `offset` to `count`: reads it, awaits the pause, writes, and loses no update.
   *
   * @param offset The amount to add.
   * @returns Resolves once the write is done; rejects, naming LockingCounter and `offset`, with a
   *   TypeError when `offset` is not a number, or a RangeError when it is NaN or infinite.
   */
  increment(offset: number): Promise<void> {
    // TODO(step 3): which steps of the increment must happen while the lock is held?
    return notImplemented(`step 3 of ${readme} (LockingCounter.increment)`);
  }
}

/**
 * One sensor: reads its sensor `howMany` times and adds 1 to the counter for each reading, one
 * increment after another.
 *
 * @param sensorIndex Which sensor this is, from 0.
 * @param howMany How many readings to count, at least 1.
 * @param counter Anything with an async `increment(offset)`.
 * @returns Resolves when the last increment has finished; rejects, naming worker and the bad
 *   argument, with a TypeError when `sensorIndex` or `howMany` is not a number or `counter` has no
 *   `increment` method, or a RangeError when `sensorIndex` is not an integer of at least 0 or
 *   `howMany` not an integer of at least 1.
 * @example Five sensors, one shared counter
 * ```ts
 * const counter = new LockingCounter();
 * await Promise.all([0, 1, 2, 3, 4].map((sensor) => worker(sensor, 1000, counter)));
 * assert.equal(counter.count, 5000);
 * ```
 */
export function worker(
  sensorIndex: number,
  howMany: number,
  counter: { increment(offset: number): Promise<void> },
): Promise<void> {
  // TODO(step 4): a bad argument is a rejection, and an increment finishes before the next begins.
  return notImplemented(`step 4 of ${readme} (worker)`);
}

/**
 * A counter in shared memory: one Int32 at the start of `buffer`, updated with `Atomics.add`, so
 * increments from any number of threads all count.
 *
 * @example Share a counter with another thread
 * ```ts
 * const counter = new AtomicCounter();
 * const sameCounter = new AtomicCounter(counter.buffer); // in the other thread, from workerData
 * sameCounter.increment();
 * assert.equal(counter.count, 1);
 * ```
 */
export class AtomicCounter {
  /** The bytes a buffer needs to hold the counter. */
  static readonly byteLength = 4;

  /**
   * @param buffer Shared memory holding the count; a new zeroed one by default.
   * @throws {TypeError} When `buffer` is not a SharedArrayBuffer.
   * @throws {RangeError} When it has fewer than `AtomicCounter.byteLength` bytes. Both messages name
   *   AtomicCounter and `buffer`.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(AtomicCounter.byteLength)) {
    // TODO(step 5): which typed array views the count, so that Atomics can work on it?
    notImplemented(`step 5 of ${readme} (new AtomicCounter)`);
  }

  /** The shared memory holding the count; pass it to another thread to share the counter. */
  get buffer(): SharedArrayBuffer {
    return notImplemented(`step 5 of ${readme} (AtomicCounter.buffer)`);
  }

  /** The current count, as every thread sees it. */
  get count(): number {
    return notImplemented(`step 5 of ${readme} (AtomicCounter.count)`);
  }

  /**
   * Adds `offset` in one indivisible step, wrapping around past the Int32 range.
   *
   * @param offset An Int32 to add; 1 by default.
   * @returns The count after this increment.
   * @throws {TypeError} When `offset` is not a number.
   * @throws {RangeError} When it is not an Int32. Both messages name AtomicCounter and `offset`.
   */
  increment(offset = 1): number {
    // TODO(step 5): read, add and write as one step no other thread can come between.
    return notImplemented(`step 5 of ${readme} (AtomicCounter.increment)`);
  }
}

/**
 * A lock for threads sharing memory, built on `Atomics`: one Int32 at the start of `buffer` that
 * any thread holding the buffer can lock and unlock.
 *
 * Guarantees (the full contract is in the README):
 * - Only one thread holds it at a time; everything written under the lock is seen by the next holder.
 * - A thread waiting in `lock()` sleeps in `Atomics.wait` instead of spinning.
 * - `unlock()` throws when the lock is not held. It has no owner: any thread may unlock it.
 *
 * @example Keep two words in step
 * ```ts
 * const mutex = new SharedMutex();
 * const words = new Int32Array(new SharedArrayBuffer(8));
 * mutex.withLock(() => { words[0] += 1; words[1] += 10; }); // no thread ever sees one without the other
 * ```
 */
export class SharedMutex {
  /** The bytes a buffer needs to hold the lock. */
  static readonly byteLength = 4;

  /**
   * @param buffer Shared memory holding the lock; a new, unlocked one by default.
   * @throws {TypeError} When `buffer` is not a SharedArrayBuffer.
   * @throws {RangeError} When it has fewer than `SharedMutex.byteLength` bytes. Both messages name
   *   SharedMutex and `buffer`.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SharedMutex.byteLength)) {
    // TODO(step 6): which states can the lock's word be in, and does unlock() need to know whether anyone sleeps?
    notImplemented(`step 6 of ${readme} (new SharedMutex)`);
  }

  /** The shared memory holding the lock; pass it to another thread to share the lock. */
  get buffer(): SharedArrayBuffer {
    return notImplemented(`step 6 of ${readme} (SharedMutex.buffer)`);
  }

  /** True while some thread holds the lock. */
  get locked(): boolean {
    return notImplemented(`step 6 of ${readme} (SharedMutex.locked)`);
  }

  /**
   * Takes the lock if it is free right now, without waiting.
   *
   * @returns True when this thread now holds the lock.
   */
  tryLock(): boolean {
    // TODO(step 6): checking that the lock is free and taking it must be one step.
    return notImplemented(`step 6 of ${readme} (SharedMutex.tryLock)`);
  }

  /** Blocks the calling thread, asleep, until it holds the lock. */
  lock(): void {
    // TODO(step 6): sleep while the lock is held, without missing the wake-up, and try again when woken.
    notImplemented(`step 6 of ${readme} (SharedMutex.lock)`);
  }

  /**
   * Gives the lock back and wakes one sleeping waiter, if any.
   *
   * @throws {Error} When the lock is not held.
   */
  unlock(): void {
    notImplemented(`step 6 of ${readme} (SharedMutex.unlock)`);
  }

  /**
   * Runs `fn` while holding the lock and unlocks however `fn` ends.
   *
   * @param fn Synchronous work to do alone.
   * @returns What `fn` returns.
   * @throws {TypeError} When `fn` is not a function, naming SharedMutex and `fn`; otherwise whatever
   *   `fn` throws.
   */
  withLock<T>(fn: () => T): T {
    return notImplemented(`step 6 of ${readme} (SharedMutex.withLock)`);
  }
}

/**
 * What each counting thread does between the start line and its report: adds 1 to the shared
 * counter `perThread` times, in the job's mode. count-thread.ts (given) imports it from the module
 * named in `job.module` and calls it in the thread, once per chunk of additions. Only `'locked'`
 * mode touches the lock.
 *
 * @param job What `countInThreads` sent the thread.
 * @example Count on this thread, the way a counting thread does
 * ```ts
 * const counter = new AtomicCounter();
 * addOnes({ module: import.meta.url, mode: 'atomic', perThread: 3, counter: counter.buffer, lock: new SharedMutex().buffer, startLine: new StartLine().buffer });
 * assert.equal(counter.count, 3);
 * ```
 */
export function addOnes(job: CountJob): void {
  // TODO(step 7): 'unsafe' is a plain ++ on the counter's Int32; 'atomic' and 'locked' are the two ways to make it safe.
  notImplemented(`step 7 of ${readme} (addOnes)`);
}

/** The module each counting thread runs (given): it calls the `addOnes` of the module named in its job. */
const countThread = new URL('./count-thread.ts', import.meta.url);

/**
 * Starts `threads` worker threads that add 1 to one shared counter `perThread` times each, all at
 * once, and reports the total. Each thread runs the given count-thread.ts with a `CountJob` as
 * `workerData`; its `module` is this module's `import.meta.url`, so the thread calls this module's
 * `addOnes`. Every thread started is terminated before this settles, also on error.
 *
 * @param options How many threads, how many additions each, and the mode.
 * @returns Resolves with the expected and the counted total. Rejects, naming the bad option, with a
 *   TypeError when `options` is not an object or a field has the wrong type, or a RangeError when
 *   `threads` or `perThread` is not an integer of at least 1, `mode` is unknown, or
 *   `threads * perThread` passes the Int32 range; rejects with the error a thread reports (a
 *   `CountFailure`) or crashes with, or with an Error saying a thread exited before it reported.
 * @example Atomics.add never loses an update
 * ```ts
 * const { expected, count } = await countInThreads({ threads: 2, perThread: 100_000, mode: 'atomic' });
 * assert.equal(count, expected);
 * ```
 */
export function countInThreads(options: CountOptions): Promise<CountResult> {
  // TODO(step 7): a barrier: when may the threads begin, so that they really overlap?
  // TODO(step 7): a thread that reports a failure, crashes or ends without reporting must not leave the call waiting.
  // TODO(step 7): which threads are still running when this settles, whatever happened?
  return notImplemented(`step 7 of ${readme} (countInThreads)`);
}
