/**
 * A counting thread that says it saw only itself at the start line: it waits there like
 * count-thread.ts, adds its share in one step, and reports `readyAtStart` 1.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from '../start-line.ts';
import type { CountJob, CountReport } from '../types.ts';

const job = workerData as CountJob;
const startLine = new StartLine(job.startLine);
startLine.arrive();
parentPort?.postMessage('ready');
startLine.waitForOpen();
Atomics.add(new Int32Array(job.counter, 0, 1), 0, job.perThread);
parentPort?.postMessage({ readyAtStart: 1, chunks: 1, sharedChunks: 0 } satisfies CountReport);
