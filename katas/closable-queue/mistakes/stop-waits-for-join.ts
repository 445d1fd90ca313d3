/**
 * Mistake: stopWorkers() waits for join() before looking at the workers, so a worker that died leaves it waiting forever.
 * Caught by: stopWorkers() rejects with a worker's error instead of waiting for a queue that never drains
 */
import type { ClosableQueue, StoppableWorker } from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export async function stopWorkers<I, O>(input: ClosableQueue<I>, workers: readonly StoppableWorker<I, O>[]): Promise<void> {
  input.close();
  await input.join(); // never resolves once a worker has stopped taking items
  await Promise.all(workers.map((worker) => worker.done));
}
