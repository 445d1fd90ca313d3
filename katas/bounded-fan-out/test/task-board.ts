/**
 * Tasks the spec controls by hand: each records when it starts, stays running until the test
 * settles it, and counts how many are in flight and the most at once. No timers: the test decides
 * when every task ends.
 *
 * @module
 */
import { flushMicrotasks, nextMacrotask } from '../../../test/support/wait.ts';

/** One task the test has not settled yet. */
interface Running {
  resolve(value: string): void;
  reject(reason: unknown): void;
}

/** A set of hand-driven tasks, named by small integers. */
export class TaskBoard {
  /** Task ids in the order their functions were called. */
  readonly started: number[] = [];
  /** Tasks called and not yet settled by the test. */
  running = 0;
  /** The most tasks running at once. */
  peak = 0;
  readonly #running = new Map<number, Running>();

  /** Starts task `id` now: what a limiter calls. Resolves with `result <id>` unless told otherwise. */
  start(id: number): Promise<string> {
    this.started.push(id);
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    return new Promise<string>((resolve, reject) => this.#running.set(id, { resolve, reject }));
  }

  /** A function that starts task `id` when called, for `run(board.task(id))`. */
  task(id: number): () => Promise<string> {
    return () => this.start(id);
  }

  /** Whether task `id` has started and not been settled. */
  isRunning(id: number): boolean {
    return this.#running.has(id);
  }

  /** The ids of the tasks running now, oldest first. */
  runningIds(): number[] {
    return [...this.#running.keys()];
  }

  /** Ends task `id` with `result <id>` (or `value`). */
  finish(id: number, value = `result ${id}`): void {
    this.#settle(id).resolve(value);
  }

  /** Ends task `id` with an error. */
  fail(id: number, reason: unknown): void {
    this.#settle(id).reject(reason);
  }

  #settle(id: number): Running {
    const task = this.#running.get(id);
    if (!task)
      throw new Error(
        `The test tried to end task ${id}, but it is not running (started so far: ${this.started.join(', ') || 'none'})`,
      );
    this.#running.delete(id);
    this.running--;
    return task;
  }
}

/** Lets promise callbacks and a turn of the event loop run, so that freed slots are handed on. */
export async function settle(): Promise<void> {
  await flushMicrotasks();
  await nextMacrotask();
  await flushMicrotasks();
}

/** The one AbortError the platform uses for cancellation, checked by name as DOMException's are. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Collects unhandled promise rejections while `body` runs and for two turns of the event loop after,
 * when Node and Deno report them.
 *
 * @returns The reasons of the rejections nobody handled in time.
 */
export async function unhandledRejectionsDuring(body: () => Promise<void>): Promise<unknown[]> {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await body();
    await nextMacrotask();
    await nextMacrotask();
  } finally {
    process.off('unhandledRejection', listener);
  }
  return reasons;
}
