/**
 * Properties of ClosableQueue: random operation sequences against a plain array model (step 5: it
 * uses put, get, taskDone and close), and producers and consumers under interleavings chosen by
 * fast-check's scheduler (step 7: the consumers are for await loops).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClosableQueue, QueueClosedError } from '#kata/closable-queue/closable-queue.ts';
import { flushMicrotasks, isNotImplemented, track, type Tracked } from '../../../test/support/wait.ts';

type Operation = { op: 'put' } | { op: 'get' } | { op: 'taskDone' } | { op: 'close' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.constant({ op: 'put' as const }), weight: 4 },
  { arbitrary: fc.constant({ op: 'get' as const }), weight: 4 },
  { arbitrary: fc.constant({ op: 'taskDone' as const }), weight: 2 },
  { arbitrary: fc.constant({ op: 'close' as const }), weight: 1 },
);

/** What the queue should look like: the buffer, who waits, and the promises' expected outcomes. */
class QueueModel {
  readonly buffer: number[] = [];
  readonly putters: { item: number; call: number }[] = [];
  readonly getters: number[] = [];
  /** Expected outcome of each call that returned a promise, by call number. */
  readonly expected = new Map<number, Tracked<unknown>>();
  unfinished = 0;
  closed = false;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  put(item: number, call: number): void {
    if (this.closed) this.expected.set(call, { state: 'rejected', reason: QueueClosedError });
    else if (this.getters.length > 0) {
      this.expected.set(this.getters.shift()!, { state: 'fulfilled', value: item });
      this.expected.set(call, { state: 'fulfilled', value: undefined });
      this.unfinished++;
    } else if (this.buffer.length < this.capacity) {
      this.buffer.push(item);
      this.unfinished++;
      this.expected.set(call, { state: 'fulfilled', value: undefined });
    } else {
      this.putters.push({ item, call });
      this.expected.set(call, { state: 'pending' });
    }
  }

  get(call: number): void {
    if (this.buffer.length > 0) {
      this.expected.set(call, { state: 'fulfilled', value: this.buffer.shift() });
      const putter = this.putters.shift();
      if (putter) {
        this.buffer.push(putter.item);
        this.unfinished++;
        this.expected.set(putter.call, { state: 'fulfilled', value: undefined });
      }
    } else if (this.closed) this.expected.set(call, { state: 'rejected', reason: QueueClosedError });
    else {
      this.getters.push(call);
      this.expected.set(call, { state: 'pending' });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { call } of this.putters.splice(0))
      this.expected.set(call, { state: 'rejected', reason: QueueClosedError });
    for (const call of this.getters.splice(0)) this.expected.set(call, { state: 'rejected', reason: QueueClosedError });
  }
}

function describeState(state: Tracked<unknown>): string {
  if (state.state === 'pending') return 'pending';
  if (state.state === 'fulfilled') return `resolved with ${String(state.value)}`;
  const reason = state.reason;
  return `rejected with ${typeof reason === 'function' ? reason.name : String(reason)}`;
}

describe('step 5: close()', () => {
  describe('ClosableQueue against a model', () => {
    test('random put/get/taskDone/close sequences keep FIFO order, lose nothing, duplicate nothing, and keep size right', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Infinity)),
          fc.array(operation, { maxLength: 40 }),
          async (capacity, operations) => {
            const queue = new ClosableQueue<number>({ capacity });
            const model = new QueueModel(capacity);
            const calls = new Map<number, { readonly current: Tracked<unknown> }>();
            const log: string[] = [];
            let nextItem = 0;
            for (const [call, { op }] of operations.entries()) {
              if (op === 'put') {
                const item = nextItem++;
                log.push(`#${call} put(${item})`);
                calls.set(call, track(queue.put(item)));
                model.put(item, call);
              } else if (op === 'get') {
                log.push(`#${call} get()`);
                calls.set(call, track(queue.get()));
                model.get(call);
              } else if (op === 'taskDone') {
                log.push(`#${call} taskDone()`);
                const shouldThrow = model.unfinished === 0;
                let thrown: unknown;
                try {
                  queue.taskDone();
                } catch (error) {
                  thrown = error;
                }
                if (isNotImplemented(thrown)) throw thrown;
                if (shouldThrow)
                  expect(
                    thrown,
                    `${log.join(', ')}: taskDone() with no unfinished item must throw a RangeError`,
                  ).toBeInstanceOf(RangeError);
                else {
                  expect(
                    thrown,
                    `${log.join(', ')}: taskDone() threw although ${model.unfinished} item(s) were unfinished`,
                  ).toBeUndefined();
                  model.unfinished--;
                }
              } else {
                log.push(`#${call} close()`);
                queue.close();
                model.close();
              }
              await flushMicrotasks();
              const where = `after ${log.join(', ')} (capacity ${capacity})`;
              for (const [id, tracked] of calls) {
                const actual = tracked.current;
                if (actual.state === 'rejected' && isNotImplemented(actual.reason)) throw actual.reason;
                const expected = model.expected.get(id)!;
                const message = `${where}: call #${id} should be ${describeState(expected)}, but it is ${describeState(actual)}`;
                expect(actual.state, message).toBe(expected.state);
                if (expected.state === 'fulfilled')
                  expect((actual as { value: unknown }).value, message).toBe(expected.value);
                if (expected.state === 'rejected')
                  expect((actual as { reason: unknown }).reason, message).toBeInstanceOf(QueueClosedError);
              }
              expect(queue.size, `${where}: size`).toBe(model.buffer.length);
              expect(queue.closed, `${where}: closed`).toBe(model.closed);
              expect(queue.size, `${where}: size must never exceed capacity`).toBeLessThanOrEqual(capacity);
            }
            queue.close(); // wake whatever still waits, so nothing is left pending
            await flushMicrotasks();
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe('step 7: for await...of', () => {
  describe('ClosableQueue under the scheduler', () => {
    test('producers and consumers under any interleaving: every item delivered exactly once, every consumer ends', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.integer({ min: 1, max: 3 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 3 }),
          async (s, capacity, itemsPerProducer, consumerCount) => {
            const queue = new ClosableQueue<string>({ capacity });
            const delivered: string[] = [];
            const producers = itemsPerProducer.map(async (count, p) => {
              for (let i = 0; i < count; i++) {
                await s.schedule(Promise.resolve(), `producer ${p} puts item ${p}.${i}`);
                await queue.put(`${p}.${i}`);
              }
            });
            const consumers = Array.from({ length: consumerCount }, async (_, c) => {
              for await (const item of queue) {
                delivered.push(item);
                await s.schedule(Promise.resolve(), `consumer ${c} handled ${item}`);
              }
            });
            const everyone = Promise.all([
              Promise.all(producers).then(async () => {
                await s.schedule(Promise.resolve(), 'close()');
                queue.close();
              }),
              ...consumers,
            ]);
            await s.waitFor(everyone);
            const expected = itemsPerProducer.flatMap((count, p) =>
              Array.from({ length: count }, (_, i) => `${p}.${i}`),
            );
            expect([...delivered].sort(), 'every item delivered exactly once').toEqual([...expected].sort());
            for (const p of itemsPerProducer.keys()) {
              const own = delivered.filter((item) => item.startsWith(`${p}.`));
              expect(own, `producer ${p}'s items must come out in the order it put them`).toEqual(
                own.slice().sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])),
              );
            }
            await expectJoined(queue);
          },
        ),
        { numRuns: 200 },
      );
    });

    test('close() at any moment: puts before it are delivered once, puts after it reject, every consumer ends', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 3 }),
          async (s, capacity, consumerCount) => {
            const queue = new ClosableQueue<number>({ capacity });
            const accepted: number[] = [];
            const refused: number[] = [];
            const delivered: number[] = [];
            const producer = (async () => {
              for (let i = 0; i < 6; i++) {
                await s.schedule(Promise.resolve(), `put(${i})`);
                try {
                  await queue.put(i);
                  accepted.push(i);
                } catch (error) {
                  if (!(error instanceof QueueClosedError)) throw error;
                  refused.push(i);
                }
              }
            })();
            const closer = s.schedule(Promise.resolve(), 'close()').then(() => queue.close());
            const consumers = Array.from({ length: consumerCount }, async (_, c) => {
              for await (const item of queue) {
                delivered.push(item);
                await s.schedule(Promise.resolve(), `consumer ${c} handled ${item}`);
              }
            });
            await s.waitFor(Promise.all([producer, closer, ...consumers]));
            expect(delivered.sort(), 'exactly the items whose put() resolved are delivered, once each').toEqual(
              accepted.sort(),
            );
            expect(
              accepted.length + refused.length,
              'every put() either resolves or rejects with QueueClosedError',
            ).toBe(6);
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});

/** Every delivered item was marked done by its for await loop. */
async function expectJoined<T>(queue: ClosableQueue<T>): Promise<void> {
  const joined = track(queue.join());
  await flushMicrotasks();
  expect(joined.current.state, 'join() after every loop ended: the iterator must mark each item done').toBe(
    'fulfilled',
  );
}
