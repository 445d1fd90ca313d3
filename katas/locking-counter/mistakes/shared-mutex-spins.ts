/**
 * Mistake: SharedMutex.lock() retries compareExchange in a busy loop instead of sleeping in Atomics.wait, so a waiting thread burns a whole core.
 * Caught by: SharedMutex.lock() sleeps in Atomics.wait until another thread unlocks
 */
import { SharedMutex as Reference } from '../../../solutions/locking-counter/locking-counter.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

/** The reference's SharedMutex, but for lock(). */
export class SharedMutex extends Reference {
  override lock(): void {
    while (!this.tryLock()) {
      // spin: try again at once
    }
  }
}
