/**
 * Mistake: countInThreads() listens for a thread's 'error' event only, and takes every message for 'ready' or a report, so a thread that reports its failure as { error } is missed: the call ends with the wrong error, or a wrong count.
 * Caught by: countInThreads() rejects with the error addOnes throws in a thread after the start line
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import { AtomicCounter, SharedMutex } from '../../../solutions/locking-counter/locking-counter.ts';
import { checkCountOptions } from '../checks.ts';
import { StartLine } from '../start-line.ts';
import type { CountJob, CountOptions, CountReport, CountResult } from '../types.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export async function countInThreads(options: CountOptions): Promise<CountResult> {
  checkCountOptions(options);
  const { threads, perThread, mode } = options;
  const counter = new AtomicCounter();
  const startLine = new StartLine();
  const job: CountJob = {
    module: import.meta.url,
    mode,
    perThread,
    counter: counter.buffer,
    lock: new SharedMutex().buffer,
    startLine: startLine.buffer,
  };
  const module = new URL('../count-thread.ts', import.meta.url);
  const started: Worker[] = [];
  try {
    for (let thread = 0; thread < threads; thread++) started.push(startTypeScriptWorker(module, { workerData: job }));
    await Promise.all(started.map(nextMessage));
    startLine.open();
    const reports = (await Promise.all(started.map(nextMessage))) as CountReport[];
    const readyAtStart = Math.min(...reports.map((report) => report.readyAtStart));
    return { expected: threads * perThread, count: counter.count, readyAtStart };
  } finally {
    await Promise.all(started.map((thread) => thread.terminate()));
  }
}

function nextMessage(thread: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      stopListening();
      resolve(message); // a { error } is taken for 'ready' or for a report
    };
    const onError = (error: unknown) => {
      stopListening();
      reject(error);
    };
    const onExit = (code: number) => {
      stopListening();
      reject(new Error(`Cannot count in threads: a thread exited with code ${code} before it reported`));
    };
    const stopListening = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
