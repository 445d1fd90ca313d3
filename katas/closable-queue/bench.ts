/**
 * The reference ClosableQueue's throughput next to Node's object-mode PassThrough stream, both with
 * one producer, one consumer and room for 1024 items, and next to the most any queue could do here.
 * The consumer waits first, so every get finds the queue empty and waits for the next put: each
 * item is a hand-off, a promise the consumer waits on that the producer settles. A bare hand-off,
 * with no queue around it, is the ceiling.
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

/** No queue at all: the producer settles the promise its consumer waits on, then awaits as a put. */
async function bareHandOff(): Promise<void> {
  const settled = Promise.resolve();
  let waiting: ((item: number) => void) | undefined;
  const consumer = (async () => {
    for (let i = 0; i < items; i++) await new Promise<number>((resolve) => (waiting = resolve));
  })();
  for (let i = 0; i < items; i++) {
    if (!waiting) throw new Error(`the consumer was not waiting for item ${i}`);
    const handTo = waiting;
    waiting = undefined;
    handTo(i);
    await settled;
  }
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
  await rate(throughQueue, 1); // warm up all three before measuring
  await rate(throughStream, 1);
  await rate(bareHandOff, 1);
  const queue = await rate(throughQueue);
  const stream = await rate(throughStream);
  const ceiling = await rate(bareHandOff);
  const format = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)} M items/s`;
  console.log(`${items.toLocaleString('en')} items, capacity ${capacity}, one producer and one consumer (best of 3)`);
  console.log(`  ClosableQueue               ${format(queue)}`);
  console.log(`  PassThrough (object mode)   ${format(stream)}`);
  console.log(`  ratio                       ${(queue / stream).toFixed(2)}x (goal: at least 3x)`);
  console.log(
    `  a bare hand-off, no queue   ${format(ceiling)} (${(ceiling / stream).toFixed(2)}x: no queue can beat it, as every get here waits)`,
  );
}
