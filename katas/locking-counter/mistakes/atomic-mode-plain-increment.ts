/**
 * Mistake: addOnes() in 'atomic' mode adds with the same plain `++` on the counter's Int32 as 'unsafe' mode, so two threads counting at the same moment read the same value and one addition is lost.
 * Caught by: countInThreads() in 'atomic' mode counts every addition, with the threads counting at the same moment
 */
import { SharedMutex } from '../../../solutions/locking-counter/locking-counter.ts';
import type { CountJob } from '../types.ts';
import { flawedCountInThreads } from './support/flawed-count-in-threads.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export function addOnes({ mode, perThread, counter, lock }: CountJob): void {
  const word = new Int32Array(counter, 0, 1);
  if (mode === 'locked') {
    const mutex = new SharedMutex(lock);
    for (let i = 0; i < perThread; i++) mutex.withLock(() => word[0]!++);
    return;
  }
  for (let i = 0; i < perThread; i++) word[0]!++; // 'atomic' too: a read, an add and a write
}

// The reference's countInThreads, sending this module's URL, so that the threads run the addOnes above.
export const countInThreads = flawedCountInThreads(import.meta.url);
