/**
 * The reference limiter's overhead per task next to p-limit's: many trivial async tasks through a
 * limiter, so that the time measured is the limiter's own bookkeeping (queueing, starting, handing
 * the slot on), not the work.
 *
 * @module
 */
import pLimit from 'p-limit';
import { limit } from '../../solutions/bounded-fan-out/bounded-fan-out.ts';

const tasks = 100_000;
const task = async (n: number) => n;

type Limiter = <R>(fn: (n: number) => Promise<R>, n: number) => Promise<R>;

async function through(create: (concurrency: number) => Limiter, concurrency: number): Promise<void> {
  const run = create(concurrency);
  const calls: Promise<number>[] = new Array(tasks);
  for (let i = 0; i < tasks; i++) calls[i] = run(task, i);
  await Promise.all(calls);
}

/** Nanoseconds per task through `create(concurrency)`, best of `tries`. */
async function overhead(create: (concurrency: number) => Limiter, concurrency: number, tries = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const start = performance.now();
    await through(create, concurrency);
    best = Math.min(best, performance.now() - start);
  }
  return (best * 1e6) / tasks;
}

export default async function bench(): Promise<void> {
  const ours = (concurrency: number) => limit(concurrency) as Limiter;
  const theirs = (concurrency: number) => pLimit(concurrency) as unknown as Limiter;
  await overhead(ours, 10, 1); // warm up both before measuring
  await overhead(theirs, 10, 1);
  console.log(`${tasks.toLocaleString('en')} trivial async tasks through a limiter, all queued at once (best of 3)`);
  const format = (ns: number) => `${ns.toFixed(0).padStart(5)} ns/task`;
  for (const concurrency of [1, 10, 100]) {
    const mine = await overhead(ours, concurrency);
    const reference = await overhead(theirs, concurrency);
    console.log(
      `  concurrency ${String(concurrency).padEnd(4)} limit() ${format(mine)}   p-limit ${format(reference)}   ratio ${(mine / reference).toFixed(2)}x (goal: at most 1x)`,
    );
  }
}
