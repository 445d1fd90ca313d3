/**
 * Mistake: an aborted waiting task stays queued and rejects only when its turn comes, after every task ahead of it.
 * Caught by: WorkerPool.run() aborting a waiting task takes it out of the queue
 *
 * The missing line: no abort listener that takes a waiting task out of the queue; the signal is
 * looked at only when the task's turn comes. The rest of the pool is right: see
 * support/flawed-queueing-pool.ts, where the lines are marked `// flaw: noticesAbortWhenDequeued`.
 */
import { flawedQueueingPool } from './support/flawed-queueing-pool.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export const WorkerPool = flawedQueueingPool({ noticesAbortWhenDequeued: true });
