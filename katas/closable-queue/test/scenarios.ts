/**
 * The closable-queue kata's explored scenarios, shared by the spec (explored.test.ts) and by
 * `npm run kata -- play` and `replay`. Each is built from the kata's module, so the same scenario
 * runs against the learner's code, the reference or a classic mistake. The tasks yield where a
 * real program waits: between the items a producer makes, while a consumer handles one, while a
 * worker's `work` runs.
 *
 * @module
 */
import type * as Kata from '#kata/closable-queue/closable-queue.ts';
import type { Scenario, World } from '../../../lib/explore/explore.ts';

/** The part of the kata's module the scenarios use. */
export interface ClosableQueueModule {
  ClosableQueue: typeof Kata.ClosableQueue;
  QueueClosedError: typeof Kata.QueueClosedError;
  startWorkers: typeof Kata.startWorkers;
  stopWorkers: typeof Kata.stopWorkers;
  runPipeline: typeof Kata.runPipeline;
}

/** Who asked for an item and who got one, in order, to check that getters are served first come, first served. */
class Getters {
  readonly asked: string[] = [];
  readonly served: string[] = [];
  readonly got: unknown[] = [];

  /** Calls `get()` for `name`, recording the turn it asked in and what it got. */
  async get<T>(world: World, name: string, queue: Kata.ClosableQueue<T>, options?: Kata.WaitOptions): Promise<T> {
    this.asked.push(name);
    try {
      const item = await world.waitIn('get()', queue.get(options));
      this.served.push(name);
      this.got.push(item);
      world.note(`got ${String(item)}`);
      return item;
    } catch (error) {
      this.asked.splice(this.asked.indexOf(name), 1); // a refused get() takes no turn
      throw error;
    }
  }

  /** What is wrong with the order of service so far, if anything. */
  outOfTurn(): string | undefined {
    const index = this.served.findIndex((name, turn) => name !== this.asked[turn]);
    if (index === -1) return undefined;
    return `${this.served[index]} got ${String(this.got[index])} before ${this.asked[index]}, which asked first`;
  }
}

/** Swallows a QueueClosedError (noting it in the lane) and rethrows anything else. */
function closedIsFine(world: World, kata: ClosableQueueModule, what: string) {
  return (error: unknown) => {
    if (!(error instanceof kata.QueueClosedError)) throw error;
    world.note(`${what} rejected: closed`);
  };
}

/** The same items, each once, whatever the order: what every accepted put must come to. */
function sameItems(delivered: readonly unknown[], accepted: readonly unknown[]): string | undefined {
  const sorted = (items: readonly unknown[]) => items.map(String).sort().join(', ');
  return sorted(delivered) === sorted(accepted)
    ? undefined
    : `delivered [${sorted(delivered)}], but the accepted puts were [${sorted(accepted)}]`;
}

/**
 * Every scenario of the kata, by name, built on `kata`.
 *
 * @param kata The module under test: the learner's, the reference, or a mistake.
 * @returns The scenarios: `handoff`, `backpressure`, `close-wakes-all`, `abort-get`,
 *   `for-await-consumers`, `stop-on-failure`, `pipeline-failure`.
 */
export function buildScenarios(kata: ClosableQueueModule): Record<string, Scenario> {
  const scenarios: Scenario[] = [
    {
      name: 'handoff',
      title: 'A getter waits; a worker puts a job and at once asks for one: the job goes to the getter that waited',
      setup(world) {
        const queue = new kata.ClosableQueue<string>();
        const getters = new Getters();
        return {
          tasks: {
            getter: () => getters.get(world, 'getter', queue),
            worker: async () => {
              // Hands its result on and asks for its next job in the same breath, as a pipeline stage does.
              const putting = queue.put('job 1');
              world.note('puts job 1');
              await Promise.all([putting, getters.get(world, 'worker', queue)]);
            },
            producer: async () => {
              await queue.put('job 2');
              world.note('put job 2');
            },
          },
          state: () => `size ${queue.size}`,
          invariant: () => getters.outOfTurn(),
          deadlockHint: 'every job has been taken',
          cleanup: () => queue.close(),
        };
      },
    },
    {
      name: 'backpressure',
      title:
        'A producer puts 3 items into a queue of capacity 1 while a consumer takes them: a put resolves only once its item is in',
      setup(world) {
        const queue = new kata.ClosableQueue<string>({ capacity: 1 });
        const accepted: string[] = [];
        const taken: string[] = [];
        return {
          tasks: {
            producer: async () => {
              for (const item of ['a', 'b', 'c']) {
                await world.pause(`makes ${item}`);
                await world.waitIn(`put(${item})`, queue.put(item));
                accepted.push(item);
                world.note(`put ${item}`);
              }
            },
            consumer: async () => {
              for (let count = 0; count < 3; count++) {
                taken.push(await world.waitIn('get()', queue.get()));
                await world.pause(`handles ${taken.at(-1)}`);
              }
            },
          },
          state: () => `size ${queue.size}`,
          invariant: () => {
            if (queue.size > queue.capacity) return `size ${queue.size} is over the capacity ${queue.capacity}`;
            const inQueue = accepted.length - taken.length;
            if (inQueue > queue.size)
              return `put() resolved for ${accepted.join(', ')}, but only ${taken.length} were taken and ${queue.size} ${queue.size === 1 ? 'is' : 'are'} in the queue: a put resolved before its item was in`;
            return undefined;
          },
          cleanup: () => queue.close(),
          check: () =>
            taken.join() === 'a,b,c' ? undefined : `the consumer took ${taken.join(', ')}, expected a, b, c in order`,
        };
      },
    },
    {
      name: 'close-wakes-all',
      title: 'Two getters wait on an empty queue and a closer closes it: close() must wake both',
      setup(world) {
        const queue = new kata.ClosableQueue<string>();
        const getters = new Getters();
        const getter = (name: string) => () =>
          getters.get(world, name, queue).catch(closedIsFine(world, kata, 'get()'));
        return {
          tasks: {
            'getter 1': getter('getter 1'),
            'getter 2': getter('getter 2'),
            closer: async () => {
              queue.close();
              world.note('closed');
            },
          },
          state: () => `size ${queue.size}${queue.closed ? ', closed' : ''}`,
          check: () =>
            getters.got.length === 0
              ? undefined
              : `the getters got ${getters.got.map(String).join(', ')} from a queue nobody put into`,
          deadlockHint: 'nobody will put or close',
          cleanup: () => queue.close(),
        };
      },
    },
    {
      name: 'abort-get',
      title:
        'A getter gives up at any moment while a producer puts one item: the item reaches the consumer, never swallowed',
      setup(world) {
        const queue = new kata.ClosableQueue<string>();
        const getters = new Getters();
        const controller = new AbortController();
        return {
          tasks: {
            getter: async () => {
              try {
                const item = await getters.get(world, 'getter', queue, { signal: controller.signal });
                await queue.put(item); // it got the item before it gave up: it passes the item on
                world.note(`passed ${item} on`);
              } catch (error) {
                if (error !== controller.signal.reason) throw error;
                world.note('gave up');
              }
            },
            aborter: async () => {
              controller.abort(new Error('not needed any more'));
              world.note('aborts the getter');
            },
            producer: async () => {
              await queue.put('x');
              world.note('put x');
            },
            consumer: () => getters.get(world, 'consumer', queue),
          },
          state: () => `size ${queue.size}`,
          check: () =>
            getters.got.at(-1) === 'x' && queue.size === 0
              ? undefined
              : `the consumer got ${String(getters.got.at(-1))}, size ${queue.size}`,
          deadlockHint: 'the item was swallowed by the getter that gave up',
          cleanup: () => queue.close(),
        };
      },
    },
    {
      name: 'for-await-consumers',
      title:
        'Two for await loops share a queue, a producer puts 3 items and closes: each item is handled once and both loops end',
      setup(world) {
        const queue = new kata.ClosableQueue<number>({ capacity: 1 });
        const handled: number[] = [];
        const consumer = async () => {
          for await (const item of queue) {
            await world.pause(`handles ${item}`);
            handled.push(item);
          }
          world.note('loop ended');
        };
        return {
          tasks: {
            'consumer 1': consumer,
            'consumer 2': consumer,
            producer: async () => {
              for (const item of [1, 2, 3]) {
                await world.waitIn(`put(${item})`, queue.put(item));
                world.note(`put ${item}`);
              }
              queue.close();
              world.note('closed');
            },
          },
          state: () => `size ${queue.size}${queue.closed ? ', closed' : ''}`,
          check: () => sameItems(handled, [1, 2, 3]),
          cleanup: () => queue.close(),
        };
      },
    },
    {
      name: 'stop-on-failure',
      title:
        'A worker fails on item 2 while a feeder puts 3 items and then stops the workers: stopWorkers() rejects with the error',
      setup(world) {
        const input = new kata.ClosableQueue<number>({ capacity: 1 });
        const output = new kata.ClosableQueue<number>();
        const boom = new Error('work failed on 2');
        let outcome = 'not stopped yet';
        const work = (item: number) =>
          world.lane(`work on ${item}`, async () => {
            await world.pause(`works on ${item}`);
            if (item === 2) throw boom;
            return item * 10;
          });
        return {
          tasks: {
            feeder: async () => {
              const workers = kata.startWorkers(1, work, input, output);
              for (const worker of workers) worker.done.catch(() => {}); // looked at by stopWorkers(); until then, not unhandled
              for (const item of [1, 2, 3]) {
                await world.pause(`makes ${item}`);
                await world.waitIn(`put(${item})`, input.put(item)).catch(closedIsFine(world, kata, `put(${item})`));
              }
              try {
                await world.waitIn('stopWorkers()', kata.stopWorkers(input, workers));
                outcome = 'resolved';
              } catch (error) {
                outcome = error === boom ? 'rejected with the error' : `rejected with ${String(error)}`;
              }
              world.note(`stopWorkers() ${outcome}`);
            },
          },
          state: () => `input ${input.size}, output ${output.size}`,
          check: () =>
            outcome === 'rejected with the error'
              ? undefined
              : `stopWorkers() ${outcome}, but it must reject with the worker's error`,
          deadlockHint: 'the worker died, so nobody will take the items left in the input',
          cleanup: () => (input.close(), output.close()),
        };
      },
    },
    {
      name: 'pipeline-failure',
      title:
        'Two workers run a stage whose work fails on item 2: runPipeline() rejects, and no work runs or starts after that',
      setup(world) {
        const boom = new Error('work failed on 2');
        let running = 0;
        let rejectedWith: unknown;
        let rejected = false;
        const late: number[] = [];
        const work = (item: number) =>
          world.lane(`work on ${item}`, async () => {
            if (rejected) late.push(item);
            running++;
            try {
              await world.pause(`works on ${item}`);
              if (item === 2) throw boom;
              return item;
            } finally {
              running--;
            }
          });
        let runningAtRejection = 0;
        return {
          tasks: {
            main: async () => {
              try {
                async function* items() {
                  for (let item = 1; item <= 5; item++) {
                    await world.pause(`feeds ${item}`);
                    yield item;
                  }
                }
                await world.waitIn('runPipeline()', kata.runPipeline(items(), [{ work, concurrency: 2, capacity: 1 }]));
                world.note('resolved');
              } catch (error) {
                rejected = true;
                rejectedWith = error;
                runningAtRejection = running;
                world.note(`rejected with ${(error as Error).message}`);
              }
            },
          },
          state: () => `running ${running}`,
          invariant: () => {
            if (rejected && runningAtRejection > 0)
              return `runPipeline() rejected while ${runningAtRejection} work call${runningAtRejection === 1 ? ' was' : 's were'} still running`;
            if (late.length > 0) return `work on ${late.join(', ')} started after runPipeline() rejected`;
            return undefined;
          },
          check: () =>
            rejectedWith === boom
              ? undefined
              : `runPipeline() must reject with the work's error, it ${rejected ? `rejected with ${String(rejectedWith)}` : 'resolved'}`,
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
  'close-wakes-one': {
    scenario: 'close-wakes-all',
    module: 'mistakes/close-wakes-one.ts',
    goal: 'leave a getter waiting forever: this queue closes by putting one sentinel, as the Python original does',
  },
};
