/**
 * Step 4: a long-lived hash thread fed through shared memory; the event loop awaits its answer
 * without blocking (Atomics.waitAsync where the runtime has it). The spec checks what the thread
 * answers and that the loop stays free, not which waiting primitive was used.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { startHashThread, type HashThread } from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { within } from '../../../test/support/wait.ts';
import { pseudoRandomBytes, sizeLoad, timerDuring } from './probes.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';

const threads = watchThreads();

/** Starts a hash thread for `use`, and closes it afterwards (the census ends it if close() does not). */
async function withHashThread(capacity: number, use: (hasher: HashThread) => Promise<void>): Promise<void> {
  const hasher = await within(
    startHashThread({ capacity }),
    10_000,
    `startHashThread({ capacity: ${capacity} }): the thread never said it was ready`,
  );
  try {
    await use(hasher);
  } finally {
    await within(hasher.close(), 5000, 'HashThread.close()');
  }
}

describe('step 4: Hand off through shared memory', () => {
  test('startHashThread() starts one thread, and HashThread.close() ends it', async () => {
    threads.reset();
    const hasher = await within(
      startHashThread({ capacity: 64 }),
      10_000,
      'startHashThread(): the thread never said it was ready',
    );
    expect(hasher.capacity).toBe(64);
    expect(threads.live, 'startHashThread() must resolve once its one thread runs').toBe(1);
    await within(hasher.close(), 5000, 'HashThread.close()');
    expect(
      threads.live,
      'the hash thread is still alive after close() resolved: terminate it, and wait until it is gone',
    ).toBe(0);
  });

  test('HashThread.checksum() resolves with checksum(bytes), and leaves bytes as they were (property)', async () => {
    await withHashThread(2048, async (hasher) => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const before = Uint8Array.from(bytes);
          const sum = await within(hasher.checksum(bytes), 5000, `HashThread.checksum(${bytes.length} bytes)`);
          expect(
            sum,
            'HashThread.checksum() must equal the blocking checksum(); read the result slot as unsigned (>>> 0)',
          ).toBe(checksum(before));
          expect(bytes, 'the bytes are copied into shared memory: the caller keeps them as they were').toEqual(before);
        }),
        { numRuns: 30, examples: [[new Uint8Array(0)], [new Uint8Array(2048).fill(255)]] },
      );
    });
  });

  test('HashThread.checksum() calls made at once each get their own result', async () => {
    await withHashThread(4096, async (hasher) => {
      const inputs = Array.from({ length: 6 }, (_, i) => pseudoRandomBytes(500 + i * 300, i + 1));
      const sums = await within(
        Promise.all(inputs.map((bytes) => hasher.checksum(bytes))),
        10_000,
        '6 HashThread.checksum() calls made at once',
      );
      expect(
        sums,
        'calls made at once got the wrong results: shared memory holds one request at a time, so each call must wait for the one before it (keep them in a line)',
      ).toEqual(inputs.map((bytes) => checksum(bytes)));
    });
  });

  test('HashThread.checksum() leaves the event loop free: a timer set during it fires first', async () => {
    const load = sizeLoad(50);
    await withHashThread(load.bytes.length, async (hasher) => {
      const { value, timerFiredFirst } = await timerDuring(() =>
        within(hasher.checksum(load.bytes), 20_000, 'HashThread.checksum() of a large buffer'),
      );
      expect(value).toBe(checksum(load.bytes));
      expect(
        timerFiredFirst,
        `a 0 ms timer set during ${load.ms.toFixed(0)} ms of hashing never fired before the answer came: the event loop was blocked while it waited. ` +
          'Atomics.wait freezes the calling thread; await Atomics.waitAsync(...).value instead',
      ).toBe(true);
    });
  });

  test('HashThread.checksum() rejects, rather than throws, for bytes over capacity or not a Uint8Array', async () => {
    await withHashThread(16, async (hasher) => {
      const over = 'HashThread.checksum() of 17 bytes with capacity 16';
      await expect(
        within(
          promiseOf(over, () => hasher.checksum(new Uint8Array(17))),
          5000,
          over,
        ),
        `${over} must reject with a RangeError`,
      ).rejects.toThrow(RangeError);
      const wrong = 'HashThread.checksum([1, 2, 3])';
      await expect(
        within(
          promiseOf(wrong, () => hasher.checksum([1, 2, 3] as unknown as Uint8Array)),
          5000,
          wrong,
        ),
        `${wrong} must reject with a TypeError`,
      ).rejects.toThrow(TypeError);
      expect(
        await within(hasher.checksum(new Uint8Array(16).fill(7)), 5000, 'HashThread.checksum() after rejected calls'),
      ).toBe(checksum(new Uint8Array(16).fill(7)));
    });
  });

  test('startHashThread() rejects, rather than throws, unless capacity is a positive integer, and starts no thread', async () => {
    threads.reset();
    for (const capacity of [0, -1, 1.5, NaN]) {
      const call = `startHashThread({ capacity: ${capacity} })`;
      await expect(
        within(
          promiseOf(call, () => startHashThread({ capacity })),
          5000,
          call,
        ),
        `${call} must reject with a RangeError`,
      ).rejects.toThrow(RangeError);
    }
    expect(threads.peak, 'a bad capacity must be refused before any thread starts').toBe(0);
  });

  test('HashThread.close() lets earlier calls finish, is idempotent, and checksum() after it rejects', async () => {
    const hasher = await within(startHashThread({ capacity: 1024 }), 10_000, 'startHashThread()');
    const bytes = pseudoRandomBytes(1024);
    const earlier = hasher.checksum(bytes);
    const closing = hasher.close();
    expect(
      await within(earlier, 5000, 'a checksum() called before close()'),
      'close() must let calls made before it finish',
    ).toBe(checksum(bytes));
    await within(Promise.all([closing, hasher.close()]), 5000, 'two calls of close()');
    const late = await rejectionOf(
      within(
        promiseOf('checksum() after close()', () => hasher.checksum(bytes)),
        1000,
        'checksum() after close()',
      ),
      'checksum() after close()',
    );
    expect(String(late), 'checksum() after close() must reject, saying the thread is closed').toMatch(/closed/i);
    expect(threads.live, 'no thread may outlive close()').toBe(0);
  });
});
