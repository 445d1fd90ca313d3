/**
 * Mistake: LockingCounter reads the count and awaits the pause outside the lock, and locks only the write, so two increments still write the same stale read.
 * Caught by: LockingCounter never loses an update, under every explored schedule
 */
import { Mutex, type Pause } from '../../../solutions/locking-counter/locking-counter.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export class LockingCounter {
  #count = 0;
  readonly #pause: Pause;
  readonly #lock = new Mutex();

  constructor(pause: Pause = () => Promise.resolve()) {
    if (typeof pause !== 'function') throw new TypeError('Cannot create LockingCounter: pause must be a function');
    this.#pause = pause;
  }

  get count(): number {
    return this.#count;
  }

  async increment(offset: number): Promise<void> {
    if (typeof offset !== 'number')
      throw new TypeError('Cannot increment LockingCounter: offset must be a finite number');
    if (!Number.isFinite(offset))
      throw new RangeError('Cannot increment LockingCounter: offset must be a finite number');
    const read = this.#count;
    await this.#pause();
    await this.#lock.runExclusive(() => {
      this.#count = read + offset; // the write is locked, but the read it uses may be stale
    });
  }
}
