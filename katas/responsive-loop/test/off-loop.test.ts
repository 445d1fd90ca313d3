/**
 * Step 3: runOffLoop() calls a function by module and name in a thread of its own, with buffers
 * transferred rather than copied; checksumOffLoop() is the checksum done that way. A census of
 * worker threads proves that none outlives a call; a second one, of the threads that came online,
 * also sees a thread that never reports, such as one whose task was aborted.
 */
import { getEventListeners } from 'node:events';
import { isMainThread, threadId, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { checksumOffLoop, runOffLoop } from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { isDeno } from '../../../lib/runtime.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { within } from '../../../test/support/wait.ts';
import { expectArgumentError, pseudoRandomBytes, sizeLoad, timerDuring } from './probes.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';

const threads = watchThreads();
const tasks = new URL('./fixtures/tasks.ts', import.meta.url);
const task = (name: string) => ({ module: tasks, name });

/**
 * Threads that came online and have not exited. Unlike the census, it sees a thread that never
 * sends a message, such as one blocked in `hold`; after each test it ends those left behind.
 */
const online = new Set<Worker>();
let onOnline: (() => void) | undefined;
const { emit } = Worker.prototype;
Worker.prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]) {
  if (event === 'online') {
    online.add(this);
    onOnline?.();
  }
  if (event === 'exit') online.delete(this);
  return emit.call(this, event, ...args);
};
afterEach(async () => {
  await Promise.all([...online].map((worker) => worker.terminate()));
});

/** Resolves when the next thread comes online. */
function nextOnline(): Promise<void> {
  return new Promise((resolve) => (onOnline = resolve));
}

/** Checks that calls that settled left nothing behind: no thread alive, no listener on their signal. */
function expectNothingLeft(signal: AbortSignal, calls: string): void {
  expect(
    threads.live,
    `${threads.live} thread(s) still alive after ${calls} settled: a thread ends by itself only when nothing is left in it (a task may leave a timer running), so terminate it, and wait until it is gone, before settling`,
  ).toBe(0);
  expect(
    getEventListeners(signal, 'abort').length,
    `${calls} settled but left their 'abort' listeners on the signal, which lives on: each call must remove its own once it settles, or a long-lived signal collects one per call`,
  ).toBe(0);
}

describe('step 3: Move the work to a thread', () => {
  test('runOffLoop() resolves with what the task returns, computed on another thread', async () => {
    const where = await within(
      runOffLoop<undefined, { isMainThread: boolean; threadId: number }>(task('whereAmI'), undefined),
      10_000,
      'runOffLoop(whereAmI)',
    );
    expect(
      where.isMainThread,
      'the task ran on the main thread: start a worker thread and call the function there',
    ).toBe(false);
    expect(where.threadId, 'the task ran on the calling thread').not.toBe(isMainThread ? 0 : threadId);
    expect(threads.live, 'the thread must be gone once runOffLoop() settles').toBe(0);
  });

  test('runOffLoop() also takes the module as a URL string', async () => {
    const where = await within(
      runOffLoop<undefined, { isMainThread: boolean }>({ module: tasks.href, name: 'whereAmI' }, undefined),
      10_000,
      'runOffLoop() with a URL string',
    );
    expect(where.isMainThread).toBe(false);
  });

  test("runOffLoop() transfers the buffers in transfer: the caller's ArrayBuffer is detached", async () => {
    const bytes = pseudoRandomBytes(4096);
    const sum = bytes.reduce((total, byte) => total + byte, 0);
    const seen = await within(
      runOffLoop<Uint8Array, { isUint8Array: boolean; length: number; sum: number }>(task('inspect'), bytes, {
        transfer: [bytes.buffer],
      }),
      10_000,
      'runOffLoop(inspect, bytes)',
    );
    expect(seen, 'the thread must receive the same bytes, as a Uint8Array').toEqual({
      isUint8Array: true,
      length: 4096,
      sum,
    });
    expect(
      bytes.buffer.byteLength,
      "the caller's ArrayBuffer still holds its 4096 bytes: it was copied, not transferred. Pass the buffers in transfer as the transfer list, so they move to the thread (and are detached here)",
    ).toBe(0);
  });

  test('runOffLoop() rejects with the error the task threw', async () => {
    // Two calls at once, each in a thread of its own: one task throws, the other rejects later.
    const { signal } = new AbortController();
    const [thrown, rejected] = await Promise.all([
      rejectionOf(
        within(runOffLoop(task('fail'), -1, { signal }), 10_000, "runOffLoop(fail): the thread's error never arrived"),
        'runOffLoop(fail)',
      ),
      rejectionOf(
        within(
          runOffLoop(task('rejectLater'), 'oops', { signal }),
          10_000,
          "runOffLoop(rejectLater): the thread's error never arrived",
        ),
        'runOffLoop(rejectLater)',
      ),
    ]);
    expect(thrown, 'the task threw a RangeError: runOffLoop() must reject with it').toBeInstanceOf(RangeError);
    expect(String(thrown), "the rejection must carry the task's own message").toContain('received -1');
    expect(rejected, 'an async task that rejects counts as a task that threw').toBeInstanceOf(TypeError);
    expect(String(rejected)).toContain('received oops');
    expectNothingLeft(signal, 'two calls whose tasks failed');
  });

  test('runOffLoop() rejects when the thread ends before it reports', async () => {
    // The deadline stands outside, so that its own error is a failure, never taken for the rejection.
    const { signal } = new AbortController();
    const error = await within(
      rejectionOf(runOffLoop(task('exit'), 3, { signal }), 'runOffLoop(exit)'),
      10_000,
      'runOffLoop(exit): the thread ended without a word, and runOffLoop() kept waiting (listen for its exit)',
    );
    expect(error, 'a thread that ends without reporting must reject the call with an Error').toBeInstanceOf(Error);
    expect(String(error), 'the error should say that the thread (worker) exited').toMatch(/thread|worker|exit/i);
    expectNothingLeft(signal, 'a call whose thread exited');
  });

  test('runOffLoop() rejects with the error that ended its thread', async (context) => {
    // Deno prints every uncaught error of a worker thread, even one the caller handles.
    if (isDeno)
      return context.skip("Deno reports the thread's uncaught error on the console as well: Node checks this one");
    const error = await rejectionOf(
      within(
        runOffLoop(task('crashLater'), 'boom'),
        10_000,
        'runOffLoop(crashLater): the thread died of an uncaught error, and runOffLoop() kept waiting',
      ),
      'runOffLoop(crashLater)',
    );
    expect(
      error,
      "a timer the task left threw a RangeError nobody caught, which ended the thread: runOffLoop() must reject with that error (the thread's 'error' event), not only say that the thread exited",
    ).toBeInstanceOf(RangeError);
    expect(String(error), "the rejection must carry the thread's own error").toContain('received boom');
  });

  test('runOffLoop() rejects, rather than throws, when the task is not a file: module and an exported function, before any thread starts', async () => {
    threads.reset();
    for (const [label, bad] of [
      ['no task', undefined],
      ['a task of null', null],
      ['a path', { module: 'fixtures/tasks.ts', name: 'whereAmI' }],
      ['an http: URL', { module: 'https://example.com/tasks.ts', name: 'whereAmI' }],
      ['a number for a module', { module: 42, name: 'whereAmI' }],
      ['no name', { module: tasks }],
      ['an empty name', { module: tasks, name: '' }],
      ['a number for a name', { module: tasks.href, name: 42 }],
    ] as const) {
      await expectArgumentError(`runOffLoop() with ${label}`, () => runOffLoop(bad as never, 1), TypeError);
    }
    expect(
      threads.peak,
      'runOffLoop() started a thread for a task whose address is wrong: check task.module and task.name first, so no thread starts',
    ).toBe(0);
    const call = 'runOffLoop() of an export that is not a function';
    await expect(
      within(
        promiseOf(call, () => runOffLoop(task('notAFunction'), 1)),
        10_000,
        call,
      ),
      `${call} must reject with a TypeError`,
    ).rejects.toThrow(TypeError);
    expect(threads.live).toBe(0);
  });

  test("runOffLoop() rejects with the signal's reason and ends the thread", async () => {
    const early = new Error('cancelled before');
    const before = promiseOf('runOffLoop() with an aborted signal', () =>
      runOffLoop(task('hold'), 60_000, { signal: AbortSignal.abort(early) }),
    );
    expect(
      await rejectionOf(
        within(before, 5000, 'runOffLoop() with an aborted signal'),
        'runOffLoop() with an aborted signal',
      ),
    ).toBe(early);
    expect(
      online.size,
      'runOffLoop() with an aborted signal left a thread running: check the signal before starting one',
    ).toBe(0);

    const late = new Error('cancelled during');
    const controller = new AbortController();
    const started = nextOnline();
    const during = runOffLoop(task('hold'), 60_000, { signal: controller.signal });
    await within(started, 10_000, 'the thread of runOffLoop(hold), which never came online');
    controller.abort(late);
    expect(
      await rejectionOf(
        within(during, 5000, 'runOffLoop() of a task that blocks its thread for a minute, whose signal aborted'),
        'runOffLoop() whose signal aborted',
      ),
      'aborting must reject with signal.reason at once: terminate the thread, it is the only way to stop running code',
    ).toBe(late);
    expect(
      online.size,
      'the aborted thread is still running its task once runOffLoop() settled: terminate it, and wait until it is gone, before settling',
    ).toBe(0);
  });

  test('runOffLoop() leaves nothing behind: no thread, though its task left a timer running, and no listener on its signal', async () => {
    threads.reset();
    const { signal } = new AbortController();
    const output = await within(
      runOffLoop(task('leaveTimerRunning'), undefined, { signal }),
      10_000,
      'runOffLoop(leaveTimerRunning): the task returned, but its thread has a timer running',
    );
    expect(output).toBe('done');
    expect(threads.peak, 'the call runs in a thread of its own').toBe(1);
    expectNothingLeft(signal, 'a call whose task left a timer running');
  });

  test('checksumOffLoop() resolves with checksum(bytes) and leaves bytes detached, for calls made at once', async () => {
    const inputs = [0, 1, 3000].map((length) => pseudoRandomBytes(length, length + 7));
    const expected = inputs.map((bytes) => checksum(bytes));
    const sums = await within(
      Promise.all(inputs.map((bytes) => checksumOffLoop(bytes))),
      10_000,
      `checksumOffLoop() of ${inputs.length} inputs at once`,
    );
    expect(sums, 'checksumOffLoop() must equal the blocking checksum() for every input').toEqual(expected);
    expect(
      inputs.map((bytes) => bytes.byteLength),
      'the bytes were copied to the thread: transfer their buffer, so nothing is copied',
    ).toEqual(inputs.map(() => 0));
    expect(threads.live).toBe(0);
  });

  test('checksumOffLoop() rejects, rather than throws, for bytes that are not a Uint8Array over an ArrayBuffer', async () => {
    await expectArgumentError(
      'checksumOffLoop("abc")',
      () => checksumOffLoop('abc' as unknown as Uint8Array),
      TypeError,
    );
    await expectArgumentError(
      'checksumOffLoop() of a view of a SharedArrayBuffer',
      () => checksumOffLoop(new Uint8Array(new SharedArrayBuffer(8))),
      TypeError,
    );
  });

  test('checksumOffLoop() lets a timer set during the work fire before the work finishes', async () => {
    const load = sizeLoad(10);
    const { value, timerFiredFirst, runs } = await timerDuring(
      () => within(checksumOffLoop(load.bytes), 20_000, 'checksumOffLoop() of a large buffer'),
      3,
    );
    expect(value).toBe(load.sum);
    expect(
      timerFiredFirst,
      `a 0 ms timer set during ${load.ms.toFixed(0)} ms of checksum never fired before it was over, in ${runs} runs: the work ran on the event loop, not in a thread`,
    ).toBe(true);
  });
});
