/**
 * Mistake: when a thread dies, the pool rejects its task but starts no thread for the tasks still waiting.
 * Caught by: WorkerPool.run() rejects the task of a thread that dies, and a new thread serves the tasks after it
 *
 * The wrong line, where a task's rejection comes back: a thread that died is struck off, and
 * nothing ever takes its place. The rest of the pool is right: see support/flawed-queueing-pool.ts,
 * where the line is marked `// flaw: deadThreadsNotReplaced`.
 */
import { flawedQueueingPool } from './support/flawed-queueing-pool.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export const WorkerPool = flawedQueueingPool({ deadThreadsNotReplaced: true });
