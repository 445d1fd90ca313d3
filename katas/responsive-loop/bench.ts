/**
 * The responsive-loop benchmark: for the blocking checksum() and each fix, how long the work takes
 * and how late a ticking timer runs meanwhile (p99 and worst), on the same bytes in the same run.
 * Goal: every fix keeps the p99 delay under a tenth of the blocking stall on an idle machine, at a
 * cost in total time of at most 1.5x for the chunks and the hand-off.
 *
 * Figures only: nothing here passes or fails.
 *
 * @module
 */
import { checksum } from './checksum.ts';
import { measureLoopDelay, type LoopDelay } from './loop-delay.ts';
import { checksumInChunks, checksumOffLoop, startHashThread } from '../../solutions/responsive-loop/responsive-loop.ts';
import { barChart } from '../../test/support/timing.ts';

/** 1 MiB of pseudo-random bytes: a few hundred ms of checksum on a typical core. */
const length = 1 << 20;
const tries = 3;

export default async function bench(): Promise<void> {
  const bytes = new Uint8Array(length).map((_, i) => (i * 2654435761) >>> 24);
  const expected = checksum(bytes); // warms the loop up on this very input
  const hasher = await startHashThread({ capacity: length });
  try {
    const strategies: { label: string; run: () => Promise<number> | number }[] = [
      { label: 'blocking checksum()', run: () => checksum(bytes) },
      { label: 'checksumInChunks()', run: () => checksumInChunks(bytes) },
      { label: 'checksumOffLoop()', run: () => checksumOffLoop(bytes.slice()) },
      { label: 'HashThread.checksum()', run: () => hasher.checksum(bytes) },
    ];
    const rows: { label: string; delay: LoopDelay }[] = [];
    for (const { label, run } of strategies) {
      let best: LoopDelay | undefined;
      for (let i = 0; i < tries; i++) {
        let result = 0;
        const delay = await measureLoopDelay(async () => (result = await run()));
        if (result !== expected) throw new Error(`${label} returned ${result}, but checksum() is ${expected}`);
        if (!best || delay.p99Ms < best.p99Ms) best = delay;
      }
      rows.push({ label, delay: best! });
    }
    const blocking = rows[0]!.delay;
    console.log(`checksum of ${length / 1024} KiB, best of ${tries} by p99 delay, measured with ${blocking.source}`);
    console.log('  strategy                 time ms   p99 delay ms   worst delay ms   time vs blocking');
    for (const { label, delay } of rows) {
      console.log(
        `  ${label.padEnd(22)} ${delay.elapsedMs.toFixed(0).padStart(9)}   ${delay.p99Ms.toFixed(1).padStart(12)}   ` +
          `${delay.maxMs.toFixed(1).padStart(14)}   ${(delay.elapsedMs / blocking.elapsedMs).toFixed(2).padStart(15)}x`,
      );
    }
    console.log(
      barChart(
        '  p99 event-loop delay while the work runs',
        rows.map(({ label, delay }) => ({ label, value: delay.p99Ms })),
        ' ms',
      ),
    );
  } finally {
    await hasher.close();
  }
}
