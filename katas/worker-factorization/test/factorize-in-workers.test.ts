/**
 * Step 5: factorizeInWorkers(), a WorkerPool over the kata's factorize task. Whether the work really
 * leaves the calling thread is proven by that thread's timers, which keep firing only if it is free;
 * how much faster it is lives in speedup.timing.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { availableParallelism } from 'node:os';
import { factorize, factorizeInWorkers } from '#kata/worker-factorization/worker-factorization.ts';
import { stateOf, within } from '../../../test/support/wait.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';
import { argumentMessage, messageRule } from './messages.ts';
import { type Ticks, watchTicks } from './ticks.ts';
import { sizeWorkload } from './workload.ts';

const threads = watchThreads();

describe('step 5: factorizeInWorkers(numbers, { threads, signal })', () => {
  describe('factorizeInWorkers()', () => {
    test('factorizeInWorkers() resolves with the divisors of each number, in input order', async () => {
      const results = await within(
        factorizeInWorkers([6, 7, 1], { threads: 2 }),
        10_000,
        'factorizeInWorkers([6, 7, 1], { threads: 2 })',
      );
      expect(results).toEqual([[1, 2, 3, 6], [1, 7], [1]]);
      expect(threads.live, 'every thread must have ended before factorizeInWorkers() settles: close the pool').toBe(0);
    });

    test('factorizeInWorkers() starts no more threads than there are numbers, nor than availableParallelism(), by default', async () => {
      threads.reset();
      expect(await within(factorizeInWorkers([]), 5000, 'factorizeInWorkers([])'), 'no numbers, no divisors').toEqual(
        [],
      );
      expect(threads.peak, `factorizeInWorkers([]) ran ${threads.peak} threads: there is nothing to do`).toBe(0);
      expect(await within(factorizeInWorkers([35]), 10_000, 'factorizeInWorkers([35])')).toEqual([[1, 5, 7, 35]]);
      expect(
        threads.peak,
        `factorizeInWorkers([35]) ran ${threads.peak} threads: by default it uses min(availableParallelism(), numbers.length)`,
      ).toBeLessThanOrEqual(1);
      const cores = availableParallelism();
      const ones = Array<number>(cores + 1).fill(1);
      threads.reset();
      expect(await within(factorizeInWorkers(ones), 10_000, `factorizeInWorkers() of ${ones.length} numbers`)).toEqual(
        Array(ones.length).fill([1]),
      );
      expect(
        threads.peak,
        `factorizeInWorkers() of ${ones.length} numbers ran ${threads.peak} threads on a machine with availableParallelism() ${cores}: ` +
          'by default it uses min(availableParallelism(), numbers.length)',
      ).toBeLessThanOrEqual(cores);
    });

    test('factorizeInWorkers() returns exactly what factorize() returns, in input order (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 7 }),
          fc.integer({ min: 1, max: 3 }),
          async (numbers, count) => {
            const call = `factorizeInWorkers([${numbers}], { threads: ${count} })`;
            const results = await within(factorizeInWorkers(numbers, { threads: count }), 10_000, call);
            expect(results, `${call} should hold factorize(n) for each number, in input order`).toEqual(
              numbers.map((n) => factorize(n)),
            );
            expect(threads.live, `${call} left ${threads.live} thread(s) alive after it settled`).toBe(0);
          },
        ),
        {
          numRuns: 4,
          examples: [[[], 2]],
        },
      );
    });

    test('factorizeInWorkers() checks every number before starting a thread, and names the one that fails', async () => {
      for (const bad of [0, -7, 1.5, 2 ** 53]) {
        const call = `factorizeInWorkers([12, ${bad}, 35])`;
        const results = promiseOf(call, () => factorizeInWorkers([12, bad, 35]));
        results.catch(() => {});
        expect(await stateOf(results), `${call} must reject at once, before starting any thread`).toBe('settled');
        await expect(results, `${call} must reject with a RangeError`).rejects.toThrow(RangeError);
        await expect(results, `the error of ${call} must show the failing number: ${messageRule}`).rejects.toThrow(
          argumentMessage(undefined, String(bad)),
        );
      }
    });

    test('factorizeInWorkers() rejects, rather than throws, unless threads is a positive integer', async () => {
      for (const count of [0, -1, 1.5, NaN]) {
        const call = `factorizeInWorkers([12], { threads: ${count} })`;
        const results = within(
          promiseOf(call, () => factorizeInWorkers([12], { threads: count })),
          5000,
          call,
        );
        await expect(results, `${call} must reject with a RangeError`).rejects.toThrow(RangeError);
        await expect(
          results,
          `the error of ${call} should name threads and show ${count}: ${messageRule}`,
        ).rejects.toThrow(argumentMessage('threads', String(count)));
      }
    });

    test("factorizeInWorkers() rejects with the signal's reason, and ends its threads", async () => {
      const early = new Error('cancelled before');
      const before = rejectionOf(
        within(
          factorizeInWorkers([12], { signal: AbortSignal.abort(early) }),
          5000,
          'factorizeInWorkers() with an aborted signal',
        ),
        'factorizeInWorkers() with an aborted signal',
      );
      expect(await before, 'an aborted signal must reject with signal.reason').toBe(early);

      const late = new Error('cancelled during');
      const controller = new AbortController();
      const job = factorizeInWorkers([2 ** 27 - 39, 2 ** 27 - 39], {
        threads: 2,
        signal: controller.signal,
      });
      job.catch(() => {});
      controller.abort(late);
      const during = await rejectionOf(
        within(job, 5000, 'factorizeInWorkers() whose signal aborted while its threads started'),
        'factorizeInWorkers() whose signal aborted',
      );
      expect(during, 'aborting while it runs must reject with signal.reason, at once, not after the work').toBe(late);
      expect(
        threads.live,
        `${threads.live} thread(s) still alive after the aborted job settled: close the pool in a finally`,
      ).toBe(0);
    });

    test("factorizeInWorkers() keeps the calling thread free: the thread's timers keep firing while workers compute", async (context) => {
      const workload = sizeWorkload(factorize, 150);
      if (!workload)
        return context.skip(
          'factorize() is too fast even for the largest safe prime: there is no CPU-bound work to move off this thread',
        );
      // Starting a thread may hold this thread up a little (in Deno especially): measure that first. One
      // worker leaves a core free for this thread's timer on any machine with two. A busy machine may
      // stall this thread once in a while; the calling thread's own work stalls it every time, so a
      // second attempt is allowed.
      const attempts: { startUp: Ticks; work: Ticks; limit: number }[] = [];
      do {
        const startUp = await watchTicks(() =>
          within(factorizeInWorkers([1], { threads: 1 }), 15_000, 'factorizeInWorkers([1])'),
        );
        const work = await watchTicks(() =>
          within(factorizeInWorkers([workload.n], { threads: 1 }), 15_000, 'factorizeInWorkers() of a large prime'),
        );
        attempts.push({ startUp, work, limit: startUp.longestGapMs + workload.ms / 2 });
      } while (attempts.length < 2 && attempts.at(-1)!.work.longestGapMs >= attempts.at(-1)!.limit);
      const { startUp, work, limit } = attempts.at(-1)!;
      console.log(
        `factorize(${workload.n}) took ${workload.ms.toFixed(0)} ms on this thread; while factorizeInWorkers() did it in a worker, ` +
          `this thread's 20 ms timer fired ${work.count} times in ${work.elapsedMs.toFixed(0)} ms, never more than ${work.longestGapMs.toFixed(0)} ms apart ` +
          `(${startUp.longestGapMs.toFixed(0)} ms while a thread started; attempt ${attempts.length} of 2)`,
      );
      expect(
        work.longestGapMs,
        `this thread's timers stopped for ${work.longestGapMs.toFixed(0)} ms during factorizeInWorkers(), near what factorize(${workload.n}) ` +
          `takes here (${workload.ms.toFixed(0)} ms), in each of 2 attempts: the numbers were factorized on the calling thread, not in the workers`,
      ).toBeLessThan(limit);
    });
  });
});
