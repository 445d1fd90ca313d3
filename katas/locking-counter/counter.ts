/**
 * The racy `Counter`, given: the kata's "before", which both sides export as it is.
 *
 * @module
 */
import { checkFiniteNumber, checkFunction } from './checks.ts';

/**
 * Stands for the sensor's blocking I/O between a counter's read and its write: any task may run
 * while it is pending.
 */
export type Pause = () => Promise<void>;

/** The default pause: one microtask, the shortest wait that still lets another task run. */
export const oneMicrotask: Pause = () => Promise.resolve();

/**
 * A counter that loses updates on purpose: the kata's "before". `increment` reads `count`, awaits
 * the pause, then writes what it read plus the offset, so two increments that both read before
 * either writes count as one.
 *
 * @example Two increments at once count as one
 * ```ts
 * const counter = new Counter();
 * await Promise.all([counter.increment(1), counter.increment(1)]);
 * assert.equal(counter.count, 1);
 * ```
 */
export class Counter {
  /** The running total, read and written by `increment` with nothing to keep them together. */
  count = 0;
  readonly #pause: Pause;

  /**
   * @param pause Awaited between the read and the write; one microtask by default.
   * @throws {TypeError} When `pause` is not a function.
   */
  constructor(pause: Pause = oneMicrotask) {
    checkFunction('create Counter', 'pause', pause);
    this.#pause = pause;
  }

  /**
   * Adds `offset` to `count`: reads it, awaits the pause, writes.
   *
   * @param offset The amount to add.
   * @returns Resolves once the write is done; rejects with a TypeError when `offset` is not a
   *   number, or a RangeError when it is NaN or infinite.
   */
  async increment(offset: number): Promise<void> {
    checkFiniteNumber('increment Counter', 'offset', offset);
    const read = this.count;
    await this.#pause(); // another increment may read the same value here
    this.count = read + offset;
  }
}
