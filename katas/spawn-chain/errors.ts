/**
 * Given: the errors this kata's functions reject with. `ChildFailedError` tells how a child ended
 * when it did not succeed; `ChildTimeoutError` says that a child ran out of time and was killed.
 *
 * The learner's `spawn-chain.ts` and the reference in `solutions/spawn-chain/` import these classes
 * from this file and re-export them, so callers catch the same classes whichever side they use.
 *
 * @module
 */

/** How a child ended when it did not succeed. */
export interface ChildOutcome {
  /** The exit code, when it exited by itself. */
  exitCode?: number;
  /** The signal that killed it, e.g. `'SIGTERM'`. */
  signal?: string;
  /** What it wrote to stderr. */
  stderr?: string;
  /** Why it could not start, e.g. `'spawn nope ENOENT'`, when it has neither code nor signal. */
  reason?: string;
}

/**
 * A child exited with a non-zero code, was killed by a signal, or could not start.
 *
 * @example Tell how a child ended
 * ```ts
 * const error = new ChildFailedError('node exit.mjs 3', { exitCode: 3, stderr: 'disk on fire' });
 * // error.message: 'Cannot run node exit.mjs 3: it exited with code 3\nstderr: disk on fire'
 * ```
 */
export class ChildFailedError extends Error {
  override name = 'ChildFailedError';
  /** The program and its arguments, separated by spaces. */
  readonly command: string;
  /** The exit code, when it exited by itself. */
  readonly exitCode?: number;
  /** The signal that killed it, e.g. `'SIGTERM'`. */
  readonly signal?: string;
  /** What it wrote to stderr (empty when nothing). */
  readonly stderr: string;

  /**
   * @param command The program and its arguments, separated by spaces.
   * @param outcome How it ended: a signal wins over an exit code, and `reason` counts only when
   *   there is neither.
   * @param options `cause`: the underlying error, if any.
   */
  constructor(command: string, outcome: ChildOutcome, options?: ErrorOptions) {
    const { exitCode, signal, stderr = '', reason = 'unknown reason' } = outcome;
    const how =
      signal !== undefined
        ? `it was killed by ${signal}`
        : exitCode !== undefined
          ? `it exited with code ${exitCode}`
          : `it could not start (${reason})`;
    super(`Cannot run ${command}: ${how}${stderr ? `\nstderr: ${stderr}` : ''}`, options);
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderr = stderr;
  }
}

/**
 * A child ran longer than it was allowed to and was killed.
 *
 * @example Tell a timeout from a failure
 * ```ts
 * const error = new ChildTimeoutError('node sleep.mjs 10000', 300);
 * // error.message: 'Cannot run node sleep.mjs 10000: it ran longer than 300 ms and was killed'
 * ```
 */
export class ChildTimeoutError extends Error {
  override name = 'ChildTimeoutError';
  /** The program and its arguments, separated by spaces. */
  readonly command: string;
  /** The time it was allowed, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param command The program and its arguments, separated by spaces.
   * @param timeoutMs The time it was allowed, in milliseconds.
   */
  constructor(command: string, timeoutMs: number) {
    super(`Cannot run ${command}: it ran longer than ${timeoutMs} ms and was killed`);
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}
