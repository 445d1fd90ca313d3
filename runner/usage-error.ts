/**
 * The error for a command typed wrong: the runner prints its message and the usage, and exits
 * with code 2.
 *
 * @module
 */

/**
 * A command line the runner cannot act on: an unknown command, kata or option value.
 *
 * @example
 * ```ts
 * throw new UsageError('Cannot start the interview: --minutes must be a positive number, received abc');
 * ```
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
