/**
 * How responsive each fix keeps the event loop, in figures: the p99 delay of a ticking timer while
 * the checksum of about 150 ms of data runs, against the blocking checksum() measured in the same
 * run (for the thread per call, what starting a thread costs this thread is measured alone and
 * allowed for). Whether the loop gets turns at all is proven without a clock in the other spec
 * files; this file only checks that the turns come often enough, and skips with the figures when
 * the machine is too busy to tell.
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

/** The work every test measures, sized once for this file: about 150 ms of checksum here. */
let shared: Load | undefined;
const load = (): Load => (shared ??= sizeLoad(150));

interface Round {
  /** The blocking checksum(): its one long delay is what the fix must cut. */
  blocking: LoopDelay;
  /** What the fix costs the loop without the work, e.g. starting a thread; `undefined` if nothing. */
  overhead?: LoopDelay;
  fix: LoopDelay;
  /** The loop with nothing to do, for as long as the work takes: the machine's own noise. Measured only when the fix fell short. */
  idle?: LoopDelay;
}

/**
 * Measures up to `attempts` rounds (one where the runtime is known to hold the loop up) and passes
 * on the first one within the bound. It fails only if some round was quiet (the idle loop's p99 under a third of a quarter of the blocking stall, and
 * the fix's fixed overhead under half that stall) and every round fell short; otherwise it skips
 * with the figures.
 *
 * Noise only ever adds delay. The blocking stall and the overhead, which set the bound, are each
 * the best of two, so noise cannot widen the bound; the fix gets a second run, and the idle loop
 * is measured, only when its first run fell short.
 */
async function expectResponsive(
  context: TestContext,
  label: string,
  fix: (bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>,
  { overhead, runtimeHoldsUp }: { overhead?: () => Promise<unknown>; runtimeHoldsUp?: string } = {},
): Promise<void> {
  const { bytes, ms } = load();
  const run = () => fix(bytes.slice());
  const rounds: Round[] = [];
  // Where the runtime itself holds the loop up, another round only measures that again.
  for (let attempt = 0; attempt < (runtimeHoldsUp ? 1 : attempts); attempt++) {
    const blocking = await bestDelay(() => checksum(bytes));
    const cost = overhead ? await bestDelay(overhead) : undefined;
    const round: Round = { blocking, overhead: cost, fix: await measureLoopDelay(run) };
    rounds.push(round);
    if (round.fix.p99Ms <= boundOf(round)) break;
    const again = await measureLoopDelay(run);
    if (again.p99Ms < round.fix.p99Ms) round.fix = again;
    round.idle = await bestDelay(() => new Promise((resolve) => setTimeout(resolve, ms)));
    if (round.fix.p99Ms <= boundOf(round)) break;
  }
  const last = rounds.at(-1)!;
  const bound = boundOf(last);
  console.log(
    barChart(
      `p99 event-loop delay while ${label} checksums ${(bytes.length / 1024).toFixed(0)} KiB (${ms.toFixed(0)} ms of work; ${last.fix.source}, ${last.fix.samples} samples)`,
      [
        ...(last.idle ? [{ label: 'idle loop', value: last.idle.p99Ms }] : []),
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
  // Every round here fell short, so every round measured its idle loop.
  const noisy = rounds.every(
    (round) =>
      round.idle!.p99Ms * 3 >= round.blocking.maxMs / required ||
      (round.overhead?.p99Ms ?? 0) * 2 >= round.blocking.maxMs,
  );
  if (noisy) {
    return context.skip(
      `the machine is too busy to tell: the idle loop's p99 was ${rounds.map((r) => r.idle!.p99Ms.toFixed(1)).join(', ')} ms` +
        (overhead ? `, thread start-up alone ${rounds.map((r) => r.overhead!.p99Ms.toFixed(1)).join(', ')} ms` : '') +
        `, against a blocking stall of ${rounds.map((r) => r.blocking.maxMs.toFixed(0)).join(', ')} ms`,
    );
  }
  expect(
    last.fix.p99Ms,
    `while ${label} ran, the loop's p99 delay was ${last.fix.p99Ms.toFixed(1)} ms, against a blocking checksum() stall of ${last.blocking.maxMs.toFixed(0)} ms` +
      (last.overhead ? ` and ${last.overhead.p99Ms.toFixed(1)} ms for starting a thread alone` : '') +
      ` (the idle loop: ${last.idle!.p99Ms.toFixed(1)} ms): does the work really leave the loop free most of the time?`,
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
    await expectResponsive(context, 'checksumInChunks()', (bytes) =>
      checksumInChunks(bytes, { chunkSize: Math.ceil(bytes.length / 64) }),
    );
  });
});

describe('step 3: Move the work to a thread', () => {
  test('checksumOffLoop() keeps the p99 loop delay far below the blocking checksum() stall', async (context) => {
    const tasks = new URL('./fixtures/tasks.ts', import.meta.url);
    await expectResponsive(context, 'checksumOffLoop()', (bytes) => checksumOffLoop(bytes), {
      overhead: () => runOffLoop({ module: tasks, name: 'whereAmI' }, undefined),
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
    const hasher = await startHashThread({ capacity: load().bytes.length });
    try {
      await expectResponsive(context, 'HashThread.checksum()', (bytes) => hasher.checksum(bytes));
    } finally {
      await hasher.close();
    }
  });
});
