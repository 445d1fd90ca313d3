/**
 * Step 4: a long-lived hash thread fed through shared memory; the event loop awaits its answer
 * without blocking (Atomics.waitAsync where the runtime has it). The spec checks what the thread
 * answers and that the loop stays free, not which waiting primitive was used.
 */
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { describe, expect, test, vi } from 'vitest';
import { startHashThread, type HashThread } from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { within } from '../../../test/support/wait.ts';
import { expectArgumentError, type Load, pseudoRandomBytes, sizeLoad, timerDuring } from './probes.ts';
import { watchThreads } from '../../../test/support/thread-census.ts';

const threads = watchThreads();

/**
 * A long hand-off, sized once for this file: long enough that the thread's answer cannot come
 * before a 0 ms timer's turn, however busy the machine.
 */
let long: Load | undefined;
const longLoad = (): Load => (long ??= sizeLoad(20));

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
    const load = longLoad();
    await withHashThread(load.bytes.length, async (hasher) => {
      const { value, timerFiredFirst, runs } = await timerDuring(
        () => within(hasher.checksum(load.bytes), 20_000, 'HashThread.checksum() of a large buffer'),
        3,
      );
      expect(value).toBe(load.sum);
      expect(
        timerFiredFirst,
        `a 0 ms timer set during ${load.ms.toFixed(0)} ms of hashing never fired before the answer came, in ${runs} runs: the event loop was blocked while it waited. ` +
          'Atomics.wait freezes the calling thread; await Atomics.waitAsync(...).value instead',
      ).toBe(true);
    });
  });

  test('HashThread.checksum() rejects, rather than throws, for bytes over capacity or not a Uint8Array', async () => {
    await withHashThread(1, async (hasher) => {
      await expectArgumentError(
        'HashThread.checksum() of 2 bytes with capacity 1',
        () => hasher.checksum(new Uint8Array(2)),
        RangeError,
      );
      await expectArgumentError(
        'HashThread.checksum([1, 2, 3])',
        () => hasher.checksum([1, 2, 3] as unknown as Uint8Array),
        TypeError,
      );
      expect(
        await within(hasher.checksum(new Uint8Array([7])), 5000, 'HashThread.checksum() after rejected calls'),
        'a call of exactly capacity bytes, after rejected calls, must still get its checksum',
      ).toBe(checksum(new Uint8Array([7])));
    });
  });

  test('startHashThread() rejects, rather than throws, unless capacity is a positive integer, and starts no thread', async () => {
    threads.reset();
    for (const capacity of [0, -1, 1.5, NaN]) {
      await expectArgumentError(
        `startHashThread({ capacity: ${capacity} })`,
        () => startHashThread({ capacity }),
        RangeError,
      );
    }
    expect(threads.peak, 'a bad capacity must be refused before any thread starts').toBe(0);
  });

  test('startHashThread() rejects when its thread exits before it says it is ready', async () => {
    // The thread ends right where it would have said 'ready': its message never reaches the caller.
    const { emit } = Worker.prototype;
    Worker.prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]) {
      if (event !== 'message' || args[0] !== 'ready') return emit.call(this, event, ...args);
      void this.terminate();
      return true;
    };
    try {
      const error = await within(
        rejectionOf(
          promiseOf('startHashThread()', () => startHashThread({ capacity: 64 })),
          'startHashThread() whose thread exited before it was ready',
        ),
        10_000,
        "startHashThread() whose thread exited before it was ready: listen for the thread's exit too",
      );
      expect(
        error,
        'a thread that exits before it is ready must reject startHashThread() with an Error',
      ).toBeInstanceOf(Error);
      expect(String(error), 'the error should say that the thread (worker) exited').toMatch(/thread|worker|exit/i);
    } finally {
      Worker.prototype.emit = emit;
    }
  });

  test('HashThread works where Atomics.waitAsync is missing, looking again on a short timer', async () => {
    // A fresh copy of the modules, loaded while the runtime has no Atomics.waitAsync: its atomicsWaitAsync is undefined.
    const waitAsync = Object.getOwnPropertyDescriptor(Atomics, 'waitAsync');
    vi.resetModules();
    let fresh: typeof import('#kata/responsive-loop/responsive-loop.ts');
    try {
      delete (Atomics as { waitAsync?: unknown }).waitAsync;
      fresh = await import('#kata/responsive-loop/responsive-loop.ts');
    } finally {
      if (waitAsync) Object.defineProperty(Atomics, 'waitAsync', waitAsync);
    }
    const load = longLoad();
    const hasher = await within(
      fresh.startHashThread({ capacity: load.bytes.length }),
      10_000,
      'startHashThread() without Atomics.waitAsync',
    );
    try {
      const inputs = [0, 1, 4096].map((length) => pseudoRandomBytes(length, length + 3));
      const sums = await within(
        Promise.all(inputs.map((bytes) => hasher.checksum(bytes))),
        10_000,
        'HashThread.checksum() where Atomics.waitAsync is missing: look at the state slot again on each turn of a short timer',
      );
      expect(
        sums,
        'where atomicsWaitAsync is undefined, the hand-off must still work: await a 1 ms timer and look at the state slot again',
      ).toEqual(inputs.map((bytes) => checksum(bytes)));
      const { value, timerFiredFirst, runs } = await timerDuring(
        () =>
          within(
            hasher.checksum(load.bytes),
            20_000,
            'HashThread.checksum() of a large buffer, without Atomics.waitAsync',
          ),
        3,
      );
      expect(value).toBe(load.sum);
      expect(
        timerFiredFirst,
        `without Atomics.waitAsync, a 0 ms timer set during ${load.ms.toFixed(0)} ms of hashing never fired before the answer came, in ${runs} runs: ` +
          'looking again after a microtask (`await null`) never lets the loop turn; wait for a timer (setTimeout) between two looks',
      ).toBe(true);
    } finally {
      await within(hasher.close(), 5000, 'HashThread.close()');
    }
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
