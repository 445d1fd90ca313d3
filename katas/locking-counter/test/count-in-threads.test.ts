/**
 * countInThreads: real worker threads adding to one counter in shared memory. The spec watches
 * every thread started through lib/typescript-worker.ts, so it can tell whether any outlives the
 * call, and can make one of them fail.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { countInThreads, type CountOptions } from '#kata/locking-counter/locking-counter.ts';
import { within } from '../../../test/support/wait.ts';
import { promiseOf } from '../../../test/support/rejection.ts';

/** Every thread started during the current test, and what the next start should do instead. */
const threads = vi.hoisted(() => ({
  started: [] as { thread: import('node:worker_threads').Worker; exited: boolean }[],
  /** Given the index of the thread about to start: an error to throw, a module to start instead, or nothing. */
  sabotage: undefined as ((index: number) => Error | URL | undefined) | undefined,
}));

vi.mock(import('../../../lib/typescript-worker.ts'), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    startTypeScriptWorker(moduleUrl, options) {
      const instead = threads.sabotage?.(threads.started.length);
      if (instead instanceof Error) throw instead;
      const thread = original.startTypeScriptWorker(instead ?? moduleUrl, options);
      const entry = { thread, exited: false };
      thread.once('exit', () => (entry.exited = true));
      threads.started.push(entry);
      return thread;
    },
  };
});

afterEach(async () => {
  threads.sabotage = undefined;
  const left = threads.started.splice(0);
  await Promise.all(left.map(({ thread }) => thread.terminate()));
});

/** Says which started threads were still running. */
function stillRunning(): string {
  const running = threads.started.filter((entry) => !entry.exited).length;
  return `${running} of the ${threads.started.length} threads it started were still running when it settled: terminate every thread (and await it) before settling, also on error`;
}

/** Runs countInThreads with a deadline. */
function count(options: CountOptions) {
  return within(countInThreads(options), 15_000, `countInThreads(${JSON.stringify(options)})`);
}

describe('step 7: countInThreads() and addOnes()', () => {
  describe('countInThreads', () => {
    test.each([
      ['threads 0', { threads: 0, perThread: 10, mode: 'atomic' }, RangeError, /threads/],
      ['threads 1.5', { threads: 1.5, perThread: 10, mode: 'atomic' }, RangeError, /threads/],
      ["threads '2' (a string)", { threads: '2', perThread: 10, mode: 'atomic' }, TypeError, /threads/],
      ['perThread -1', { threads: 2, perThread: -1, mode: 'atomic' }, RangeError, /perThread/],
      ['perThread NaN', { threads: 2, perThread: NaN, mode: 'atomic' }, RangeError, /perThread/],
      ["mode 'fast'", { threads: 2, perThread: 10, mode: 'fast' }, RangeError, /mode/],
      ['a missing mode', { threads: 2, perThread: 10 }, TypeError, /mode/],
      [
        'a total past the Int32 range',
        { threads: 2, perThread: 2 ** 30, mode: 'atomic' },
        RangeError,
        /Int32|2147483647/,
      ],
      ['missing options', undefined, TypeError, /options/],
    ])('countInThreads() rejects %s without starting a thread', async (_, options, errorClass, names) => {
      await expect(promiseOf('countInThreads()', () => countInThreads(options as CountOptions))).rejects.toThrow(
        errorClass,
      );
      await expect(countInThreads(options as CountOptions), 'the message must name the bad option').rejects.toThrow(
        names,
      );
      expect(threads.started.length, 'no thread may start for bad options').toBe(0);
    });

    test("countInThreads() in 'atomic' mode counts every addition", async () => {
      const result = await count({ threads: 2, perThread: 100_000, mode: 'atomic' });
      expect(result.expected, 'expected is threads x perThread').toBe(200_000);
      expect(result.count, "'atomic' mode must use Atomics.add: two threads x 100,000").toBe(200_000);
      expect(threads.started.length, 'one worker thread per requested thread').toBe(2);
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });

    test("countInThreads() in 'locked' mode counts every addition", async () => {
      const result = await count({ threads: 2, perThread: 50_000, mode: 'locked' });
      expect(result, "'locked' mode must add under the SharedMutex: two threads x 50,000").toMatchObject({
        expected: 100_000,
        count: 100_000,
      });
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });

    test('countInThreads() starts every thread before any of them counts', async () => {
      const result = await count({ threads: 4, perThread: 1000, mode: 'atomic' });
      expect(threads.started.length, 'one worker thread per requested thread').toBe(4);
      expect(
        result.readyAtStart,
        'a thread began counting before all 4 were at the start line: starting a thread takes far longer than counting, so without the barrier the threads never overlap',
      ).toBe(4);
      expect(result.count).toBe(4000);
    });

    test("countInThreads() in 'unsafe' mode may lose additions (demonstration)", async () => {
      const {
        expected,
        count: counted,
        readyAtStart,
      } = await count({ threads: 2, perThread: 5_000_000, mode: 'unsafe' });
      const lost = expected - counted;
      console.log(
        `view[0]++ from 2 threads x 5,000,000 (${readyAtStart} at the start line): expected ${expected.toLocaleString('en')}, counted ${counted.toLocaleString('en')}` +
          (lost > 0
            ? `: ${lost.toLocaleString('en')} additions lost between a read and its write.`
            : ': no addition lost this time; the threads may not have run at the same moment.'),
      );
      expect(counted, 'additions can be lost, never invented').toBeLessThanOrEqual(expected);
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });

    test("countInThreads() rejects with a thread's error and terminates the others", async () => {
      threads.sabotage = (index) => (index === 2 ? new URL('./failing-thread.ts', import.meta.url) : undefined);
      await expect(
        count({ threads: 3, perThread: 1000, mode: 'atomic' }),
        "a thread's error must reject the call",
      ).rejects.toThrow(/failed on purpose/);
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });

    test('countInThreads() rejects when a thread ends without reporting', async () => {
      threads.sabotage = (index) => (index === 1 ? new URL('./quitting-thread.ts', import.meta.url) : undefined);
      await expect(
        count({ threads: 2, perThread: 1000, mode: 'atomic' }),
        'a thread that exits before it reports must reject the call, not leave it waiting',
      ).rejects.toThrow();
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });

    test('countInThreads() terminates the threads it started when starting another fails', async () => {
      const failure = new Error('no more threads');
      threads.sabotage = (index) => (index === 1 ? failure : undefined);
      await expect(
        count({ threads: 3, perThread: 1000, mode: 'atomic' }),
        'the error of a failed start must reject the call',
      ).rejects.toBe(failure);
      expect(threads.started.length).toBe(1);
      expect(
        threads.started.every((entry) => entry.exited),
        stillRunning(),
      ).toBe(true);
    });
  });
});
