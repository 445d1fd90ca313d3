/**
 * Mistake: stepGrid() writes each answer into the grid it is still reading, so later cells count neighbours from the next generation.
 * Caught by: stepGrid() turns a blinker and moves a glider
 */
import { countNeighbours, type Grid, slowGameLogic } from '../game-of-life.ts';
import { mapConcurrent, type StepOptions } from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export async function stepGrid(grid: Grid, options: StepOptions): Promise<Grid> {
  const { concurrency, gameLogic = slowGameLogic(), signal } = options;
  const cells: [number, number][] = [];
  for (let row = 0; row < grid.rows; row++)
    for (let column = 0; column < grid.columns; column++) cells.push([row, column]);
  await mapConcurrent(
    cells,
    async ([row, column]) => {
      // counted when the query starts, from a grid that earlier answers have already changed
      const state = await gameLogic(grid.get(row, column), countNeighbours(grid, row, column));
      grid.set(row, column, state);
    },
    { concurrency, signal },
  );
  return grid;
}
