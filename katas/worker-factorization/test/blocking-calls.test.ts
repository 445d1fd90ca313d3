/**
 * Step 6: blocking calls. blockingSystemCall() (given) freezes the thread it runs on; runBlockingCalls()
 * must move the calls onto worker threads, where they overlap and leave the calling thread free.
 * Overlap is proven by counting the threads alive at once; how much time it saves lives in
 * speedup.timing.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { blockingSystemCall, runBlockingCalls } from '#kata/worker-factorization/worker-factorization.ts';
import { within } from '../../../test/support/wait.ts';
import { promiseOf } from '../../../test/support/rejection.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';
import { argumentMessage, messageRule } from './messages.ts';
import { watchTicks } from './ticks.ts';

const threads = watchThreads();

describe('step 6: runBlockingCalls(count, ms)', () => {
  describe('blockingSystemCall()', () => {
    test('blockingSystemCall() blocks the calling thread: not even its timers fire meanwhile (given)', async () => {
      const ticks = await watchTicks(() => blockingSystemCall(100));
      console.log(
        `blockingSystemCall(100) on this thread: its 20 ms timer fired ${ticks.count} times, the thread was frozen for ${ticks.longestGapMs.toFixed(0)} ms`,
      );
      expect(ticks.count).toBe(0);
      expect(ticks.longestGapMs).toBeGreaterThanOrEqual(99);
    });

    test('blockingSystemCall() throws a RangeError unless ms is a non-negative finite number (given)', () => {
      for (const ms of [-1, NaN, Infinity]) expect(() => blockingSystemCall(ms)).toThrow(RangeError);
    });
  });

  describe('runBlockingCalls()', () => {
    test('runBlockingCalls() resolves once every call has returned, with no thread left', async () => {
      await within(
        Promise.all([runBlockingCalls(0, 100), runBlockingCalls(1, 0)]),
        10_000,
        'runBlockingCalls(0, 100), which has nothing to do, and runBlockingCalls(1, 0), one call that returns at once',
      );
      expect(threads.live, `${threads.live} thread(s) still alive after runBlockingCalls() settled`).toBe(0);
    });

    test('runBlockingCalls() rejects, rather than throws, for a count or ms out of range', async () => {
      for (const [calls, duration, argument] of [
        [-1, 10, 'count'],
        [1.5, 10, 'count'],
        [NaN, 10, 'count'],
        [2, -1, 'ms'],
        [2, NaN, 'ms'],
        [2, Infinity, 'ms'],
      ] as const) {
        const call = `runBlockingCalls(${calls}, ${duration})`;
        const received = String(argument === 'count' ? calls : duration);
        const outcome = within(
          promiseOf(call, () => runBlockingCalls(calls, duration)),
          5000,
          call,
        );
        await expect(outcome, `${call} must reject with a RangeError`).rejects.toThrow(RangeError);
        await expect(
          outcome,
          `the error of ${call} should name ${argument} and show ${received}: ${messageRule}`,
        ).rejects.toThrow(argumentMessage(argument, received));
      }
    });

    test('runBlockingCalls() rejects with a TypeError when count or ms is not a number', async () => {
      for (const [calls, duration, argument] of [
        ['2', 10, 'count'],
        [2, '10', 'ms'],
      ] as unknown as [number, number, string][]) {
        const call = `runBlockingCalls(${JSON.stringify(calls)}, ${JSON.stringify(duration)})`;
        const outcome = within(
          promiseOf(call, () => runBlockingCalls(calls, duration)),
          5000,
          call,
        );
        await expect(outcome, `${call} must reject with a TypeError`).rejects.toThrow(TypeError);
        await expect(outcome, `the error of ${call} should name ${argument}: ${messageRule}`).rejects.toThrow(
          argumentMessage(argument),
        );
      }
    });

    test("runBlockingCalls() makes the calls at once, each on a thread of its own, and the calling thread's timers keep firing", async () => {
      // One run, watched by the thread census and by this thread's timer, answers every question here.
      const [count, ms] = [3, 300];
      const call = `runBlockingCalls(${count}, ${ms})`;
      threads.reset();
      const ticks = await watchTicks(() => within(runBlockingCalls(count, ms), 10_000, call));
      console.log(
        `${call}: this thread's 20 ms timer fired ${ticks.count} times in ${ticks.elapsedMs.toFixed(0)} ms, never more than ${ticks.longestGapMs.toFixed(0)} ms apart ` +
          `(the same calls on this thread would have frozen it for ${count * ms} ms)`,
      );
      expect(
        ticks.elapsedMs,
        `${call} resolved after ${ticks.elapsedMs.toFixed(0)} ms: it must wait for the calls to return`,
      ).toBeGreaterThanOrEqual(ms - 1);
      expect(
        threads.peak,
        `only ${threads.peak} thread(s) were alive at once for ${count} blocking calls: a blocked thread cannot take another call, so ${count} calls at once need ${count} threads`,
      ).toBeGreaterThanOrEqual(count);
      // A call made on this thread freezes it for all of ms, every time: the limit needs no more headroom.
      expect(
        ticks.longestGapMs,
        `this thread's timers stopped for ${ticks.longestGapMs.toFixed(0)} ms, about a call of ${ms} ms or more: the blocking calls ran on the calling thread, not on workers`,
      ).toBeLessThan((ms * 5) / 6);
      expect(threads.live, `${threads.live} thread(s) still alive after ${call} settled`).toBe(0);
    });
  });
});
