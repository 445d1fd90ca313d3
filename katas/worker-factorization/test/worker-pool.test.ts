/**
 * Steps 3 and 4: WorkerPool, driven with the spec's own task modules (katas/worker-factorization/test/fixtures/).
 * Parallelism is proven with a barrier that only tasks running at the same time can pass, limits and
 * order with counters in shared memory, and threads are counted by a census: no clock decides.
 */
import { getEventListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { WorkerPool } from '#kata/worker-factorization/worker-factorization.ts';
import { isDeno } from '../../../lib/runtime.ts';
import { stateOf, within } from '../../../test/support/wait.ts';
import type { BarrierInput } from './fixtures/barrier.ts';
import type { BlockerInput } from './fixtures/blocker.ts';
import type { EchoInput } from './fixtures/echo.ts';
import { crashMessage } from './fixtures/exits.ts';
import type { InFlightInput } from './fixtures/in-flight.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';
import { argumentMessage, messageRule } from './messages.ts';

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

/** Resolves once `condition()` holds, checking every 5 ms; rejects after `ms`, saying what it waited for. */
async function until(condition: () => boolean, ms: number, waiting: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Still waiting after ${ms} ms: ${waiting}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Opens an echo task's gate (see fixtures/echo.ts): the task it holds returns. */
function open(gate: SharedArrayBuffer): void {
  const flag = new Int32Array(gate);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
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
      const call = `new WorkerPool(url, { threads: ${count} })`;
      const create = () => new WorkerPool(fixture('echo.ts'), { threads: count });
      expect(create, `${call} must throw a RangeError`).toThrow(RangeError);
      expect(create, `the error of ${call} should name threads and show ${count}: ${messageRule}`).toThrow(
        argumentMessage('threads', String(count)),
      );
    }
  });

  test('new WorkerPool() throws a TypeError when threads is not a number', () => {
    const create = () => new WorkerPool(fixture('echo.ts'), { threads: '2' as unknown as number });
    expect(create, "new WorkerPool(url, { threads: '2' }) must throw a TypeError").toThrow(TypeError);
    expect(create, `the error of new WorkerPool(url, { threads: '2' }) should name threads: ${messageRule}`).toThrow(
      argumentMessage('threads'),
    );
  });

  test('new WorkerPool() throws a TypeError for a path, or any URL but a file: URL', () => {
    for (const path of ['./fixtures/echo.ts', fixture('echo.ts').pathname]) {
      const create = () => new WorkerPool(path);
      expect(
        create,
        `new WorkerPool('${path}') must throw a TypeError: pass a URL, e.g. new URL('./task.ts', import.meta.url)`,
      ).toThrow(TypeError);
      expect(
        create,
        `the error of new WorkerPool('${path}') should name moduleUrl and show the path: ${messageRule}`,
      ).toThrow(argumentMessage('moduleUrl', path));
    }
    for (const url of ['https://example.com/task.ts', new URL('data:text/javascript,export default () => 1')]) {
      expect(
        () => new WorkerPool(url),
        `new WorkerPool(${String(url)}) must throw a TypeError: a thread loads its task module from a file: URL only`,
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
    const urlString = fixture('echo.ts').href;
    await Promise.all([
      withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
        const echo = await within(pool.run({ value: 'hello' }), 10_000, 'run() of a task that returns at once');
        expect(echo.value, 'run(input) must resolve with what the task module returned for that input').toBe('hello');
      }),
      withPool<EchoInput, Echo>(urlString, { threads: 1 }, async (pool) => {
        const echo = await within(
          pool.run({ value: 42 }),
          10_000,
          `run() of a pool made from the URL string ${urlString}`,
        );
        expect(echo.value, 'a pool made from a URL string must work like one made from a URL').toBe(42);
      }),
    ]);
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

  test('WorkerPool.run() rejects a task whose input or output cannot be cloned, and the same thread serves the next task', async () => {
    type Returned = { what: unknown; threadId: number };
    await withPool<unknown, Returned>(fixture('returns.ts'), { threads: 1 }, async (pool) => {
      const first = await within(pool.run('a value'), 10_000, "run('a value')");
      await expect(
        within(
          promiseOf('run(a function)', () => pool.run(() => 'a function')),
          5000,
          'run() of an input that cannot be cloned',
        ),
        'run() of a function must reject with the error structured clone throws: a function cannot cross threads',
      ).rejects.toBeInstanceOf(Error);
      const failed = await rejectionOf(
        within(pool.run('a function'), 5000, 'run() of a task whose output (a function) cannot be cloned'),
        'run() of a task whose output cannot be cloned',
      );
      expect(
        failed,
        "a task whose output cannot be cloned must reject with the clone's error: catch what postMessage() throws in the thread, and send that instead",
      ).toBeDefined();
      const next = await within(pool.run('a value'), 10_000, 'run() after two tasks that could not cross threads');
      expect(next.what).toBe('a value');
      expect(
        next.threadId,
        'a value that cannot be cloned fails its own task, not the thread: the same thread should serve the next task',
      ).toBe(first.threadId);
    });
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

  test('WorkerPool.run() never runs more tasks at once than threads, nor starts more threads than tasks need', async () => {
    const counters = new SharedArrayBuffer(8);
    threads.reset();
    await withPool<InFlightInput, number>(fixture('in-flight.ts'), { threads: 2 }, async (pool) => {
      const tasks = Array.from({ length: 8 }, () => pool.run({ counters, holdMs: 10 }));
      await within(Promise.all(tasks), 15_000, '8 tasks of 10 ms on 2 threads');
    });
    const peak = new Int32Array(counters)[1];
    expect(
      peak,
      `${peak} tasks ran at once on a pool of 2 threads: a thread takes its next task only after it has sent the outcome of the last one`,
    ).toBeLessThanOrEqual(2);
    expect(threads.peak, `${threads.peak} threads were alive at once for a pool of 2 threads`).toBeLessThanOrEqual(2);

    threads.reset();
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 4 }, async (pool) => {
      await within(pool.run({ value: 'alone' }), 10_000, 'one task on a pool of 4 threads');
    });
    expect(
      threads.peak,
      `a pool of 4 threads given 1 task started ${threads.peak} threads: a thread starts only when a task needs one`,
    ).toBe(1);
  });

  test('WorkerPool.run() runs tasks on 3 threads at the same time: all pass a barrier that needs them all', async () => {
    // More threads than most machines have cores: the pool runs as many tasks at once as it has threads, whatever the cores.
    const count = 3;
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
  });
});

describe('step 4: dying threads, abort and close()', () => {
  test('WorkerPool.run() with an aborted signal rejects with its reason and never runs the task; a settled task stops listening to its signal', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const reason = new Error('stop');
      const aborted = promiseOf('run(input, { signal })', () =>
        pool.run({ value: 'never' }, { signal: AbortSignal.abort(reason) }),
      );
      aborted.catch(() => {});
      expect(await stateOf(aborted), 'run() with an aborted signal must settle at once').toBe('settled');
      await expect(aborted, 'run() with an aborted signal must reject with signal.reason').rejects.toBe(reason);
      // One signal for many tasks, as a server's shutdown signal would be.
      const { signal } = new AbortController();
      const next = await within(
        Promise.all(Array.from({ length: 3 }, (_, i) => pool.run({ value: i }, { signal }))),
        10_000,
        '3 runs after an aborted one, sharing one signal',
      );
      expect(next[0]!.position, 'the aborted task must never have run').toBe(0);
      const listening = getEventListeners(signal, 'abort').length;
      expect(
        listening,
        `${listening} abort listener(s) left on the signal of 3 settled tasks: remove the listener when the task settles, or a long-lived signal collects one per task`,
      ).toBe(0);
    });
  });

  test('WorkerPool.run() aborting a waiting task takes it out of the queue', async () => {
    await withPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 1 }, async (pool) => {
      const controller = new AbortController();
      const gate = new SharedArrayBuffer(4);
      const first = pool.run({ value: 'first', gate });
      const aborted = pool.run({ value: 'aborted' }, { signal: controller.signal });
      const last = pool.run({ value: 'last' });
      try {
        controller.abort(new Error('changed my mind'));
        await expect(
          within(aborted, 1000, 'a waiting run() whose signal aborted, while the task before it still held the thread'),
          'a waiting task must reject with signal.reason as soon as its signal aborts, not when its turn comes',
        ).rejects.toThrow('changed my mind');
      } finally {
        open(gate);
      }
      const positions = (await within(Promise.all([first, last]), 10_000, 'the tasks around the aborted one')).map(
        (echo) => echo.position,
      );
      expect(
        positions,
        'the aborted task must leave the queue without running: the last task should start second',
      ).toEqual([0, 1]);
    });
  });

  test('WorkerPool.run() aborting a running task rejects it and replaces its thread, for the tasks waiting too', async () => {
    await withPool<BlockerInput, number>(fixture('blocker.ts'), { threads: 1 }, async (pool) => {
      const controller = new AbortController();
      const started = new SharedArrayBuffer(4);
      const running = pool.run({ started, holdMs: 60_000 }, { signal: controller.signal });
      running.catch(() => {});
      await within(untilSet(started), 10_000, 'the blocking task to start');
      const waiting = pool.run({ started: new SharedArrayBuffer(4), holdMs: 0 });
      controller.abort(new Error('too slow'));
      await expect(
        within(running, 2000, 'a running task whose signal aborted'),
        'a running task must reject with signal.reason as soon as its signal aborts',
      ).rejects.toThrow('too slow');
      const after = await within(
        Promise.all([waiting, pool.run({ started: new SharedArrayBuffer(4), holdMs: 0 })]),
        10_000,
        'the task that waited behind the aborted one, and one given after the abort: the aborted task blocks its thread ' +
          'for a minute, so only a new thread can run them (did the abort drop the waiting task from the queue?)',
      );
      expect(after.map((threadId) => typeof threadId)).toEqual(['number', 'number']);
    });
    expect(
      threads.live,
      `${threads.live} thread(s) still alive after close() resolved: close() must also wait until the thread an abort terminated is gone`,
    ).toBe(0);
  });

  test('WorkerPool.run() rejects the task of a thread that dies, and a new thread serves the tasks after it', async () => {
    await withPool<'exit' | 'crash' | 'exit-after' | 'stay', number>(
      fixture('exits.ts'),
      { threads: 1 },
      async (pool) => {
        // Deno prints a worker's uncaught error even when the pool handles it, so there the 4th
        // thread exits too, and Node checks the crash.
        const fourth = isDeno ? 'exit' : 'crash';
        const outcomes = await within(
          Promise.allSettled((['stay', 'exit', 'stay', fourth, 'stay'] as const).map((command) => pool.run(command))),
          10_000,
          () =>
            "5 tasks on 1 thread, the 2nd of which ends its thread with process.exit() and the 4th crashes it with an uncaught error: if the task after a dead thread's never starts, the pool did not replace the dead thread",
        );
        expect(
          outcomes.map((outcome) => outcome.status),
          'only the tasks whose thread died may reject',
        ).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
        const [before, exited, after, crashed] = outcomes as [
          PromiseFulfilledResult<number>,
          PromiseRejectedResult,
          PromiseFulfilledResult<number>,
          PromiseRejectedResult,
        ];
        for (const [how, { reason }] of [
          ['exited', exited],
          ['crashed', crashed],
        ] as const) {
          expect(reason, `the task whose thread ${how} must reject with an Error`).toBeInstanceOf(Error);
          expect(
            String(reason),
            `the error of the task whose thread ${how} should say that the thread (worker) died`,
          ).toMatch(/thread|worker/i);
        }
        if (fourth === 'crash')
          expect(
            String((crashed.reason as Error).cause),
            `the error of the task whose thread crashed should carry the thread's uncaught error as its cause: listen to the worker's 'error' event`,
          ).toContain(crashMessage);
        expect(after.value, 'the tasks after it must run on a new thread').not.toBe(before.value);

        // A thread may also die between tasks, while it is idle: there is no task to reject, and the pool carries on.
        const idle = await within(pool.run('exit-after'), 10_000, 'a task whose thread ends itself right after it');
        await until(() => threads.live === 0, 5000, 'the thread that ended itself after its task to exit');
        const next = await within(
          pool.run('stay'),
          10_000,
          'a task given after an idle thread died: a new thread must take it (did the death of a thread with no task break the pool?)',
        );
        expect(next, 'the task after an idle thread died must run on a new thread').not.toBe(idle);
      },
    );
  });

  test('WorkerPool.close() lets queued and running tasks finish, then ends every thread; it is idempotent, and run() after it rejects', async () => {
    const pool = new WorkerPool<EchoInput, Echo>(fixture('echo.ts'), { threads: 2 });
    const tasks = Array.from({ length: 5 }, (_, i) => pool.run({ value: i, holdMs: 20 }));
    const outcomes = Promise.allSettled(tasks);
    await within(
      Promise.all([pool.close(), pool.close()]),
      15_000,
      'two calls of close() while 5 tasks of 20 ms were queued or running',
    );
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
    await within(pool.close(), 5000, 'close() of a closed pool');
    const late = promiseOf('run() after close()', () => pool.run({ value: 'late' }));
    await expect(
      within(late, 1000, 'run() after close()'),
      'run() after close() must reject, saying the pool is closed',
    ).rejects.toThrow(/closed/i);
  });
});
