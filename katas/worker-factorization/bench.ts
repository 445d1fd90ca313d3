/**
 * The worker-factorization benchmark: the speedup curve of factorizeInWorkers() for 1 to N threads
 * (N = available parallelism), each as a ratio to the plain loop in the same run, and the parallel
 * efficiency (speedup / threads). Goal: at least 90% at 2 threads on an idle 2-core machine.
 *
 * Figures only: nothing here passes or fails.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import {
  factorize,
  factorizeInWorkers,
  factorizeOnEventLoop,
} from '../../solutions/worker-factorization/worker-factorization.ts';
import { barChart, bestOf } from '../../test/support/timing.ts';

/** A prime (2 ** 26 - 5): the naive loop tries about 67 million candidates for it. */
const n = 2 ** 26 - 5;
const tries = 3;

export default async function bench(): Promise<void> {
  const cores = availableParallelism();
  // Twice as many numbers as the most threads, so that every thread count splits them evenly.
  const numbers = Array<number>(2 * cores).fill(n);
  factorize(n); // warm up this thread's loop on this very input before timing it
  const loop = await bestOf(tries, () => numbers.map((number) => factorize(number)));
  const eventLoop = await bestOf(tries, () => factorizeOnEventLoop(numbers));

  const rows: { threads: number; total: number; startUp: number; net: number }[] = [];
  await factorizeInWorkers([1], { threads: 1 }); // warm up the TypeScript loader's cache
  for (let threads = 1; threads <= cores; threads++) {
    const startUp = await bestOf(tries, () => factorizeInWorkers(Array<number>(threads).fill(1), { threads }));
    const total = await bestOf(tries, () => factorizeInWorkers(numbers, { threads }));
    rows.push({ threads, total, startUp, net: total - startUp });
  }

  console.log(`${numbers.length} x factorize(${n}), best of ${tries}, ${cores} cores`);
  console.log(`  loop on the main thread      ${loop.toFixed(0).padStart(6)} ms`);
  console.log(
    `  factorizeOnEventLoop         ${eventLoop.toFixed(0).padStart(6)} ms  (${(loop / eventLoop).toFixed(2)}x: one thread, no speedup)`,
  );
  console.log('  threads   total ms   start-up ms   net ms   speedup   efficiency');
  for (const { threads, total, startUp, net } of rows) {
    const speedup = loop / net;
    console.log(
      `  ${String(threads).padStart(7)}   ${total.toFixed(0).padStart(8)}   ${startUp.toFixed(0).padStart(11)}   ${net.toFixed(0).padStart(6)}` +
        `   ${speedup.toFixed(2).padStart(6)}x   ${((100 * speedup) / threads).toFixed(0).padStart(9)}%`,
    );
  }
  console.log(
    barChart(
      '  speedup over the loop (net of start-up)',
      rows.map(({ threads, net }) => ({ label: `x${threads}`, value: loop / net })),
      'x',
    ),
  );
  const two = rows.find((row) => row.threads === 2);
  if (two)
    console.log(
      `  efficiency at 2 threads: ${((100 * loop) / two.net / 2).toFixed(0)}% (goal: 90% on an idle machine)`,
    );
}
