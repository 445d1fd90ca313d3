/**
 * Mistake: runPipeline() rejects on the first error but closes nothing, so the other workers keep running after it returns.
 * Caught by: runPipeline() with a failing stage rejects only once no work runs, and starts none after, under every explored schedule
 */
import {
  ClosableQueue,
  startWorkers,
  stopWorkers,
  type Stage,
} from '../../../solutions/closable-queue/closable-queue.ts';

export * from '../../../solutions/closable-queue/closable-queue.ts';

export async function runPipeline(
  items: Iterable<unknown> | AsyncIterable<unknown>,
  stages: readonly Stage[],
): Promise<unknown[]> {
  const queues = [
    ...stages.map((stage) => new ClosableQueue<unknown>({ capacity: stage.capacity ?? 2 * stage.concurrency })),
    new ClosableQueue<unknown>(),
  ];
  const workers = stages.map((stage, index) =>
    startWorkers(stage.concurrency, stage.work, queues[index]!, queues[index + 1]!),
  );
  const failed = Promise.race(workers.flat().map((worker) => worker.done)).then(() => new Promise<never>(() => {}));
  const feed = (async () => {
    for await (const item of items) await queues[0]!.put(item);
    for (const [index, stageWorkers] of workers.entries()) await stopWorkers(queues[index]!, stageWorkers);
  })();
  await Promise.race([feed, failed]); // the first error wins, and everybody else is left running
  queues.at(-1)!.close();
  const results: unknown[] = [];
  for await (const result of queues.at(-1)!) results.push(result);
  return results;
}
