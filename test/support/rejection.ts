/**
 * The one error rule for functions that return a promise: every error, argument errors included,
 * arrives as a rejection, never as a synchronous throw.
 *
 * @module
 */
import { isNotImplemented } from './wait.ts';

/**
 * Calls `fn` and hands back its promise, failing with a lesson if `fn` throws instead.
 *
 * @param call How the call reads, for the message, e.g. `'factorizeInWorkers([0])'`.
 * @param fn The call.
 * @returns The promise `fn` returned.
 */
export function promiseOf<T>(call: string, fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    throw new Error(
      `${call} threw ${String(error)} instead of returning a rejected promise: a function that returns a promise reports every error as a rejection (make it async)`,
    );
  }
}

/**
 * Resolves with the reason `promise` rejected with, so a spec can check it; fails if it resolved.
 * A stub's "not implemented" error is passed on as it is, so the learner sees that one line.
 *
 * @param promise The call under test.
 * @param what How the call reads, for the message.
 */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (reason) {
    if (isNotImplemented(reason)) throw reason;
    return reason;
  }
  throw new Error(`${what} resolved, but it should have rejected`);
}
