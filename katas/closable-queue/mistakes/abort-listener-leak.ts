/**
 * Mistake: a waiting call listens for 'abort' on the caller's signal and never removes the listener, so a signal shared by many calls collects one listener per call, each holding on to what it closes over.
 * Caught by: ClosableQueue.get() and put() remove their abort listener once served or refused
 */
import { ClosableQueue as Reference, type WaitOptions } from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export class ClosableQueue<T> extends Reference<T> {
  override get(options: WaitOptions = {}): Promise<T> {
    return super.get(listenForever(options));
  }

  override put(item: T, options: WaitOptions = {}): Promise<void> {
    return super.put(item, listenForever(options));
  }
}

/** Follows the caller's signal with one of its own, through a listener that nobody removes. */
function listenForever({ signal }: WaitOptions): WaitOptions {
  if (!signal) return {};
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason)); // stays after the call settles
  return { signal: controller.signal };
}
