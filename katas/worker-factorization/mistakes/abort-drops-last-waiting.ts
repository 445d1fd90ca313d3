/**
 * Mistake: aborting a task calls splice(indexOf(task), 1) unchecked; once it runs, indexOf() is -1 and the last waiting task goes.
 * Caught by: WorkerPool.run() aborting a running task rejects it and replaces its thread, for the tasks waiting too
 *
 * The wrong line, in the abort listener: `splice(indexOf(task), 1)` without checking for -1.
 * The rest of the pool is right: see support/flawed-queueing-pool.ts, where the line is marked
 * `// flaw: abortSplicesUnchecked`.
 */
import { flawedQueueingPool } from './support/flawed-queueing-pool.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export const WorkerPool = flawedQueueingPool({ abortSplicesUnchecked: true });
