/**
 * One counting thread of `countInThreads`, given: loads the `addOnes` of the module named in its
 * job, says it is ready, waits at the start line, adds 1 `perThread` times, and reports.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from './start-line.ts';
import type { CountJob, CountReport } from './types.ts';

const job = workerData as CountJob;
// The module that started this thread says where its addOnes is: yours or the reference's.
// Loaded before the thread says it is ready, so loading never delays the start.
const { addOnes } = (await import(job.module)) as { addOnes(job: CountJob): void };
const startLine = new StartLine(job.startLine);
startLine.arrive();
parentPort?.postMessage('ready');
startLine.waitForOpen();
const readyAtStart = startLine.arrived;
addOnes(job);
parentPort?.postMessage({ readyAtStart } satisfies CountReport);
