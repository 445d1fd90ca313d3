/**
 * Mistake: factorizeOnEventLoop() is not async, so a bad number throws at the caller instead of rejecting.
 * Caught by: factorizeOnEventLoop() rejects, rather than throws, when a number is not a positive safe integer
 */
import { factorize } from '../../../solutions/worker-factorization/worker-factorization.ts';

export * from '../../../solutions/worker-factorization/worker-factorization.ts';

export function factorizeOnEventLoop(numbers: readonly number[]): Promise<number[][]> {
  // The mistake: not async, so factorize()'s RangeError escapes before any promise exists.
  const results = numbers.map((n) => factorize(n));
  return Promise.resolve(results);
}
