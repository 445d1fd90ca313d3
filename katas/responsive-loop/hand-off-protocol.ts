/**
 * The shared-memory protocol between the event loop and the hash thread of step 4 (given).
 *
 * Two `SharedArrayBuffer`s hold everything: `control`, three Int32 slots, and `data`, the bytes to
 * hash. No message crosses between the threads after start-up.
 *
 * ```
 *  event loop                                   hash thread (blocks in Atomics.wait while idle)
 *  copy bytes into data, length -> slot.length
 *  state: idle -> request, Atomics.notify  ───▶ wakes, checksums data[0, length)
 *  awaits a change of state (waitAsync)         result -> slot.result
 *  reads slot.result, state -> idle        ◀─── state: request -> done, Atomics.notify
 * ```
 *
 * @module
 */

/** Indexes of the Int32 slots in `control`. */
export const slot = {
  /** One of the `state` values below. */
  state: 0,
  /** How many bytes of `data` the request covers. */
  length: 1,
  /** The checksum, as an Int32: read it back with `>>> 0`. */
  result: 2,
} as const;

/** The values of `control[slot.state]`. */
export const state = {
  /** Nothing to do; the thread sleeps. Only the event loop sets it, after reading a result. */
  idle: 0,
  /** Bytes are ready in `data`. Only the event loop sets it. */
  request: 1,
  /** The result is in `slot.result`. Only the thread sets it. */
  done: 2,
} as const;

/** The size of `control` in bytes: three Int32 slots. */
export const controlBytes = 3 * Int32Array.BYTES_PER_ELEMENT;

/** What the hash thread expects in `workerData`. */
export interface HashThreadData {
  /** `controlBytes` bytes: the slots above. */
  control: SharedArrayBuffer;
  /** The bytes to hash; its size is the most one request can hold. */
  data: SharedArrayBuffer;
}

/** What `Atomics.waitAsync` returns: at once when the value already differs, or a promise of the wake-up. */
export type WaitAsyncResult =
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };

/**
 * `Atomics.waitAsync` where the runtime has it (Node 20 and later, Deno 2), `undefined` where it
 * does not. It is ES2024; this repo's type library is ES2023, so here it is, typed.
 *
 * Like `Atomics.wait`, it waits while `array[index]` holds `value`, but it does not block: it
 * returns at once, with a promise that resolves when another thread calls `Atomics.notify`.
 *
 * @example Await a change of a shared slot without blocking the event loop
 * ```ts
 * const waiting = atomicsWaitAsync!(slots, slot.state, state.request);
 * if (waiting.async) await waiting.value;
 * ```
 */
export const atomicsWaitAsync:
  | ((array: Int32Array, index: number, value: number, timeoutMs?: number) => WaitAsyncResult)
  | undefined = (
  Atomics as { waitAsync?: (array: Int32Array, index: number, value: number, timeoutMs?: number) => WaitAsyncResult }
).waitAsync?.bind(Atomics);
