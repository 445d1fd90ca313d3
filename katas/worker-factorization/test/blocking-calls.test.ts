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
import { watchTicks } from './ticks.ts';

const threads = watchThreads();

describe('step 6: runBlockingCalls(count, ms)', () => {
  describe('blockingSystemCall()', () => {
    test('blockingSystemCall() blocks the calling thread: not even its timers fire meanwhile (given)', async () => {
      const ticks = await watchTicks(() => blockingSystemCall(200));
      console.log(
        `blockingSystemCall(200) on this thread: its 20 ms timer fired ${ticks.count} times, the thread was frozen for ${ticks.longestGapMs.toFixed(0)} ms`,
      );
      expect(ticks.count).toBe(0);
      expect(ticks.longestGapMs).toBeGreaterThanOrEqual(199);
    });

    test('blockingSystemCall() throws a RangeError unless ms is a non-negative finite number (given)', () => {
      for (const ms of [-1, NaN, Infinity]) expect(() => blockingSystemCall(ms)).toThrow(RangeError);
    });
  });

  describe('runBlockingCalls()', () => {
    test('runBlockingCalls() resolves once every call has blocked for ms, with no thread left', async () => {
      await within(runBlockingCalls(0, 100), 1000, 'runBlockingCalls(0, 100), which has nothing to do');
      const start = performance.now();
      await within(runBlockingCalls(2, 150), 10_000, 'runBlockingCalls(2, 150)');
      const elapsed = performance.now() - start;
      expect(
        elapsed,
        `runBlockingCalls(2, 150) resolved after ${elapsed.toFixed(0)} ms: it must wait for the calls to return`,
      ).toBeGreaterThanOrEqual(149);
      expect(threads.live, `${threads.live} thread(s) still alive after runBlockingCalls() settled`).toBe(0);
    });

    test('runBlockingCalls() rejects, rather than throws, for a count or ms out of range', async () => {
      for (const [count, ms] of [
        [-1, 10],
        [1.5, 10],
        [NaN, 10],
        [2, -1],
        [2, NaN],
        [2, Infinity],
      ] as const) {
        const call = `runBlockingCalls(${count}, ${ms})`;
        await expect(
          within(
            promiseOf(call, () => runBlockingCalls(count, ms)),
            5000,
            call,
          ),
          `${call} must reject with a RangeError`,
        ).rejects.toThrow(RangeError);
      }
    });

    test('runBlockingCalls() rejects with a TypeError when count or ms is not a number', async () => {
      for (const [count, ms] of [
        ['2', 10],
        [2, '10'],
      ] as unknown as [number, number][]) {
        const call = `runBlockingCalls(${JSON.stringify(count)}, ${JSON.stringify(ms)})`;
        await expect(
          within(
            promiseOf(call, () => runBlockingCalls(count, ms)),
            5000,
            call,
          ),
          `${call} must reject with a TypeError`,
        ).rejects.toThrow(TypeError);
      }
    });

    test('runBlockingCalls() makes the calls at once, each on a thread of its own', async () => {
      threads.reset();
      await within(runBlockingCalls(3, 300), 10_000, 'runBlockingCalls(3, 300)');
      expect(
        threads.peak,
        `only ${threads.peak} thread(s) were alive at once for 3 blocking calls: a blocked thread cannot take another call, so 3 calls at once need 3 threads`,
      ).toBeGreaterThanOrEqual(3);
    });

    test("runBlockingCalls() keeps the calling thread free: the thread's timers keep firing during the calls", async () => {
      const ticks = await watchTicks(() => within(runBlockingCalls(3, 600), 10_000, 'runBlockingCalls(3, 600)'));
      console.log(
        `runBlockingCalls(3, 600): this thread's 20 ms timer fired ${ticks.count} times in ${ticks.elapsedMs.toFixed(0)} ms, never more than ${ticks.longestGapMs.toFixed(0)} ms apart ` +
          '(the same calls on this thread would have frozen it for 1800 ms)',
      );
      expect(
        ticks.longestGapMs,
        `this thread's timers stopped for ${ticks.longestGapMs.toFixed(0)} ms, about a call of 600 ms or more: the blocking calls ran on the calling thread, not on workers`,
      ).toBeLessThan(300);
    });
  });
});
