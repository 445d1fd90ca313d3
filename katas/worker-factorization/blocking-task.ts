/**
 * The task module of `runBlockingCalls`: a `WorkerPool` thread makes one blocking call per task.
 *
 * @module
 */
export { blockingSystemCall as default } from './worker-factorization.ts';
