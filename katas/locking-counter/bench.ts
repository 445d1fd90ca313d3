/**
 * The locking-counter benchmark: how fast the async Mutex is, next to async-mutex and to a bare
 * `await` loop, and what an addition costs across threads with Atomics.add and with SharedMutex.
 * Figures only: nothing here passes or fails.
 *
 * @module
 */
import { Mutex as AsyncMutex } from 'async-mutex';
import { countInThreads, Mutex, type CountMode } from '../../solutions/locking-counter/locking-counter.ts';
import { barChart, bestOf } from '../../test/support/timing.ts';

/** Lock round trips per measurement. */
const rounds = 200_000;
const contenders = 4;
const tries = 5;

/** Something with the shape of both mutexes: acquire resolves with a release. */
interface Lock {
  acquire(): Promise<() => void>;
}

/**
 * Round trips per second, best of `tries`: `tasks` tasks share `rounds` round trips, each one
 * await of an acquire followed by the release, or one bare await when there is no lock.
 */
async function perSecond(tasks: number, lock?: Lock): Promise<number> {
  const perTask = rounds / tasks;
  const task = async () => {
    for (let i = 0; i < perTask; i++) {
      if (lock) (await lock.acquire())();
      else await undefined;
    }
  };
  const ms = await bestOf(tries, () => Promise.all(Array.from({ length: tasks }, task)));
  return (rounds / ms) * 1000;
}

async function mutexFigures(tasks: number): Promise<void> {
  const floor = await perSecond(tasks);
  const ours = await perSecond(tasks, new Mutex());
  const theirs = await perSecond(tasks, new AsyncMutex());
  const title =
    tasks === 1
      ? 'Mutex, uncontended: acquire + release per second'
      : `Mutex, ${tasks} tasks taking turns: acquire + release per second`;
  const rows = [
    { label: 'bare await loop (floor)', value: floor / 1000 },
    { label: 'Mutex (this kata)', value: ours / 1000 },
    { label: 'async-mutex', value: theirs / 1000 },
  ];
  console.log(barChart(title, rows, 'k/s'));
  console.log(
    `  Mutex is ${(ours / theirs).toFixed(1)}x async-mutex (goal: 5x or more), and ${(floor / ours).toFixed(2)}x slower than the floor (goal: within ${tasks === 1 ? 2 : 3}x)\n`,
  );
}

/** Milliseconds for countInThreads, best of 5. */
function countMs(mode: CountMode, perThread: number): Promise<number> {
  return bestOf(5, () => countInThreads({ threads: 2, perThread, mode }));
}

async function threadFigures(): Promise<void> {
  const perThread = 1_000_000;
  const rows = [];
  for (const mode of ['atomic', 'locked'] as const) {
    const startup = await countMs(mode, 1); // starting and stopping the threads, measured in the same run
    const total = await countMs(mode, perThread);
    const nsPerAddition = (Math.max(0, total - startup) * 1e6) / (2 * perThread);
    rows.push({
      label: `${mode} (${total.toFixed(0)} ms, ${startup.toFixed(0)} ms of it starting threads)`,
      value: nsPerAddition,
    });
  }
  console.log(barChart('countInThreads, 2 threads x 1,000,000 additions: cost per addition', rows, ' ns'));
}

export default async function bench(): Promise<void> {
  for (const lock of [undefined, new Mutex(), new AsyncMutex()]) await perSecond(contenders, lock); // warm up the JIT first
  await mutexFigures(1);
  await mutexFigures(contenders);
  await threadFigures();
}
