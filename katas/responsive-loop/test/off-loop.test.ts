/**
 * Step 3: runOffLoop() calls a function by module and name in a thread of its own, with buffers
 * transferred rather than copied; checksumOffLoop() is the checksum done that way. A census of
 * worker threads proves that none outlives a call.
 */
import fc from 'fast-check';
import { isMainThread, threadId } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { checksumOffLoop, runOffLoop } from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { isNotImplemented, within } from '../../../test/support/wait.ts';
import { pseudoRandomBytes, sizeLoad, timerDuring } from './probes.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';

const threads = watchThreads();
const tasks = new URL('./fixtures/tasks.ts', import.meta.url);
const task = (name: string) => ({ module: tasks, name });

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
    const thrown = await rejectionOf(
      within(runOffLoop(task('fail'), -1), 10_000, "runOffLoop(fail): the thread's error never arrived"),
      'runOffLoop(fail)',
    );
    expect(thrown, 'the task threw a RangeError: runOffLoop() must reject with it').toBeInstanceOf(RangeError);
    expect(String(thrown), "the rejection must carry the task's own message").toContain('received -1');
    const rejected = await rejectionOf(
      within(
        runOffLoop(task('rejectLater'), 'oops'),
        10_000,
        "runOffLoop(rejectLater): the thread's error never arrived",
      ),
      'runOffLoop(rejectLater)',
    );
    expect(rejected, 'an async task that rejects counts as a task that threw').toBeInstanceOf(TypeError);
    expect(String(rejected)).toContain('received oops');
  });

  test('runOffLoop() rejects when the thread ends before it reports', async () => {
    const error = await rejectionOf(
      within(
        runOffLoop(task('exit'), 3),
        10_000,
        'runOffLoop(exit): the thread ended without a word, and runOffLoop() kept waiting (listen for its exit)',
      ),
      'runOffLoop(exit)',
    );
    expect(error, 'a thread that ends without reporting must reject the call with an Error').toBeInstanceOf(Error);
    expect(String(error), 'the error should say that the thread (worker) exited').toMatch(/thread|worker|exit/i);
  });

  test('runOffLoop() rejects, rather than throws, when the task is not a file: module and an exported function', async () => {
    for (const [label, bad] of [
      ['a path', { module: 'fixtures/tasks.ts', name: 'whereAmI' }],
      ['an http: URL', { module: 'https://example.com/tasks.ts', name: 'whereAmI' }],
      ['no name', { module: tasks, name: '' }],
    ] as const) {
      const call = `runOffLoop() with ${label}`;
      await expect(
        within(
          promiseOf(call, () => runOffLoop(bad, 1)),
          5000,
          call,
        ),
        `${call} must reject with a TypeError`,
      ).rejects.toThrow(TypeError);
    }
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

    const late = new Error('cancelled during');
    const controller = new AbortController();
    const during = runOffLoop(task('hold'), 60_000, { signal: controller.signal });
    setTimeout(() => controller.abort(late), 50);
    expect(
      await rejectionOf(
        within(during, 5000, 'runOffLoop() of a task that blocks its thread for a minute, whose signal aborted'),
        'runOffLoop() whose signal aborted',
      ),
      'aborting must reject with signal.reason at once: terminate the thread, it is the only way to stop running code',
    ).toBe(late);
    expect(threads.live, 'the aborted thread must be gone once runOffLoop() settles').toBe(0);
  });

  test('runOffLoop() leaves no thread behind, whether it resolves or rejects', async () => {
    threads.reset();
    const outcomes = await within(
      Promise.allSettled([
        runOffLoop(task('leaveTimerRunning'), undefined),
        runOffLoop(task('fail'), -2),
        runOffLoop(task('exit'), 4),
      ]),
      15_000,
      'three runOffLoop() calls: one resolves (its task leaves a timer running in the thread), one rejects, one loses its thread',
    );
    const toDo = outcomes.find((outcome) => outcome.status === 'rejected' && isNotImplemented(outcome.reason));
    if (toDo) throw (toDo as PromiseRejectedResult).reason;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(threads.peak, 'each call runs in a thread of its own').toBeGreaterThanOrEqual(1);
    expect(
      threads.live,
      `${threads.live} thread(s) still alive after every call settled: a thread ends by itself only when nothing is left in it (here a task left a timer running), so terminate it, and wait until it is gone, before settling`,
    ).toBe(0);
  });

  test('checksumOffLoop() resolves with checksum(bytes) and leaves bytes detached (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const expected = checksum(bytes);
        const sum = await within(checksumOffLoop(bytes), 10_000, `checksumOffLoop(${bytes.length} bytes)`);
        expect(sum, 'checksumOffLoop() must equal the blocking checksum()').toBe(expected);
        expect(
          bytes.byteLength,
          'the bytes were copied to the thread: transfer their buffer, so nothing is copied',
        ).toBe(0);
      }),
      { numRuns: 4, examples: [[new Uint8Array(0)]] },
    );
    expect(threads.live).toBe(0);
  });

  test('checksumOffLoop() lets a timer set during the work fire before the work finishes', async () => {
    const load = sizeLoad(50);
    const expected = checksum(load.bytes);
    const { value, timerFiredFirst } = await timerDuring(() =>
      within(checksumOffLoop(load.bytes), 20_000, 'checksumOffLoop() of a large buffer'),
    );
    expect(value).toBe(expected);
    expect(
      timerFiredFirst,
      `a 0 ms timer set during ${load.ms.toFixed(0)} ms of checksum never fired before it was over: the work ran on the event loop, not in a thread`,
    ).toBe(true);
  });
});
