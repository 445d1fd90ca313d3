/**
 * Mistake: addOnes() in 'atomic' mode adds with the same plain `++` on the counter's Int32 as 'unsafe' mode, so two threads counting at the same moment read the same value and one addition is lost.
 * Caught by: countInThreads() in 'atomic' mode counts every addition, with the threads counting at the same moment
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import { AtomicCounter, SharedMutex } from '../../../solutions/locking-counter/locking-counter.ts';
import { checkCountOptions } from '../checks.ts';
import { StartLine } from '../start-line.ts';
import type { CountJob, CountMessage, CountOptions, CountReport, CountResult } from '../types.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

export function addOnes({ mode, perThread, counter, lock }: CountJob): void {
  const word = new Int32Array(counter, 0, 1);
  if (mode === 'locked') {
    const mutex = new SharedMutex(lock);
    for (let i = 0; i < perThread; i++) mutex.withLock(() => word[0]!++);
    return;
  }
  for (let i = 0; i < perThread; i++) word[0]!++; // 'atomic' too: a read, an add and a write
}

// The reference's countInThreads, sending this module's URL, so that the threads run the addOnes above.
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
