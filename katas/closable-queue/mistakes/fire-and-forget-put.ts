/**
 * Mistake: put() resolves at once and leaves the item waiting behind the caller's back, so a full queue never slows the producer.
 * Caught by: ClosableQueue.put() on a full queue waits until get() frees a slot
 */
import { ClosableQueue as Reference, type WaitOptions } from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export class ClosableQueue<T> extends Reference<T> {
  override put(item: T, options: WaitOptions = {}): Promise<void> {
    super.put(item, options).catch(() => {}); // no backpressure: the producer runs on regardless
    return Promise.resolve();
  }
}
