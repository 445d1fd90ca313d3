/**
 * The spec's own Game of Life step, written apart from the given code so that a bug there cannot
 * hide a bug in stepGrid(): plain arrays of booleans, wrapping at the edges.
 *
 * @module
 */

/** One generation of a wrapping grid given as rows of `*` (alive) and `-` (empty). */
export function nextGeneration(rows: readonly string[]): string[] {
  const height = rows.length;
  const width = rows[0]!.length;
  const alive = (r: number, c: number) => rows[(r + height) % height]![(c + width) % width] === '*';
  return rows.map((line, r) =>
    [...line]
      .map((_, c) => {
        let count = 0;
        for (const dr of [-1, 0, 1]) for (const dc of [-1, 0, 1]) if ((dr || dc) && alive(r + dr, c + dc)) count++;
        return count === 3 || (count === 2 && alive(r, c)) ? '*' : '-';
      })
      .join(''),
  );
}
