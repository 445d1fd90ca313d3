/**
 * The code every thread of a `WorkerPool` runs: it loads the task module named in `workerData`,
 * tells the pool it is ready, then runs the module's default export once per message and posts
 * the outcome back.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { notImplemented } from '../../lib/not-implemented.ts';

/**
 * What a thread posts to the pool: `ready` once, when its module is loaded, then one outcome per task.
 * A suggestion: change it if your pool needs something else.
 */
export type ThreadMessage = { kind: 'ready' } | { kind: 'done'; output: unknown } | { kind: 'failed'; error: unknown };

// TODO(step 3): load the task module whose URL the pool put in workerData (a dynamic import).
// TODO(step 3): a task's error is an outcome to send back, not a reason for the thread to die; so is an
// outcome that cannot be cloned (postMessage throws).
// TODO(step 3): messages sent before a listener exists can be lost: when may the pool send work?
notImplemented('step 3 of katas/worker-factorization/README.md (pool-thread.ts, the code each thread runs)');
