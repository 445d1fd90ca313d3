/**
 * Mistake: get() polls with a timer until an item shows up, instead of waiting to be woken by put().
 * Caught by: ClosableQueue.get() waits without polling: no timers and next to no CPU while blocked
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
      await new Promise((resolve) => setTimeout(resolve, 1)); // "just check again in a millisecond"
    }
  }
}
