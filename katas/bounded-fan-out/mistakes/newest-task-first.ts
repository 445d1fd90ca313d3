/**
 * Mistake: a freed slot goes to the newest waiting task (`pop()`), so the oldest may wait forever.
 * Caught by: run() starts tasks in the order they were called
 */
import type { Limit, LimitOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

interface Task {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export function limit(concurrency: number, options: LimitOptions = {}): Limit {
  if (typeof concurrency !== 'number') throw new TypeError(`Cannot create limiter: concurrency must be a number, received ${typeof concurrency}`);
  if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency > 0))) {
    throw new RangeError(`Cannot create limiter: concurrency must be a positive integer or Infinity, received ${concurrency}`);
  }
  const { signal } = options;
  const waiting: Task[] = [];
  let active = 0;
  const next = () => {
    active--;
    const task = waiting.pop(); // a stack, not a queue
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
        next();
      },
    );
  };
  const run = ((fn: unknown, ...args: unknown[]): Promise<unknown> => {
    if (typeof fn !== 'function') return Promise.reject(new TypeError(`Cannot run task: the task must be a function, received ${typeof fn}`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const task: Task = { fn: fn as Task['fn'], args, resolve, reject };
      if (active < concurrency) start(task);
      else waiting.push(task);
    });
  }) as Limit;
  signal?.addEventListener('abort', () => {
    for (const task of waiting.splice(0)) task.reject(signal.reason);
  }, { once: true });
  Object.defineProperties(run, {
    activeCount: { get: () => active },
    pendingCount: { get: () => waiting.length },
    concurrency: { value: concurrency },
    clearQueue: {
      value: () => {
        for (const task of waiting.splice(0)) task.reject(new DOMException('Cannot run task: clearQueue() dropped it before it started', 'AbortError'));
      },
    },
  });
  return run;
}
