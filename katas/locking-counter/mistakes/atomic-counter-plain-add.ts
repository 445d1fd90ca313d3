/**
 * Mistake: AtomicCounter.increment() adds with a plain `+=` on the Int32 instead of Atomics.add, so the read, the add and the write are three steps and another thread's increment can land between them.
 * Caught by: AtomicCounter counts every increment from several threads at once
 */
export * from '../../../solutions/locking-counter/locking-counter.ts';

export class AtomicCounter {
  static readonly byteLength = 4;
  readonly buffer: SharedArrayBuffer;
  readonly #cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(AtomicCounter.byteLength)) {
    if (!(buffer instanceof SharedArrayBuffer))
      throw new TypeError('Cannot create AtomicCounter: buffer must be a SharedArrayBuffer');
    if (buffer.byteLength < AtomicCounter.byteLength)
      throw new RangeError('Cannot create AtomicCounter: buffer must have at least 4 bytes');
    this.buffer = buffer;
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  get count(): number {
    return Atomics.load(this.#cell, 0);
  }

  increment(offset = 1): number {
    if (typeof offset !== 'number') throw new TypeError('Cannot increment AtomicCounter: offset must be an Int32');
    if (!Number.isInteger(offset) || offset < -(2 ** 31) || offset > 2 ** 31 - 1)
      throw new RangeError('Cannot increment AtomicCounter: offset must be an Int32');
    return (this.#cell[0]! += offset); // read, add, write: not one step
  }
}
