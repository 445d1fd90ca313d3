/**
 * Threads for blocking calls, not for parallelism, and where JavaScript differs: CPU-bound work
 * gains nothing on the event loop, gains real parallelism on worker threads, and a blocking call
 * belongs on a worker so that the event loop keeps running.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { checkDuration } from '../../katas/worker-factorization/blocking-call.ts';
import { WorkerPool } from './worker-pool.ts';

export { default as blockingSystemCall } from '../../katas/worker-factorization/blocking-call.ts';
export { WorkerPool, type RunOptions } from './worker-pool.ts';

/**
 * The task modules of the pools below: a pool's threads call the module's default export. This very
 * module is `factorizeInWorkers`' (its default export is `factorize`, just below it); the given
 * blocking-call.ts is `runBlockingCalls`'.
 */
const factorizeTask = new URL(import.meta.url);
const blockingTask = new URL('../../katas/worker-factorization/blocking-call.ts', import.meta.url);

/**
 * Every divisor of `n`, in ascending order.
 *
 * The book tries every candidate from 1 to `n`: O(n), the CPU-bound work of this kata. A faster
 * loop is correct too; the specs size their workloads by measuring.
 *
 * @param n A positive safe integer.
 * @returns The divisors of `n`, from 1 to `n`.
 * @throws {TypeError} When `n` is not a number.
 * @throws {RangeError} When `n` is not a positive safe integer.
 * @example Divisors of 12
 * ```ts
 * assert.deepEqual(factorize(12), [1, 2, 3, 4, 6, 12]);
 * ```
 */
export function factorize(n: number): number[] {
  checkPositiveSafeInteger(n);
  const divisors: number[] = [];
  for (let candidate = 1; candidate <= n; candidate++) {
    if (n % candidate === 0) divisors.push(candidate);
  }
  return divisors;
}

/** What each thread of `factorizeInWorkers`' pool runs, once per number (see `factorizeTask` above). Given. */
export default factorize;

/**
 * Factorizes every number in an async function of its own, all started at once, on the calling
 * thread: the JavaScript twin of Python threads under the GIL.
 *
 * However they are written, one thread runs one of these functions at a time: this is no faster
 * than a loop, by design.
 *
 * @param numbers Positive safe integers.
 * @returns Resolves with `factorize(n)` for every number, in input order.
 * @throws {TypeError} (as a rejection) When a number is not a number; nothing runs then.
 * @throws {RangeError} (as a rejection) When a number is not a positive safe integer; nothing runs then.
 * @example
 * ```ts
 * assert.deepEqual(await factorizeOnEventLoop([6, 7]), [[1, 2, 3, 6], [1, 7]]);
 * ```
 */
export async function factorizeOnEventLoop(numbers: readonly number[]): Promise<number[][]> {
  numbers.forEach(checkPositiveSafeInteger);
  return Promise.all(numbers.map(async (n) => factorize(n)));
}

/**
 * Factorizes the numbers in parallel on a pool of worker threads.
 *
 * @param numbers Positive safe integers.
 * @param options `threads`: how many threads (default: the available parallelism, at most
 *   `numbers.length`); `signal`: aborts the whole job.
 * @returns Resolves with `factorize(n)` for every number, in input order, after every thread ended.
 * @throws {TypeError} (as a rejection) When a number or `threads` is not a number; no thread starts then.
 * @throws {RangeError} (as a rejection) When a number is not a positive safe integer, or `threads` not a
 *   positive integer; no thread starts then.
 * @throws {unknown} (as a rejection) `signal.reason` when the signal aborts.
 * @example
 * ```ts
 * assert.deepEqual(await factorizeInWorkers([6, 7], { threads: 2 }), [[1, 2, 3, 6], [1, 7]]);
 * ```
 */
export async function factorizeInWorkers(
  numbers: readonly number[],
  { threads, signal }: { threads?: number; signal?: AbortSignal } = {},
): Promise<number[][]> {
  // Check everything before starting any thread: a bad number found in a worker would cost threads.
  numbers.forEach(checkPositiveSafeInteger);
  signal?.throwIfAborted();
  if (numbers.length === 0) return [];
  const pool = new WorkerPool<number, number[]>(factorizeTask, {
    threads: threads ?? Math.min(availableParallelism(), numbers.length),
  });
  try {
    return await Promise.all(numbers.map((n) => pool.run(n, { signal })));
  } finally {
    await pool.close(); // no thread outlives the call, whatever happened
  }
}

/**
 * Runs `count` blocking calls of `ms` milliseconds at once, each on a worker thread of its own, so
 * that they overlap and the calling thread's event loop keeps running.
 *
 * @param count How many calls, a non-negative integer.
 * @param ms How long each call blocks, a non-negative finite number.
 * @returns Resolves when every call returned and every thread ended: about `ms` plus start-up.
 * @throws {TypeError} (as a rejection) When `count` or `ms` is not a number; no thread starts then.
 * @throws {RangeError} (as a rejection) When `count` or `ms` is out of range; no thread starts then.
 * @example
 * ```ts
 * await runBlockingCalls(5, 100); // about 100 ms of blocking, not 500
 * ```
 */
export async function runBlockingCalls(count: number, ms: number): Promise<void> {
  if (typeof count !== 'number')
    throw new TypeError(`Cannot run blocking calls: count must be a number, received ${typeof count}`);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Cannot run blocking calls: count must be a non-negative integer, received ${count}`);
  }
  checkDuration('run blocking calls', ms);
  if (count === 0) return;
  // One thread per call: a blocked thread serves nobody else, so fewer threads would queue the calls.
  const pool = new WorkerPool<number, void>(blockingTask, { threads: count });
  try {
    await Promise.all(Array.from({ length: count }, () => pool.run(ms)));
  } finally {
    await pool.close();
  }
}

/** The one rule for every number to factorize, shared by the three entry points. */
function checkPositiveSafeInteger(n: number): void {
  if (typeof n !== 'number') throw new TypeError(`Cannot factorize: n must be a number, received ${typeof n}`);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`Cannot factorize: n must be a positive safe integer, received ${n}`);
  }
}
