/**
 * Steps 3 and 4: WorkerPool, driven with the spec's own task modules (katas/worker-factorization/test/fixtures/).
 * Parallelism is proven with a barrier that only tasks running at the same time can pass, limits and
 * order with counters in shared memory, and threads are counted by a census: no clock decides.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { WorkerPool } from '#kata/worker-factorization/worker-factorization.ts';
import { stateOf, within } from '../../../test/support/wait.ts';
import type { BarrierInput } from './fixtures/barrier.ts';
import type { BlockerInput } from './fixtures/blocker.ts';
import type { EchoInput } from './fixtures/echo.ts';
import type { InFlightInput } from './fixtures/in-flight.ts';
import { promiseOf } from '../../../test/support/rejection.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';

const threads = watchThreads();
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
type Echo = { value: unknown; position: number; threadId: number };

/** `Atomics.waitAsync` (ES2024, in every supported runtime), typed here because the project targets ES2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/** Resolves once the Int32 flag in `buffer` is no longer 0, without polling. */
async function untilSet(buffer: SharedArrayBuffer): Promise<void> {
  const { async, value } = waitAsync(new Int32Array(buffer), 0, 0);
  if (async) await value;
}

/** Runs `use` with a fresh pool, then closes the pool (with a deadline) unless `use` failed first. */
async function withPool<I, O>(
  module: URL | string,
  options: { threads: number },
  use: (pool: WorkerPool<I, O>) => Promise<void>,
): Promise<void> {
  const pool = new WorkerPool<I, O>(module, options);
  try {
    await use(pool);
  } catch (error) {
    pool.close().catch(() => {}); // best effort: the census ends any thread left after the test
    throw error;
  }
  await within(pool.close(), 5000, 'close() of a pool whose tasks had all settled');
}

describe('step 3: a pool of worker threads', () => {
  test('new WorkerPool() throws a RangeError unless threads is a positive integer', () => {
    for (const count of [0, -1, 1.5, NaN, Infinity]) {
      expect(
        () => new WorkerPool(fixture('echo.ts'), { threads: count }),
        `new WorkerPool(url, { threads: ${count} }) must throw a RangeError`,
      ).toThrow(RangeError);
    }
  });

  test('new WorkerPool() throws a TypeError when threads is not a number', () => {
    expect(
      () => new WorkerPool(fixture('echo.ts'), { threads: '2' as unknown as number }),
      "new WorkerPool(url, { threads: '2' }) must throw a TypeError",
    ).toThrow(TypeError);
  });

  test('new WorkerPool() throws a TypeError for a path instead of a file: URL', () => {
    for (const path of ['./fixtures/echo.ts', fixture('echo.ts').pathname]) {
      expect(
        () => new WorkerPool(path),
        `new WorkerPool('${path}') must throw a TypeError: pass a URL, e.g. new URL('./task.ts', import.meta.url)`,
      ).toThrow(TypeError);
    }
  });

  test('WorkerPool.threads is the threads option, and the available parallelism by default', async () => {
    const three = new WorkerPool(fixture('echo.ts'), { threads: 3 });
    const byDefault = new WorkerPool(fixture('echo.ts'));
    await Promise.all([three.close(), byDefault.close()]);
    expect(three.threads).toBe(3);
    expect(byDefault.threads, 'the default is availableParallelism() from node:os').toBe(availableParallelism());
  });

  test('WorkerPool.run() resolves with what the default export of the module returns', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const echo = await within(pool.run({ value: 'hello' }), 10_000, 'run() of a task that returns at once');
      expect(echo.value, 'run(input) must resolve with what the task module returned for that input').toBe('hello');
    });
    const urlString = fixture('echo.ts').href;
    await withPool<EchoInput, Echo>(urlString, { threads: 1 }, async (pool) => {
      const echo = await within(
        pool.run({ value: 42 }),
        10_000,
        `run() of a pool made from the URL string ${urlString}`,
      );
      expect(echo.value, 'a pool made from a URL string must work like one made from a URL').toBe(42);
    });
  });

  test('WorkerPool.run() rejects with the error the task threw, and the same thread serves the next task', async () => {
    await withPool<number, { root: number; threadId: number }>(
      fixture('square-root.ts'),
      { threads: 1 },
      async (pool) => {
        const first = await within(pool.run(16), 10_000, 'run(16)');
        await expect(
          within(pool.run(-4), 10_000, 'run(-4) of a task that throws'),
          'run(-4) must reject with the RangeError the task threw',
        ).rejects.toThrow(RangeError);
        await expect(
          pool.run(-4),
          "the rejection must carry the task's own message, which names the input",
        ).rejects.toThrow('received -4');
        const next = await within(pool.run(9), 10_000, 'run(9) after a task threw');
        expect(next.root).toBe(3);
        expect(
          next.threadId,
          'a task that throws is an ordinary outcome: its thread should serve the next task, not be replaced',
        ).toBe(first.threadId);
      },
    );
  });

  test('WorkerPool.run() starts waiting tasks first come, first served', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const tasks = Array.from({ length: 6 }, (_, i) => pool.run({ value: i }));
      const echoes = await within(Promise.all(tasks), 10_000, '6 tasks on 1 thread');
      const startOrder = [...echoes].sort((a, b) => a.position - b.position).map((echo) => echo.value);
      expect(
        startOrder,
        'with 1 thread, run(0) ... run(5) must start in the order they were given (a queue takes from its head)',
      ).toEqual([0, 1, 2, 3, 4, 5]);
    });
  });

  test('WorkerPool.run() never runs more tasks at once than threads, nor starts more threads', async () => {
    const counters = new SharedArrayBuffer(8);
    threads.reset();
    await withPool<InFlightInput, number>(fixture('in-flight.ts'), { threads: 2 }, async (pool) => {
      const tasks = Array.from({ length: 8 }, () => pool.run({ counters, holdMs: 30 }));
      await within(Promise.all(tasks), 15_000, '8 tasks of 30 ms on 2 threads');
    });
    const peak = new Int32Array(counters)[1];
    expect(
      peak,
      `${peak} tasks ran at once on a pool of 2 threads: a thread takes its next task only after it has sent the outcome of the last one`,
    ).toBeLessThanOrEqual(2);
    expect(threads.peak, `${threads.peak} threads were alive at once for a pool of 2 threads`).toBeLessThanOrEqual(2);
  });

  test.each([2, 3])(
    'WorkerPool.run() runs tasks on %i threads at the same time: all pass a barrier that needs them all',
    async (count) => {
      await withPool<BarrierInput, { passed: boolean; arrived: number }>(
        fixture('barrier.ts'),
        { threads: count },
        async (pool) => {
          const input = { arrivals: new SharedArrayBuffer(4), parties: count, deadlineMs: 5000 };
          const results = await within(
            Promise.all(Array.from({ length: count }, () => pool.run(input))),
            15_000,
            `${count} tasks at a barrier`,
          );
          const stuck = results.filter((result) => !result.passed);
          expect(
            stuck.length,
            `${stuck.length} of ${count} tasks waited 5 s at the barrier and saw only ${stuck.map((r) => r.arrived).join(', ')} of ${count} arrive: ` +
              `a pool of ${count} threads must run ${count} tasks at once, each on a thread of its own, not one after another`,
          ).toBe(0);
        },
      );
    },
  );
});

describe('step 4: dying threads, abort and close()', () => {
  test('WorkerPool.run() with an aborted signal rejects with its reason and never runs the task', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const reason = new Error('stop');
      const aborted = promiseOf('run(input, { signal })', () =>
        pool.run({ value: 'never' }, { signal: AbortSignal.abort(reason) }),
      );
      aborted.catch(() => {});
      expect(await stateOf(aborted), 'run() with an aborted signal must settle at once').toBe('settled');
      await expect(aborted, 'run() with an aborted signal must reject with signal.reason').rejects.toBe(reason);
      const next = await within(pool.run({ value: 'next' }), 10_000, 'run() after an aborted one');
      expect(next.position, 'the aborted task must never have run').toBe(0);
    });
  });

  test('WorkerPool.run() aborting a waiting task takes it out of the queue', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const controller = new AbortController();
      const first = pool.run({ value: 'first', holdMs: 200 });
      const aborted = pool.run({ value: 'aborted' }, { signal: controller.signal });
      const last = pool.run({ value: 'last' });
      controller.abort(new Error('changed my mind'));
      await expect(
        within(aborted, 1000, 'a waiting run() whose signal aborted'),
        'a waiting task must reject with signal.reason as soon as its signal aborts',
      ).rejects.toThrow('changed my mind');
      const positions = (await within(Promise.all([first, last]), 10_000, 'the tasks around the aborted one')).map(
        (echo) => echo.position,
      );
      expect(
        positions,
        'the aborted task must leave the queue without running: the last task should start second',
      ).toEqual([0, 1]);
    });
  });

  test('WorkerPool.run() aborting a running task rejects it and replaces its thread', async () => {
    await withPool<BlockerInput, number>(fixture('blocker.ts'), { threads: 1 }, async (pool) => {
      const controller = new AbortController();
      const started = new SharedArrayBuffer(4);
      const running = pool.run({ started, holdMs: 60_000 }, { signal: controller.signal });
      running.catch(() => {});
      await within(untilSet(started), 10_000, 'the blocking task to start');
      controller.abort(new Error('too slow'));
      await expect(
        within(running, 2000, 'a running task whose signal aborted'),
        'a running task must reject with signal.reason as soon as its signal aborts',
      ).rejects.toThrow('too slow');
      const next = await within(
        pool.run({ started: new SharedArrayBuffer(4), holdMs: 0 }),
        10_000,
        'the next task: the aborted one blocks its thread for a minute, so only a new thread can run this one',
      );
      expect(typeof next).toBe('number');
    });
  });

  test('WorkerPool.run() rejects the task of a thread that dies, and a new thread serves the tasks after it', async () => {
    await withPool<'exit' | 'stay', number>(fixture('exits.ts'), { threads: 1 }, async (pool) => {
      const outcomes = await within(
        Promise.allSettled([pool.run('stay'), pool.run('exit'), pool.run('stay'), pool.run('stay')]),
        10_000,
        () =>
          `4 tasks on 1 thread, the 2nd of which ends its thread: if the 3rd never starts, the pool did not replace the dead thread`,
      );
      expect(
        outcomes.map((outcome) => outcome.status),
        'only the task whose thread died may reject',
      ).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const [before, died, after] = outcomes;
      expect(
        (died as PromiseRejectedResult).reason,
        'the task whose thread died must reject with an Error',
      ).toBeInstanceOf(Error);
      expect(
        String((died as PromiseRejectedResult).reason),
        'the error should say that the thread (worker) died or exited',
      ).toMatch(/thread|worker/i);
      expect((after as PromiseFulfilledResult<number>).value, 'the tasks after it must run on a new thread').not.toBe(
        (before as PromiseFulfilledResult<number>).value,
      );
    });
  });

  test('WorkerPool.close() is idempotent, and run() after it rejects', async () => {
    const pool = new WorkerPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 });
    await within(pool.run({ value: 1 }), 10_000, 'run() before close()');
    await within(Promise.all([pool.close(), pool.close()]), 5000, 'two calls of close()');
    await within(pool.close(), 5000, 'close() of a closed pool');
    const late = promiseOf('run() after close()', () => pool.run({ value: 2 }));
    await expect(
      within(late, 1000, 'run() after close()'),
      'run() after close() must reject, saying the pool is closed',
    ).rejects.toThrow(/closed/i);
    expect(threads.live, 'no thread may outlive close()').toBe(0);
  });

  test('WorkerPool.close() lets queued and running tasks finish, then ends every thread', async () => {
    const pool = new WorkerPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 2 });
    const tasks = Array.from({ length: 5 }, (_, i) => pool.run({ value: i, holdMs: 100 }));
    const outcomes = Promise.allSettled(tasks);
    await within(pool.close(), 15_000, 'close() while 5 tasks of 100 ms were queued or running');
    const statuses = (await within(outcomes, 5000, 'the tasks given before close(), after close() resolved')).map(
      (outcome) => outcome.status,
    );
    expect(
      statuses,
      `close() must let every task given before it finish, not cut them off; their outcomes: ${statuses.join(', ')}`,
    ).toEqual(Array(5).fill('fulfilled'));
    expect(
      threads.live,
      `${threads.live} thread(s) still alive after close() resolved: terminate every thread and wait until it is gone`,
    ).toBe(0);
  });
});
