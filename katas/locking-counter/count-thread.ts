/**
 * One counting thread of `countInThreads`, given: loads the `addOnes` of the module named in its
 * job, says it is ready, waits at the start line, adds 1 `perThread` times, a chunk at a time, and
 * reports.
 *
 * A thread that fails (its module does not load, or `addOnes` throws) posts a `CountFailure` in
 * place of its next message, and never throws out of the thread: an error thrown out of a thread
 * makes some runtimes print an "Uncaught (in worker)" report even when it is handled.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from './start-line.ts';
import type { CountFailure, CountJob, CountReport } from './types.ts';

/**
 * Additions per `addOnes` call. Between two chunks the thread checks whether another thread wrote
 * to the counter meanwhile, so small chunks tell threads that really count at the same time from
 * threads that take turns.
 */
const chunkSize = 1000;

const port = parentPort!;
const job = workerData as CountJob;

try {
  // The module that started this thread says where its addOnes is: yours or the reference's.
  // Loaded before the thread says it is ready, so loading never delays the start.
  const { addOnes } = (await import(job.module)) as { addOnes(job: CountJob): void };
  const startLine = new StartLine(job.startLine);
  startLine.arrive();
  port.postMessage('ready');
  startLine.waitForOpen();
  const readyAtStart = startLine.arrived;
  const counter = new Int32Array(job.counter, 0, 1);
  let chunks = 0;
  let sharedChunks = 0;
  for (let left = job.perThread; left > 0; left -= chunkSize) {
    const size = Math.min(chunkSize, left);
    const before = Atomics.load(counter, 0);
    addOnes({ ...job, perThread: size });
    if (Atomics.load(counter, 0) - before !== size) sharedChunks++; // another thread wrote meanwhile
    chunks++;
  }
  port.postMessage({ readyAtStart, chunks, sharedChunks } satisfies CountReport);
} catch (error) {
  port.postMessage({ error: cloneable(error) } satisfies CountFailure);
}

/** An Error crosses threads with its class and message; a value that cannot becomes an Error saying what it was. */
function cloneable(error: unknown): unknown {
  try {
    return structuredClone(error);
  } catch {
    return new Error(`A counting thread threw a value that cannot be sent between threads: ${String(error)}`);
  }
}
