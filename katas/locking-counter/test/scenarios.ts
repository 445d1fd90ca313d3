/**
 * The locking-counter kata's explored scenarios, shared by the spec (explored.test.ts) and by
 * `npm run kata -- play` and `replay`. Each is built from the kata's module, so the same scenario
 * runs against the learner's code, the reference or a classic mistake.
 *
 * @module
 */
import type * as Kata from '#kata/locking-counter/locking-counter.ts';
import type { Scenario, World } from '../../../lib/explore/explore.ts';

/** The part of the kata's module the scenarios use. */
export interface LockingCounterModule {
  Counter: typeof Kata.Counter;
  LockingCounter: typeof Kata.LockingCounter;
  Mutex: typeof Kata.Mutex;
}

/** Anything that counts with an async read, pause and write. */
interface Counting {
  readonly count: number;
  increment(offset: number): Promise<void>;
}

/**
 * Sensors sharing one counter: each increments it `times` times, and after every step the count
 * must equal the increments that have finished. The counter's pause is the yield point, labelled
 * with what the sensor read.
 */
function sensors(
  name: string,
  title: string,
  make: (pause: () => Promise<void>) => Counting,
  count: number,
  times: number,
): Scenario {
  return {
    name,
    title,
    setup(world) {
      const counter = make(world.pauser(() => `read ${counter.count}`, { within: 'increment()' }));
      let finished = 0;
      const sensor = async () => {
        for (let time = 0; time < times; time++) {
          await counter.increment(1);
          finished++;
          world.note(`wrote ${counter.count}`);
        }
      };
      return {
        tasks: Object.fromEntries(Array.from({ length: count }, (_, index) => [`sensor ${index}`, sensor])),
        state: () => `count ${counter.count}`,
        invariant: () =>
          counter.count === finished
            ? undefined
            : `lost update: count is ${counter.count} after ${finished} increments`,
      };
    },
  };
}

/** What the Mutex scenarios record: who holds the lock, and who asked and got it in what order. */
interface LockLog {
  holders: string[];
  asked: string[];
  granted: string[];
}

/**
 * One task taking the lock `rounds` times: acquire, hold it across a pause, release (twice when
 * `releaseTwice`, as a careless caller does), and straight into the next acquire.
 */
function locker(world: World, mutex: Kata.Mutex, name: string, rounds: number, log: LockLog, releaseTwice = false) {
  return async () => {
    for (let round = 1; round <= rounds; round++) {
      const turn = rounds === 1 ? name : `${name}.${round}`;
      log.asked.push(turn);
      const release = await world.waitIn('acquire()', mutex.acquire());
      log.granted.push(turn);
      log.holders.push(name);
      world.note(`holds the lock${rounds === 1 ? '' : ` (round ${round})`}`);
      await world.pause();
      log.holders.splice(log.holders.indexOf(name), 1);
      release();
      if (releaseTwice) release();
      world.note(releaseTwice ? 'released twice' : 'released');
    }
  };
}

function lockState(mutex: Kata.Mutex, log: LockLog): string {
  return `${mutex.locked ? 'locked' : 'free'}${log.holders.length > 0 ? `, held by ${log.holders.join(' and ')}` : ''}`;
}

function oneHolder(log: LockLog): string | undefined {
  return log.holders.length > 1 ? `${log.holders.join(' and ')} hold the lock at once` : undefined;
}

/**
 * Every scenario of the kata, by name, built on `kata`.
 *
 * @param kata The module under test: the learner's, the reference, or a mistake.
 * @returns The scenarios: `lost-update` (the given racy Counter), `one-holder`, `release-twice`
 *   and `fair-order` (Mutex), `abort-while-waiting` (Mutex with a signal), `locking-counter`.
 */
export function buildScenarios(kata: LockingCounterModule): Record<string, Scenario> {
  const scenarios: Scenario[] = [
    sensors(
      'lost-update',
      'Two sensors share the racy Counter: find the schedule that loses an update',
      (pause) => new kata.Counter(pause),
      2,
      1,
    ),
    sensors(
      'locking-counter',
      'Three sensors, two increments each, share a LockingCounter: no schedule may lose an update',
      (pause) => new kata.LockingCounter(pause),
      3,
      2,
    ),
    {
      name: 'one-holder',
      title: 'Three tasks take a Mutex twice each, holding it across a pause: never two holders',
      setup(world) {
        const mutex = new kata.Mutex();
        const log: LockLog = { holders: [], asked: [], granted: [] };
        const tasks = Object.fromEntries(
          [1, 2, 3].map((id) => [`task ${id}`, locker(world, mutex, `task ${id}`, 2, log)]),
        );
        return {
          tasks,
          state: () => lockState(mutex, log),
          invariant: () => oneHolder(log),
          check: () => (mutex.locked ? 'the lock is still held after every task released it' : undefined),
        };
      },
    },
    {
      name: 'release-twice',
      title: "Three tasks each call their release twice: the second call must not free a later holder's lock",
      setup(world) {
        const mutex = new kata.Mutex();
        const log: LockLog = { holders: [], asked: [], granted: [] };
        const tasks = Object.fromEntries(
          [1, 2, 3].map((id) => [`task ${id}`, locker(world, mutex, `task ${id}`, 1, log, true)]),
        );
        return {
          tasks,
          state: () => lockState(mutex, log),
          invariant: () => oneHolder(log),
          check: () => (mutex.locked ? 'the lock is still held after every task released it' : undefined),
        };
      },
    },
    {
      name: 'fair-order',
      title: 'Two tasks take a Mutex twice each: the lock goes to callers in the order they asked',
      setup(world) {
        const mutex = new kata.Mutex();
        const log: LockLog = { holders: [], asked: [], granted: [] };
        const tasks = Object.fromEntries(
          [1, 2].map((id) => [`task ${id}`, locker(world, mutex, `task ${id}`, 2, log)]),
        );
        return {
          tasks,
          state: () => lockState(mutex, log),
          invariant: () => {
            const jumped = log.granted.findIndex((turn, index) => turn !== log.asked[index]);
            if (jumped === -1) return oneHolder(log);
            return `${log.granted[jumped]} got the lock before ${log.asked[jumped]}, which asked first (asked: ${log.asked.join(', ')}; granted: ${log.granted.join(', ')})`;
          },
        };
      },
    },
    {
      name: 'abort-while-waiting',
      title: 'A waiter gives up while others hold and want the lock: it never gets the lock, and nobody waits forever',
      setup(world) {
        const mutex = new kata.Mutex();
        const log: LockLog = { holders: [], asked: [], granted: [] };
        const controller = new AbortController();
        let abortedHolds = false;
        return {
          tasks: {
            holder: locker(world, mutex, 'holder', 1, log),
            waiter: async () => {
              try {
                const release = await world.waitIn('acquire({ signal })', mutex.acquire({ signal: controller.signal }));
                if (controller.signal.aborted) abortedHolds = true;
                world.note('holds the lock');
                await world.pause();
                release();
              } catch (error) {
                if (error !== controller.signal.reason) throw error;
                world.note('gave up');
              }
            },
            aborter: async () => {
              controller.abort(new Error('reading no longer needed'));
              world.note('aborts the waiter');
            },
            latecomer: locker(world, mutex, 'latecomer', 1, log),
          },
          state: () => lockState(mutex, log),
          invariant: () => (abortedHolds ? 'the waiter was handed the lock after its signal aborted' : oneHolder(log)),
          check: () => (mutex.locked ? 'the lock is still held after every task finished' : undefined),
          deadlockHint: 'the lock is held by nobody who will release it',
        };
      },
    },
  ];
  return Object.fromEntries(scenarios.map((scenario) => [scenario.name, scenario]));
}

/**
 * The games of `npm run kata -- play`: a scenario run against code with a bug in it, and what the
 * learner playing the scheduler aims for. `module` is a path inside this kata's folder.
 */
export const games = {
  'lost-update': {
    scenario: 'lost-update',
    module: 'locking-counter.ts',
    goal: 'make the two sensors lose an update: the given Counter reads, awaits its pause, then writes',
  },
  'check-then-act-lock': {
    scenario: 'one-holder',
    module: 'mistakes/mutex-check-then-set.ts',
    goal: 'get two tasks to hold the lock at once: this Mutex checks that the lock is free, waits, then takes it without checking again',
  },
};
