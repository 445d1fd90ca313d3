/**
 * Given: a blocking call to move off the event loop. Its default export is `blockingSystemCall`, so
 * this module is itself the task module of `runBlockingCalls`' pool: each thread makes one call per task.
 *
 * @module
 */

/**
 * Blocks the calling thread for `ms` milliseconds, like a blocking system call (the book's
 * `select`): nothing else runs on that thread meanwhile, not even its timers.
 *
 * @param ms How long to block, a non-negative finite number.
 * @throws {TypeError} When `ms` is not a number.
 * @throws {RangeError} When `ms` is negative, NaN or infinite.
 * @example Freeze the event loop for 100 ms (do not do this on a server's main thread)
 * ```ts
 * blockingSystemCall(100);
 * ```
 */
export default function blockingSystemCall(ms: number): void {
  checkDuration('block', ms);
  // Nobody ever notifies this private buffer, so the wait always lasts the whole timeout.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Checks a duration in milliseconds, the one rule of `blockingSystemCall` (and of `runBlockingCalls`).
 *
 * @param action What the caller was about to do, for the message: `Cannot <action>: ...`.
 * @param ms The duration to check.
 * @throws {TypeError} When `ms` is not a number.
 * @throws {RangeError} When `ms` is negative, NaN or infinite.
 * @example
 * ```ts
 * assert.throws(() => checkDuration('wait', -1), RangeError);
 * ```
 */
export function checkDuration(action: string, ms: number): void {
  if (typeof ms !== 'number') throw new TypeError(`Cannot ${action}: ms must be a number, received ${typeof ms}`);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Cannot ${action}: ms must be a non-negative finite number, received ${ms}`);
  }
}
