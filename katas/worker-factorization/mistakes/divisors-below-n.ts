/**
 * Mistake: factorize() loops while candidate < n, so it misses n itself (and returns [] for 1).
 * Caught by: factorize() returns [1] for 1 and [1, p] for a prime p
 */
export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export function factorize(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`Cannot factorize: n must be a positive safe integer, received ${n}`);
  const divisors: number[] = [];
  for (let candidate = 1; candidate < n; candidate++) {
    if (n % candidate === 0) divisors.push(candidate);
  }
  return divisors;
}
