/**
 * Checks that a function that returns a promise reports a bad argument the promised way.
 *
 * @module
 */
import { expect } from 'vitest';

/**
 * Calls `start`, fails if it throws synchronously, and returns its promise for the caller to
 * check the rejection.
 *
 * @param start Calls the function under test with a bad argument.
 * @param what The call, for the failure message, e.g. `'worker()'`.
 * @returns The promise `start` returned.
 * @example
 * ```ts
 * await expect(asRejection(() => worker(-1, 1, counter), 'worker()')).rejects.toThrow(RangeError);
 * ```
 */
export function asRejection(start: () => Promise<unknown>, what: string): Promise<unknown> {
  let promise: Promise<unknown> | undefined;
  expect(() => (promise = start()), `${what} must report a bad argument as a rejection, not a synchronous throw`).not.toThrow();
  return promise!;
}
