/**
 * Structural probes of the event loop, for the responsive-loop spec: whether it got turns while
 * some work ran, and how much data makes the given checksum a real, measurable load here; and
 * the one way every spec file checks an argument error.
 *
 * @module
 */
import { expect } from 'vitest';
import { checksum } from '../checksum.ts';
import { promiseOf, rejectionOf } from '../../../test/support/rejection.ts';
import { within } from '../../../test/support/wait.ts';

/** Bytes to checksum, their checksum, and what the blocking `checksum()` cost for them on this thread. */
export interface Load {
  bytes: Uint8Array<ArrayBuffer>;
  sum: number;
  ms: number;
}

/**
 * Makes pseudo-random bytes whose blocking `checksum()` takes at least `targetMs` on this thread
 * (measured, so the spec fits any machine), at most 64 MiB. The checksum's cost grows with the
 * length, so each try aims at the target from the one before, a little past it, rather than doubling.
 *
 * @param targetMs How long the blocking checksum should take at least.
 * @returns The bytes, their checksum and the measured time.
 */
export function sizeLoad(targetMs: number): Load {
  for (let length = 1 << 14; ; ) {
    const bytes = pseudoRandomBytes(length);
    const start = performance.now();
    const sum = checksum(bytes);
    const ms = performance.now() - start;
    if (ms >= targetMs || length >= 1 << 26) return { bytes, sum, ms };
    const factor = Math.min(8, Math.max(1.25, (targetMs * 1.2) / Math.max(ms, 0.1)));
    length = Math.min(1 << 26, Math.ceil(length * factor));
  }
}

/** Deterministic filler, so that a failing case can be replayed. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/**
 * Counts the turns of the event loop while `work` runs: a chain of `setImmediate` callbacks moves
 * one step per turn, and only while the loop gets turns. No clock is involved.
 *
 * @param work Starts the work and returns its promise.
 * @returns The work's outcome and the number of turns the chain made before it settled.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const step = () => {
    if (!running) return;
    turns++;
    setImmediate(step);
  };
  setImmediate(step);
  try {
    const value = await work();
    return { value, turns };
  } finally {
    running = false;
  }
}

/**
 * Starts `work`, then sets a 0 ms timer, and tells whether the timer fired before the work
 * settled: it can only if the event loop ran timers while the work was going on.
 *
 * Work that holds the event loop never lets the timer fire first. Work in another thread lets it
 * fire as soon as this thread gets a core, which a busy machine may withhold for the whole work;
 * so with `tries` above 1, a run whose timer did not fire first is started again, up to `tries`
 * runs in all.
 *
 * @param work Starts the work and returns its promise.
 * @param tries How many runs the timer gets to fire first in.
 * @returns The last run's outcome, whether the timer fired first in it, and how many runs there were.
 */
export async function timerDuring<T>(
  work: () => Promise<T>,
  tries = 1,
): Promise<{ value: T; timerFiredFirst: boolean; runs: number }> {
  for (let runs = 1; ; runs++) {
    let fired = false;
    const promise = work();
    const timer = setTimeout(() => (fired = true), 0);
    try {
      const value = await promise;
      if (fired || runs >= tries) return { value, timerFiredFirst: fired, runs };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How the README words an argument error: `Cannot <action>: <rule>, received <value>`. */
const argumentMessage = /^Cannot .+: .+, received /;

/**
 * Checks that `fn` reports a bad argument as the contract says: a rejection (not a throw) with an
 * error of class `type`, whose message reads `Cannot <action>: <rule>, received <value>`.
 *
 * @param call How the call reads, for the messages.
 * @param fn The call.
 * @param type `TypeError` for a wrong type, `RangeError` for a value out of range.
 */
export async function expectArgumentError(
  call: string,
  fn: () => Promise<unknown>,
  type: TypeErrorConstructor | RangeErrorConstructor,
): Promise<void> {
  const error = await within(rejectionOf(promiseOf(call, fn), call), 5000, call);
  expect(error, `${call} must reject with a ${type.name}`).toBeInstanceOf(type);
  expect(
    (error as Error).message,
    `${call}: an argument error's message reads "Cannot <action>: <rule>, received <value>" (README, The contract): check the argument yourself, before anything else uses it`,
  ).toMatch(argumentMessage);
}
