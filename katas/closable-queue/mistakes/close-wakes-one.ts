/**
 * Mistake: close() puts one sentinel, as in the Python original, so only one waiting getter wakes up.
 * Caught by: ClosableQueue.close() wakes every waiting getter, under every explored schedule
 */
import {
  ClosableQueue as Reference,
  QueueClosedError,
  type WaitOptions,
} from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

const sentinel = Symbol('closed');

export class ClosableQueue<T> extends Reference<T> {
  #closing = false;

  override close(): void {
    if (this.#closing) return;
    this.#closing = true;
    void super.put(sentinel as T); // one sentinel for however many consumers are waiting
  }

  override get closed(): boolean {
    return this.#closing;
  }

  override async get(options: WaitOptions = {}): Promise<T> {
    const item = await super.get(options);
    if (item === sentinel) throw new QueueClosedError('Cannot get: the queue is closed and drained');
    return item;
  }
}
