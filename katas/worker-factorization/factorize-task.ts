/**
 * The task module of `factorizeInWorkers`: a `WorkerPool` thread runs `factorize` for every number.
 *
 * @module
 */
export { factorize as default } from './worker-factorization.ts';
