/**
 * Step 1: the given service's handlers block the event loop (given tests, that show how to see it),
 * and readConfig() reads a file without blocking it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readConfig } from '#kata/responsive-loop/responsive-loop.ts';
import { measureLoopDelay } from '../loop-delay.ts';
import { handleConfig, handleUpload } from '../service.ts';
import { isDeno } from '../../../lib/runtime.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { flushMicrotasks, isNotImplemented, stateOf, track, within } from '../../../test/support/wait.ts';
import { expectArgumentError, sizeLoad, timerDuring } from './probes.ts';

const folder = mkdtempSync(join(tmpdir(), 'responsive-loop-'));
const configPath = join(folder, 'service.json');
const configText = '{ "name": "checksum service", "port": 8080, "note": "ünïcödé" }\n';
writeFileSync(configPath, configText);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('step 1: Find the blocking calls', () => {
  test('handleUpload() blocks the event loop: a timer set during it fires only after it resolves (given)', async () => {
    const load = sizeLoad(10);
    const { value, timerFiredFirst } = await timerDuring(() => handleUpload({ body: load.bytes }));
    expect(value.checksum).toBe(load.sum);
    expect(
      timerFiredFirst,
      'an async handler that computes without awaiting holds the event loop until it returns',
    ).toBe(false);
  });

  test('handleConfig() settles before any timer or I/O callback gets a turn (given)', async () => {
    const response = handleConfig({ path: configPath });
    expect(
      await stateOf(response),
      'readFileSync inside an async handler: the read is over before the promise is even returned',
    ).toBe('settled');
    expect((await response).config).toBe(configText);
  });

  test('measureLoopDelay() sees a blocking call as a long delay (given)', async () => {
    const delay = await measureLoopDelay(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100));
    console.log(
      `a 100 ms blocking wait, seen by ${delay.source}: max delay ${delay.maxMs.toFixed(1)} ms over ${delay.samples} samples`,
    );
    expect(
      delay.maxMs,
      'the loop was blocked for 100 ms, so some turn of the timer came at least that late',
    ).toBeGreaterThanOrEqual(90);
    expect(delay.samples).toBeGreaterThanOrEqual(1);
  });

  test('measureLoopDelay() rejects, rather than throws, unless resolutionMs is a positive integer (given)', async () => {
    for (const resolutionMs of [0, -1, 1.5, NaN]) {
      await expect(promiseOf('measureLoopDelay()', () => measureLoopDelay(() => {}, { resolutionMs }))).rejects.toThrow(
        RangeError,
      );
    }
  });

  test("readConfig() resolves with the file's text", async () => {
    expect(
      await within(readConfig(configPath), 5000, 'readConfig() of a small file'),
      'readConfig() must resolve with the whole file, decoded as UTF-8',
    ).toBe(configText);
  });

  test('readConfig() settles only after a later turn of the event loop', async (context) => {
    // Deno completes a small asynchronous read eagerly, within microtasks, so the turn cannot be seen there.
    if (isDeno) return context.skip('Deno settles small asynchronous reads within microtasks: Node checks this one');
    const text = promiseOf('readConfig(path)', () => readConfig(configPath));
    const now = track(text);
    await flushMicrotasks();
    if (now.current.state === 'rejected' && isNotImplemented(now.current.reason)) throw now.current.reason;
    expect(
      now.current.state,
      'readConfig() settled within a few microtasks, before the event loop had a turn: the file was read synchronously (readFileSync), blocking the loop. Use the promise API of node:fs/promises',
    ).toBe('pending');
    expect(await within(text, 5000, 'readConfig() of a small file')).toBe(configText);
  });

  test('readConfig() rejects with the read error for a missing file', async () => {
    const missing = join(folder, 'missing.json');
    const error = await rejectionOf(
      within(
        promiseOf('readConfig(missing)', () => readConfig(missing)),
        5000,
        'readConfig() of a missing file',
      ),
      'readConfig() of a missing file',
    );
    expect((error as { code?: string }).code, "the read's own error must come through, with its code").toBe('ENOENT');
  });

  test('readConfig() rejects, rather than throws, when path is not a string', async () => {
    for (const path of [undefined, 42, null]) {
      await expectArgumentError(`readConfig(${String(path)})`, () => readConfig(path as unknown as string), TypeError);
    }
  });
});
