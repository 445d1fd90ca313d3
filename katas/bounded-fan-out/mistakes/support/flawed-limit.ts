/**
 * The limiter the limiter mistakes share: a small, correct `limit` with named flaws, so that each
 * mistake file switches on exactly one wrong line and says in its header which one. Each flaw
 * sits next to the right line it replaces, marked `// flaw: <name>`.
 *
 * This folder is not a mistake itself: the mistakes check reads only the files directly in
 * `mistakes/`.
 *
 * @module
 */
import type { Limit, LimitOptions } from '../../../../solutions/bounded-fan-out/bounded-fan-out.ts';

/** The classic mistakes a limiter can make; each is off unless set to `true`. */
export interface Flaws {
  /** Admits a task while `active <= concurrency` instead of `<`, so one task too many runs. */
  admitsOneTooMany?: boolean;
  /** Starts every task at once: the bound is counted, never waited for. */
  neverWaits?: boolean;
  /** Hands a freed slot to the newest waiting task (`pop()`), not the oldest (`shift()`). */
  startsNewestFirst?: boolean;
  /** Hands the slot on only when a task fulfils, so every rejection or throw loses a slot. */
  keepsSlotOnFailure?: boolean;
  /** Checks the signal only when a task is added: no listener drops the tasks already waiting. */
  ignoresAbortOfWaiting?: boolean;
  /** `clearQueue()` empties the queue without rejecting the dropped tasks' promises. */
  clearQueueForgetsPromises?: boolean;
}

/** A task waiting for a slot, with what it needs to start and to settle its caller's promise. */
interface Task {
  readonly fn: (...args: unknown[]) => unknown;
  readonly args: unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Builds a `limit` with the given flaws; with none it behaves like the reference's.
 *
 * @param flaws The mistakes to make.
 * @returns A function with the signature of the reference's `limit`.
 * @example The limiter that admits one task too many
 * ```ts
 * export const limit = flawedLimit({ admitsOneTooMany: true });
 * ```
 */
export function flawedLimit(flaws: Flaws): (concurrency: number, options?: LimitOptions) => Limit {
  return (concurrency, options = {}) => {
    if (typeof concurrency !== 'number') {
      throw new TypeError(`Cannot create limiter: concurrency must be a number, received ${typeof concurrency}`);
    }
    if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0))) {
      throw new RangeError(
        `Cannot create limiter: concurrency must be a positive integer or Infinity, received ${concurrency}`,
      );
    }
    const { signal } = options;
    const waiting: Task[] = [];
    let active = 0;

    const next = () => {
      active--;
      const task = flaws.startsNewestFirst
        ? waiting.pop() // flaw: startsNewestFirst (a stack, not a queue)
        : waiting.shift();
      if (task) start(task);
    };

    const start = (task: Task) => {
      active++;
      let result: unknown;
      try {
        result = task.fn(...task.args);
      } catch (error) {
        result = Promise.reject(error);
      }
      Promise.resolve(result).then(
        (value) => {
          task.resolve(value);
          next();
        },
        (error: unknown) => {
          task.reject(error);
          if (!flaws.keepsSlotOnFailure) next(); // flaw: keepsSlotOnFailure (the slot is handed on only on success)
        },
      );
    };

    const hasFreeSlot = () => {
      if (flaws.neverWaits) return true; // flaw: neverWaits ("the event loop will cope")
      if (flaws.admitsOneTooMany) return active <= concurrency; // flaw: admitsOneTooMany (the check runs before active counts this task)
      return active < concurrency;
    };

    const run = ((fn: unknown, ...args: unknown[]): Promise<unknown> => {
      if (typeof fn !== 'function') {
        return Promise.reject(new TypeError(`Cannot run task: the task must be a function, received ${typeof fn}`));
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const task: Task = { fn: fn as Task['fn'], args, resolve, reject };
        if (hasFreeSlot()) start(task);
        else waiting.push(task);
      });
    }) as Limit;

    // flaw: ignoresAbortOfWaiting (no listener: an abort only turns away later calls)
    if (!flaws.ignoresAbortOfWaiting) {
      signal?.addEventListener(
        'abort',
        () => {
          for (const task of waiting.splice(0)) task.reject(signal.reason);
        },
        { once: true },
      );
    }

    const clearQueue = () => {
      const dropped = waiting.splice(0);
      if (flaws.clearQueueForgetsPromises) return; // flaw: clearQueueForgetsPromises (callers left waiting forever)
      for (const task of dropped) {
        task.reject(new DOMException('Cannot run task: clearQueue() dropped it before it started', 'AbortError'));
      }
    };

    Object.defineProperties(run, {
      activeCount: { get: () => active },
      pendingCount: { get: () => waiting.length },
      concurrency: { value: concurrency },
      clearQueue: { value: clearQueue },
    });
    return run;
  };
}
