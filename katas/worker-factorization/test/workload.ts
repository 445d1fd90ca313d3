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

/**
 * Finds the smallest of a ladder of primes (2 ** 16 up to 2 ** 53) whose factorization takes at least
 * `targetMs` on this thread. Primes, because a prime is the slowest input of any trial division.
 *
 * @param factorize The implementation to measure.
 * @param targetMs How long one call should take at least.
 * @returns The prime and its measured time, or `undefined` when even the largest safe prime is faster.
 */
export function sizeWorkload(factorize: (n: number) => unknown, targetMs: number): Workload | undefined {
  for (const n of primes) {
    const start = performance.now();
    factorize(n);
    const ms = performance.now() - start;
    if (ms >= targetMs) return { n, ms };
  }
  return undefined;
}
