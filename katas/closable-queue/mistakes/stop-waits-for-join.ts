/**
 * Mistake: stopWorkers() waits for join() before looking at the workers, so a worker that died leaves it waiting forever.
 * Caught by: stopWorkers() rejects with a failed worker's error instead of waiting forever, under every explored schedule
 */
import type { ClosableQueue, StoppableWorker } from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export async function stopWorkers<I, O>(
  input: ClosableQueue<I>,
  workers: readonly StoppableWorker<I, O>[],
): Promise<void> {
  input.close();
  await input.join(); // never resolves once a worker has stopped taking items
  await Promise.all(workers.map((worker) => worker.done));
}
