/**
 * The kata's own error class, given complete: the stub and the reference both import it and
 * re-export it from `closable-queue.ts`, so there is one class for callers to catch.
 *
 * @module
 */

/**
 * Reported (as a rejection) by `put` once the queue is closed, and by `get` once it is closed and
 * drained. Callers catch it to tell "the queue is finished" apart from a real failure.
 *
 * @example Recover the item a closed queue refused
 * ```ts
 * const queue = new ClosableQueue<string>();
 * queue.close();
 * const error = await queue.put('lost').catch((error: unknown) => error);
 * assert.ok(error instanceof QueueClosedError);
 * assert.equal(error.item, 'lost');
 * ```
 */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
  /** The item a rejected `put` did not enqueue, so the caller can recover it; `undefined` for `get`. */
  readonly item: unknown;

  /**
   * @param message What failed: `Cannot <action>: <rule>`.
   * @param item The item that was not enqueued, if any.
   */
  constructor(message: string, item?: unknown) {
    super(message);
    this.item = item;
  }
}
