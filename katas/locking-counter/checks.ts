/**
 * Argument checks shared by the kata's classes and functions, so every bad input is reported the
 * same way: `Cannot <action>: <rule>, received <value>`.
 *
 * Each check throws. A function that returns a promise calls them inside its `async` body, where a
 * throw becomes a rejection.
 *
 * @module
 */
import type { CountMode, CountOptions } from './types.ts';

/** The smallest and largest values an Int32 holds. */
export const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 } as const;

/**
 * Describes a received value for an error message: strings quoted, objects by their class.
 *
 * @param value Anything.
 * @returns For example `1.5`, `"fast"`, `undefined`, `a function` or `an ArrayBuffer of 8 bytes`.
 * @example Say what was received
 * ```ts
 * assert.equal(show(new ArrayBuffer(8)), 'an ArrayBuffer of 8 bytes');
 * ```
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return String(value);
  const name = value.constructor?.name ?? 'Object';
  const article = /^[AEIOU]/.test(name) ? 'an' : 'a';
  const size =
    value instanceof ArrayBuffer || value instanceof SharedArrayBuffer ? ` of ${value.byteLength} bytes` : '';
  return `${article} ${name}${size}`;
}

/**
 * Checks that `value` is a function.
 *
 * @param action What failed, for example `'create Counter'`.
 * @param name The argument's name.
 * @param value The argument.
 * @throws {TypeError} When `value` is not a function.
 * @example Check a constructor's argument
 * ```ts
 * checkFunction('create Counter', 'pause', pause); // TypeError: Cannot create Counter: pause must be a function, received 42
 * ```
 */
export function checkFunction(action: string, name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`Cannot ${action}: ${name} must be a function, received ${show(value)}`);
  }
}

/**
 * Checks that `value` is a finite number.
 *
 * @param action What failed, for example `'increment Counter'`.
 * @param name The argument's name.
 * @param value The argument.
 * @throws {TypeError} When `value` is not a number.
 * @throws {RangeError} When it is NaN or infinite.
 * @example Check an amount to add
 * ```ts
 * checkFiniteNumber('increment Counter', 'offset', offset); // RangeError for NaN or Infinity
 * ```
 */
export function checkFiniteNumber(action: string, name: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new TypeError(`Cannot ${action}: ${name} must be a finite number, received ${show(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number, received ${show(value)}`);
  }
}

/**
 * Checks that `value` is an integer in a range.
 *
 * @param action What failed, for example `'run worker'`.
 * @param name The argument's name.
 * @param value The argument.
 * @param min The smallest value allowed.
 * @param max The largest value allowed.
 * @throws {TypeError} When `value` is not a number.
 * @throws {RangeError} When it is not an integer from `min` to `max`.
 * @example Check a count
 * ```ts
 * checkInteger('run worker', 'howMany', 0, 1); // RangeError: Cannot run worker: howMany must be an integer of at least 1, received 0
 * ```
 */
export function checkInteger(
  action: string,
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  const rule = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  if (typeof value !== 'number')
    throw new TypeError(`Cannot ${action}: ${name} must be ${rule}, received ${show(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Cannot ${action}: ${name} must be ${rule}, received ${show(value)}`);
  }
}

/**
 * Checks that `value` is a SharedArrayBuffer big enough for the class that will use it.
 *
 * @param action What failed, for example `'create SharedMutex'`.
 * @param value The buffer.
 * @param bytes The fewest bytes the buffer must have.
 * @throws {TypeError} When `value` is not a SharedArrayBuffer.
 * @throws {RangeError} When it has fewer than `bytes` bytes.
 * @example Check a buffer for one Int32
 * ```ts
 * checkSharedBuffer('create SharedMutex', new SharedArrayBuffer(2), 4); // RangeError: ... received a SharedArrayBuffer of 2 bytes
 * ```
 */
export function checkSharedBuffer(action: string, value: unknown, bytes: number): void {
  const rule = `buffer must be a SharedArrayBuffer of at least ${bytes} bytes`;
  if (!(value instanceof SharedArrayBuffer)) throw new TypeError(`Cannot ${action}: ${rule}, received ${show(value)}`);
  if (value.byteLength < bytes) throw new RangeError(`Cannot ${action}: ${rule}, received ${show(value)}`);
}

const countModes: readonly string[] = ['unsafe', 'atomic', 'locked'] satisfies CountMode[];

/**
 * Checks the options of `countInThreads`: positive integer counts whose product fits the Int32
 * counter, and a known mode.
 *
 * @param options The options received.
 * @throws {TypeError} When `options` is not an object, a count is not a number or `mode` not a string.
 * @throws {RangeError} When a count is out of range or `mode` is unknown.
 * @example Check before starting any thread
 * ```ts
 * checkCountOptions({ threads: 2, perThread: 10, mode: 'fast' }); // RangeError: ... mode must be one of unsafe, atomic, locked, received "fast"
 * ```
 */
export function checkCountOptions(options: unknown): asserts options is CountOptions {
  const action = 'count in threads';
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`Cannot ${action}: options must be an object, received ${show(options)}`);
  const { threads, perThread, mode } = options as Record<string, unknown>;
  checkInteger(action, 'threads', threads, 1);
  checkInteger(action, 'perThread', perThread, 1, int32.max);
  if (typeof mode !== 'string') throw new TypeError(`Cannot ${action}: mode must be a string, received ${show(mode)}`);
  if (!countModes.includes(mode))
    throw new RangeError(`Cannot ${action}: mode must be one of ${countModes.join(', ')}, received ${show(mode)}`);
  const total = (threads as number) * (perThread as number);
  if (total > int32.max)
    throw new RangeError(
      `Cannot ${action}: threads x perThread must be at most ${int32.max} (the counter is an Int32), received ${total}`,
    );
}
