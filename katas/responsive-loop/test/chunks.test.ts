/**
 * Step 2: checksumInChunks() computes on the event loop, but in chunks, with a turn of the loop in
 * between. Turns are counted with a setImmediate chain and a 0 ms timer, never with a clock.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checksumInChunks } from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { within } from '../../../test/support/wait.ts';
import { expectArgumentError, pseudoRandomBytes, sizeLoad, timerDuring, turnsDuring } from './probes.ts';

describe('step 2: Cut the work into chunks', () => {
  test('checksumInChunks() resolves with checksum(bytes)', async () => {
    for (const [length, chunkSize] of [
      [0, 4],
      [1, 4],
      [10, 1],
      [10, 3],
      [10, 10],
      [10, 64],
    ] as const) {
      const bytes = pseudoRandomBytes(length, length + chunkSize);
      const call = `checksumInChunks(${length} bytes, { chunkSize: ${chunkSize} })`;
      expect(
        await within(checksumInChunks(bytes, { chunkSize }), 5000, call),
        `${call} must equal the blocking checksum()`,
      ).toBe(checksum(bytes));
    }
  });

  test('checksumInChunks() equals checksum() for any bytes and chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 1500 }),
        fc.integer({ min: 1, max: 700 }),
        async (bytes, chunkSize) => {
          const call = `checksumInChunks(${bytes.length} bytes, { chunkSize: ${chunkSize} })`;
          expect(
            await within(checksumInChunks(bytes, { chunkSize }), 5000, call),
            `${call} must equal checksum(): fold each chunk into the state the last one left`,
          ).toBe(checksum(bytes));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('checksumInChunks() gives the event loop a turn between chunks', async () => {
    const chunks = 40;
    const bytes = pseudoRandomBytes(chunks * 256);
    const { value, turns } = await turnsDuring(() =>
      within(checksumInChunks(bytes, { chunkSize: 256 }), 10_000, `checksumInChunks() of ${chunks} chunks`),
    );
    expect(value).toBe(checksum(bytes));
    expect(
      turns,
      `the event loop got ${turns} turns during ${chunks} chunks: yield between chunks with a macrotask (setImmediate); ` +
        '`await null`, `await Promise.resolve()` and queueMicrotask run before any timer or I/O, so they yield nothing',
    ).toBeGreaterThanOrEqual(chunks / 2);
  });

  test('checksumInChunks() lets a timer set during the work fire before the work finishes', async () => {
    const load = sizeLoad(10);
    const chunkSize = Math.ceil(load.bytes.length / 50);
    const { value, timerFiredFirst } = await timerDuring(() =>
      within(checksumInChunks(load.bytes, { chunkSize }), 20_000, 'checksumInChunks() of a large buffer'),
    );
    expect(value).toBe(load.sum);
    expect(
      timerFiredFirst,
      `a 0 ms timer set during ${load.ms.toFixed(0)} ms of work in 50 chunks never fired until the work was over: the chunks must yield to the event loop, timers included`,
    ).toBe(true);
  });

  test('checksumInChunks() rejects, rather than throws, for bytes that are not a Uint8Array or a bad chunk size', async () => {
    for (const chunkSize of [0, -1, 1.5, NaN, Infinity]) {
      await expectArgumentError(
        `checksumInChunks(bytes, { chunkSize: ${chunkSize} })`,
        () => checksumInChunks(new Uint8Array(8), { chunkSize }),
        RangeError,
      );
    }
    for (const bytes of ['abc', [1, 2, 3], undefined]) {
      await expectArgumentError(
        `checksumInChunks(${JSON.stringify(bytes)})`,
        () => checksumInChunks(bytes as unknown as Uint8Array),
        TypeError,
      );
    }
  });

  test("checksumInChunks() rejects with the signal's reason, before or during the work", async () => {
    const early = new Error('cancelled before');
    const before = promiseOf('checksumInChunks() with an aborted signal', () =>
      checksumInChunks(new Uint8Array(8), { signal: AbortSignal.abort(early) }),
    );
    expect(
      await rejectionOf(
        within(before, 5000, 'checksumInChunks() with an aborted signal'),
        'checksumInChunks() with an aborted signal',
      ),
      'an aborted signal must reject with signal.reason',
    ).toBe(early);

    const late = new Error('cancelled during');
    const controller = new AbortController();
    const during = checksumInChunks(pseudoRandomBytes(100 * 64), { chunkSize: 64, signal: controller.signal });
    controller.abort(late);
    expect(
      await rejectionOf(
        within(during, 5000, 'checksumInChunks() whose signal aborted during the work'),
        'checksumInChunks() whose signal aborted',
      ),
      'aborting between two chunks must reject with signal.reason at the next yield, instead of finishing the work',
    ).toBe(late);
  });
});
