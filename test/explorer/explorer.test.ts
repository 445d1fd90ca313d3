/**
 * The explorer's own tests: it finds a seeded lost update within the preemption bound, shrinks it
 * to the minimal 4-step interleaving, the token replays it, a correct mutex passes every schedule,
 * the number of schedules matches a count worked out by hand, and deadlocks, the bound and the
 * sampling fallback are reported as they are.
 */
import { describe, expect, test } from 'vitest';
import {
  decodeToken,
  encodeToken,
  expectEverySchedule,
  expectReplayPasses,
  explore,
  replay,
  type Scenario,
} from '../../lib/explore/explore.ts';
import { contextSwitches } from '../../lib/explore/preemptions.ts';
import { NotImplementedError, notImplemented } from '../../lib/not-implemented.ts';
import { independent, lockOrder, lonelyGetter, sensors, twoPreemptions } from './scenarios.ts';

/** The lane cells of a rendered table, row by row, without the step number and the state. */
function lanes(table: string, tasks: number): string[][] {
  return table
    .split('\n')
    .filter((line) => /^\s*\d+ \|/.test(line))
    .map((line) =>
      line
        .split(' | ')
        .slice(1, 1 + tasks)
        .map((cell) => cell.replace(/\s+<-.*$/, '').trim()),
    );
}

describe('explore() on a racy counter', () => {
  test('explore() finds a seeded lost update within the default preemption bound', async () => {
    const result = await explore(sensors(2, 1));
    console.log(result.summary);
    expect(
      result.failure,
      'two sensors incrementing a racy counter must lose an update in some schedule',
    ).toBeDefined();
    expect(result.failure!.execution.failure).toMatchObject({
      kind: 'invariant',
      message: 'lost update: count is 1 after 2 increments',
    });
    expect(result.exhaustive, 'a search that found a failure did not see every schedule').toBe(false);
    expect(result.method).toContain('preemption bound 2');
  });

  test('explore() shrinks a long failing schedule to the minimal 4-step interleaving', async () => {
    // Random sampling finds a long, messy failure among 3 sensors x 2 increments; shrinking must cut it down.
    const result = await explore(sensors(3, 2), { strategy: 'random', seed: 7 });
    const { execution, found, report } = result.failure!;
    console.log(report);
    const messy = found.choices.length > 4 || contextSwitches(found.choices) > 2;
    expect(
      messy,
      `the sampled failure should be longer than the minimal one (seed 7 makes it so): ${found.choices}`,
    ).toBe(true);
    expect(
      execution.choices.length,
      `shrunk to the fewest steps: one increment each of two sensors, read read write write\n${report}`,
    ).toBe(4);
    expect(contextSwitches(execution.choices), 'and the fewest context switches: a b b a').toBe(2);
    const rows = lanes(report, 3);
    const [first, second] = [execution.choices[0]!, execution.choices[1]!];
    expect(
      rows.map((row) => row.filter(Boolean).join()),
      'both sensors read 0 before either writes',
    ).toEqual(['read 0', 'read 0', 'wrote 1, read 1', 'wrote 1, read 1']);
    expect(first, 'two different sensors').not.toBe(second);
    expect(report, 'the report ends the last row with what broke').toMatch(
      /wrote 1, read 1 .*<- lost update: count is 1 after 2 increments/,
    );
  });

  test('explore() gives the shrunk schedule a short token that replay() re-runs exactly', async () => {
    const scenario = sensors(2, 1);
    const { failure } = await explore(scenario, { kata: 'locking-counter' });
    expect(failure!.token).toBe('lost-update:ab2a');
    expect(failure!.report).toMatch(/(npm run kata --|deno task kata) replay locking-counter lost-update:ab2a/);
    const replayed = await replay(scenario, failure!.token);
    expect(replayed.execution.choices, 'the replay takes the very same steps').toEqual(failure!.execution.choices);
    expect(replayed.execution.failure).toEqual(failure!.execution.failure);
    expect(lanes(replayed.report, 2), 'and prints the same lanes').toEqual(lanes(failure!.report, 2));
    const passing = await expectReplayPasses(scenario, 'lost-update:a2b2');
    expect(passing.execution.failure, 'sensor 0 then sensor 1, one after the other, counts 2').toBeUndefined();
    await expect(
      expectReplayPasses(scenario, 'lost-update:ab2a'),
      'a pinned failing schedule fails with its lanes',
    ).rejects.toThrow(/read 0[\s\S]*<- lost update/);
  });

  test('replay() rejects a token for another scenario, a token that does not fit, and a malformed token', async () => {
    await expect(replay(sensors(2, 1), 'lock-order:ab')).rejects.toThrow(RangeError);
    await expect(replay(sensors(2, 1), 'lost-update:c'), 'there is no third sensor').rejects.toThrow(
      /cannot run there/,
    );
    await expect(replay(sensors(2, 1), 'lost update/ab')).rejects.toThrow(SyntaxError);
  });

  test('expectEverySchedule() fails with the shrunk swim lanes as its message', async () => {
    const failure = await expectEverySchedule(sensors(2, 1)).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure, 'the racy counter must fail').toBeInstanceOf(Error);
    expect(failure!.message.split('\n')[0], 'the first line says what broke').toBe(
      'lost-update: lost update: count is 1 after 2 increments',
    );
    expect(failure!.message).toMatch(/step \| sensor 0 +\| sensor 1 +\| state/);
  });
});

describe('explore() on correct code', () => {
  test('explore() passes a counter locked with a correct mutex under every schedule within the bound', async () => {
    for (const [count, times] of [
      [2, 2],
      [3, 2],
    ] as const) {
      const result = await expectEverySchedule(sensors(count, times, true));
      expect(result.exhaustive, `every schedule within the bound must have run: ${result.summary}`).toBe(true);
      expect(result.summary).toMatch(/explored \d+ schedules, all passed/);
    }
  });

  test('explore() counts the schedules of independent tasks as worked out by hand', async () => {
    const count = async (scenario: Scenario, bound: number) => (await explore(scenario, { bound })).schedules;
    // 2 tasks of 2 steps: aabb, abab, abba, baab, baba, bbaa; a switch away from a task with steps left is a preemption.
    expect(await count(independent(2, 2), 0), 'bound 0: each task runs to its end, aabb and bbaa').toBe(2);
    expect(await count(independent(2, 2), 1), 'bound 1: plus abba and baab').toBe(4);
    expect(await count(independent(2, 2), 2), 'bound 2: all 4!/(2!2!) = 6').toBe(6);
    expect(await count(independent(2, 3), Infinity), 'no bound: 6!/(3!3!) = 20').toBe(20);
    expect(
      await count(independent(2, 3), 1),
      'bound 1: aaabbb, bbbaaa, and a^i b^3 a^(3-i), b^i a^3 b^(3-i) for i = 1, 2',
    ).toBe(6);
    expect(await count(independent(3, 1), 0), '3 tasks of 1 step: 3! = 6 orders, none preempts').toBe(6);
    expect(await count(independent(3, 2), 0), '3 tasks of 2 steps, bound 0: each runs to its end, 3! orders').toBe(6);
  });
});

describe('explore() limits and reports', () => {
  test('explore() finds a bug that needs two preemptions with bound 2, and passes it with bound 1', async () => {
    const withOne = await explore(twoPreemptions(), { bound: 1 });
    expect(withOne.failure, 'no schedule with one preemption shows the bug').toBeUndefined();
    expect(withOne.exhaustive).toBe(true);
    expect(withOne.summary).toContain('preemption bound 1');
    const withTwo = await explore(twoPreemptions(), { bound: 2 });
    expect(withTwo.failure?.token, 'writer, reader, writer, reader').toBe('two-preemptions:abab');
  });

  test('explore() falls back to PCT sampling with a fixed seed when the budget ends the search, and says so', async () => {
    const result = await explore(sensors(3, 3, true), { budget: 10, samples: 50, seed: 3 });
    console.log(result.summary);
    expect(result.exhaustive).toBe(false);
    expect(result.schedules, '10 depth first, then 50 sampled').toBe(60);
    expect(result.summary).toMatch(
      /all passed \(depth first, stopped at the budget of 10 .*then PCT sampling \(depth 3, seed 3\), NOT exhaustive\)/,
    );
    const racy = async () =>
      (await explore(sensors(3, 3), { strategy: 'pct', seed: 11, samples: 200 })).failure?.found.choices;
    const found = await racy();
    expect(found, 'PCT must find the lost update among 200 samples').toBeDefined();
    expect(await racy(), 'the same seed samples the same schedules').toEqual(found);
  });

  test('explore() reports a deadlock and names what each blocked task waits on', async () => {
    const getters = await explore(lonelyGetter());
    expect(getters.failure!.execution.failure).toMatchObject({ kind: 'deadlock' });
    expect(getters.failure!.report).toContain('getter 2 waits in get()');
    expect(getters.failure!.report).toContain('nobody will put or close');
    const locks = await explore(lockOrder());
    const report = locks.failure!.report;
    console.log(report);
    expect(report).toMatch(/left waits in second\.acquire\(\)/);
    expect(report).toMatch(/right waits in first\.acquire\(\)/);
    expect(report).toContain('each holds the lock the other waits for');
    expect(locks.failure!.token, 'each takes its first lock, then each asks for the other').toMatch(
      /^lock-order:(ab2a|ba2b|abab|baba)$/,
    );
  });

  test('explore() reports a task that throws and a task that never stops yielding, and shows a state() that throws', async () => {
    const throwing: Scenario = {
      name: 'throws',
      setup: (world) => ({
        tasks: {
          calm: () => world.pause(),
          angry: async () => {
            await world.pause();
            throw new TypeError('bad offset');
          },
        },
      }),
    };
    expect((await explore(throwing)).failure!.execution.failure!.message).toBe('angry threw TypeError: bad offset');
    const brokenState: Scenario = {
      name: 'broken-state',
      setup: () => ({
        tasks: { only: async () => {} },
        state: () => {
          throw new Error('no state');
        },
      }),
    };
    const shown = await replay(brokenState, 'broken-state:a');
    expect(shown.report, 'a state() that throws is shown in its column, not a crash').toContain(
      '(state() threw Error: no state)',
    );
    const spinning: Scenario = {
      name: 'spins',
      setup: (world) => ({
        tasks: {
          spinner: async () => {
            for (;;) await world.pause('again');
          },
        },
      }),
    };
    const result = await explore(spinning, { maxSteps: 50 });
    expect(result.failure!.execution.failure).toMatchObject({ kind: 'livelock' });
  });

  test("explore() lets a stub's NotImplementedError escape as it is, from a task or from setup", async () => {
    const fromTask: Scenario = {
      name: 'stub',
      setup: () => ({ tasks: { learner: () => notImplemented('step 1 of katas/x/README.md (X.y)') } }),
    };
    await expect(explore(fromTask)).rejects.toThrow(NotImplementedError);
    await expect(explore(fromTask)).rejects.toThrow(/^Not implemented yet: step 1/);
    const fromSetup: Scenario = { name: 'stub', setup: () => notImplemented('step 1 of katas/x/README.md (new X)') };
    await expect(explore(fromSetup)).rejects.toThrow(NotImplementedError);
  });

  test("World.pause() rejects when called outside the scenario's tasks", async () => {
    let outside: Promise<unknown> | undefined;
    const scenario: Scenario = {
      name: 'outside',
      setup: (world) => (
        (outside = world.pause().then(
          () => 'resolved',
          (error: unknown) => error,
        )),
        { tasks: { only: async () => {} } }
      ),
    };
    await explore(scenario);
    expect(String(await outside)).toMatch(/must be called from one of the scenario's tasks/);
  });

  test('explore() rejects bad options with a RangeError', async () => {
    await expect(explore(sensors(2, 1), { bound: -1 })).rejects.toThrow(RangeError);
    await expect(explore(sensors(2, 1), { budget: 0 })).rejects.toThrow(/budget must be a positive integer/);
  });
});

describe('replay tokens', () => {
  test('encodeToken() and decodeToken() write runs of one task as a letter and a count, and read them back', () => {
    expect(encodeToken('lost-update', [0, 1, 1, 0])).toBe('lost-update:ab2a');
    expect(encodeToken('x', [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0])).toBe('x:c12a');
    expect(decodeToken('x:c12a').choices).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0]);
    expect(decodeToken('close-wakes-one:a3bc')).toEqual({ scenario: 'close-wakes-one', choices: [0, 0, 0, 1, 2] });
    expect(() => decodeToken('lost-update')).toThrow(SyntaxError);
    expect(() => decodeToken(42 as unknown as string)).toThrow(TypeError);
    expect(() => encodeToken('x', [26])).toThrow(RangeError);
  });
});
