/**
 * Mistake: stepGrid() queries every cell at once with Promise.all, the "thread per cell" of the story, ignoring the concurrency.
 * Caught by: stepGrid() queries at most concurrency cells at once, and that many do run
 */
import { countNeighbours, Grid, slowGameLogic } from '../game-of-life.ts';
import type { StepOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function stepGrid(grid: Grid, options: StepOptions): Promise<Grid> {
  const { gameLogic = slowGameLogic() } = options;
  const next = new Grid(grid.rows, grid.columns);
  const queries: Promise<void>[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      queries.push(
        gameLogic(grid.get(row, column), countNeighbours(grid, row, column)).then((state) =>
          next.set(row, column, state),
        ),
      );
    }
  }
  await Promise.all(queries); // 36 cells, 36 queries in flight; a million cells, a million
  return next;
}
