/**
 * Steps 1 and 2: factorize() against the definition of a divisor, and factorizeOnEventLoop(), the
 * "threads under the GIL" version that runs on the calling thread.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { factorize, factorizeOnEventLoop } from '#kata/worker-factorization/worker-factorization.ts';
import { promiseOf } from '../../../test/support/rejection.ts';
import { argumentMessage, messageRule } from './messages.ts';

/** The divisors of n by definition, in pairs (d, n / d) up to √n: fast enough to check any n. */
function divisorsOf(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    small.push(d);
    if (d !== n / d) large.unshift(n / d);
  }
  return [...small, ...large];
}

function expectDivisors(n: number, actual: unknown): void {
  const expected = divisorsOf(n);
  const got = Array.isArray(actual) ? actual : [];
  const missing = expected.filter((d) => !got.includes(d));
  const wrong = got.filter((d) => typeof d !== 'number' || n % d !== 0);
  expect(
    actual,
    `factorize(${n}) should be [${expected.join(', ')}]` +
      (missing.length > 0 ? `; it misses ${missing.join(', ')} (are 1 and n itself inside the loop's bounds?)` : '') +
      (wrong.length > 0 ? `; ${wrong.join(', ')} do not divide ${n}` : '') +
      (missing.length === 0 && wrong.length === 0
        ? '; same divisors, wrong order or repeated (each once, ascending)'
        : ''),
  ).toEqual(expected);
}

describe('step 1: factorize(n)', () => {
  describe('factorize()', () => {
    test('factorize() returns [1] for 1 and [1, p] for a prime p', () => {
      expectDivisors(1, factorize(1));
      expectDivisors(2, factorize(2));
      expectDivisors(7919, factorize(7919));
    });

    test("factorize() finds every divisor of the book's four numbers", () => {
      expect(factorize(2139079)).toEqual([1, 101, 21179, 2139079]);
      expect(factorize(1214759)).toEqual([1, 7, 13, 49, 91, 637, 1907, 13349, 24791, 93443, 173537, 1214759]);
      expect(factorize(1516637)).toEqual([1, 19, 79823, 1516637]);
      expect(factorize(1852285)).toEqual([1, 5, 271, 1355, 1367, 6835, 370457, 1852285]);
    });

    test('factorize() returns every divisor of n once, ascending, from 1 to n (property, n up to 10^5, and some up to 10^6)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => expectDivisors(n, factorize(n))),
        { examples: [[1], [4], [36], [720_720], [999_983], [1_000_000]] },
      );
    });

    test('factorize() throws a RangeError for 0, -1, 1.5, NaN, Infinity and 2 ** 53, a TypeError for a string', () => {
      for (const n of [0, -1, 1.5, NaN, Infinity, 2 ** 53]) {
        expect(
          () => factorize(n),
          `factorize(${n}) must throw a RangeError: n must be a positive safe integer`,
        ).toThrow(RangeError);
        expect(
          () => factorize(n),
          `the message of factorize(${n})'s error should name n and show the value received: ${messageRule}`,
        ).toThrow(argumentMessage('n', String(n)));
      }
      const call = () => factorize('12' as unknown as number);
      expect(call, "factorize('12') must throw a TypeError: n must be a number").toThrow(TypeError);
      expect(call, `the message of factorize('12')'s error should name n: ${messageRule}`).toThrow(
        argumentMessage('n'),
      );
    });
  });
});

describe('step 2: factorizeOnEventLoop(numbers)', () => {
  describe('factorizeOnEventLoop()', () => {
    test('factorizeOnEventLoop() resolves with factorize(n) for every number, in input order (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 6 }), async (numbers) => {
          const results = await factorizeOnEventLoop(numbers);
          expect(
            results,
            `factorizeOnEventLoop([${numbers}]) should hold one result per number, in input order`,
          ).toEqual(numbers.map(divisorsOf));
        }),
        { examples: [[[]], [[2139079, 1214759, 1516637, 1852285]]] },
      );
    });

    test('factorizeOnEventLoop() rejects, rather than throws, when a number is not a positive safe integer', async () => {
      const results = promiseOf('factorizeOnEventLoop([12, 0])', () => factorizeOnEventLoop([12, 0]));
      await expect(
        results,
        'factorizeOnEventLoop([12, 0]) must reject with the RangeError of factorize(0)',
      ).rejects.toThrow(RangeError);
    });
  });
});
