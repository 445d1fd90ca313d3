/**
 * Mistake: the iterator calls taskDone() after the loop body returns, not in a finally, so a body that throws or breaks leaves its item unfinished and join() hangs.
 * Caught by: for await (const item of queue) marks the item done when the body throws
 */
import { ClosableQueue as Reference, QueueClosedError } from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export class ClosableQueue<T> extends Reference<T> {
  override async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    while (true) {
      let item: T;
      try {
        item = await this.get();
      } catch (error) {
        if (error instanceof QueueClosedError) return;
        throw error;
      }
      yield item;
      this.taskDone(); // skipped when the body throws or breaks
    }
  }
}
