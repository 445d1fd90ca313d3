/**
 * The kata's shared types, given: what a lock's holder gets back, the options of a wait, and what
 * `countInThreads` takes, sends its threads and resolves with. Both sides use these, and
 * locking-counter.ts re-exports them.
 *
 * @module
 */

/** Gives the lock back; calling it again does nothing. */
export type Release = () => void;

/** Options of a call that may wait. */
export interface AcquireOptions {
  /** Aborting it while the call waits rejects the call with `signal.reason`; the lock is not taken. */
  signal?: AbortSignal;
}

/** How `countInThreads` adds: `view[0]++` with no protection, `Atomics.add`, or `++` under a SharedMutex. */
export type CountMode = 'unsafe' | 'atomic' | 'locked';

/** Options of `countInThreads`. */
export interface CountOptions {
  /** How many worker threads to start, at least 1. */
  threads: number;
  /** How many times each thread adds 1, at least 1. */
  perThread: number;
  /** How the threads add. */
  mode: CountMode;
}

/** What `countInThreads` counted. */
export interface CountResult {
  /** `threads * perThread`: what a correct count reaches. */
  expected: number;
  /** What the shared counter holds at the end. */
  count: number;
  /** The fewest threads that any thread saw at the start line as it began to count; the barrier makes it `threads`. */
  readyAtStart: number;
}

/** What `countInThreads` sends each thread (count-thread.ts) as `workerData`. */
export interface CountJob {
  /**
   * The URL of the module whose `addOnes(job)` the thread runs: `countInThreads` passes its own
   * `import.meta.url`, since it exports `addOnes` too.
   */
  module: string;
  mode: CountMode;
  /**
   * How many times the thread adds 1. count-thread.ts adds them a chunk at a time: each `addOnes`
   * call gets this job with `perThread` set to the size of one chunk.
   */
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
  /** How many chunks it added in: one `addOnes` call each. */
  chunks: number;
  /**
   * In how many of its chunks the counter moved by other than this thread's own additions: another
   * thread wrote to it meanwhile. It shows that the threads counted at the same time, not one after
   * the other.
   */
  sharedChunks: number;
}

/**
 * What a thread posts in place of its next message (`'ready'` or its report) when it fails: when
 * the module in `job.module` does not load, or `addOnes` throws. `countInThreads` rejects with
 * `error`. The thread reports its error rather than throwing it, since an error thrown out of a
 * thread makes some runtimes print an "Uncaught (in worker)" report even when it is handled.
 */
export interface CountFailure {
  /** What the thread caught; an Error crosses to the main thread with its class and message. */
  error: unknown;
}

/** Every message a counting thread posts: `'ready'`, then its report; or a failure in place of either. */
export type CountMessage = 'ready' | CountReport | CountFailure;
