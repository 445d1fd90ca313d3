/**
 * One counting thread of `countInThreads`: says it is ready, waits at the start line, adds 1
 * `perThread` times in the job's mode, and reports.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { notImplemented } from '../../lib/not-implemented.ts';
import { AtomicCounter, SharedMutex, type CountMode } from './locking-counter.ts';
import { StartLine } from './start-line.ts';

const readme = 'katas/locking-counter/README.md';

/** What `countInThreads` sends each thread as `workerData`. */
export interface CountJob {
  mode: CountMode;
  perThread: number;
  /** The AtomicCounter's buffer: every thread adds to its one Int32. */
  counter: SharedArrayBuffer;
  /** The SharedMutex's buffer, for `'locked'`. */
  lock: SharedArrayBuffer;
  /** The StartLine's buffer. */
  startLine: SharedArrayBuffer;
}

/** What a thread posts once it has counted (after a first message, `'ready'`). */
export interface CountReport {
  /** How many threads had arrived at the start line when this one began counting. */
  readyAtStart: number;
}

/** Adds 1 to the shared counter `perThread` times, in the job's mode. */
function addOnes({ mode, perThread, counter, lock }: CountJob): void {
  // TODO(step 7): 'unsafe' is a plain ++ on the counter's Int32; 'atomic' and 'locked' are the two ways to make it safe.
  notImplemented(`step 7 of ${readme} (addOnes in count-thread.ts)`);
}

// Given: the start line and the reports. You do not need to change what follows.
const job = workerData as CountJob;
const startLine = new StartLine(job.startLine);
startLine.arrive();
parentPort?.postMessage('ready');
startLine.waitForOpen();
const readyAtStart = startLine.arrived;
addOnes(job);
parentPort?.postMessage({ readyAtStart } satisfies CountReport);
