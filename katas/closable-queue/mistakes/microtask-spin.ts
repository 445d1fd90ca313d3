/**
 * Mistake: get() spins on `await null` until an item shows up, starving timers and I/O forever (the first test that leaves a getter spinning while it waits on a timer starves).
 * Caught by: ClosableQueue.get() called later in the same tick cannot take an item meant for a waiting getter
 */
import {
  ClosableQueue as Reference,
  QueueClosedError,
  type WaitOptions,
} from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export class ClosableQueue<T> extends Reference<T> {
  override async get(_options: WaitOptions = {}): Promise<T> {
    while (true) {
      const result = this.tryGet();
      if (result.state === 'ok') return result.value;
      if (result.state === 'closed') throw new QueueClosedError('Cannot get: the queue is closed and drained');
      await null; // "yield to the event loop": it does not, it queues a microtask that runs before any timer
    }
  }
}
