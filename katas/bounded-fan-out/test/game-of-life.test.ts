/**
 * The Game of Life step: the given grid and rules first, then stepGrid(), which fans the per-cell
 * query out through mapConcurrent() with a bound and fans the answers back in, in place.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stepGrid } from '#kata/bounded-fan-out/bounded-fan-out.ts';
import {
  ALIVE,
  countNeighbours,
  EMPTY,
  gameLogic,
  Grid,
  slowGameLogic,
  stepGridSync,
  type Cell,
} from '../game-of-life.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { flushMicrotasks, within } from '../../../test/support/wait.ts';
import { nextGeneration } from './life-model.ts';
import { settle } from './task-board.ts';

const blinker = ['-----', '--*--', '--*--', '--*--', '-----'].join('\n');
const blinkerTurned = ['-----', '-----', '-***-', '-----', '-----'].join('\n');
const glider = ['-*----', '--*---', '***---', '------', '------', '------'].join('\n');
const gliderMoved = ['------', '*-*---', '-**---', '-*----', '------', '------'].join('\n');

/** A query that answers at once (as a promise), counting the calls and the most at once. */
function countingLogic() {
  const probe = {
    calls: [] as [Cell, number][],
    running: 0,
    peak: 0,
    async query(state: Cell, neighbours: number): Promise<Cell> {
      probe.calls.push([state, neighbours]);
      probe.peak = Math.max(probe.peak, ++probe.running);
      await settle(); // stay in flight for a turn of the event loop, so overlapping queries overlap
      probe.running--;
      return gameLogic(state, neighbours);
    },
  };
  return probe;
}

describe('step 6: a Game of Life step', () => {
  test('Grid wraps around at the edges (given)', () => {
    const grid = Grid.parse('*--\n---\n--*');
    expect(grid.rows).toBe(3);
    expect(grid.columns).toBe(3);
    expect(grid.get(-1, -1), 'row -1 is the last row, column -1 the last column').toBe(ALIVE);
    expect(grid.get(3, 3), 'row 3 of 3 is row 0').toBe(ALIVE);
    grid.set(4, 4, ALIVE);
    expect(grid.toString()).toBe('*--\n-*-\n--*');
    expect(() => new Grid(0, 3)).toThrow(RangeError);
  });

  test('countNeighbours() counts the eight neighbours, wrapping (given)', () => {
    const grid = Grid.parse('*-*\n---\n*-*');
    expect(countNeighbours(grid, 1, 1)).toBe(4);
    expect(countNeighbours(grid, 0, 0), 'the corners are neighbours across the edges').toBe(3);
  });

  test("gameLogic() follows Conway's rules (given)", () => {
    expect([0, 1, 2, 3, 4, 8].map((n) => gameLogic(ALIVE, n))).toEqual([EMPTY, EMPTY, ALIVE, ALIVE, EMPTY, EMPTY]);
    expect([0, 2, 3, 4].map((n) => gameLogic(EMPTY, n))).toEqual([EMPTY, EMPTY, ALIVE, EMPTY]);
  });

  test('stepGridSync() turns a blinker and moves a glider (given)', () => {
    expect(stepGridSync(Grid.parse(blinker)).toString()).toBe(blinkerTurned);
    expect(stepGridSync(Grid.parse(glider)).toString()).toBe(gliderMoved);
  });

  test('slowGameLogic() answers after its latency, through the sleep it is given (given)', async () => {
    const sleeps: number[] = [];
    let wake!: () => void;
    const query = slowGameLogic({
      latencyMs: 25,
      sleep: (ms) => (sleeps.push(ms), new Promise<void>((resolve) => (wake = resolve))),
    });
    let answer: Cell | undefined;
    const answering = query(EMPTY, 3).then((cell) => (answer = cell));
    await flushMicrotasks();
    expect(sleeps).toEqual([25]);
    expect(answer, 'no answer before the sleep ends').toBeUndefined();
    wake();
    await answering;
    expect(answer).toBe(ALIVE);
  });

  test('stepGrid() turns a blinker and moves a glider', async () => {
    const { query } = countingLogic();
    expect(
      (
        await within(stepGrid(Grid.parse(blinker), { concurrency: 4, gameLogic: query }), 2000, 'stepGrid(blinker)')
      ).toString(),
    ).toBe(blinkerTurned);
    expect(
      (
        await within(stepGrid(Grid.parse(glider), { concurrency: 4, gameLogic: query }), 2000, 'stepGrid(glider)')
      ).toString(),
    ).toBe(gliderMoved);
  });

  test('stepGrid() leaves the grid it reads unchanged and returns a new one', async () => {
    const grid = Grid.parse(blinker);
    const next = await within(
      stepGrid(grid, { concurrency: 3, gameLogic: countingLogic().query }),
      2000,
      'stepGrid(blinker)',
    );
    expect(grid.toString(), 'the current generation must only be read: write the answers into a new grid').toBe(
      blinker,
    );
    expect(next, 'the next generation is a new Grid').not.toBe(grid);
    expect(next).toBeInstanceOf(Grid);
  });

  test("stepGrid() queries gameLogic once per cell with the cell's state and neighbour count", async () => {
    const grid = Grid.parse(glider);
    const probe = countingLogic();
    await within(stepGrid(grid, { concurrency: 5, gameLogic: probe.query }), 2000, 'stepGrid(glider)');
    const expected: [Cell, number][] = [];
    for (let row = 0; row < grid.rows; row++)
      for (let column = 0; column < grid.columns; column++)
        expected.push([grid.get(row, column), countNeighbours(grid, row, column)]);
    expect(probe.calls.length, 'one query per cell').toBe(36);
    expect(
      [...probe.calls].sort(),
      "each query gets the cell's state and its live neighbours in the current generation",
    ).toEqual([...expected].sort());
  });

  test('stepGrid() queries at most concurrency cells at once, and that many do run', async () => {
    const probe = countingLogic();
    await within(
      stepGrid(Grid.parse(glider), { concurrency: 4, gameLogic: probe.query }),
      2000,
      'stepGrid(glider) with concurrency 4',
    );
    expect(
      probe.peak,
      'a query per cell all at once is the "thread per cell" of the story: the bound must hold, and be used',
    ).toBe(4);
  });

  test('stepGrid() equals a plain synchronous step for random grids, whatever order the queries finish in', async () => {
    const rows = fc.integer({ min: 1, max: 5 }).chain((width) =>
      fc.array(
        fc.array(fc.constantFrom('*', '-'), { minLength: width, maxLength: width }).map((cells) => cells.join('')),
        { minLength: 1, maxLength: 5 },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), rows, fc.integer({ min: 1, max: 6 }), async (s, lines, concurrency) => {
        const query = s.scheduleFunction(async function query(state: Cell, neighbours: number) {
          return gameLogic(state, neighbours);
        });
        const next = await s.waitFor(stepGrid(Grid.parse(lines.join('\n')), { concurrency, gameLogic: query }));
        expect(
          next.toString(),
          `grid:\n${lines.join('\n')}\nconcurrency ${concurrency}; queries finished in the order: ${s
            .report()
            .map((step) => step.label)
            .join(' > ')}`,
        ).toBe(nextGeneration(lines).join('\n'));
      }),
      { numRuns: 150 },
    );
  });

  test("stepGrid() rejects with the query's error and starts no query after it", async () => {
    let calls = 0;
    const failing = async (state: Cell, neighbours: number) => {
      if (++calls === 3) throw new Error('the game service is down');
      await settle();
      return gameLogic(state, neighbours);
    };
    await expect(
      within(
        stepGrid(Grid.parse(glider), { concurrency: 1, gameLogic: failing }),
        2000,
        'stepGrid() with a failing query',
      ),
    ).rejects.toThrow('the game service is down');
    await settle();
    expect(calls, 'no cell is queried after a query failed').toBe(3);
  });

  test('stepGrid() with bad arguments rejects with a RangeError or TypeError naming the argument, never throws', async () => {
    const step = stepGrid as (...args: unknown[]) => Promise<Grid>;
    const probe = countingLogic();
    const grid = Grid.parse(blinker);
    const cases: [string, () => Promise<unknown>, ErrorConstructor, argument: string][] = [
      ['concurrency 0', () => step(grid, { concurrency: 0, gameLogic: probe.query }), RangeError, 'concurrency'],
      ['concurrency "4"', () => step(grid, { concurrency: '4', gameLogic: probe.query }), TypeError, 'concurrency'],
      ['no concurrency', () => step(grid, { gameLogic: probe.query }), TypeError, 'concurrency'],
      ['no options', () => step(grid), TypeError, 'options'],
      ['options null', () => step(grid, null), TypeError, 'options'],
      ['options 4 instead of { concurrency: 4 }', () => step(grid, 4), TypeError, 'options'],
      ['a grid that is not a Grid', () => step(blinker, { concurrency: 4, gameLogic: probe.query }), TypeError, 'grid'],
    ];
    for (const [what, call, errorClass, argument] of cases) {
      const error = await rejectionOf(
        within(promiseOf(`stepGrid() with ${what}`, call), 1000, `stepGrid() with ${what}`),
        `stepGrid() with ${what}`,
      );
      expect(error, `stepGrid() with ${what} must reject with a ${errorClass.name}`).toBeInstanceOf(errorClass);
      const { message } = error as Error;
      expect(message, `stepGrid() with ${what}: the message must name the argument, ${argument}`).toContain(argument);
      expect(
        message,
        `stepGrid() with ${what}: the message must say that stepGrid failed, not a function it calls`,
      ).toMatch(/step/i);
    }
    expect(probe.calls.length, 'no cell is queried when the arguments are wrong').toBe(0);
  });

  test('stepGrid() leaves no listener on its signal once it settles', async () => {
    const { signal } = new AbortController();
    await within(
      stepGrid(Grid.parse(blinker), { concurrency: 4, gameLogic: countingLogic().query, signal }),
      2000,
      'stepGrid(blinker) with a signal',
    );
    expect(
      getEventListeners(signal, 'abort').length,
      'abort listeners left on the signal after stepGrid() resolved: a long-lived signal would collect one per step',
    ).toBe(0);
  });

  test('stepGrid() with an aborted signal queries no cell and rejects with the reason', async () => {
    const probe = countingLogic();
    const reason = new Error('simulation stopped');
    const stepping = promiseOf('stepGrid() with an aborted signal', () =>
      stepGrid(Grid.parse(blinker), { concurrency: 4, gameLogic: probe.query, signal: AbortSignal.abort(reason) }),
    );
    await expect(within(stepping, 2000, 'stepGrid() with an aborted signal')).rejects.toBe(reason);
    expect(probe.calls.length, 'no cell is queried once the signal is aborted').toBe(0);
  });

  test('stepGrid() uses slowGameLogic() when no gameLogic is given', async () => {
    const next = await within(
      stepGrid(Grid.parse(blinker), { concurrency: 25 }),
      2000,
      'stepGrid() with the default 10 ms query',
    );
    expect(next.toString()).toBe(blinkerTurned);
  });
});
