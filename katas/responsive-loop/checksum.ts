/**
 * The CPU-heavy work of the kata (given): a deliberately slow 32-bit checksum. Every byte is
 * mixed in many rounds, so a few hundred kilobytes keep a thread busy for tens of milliseconds.
 *
 * The checksum is a left fold over the bytes, so it can be computed in pieces:
 * `absorb(absorb(seed, bytes, 0, k), bytes, k)` equals `absorb(seed, bytes)` for every `k`.
 * This module is also a task module for `runOffLoop`: its `checksum` export runs in a thread.
 *
 * @module
 */

/** The state a checksum starts from. */
export const checksumSeed = 0x811c9dc5;

/** How many mixing rounds each byte costs: the knob that makes this CPU-bound. */
const roundsPerByte = 48;

/**
 * Folds `bytes[start]` up to (not including) `bytes[end]` into a checksum state.
 *
 * @param state The state so far: `checksumSeed`, or what an earlier `absorb` returned.
 * @param bytes The data.
 * @param start The first index to fold in; default 0.
 * @param end One past the last index to fold in; default `bytes.length`.
 * @returns The new state, an unsigned 32-bit integer.
 * @throws {TypeError} When `bytes` is not a Uint8Array.
 * @throws {RangeError} When `start` and `end` are not integers with `0 <= start <= end <= bytes.length`.
 * @example Two pieces give the same checksum as the whole
 * ```ts
 * const bytes = new Uint8Array([1, 2, 3, 4]);
 * assert.equal(absorb(absorb(checksumSeed, bytes, 0, 2), bytes, 2), checksum(bytes));
 * ```
 */
export function absorb(state: number, bytes: Uint8Array, start = 0, end = bytes?.length): number {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Cannot absorb bytes: bytes must be a Uint8Array, received ${describe(bytes)}`);
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > bytes.length) {
    throw new RangeError(
      `Cannot absorb bytes: need integers 0 <= start <= end <= ${bytes.length}, received start ${start}, end ${end}`,
    );
  }
  let hash = state >>> 0;
  for (let index = start; index < end; index++) {
    hash ^= bytes[index]!;
    for (let round = 0; round < roundsPerByte; round++) {
      hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
      hash = Math.imul(hash ^ (hash >>> 12), 0x297a2d39);
      hash ^= hash >>> 15;
    }
  }
  return hash >>> 0;
}

/**
 * The checksum of all of `bytes`, computed at once on the calling thread: while it runs, that
 * thread does nothing else. This is the blocking version every other version must agree with.
 *
 * @param bytes The data.
 * @returns An unsigned 32-bit integer.
 * @throws {TypeError} When `bytes` is not a Uint8Array.
 * @example The checksum of no bytes is the seed
 * ```ts
 * assert.equal(checksum(new Uint8Array(0)), checksumSeed);
 * ```
 */
export function checksum(bytes: Uint8Array): number {
  return absorb(checksumSeed, bytes);
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
