/**
 * Efficiency of stepGrid(): 100 cells whose query waits 10 ms, at concurrency 10.
 *
 * Sleeps cannot be shortened: one query at a time, the 100 queries take at least 100 x 10 ms, so
 * that floor stands for concurrency 1 without spending a second to measure it (a measured run
 * could only be slower, which would make the ratio easier to reach). At concurrency 10 the step
 * must take at most a sixth of it. A step that waits for fewer than 7 queries at once needs at
 * least 17 rounds of 10 ms, more than a sixth, on any machine; whether the queries overlap, and
 * never more than the bound, is proven without a clock in game-of-life.test.ts. Timers run late on
 * a busy machine, so the check is calibrated: the same sleeps in plain batches of 10 show what this
 * machine can give right now, and the test skips when that is too little.
 */
import { describe, expect, test } from 'vitest';
import { stepGrid } from '#kata/bounded-fan-out/bounded-fan-out.ts';
import { Grid, slowGameLogic } from '../game-of-life.ts';
import { barChart, timed } from '../../../test/support/timing.ts';

const latencyMs = 10;
const cells = 100;
const grid = Grid.parse(
  Array.from({ length: 10 }, (_, row) => (row % 3 === 1 ? '-***-*-**-' : '*--*----*-')).join('\n'),
);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** The least time 100 queries of 10 ms take one after another: what concurrency 1 costs at best. */
const oneAtATimeMs = cells * latencyMs;
/** How many rounds to try at most; the test stops at the first that shows the speedup. */
const rounds = 4;

describe('step 6: a Game of Life step', () => {
  test('stepGrid() on 100 cells with 10 ms queries is at least 6x faster at concurrency 10 than the 1 s they take one at a time', async (context) => {
    const required = 6;
    const gameLogic = slowGameLogic({ latencyMs });
    const batchesOf10 = async () => {
      for (let i = 0; i < cells; i += 10) await Promise.all(Array.from({ length: 10 }, () => sleep(latencyMs)));
    };

    // Best of a few rounds, each the step next to the same sleeps in plain batches: noise only adds time.
    let ten = Infinity;
    let batches = Infinity;
    let tried = 0;
    while (tried < rounds && oneAtATimeMs / ten < required) {
      tried++;
      ten = Math.min(ten, await timed(() => stepGrid(grid, { concurrency: 10, gameLogic })));
      batches = Math.min(batches, await timed(batchesOf10));
    }
    const ratio = oneAtATimeMs / ten;
    const machine = oneAtATimeMs / batches;
    console.log(
      barChart(
        `${cells} cells, a ${latencyMs} ms query each (best of ${tried}; this machine's timers allow ${machine.toFixed(1)}x)`,
        [
          { label: 'concurrency 1, at best', value: oneAtATimeMs },
          { label: 'concurrency 10', value: ten },
          { label: 'plain batches of 10', value: batches },
        ],
        ' ms',
      ),
    );
    // The skip needs a fifth to spare: a right step costs a little more than the bare sleeps.
    if (ratio < required && machine < required * 1.2) {
      context.skip(
        `the machine is too busy to tell: plain batches of 10 sleeps took ${batches.toFixed(0)} ms (${machine.toFixed(1)}x), stepGrid() ${ten.toFixed(0)} ms (${ratio.toFixed(1)}x)`,
      );
    }
    expect(
      ratio,
      `concurrency 10 took ${ten.toFixed(0)} ms, only ${ratio.toFixed(1)}x faster than the ${oneAtATimeMs} ms of one query at a time, while plain batches of 10 sleeps took ${batches.toFixed(0)} ms (${machine.toFixed(1)}x): do 10 queries really wait at the same time?`,
    ).toBeGreaterThanOrEqual(required);
  });
});
