/**
 * How responsive each fix keeps the event loop, in figures: the p99 delay of a ticking timer while
 * the checksum of about 150 ms of data runs (300 ms for the thread per call, whose start-up is
 * measured alone and allowed for), against the blocking checksum() measured in the same run. Whether the loop gets turns at all is proven without a clock in the other spec files; this
 * file only checks that the turns come often enough, and skips with the figures when the machine is
 * too busy to tell.
 */
import { describe, expect, test, type TestContext } from 'vitest';
import {
  checksumInChunks,
  checksumOffLoop,
  runOffLoop,
  startHashThread,
} from '#kata/responsive-loop/responsive-loop.ts';
import { checksum } from '../checksum.ts';
import { measureLoopDelay, type LoopDelay } from '../loop-delay.ts';
import { isDeno } from '../../../lib/runtime.ts';
import { barChart } from '../../../test/support/timing.ts';
import { sizeLoad, type Load } from './probes.ts';

/** The fix must cut the worst stall of the blocking version at least this many times. */
const required = 4;
const attempts = 3;

interface Round {
  /** The loop with nothing to do, for as long as the work takes: the machine's own noise. */
  idle: LoopDelay;
  /** The blocking checksum(): its one long delay is what the fix must cut. */
  blocking: LoopDelay;
  /** What the fix costs the loop without the work, e.g. starting a thread; `undefined` if nothing. */
  overhead?: LoopDelay;
  fix: LoopDelay;
}

/**
 * Measures up to `attempts` rounds and passes on the first one within the bound. It fails only if
 * some round was quiet (the idle loop's p99 under a third of a quarter of the blocking stall, and
 * the fix's fixed overhead under half that stall) and every round fell short; otherwise it skips
 * with the figures.
 */
async function expectResponsive(
  context: TestContext,
  label: string,
  fix: (load: Load) => Promise<unknown>,
  {
    overhead,
    workMs = 150,
    runtimeHoldsUp,
  }: { overhead?: () => Promise<unknown>; workMs?: number; runtimeHoldsUp?: string } = {},
): Promise<void> {
  const load = sizeLoad(workMs);
  const rounds: Round[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Noise only ever adds delay, so each figure is the best of two.
    const idle = await bestDelay(() => new Promise((resolve) => setTimeout(resolve, load.ms)));
    const blocking = await bestDelay(() => checksum(load.bytes));
    const cost = overhead ? await bestDelay(overhead) : undefined;
    const measured = await bestDelay(() => fix({ bytes: load.bytes.slice(), ms: load.ms }));
    rounds.push({ idle, blocking, overhead: cost, fix: measured });
    if (measured.p99Ms <= boundOf(rounds.at(-1)!)) break;
  }
  const last = rounds.at(-1)!;
  const bound = boundOf(last);
  console.log(
    barChart(
      `p99 event-loop delay while ${label} checksums ${(load.bytes.length / 1024).toFixed(0)} KiB (${load.ms.toFixed(0)} ms of work; ${last.fix.source}, ${last.fix.samples} samples)`,
      [
        { label: 'idle loop', value: last.idle.p99Ms },
        { label: 'blocking checksum()', value: last.blocking.maxMs },
        ...(last.overhead ? [{ label: 'thread start-up alone', value: last.overhead.p99Ms }] : []),
        { label, value: last.fix.p99Ms },
      ],
      ' ms',
    ),
  );
  if (last.fix.p99Ms <= bound) return;
  if (runtimeHoldsUp) {
    return context.skip(
      `${runtimeHoldsUp}: the loop's p99 delay was ${last.fix.p99Ms.toFixed(1)} ms against a bound of ${bound.toFixed(1)} ms, which this runtime cannot show`,
    );
  }
  const noisy = rounds.every(
    (round) =>
      round.idle.p99Ms * 3 >= round.blocking.maxMs / required ||
      (round.overhead?.p99Ms ?? 0) * 2 >= round.blocking.maxMs,
  );
  if (noisy) {
    return context.skip(
      `the machine is too busy to tell: the idle loop's p99 was ${rounds.map((r) => r.idle.p99Ms.toFixed(1)).join(', ')} ms` +
        (overhead ? `, thread start-up alone ${rounds.map((r) => r.overhead!.p99Ms.toFixed(1)).join(', ')} ms` : '') +
        `, against a blocking stall of ${rounds.map((r) => r.blocking.maxMs.toFixed(0)).join(', ')} ms`,
    );
  }
  expect(
    last.fix.p99Ms,
    `while ${label} ran, the loop's p99 delay was ${last.fix.p99Ms.toFixed(1)} ms, against a blocking checksum() stall of ${last.blocking.maxMs.toFixed(0)} ms` +
      (last.overhead ? ` and ${last.overhead.p99Ms.toFixed(1)} ms for starting a thread alone` : '') +
      ` (the idle loop: ${last.idle.p99Ms.toFixed(1)} ms): does the work really leave the loop free most of the time?`,
  ).toBeLessThanOrEqual(bound);
}

/**
 * The most delay a fix may show in a round: a quarter of the blocking stall, plus what the fix's
 * fixed overhead alone costs the loop (starting a thread), which the work itself must not add to.
 */
function boundOf(round: Round): number {
  return round.blocking.maxMs / required + (round.overhead?.p99Ms ?? 0);
}

/** The measurement of two runs of `work` whose p99 delay was lower. */
async function bestDelay(work: () => unknown): Promise<LoopDelay> {
  const first = await measureLoopDelay(work);
  const second = await measureLoopDelay(work);
  return second.p99Ms < first.p99Ms ? second : first;
}

describe('step 2: Cut the work into chunks', () => {
  test('checksumInChunks() keeps the p99 loop delay far below the blocking checksum() stall', async (context) => {
    await expectResponsive(context, 'checksumInChunks()', ({ bytes }) =>
      checksumInChunks(bytes, { chunkSize: Math.ceil(bytes.length / 64) }),
    );
  });
});

describe('step 3: Move the work to a thread', () => {
  test('checksumOffLoop() keeps the p99 loop delay far below the blocking checksum() stall', async (context) => {
    const tasks = new URL('./fixtures/tasks.ts', import.meta.url);
    await expectResponsive(context, 'checksumOffLoop()', ({ bytes }) => checksumOffLoop(bytes), {
      overhead: () => runOffLoop({ module: tasks, name: 'whereAmI' }, undefined),
      workMs: 300,
      // Measured on Deno 2.9: while a thread started from a TypeScript module computes, the thread that
      // started it stalls for a good part of the work (p99 60 to 170 ms for 300 ms of work, against 20 to 50 ms
      // for start-up alone), though a plain JavaScript worker does not stall it. The structural test in
      // off-loop.test.ts still proves the timers run.
      runtimeHoldsUp: isDeno ? 'Deno holds the starting thread up while a TypeScript worker computes' : undefined,
    });
  });
});

describe('step 4: Hand off through shared memory', () => {
  test('HashThread.checksum() keeps the p99 loop delay far below the blocking checksum() stall', async (context) => {
    const hasher = await startHashThread({ capacity: sizeLoad(150).bytes.length * 4 });
    try {
      await expectResponsive(context, 'HashThread.checksum()', ({ bytes }) => hasher.checksum(bytes));
    } finally {
      await hasher.close();
    }
  });
});
