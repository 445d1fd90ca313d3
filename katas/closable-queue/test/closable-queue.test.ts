/**
 * The ClosableQueue kata's spec, in the order of the README's steps: the buffer, waiting getters,
 * waiting putters, join, close, abort, iteration, workers, the pipeline.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import {
  ClosableQueue,
  QueueClosedError,
  runPipeline,
  startWorkers,
  type Stage,
  StoppableWorker,
  stopWorkers,
} from '#kata/closable-queue/closable-queue.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { expectPending, flushMicrotasks, nextMacrotask, track, within } from '../../../test/support/wait.ts';

/** Rejects like `promise`, and checks the rejection is a QueueClosedError. */
async function expectClosed(promise: Promise<unknown>, what: string): Promise<QueueClosedError> {
  const error = await within(promise, 1000, what).then(
    (value) => expect.unreachable(`${what} should reject with QueueClosedError, but it resolved with ${String(value)}`),
    (error: unknown) => error,
  );
  expect(error, `${what} should reject with QueueClosedError`).toBeInstanceOf(QueueClosedError);
  return error as QueueClosedError;
}

/** What `call` threw, for a look at its message; fails if it did not throw. */
function thrownBy(call: () => unknown, what: string): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return expect.unreachable(`${what} should throw, but it returned`);
}

/**
 * Checks an error's message against the README's template, `Cannot <action>: <rule>, received <value>`,
 * and, when given, that it names the argument at fault.
 */
function expectMessage(error: unknown, what: string, argument?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  expect(message, `${what}: messages read "Cannot <action>: <rule>, received <value>"`).toMatch(
    /^Cannot .+: .+, received /,
  );
  if (argument !== undefined) {
    expect(message, `${what}: the message should name the argument at fault, ${argument}`).toContain(argument);
  }
}

/** Counts how many `work` calls are running, and the most at once. */
function inFlightProbe<I, O>(work: (item: I) => Promise<O>) {
  const probe = {
    running: 0,
    peak: 0,
    calls: 0,
    async work(item: I): Promise<O> {
      probe.calls++;
      probe.peak = Math.max(probe.peak, ++probe.running);
      try {
        return await work(item);
      } finally {
        probe.running--;
      }
    },
  };
  return probe;
}

describe('step 1: a buffer', () => {
  test('new ClosableQueue() is unbounded and empty', () => {
    const queue = new ClosableQueue<number>();
    expect(queue.capacity, 'the default capacity is Infinity').toBe(Infinity);
    expect(queue.size).toBe(0);
  });

  test('new ClosableQueue({ capacity }) keeps the capacity', () => {
    expect(new ClosableQueue({ capacity: 3 }).capacity).toBe(3);
    expect(new ClosableQueue({ capacity: Infinity }).capacity).toBe(Infinity);
  });

  test.each([0, -1, 1.5, NaN, -Infinity])('new ClosableQueue({ capacity: %s }) throws a RangeError', (capacity) => {
    expect(() => new ClosableQueue({ capacity }), 'a capacity must be a positive integer or Infinity').toThrow(
      RangeError,
    );
    expectMessage(
      thrownBy(() => new ClosableQueue({ capacity }), `new ClosableQueue({ capacity: ${capacity} })`),
      `new ClosableQueue({ capacity: ${capacity} })`,
      'capacity',
    );
  });

  test('new ClosableQueue({ capacity: "3" }) throws a TypeError', () => {
    const create = () => new ClosableQueue({ capacity: '3' as unknown as number });
    expect(create, 'a capacity must be a number').toThrow(TypeError);
    expectMessage(
      thrownBy(create, 'new ClosableQueue({ capacity: "3" })'),
      'new ClosableQueue({ capacity: "3" })',
      'capacity',
    );
  });

  test('ClosableQueue.get() returns items in the order they were put', async () => {
    const queue = new ClosableQueue<string>();
    await queue.put('a');
    await queue.put('b');
    await queue.put('c');
    expect(queue.size, 'size counts the items buffered').toBe(3);
    const taken = [await queue.get(), await queue.get(), await queue.get()];
    expect(taken, 'a queue is first in, first out').toEqual(['a', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  test('ClosableQueue takes any value as an item: undefined, null, 0, false, ""', async () => {
    const values = [undefined, null, 0, false, ''];
    const queue = new ClosableQueue<unknown>();
    for (const value of values) await queue.put(value);
    const taken = [];
    for (const _ of values) taken.push(await queue.get());
    expect(taken, 'do not use undefined (or any value) to mean "no item"').toEqual(values);
  });

  test('ClosableQueue<T> is typed by its items (checked by npm run typecheck)', () => {
    const queue = new ClosableQueue<number>();
    expectTypeOf(queue.get).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.put).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(queue).toMatchTypeOf<AsyncIterable<number>>();
    // @ts-expect-error a queue of numbers takes no strings
    expectTypeOf(queue.put).toBeCallableWith('not a number');
  });

  test('ClosableQueue.tryPut() and tryGet() never wait', () => {
    const queue = new ClosableQueue<number | undefined>({ capacity: 1 });
    expect(queue.tryGet(), 'tryGet() on an empty queue').toEqual({ state: 'empty' });
    expect(queue.tryPut(undefined), 'tryPut() with a free slot').toBe(true);
    expect(queue.size).toBe(1);
    expect(queue.tryPut(2), 'tryPut() on a full queue').toBe(false);
    expect(queue.size, 'a refused tryPut() must not add its item').toBe(1);
    expect(queue.tryGet(), 'undefined is an item, told apart by the tag').toEqual({ state: 'ok', value: undefined });
    expect(queue.tryGet(), 'tryGet() on a queue that was emptied').toEqual({ state: 'empty' });
  });

  test('ClosableQueue keeps a backlog of thousands of items whole and in order', () => {
    const queue = new ClosableQueue<number>();
    const taken: unknown[] = [];
    const take = (count: number) => {
      for (let i = 0; i < count; i++) {
        const result = queue.tryGet();
        taken.push(result.state === 'ok' ? result.value : result.state);
      }
    };
    for (let i = 0; i < 3000; i++) queue.tryPut(i);
    take(2000);
    for (let i = 3000; i < 6000; i++) queue.tryPut(i);
    expect(queue.size, 'size after 6000 puts and 2000 gets').toBe(4000);
    take(4000);
    expect(queue.size, 'size after taking every item').toBe(0);
    const lost = taken.findIndex((item, index) => item !== index);
    expect(
      lost,
      `item ${lost} came out as ${taken[lost]}: when the buffer drops the items already taken, the others must keep their order`,
    ).toBe(-1);
    expect(taken, 'every item once, in order').toHaveLength(6000);
  });
});

describe('step 2: get() waits', () => {
  test('ClosableQueue.get() on an empty queue waits until an item is put', async () => {
    const queue = new ClosableQueue<string>();
    const taking = queue.get();
    await expectPending(taking, 'get() on an empty queue');
    await queue.put('hello');
    expect(await within(taking, 1000, 'a get() that was waiting when put() was called')).toBe('hello');
    expect(queue.size, 'an item handed to a waiting getter is not buffered').toBe(0);
  });

  test('ClosableQueue.get() serves waiting getters first come, first served', async () => {
    const queue = new ClosableQueue<number>();
    const first = queue.get();
    const second = queue.get();
    const third = queue.get();
    await queue.put(1);
    await queue.put(2);
    await queue.put(3);
    const got = await within(Promise.all([first, second, third]), 1000, 'three waiting getters');
    expect(got, 'the oldest waiting getter gets the first item').toEqual([1, 2, 3]);
  });

  test('ClosableQueue.get() called later in the same tick cannot take an item meant for a waiting getter', async () => {
    const queue = new ClosableQueue<string>();
    const waiting = queue.get();
    await expectPending(waiting, 'get() on an empty queue');
    void queue.put('mine');
    const latecomer = queue.get(); // same tick as the put: must not overtake the waiting getter
    expect(await within(waiting, 1000, 'the getter that waited first')).toBe('mine');
    await expectPending(latecomer, 'a get() that arrived after the item had been handed over');
    await queue.put('yours');
    expect(await within(latecomer, 1000, 'the later getter')).toBe('yours');
  });

  test('ClosableQueue.get() gives each item to exactly one getter', async () => {
    const queue = new ClosableQueue<number>();
    const getters = Array.from({ length: 10 }, () => queue.get());
    for (let i = 0; i < 5; i++) await queue.put(i);
    await flushMicrotasks();
    const states = getters.map(track);
    await flushMicrotasks();
    const served = states.filter((s) => s.current.state === 'fulfilled').length;
    expect(served, '5 items for 10 waiting getters: exactly 5 are served, each once').toBe(5);
    for (let i = 5; i < 10; i++) await queue.put(i);
    expect((await Promise.all(getters)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('ClosableQueue.get() waits without polling: no timers and next to no CPU while blocked', async () => {
    const queue = new ClosableQueue<string>();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const timers = [
      vi.spyOn(globalThis, 'setTimeout'),
      vi.spyOn(globalThis, 'setInterval'),
      vi.spyOn(globalThis, 'setImmediate'),
    ];
    let taking: Promise<string>;
    let cpuMs: number;
    try {
      const cpuBefore = process.cpuUsage();
      taking = queue.get();
      await expectPending(taking, 'get() on an empty queue');
      const scheduled = timers.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      expect(
        scheduled,
        'get() scheduled a timer: a blocked get() must wait on a promise that put() resolves, not poll',
      ).toBe(0);
      for (const spy of timers) spy.mockRestore();
      await sleep(200);
      const cpu = process.cpuUsage(cpuBefore);
      cpuMs = (cpu.user + cpu.system) / 1000;
    } finally {
      for (const spy of timers) spy.mockRestore();
    }
    expect(
      cpuMs,
      `a get() blocked for 200 ms burned ${cpuMs.toFixed(0)} ms of CPU: it polls (setImmediate or a busy loop) instead of waiting for put() to wake it`,
    ).toBeLessThan(60);
    await queue.put('done');
    expect(await within(taking!, 1000, 'the blocked get()')).toBe('done');
  });
});

describe('step 3: put() waits while the queue is full', () => {
  test('ClosableQueue.put() on a full queue waits until get() frees a slot', async () => {
    const queue = new ClosableQueue<string>({ capacity: 1 });
    await queue.put('a');
    const putting = queue.put('b');
    await expectPending(putting, 'put() on a full queue');
    expect(queue.size, 'a waiting put() has not entered the queue yet').toBe(1);
    expect(await queue.get()).toBe('a');
    await within(putting, 1000, 'a put() that was waiting when get() freed a slot');
    expect(queue.size).toBe(1);
    expect(await queue.get()).toBe('b');
  });

  test('ClosableQueue.get() moves the oldest waiting putter in at once, so a later put() cannot jump ahead', async () => {
    const queue = new ClosableQueue<string>({ capacity: 1 });
    await queue.put('first');
    const second = queue.put('second');
    const third = queue.put('third');
    expect(queue.tryGet()).toEqual({ state: 'ok', value: 'first' });
    expect(queue.size, 'the moment a slot frees up, the oldest waiting putter takes it: size stays at capacity').toBe(
      1,
    );
    const late = track(queue.put('late'));
    await flushMicrotasks();
    expect(late.current.state, 'put("late") came after two waiting putters and must wait behind them').toBe('pending');
    const order = [await queue.get(), await queue.get(), await queue.get()];
    expect(order, 'waiting putters are admitted in the order they called put()').toEqual(['second', 'third', 'late']);
    await within(Promise.all([second, third]), 1000, 'the admitted putters');
  });

  test('ClosableQueue with capacity k never holds more than k items', async () => {
    const capacity = 3;
    const queue = new ClosableQueue<number>({ capacity });
    let largest = 0;
    const producer = (async () => {
      for (let i = 0; i < 50; i++) {
        await queue.put(i);
        largest = Math.max(largest, queue.size);
      }
    })();
    const taken: number[] = [];
    for (let i = 0; i < 50; i++) {
      await nextMacrotask(); // a slow consumer
      taken.push(await queue.get());
      largest = Math.max(largest, queue.size);
    }
    await within(producer, 1000, 'the producer');
    expect(
      largest,
      `a fast producer filled the queue beyond its capacity of ${capacity}: put() must wait while size === capacity`,
    ).toBeLessThanOrEqual(capacity);
    expect(taken).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('step 4: taskDone() and join()', () => {
  test('ClosableQueue.join() resolves at once when no item is unfinished', async () => {
    await within(new ClosableQueue().join(), 1000, 'join() on a new queue');
  });

  test('ClosableQueue.join() waits until every item that entered has been marked done', async () => {
    const queue = new ClosableQueue<number>();
    await queue.put(1);
    await queue.put(2);
    const joined = queue.join();
    await expectPending(joined, 'join() with two unfinished items');
    await queue.get();
    await queue.get();
    await expectPending(joined, 'join() after both items were taken but none was marked done');
    queue.taskDone();
    await expectPending(joined, 'join() with one item still unfinished');
    queue.taskDone();
    await within(joined, 1000, 'join() after every item was marked done');
  });

  test('ClosableQueue counts an item handed straight to a waiting getter as unfinished', async () => {
    const queue = new ClosableQueue<number>();
    const taking = queue.get();
    await queue.put(1);
    await taking;
    await expectPending(queue.join(), 'join() while the handed-over item is not done');
    queue.taskDone();
  });

  test('ClosableQueue.taskDone() called more often than items entered throws a RangeError', async () => {
    const queue = new ClosableQueue<number>();
    expect(() => queue.taskDone(), 'taskDone() on a new queue').toThrow(RangeError);
    expectMessage(
      thrownBy(() => queue.taskDone(), 'taskDone() on a new queue'),
      'taskDone() on a new queue',
    );
    await queue.put(1);
    await queue.get();
    queue.taskDone();
    expect(() => queue.taskDone(), 'a second taskDone() for one item').toThrow(RangeError);
  });

  test('ClosableQueue does not count a waiting putter as unfinished before its item enters', async () => {
    const queue = new ClosableQueue<string>({ capacity: 1 });
    await queue.put('a');
    const putting = queue.put('b');
    await queue.get();
    queue.taskDone();
    await within(putting, 1000, 'the put() admitted by get()');
    await expectPending(queue.join(), 'join() while "b" is in the queue');
    await queue.get();
    queue.taskDone();
    await within(queue.join(), 1000, 'join() once both items are done');
  });
});

describe('step 5: close()', () => {
  test('ClosableQueue.put() rejects with QueueClosedError after close(), and the item is not enqueued', async () => {
    const queue = new ClosableQueue<string>();
    expect(queue.closed, 'a new queue is open').toBe(false);
    queue.close();
    expect(queue.closed).toBe(true);
    const error = await expectClosed(queue.put('lost'), 'put() after close()');
    expect(error.item, 'the error carries the item that was not enqueued').toBe('lost');
    expect(queue.size).toBe(0);
  });

  test('ClosableQueue.close() is idempotent', async () => {
    const queue = new ClosableQueue<string>();
    await queue.put('kept');
    queue.close();
    queue.close();
    expect(queue.closed).toBe(true);
    expect(await queue.get(), 'a second close() must not drop buffered items').toBe('kept');
  });

  test('ClosableQueue.tryPut() refuses after close(), and tryGet() drains, then says closed', () => {
    const queue = new ClosableQueue<number>({ capacity: 1 });
    expect(queue.tryPut(1)).toBe(true);
    queue.close();
    expect(queue.tryPut(2), 'tryPut() on a closed queue').toBe(false);
    expect(queue.tryGet(), 'tryGet() still drains a closed queue').toEqual({ state: 'ok', value: 1 });
    expect(queue.tryGet(), 'tryGet() on a closed, drained queue').toEqual({ state: 'closed' });
  });

  test('ClosableQueue.get() drains buffered items after close(), then rejects', async () => {
    const queue = new ClosableQueue<number>();
    await queue.put(1);
    await queue.put(2);
    queue.close();
    expect(await queue.get()).toBe(1);
    expect(await queue.get()).toBe(2);
    await expectClosed(queue.get(), 'get() on a closed, drained queue');
  });

  test('ClosableQueue.close() wakes every waiting getter, not just one', async () => {
    const queue = new ClosableQueue<number>();
    const getters = [queue.get(), queue.get(), queue.get()];
    await expectPending(getters[0]!, 'get() on an empty queue');
    queue.close();
    for (const [index, getter] of getters.entries()) {
      await expectClosed(getter, `waiting getter #${index + 1} of 3 when close() was called (close is a broadcast)`);
    }
  });

  test('ClosableQueue.close() rejects waiting putters, and their items are not enqueued', async () => {
    const queue = new ClosableQueue<string>({ capacity: 1 });
    await queue.put('in');
    const putters = [queue.put('out-1'), queue.put('out-2')];
    await expectPending(putters[0]!, 'put() on a full queue');
    queue.close();
    const errors = [
      await expectClosed(putters[0]!, 'waiting putter #1 when close() was called'),
      await expectClosed(putters[1]!, 'waiting putter #2 when close() was called'),
    ];
    expect(errors.map((error) => error.item)).toEqual(['out-1', 'out-2']);
    expect(await queue.get(), 'the buffered item is still there').toBe('in');
    await expectClosed(queue.get(), 'get() after the buffer drained: the rejected putters left nothing behind');
  });

  test("QueueClosedError's message names the call it refused, put or get", async () => {
    const full = new ClosableQueue<string>({ capacity: 1 });
    await full.put('in');
    const empty = new ClosableQueue<string>();
    const refused = { 'a waiting put()': full.put('out'), 'a waiting get()': empty.get() };
    full.close();
    empty.close();
    const errors: [string, QueueClosedError, string][] = [
      ['a waiting put()', await expectClosed(refused['a waiting put()'], 'a waiting put() at close()'), 'put'],
      ['a waiting get()', await expectClosed(refused['a waiting get()'], 'a waiting get() at close()'), 'get'],
      ['put() after close()', await expectClosed(full.put('late'), 'put() after close()'), 'put'],
      ['get() after close()', await expectClosed(empty.get(), 'get() on a closed, drained queue'), 'get'],
    ];
    for (const [what, error, call] of errors) {
      expect(error.message, `the QueueClosedError of ${what} should name the call it refused, ${call}`).toMatch(
        new RegExp(`\\b${call}\\b`),
      );
    }
  });
});

describe('step 6: errors as rejections, and AbortSignal', () => {
  test('ClosableQueue.put() and get() never throw synchronously', async () => {
    const queue = new ClosableQueue<number>();
    queue.close();
    const signal = AbortSignal.abort(new Error('aborted'));
    const calls: [string, () => Promise<unknown>][] = [
      ['put() after close()', () => queue.put(1)],
      ['get() after close()', () => queue.get()],
      ['get() with an aborted signal', () => queue.get({ signal })],
      ['put() with an aborted signal', () => queue.put(1, { signal })],
    ];
    for (const [what, call] of calls) await expect(promiseOf(what, call), `${what} must reject`).rejects.toBeDefined();
  });

  test('ClosableQueue.get() with an aborted signal rejects with the reason, even when an item is there', async () => {
    const queue = new ClosableQueue<string>();
    await queue.put('kept');
    const reason = new Error('stop');
    await expect(queue.get({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(queue.size, 'an aborted get() must not take the item').toBe(1);
  });

  test('ClosableQueue.put() with an aborted signal rejects with the reason, even with a free slot', async () => {
    const queue = new ClosableQueue<string>();
    const reason = new Error('stop');
    await expect(queue.put('x', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(queue.size, 'an aborted put() must not enqueue its item').toBe(0);
  });

  test('ClosableQueue.get() aborted while waiting rejects and never swallows a later item', async () => {
    const queue = new ClosableQueue<string>();
    const controller = new AbortController();
    const aborted = queue.get({ signal: controller.signal });
    const waiting = queue.get();
    await expectPending(aborted, 'get() on an empty queue');
    controller.abort(new Error('gave up'));
    await expect(within(aborted, 1000, 'an aborted get()')).rejects.toThrow('gave up');
    await queue.put('item');
    expect(
      await within(waiting, 1000, 'the getter behind the aborted one'),
      'the aborted getter must leave the line',
    ).toBe('item');
  });

  test('ClosableQueue.put() aborted while waiting rejects and never enqueues its item', async () => {
    const queue = new ClosableQueue<string>({ capacity: 1 });
    await queue.put('a');
    const controller = new AbortController();
    const aborted = queue.put('never', { signal: controller.signal });
    await expectPending(aborted, 'put() on a full queue');
    controller.abort(new Error('gave up'));
    await expect(within(aborted, 1000, 'an aborted put()')).rejects.toThrow('gave up');
    expect(await queue.get()).toBe('a');
    queue.close();
    await expectClosed(queue.get(), 'get() after the only real item: the aborted put() must not have enqueued "never"');
  });

  test('ClosableQueue.get() and put() remove their abort listener once served or refused', async () => {
    const { signal } = new AbortController(); // one long-lived signal, as a server passes to every call
    const listeners = () => getEventListeners(signal, 'abort').length;
    const leak = (what: string) =>
      `${what} left its 'abort' listener on the signal: a signal that outlives many calls would collect one per call. Remove it when the waiter is served or refused`;

    const items = new ClosableQueue<string>({ capacity: 1 });
    const served = items.get({ signal });
    await expectPending(served, 'get() on an empty queue');
    await items.put('a');
    await within(served, 1000, 'a get() served by put()');
    expect(listeners(), leak('a get() served by put()')).toBe(0);

    await items.put('b');
    const admitted = items.put('c', { signal });
    await expectPending(admitted, 'put() on a full queue');
    await items.get();
    await within(admitted, 1000, 'a put() admitted by get()');
    expect(listeners(), leak('a put() admitted by get()')).toBe(0);

    const empty = new ClosableQueue<string>();
    const refused = [items.put('d', { signal }), empty.get({ signal })];
    await expectPending(refused[0]!, 'put() on a full queue');
    items.close();
    empty.close();
    await expectClosed(refused[0]!, 'a waiting put() at close()');
    await expectClosed(refused[1]!, 'a waiting get() at close()');
    expect(listeners(), leak('a put() or get() refused by close()')).toBe(0);
  });
});

describe('step 7: for await...of', () => {
  test('for await (const item of queue) yields items until the queue is closed and drained', async () => {
    const queue = new ClosableQueue<number>();
    const consumed = (async () => {
      const items: number[] = [];
      for await (const item of queue) items.push(item);
      return items;
    })();
    for (const item of [1, 2, 3]) await queue.put(item);
    queue.close();
    expect(await within(consumed, 1000, 'a for await loop over a closed queue')).toEqual([1, 2, 3]);
  });

  test('for await (const item of queue) marks each item done when the loop body finishes', async () => {
    const queue = new ClosableQueue<number>();
    await queue.put(1);
    await queue.put(2);
    let inBody = 0;
    const joined = track(queue.join());
    for await (const _ of queue) {
      inBody++;
      await flushMicrotasks();
      expect(joined.current.state, 'join() resolved while an item was still in the loop body').toBe('pending');
      if (inBody === 2) break;
    }
    await within(queue.join(), 1000, 'join() after the loop handled both items');
  });

  test('for await (const item of queue) marks the item done when the body throws', async () => {
    const queue = new ClosableQueue<number>();
    await queue.put(1);
    await expect(
      (async () => {
        for await (const _ of queue) throw new Error('body failed');
      })(),
    ).rejects.toThrow('body failed');
    await within(queue.join(), 1000, 'join() after a loop body threw: the iterator must call taskDone() in a finally');
  });

  test('many for await loops share one queue, and close() ends them all', async () => {
    const queue = new ClosableQueue<number>();
    const consumers = Array.from({ length: 4 }, async () => {
      const items: number[] = [];
      for await (const item of queue) {
        items.push(item);
        await nextMacrotask();
      }
      return items;
    });
    for (let i = 0; i < 40; i++) await queue.put(i);
    queue.close();
    const perConsumer = await within(Promise.all(consumers), 2000, 'four for await loops after close()');
    expect(
      perConsumer.flat().sort((a, b) => a - b),
      'every item once, across all loops',
    ).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(perConsumer.filter((items) => items.length > 0).length, 'the loops should share the work').toBeGreaterThan(
      1,
    );
  });
});

describe('step 8: StoppableWorker, startWorkers(), stopWorkers()', () => {
  test('StoppableWorker runs work on every item and puts the result in the output queue', async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const worker = new StoppableWorker((n: number) => n * 10, input, output);
    expect(worker.start(), 'start() returns the worker').toBe(worker);
    for (const n of [1, 2, 3]) await input.put(n);
    input.close();
    await within(worker.done, 1000, "the worker's done after its input closed");
    expect([await output.get(), await output.get(), await output.get()]).toEqual([10, 20, 30]);
    await within(input.join(), 1000, 'join() on the input: the worker must mark each item done');
  });

  test('StoppableWorker.done rejects with the error of work, and the worker takes no more items', async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const boom = new Error('work failed');
    const seen: number[] = [];
    const worker = new StoppableWorker(
      (n: number) => {
        seen.push(n);
        if (n === 2) throw boom;
        return n;
      },
      input,
      output,
    ).start();
    for (const n of [1, 2, 3, 4]) await input.put(n);
    await expect(within(worker.done, 1000, "the failing worker's done")).rejects.toBe(boom);
    expect(seen, 'a worker whose work threw must stop taking items').toEqual([1, 2]);
    expect(input.size).toBe(2);
  });

  test('StoppableWorker.start() called twice starts one loop', async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const probe = inFlightProbe(async (n: number) => {
      await nextMacrotask();
      return n;
    });
    const worker = new StoppableWorker(probe.work, input, output);
    expect(worker.start().start(), 'start() returns the worker, also the second time').toBe(worker);
    for (let i = 0; i < 4; i++) await input.put(i);
    input.close();
    await within(worker.done, 1000, "the worker's done after its input closed");
    expect(probe.peak, 'one worker ran two items at once: a second start() must not start a second loop').toBe(1);
    expect(output.size, 'every item was processed once').toBe(4);
  });

  test('StoppableWorker with a work that is not a function throws a TypeError', () => {
    const create = () => new StoppableWorker(42 as never, new ClosableQueue(), new ClosableQueue());
    expect(create).toThrow(TypeError);
    expectMessage(thrownBy(create, 'new StoppableWorker(42, ...)'), 'new StoppableWorker(42, ...)', 'work');
  });

  test('startWorkers() starts count workers that really overlap', async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const probe = inFlightProbe(async (n: number) => {
      await nextMacrotask();
      return n;
    });
    const workers = startWorkers(4, probe.work, input, output);
    expect(workers).toHaveLength(4);
    for (let i = 0; i < 20; i++) await input.put(i);
    await within(stopWorkers(input, workers), 2000, 'stopWorkers() for 4 workers');
    expect(probe.peak, 'the most work calls in flight at once should equal the number of workers').toBe(4);
    expect(output.size).toBe(20);
  });

  test.each([0, -1, 1.5, NaN])('startWorkers(%s, ...) throws a RangeError', (count) => {
    const start = () => startWorkers(count, (n: number) => n, new ClosableQueue<number>(), new ClosableQueue<number>());
    expect(start).toThrow(RangeError);
    expectMessage(thrownBy(start, `startWorkers(${count}, ...)`), `startWorkers(${count}, ...)`, 'count');
  });

  test('startWorkers("2", ...) throws a TypeError', () => {
    const start = () =>
      startWorkers(
        '2' as unknown as number,
        (n: number) => n,
        new ClosableQueue<number>(),
        new ClosableQueue<number>(),
      );
    expect(start).toThrow(TypeError);
    expectMessage(thrownBy(start, 'startWorkers("2", ...)'), 'startWorkers("2", ...)', 'count');
  });

  test('stopWorkers() closes the input and resolves once it is drained and every worker has ended', async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const workers = startWorkers(
      3,
      async (n: number) => {
        await nextMacrotask();
        return n;
      },
      input,
      output,
    );
    for (let i = 0; i < 10; i++) await input.put(i);
    await within(stopWorkers(input, workers), 2000, 'stopWorkers()');
    expect(input.closed, 'stopWorkers() closes the input').toBe(true);
    expect(output.size, 'every item was processed before stopWorkers() resolved').toBe(10);
    for (const worker of workers) await within(worker.done, 100, "a worker's done after stopWorkers()");
  });

  test("stopWorkers() rejects with a worker's error instead of waiting for a queue that never drains", async () => {
    const input = new ClosableQueue<number>();
    const output = new ClosableQueue<number>();
    const boom = new Error('work failed');
    const workers = startWorkers(
      1,
      (n: number) => {
        if (n === 0) throw boom;
        return n;
      },
      input,
      output,
    );
    for (let i = 0; i < 3; i++) await input.put(i);
    await expect(within(stopWorkers(input, workers), 1000, 'stopWorkers() after the only worker failed')).rejects.toBe(
      boom,
    );
  });
});

describe('step 9: runPipeline()', () => {
  /** Each stage is slower than the one before, so every stage fills up and all its workers get busy. */
  const turns = async (count: number) => {
    for (let i = 0; i < count; i++) await nextMacrotask();
  };
  const download = (n: number) => turns(1).then(() => ({ n, bytes: n * 2 }));
  const resize = (image: { n: number; bytes: number }) => turns(3).then(() => ({ ...image, bytes: image.bytes / 2 }));
  const upload = (image: { n: number; bytes: number }) => turns(5).then(() => image.n);

  test('runPipeline() with no stages returns the items', async () => {
    expectTypeOf(runPipeline).returns.toEqualTypeOf<Promise<unknown[]>>();
    expect(await within(runPipeline([1, 2, 3], []), 1000, 'runPipeline([1, 2, 3], [])')).toEqual(
      expect.arrayContaining([1, 2, 3]),
    );
  });

  test('runPipeline() delivers 1000 items through download, resize and upload exactly once, with every worker busy', async () => {
    const stages = [download, resize, upload].map((work) => inFlightProbe(work as (item: unknown) => Promise<unknown>));
    const concurrency = [3, 4, 5];
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const results = await within(
      runPipeline(
        items,
        stages.map((probe, i) => ({ work: probe.work, concurrency: concurrency[i]! })),
      ),
      5000,
      'runPipeline() over 1000 items',
    );
    expect(
      (results as number[]).sort((a, b) => a - b),
      'every item arrives exactly once',
    ).toEqual(items);
    stages.forEach((probe, i) => {
      expect(probe.calls, `stage ${i + 1} ran once per item`).toBe(1000);
      expect(
        probe.peak,
        `stage ${i + 1} has ${concurrency[i]} workers, so that many items should be in flight at once`,
      ).toBe(concurrency[i]);
    });
  });

  test('runPipeline() takes an async iterable of items', async () => {
    async function* numbers() {
      for (let i = 0; i < 10; i++) yield i;
    }
    const results = await within(
      runPipeline(numbers(), [{ work: (n: number) => n + 1, concurrency: 2 }]),
      1000,
      'runPipeline(async items)',
    );
    expect((results as number[]).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test("runPipeline() bounds each stage's input queue: a slow stage holds back the feeder", async () => {
    let fed = 0;
    function* items() {
      for (let i = 0; i < 100; i++) {
        fed++;
        yield i;
      }
    }
    let mostAhead = 0;
    let processed = 0;
    await within(
      runPipeline(items(), [
        {
          work: async (n: number) => {
            mostAhead = Math.max(mostAhead, fed - processed);
            await nextMacrotask();
            processed++;
            return n;
          },
          concurrency: 2,
          capacity: 3,
        },
      ]),
      2000,
      'runPipeline() with a slow stage',
    );
    expect(
      mostAhead,
      'with 2 workers and capacity 3, the feeder can be at most 2 + 3 + 1 items ahead',
    ).toBeLessThanOrEqual(6);
  });

  test('runPipeline() rejects fast when a stage throws, and leaves no worker running', async () => {
    const boom = new Error('resize failed');
    const probe = inFlightProbe(async (n: number) => {
      await nextMacrotask();
      if (n === 10) throw boom;
      return n;
    });
    const after = inFlightProbe(async (n: number) => {
      await nextMacrotask();
      return n;
    });
    function* endless() {
      for (let i = 0; ; i++) yield i;
    }
    await expect(
      within(
        runPipeline(endless(), [
          { work: probe.work, concurrency: 3 },
          { work: after.work, concurrency: 2 },
        ]),
        2000,
        'runPipeline() with a failing stage',
      ),
    ).rejects.toBe(boom);
    expect(
      probe.running + after.running,
      'work still running after runPipeline() rejected: wait for every worker to end',
    ).toBe(0);
    const calls = probe.calls + after.calls;
    await nextMacrotask();
    await nextMacrotask();
    expect(probe.calls + after.calls, 'work started after runPipeline() rejected: a worker is still taking items').toBe(
      calls,
    );
  });

  test('runPipeline() with a bad stage rejects with RangeError or TypeError, never throws', async () => {
    const stage = (overrides: object) => [{ work: (n: number) => n, concurrency: 1, ...overrides }];
    await expect(
      promiseOf('runPipeline() with concurrency 0', () => runPipeline([1], stage({ concurrency: 0 }))),
    ).rejects.toThrow(RangeError);
    await expect(
      promiseOf('runPipeline() with concurrency 1.5', () => runPipeline([1], stage({ concurrency: 1.5 }))),
    ).rejects.toThrow(RangeError);
    await expect(
      promiseOf('runPipeline() with capacity 0', () => runPipeline([1], stage({ capacity: 0 }))),
    ).rejects.toThrow(RangeError);
    await expect(
      promiseOf('runPipeline() with a work that is not a function', () => runPipeline([1], stage({ work: 'nope' }))),
    ).rejects.toThrow(TypeError);
  });

  test('runPipeline() with a bad field in a later stage rejects before any work starts, naming the field and its stage', async () => {
    let calls = 0;
    const good = {
      work: (n: number) => {
        calls++;
        return n;
      },
      concurrency: 1,
    };
    const cases: [string, object, typeof TypeError, string][] = [
      ['concurrency 0', { concurrency: 0 }, RangeError, 'stages[1].concurrency'],
      ['concurrency 1.5', { concurrency: 1.5 }, RangeError, 'stages[1].concurrency'],
      ['concurrency "2"', { concurrency: '2' }, TypeError, 'stages[1].concurrency'],
      ['capacity 0', { capacity: 0 }, RangeError, 'stages[1].capacity'],
      ['capacity "3"', { capacity: '3' }, TypeError, 'stages[1].capacity'],
      ['a work that is not a function', { work: 'nope' }, TypeError, 'stages[1].work'],
    ];
    for (const [what, overrides, type, field] of cases) {
      const call = `runPipeline() with ${what} in its second stage`;
      const error = await rejectionOf(
        promiseOf(call, () => runPipeline([1], [good, { ...good, ...overrides }] as Stage[])),
        call,
      );
      expect(error, `${call} should reject with a ${type.name}`).toBeInstanceOf(type);
      expectMessage(error, call, field);
    }
    await nextMacrotask();
    expect(calls, 'the first stage ran work although a later stage was bad: check every stage first').toBe(0);
  });

  test.each([
    ['42', 42],
    ['{}', {}],
    ['null', null],
  ])('runPipeline(%s, stages) rejects with a TypeError: items must be iterable', async (label, items) => {
    const call = `runPipeline(${label}, stages)`;
    const error = await rejectionOf(
      promiseOf(call, () => runPipeline(items as never, [{ work: (n: number) => n, concurrency: 1 }])),
      call,
    );
    expect(error, `${call} should reject with a TypeError`).toBeInstanceOf(TypeError);
    expectMessage(error, call, 'items');
  });

  test("runPipeline() rejects with the error of the items' iterator, and leaves no worker running", async () => {
    const boom = new Error('cannot read the next item');
    function* items() {
      yield 1;
      yield 2;
      throw boom;
    }
    const probe = inFlightProbe(async (n: number) => {
      await nextMacrotask();
      return n;
    });
    await expect(
      within(runPipeline(items(), [{ work: probe.work, concurrency: 2 }]), 1000, 'runPipeline() whose items throw'),
      "runPipeline() must reject with the error the items' iterator threw, not carry on with the items it got",
    ).rejects.toBe(boom);
    expect(probe.running, 'work still running after runPipeline() rejected: wait for every worker to end').toBe(0);
  });
});
