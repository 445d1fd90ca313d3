/**
 * Use a lock to prevent data races, twice over: on one thread, where an `await` between a read and
 * a write lets another task in, and across worker threads sharing memory, where a plain `++` is
 * three steps another thread can come between.
 *
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import {
  checkCountOptions,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkSharedBuffer,
  int32,
  show,
} from '../../katas/locking-counter/checks.ts';
import { oneMicrotask, type Pause } from '../../katas/locking-counter/counter.ts';
import { StartLine } from '../../katas/locking-counter/start-line.ts';
import type {
  AcquireOptions,
  CountJob,
  CountMessage,
  CountOptions,
  CountReport,
  CountResult,
  Release,
} from '../../katas/locking-counter/types.ts';

export { Counter, type Pause } from '../../katas/locking-counter/counter.ts';
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
} from '../../katas/locking-counter/types.ts';

/** A task waiting for the lock: hands the lock to it. */
type Waiter = (release: Release) => void;

/**
 * A lock for async tasks on one thread: only one holder at a time, across any number of `await`s.
 *
 * Guarantees:
 * - Fair: waiters get the lock in the order they asked for it. A release hands the lock straight
 *   to the oldest waiter, so a task that asks after the release never jumps the queue.
 * - Each holder gets its own release function; calling it twice is harmless and never releases the
 *   lock of a later holder.
 * - An `acquire` aborted while it waits rejects with `signal.reason`, leaves the queue and never
 *   holds the lock; aborting after it resolved changes nothing.
 * - `runExclusive` releases when its function returns or throws, and passes the value or the error on.
 *
 * Always release in `finally` (or use `runExclusive`): a lock that is never released blocks every
 * later caller forever, and acquiring it again from inside its own holder deadlocks.
 *
 * @example Run one task at a time
 * ```ts
 * const mutex = new Mutex();
 * const result = await mutex.runExclusive(async () => 42);
 * assert.equal(result, 42);
 * ```
 */
export class Mutex {
  #locked = false;
  /** Tasks waiting for the lock, oldest first; empty while unlocked. */
  readonly #waiters: Waiter[] = [];

  /** True from the moment the lock is granted until its holder releases it with nobody waiting. */
  get locked(): boolean {
    return this.#locked;
  }

  /**
   * Takes the lock if it is free right now.
   *
   * @returns This holder's release, or `undefined` when the lock is held.
   * @example Do the work only if nobody else is
   * ```ts
   * const release = mutex.tryAcquire();
   * if (release) try { work(); } finally { release(); }
   * ```
   */
  tryAcquire(): Release | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#releaseFor();
  }

  /**
   * Waits for the lock, behind every earlier caller.
   *
   * @param options `signal` to stop waiting.
   * @returns Resolves with this holder's release once the lock is its; rejects with `signal.reason`
   *   when aborted first, or with a TypeError naming Mutex and `signal` when `signal` is not an
   *   AbortSignal.
   * @example Hold the lock across an await
   * ```ts
   * const release = await mutex.acquire();
   * try { await work(); } finally { release(); }
   * ```
   */
  acquire(options?: AcquireOptions): Promise<Release> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      return Promise.reject(
        new TypeError(`Cannot acquire Mutex: signal must be an AbortSignal, received ${show(signal)}`),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Not an async function: an uncontended acquire costs one resolved promise and nothing more.
    const release = this.tryAcquire();
    if (release) return Promise.resolve(release);
    return new Promise((resolve, reject) => {
      if (signal === undefined) {
        this.#waiters.push(resolve);
        return;
      }
      const onAbort = () => {
        this.#waiters.splice(this.#waiters.indexOf(grant), 1); // out of the line, so a release can never hand it the lock
        reject(signal.reason);
      };
      const grant: Waiter = (release) => {
        signal.removeEventListener('abort', onAbort);
        resolve(release);
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts once, so its listener runs once with or without `once`
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(grant);
    });
  }

  /**
   * Runs `fn` while holding the lock, and releases it however `fn` ends.
   *
   * @param fn The work to do alone; may be async.
   * @param options `signal` to stop waiting for the lock.
   * @returns What `fn` returns; rejects with what `fn` throws, with `signal.reason` when aborted
   *   before the lock was taken, or with a TypeError naming Mutex and `fn` when `fn` is not a
   *   function.
   * @example A read-modify-write that no other task can come between
   * ```ts
   * const value = await mutex.runExclusive(async () => { const read = await load(); await save(read + 1); return read + 1; });
   * ```
   */
  async runExclusive<T>(fn: () => T | Promise<T>, options?: AcquireOptions): Promise<T> {
    checkFunction('run exclusively on Mutex', 'fn', fn);
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Makes the release of one hold: it works once, so a second call cannot free the next holder's lock. */
  #releaseFor(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand over without unlocking: `locked` stays true, so nobody can barge in before the oldest waiter runs.
      const oldest = this.#waiters.shift();
      if (oldest) oldest(this.#releaseFor());
      else this.#locked = false;
    };
  }
}

/**
 * The counter fixed with a lock: the same read, pause and write as `Counter`, but each increment
 * holds a `Mutex` from its read to its write, so no update is ever lost.
 *
 * @example Two increments at once both count
 * ```ts
 * const counter = new LockingCounter();
 * await Promise.all([counter.increment(1), counter.increment(1)]);
 * assert.equal(counter.count, 2);
 * ```
 */
export class LockingCounter {
  #count = 0;
  readonly #pause: Pause;
  readonly #lock = new Mutex();

  /**
   * @param pause Awaited between the read and the write; one microtask by default.
   * @throws {TypeError} When `pause` is not a function; the message names LockingCounter and `pause`.
   */
  constructor(pause: Pause = oneMicrotask) {
    checkFunction('create LockingCounter', 'pause', pause);
    this.#pause = pause;
  }

  /** The running total. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds `offset` to `count`: reads it, awaits the pause, writes, all under the lock.
   *
   * @param offset The amount to add.
   * @returns Resolves once the write is done; rejects, naming LockingCounter and `offset`, with a
   *   TypeError when `offset` is not a number, or a RangeError when it is NaN or infinite.
   */
  async increment(offset: number): Promise<void> {
    checkFiniteNumber('increment LockingCounter', 'offset', offset);
    // The read must be inside the lock too: a read taken before it may be stale by the time of the write.
    await this.#lock.runExclusive(async () => {
      const read = this.#count;
      await this.#pause();
      this.#count = read + offset;
    });
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
export async function worker(
  sensorIndex: number,
  howMany: number,
  counter: { increment(offset: number): Promise<void> },
): Promise<void> {
  checkInteger('run worker', 'sensorIndex', sensorIndex, 0);
  checkInteger('run worker', 'howMany', howMany, 1);
  if (typeof counter?.increment !== 'function') {
    throw new TypeError(`Cannot run worker: counter must have an increment(offset) method, received ${show(counter)}`);
  }
  for (let reading = 0; reading < howMany; reading++) {
    // The sensor would be read here; the counter's pause stands for that blocking I/O.
    await counter.increment(1);
  }
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
  /** The shared memory holding the count; pass it to another thread to share the counter. */
  readonly buffer: SharedArrayBuffer;
  readonly #cell: Int32Array;

  /**
   * @param buffer Shared memory holding the count; a new zeroed one by default.
   * @throws {TypeError} When `buffer` is not a SharedArrayBuffer.
   * @throws {RangeError} When it has fewer than `AtomicCounter.byteLength` bytes. Both messages name
   *   AtomicCounter and `buffer`.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(AtomicCounter.byteLength)) {
    checkSharedBuffer('create AtomicCounter', buffer, AtomicCounter.byteLength);
    this.buffer = buffer;
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  /** The current count, as every thread sees it. */
  get count(): number {
    return Atomics.load(this.#cell, 0);
  }

  /**
   * Adds `offset` in one indivisible step: no other thread's increment can come between the read
   * and the write. Wraps around past the Int32 range.
   *
   * @param offset An Int32 to add; 1 by default.
   * @returns The count after this increment.
   * @throws {TypeError} When `offset` is not a number.
   * @throws {RangeError} When it is not an Int32. Both messages name AtomicCounter and `offset`.
   */
  increment(offset = 1): number {
    checkInteger('increment AtomicCounter', 'offset', offset, int32.min, int32.max);
    return (Atomics.add(this.#cell, 0, offset) + offset) | 0; // Atomics.add returns the value before
  }
}

/** The states of a SharedMutex's word. */
const unlocked = 0;
const locked = 1;
/** Locked, and a thread may be asleep waiting for it: the unlock must wake one. */
const contended = 2;

/**
 * A lock for threads sharing memory, built on `Atomics`: one Int32 at the start of `buffer` that
 * any thread holding the buffer can lock and unlock.
 *
 * Guarantees:
 * - Only one thread holds it at a time; everything written under the lock is seen by the next holder.
 * - A thread waiting in `lock()` sleeps in `Atomics.wait` instead of spinning.
 * - `unlock()` throws when the lock is not held. It has no owner: any thread may unlock it.
 * - Not fair and not re-entrant: `lock()` twice on the same thread without `unlock()` blocks forever.
 *
 * `withLock` runs its function synchronously; the awaits of an async function would run unlocked.
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
  /** The shared memory holding the lock; pass it to another thread to share the lock. */
  readonly buffer: SharedArrayBuffer;
  /** unlocked, locked, or contended; changed only by atomic read-modify-writes. */
  readonly #state: Int32Array;

  /**
   * @param buffer Shared memory holding the lock; a new, unlocked one by default.
   * @throws {TypeError} When `buffer` is not a SharedArrayBuffer.
   * @throws {RangeError} When it has fewer than `SharedMutex.byteLength` bytes. Both messages name
   *   SharedMutex and `buffer`.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SharedMutex.byteLength)) {
    checkSharedBuffer('create SharedMutex', buffer, SharedMutex.byteLength);
    this.buffer = buffer;
    this.#state = new Int32Array(buffer, 0, 1);
  }

  /** True while some thread holds the lock. */
  get locked(): boolean {
    return Atomics.load(this.#state, 0) !== unlocked;
  }

  /**
   * Takes the lock if it is free right now, without waiting.
   *
   * @returns True when this thread now holds the lock.
   */
  tryLock(): boolean {
    // Check and set in one step: with a separate load and store two threads could both see it free.
    return Atomics.compareExchange(this.#state, 0, unlocked, locked) === unlocked;
  }

  /** Blocks the calling thread, asleep, until it holds the lock. */
  lock(): void {
    if (this.tryLock()) return;
    // Mark the lock contended as we try, so the holder's unlock knows a sleeper needs waking. Waking
    // does not hand the lock over: loop and try again, since another thread may have taken it first.
    while (Atomics.exchange(this.#state, 0, contended) !== unlocked) {
      Atomics.wait(this.#state, 0, contended);
    }
  }

  /**
   * Gives the lock back and wakes one sleeping waiter, if any.
   *
   * @throws {Error} When the lock is not held.
   */
  unlock(): void {
    const previous = Atomics.exchange(this.#state, 0, unlocked);
    if (previous === unlocked)
      throw new Error('Cannot unlock SharedMutex: it must be locked, received an unlocked mutex');
    if (previous === contended) Atomics.notify(this.#state, 0, 1);
  }

  /**
   * Runs `fn` while holding the lock and unlocks however `fn` ends.
   *
   * @param fn Synchronous work to do alone.
   * @returns What `fn` returns.
   * @throws {TypeError} When `fn` is not a function, naming SharedMutex and `fn`; otherwise whatever
   *   `fn` throws.
   * @example Add to the total under the lock
   * ```ts
   * const total = mutex.withLock(() => (words[1] += 10));
   * ```
   */
  withLock<T>(fn: () => T): T {
    checkFunction('run with SharedMutex', 'fn', fn);
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
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
export function addOnes({ mode, perThread, counter, lock }: CountJob): void {
  const word = new Int32Array(counter, 0, 1); // the AtomicCounter's Int32
  if (mode === 'unsafe') {
    // Read, add, write: another thread may write between this thread's read and its write.
    for (let i = 0; i < perThread; i++) word[0]!++;
  } else if (mode === 'atomic') {
    const atomic = new AtomicCounter(counter);
    for (let i = 0; i < perThread; i++) atomic.increment();
  } else {
    // The same plain ++, made safe because only the lock's holder runs it.
    const mutex = new SharedMutex(lock);
    for (let i = 0; i < perThread; i++) mutex.withLock(() => word[0]!++);
  }
}

/** The module each counting thread runs. */
const countThread = new URL('../../katas/locking-counter/count-thread.ts', import.meta.url);

/**
 * Starts `threads` worker threads that add 1 to one shared counter `perThread` times each, all at
 * once, and reports the total. Each thread runs the given count-thread.ts with a `CountJob` as
 * `workerData`; its `module` is this module's `import.meta.url`, so the thread calls this module's
 * `addOnes`.
 *
 * The threads start together: each reports ready at a start line and waits there until all have,
 * because starting a thread takes far longer than counting, and without the barrier each would be
 * done before the next began. Every thread started is terminated before this settles, also on error.
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
export async function countInThreads(options: CountOptions): Promise<CountResult> {
  checkCountOptions(options);
  const { threads, perThread, mode } = options;
  const counter = new AtomicCounter();
  const startLine = new StartLine();
  const job: CountJob = {
    module: import.meta.url,
    mode,
    perThread,
    counter: counter.buffer,
    lock: new SharedMutex().buffer,
    startLine: startLine.buffer,
  };
  const started: Worker[] = [];
  try {
    for (let thread = 0; thread < threads; thread++)
      started.push(startTypeScriptWorker(countThread, { workerData: job }));
    await Promise.all(started.map(nextMessage)); // every thread is at the start line...
    startLine.open(); // ...so they all begin at once
    const reports = (await Promise.all(started.map(nextMessage))) as CountReport[];
    const readyAtStart = Math.min(...reports.map((report) => report.readyAtStart));
    return { expected: threads * perThread, count: counter.count, readyAtStart };
  } finally {
    // A thread still waiting at the start line (after another failed) would never end by itself.
    await Promise.all(started.map((thread) => thread.terminate()));
  }
}

/**
 * Resolves with the thread's next message. Rejects with the error of a thread that reports a
 * failure or crashes, and when the thread exits before it sends one.
 */
function nextMessage(thread: Worker): Promise<CountMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: CountMessage) => {
      stopListening();
      if (typeof message === 'object' && 'error' in message) reject(message.error);
      else resolve(message);
    };
    const onError = (error: unknown) => {
      // A crash: an error the thread could not catch and report.
      stopListening();
      reject(error);
    };
    const onExit = (code: number) => {
      stopListening();
      reject(new Error(`Cannot count in threads: a thread exited with code ${code} before it reported`));
    };
    // Stryker disable next-line ArrowFunction,StringLiteral: a listener left behind could only settle this promise again, which does nothing
    const stopListening = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
