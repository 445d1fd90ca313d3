/**
 * The pool the queueing mistakes share: the reference WorkerPool behind a queue of its own, which
 * hands it no more tasks at once than it has threads, with named flaws, so that each mistake file
 * switches on exactly one wrong line and says in its header which one. Each flaw sits next to the
 * right line it replaces, marked `// flaw: <name>`.
 *
 * This folder is not a mistake itself: the mistakes check reads only the files directly in
 * `mistakes/`.
 *
 * @module
 */
import { type RunOptions, WorkerPool } from '../../../../solutions/worker-factorization/worker-factorization.ts';

/** The classic mistakes a pool's queue can make; each is off unless set to `true`. */
export interface Flaws {
  /** Takes the newest waiting task (`pop()`), not the oldest (`shift()`). */
  startsNewestFirst?: boolean;
  /** Looks at a task's signal only when its turn comes, so an aborted task waits behind every task ahead of it. */
  noticesAbortWhenDequeued?: boolean;
  /** On abort, removes the task with an unchecked `splice(indexOf(task), 1)`: once it runs, indexOf() is -1 and the last waiting task goes. */
  abortSplicesUnchecked?: boolean;
  /** Counts a thread that died as gone for good: the tasks still waiting get no thread in its place. */
  deadThreadsNotReplaced?: boolean;
}

/** A task in the queue, with what it needs to start and to settle its caller's promise. */
interface Waiting<I, O> {
  input: I;
  options: RunOptions;
  resolve: (output: O) => void;
  reject: (reason: unknown) => void;
}

/**
 * Builds a WorkerPool with the given flaws; with none it behaves like the reference's.
 *
 * @param flaws The mistakes to make.
 */
export function flawedQueueingPool(flaws: Flaws): typeof WorkerPool {
  return class FlawedPool<I, O> extends WorkerPool<I, O> {
    readonly #waiting: Waiting<I, O>[] = [];
    /** Every run() not settled yet, queued here or running in the reference: close() waits for them. */
    readonly #unsettled = new Set<Promise<unknown>>();
    #closing: Promise<void> | undefined;
    #running = 0;
    /** How many tasks the reference may run at once. */
    #alive = this.threads;

    override run(input: I, options: RunOptions = {}): Promise<O> {
      if (this.#closing) return super.run(input, options); // the reference rejects it
      const promise = this.#enqueue(input, options);
      const settled = () => this.#unsettled.delete(promise);
      this.#unsettled.add(promise);
      promise.then(settled, settled);
      return promise;
    }

    override close(): Promise<void> {
      return (this.#closing ??= Promise.allSettled(this.#unsettled).then(() => super.close()));
    }

    #enqueue(input: I, options: RunOptions): Promise<O> {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<O>((resolve, reject) => {
        const task: Waiting<I, O> = { input, options, resolve, reject };
        // flaw: noticesAbortWhenDequeued (no listener: an aborted task stays queued until its turn)
        if (signal && !flaws.noticesAbortWhenDequeued) {
          const onAbort = () => {
            const index = this.#waiting.indexOf(task);
            if (index === -1 && !flaws.abortSplicesUnchecked) return; // flaw: abortSplicesUnchecked (a running task is the reference's to reject)
            this.#waiting.splice(index, 1);
            reject(signal.reason);
          };
          signal.addEventListener('abort', onAbort);
          const settled = () => signal.removeEventListener('abort', onAbort);
          task.resolve = (output) => (settled(), resolve(output));
          task.reject = (reason) => (settled(), reject(reason));
        }
        this.#waiting.push(task);
        this.#startNext();
      });
    }

    #startNext(): void {
      while (this.#running < this.#alive && this.#waiting.length > 0) {
        const task = flaws.startsNewestFirst ? this.#waiting.pop()! : this.#waiting.shift()!; // flaw: startsNewestFirst
        const { signal } = task.options;
        if (flaws.noticesAbortWhenDequeued && signal?.aborted) {
          task.reject(signal.reason); // flaw: noticesAbortWhenDequeued
          continue;
        }
        this.#running++;
        super
          .run(task.input, task.options)
          .then(task.resolve, (error: unknown) => {
            if (flaws.deadThreadsNotReplaced && String(error).includes('thread exited')) this.#alive--; // flaw: deadThreadsNotReplaced
            task.reject(error);
          })
          .finally(() => {
            this.#running--;
            this.#startNext();
          });
      }
    }
  };
}
