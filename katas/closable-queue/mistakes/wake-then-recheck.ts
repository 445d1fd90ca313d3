/**
 * Mistake: put() buffers the item and only then wakes a waiting getter, so a get() called in the same tick steals it.
 * Caught by: ClosableQueue hands a put item to the getter that waited, not to a get() called in the same step, under every explored schedule
 */
import {
  ClosableQueue as Reference,
  QueueClosedError,
  type WaitOptions,
} from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export class ClosableQueue<T> extends Reference<T> {
  #wakeUps: (() => void)[] = [];

  override async get(_options: WaitOptions = {}): Promise<T> {
    while (true) {
      const result = this.tryGet();
      if (result.state === 'ok') return result.value;
      if (result.state === 'closed') throw new QueueClosedError('Cannot get: the queue is closed and drained');
      await new Promise<void>((resolve) => this.#wakeUps.push(resolve)); // woken later, then checks again
    }
  }

  override async put(item: T, options: WaitOptions = {}): Promise<void> {
    await super.put(item, options);
    this.#wakeUps.shift()?.();
  }

  override close(): void {
    super.close();
    for (const wakeUp of this.#wakeUps.splice(0)) wakeUp();
  }
}
