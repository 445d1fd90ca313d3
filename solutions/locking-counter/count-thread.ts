/**
 * One counting thread of `countInThreads`: says it is ready, waits at the start line, adds 1
 * `perThread` times in the job's mode, and reports.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AtomicCounter, SharedMutex, type CountMode } from './locking-counter.ts';
import { StartLine } from '../../katas/locking-counter/start-line.ts';

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
  const word = new Int32Array(counter, 0, 1); // the AtomicCounter's Int32
  if (mode === 'unsafe') {
    // Read, add, write: another thread may write between this thread's read and its write.
    for (let i = 0; i < perThread; i++) word[0]!++;
  } else if (mode === 'atomic') {
    const atomic = new AtomicCounter(counter);
    for (let i = 0; i < perThread; i++) atomic.increment();
  } else {
    // The same plain ++, made safe because only the lock's holder runs it.
    const mutex = new SharedMutex(lock);
    for (let i = 0; i < perThread; i++) mutex.withLock(() => word[0]!++);
  }
}

const job = workerData as CountJob;
const startLine = new StartLine(job.startLine);
startLine.arrive();
parentPort?.postMessage('ready');
startLine.waitForOpen();
const readyAtStart = startLine.arrived;
addOnes(job);
parentPort?.postMessage({ readyAtStart } satisfies CountReport);
