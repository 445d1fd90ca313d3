/**
 * Counts the worker threads that the code under test starts and ends, so that a spec can prove no
 * thread outlives `close()`, and can end the threads a wrong implementation left behind.
 *
 * No runtime lists a process's worker threads, so this watches what every `node:worker_threads`
 * Worker does, in Node and in Deno alike: it emits `message` and `exit` events and is sent messages.
 * A thread counts from its first message, either way, until its `exit` event. (Threads that never
 * exchange a message, like the watchdog of test/support/setup.ts, are not counted.)
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { afterEach } from 'vitest';

/** What the census has seen so far. */
export interface ThreadCensus {
  /** Threads that exchanged a message and have not exited. */
  readonly live: number;
  /** The most threads live at once since the last `reset()`. */
  readonly peak: number;
  /** Starts counting `peak` again from the threads live now. */
  reset(): void;
}

/**
 * Starts the census for the calling spec file; after each test it terminates every thread still
 * live, so that a wrong implementation cannot leak threads into the next test.
 */
export function watchThreads(): ThreadCensus {
  const live = new Set<Worker>();
  const exited = new WeakSet<Worker>();
  let peak = 0;
  const enter = (worker: Worker) => {
    if (exited.has(worker)) return;
    live.add(worker);
    peak = Math.max(peak, live.size);
  };
  const { emit, postMessage } = Worker.prototype;
  Worker.prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') enter(this);
    if (event === 'exit') {
      exited.add(this);
      live.delete(this);
    }
    return emit.call(this, event, ...args);
  };
  Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
    enter(this);
    return postMessage.apply(this, args);
  };
  afterEach(async () => {
    await Promise.all([...live].map((worker) => worker.terminate()));
  });
  return {
    get live() {
      return live.size;
    },
    get peak() {
      return peak;
    },
    reset() {
      peak = live.size;
    },
  };
}
