/**
 * The limiter's spec, in the order of the README's steps: run a task, bound and order the tasks,
 * then drop the queue with clearQueue() or an AbortSignal. Every task here is driven by hand (see
 * task-board.ts), so the counts are exact on any machine.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { limit, type Limit } from '#kata/bounded-fan-out/bounded-fan-out.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { expectPending, flushMicrotasks, within } from '../../../test/support/wait.ts';
import { isAbortError, settle, TaskBoard } from './task-board.ts';

/** Calls `run` for tasks 0..count-1 of `board`, in order, and keeps every promise handled. */
function callAll(run: Limit, board: TaskBoard, count: number): Promise<string>[] {
  return Array.from({ length: count }, (_, id) => {
    const promise = run(board.task(id));
    promise.catch(() => {}); // the tests look at outcomes themselves; none may go unhandled
    return promise;
  });
}

describe('step 1: run a task through a limiter', () => {
  test('limit(2) creates a limiter with concurrency 2 and nothing in flight', () => {
    const run = limit(2);
    expect(typeof run, 'limit() returns a function: the limiter you call with a task').toBe('function');
    expect(run.concurrency, 'concurrency is the limit you asked for').toBe(2);
    expect(run.activeCount, 'a new limiter runs nothing').toBe(0);
    expect(run.pendingCount, 'a new limiter has nothing waiting').toBe(0);
  });

  test('limit(Infinity) creates a limiter without a bound', () => {
    expect(limit(Infinity).concurrency).toBe(Infinity);
  });

  test.each([0, -1, 1.5, NaN, -Infinity])('limit(%s) throws a RangeError', (concurrency) => {
    expect(() => limit(concurrency), 'a concurrency must be a positive integer or Infinity').toThrow(RangeError);
    expect(() => limit(concurrency), 'the message names the argument: concurrency').toThrow(/concurrency/);
    expect(() => limit(concurrency), `the message says what was received: ${concurrency}`).toThrow(String(concurrency));
    expect(() => limit(concurrency), 'the message says which call failed: limit').toThrow(/limit/i);
  });

  test.each(['2', undefined, null])('limit(%s) throws a TypeError', (concurrency) => {
    expect(() => limit(concurrency as unknown as number), 'a concurrency that is not a number is a TypeError').toThrow(
      TypeError,
    );
    expect(() => limit(concurrency as unknown as number), 'the message names the argument: concurrency').toThrow(
      /concurrency/,
    );
  });

  test('run() resolves with what the task returns, sync or async, and passes the arguments on', async () => {
    const run = limit(2);
    expect(
      await within(
        run((a: number, b: number) => a + b, 2, 3),
        1000,
        'run() of a synchronous task',
      ),
    ).toBe(5);
    expect(
      await within(
        run(async (word: string) => word.toUpperCase(), 'fan'),
        1000,
        'run() of an async task',
      ),
    ).toBe('FAN');
    expect(
      await within(
        run(() => undefined),
        1000,
        'run() of a task returning undefined',
      ),
    ).toBeUndefined();
  });

  test("run() rejects with the task's error, also when the task throws synchronously", async () => {
    const run = limit(2);
    const boom = new Error('async failure');
    const bang = new Error('sync failure');
    expect(
      await rejectionOf(
        within(
          promiseOf('run(async () => { throw })', () => run(async () => Promise.reject(boom))),
          1000,
          'run() of a task that rejects',
        ),
        'a task that rejects',
      ),
    ).toBe(boom);
    const throwing = () => {
      throw bang;
    };
    expect(
      await rejectionOf(
        within(
          promiseOf('run(() => { throw })', () => run(throwing)),
          1000,
          'run() of a task that throws synchronously',
        ),
        'a task that throws synchronously',
      ),
      'a synchronous throw becomes the rejection',
    ).toBe(bang);
  });

  test('run() rejects with a TypeError when the task is not a function, and never throws', async () => {
    const run = limit(1);
    const error = await rejectionOf(
      within(
        promiseOf('run(42)', () => run(42 as never)),
        1000,
        'run(42)',
      ),
      'run(42)',
    );
    expect(error, 'a task that is not a function is a TypeError, reported as a rejection').toBeInstanceOf(TypeError);
    expect(run.activeCount, 'a refused task takes no slot').toBe(0);
    expect(
      await within(
        run(() => 'still works'),
        1000,
        'run() after a refused task',
      ),
    ).toBe('still works');
  });

  test('run() starts a task at once when a slot is free, and counts it in activeCount until it settles', async () => {
    const run = limit(2);
    const board = new TaskBoard();
    const result = run(board.task(0));
    expect(run.activeCount, 'right after run() with a free slot, the task counts as active').toBe(1);
    expect(run.pendingCount).toBe(0);
    await flushMicrotasks();
    expect(board.started, 'a task with a free slot starts without waiting for a timer').toEqual([0]);
    await expectPending(result, 'run() of a task still running');
    board.finish(0);
    expect(await within(result, 1000, 'run() after its task ended')).toBe('result 0');
    await settle();
    expect(run.activeCount, 'a settled task no longer counts as active').toBe(0);
  });

  test('Limit is typed by its task (checked by npm run typecheck)', () => {
    const run = limit(1);
    expectTypeOf(run(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(run(async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(run((n: number, s: string) => s.repeat(n), 2, 'a')).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error the arguments must fit the task
    void run((n: number) => n, 'not a number').catch(() => {});
    expectTypeOf(run.activeCount).toEqualTypeOf<number>();
    expectTypeOf(run.clearQueue).toEqualTypeOf<() => void>();
  });
});

describe('step 2: at most N at once, first come first served', () => {
  test('run() runs at most 3 tasks at once with limit(3), and 3 do run', async () => {
    const run = limit(3);
    const board = new TaskBoard();
    const results = callAll(run, board, 10);
    await settle();
    expect(board.started, 'limit(3) with 10 tasks: exactly the first 3 start, the rest wait for a slot').toEqual([
      0, 1, 2,
    ]);
    expect(run.activeCount, 'activeCount with every slot taken').toBe(3);
    expect(run.pendingCount, 'pendingCount: the 7 tasks waiting').toBe(7);
    for (let done = 0; done < 10; done++) {
      board.finish(board.runningIds()[0]!);
      await settle();
      const left = 10 - done - 1;
      expect(
        board.running,
        `after ${done + 1} of 10 tasks ended: a freed slot must go to a waiting task at once, and never more than 3 run`,
      ).toBe(Math.min(3, left));
      expect(run.activeCount, `activeCount after ${done + 1} tasks ended`).toBe(Math.min(3, left));
      expect(run.pendingCount, `pendingCount after ${done + 1} tasks ended`).toBe(Math.max(0, left - 3));
    }
    expect(board.peak, 'the most tasks in flight at once must be exactly the limit').toBe(3);
    expect(await within(Promise.all(results), 1000, 'all 10 tasks')).toEqual(
      Array.from({ length: 10 }, (_, id) => `result ${id}`),
    );
  });

  test('run() starts tasks in the order they were called', async () => {
    const run = limit(2);
    const board = new TaskBoard();
    callAll(run, board, 6);
    await settle();
    while (board.running > 0) {
      board.finish(board.runningIds().at(-1)!); // the newest running task ends first
      await settle();
    }
    expect(
      board.started,
      'waiting tasks must start first in, first out, whatever order the running ones end in',
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('run() starts the next task when one rejects or throws', async () => {
    const run = limit(1);
    const board = new TaskBoard();
    const failing = run(board.task(0));
    const throwing = run(() => {
      throw new Error('sync failure');
    });
    const last = run(board.task(1));
    await settle();
    board.fail(0, new Error('async failure'));
    await expect(within(failing, 1000, 'the rejecting task')).rejects.toThrow('async failure');
    await expect(within(throwing, 1000, 'the throwing task, after the rejecting one freed the slot')).rejects.toThrow(
      'sync failure',
    );
    await settle();
    expect(board.started, 'a task that rejects or throws must free its slot, or the limiter slowly jams').toEqual([
      0, 1,
    ]);
    board.finish(1);
    expect(await within(last, 1000, 'the task after two failures')).toBe('result 1');
  });

  test("run() keeps each task's error to its own promise", async () => {
    const run = limit(2);
    const board = new TaskBoard();
    const [first, second, third] = callAll(run, board, 3);
    await settle();
    board.fail(0, new Error('only mine'));
    board.finish(1);
    await settle();
    board.finish(2);
    await expect(within(first!, 1000, 'the failing task'), 'the failing task').rejects.toThrow('only mine');
    expect(
      await within(second!, 1000, 'the task beside the failing one'),
      'a failure elsewhere must not touch this task',
    ).toBe('result 1');
    expect(
      await within(third!, 1000, 'the task that waited behind a failure'),
      'a task that waited behind a failure',
    ).toBe('result 2');
  });

  test('run() starts a backlog of thousands of waiting tasks, and the tasks added while it drains, first in, first out', async () => {
    const run = limit(1);
    const called: number[] = []; // task ids in the order of the run() calls
    const started: number[] = [];
    const waitingSeen: [id: number, pendingCount: number, waiting: number][] = [];
    const results = new Map<number, Promise<string>>();
    const add = (id: number) => {
      called.push(id);
      results.set(id, run(task, id));
    };
    // Every third task of the backlog adds one more task when it starts: the line grows as it drains.
    async function task(id: number): Promise<string> {
      started.push(id);
      if (id < 3000 && id % 3 === 0) add(3000 + id);
      waitingSeen.push([id, run.pendingCount, called.length - started.length]);
      return `result ${id}`;
    }
    for (let id = 0; id < 3000; id++) add(id);
    expect(run.pendingCount, 'limit(1) after 3000 calls: all but the first wait').toBe(called.length - 1);
    const values = await within(
      // The backlog's last task ends after every task added to the line: then all the calls are known.
      Promise.all(results.values()).then(() => Promise.all(called.map((id) => results.get(id)))),
      2000,
      () => `a backlog of 4000 tasks, ${started.length} started so far: a task was lost from the line`,
    );
    expect(started.length, 'every task of the backlog must start, once').toBe(4000);
    expect(started, 'a long line must start first in, first out, also the tasks added while it drains').toEqual(called);
    expect(values, "each call resolves with its own task's result").toEqual(called.map((id) => `result ${id}`));
    const wrong = waitingSeen.find(([, pendingCount, waiting]) => pendingCount !== waiting);
    expect(
      wrong && `when task ${wrong[0]} started, pendingCount was ${wrong[1]} with ${wrong[2]} tasks waiting`,
      'pendingCount must count the waiting tasks all along the line',
    ).toBeUndefined();
    expect(run.pendingCount, 'nothing waits once the backlog ran').toBe(0);
  });

  test('limit(Infinity) starts every task at once', async () => {
    const run = limit(Infinity);
    const board = new TaskBoard();
    callAll(run, board, 50);
    await settle();
    expect(board.running, 'no bound: all 50 run').toBe(50);
    expect(run.pendingCount).toBe(0);
    for (const id of board.runningIds()) board.finish(id);
  });

  test('run() under any completion order: at most concurrency at once, that many reached, first come first served, each caller gets its own result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 12 }),
        async (s, concurrency, count) => {
          const run = limit(concurrency);
          const started: number[] = [];
          let running = 0;
          let peak = 0;
          const task = async (id: number) => {
            started.push(id);
            peak = Math.max(peak, ++running);
            try {
              return await s.schedule(Promise.resolve(`result ${id}`), `task ${id} ends`);
            } finally {
              running--;
            }
          };
          const results = await s.waitFor(Promise.all(Array.from({ length: count }, (_, id) => run(task, id))));
          const where = `limit(${concurrency}), ${count} tasks, schedule: ${s
            .report()
            .map((step) => step.label)
            .join(' > ')}`;
          expect(peak, `${where}: too many tasks at once`).toBeLessThanOrEqual(concurrency);
          expect(peak, `${where}: the limit was never reached, so tasks waited while a slot was free`).toBe(
            Math.min(concurrency, count),
          );
          expect(started, `${where}: tasks must start in the order they were called`).toEqual(
            Array.from({ length: count }, (_, id) => id),
          );
          expect(results, `${where}: each call resolves with its own task's result`).toEqual(
            Array.from({ length: count }, (_, id) => `result ${id}`),
          );
          expect(run.activeCount, `${where}: activeCount once everything settled`).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('step 3: clearQueue() and an AbortSignal', () => {
  test('run.clearQueue() drops the pending tasks: they never start, and their promises reject with an AbortError', async () => {
    const run = limit(2);
    const board = new TaskBoard();
    const results = callAll(run, board, 5);
    await settle();
    run.clearQueue();
    expect(run.pendingCount, 'pendingCount after clearQueue()').toBe(0);
    expect(run.activeCount, 'clearQueue() does not touch running tasks').toBe(2);
    for (const id of [2, 3, 4]) {
      const reason = await rejectionOf(
        within(results[id]!, 1000, `dropped task ${id}: its promise must settle, or whoever awaits it hangs forever`),
        `dropped task ${id}`,
      );
      expect(
        isAbortError(reason),
        `dropped task ${id} must reject with an error named AbortError, received ${String(reason)}`,
      ).toBe(true);
      expect(
        (reason as Error).message,
        `dropped task ${id}: the AbortError's message must name clearQueue(), so that it reads apart from an aborted signal's`,
      ).toMatch(/clearQueue/);
    }
    board.finish(0);
    board.finish(1);
    await settle();
    expect(board.started, 'dropped tasks must never start').toEqual([0, 1]);
    expect(
      await within(results[0]!, 1000, 'the task running at clearQueue()'),
      'a task running at clearQueue() ends normally',
    ).toBe('result 0');
  });

  test('run.clearQueue() leaves the limiter usable', async () => {
    const run = limit(1);
    const board = new TaskBoard();
    callAll(run, board, 3);
    await settle();
    run.clearQueue();
    run.clearQueue(); // twice is harmless
    const later = run(board.task(7));
    board.finish(0);
    await settle();
    expect(board.started, 'a task added after clearQueue() runs once a slot frees').toEqual([0, 7]);
    board.finish(7);
    expect(await within(later, 1000, 'the task added after clearQueue()')).toBe('result 7');
  });

  test('limit(c, { signal }) aborting rejects the pending tasks with signal.reason and lets running tasks finish', async () => {
    const controller = new AbortController();
    const run = limit(2, { signal: controller.signal });
    const board = new TaskBoard();
    const results = callAll(run, board, 5);
    await settle();
    const reason = new Error('stop fanning out');
    controller.abort(reason);
    for (const id of [2, 3, 4]) {
      await expect(
        within(results[id]!, 1000, `pending task ${id} when the signal aborted`),
        `pending task ${id} rejects with signal.reason`,
      ).rejects.toBe(reason);
    }
    expect(run.pendingCount, 'nothing waits after the abort').toBe(0);
    expect(board.running, 'running tasks are not interrupted').toBe(2);
    board.finish(0);
    board.finish(1);
    await settle();
    expect(board.started, 'no task starts after the abort, not even into a freed slot').toEqual([0, 1]);
    expect(
      await within(results[0]!, 1000, 'the task running when the signal aborted'),
      'a task running when the signal aborted still resolves with its result',
    ).toBe('result 0');
  });

  test('limit(c, { signal }) rejects every call after the abort at once, without calling the task', async () => {
    const reason = new Error('already stopped');
    const run = limit(2, { signal: AbortSignal.abort(reason) });
    const board = new TaskBoard();
    await expect(
      within(
        promiseOf('run() on a limiter whose signal is aborted', () => run(board.task(0))),
        1000,
        'run() on a limiter whose signal is aborted',
      ),
    ).rejects.toBe(reason);
    await settle();
    expect(board.started, 'an aborted limiter must not call the task').toEqual([]);
    expect(run.activeCount).toBe(0);
  });
});
