/**
 * Efficiency of runPipeline(): an I/O-bound stage with 10 workers against the same stage with 1.
 *
 * Sleeps cannot be shortened, so no sequential pipeline can pass on any machine; whether the
 * workers overlap at all is proven without a clock in closable-queue.test.ts. Timers themselves run
 * late on a busy machine, so the check is calibrated: the same sleeps in batches of 10, without any
 * queue, show what this machine can give right now, and the test skips when that is too little.
 */
import { describe, expect, test } from 'vitest';
import { runPipeline } from '#kata/closable-queue/closable-queue.ts';
import { barChart, bestOf, speedupAttempts, timersTooSlow } from '../../../test/support/timing.ts';

// 20 items make two rounds for 10 workers: 10x at best, under 5x with 4 workers or fewer, as 50
// items would, in well under half the time.
const items = Array.from({ length: 20 }, (_, i) => i);
const sleepMs = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ioBound = async (n: number) => {
  await sleep(sleepMs);
  return n;
};

describe('step 9: runPipeline()', () => {
  test('runPipeline() with 10 workers on a 10 ms I/O stage is at least 5x faster than with 1 worker', async (context) => {
    const required = 5;
    const pipeline = (concurrency: number) => bestOf(2, () => runPipeline(items, [{ work: ioBound, concurrency }]));
    const batches = (size: number) =>
      bestOf(2, async () => {
        for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(ioBound));
      });

    const attempts = await speedupAttempts(pipeline, batches, required);
    const { one, ten, machine } = attempts.at(-1)!;
    const ratio = one / ten;
    console.log(
      barChart(
        `${items.length} items through a ${sleepMs} ms stage (best of 2; this machine's timers allow ${machine.toFixed(1)}x)`,
        [
          { label: '1 worker', value: one },
          { label: '10 workers', value: ten },
        ],
        ' ms',
      ),
    );
    if (ratio < required && timersTooSlow(attempts, required)) {
      context.skip(
        `the machine is too busy to tell: its timers allowed ${attempts.map((a) => `${a.machine.toFixed(1)}x`).join(', ')}, the pipeline reached ${ratio.toFixed(1)}x`,
      );
    }
    expect(
      ratio,
      `10 workers were only ${ratio.toFixed(1)}x faster than 1 (${one.toFixed(0)} ms vs ${ten.toFixed(0)} ms) while plain batches of 10 sleeps reached ${machine.toFixed(1)}x: do the workers of a stage really wait on their I/O at the same time?`,
    ).toBeGreaterThanOrEqual(required);
  });
});
