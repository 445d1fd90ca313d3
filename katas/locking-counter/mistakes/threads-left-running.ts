/**
 * Mistake: countInThreads() returns as soon as the threads report, with no finally that terminates them, so when one thread fails the others stay blocked at the start line forever.
 * Caught by: countInThreads() rejects with the error a thread reports, and terminates the others
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import { AtomicCounter, SharedMutex } from '../../../solutions/locking-counter/locking-counter.ts';
import { checkCountOptions } from '../checks.ts';
import { StartLine } from '../start-line.ts';
import type { CountJob, CountMessage, CountOptions, CountReport, CountResult } from '../types.ts';

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
  for (let thread = 0; thread < threads; thread++) started.push(startTypeScriptWorker(module, { workerData: job }));
  await Promise.all(started.map(nextMessage));
  startLine.open();
  const reports = (await Promise.all(started.map(nextMessage))) as CountReport[];
  return {
    expected: threads * perThread,
    count: counter.count,
    readyAtStart: Math.min(...reports.map((report) => report.readyAtStart)),
  };
}

function nextMessage(thread: Worker): Promise<CountMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: CountMessage) => {
      stopListening();
      if (typeof message === 'object' && 'error' in message) reject(message.error);
      else resolve(message);
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
