/**
 * The countInThreads the thread mistakes share: the reference's, with named flaws, so that each
 * mistake file switches on exactly one wrong line and says in its header which one. Each flaw
 * sits next to the right line it replaces, marked `// flaw: <name>`.
 *
 * This folder is not a mistake itself: the mistakes check reads only the files directly in
 * `mistakes/`.
 *
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../../lib/typescript-worker.ts';
import { AtomicCounter, SharedMutex } from '../../../../solutions/locking-counter/locking-counter.ts';
import { checkCountOptions } from '../../checks.ts';
import { StartLine } from '../../start-line.ts';
import type { CountJob, CountMessage, CountOptions, CountReport, CountResult } from '../../types.ts';

/** The classic mistakes countInThreads can make; each is off unless set to `true`. */
export interface Flaws {
  /** Takes every message for 'ready' or a report, so a thread's `{ error }` report goes unnoticed. */
  missesReportedErrors?: boolean;
  /** Has no `finally` that terminates the threads: when one fails, the others wait at the start line forever. */
  leavesThreadsRunning?: boolean;
}

/**
 * Builds a countInThreads with the given flaws; with none it behaves like the reference's.
 *
 * @param module The URL of the module whose `addOnes` the threads run: the mistake's own, so that
 *   a mistake in `addOnes` runs in the threads too.
 * @param flaws The mistakes to make.
 */
export function flawedCountInThreads(
  module: string,
  flaws: Flaws = {},
): (options: CountOptions) => Promise<CountResult> {
  return async function countInThreads(options) {
    checkCountOptions(options);
    const { threads, perThread, mode } = options;
    const counter = new AtomicCounter();
    const startLine = new StartLine();
    const job: CountJob = {
      module,
      mode,
      perThread,
      counter: counter.buffer,
      lock: new SharedMutex().buffer,
      startLine: startLine.buffer,
    };
    const countThread = new URL('../../count-thread.ts', import.meta.url);
    const started: Worker[] = [];
    const nextMessage = (thread: Worker) => nextMessageOf(thread, flaws);
    try {
      for (let thread = 0; thread < threads; thread++) {
        started.push(startTypeScriptWorker(countThread, { workerData: job }));
      }
      await Promise.all(started.map(nextMessage));
      startLine.open();
      const reports = (await Promise.all(started.map(nextMessage))) as CountReport[];
      const readyAtStart = Math.min(...reports.map((report) => report.readyAtStart));
      return { expected: threads * perThread, count: counter.count, readyAtStart };
    } finally {
      if (!flaws.leavesThreadsRunning) await Promise.all(started.map((thread) => thread.terminate())); // flaw: leavesThreadsRunning
    }
  };
}

/** The thread's next message: rejects with a reported `{ error }`, an `'error'` event, or an exit. */
function nextMessageOf(thread: Worker, flaws: Flaws): Promise<CountMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: CountMessage) => {
      stopListening();
      if (!flaws.missesReportedErrors && typeof message === 'object' && 'error' in message) reject(message.error);
      else resolve(message); // flaw: missesReportedErrors
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
