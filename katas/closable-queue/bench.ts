/**
 * The reference ClosableQueue's throughput next to Node's object-mode PassThrough stream, both with
 * one producer, one consumer and room for 1024 items.
 *
 * @module
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { ClosableQueue } from '../../solutions/closable-queue/closable-queue.ts';

const items = 1_000_000;
const capacity = 1024;

async function throughQueue(): Promise<void> {
  const queue = new ClosableQueue<number>({ capacity });
  const consumer = (async () => {
    for (let i = 0; i < items; i++) await queue.get();
  })();
  for (let i = 0; i < items; i++) await queue.put(i);
  await consumer;
}

async function throughStream(): Promise<void> {
  const stream = new PassThrough({ objectMode: true, highWaterMark: capacity });
  const consumer = (async () => {
    let count = 0;
    for await (const _ of stream) count++;
    if (count !== items) throw new Error(`the stream delivered ${count} items, expected ${items}`);
  })();
  for (let i = 0; i < items; i++) {
    if (!stream.write(i)) await once(stream, 'drain');
  }
  stream.end();
  await consumer;
}

/** Items per second through `run`, best of `tries`. */
async function rate(run: () => Promise<void>, tries = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const start = performance.now();
    await run();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

export default async function bench(): Promise<void> {
  await rate(throughQueue, 1); // warm up both before measuring
  await rate(throughStream, 1);
  const queue = await rate(throughQueue);
  const stream = await rate(throughStream);
  const format = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)} M items/s`;
  console.log(`${items.toLocaleString('en')} items, capacity ${capacity}, one producer and one consumer (best of 3)`);
  console.log(`  ClosableQueue               ${format(queue)}`);
  console.log(`  PassThrough (object mode)   ${format(stream)}`);
  console.log(`  ratio                       ${(queue / stream).toFixed(2)}x (goal: at least 2x)`);
}
