/**
 * Sizes a factorization workload by measurement, so that a spec works with any correct
 * `factorize`: the naive O(n) loop and the O(√n) one alike.
 *
 * @module
 */

/** The largest prime below 2 ** k is 2 ** k minus this, for k = 16 to 53. */
const primeOffsets = [
  15, 1, 5, 1, 3, 9, 3, 15, 3, 39, 5, 39, 57, 3, 35, 1, 5, 9, 41, 31, 5, 25, 45, 7, 87, 21, 11, 57, 17, 55, 21, 115, 59,
  81, 27, 129, 47, 111,
];
const primes = primeOffsets.map((offset, i) => 2 ** (i + 16) - offset);

/** A number to factorize and what it cost on the measuring thread. */
export interface Workload {
  n: number;
  ms: number;
}

/** Below this a measurement is too coarse to extrapolate from. */
const measurableMs = 4;

/**
 * Finds a prime of a ladder (2 ** 16 up to 2 ** 53, each about twice the one before) whose
 * factorization takes at least `targetMs` on this thread, and not much more than twice that. Primes,
 * because a prime is the slowest input of any trial division.
 *
 * Once a rung takes a measurable time, the search skips the rungs that would take less than the
 * target if the cost grew in proportion to `n`, as the naive loop's does; a faster loop only makes
 * the guess fall short, and the climb goes on from there. So the search costs about one call of the
 * size it returns, not twice that.
 *
 * @param factorize The implementation to measure.
 * @param targetMs How long one call should take at least.
 * @returns The prime and its measured time, or `undefined` when even the largest safe prime is faster.
 */
export function sizeWorkload(factorize: (n: number) => unknown, targetMs: number): Workload | undefined {
  for (let rung = 0; rung < primes.length; ) {
    const n = primes[rung]!;
    const start = performance.now();
    factorize(n);
    const ms = performance.now() - start;
    if (ms >= targetMs) return { n, ms };
    rung += ms < measurableMs ? 1 : Math.max(1, Math.ceil(Math.log2(targetMs / ms)));
  }
  return undefined;
}
