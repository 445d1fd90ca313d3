/**
 * The racy Counter (given), the LockingCounter that fixes it, and the sensor `worker` that drives
 * both: the race across an `await`, shown and then ruled out under fast-check's scheduler.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Counter, LockingCounter, worker, type Pause } from '#kata/locking-counter/locking-counter.ts';
import { flushMicrotasks, track } from '../../../test/support/wait.ts';
import { promiseOf } from '../../../test/support/rejection.ts';

/** 1 to 5 sensors, each taking 1 to 4 readings. */
const sensors = fc.integer({ min: 1, max: 5 });
const readings = fc.integer({ min: 1, max: 4 });

/**
 * A pause chosen by fast-check's scheduler, labelled with what the sensor read, so a failing
 * schedule reads as the interleaving that lost an update.
 */
function scheduledPause(s: fc.Scheduler, describe: () => string): Pause {
  return () => s.schedule(Promise.resolve(), describe());
}

describe('step 3: LockingCounter', () => {
  describe('Counter (given)', () => {
    test('Counter adds offsets one at a time (given)', async () => {
      const counter = new Counter();
      await counter.increment(1);
      await counter.increment(2.5);
      await counter.increment(-1);
      expect(counter.count).toBe(2.5);
    });

    test('Counter loses an update when two increments overlap (given)', async () => {
      const counter = new Counter();
      await Promise.all([counter.increment(1), counter.increment(1)]);
      expect(counter.count, 'both increments read 0 before either wrote, so both wrote 1').toBe(1);
    });

    test('Counter loses updates when increments interleave; here is a schedule that shows it (given)', async () => {
      const counted = new Map<fc.Scheduler, number>();
      const result = await fc.check(
        fc.asyncProperty(fc.scheduler(), sensors, readings, async (s, sensorCount, readingCount) => {
          let sensor = 0; // who calls increment(): it reads and calls the pause before its first await
          const counter: Counter = new Counter(
            scheduledPause(s, () => `sensor ${sensor} read ${counter.count}, pauses`),
          );
          const run = async (id: number) => {
            for (let reading = 0; reading < readingCount; reading++) {
              sensor = id;
              await counter.increment(1);
            }
          };
          await s.waitFor(Promise.all(Array.from({ length: sensorCount }, (_, id) => run(id))));
          counted.set(s, counter.count);
          return counter.count === sensorCount * readingCount;
        }),
      );
      expect(result.failed, 'some schedule must make the racy Counter lose an update').toBe(true);
      const [schedule, sensorCount, readingCount] = result.counterexample!;
      console.log(
        `The racy Counter, ${sensorCount} sensors x ${readingCount} readings: expected ${sensorCount * readingCount}, ` +
          `counted ${counted.get(schedule)} when the pauses ended in this order:\n${String(schedule)}`,
      );
    });

    test('Counter rejects a pause that is not a function, and an offset that is not a finite number (given)', async () => {
      expect(() => new Counter('slow' as unknown as Pause)).toThrow(TypeError);
      expect(() => new Counter('slow' as unknown as Pause)).toThrow(/pause/);
      const counter = new Counter();
      await expect(counter.increment(NaN)).rejects.toThrow(RangeError);
      await expect(counter.increment('1' as unknown as number)).rejects.toThrow(TypeError);
      await expect(counter.increment(Infinity)).rejects.toThrow(/offset/);
      expect(counter.count).toBe(0);
    });
  });

  describe('LockingCounter', () => {
    test('LockingCounter.increment() reads, awaits the pause, then writes', async () => {
      const pauses: (() => void)[] = [];
      const counter = new LockingCounter(() => new Promise<void>((resolve) => pauses.push(resolve)));
      expect(counter.count, 'a new LockingCounter counts 0').toBe(0);
      const increment = track(counter.increment(2));
      await flushMicrotasks();
      expect(pauses.length, 'increment() must await the pause once, between its read and its write').toBe(1);
      expect(counter.count, 'the write comes after the pause').toBe(0);
      pauses[0]!();
      await flushMicrotasks();
      expect(increment.current.state, 'increment() resolves once it has written').toBe('fulfilled');
      expect(counter.count).toBe(2);
    });

    test('LockingCounter counts two overlapping increments', async () => {
      const counter = new LockingCounter();
      await Promise.all([counter.increment(1), counter.increment(1)]);
      expect(counter.count, 'the second increment must wait until the first has written, then read its result').toBe(2);
    });

    test('LockingCounter never loses an update, under every schedule', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), sensors, readings, async (s, sensorCount, readingCount) => {
          let sensor = 0;
          let pauses = 0;
          const counter: LockingCounter = new LockingCounter(
            scheduledPause(s, () => (pauses++, `sensor ${sensor} read ${counter.count}, pauses`)),
          );
          const run = async (id: number) => {
            await s.schedule(Promise.resolve(), `sensor ${id} starts`);
            for (let reading = 0; reading < readingCount; reading++) {
              sensor = id;
              await counter.increment(id + 1); // sensor 0 adds 1, sensor 1 adds 2, ...
            }
          };
          await s.waitFor(Promise.all(Array.from({ length: sensorCount }, (_, id) => run(id))));
          const expected = ((sensorCount * (sensorCount + 1)) / 2) * readingCount;
          expect(
            counter.count,
            'an update was lost: see the schedule above (each label says what that sensor read)',
          ).toBe(expected);
          expect(pauses, 'each increment must await the pause exactly once').toBe(sensorCount * readingCount);
        }),
      );
    });

    test('LockingCounter rejects a pause that is not a function, and an offset that is not a finite number', async () => {
      expect(() => new LockingCounter(42 as unknown as Pause)).toThrow(TypeError);
      expect(
        () => new LockingCounter(42 as unknown as Pause),
        'the message must name the class and the bad argument',
      ).toThrow(/LockingCounter.*pause/);
      const counter = new LockingCounter();
      await expect(promiseOf('increment()', () => counter.increment(NaN))).rejects.toThrow(RangeError);
      await expect(counter.increment('1' as unknown as number)).rejects.toThrow(TypeError);
      await expect(
        counter.increment(-Infinity),
        'the message must name the class and the bad argument',
      ).rejects.toThrow(/LockingCounter.*offset/);
      await counter.increment(1);
      expect(counter.count, 'rejected increments must not count, and must not leave the lock held').toBe(1);
    });
  });
});

describe('step 4: worker()', () => {
  describe('worker', () => {
    test('worker() adds 1 for each reading, one increment at a time', async () => {
      const offsets: number[] = [];
      const finishes: (() => void)[] = [];
      const counter = {
        increment(offset: number) {
          offsets.push(offset);
          return new Promise<void>((resolve) => finishes.push(resolve));
        },
      };
      const done = track(worker(0, 3, counter));
      for (let reading = 1; reading <= 3; reading++) {
        await flushMicrotasks();
        expect(offsets, `worker() must wait for each increment to finish before the next (reading ${reading})`).toEqual(
          Array(reading).fill(1),
        );
        expect(done.current.state, 'worker() must not resolve before its last increment has finished').toBe('pending');
        finishes[reading - 1]!();
      }
      await flushMicrotasks();
      expect(done.current.state, 'worker() resolves once its last increment has finished').toBe('fulfilled');
    });

    test('worker() with the racy Counter: 5 sensors x 100,000 readings lose updates', async () => {
      const counter = new Counter();
      await Promise.all([0, 1, 2, 3, 4].map((sensor) => worker(sensor, 100_000, counter)));
      console.log(
        `The racy Counter: 5 sensors x 100,000 readings should count 500,000, counted ${counter.count.toLocaleString('en')}`,
      );
      expect(
        counter.count,
        'the sensors take turns at every pause, so all five read the same count and four of the five updates are lost',
      ).toBeLessThan(500_000);
    });

    test('worker() with LockingCounter: 5 sensors x 100,000 readings count exactly 500,000', async () => {
      const counter = new LockingCounter();
      await Promise.all([0, 1, 2, 3, 4].map((sensor) => worker(sensor, 100_000, counter)));
      expect(counter.count, 'with the lock, every reading of every sensor must count').toBe(500_000);
    });

    test.each([
      ['sensorIndex -1', -1, 1, RangeError, /worker.*sensorIndex/],
      ['sensorIndex 1.5', 1.5, 1, RangeError, /worker.*sensorIndex/],
      ["sensorIndex '0' (a string)", '0', 1, TypeError, /worker.*sensorIndex/],
      ['howMany 0', 0, 0, RangeError, /worker.*howMany/],
      ['howMany -1', 0, -1, RangeError, /worker.*howMany/],
      ['howMany 2.5', 0, 2.5, RangeError, /worker.*howMany/],
      ['howMany NaN', 0, NaN, RangeError, /worker.*howMany/],
      ['howMany Infinity', 0, Infinity, RangeError, /worker.*howMany/],
      ["howMany '5' (a string)", 0, '5', TypeError, /worker.*howMany/],
    ])('worker() rejects %s', async (_, sensorIndex, howMany, errorClass, name) => {
      let increments = 0;
      const counter = { increment: async () => void increments++ };
      const rejection = promiseOf('worker()', () => worker(sensorIndex as number, howMany as number, counter));
      await expect(rejection).rejects.toThrow(errorClass);
      await expect(
        worker(sensorIndex as number, howMany as number, counter),
        'the message must name worker and the bad argument',
      ).rejects.toThrow(name);
      expect(increments, 'a rejected worker must not count anything').toBe(0);
    });

    test('worker() rejects a counter without an increment() method', async () => {
      const rejection = promiseOf('worker()', () => worker(0, 1, {} as LockingCounter));
      await expect(rejection).rejects.toThrow(TypeError);
      await expect(
        worker(0, 1, undefined as unknown as LockingCounter),
        'the message must name worker and the bad argument',
      ).rejects.toThrow(/worker.*counter/);
    });
  });
});
