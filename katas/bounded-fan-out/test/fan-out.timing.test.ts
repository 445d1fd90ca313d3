/**
 * Efficiency of stepGrid(): 100 cells whose query waits 10 ms, at concurrency 10 against 1.
 *
 * Sleeps cannot be shortened, so a step that queries one cell at a time cannot pass on any
 * machine; whether the queries overlap at all, and never more than the bound, is proven without a
 * clock in game-of-life.test.ts. Timers themselves run late on a busy machine, so the check is
 * calibrated: the same sleeps in plain batches of 10 show what this machine can give right now,
 * and the test skips when that is too little.
 */
import { describe, expect, test } from 'vitest';
import { stepGrid } from '#kata/bounded-fan-out/bounded-fan-out.ts';
import { Grid, slowGameLogic } from '../game-of-life.ts';
import { barChart, bestOf, speedupAttempts, timersTooSlow } from '../../../test/support/timing.ts';

const latencyMs = 10;
const cells = 100;
const grid = Grid.parse(
  Array.from({ length: 10 }, (_, row) => (row % 3 === 1 ? '-***-*-**-' : '*--*----*-')).join('\n'),
);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('step 6: a Game of Life step', () => {
  test('stepGrid() on 100 cells with 10 ms queries is at least 5x faster at concurrency 10 than at 1', async (context) => {
    const required = 5;
    const gameLogic = slowGameLogic({ latencyMs });
    const step = (concurrency: number) => bestOf(2, () => stepGrid(grid, { concurrency, gameLogic }));
    const batches = (size: number) =>
      bestOf(2, async () => {
        for (let i = 0; i < cells; i += size) await Promise.all(Array.from({ length: size }, () => sleep(latencyMs)));
      });

    const attempts = await speedupAttempts(step, batches, required);
    const { one, ten, machine } = attempts.at(-1)!;
    const ratio = one / ten;
    console.log(
      barChart(
        `${cells} cells, a ${latencyMs} ms query each (best of 2; this machine's timers allow ${machine.toFixed(1)}x)`,
        [
          { label: 'concurrency 1', value: one },
          { label: 'concurrency 10', value: ten },
        ],
        ' ms',
      ),
    );
    if (ratio < required && timersTooSlow(attempts, required)) {
      context.skip(
        `the machine is too busy to tell: its timers allowed ${attempts.map((a) => `${a.machine.toFixed(1)}x`).join(', ')}, stepGrid() reached ${ratio.toFixed(1)}x`,
      );
    }
    expect(
      ratio,
      `concurrency 10 was only ${ratio.toFixed(1)}x faster than 1 (${one.toFixed(0)} ms vs ${ten.toFixed(0)} ms) while plain batches of 10 sleeps reached ${machine.toFixed(1)}x: do 10 queries really wait at the same time?`,
    ).toBeGreaterThanOrEqual(required);
  });
});
