/**
 * Mutex: one holder at a time across awaits, served in order, with a release that works once and
 * waits that can be aborted. Interleavings are chosen by fast-check's scheduler.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Mutex, type Release } from '#kata/locking-counter/locking-counter.ts';
import { expectPending, flushMicrotasks, track } from '../../../test/support/wait.ts';
import { promiseOf } from '../../../test/support/rejection.ts';

/**
 * Lets the scheduler run the tasks to their end. Rethrows the first task's error; fails with
 * `stuck` when some task never finished.
 */
async function runAll(s: fc.Scheduler, tasks: Promise<void>[], stuck: string): Promise<void> {
  const all = track(Promise.all(tasks));
  await s.waitIdle();
  if (all.current.state === 'rejected') throw all.current.reason;
  expect(all.current.state, stuck).toBe('fulfilled');
}

describe('step 1: Mutex: locked, tryAcquire(), acquire() and the release', () => {
  describe('Mutex', () => {
    test('Mutex.acquire() takes a free lock at once, and its release frees it', async () => {
      const mutex = new Mutex();
      expect(mutex.locked, 'a new Mutex is free').toBe(false);
      const acquiring = mutex.acquire();
      expect(mutex.locked, 'acquire() on a free Mutex must take it at once, before any await').toBe(true);
      const release = await acquiring;
      release();
      expect(mutex.locked, 'locked must be false once the only holder released').toBe(false);
    });

    test('Mutex.acquire() waits while another task holds the lock', async () => {
      const mutex = new Mutex();
      const release = await mutex.acquire();
      const second = mutex.acquire();
      await expectPending(second, 'a second acquire() while the lock is held');
      release();
      expect(mutex.locked, 'the lock passes to the waiter, so it stays locked').toBe(true);
      const releaseSecond = await second;
      releaseSecond();
      expect(mutex.locked, 'locked must be false once the last holder released').toBe(false);
    });

    test('Mutex.tryAcquire() takes a free lock and refuses a held one', async () => {
      const mutex = new Mutex();
      const release = mutex.tryAcquire();
      expect(release, 'tryAcquire() on a free Mutex must return a release function').toBeTypeOf('function');
      expect(mutex.tryAcquire(), 'tryAcquire() on a held Mutex must return undefined without waiting').toBeUndefined();
      const waiting = track(mutex.acquire());
      release!();
      expect(mutex.tryAcquire(), 'tryAcquire() must not take a lock that was just handed to a waiter').toBeUndefined();
      await flushMicrotasks();
      expect(waiting.current.state, 'the waiter must hold the lock after the release').toBe('fulfilled');
    });

    test('Mutex grants the lock in the order it was asked for', async () => {
      const mutex = new Mutex();
      let release = await mutex.acquire();
      const granted: number[] = [];
      const waiters = [1, 2, 3, 4].map((id) => mutex.acquire().then((next) => (granted.push(id), next)));
      for (let turn = 1; turn <= 4; turn++) {
        release();
        await flushMicrotasks();
        expect(
          granted,
          `after release ${turn}, the waiters served so far (oldest first, one per release; the 1st asked first)`,
        ).toEqual([1, 2, 3, 4].slice(0, turn));
        release = await waiters[turn - 1]!;
      }
      release();
      expect(mutex.locked).toBe(false);
    });

    test('Mutex.acquire() called right after a release waits behind the earlier waiters', async () => {
      const mutex = new Mutex();
      const release = await mutex.acquire();
      const waiter = track(mutex.acquire());
      release();
      const latecomer = track(mutex.acquire()); // asked after the release, before the waiter ran again
      await flushMicrotasks();
      expect(waiter.current.state, 'the waiter that asked first must hold the lock after the release').toBe(
        'fulfilled',
      );
      expect(
        latecomer.current.state,
        'a task that asked right after a release got the lock too (or first): a release must hand the lock straight to the oldest waiter, not free it for anyone to grab',
      ).toBe('pending');
      (waiter.current as { value: Release }).value();
      await flushMicrotasks();
      expect(latecomer.current.state, 'the latecomer gets its turn after the waiter').toBe('fulfilled');
    });

    test("Mutex release is idempotent: a second call never releases a later holder's lock", async () => {
      const mutex = new Mutex();
      const releaseFirst = await mutex.acquire();
      const second = mutex.acquire();
      const third = track(mutex.acquire());
      releaseFirst();
      const releaseSecond = await second;
      releaseFirst(); // again, by mistake
      await flushMicrotasks();
      expect(
        third.current.state,
        "calling the first holder's release a second time freed the second holder's lock and let the third task in",
      ).toBe('pending');
      expect(mutex.locked, 'the second task still holds the lock').toBe(true);
      releaseSecond();
      releaseSecond();
      await flushMicrotasks();
      expect(third.current.state, 'the third task gets the lock after the second releases').toBe('fulfilled');
      (third.current as { value: Release }).value();
      expect(mutex.locked).toBe(false);
    });
  });

  describe('Mutex under every schedule', () => {
    /** 2 to 5 tasks, each taking the lock 1 to 3 times. */
    const rounds = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 5 });

    test('Mutex lets only one task hold the lock at a time, under every schedule', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), rounds, async (s, rounds) => {
          const mutex = new Mutex();
          let holders = 0;
          const problems: string[] = [];
          async function task(id: number, times: number): Promise<void> {
            await s.schedule(Promise.resolve(), `task ${id} starts`);
            for (let round = 1; round <= times; round++) {
              const release = await mutex.acquire();
              holders++;
              if (holders > 1) problems.push(`task ${id} (round ${round}) got the lock while another task held it`);
              await s.schedule(Promise.resolve(), `task ${id} works (round ${round})`);
              if (!mutex.locked) problems.push(`locked was false while task ${id} held the lock`);
              holders--;
              release(); // and straight into the next acquire(), as a busy task does
            }
          }
          await runAll(
            s,
            rounds.map((times, id) => task(id, times)),
            'every task must finish: some acquire() was never granted',
          );
          expect(problems, 'two holders at once: see the schedule above for the order that let them in').toEqual([]);
          expect(mutex.locked, 'the lock must be free once every task released it').toBe(false);
        }),
      );
    });

    test('Mutex serves tasks in the order they called acquire(), under every schedule', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), rounds, async (s, rounds) => {
          const mutex = new Mutex();
          const asked: string[] = [];
          const granted: string[] = [];
          async function task(id: number, times: number): Promise<void> {
            await s.schedule(Promise.resolve(), `task ${id} starts`);
            for (let round = 1; round <= times; round++) {
              asked.push(`${id}.${round}`);
              const release = await mutex.acquire();
              granted.push(`${id}.${round}`);
              await s.schedule(Promise.resolve(), `task ${id} works (round ${round})`);
              release();
            }
          }
          await runAll(
            s,
            rounds.map((times, id) => task(id, times)),
            'every task must finish: some acquire() was never granted',
          );
          expect(granted, 'the lock must go to callers in the order they called acquire() (task.round)').toEqual(asked);
        }),
      );
    });
  });
});

describe('step 2: Mutex: abort and runExclusive()', () => {
  describe('Mutex', () => {
    test('Mutex.acquire() rejects at once when the signal is already aborted', async () => {
      const mutex = new Mutex();
      const reason = new Error('cancelled before it began');
      await expect(
        mutex.acquire({ signal: AbortSignal.abort(reason) }),
        'acquire() with an aborted signal must reject, even on a free Mutex',
      ).rejects.toBe(reason);
      expect(mutex.locked, 'an aborted acquire() must not take the lock').toBe(false);
    });

    test("Mutex.acquire() rejects with the signal's reason when aborted while waiting, and never takes the lock", async () => {
      const mutex = new Mutex();
      const release = await mutex.acquire();
      const controller = new AbortController();
      const aborted = track(mutex.acquire({ signal: controller.signal }));
      const next = track(mutex.acquire());
      const reason = new Error('reading no longer needed');
      controller.abort(reason);
      await flushMicrotasks();
      expect(aborted.current, 'an aborted acquire() must reject with signal.reason').toEqual({
        state: 'rejected',
        reason,
      });
      release();
      await flushMicrotasks();
      expect(next.current.state, 'the release must skip the aborted waiter and go to the next one').toBe('fulfilled');
      (next.current as { value: Release }).value();
      expect(mutex.locked, 'the aborted waiter must never end up holding the lock').toBe(false);
    });

    test('Mutex.acquire() ignores an abort after it resolved', async () => {
      const mutex = new Mutex();
      const controller = new AbortController();
      const release = await mutex.acquire({ signal: controller.signal });
      controller.abort();
      expect(mutex.locked, 'aborting after the lock was granted must not release it').toBe(true);
      release();
      const waiter = new AbortController();
      const holder = await mutex.acquire();
      const granted = mutex.acquire({ signal: waiter.signal });
      holder();
      (await granted)();
      waiter.abort();
      expect(mutex.locked, 'aborting a waiter after it was handed the lock must change nothing').toBe(false);
    });

    test('Mutex.runExclusive() runs its function under the lock and returns its value', async () => {
      const mutex = new Mutex();
      const release = await mutex.acquire();
      let ran = false;
      const result = mutex.runExclusive(async () => {
        ran = true;
        await Promise.resolve();
        return mutex.locked ? 'locked' : 'free';
      });
      await expectPending(result, 'runExclusive() while another task holds the lock');
      expect(ran, 'runExclusive() must not call its function before it holds the lock').toBe(false);
      release();
      expect(await result, 'the function must run while the lock is held, and its value is passed on').toBe('locked');
      expect(mutex.locked, 'runExclusive() must release after its function returns').toBe(false);
    });

    test("Mutex.runExclusive() passes its function's error on and still releases", async () => {
      const mutex = new Mutex();
      const failure = new Error('sensor offline');
      await expect(
        mutex.runExclusive(() => {
          throw failure;
        }),
        'a synchronous throw must come back as the rejection',
      ).rejects.toBe(failure);
      expect(mutex.locked, 'runExclusive() must release after its function throws').toBe(false);
      await expect(
        mutex.runExclusive(() => Promise.reject(failure)),
        'a rejection must be passed on',
      ).rejects.toBe(failure);
      expect(mutex.locked, 'runExclusive() must release after its function rejects').toBe(false);
    });

    test('Mutex.acquire() and runExclusive() reject bad arguments', async () => {
      const mutex = new Mutex();
      const badSignal = { signal: 'soon' as unknown as AbortSignal };
      await expect(promiseOf('acquire()', () => mutex.acquire(badSignal))).rejects.toThrow(TypeError);
      await expect(mutex.acquire(badSignal), 'the message must name the class and the bad argument').rejects.toThrow(
        /Mutex.*signal/,
      );
      const notAFunction = 'read' as unknown as () => void;
      await expect(promiseOf('runExclusive()', () => mutex.runExclusive(notAFunction))).rejects.toThrow(TypeError);
      await expect(
        mutex.runExclusive(notAFunction),
        'the message must name the class and the bad argument',
      ).rejects.toThrow(/Mutex.*fn/);
      expect(mutex.locked, 'a rejected call must not take the lock').toBe(false);
    });
  });

  describe('Mutex under every schedule', () => {
    /** 2 to 5 tasks, each taking the lock 1 to 3 times. */
    const rounds = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 5 });

    test('Mutex never hands the lock to an aborted waiter, under every schedule', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          rounds,
          fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
          async (s, rounds, aborts) => {
            const mutex = new Mutex();
            async function task(id: number, times: number): Promise<void> {
              const controller = new AbortController();
              if (aborts[id])
                void s
                  .schedule(Promise.resolve(), `task ${id} gives up`)
                  .then(() => controller.abort(new Error(`task ${id} gave up`)));
              await s.schedule(Promise.resolve(), `task ${id} starts`);
              for (let round = 1; round <= times; round++) {
                let release: Release;
                try {
                  release = await mutex.acquire({ signal: controller.signal });
                } catch (error) {
                  if (error !== controller.signal.reason) throw error; // only an abort may make acquire() fail, with its reason
                  break;
                }
                await s.schedule(Promise.resolve(), `task ${id} works (round ${round})`);
                release();
              }
            }
            const stuck =
              'every task must finish: an aborted waiter that was still handed the lock never releases it, and everyone behind it waits forever';
            await runAll(
              s,
              rounds.map((times, id) => task(id, times)),
              stuck,
            );
            expect(mutex.locked, 'the lock must be free at the end').toBe(false);
          },
        ),
      );
    });
  });
});
