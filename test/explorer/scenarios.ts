/**
 * Small scenarios for the explorer's own tests, each with a known answer: a racy counter and its
 * locked twin, independent tasks whose schedules can be counted by hand, a bug that needs exactly
 * two preemptions, and two deadlocks.
 *
 * @module
 */
import { Mutex } from 'async-mutex';
import type { Scenario } from '../../lib/explore/explore.ts';

/** The racy read, pause, write of the locking-counter kata, written out so these tests need no kata. */
class RacyCounter {
  count = 0;
  readonly #pause: () => Promise<void>;

  constructor(pause: () => Promise<void>) {
    this.#pause = pause;
  }

  async increment(offset: number): Promise<void> {
    const read = this.count;
    await this.#pause();
    this.count = read + offset;
  }
}

/** The same counter with a lock held from the read to the write (async-mutex, a library held to be correct). */
class LockedCounter extends RacyCounter {
  readonly #lock = new Mutex();

  override increment(offset: number): Promise<void> {
    return this.#lock.runExclusive(() => super.increment(offset));
  }
}

/**
 * `count` sensors, each incrementing a shared counter `times` times. After every step the count
 * must equal the increments finished so far, so a lost update fails at the write that loses it.
 *
 * @param locked Use the locked counter instead of the racy one.
 */
export function sensors(count: number, times: number, locked = false): Scenario {
  return {
    name: locked ? 'locked-update' : 'lost-update',
    setup(world) {
      const pause = world.pauser(() => `read ${counter.count}`, { within: 'increment()' });
      const counter: RacyCounter = locked ? new LockedCounter(pause) : new RacyCounter(pause);
      let finished = 0;
      const sensor = async () => {
        for (let time = 0; time < times; time++) {
          await counter.increment(1);
          finished++;
          world.note(`wrote ${counter.count}`);
        }
      };
      const tasks = Object.fromEntries(Array.from({ length: count }, (_, index) => [`sensor ${index}`, sensor]));
      return {
        tasks,
        state: () => `count ${counter.count}`,
        invariant: () =>
          counter.count === finished
            ? undefined
            : `lost update: count is ${counter.count} after ${finished} increments`,
      };
    },
  };
}

/**
 * `tasks` tasks that share nothing, each taking `steps` steps (it yields `steps - 1` times): every
 * interleaving is a distinct schedule, so their number can be worked out by hand.
 */
export function independent(tasks: number, steps: number): Scenario {
  return {
    name: 'independent',
    setup(world) {
      const task = async () => {
        for (let step = 1; step < steps; step++) await world.pause(`step ${step}`);
      };
      return { tasks: Object.fromEntries(Array.from({ length: tasks }, (_, index) => [`task ${index}`, task])) };
    },
  };
}

/**
 * A check that sees a half-done update only when both tasks are preempted: the writer sets
 * `phase` to 1 then 2, and the reader fails if it reads 1 and then, after its own pause, 2. The
 * shortest failing schedule is writer, reader, writer, reader: two preemptions.
 */
export function twoPreemptions(): Scenario {
  return {
    name: 'two-preemptions',
    setup(world) {
      let phase = 0;
      const seen: number[] = [];
      return {
        tasks: {
          writer: async () => {
            phase = 1;
            await world.pause('phase 1');
            phase = 2;
            world.note('phase 2');
          },
          reader: async () => {
            seen.push(phase);
            await world.pause(`saw ${phase}`);
            seen.push(phase);
            world.note(`saw ${phase}`);
          },
        },
        check: () =>
          seen[0] === 1 && seen[1] === 2 ? 'the reader saw the writer in the middle of its update' : undefined,
      };
    },
  };
}

/** Two tasks take two locks in opposite orders: a deadlock in the schedules where each holds one. */
export function lockOrder(): Scenario {
  return {
    name: 'lock-order',
    setup(world) {
      const first = new Mutex();
      const second = new Mutex();
      const take = async (one: Mutex, other: Mutex, names: [string, string]) => {
        const releaseOne = await world.waitIn(`${names[0]}.acquire()`, one.acquire());
        await world.pause(`holds ${names[0]}`);
        const releaseOther = await world.waitIn(`${names[1]}.acquire()`, other.acquire());
        world.note(`holds ${names[1]} too`);
        releaseOther();
        releaseOne();
      };
      return {
        tasks: {
          left: () => take(first, second, ['first', 'second']),
          right: () => take(second, first, ['second', 'first']),
        },
        deadlockHint: 'each holds the lock the other waits for',
      };
    },
  };
}

/** A getter waiting for an item that nobody will put. */
export function lonelyGetter(): Scenario {
  return {
    name: 'lonely-getter',
    setup(world) {
      const items: (() => void)[] = [];
      const get = () => new Promise<void>((resolve) => items.push(resolve));
      return {
        tasks: {
          'getter 1': async () => {
            await world.pause('starts');
            await world.waitIn('get()', get());
          },
          'getter 2': async () => {
            await world.waitIn('get()', get());
          },
          putter: async () => {
            items.shift()?.();
            world.note('put 1 item');
          },
        },
        deadlockHint: 'nobody will put or close',
      };
    },
  };
}
