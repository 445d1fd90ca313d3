/**
 * Mistake: SharedMutex.lock() retries compareExchange in a busy loop instead of sleeping in Atomics.wait, so a waiting thread burns a whole core.
 * Caught by: SharedMutex.lock() sleeps in Atomics.wait until another thread unlocks
 */
export * from '../../../solutions/locking-counter/locking-counter.ts';

export class SharedMutex {
  static readonly byteLength = 4;
  readonly buffer: SharedArrayBuffer;
  readonly #state: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SharedMutex.byteLength)) {
    if (!(buffer instanceof SharedArrayBuffer))
      throw new TypeError('Cannot create SharedMutex: buffer must be a SharedArrayBuffer');
    if (buffer.byteLength < SharedMutex.byteLength)
      throw new RangeError('Cannot create SharedMutex: buffer must have at least 4 bytes');
    this.buffer = buffer;
    this.#state = new Int32Array(buffer, 0, 1);
  }

  get locked(): boolean {
    return Atomics.load(this.#state, 0) !== 0;
  }

  tryLock(): boolean {
    return Atomics.compareExchange(this.#state, 0, 0, 1) === 0;
  }

  lock(): void {
    while (!this.tryLock()) {
      // spin: try again at once
    }
  }

  unlock(): void {
    if (Atomics.exchange(this.#state, 0, 0) === 0) throw new Error('Cannot unlock SharedMutex: it must be locked');
  }

  withLock<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('Cannot run with lock: fn must be a function');
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }
}
