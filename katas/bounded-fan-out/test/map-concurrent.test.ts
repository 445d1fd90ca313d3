/**
 * mapConcurrent()'s spec: results in input order under a bound, then failures and aborts that stop
 * new starts and leave nothing running or unhandled. Tasks are driven by hand (task-board.ts) or
 * by fast-check's scheduler, never by timers.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { mapConcurrent } from '#kata/bounded-fan-out/bounded-fan-out.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { expectPending, within } from '../../../test/support/wait.ts';
import { settle, TaskBoard, unhandledRejectionsDuring } from './task-board.ts';

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('step 4: mapConcurrent(), results in input order', () => {
  test("mapConcurrent() resolves with fn's results in input order", async () => {
    const results = await within(
      mapConcurrent(['a', 'b', 'c'], async (letter) => letter.toUpperCase(), { concurrency: 2 }),
      1000,
      'mapConcurrent() of 3 items',
    );
    expect(results).toEqual(['A', 'B', 'C']);
    expectTypeOf(results).toEqualTypeOf<string[]>(); // typed by fn's results (checked by npm run typecheck)
  });

  test('mapConcurrent() passes each item and its index to fn, and takes any iterable', async () => {
    const seen: [string, number][] = [];
    await within(
      mapConcurrent(
        new Set(['x', 'y', 'z']),
        (item, index) => {
          seen.push([item, index]);
        },
        { concurrency: 3 },
      ),
      1000,
      'mapConcurrent() over a Set',
    );
    expect(seen).toEqual([
      ['x', 0],
      ['y', 1],
      ['z', 2],
    ]);
  });

  test('mapConcurrent() reads its items once, so a generator works', async () => {
    let reads = 0;
    function* letters() {
      reads++;
      yield* ['a', 'b', 'c'];
    }
    const results = await within(
      mapConcurrent(letters(), (letter) => letter.toUpperCase(), { concurrency: 2 }),
      1000,
      'mapConcurrent() over a generator',
    );
    expect(
      results,
      'a generator can be read only once: read the items a second time (to count them, say) and it is empty',
    ).toEqual(['A', 'B', 'C']);
    expect(reads, 'the generator was started once').toBe(1);
  });

  test('mapConcurrent([]) resolves with [] without calling fn', async () => {
    let calls = 0;
    expect(
      await within(
        mapConcurrent([], () => calls++, { concurrency: 1 }),
        1000,
        'mapConcurrent([])',
      ),
    ).toEqual([]);
    expect(calls).toBe(0);
  });

  test('mapConcurrent() resolves with results in input order when they finish in reverse', async () => {
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(4), (id) => board.start(id), { concurrency: 4 });
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    for (const id of [3, 2, 1, 0]) {
      board.finish(id);
      await settle();
    }
    expect(
      await within(mapping, 1000, 'mapConcurrent() of 4 items'),
      'result i belongs to item i, whatever order the calls finish in',
    ).toEqual(['result 0', 'result 1', 'result 2', 'result 3']);
  });

  test('mapConcurrent() runs at most concurrency calls at once, and that many do run', async () => {
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(9), (id) => board.start(id), { concurrency: 3 });
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    expect(board.started, 'with concurrency 3, exactly the first 3 items start').toEqual([0, 1, 2]);
    while (board.running > 0) {
      board.finish(board.runningIds()[0]!);
      await settle();
      expect(board.running, 'a freed slot goes to the next item, and never more than 3 run').toBe(
        Math.min(3, 9 - board.started.length + board.running),
      );
    }
    expect(board.peak, 'the most calls in flight at once must be exactly the concurrency').toBe(3);
    await within(mapping, 1000, 'mapConcurrent() of 9 items');
  });

  test('mapConcurrent() starts items in input order', async () => {
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(6), (id) => board.start(id), { concurrency: 2 });
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    while (board.running > 0) {
      board.finish(board.runningIds().at(-1)!);
      await settle();
    }
    await within(mapping, 1000, 'mapConcurrent() of 6 items');
    expect(board.started, 'items start first in, first out').toEqual(range(6));
  });

  test('mapConcurrent() under any completion order keeps input order and the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: -99, max: 99 }), { maxLength: 12 }),
        async (s, concurrency, items) => {
          let running = 0;
          let peak = 0;
          const square = async (n: number, index: number) => {
            peak = Math.max(peak, ++running);
            try {
              return await s.schedule(Promise.resolve(n * n), `item ${index} (${n}) ends`);
            } finally {
              running--;
            }
          };
          const results = await s.waitFor(mapConcurrent(items, square, { concurrency }));
          const where = `concurrency ${concurrency}, items [${items.join(', ')}], schedule: ${s
            .report()
            .map((step) => step.label)
            .join(' > ')}`;
          expect(results, `${where}: results must be in input order`).toEqual(items.map((n) => n * n));
          expect(peak, `${where}: the most calls at once`).toBe(Math.min(concurrency, items.length));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('mapConcurrent() reports bad arguments as rejections: RangeError or TypeError, naming the argument', async () => {
    const identity = (n: number) => n;
    const map = mapConcurrent as (...args: unknown[]) => Promise<unknown>;
    const cases: [string, () => Promise<unknown>, ErrorConstructor, argument: string][] = [
      ['concurrency 0', () => mapConcurrent([1], identity, { concurrency: 0 }), RangeError, 'concurrency'],
      ['concurrency 1.5', () => mapConcurrent([1], identity, { concurrency: 1.5 }), RangeError, 'concurrency'],
      ['concurrency -1', () => mapConcurrent([1], identity, { concurrency: -1 }), RangeError, 'concurrency'],
      ['concurrency "2"', () => map([1], identity, { concurrency: '2' }), TypeError, 'concurrency'],
      ['no concurrency', () => map([1], identity, {}), TypeError, 'concurrency'],
      ['no options', () => map([1], identity), TypeError, 'options'],
      ['options null', () => map([1], identity, null), TypeError, 'options'],
      ['options 2 instead of { concurrency: 2 }', () => map([1], identity, 2), TypeError, 'options'],
      ['fn that is not a function', () => map([1], 'nope', { concurrency: 1 }), TypeError, 'fn'],
      ['items that are not iterable', () => map(42, identity, { concurrency: 1 }), TypeError, 'items'],
      ['items null', () => map(null, identity, { concurrency: 1 }), TypeError, 'items'],
    ];
    for (const [what, call, errorClass, argument] of cases) {
      const error = await rejectionOf(
        within(promiseOf(`mapConcurrent() with ${what}`, call), 1000, `mapConcurrent() with ${what}`),
        `mapConcurrent() with ${what}`,
      );
      expect(error, `mapConcurrent() with ${what} must reject with a ${errorClass.name}`).toBeInstanceOf(errorClass);
      const { message } = error as Error;
      expect(message, `mapConcurrent() with ${what}: the message must name the argument, ${argument}`).toContain(
        argument,
      );
      expect(message, `mapConcurrent() with ${what}: the message must say which call failed (mapConcurrent)`).toMatch(
        /map/i,
      );
    }
  });

  test('mapConcurrent() checks its arguments also when there are no items', async () => {
    const map = mapConcurrent as (...args: unknown[]) => Promise<unknown>;
    const cases: [string, () => Promise<unknown>, ErrorConstructor][] = [
      ['fn that is not a function', () => map([], 'nope', { concurrency: 1 }), TypeError],
      ['concurrency 0', () => map([], () => 0, { concurrency: 0 }), RangeError],
      ['no options', () => map([], () => 0), TypeError],
    ];
    for (const [what, call, errorClass] of cases) {
      const error = await rejectionOf(
        within(promiseOf(`mapConcurrent([]) with ${what}`, call), 1000, `mapConcurrent([]) with ${what}`),
        `mapConcurrent([]) with ${what}: the arguments are checked before anything else, not only when an item needs them`,
      );
      expect(error, `mapConcurrent([]) with ${what} must reject with a ${errorClass.name}`).toBeInstanceOf(errorClass);
    }
  });
});

describe('step 5: stop at the first failure', () => {
  test('mapConcurrent() stops starting work after the first failure, and rejects with that error', async () => {
    const board = new TaskBoard();
    const boom = new Error('item 1 failed');
    const mapping = mapConcurrent(range(10), (id) => board.start(id), { concurrency: 2 });
    mapping.catch(() => {});
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    board.fail(1, boom);
    await settle();
    expect(board.started, 'after item 1 failed, no further item may start, not even into its freed slot').toEqual([
      0, 1,
    ]);
    board.finish(0);
    await settle();
    expect(board.started, 'no item may start after the failure, also when the last running one ends').toEqual([0, 1]);
    await expect(
      within(mapping, 1000, 'mapConcurrent() after a failure'),
      'mapConcurrent() rejects with the first error',
    ).rejects.toBe(boom);
  });

  test('mapConcurrent() settles only after every call it started has ended', async () => {
    const board = new TaskBoard();
    const boom = new Error('item 2 failed');
    const mapping = mapConcurrent(range(6), (id) => board.start(id), { concurrency: 3 });
    mapping.catch(() => {});
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    board.fail(2, boom);
    await settle();
    await expectPending(
      mapping,
      'mapConcurrent() while items 0 and 1 still run after item 2 failed (reject only once nothing it started is running)',
    );
    board.finish(0);
    await settle();
    await expectPending(mapping, 'mapConcurrent() while item 1 still runs');
    board.fail(1, new Error('a later failure'));
    await expect(
      within(mapping, 1000, 'mapConcurrent() once every started call ended'),
      'the first error wins, not a later one',
    ).rejects.toBe(boom);
    expect(board.running, 'nothing it started runs on after it settled').toBe(0);
  });

  test('mapConcurrent() rejects with the first error in time, not the first by index', async () => {
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(3), (id) => board.start(id), { concurrency: 3 });
    mapping.catch(() => {});
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    board.fail(2, new Error('first to fail'));
    await settle();
    board.fail(0, new Error('failed later'));
    board.fail(1, new Error('failed last'));
    await expect(within(mapping, 1000, 'mapConcurrent() after three failures')).rejects.toThrow('first to fail');
  });

  test('mapConcurrent() leaves no unhandled rejection when several calls fail', async () => {
    const unhandled = await unhandledRejectionsDuring(async () => {
      const board = new TaskBoard();
      const mapping = mapConcurrent(range(5), (id) => board.start(id), { concurrency: 3 });
      await settle();
      await expectPending(mapping, 'mapConcurrent() while its first items run');
      board.fail(2, new Error('item 2 failed'));
      await settle();
      board.fail(1, new Error('item 1 failed'));
      await settle();
      board.fail(0, new Error('item 0 failed'));
      await within(mapping, 1000, 'mapConcurrent() after three failures').catch(() => {});
    });
    expect(
      unhandled.map(String),
      "a failed call's promise had no handler when it rejected: handle every promise you start (awaiting them one by one in a loop leaves the later ones unhandled)",
    ).toEqual([]);
  });

  test('mapConcurrent() treats a synchronous throw in fn as a failure', async () => {
    const seen: number[] = [];
    const mapping = mapConcurrent(
      range(5),
      (id) => {
        seen.push(id);
        if (id === 0) throw new Error('thrown by fn');
        return id;
      },
      { concurrency: 1 },
    );
    await expect(within(mapping, 1000, 'mapConcurrent() whose fn throws')).rejects.toThrow('thrown by fn');
    expect(seen, 'no item starts after fn threw').toEqual([0]);
  });

  test('mapConcurrent() with an aborted signal calls fn for no item and rejects with the reason', async () => {
    const reason = new Error('cancelled before it began');
    let calls = 0;
    await expect(
      within(
        promiseOf('mapConcurrent() with an aborted signal', () =>
          mapConcurrent(range(3), () => calls++, { concurrency: 2, signal: AbortSignal.abort(reason) }),
        ),
        1000,
        'mapConcurrent() with an aborted signal',
      ),
    ).rejects.toBe(reason);
    expect(calls, 'an aborted signal means no work at all').toBe(0);
  });

  test('mapConcurrent() aborted midway starts no more items, waits for the running ones, and rejects with the reason', async () => {
    const controller = new AbortController();
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(8), (id) => board.start(id), { concurrency: 2, signal: controller.signal });
    mapping.catch(() => {});
    await expectPending(mapping, 'mapConcurrent() while its first items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    board.finish(0);
    await settle();
    expect(board.started, 'no item starts after the abort').toEqual([0, 1]);
    await expectPending(mapping, 'mapConcurrent() while item 1 still runs after the abort');
    board.finish(1);
    await expect(within(mapping, 1000, 'mapConcurrent() after the abort and the running items ended')).rejects.toBe(
      reason,
    );
  });

  test('mapConcurrent() leaves no listener on its signal once it settles, however it ends', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const listeners = () => getEventListeners(signal, 'abort').length;
    const board = new TaskBoard();
    const mapping = mapConcurrent(range(2), (id) => board.start(id), { concurrency: 2, signal });
    mapping.catch(() => {});
    await expectPending(mapping, 'mapConcurrent() while its items run'); // follows it at once: a stub's rejection is never unhandled
    await settle();
    board.finish(0);
    board.finish(1);
    await within(mapping, 1000, 'mapConcurrent() of 2 items');
    expect(
      listeners(),
      'abort listeners left on the signal after mapConcurrent() resolved: remove yours once every call has ended, or a long-lived signal collects one per call',
    ).toBe(0);
    const failing = mapConcurrent(range(3), (id) => board.start(10 + id), { concurrency: 1, signal });
    failing.catch(() => {});
    await settle();
    board.fail(10, new Error('item 0 failed'));
    await expect(within(failing, 1000, 'mapConcurrent() after a failure')).rejects.toThrow('item 0 failed');
    expect(listeners(), 'abort listeners left on the signal after mapConcurrent() rejected').toBe(0);
    await within(
      mapConcurrent([], () => 0, { concurrency: 1, signal }),
      1000,
      'mapConcurrent([])',
    );
    expect(listeners(), 'abort listeners left on the signal after mapConcurrent([])').toBe(0);
  });

  test('mapConcurrent() under any completion order: the first failure stops new starts and is the error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 9 }),
        async (s, concurrency, count, failAt) => {
          const failing = failAt % count;
          const started: number[] = [];
          let running = 0;
          let failedAfter: number | undefined; // how many had started when the first failure happened
          let firstError: Error | undefined;
          const work = async (id: number) => {
            started.push(id);
            running++;
            try {
              await s.schedule(Promise.resolve(), `item ${id} ends`);
              if (id === failing) {
                const error = new Error(`item ${id} failed`);
                if (!firstError) {
                  firstError = error;
                  failedAfter = started.length;
                }
                throw error;
              }
              return id;
            } finally {
              running--;
            }
          };
          const outcome = await s.waitFor(
            mapConcurrent(range(count), work, { concurrency }).then(
              () => ({ ok: true as const }),
              (error: unknown) => ({ ok: false as const, error }),
            ),
          );
          const where = `concurrency ${concurrency}, ${count} items, item ${failing} fails, schedule: ${s
            .report()
            .map((step) => step.label)
            .join(' > ')}`;
          expect(outcome.ok, `${where}: mapConcurrent() must reject`).toBe(false);
          expect(!outcome.ok && outcome.error, `${where}: it rejects with the failing item's error`).toBe(firstError);
          expect(started.length, `${where}: items started after the failure`).toBe(failedAfter);
          expect(running, `${where}: calls still running after it settled`).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
