/**
 * Conway's Game of Life, given: the grid, the neighbour count, the rules, a plain synchronous step,
 * and a fake per-cell query that answers over "the network" after a latency. You do not need to
 * change this file; `stepGrid` in ./bounded-fan-out.ts builds on it.
 *
 * @module
 */

/** A live cell, as the Python original prints it. */
export const ALIVE = '*';
/** An empty (dead) cell. */
export const EMPTY = '-';
/** The state of one cell. */
export type Cell = typeof ALIVE | typeof EMPTY;

/**
 * The per-cell query: given a cell's state and how many of its eight neighbours are alive, answers
 * the cell's next state. Asynchronous, because in the story it is I/O (a remote service).
 */
export type GameLogic = (state: Cell, neighbours: number) => Promise<Cell>;

/**
 * A rectangular grid of cells whose edges wrap around: the row above the first is the last, the
 * column left of the first is the last (a torus, as in the Python original).
 *
 * @example A blinker
 * ```ts
 * const grid = Grid.parse('-----\n--*--\n--*--\n--*--\n-----');
 * assert.equal(grid.get(1, 2), ALIVE);
 * assert.equal(grid.get(-1, 0), EMPTY); // wraps to the last row
 * ```
 */
export class Grid {
  /** How many rows the grid has. */
  readonly rows: number;
  /** How many columns the grid has. */
  readonly columns: number;
  /** Row by row: the cell at (row, column) is `#cells[row * columns + column]`. */
  readonly #cells: Cell[];

  /**
   * Creates a grid with every cell empty.
   *
   * @param rows A positive integer.
   * @param columns A positive integer.
   * @throws {TypeError} When `rows` or `columns` is not a number.
   * @throws {RangeError} When `rows` or `columns` is not a positive integer.
   */
  constructor(rows: number, columns: number) {
    for (const [name, value] of [
      ['rows', rows],
      ['columns', columns],
    ] as const) {
      if (typeof value !== 'number')
        throw new TypeError(`Cannot create grid: ${name} must be a number, received ${typeof value}`);
      if (!Number.isInteger(value) || value <= 0)
        throw new RangeError(`Cannot create grid: ${name} must be a positive integer, received ${value}`);
    }
    this.rows = rows;
    this.columns = columns;
    this.#cells = Array.from({ length: rows * columns }, () => EMPTY);
  }

  /**
   * Reads a grid from text: one line per row, `*` alive and `-` empty, every line the same length.
   *
   * @param text The rows, separated by newlines; leading and trailing blank lines are ignored.
   * @returns A new grid.
   * @throws {RangeError} When the rows differ in length or a character is neither `*` nor `-`.
   * @example
   * ```ts
   * assert.equal(Grid.parse('-*\n*-').toString(), '-*\n*-');
   * ```
   */
  static parse(text: string): Grid {
    const lines = text
      .trim()
      .split('\n')
      .map((line) => line.trim());
    const columns = lines[0]?.length ?? 0;
    if (columns === 0 || lines.some((line) => line.length !== columns)) {
      throw new RangeError(
        `Cannot parse grid: every row must have the same, non-zero length, received ${JSON.stringify(text)}`,
      );
    }
    const grid = new Grid(lines.length, columns);
    lines.forEach((line, row) => {
      [...line].forEach((char, column) => {
        if (char !== ALIVE && char !== EMPTY) {
          throw new RangeError(
            `Cannot parse grid: a cell must be "${ALIVE}" or "${EMPTY}", received ${JSON.stringify(char)}`,
          );
        }
        grid.set(row, column, char);
      });
    });
    return grid;
  }

  /**
   * The state of a cell; coordinates out of range wrap around.
   *
   * @param row Any integer.
   * @param column Any integer.
   * @returns `ALIVE` or `EMPTY`.
   */
  get(row: number, column: number): Cell {
    return this.#cells[this.#index(row, column)]!;
  }

  /**
   * Sets the state of a cell; coordinates out of range wrap around.
   *
   * @param row Any integer.
   * @param column Any integer.
   * @param state `ALIVE` or `EMPTY`.
   * @throws {RangeError} When `state` is neither.
   */
  set(row: number, column: number, state: Cell): void {
    if (state !== ALIVE && state !== EMPTY) {
      throw new RangeError(
        `Cannot set cell: the state must be "${ALIVE}" or "${EMPTY}", received ${JSON.stringify(state)}`,
      );
    }
    this.#cells[this.#index(row, column)] = state;
  }

  /** @returns The grid as text, one line per row: the format `Grid.parse` reads. */
  toString(): string {
    const lines: string[] = [];
    for (let row = 0; row < this.rows; row++)
      lines.push(this.#cells.slice(row * this.columns, (row + 1) * this.columns).join(''));
    return lines.join('\n');
  }

  #index(row: number, column: number): number {
    // Wrap around, also for negative coordinates: -1 is the last row or column.
    const r = ((row % this.rows) + this.rows) % this.rows;
    const c = ((column % this.columns) + this.columns) % this.columns;
    return r * this.columns + c;
  }
}

/**
 * Counts the live cells among the eight neighbours of a cell, wrapping around the edges.
 *
 * @returns A number from 0 to 8. On a grid narrower than 3 a neighbour may be counted more than
 *   once (wrapping reaches the same cell twice), as in the Python original.
 * @example
 * ```ts
 * assert.equal(countNeighbours(Grid.parse('**\n--'), 1, 0), 6); // on 2 rows, row 0 is both above and below
 * ```
 */
export function countNeighbours(grid: Grid, row: number, column: number): number {
  let alive = 0;
  for (const dr of [-1, 0, 1]) {
    for (const dc of [-1, 0, 1]) {
      if ((dr !== 0 || dc !== 0) && grid.get(row + dr, column + dc) === ALIVE) alive++;
    }
  }
  return alive;
}

/**
 * Conway's rules: a live cell with fewer than 2 or more than 3 live neighbours dies; an empty cell
 * with exactly 3 comes alive; every other cell keeps its state.
 *
 * @param state The cell's state now.
 * @param neighbours How many of its neighbours are alive.
 * @returns The cell's next state.
 * @example
 * ```ts
 * assert.equal(gameLogic(EMPTY, 3), ALIVE);
 * ```
 */
export function gameLogic(state: Cell, neighbours: number): Cell {
  if (state === ALIVE) return neighbours === 2 || neighbours === 3 ? ALIVE : EMPTY;
  return neighbours === 3 ? ALIVE : EMPTY;
}

/**
 * One generation, the plain synchronous way: every cell's next state from the current grid. The
 * current grid is only read; the next one is a new grid.
 *
 * @returns The next generation.
 * @example A blinker turns
 * ```ts
 * const blinker = Grid.parse('-----\n--*--\n--*--\n--*--\n-----');
 * assert.equal(stepGridSync(blinker).toString(), '-----\n-----\n-***-\n-----\n-----');
 * ```
 */
export function stepGridSync(grid: Grid): Grid {
  const next = new Grid(grid.rows, grid.columns);
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      next.set(row, column, gameLogic(grid.get(row, column), countNeighbours(grid, row, column)));
    }
  }
  return next;
}

/** Options of `slowGameLogic`. */
export interface SlowGameLogicOptions {
  /** How long each query takes, in milliseconds; default 10. */
  latencyMs?: number;
  /** How to wait; default a `setTimeout` promise. Tests pass their own to control the clock. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A fake remote `GameLogic`: each query waits `latencyMs` (I/O, not CPU), then answers with
 * `gameLogic`. Many queries wait at the same time, so fanning out pays off.
 *
 * @returns A `GameLogic`.
 * @throws {RangeError} When `latencyMs` is negative or not finite.
 * @example
 * ```ts
 * const query = slowGameLogic({ latencyMs: 5 });
 * assert.equal(await query(EMPTY, 3), ALIVE); // after about 5 ms
 * ```
 */
export function slowGameLogic(options: SlowGameLogicOptions = {}): GameLogic {
  const { latencyMs = 10, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = options;
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(
      `Cannot create game logic: latencyMs must be a finite number of 0 or more, received ${latencyMs}`,
    );
  }
  return async (state, neighbours) => {
    await sleep(latencyMs);
    return gameLogic(state, neighbours);
  };
}
