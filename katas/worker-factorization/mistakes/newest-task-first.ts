/**
 * Mistake: waiting tasks are kept on a stack, so the newest one starts first (LIFO) instead of the oldest.
 * Caught by: WorkerPool.run() starts waiting tasks first come, first served
 *
 * The wrong line: `pop()` takes the newest waiting task, where `shift()` takes the oldest.
 * The rest of the pool is right: see support/flawed-queueing-pool.ts, where the line is marked
 * `// flaw: startsNewestFirst`.
 */
import { flawedQueueingPool } from './support/flawed-queueing-pool.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export const WorkerPool = flawedQueueingPool({ startsNewestFirst: true });
