/**
 * Keeping the event loop responsive: a non-blocking file read, CPU work cut into chunks that yield
 * to the loop, CPU work moved to a thread with its buffer transferred (no copy), and a hand-off to
 * a long-lived thread through shared memory, awaited with `Atomics.waitAsync`.
 *
 * Your task is in ./README.md, step by step. Run `npm test katas/responsive-loop` and make it green.
 * Given, next to this file: checksum.ts (the CPU work), service.ts (the blocking service),
 * loop-delay.ts (`measureLoopDelay`), off-loop-thread.ts (the code a `runOffLoop` thread runs),
 * hash-thread.ts and hand-off-protocol.ts (the hash thread of step 4 and its shared-memory protocol).
 *
 * @module
 */
import { notImplemented } from '../../lib/not-implemented.ts';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import { absorb, checksumSeed } from './checksum.ts';
import { atomicsWaitAsync, controlBytes, slot, state, type HashThreadData } from './hand-off-protocol.ts';
import type { OffLoopMessage, OffLoopWorkerData } from './off-loop-thread.ts';

const readme = 'katas/responsive-loop/README.md';
/** The code each `runOffLoop` thread runs, given: start it with `startTypeScriptWorker(offLoopThread, { workerData, transferList })`. */
const offLoopThread = new URL('./off-loop-thread.ts', import.meta.url);
/** The module whose `checksum` export `checksumOffLoop` calls in a thread. */
const checksumModule = new URL('./checksum.ts', import.meta.url);
/** The hash thread of step 4, given: start it with `startTypeScriptWorker(hashThread, { workerData })`. */
const hashThread = new URL('./hash-thread.ts', import.meta.url);

/**
 * Reads a text file without blocking the event loop: the read happens while the loop serves others.
 *
 * @param path The file to read, UTF-8.
 * @returns Resolves with the file's text, on a later turn of the event loop, never before.
 * @throws {TypeError} (as a rejection) When `path` is not a string.
 * @throws {Error} (as a rejection) When the file cannot be read, e.g. `ENOENT`.
 * @example Read a config file without blocking
 * ```ts
 * const text = await readConfig('service.json');
 * ```
 */
export async function readConfig(path: string): Promise<string> {
  // TODO(step 1): which file API lets the event loop run while the disk works?
  return notImplemented(`step 1 of ${readme} (readConfig)`);
}

/** Options of `checksumInChunks`. */
export interface ChunkOptions {
  /** How many bytes to fold in between two yields to the event loop; a positive integer, default 16384. */
  chunkSize?: number;
  /** Aborting it rejects with `signal.reason` at the next yield; the rest of the bytes are never read. */
  signal?: AbortSignal;
}

/**
 * The checksum of `bytes`, computed on the calling thread in chunks, with a turn of the event loop
 * between two chunks: timers, I/O callbacks and other requests run in between.
 *
 * @param bytes The data.
 * @param options `chunkSize` and `signal`.
 * @returns Resolves with `checksum(bytes)`.
 * @throws {TypeError} (as a rejection) When `bytes` is not a Uint8Array.
 * @throws {RangeError} (as a rejection) When `chunkSize` is not a positive integer.
 * @throws {unknown} (as a rejection) `signal.reason` when the signal aborts.
 * @example Same result as the blocking checksum
 * ```ts
 * assert.equal(await checksumInChunks(bytes, { chunkSize: 4096 }), checksum(bytes));
 * ```
 */
export async function checksumInChunks(
  bytes: Uint8Array,
  { chunkSize = 16_384, signal }: ChunkOptions = {},
): Promise<number> {
  // TODO(step 2): validate at the boundary; a function that returns a promise reports errors as rejections.
  // TODO(step 2): carry the checksum state from one chunk to the next (see absorb in checksum.ts).
  // TODO(step 2): between chunks, yield to the event loop: microtask or macrotask, which lets timers run?
  // TODO(step 2): where can a cancellation take effect?
  return notImplemented(`step 2 of ${readme} (checksumInChunks)`);
}

/** Where the function `runOffLoop` calls lives: a function cannot be posted to a thread, its address can. */
export interface OffLoopTask {
  /** The module, as a `file:` URL or URL string (not a path); TypeScript allowed. */
  module: URL | string;
  /** The name of the exported function to call, `(input) => output | Promise<output>`. */
  name: string;
}

/** Options of `runOffLoop`. */
export interface OffLoopOptions {
  /** Buffers in `input` to hand over to the thread instead of copying; the caller's become detached (`byteLength` 0). */
  transfer?: ArrayBuffer[];
  /** Aborting it rejects with `signal.reason` and terminates the thread; once the call settles, no listener is left on it. */
  signal?: AbortSignal;
}

/**
 * Calls `task` on `input` in a worker thread of its own, so the event loop stays free meanwhile.
 *
 * @param task Which exported function of which module to call.
 * @param input Its argument; it must survive structured clone.
 * @param options `transfer` and `signal`.
 * @returns Resolves with what the function returned, or rejects with what it threw (or rejected
 *   with), once the thread is gone; an output that is a buffer or a view comes back without a copy.
 * @throws {TypeError} (as a rejection) When `task` does not name a `file:` module and an export; no thread starts then.
 * @throws {unknown} (as a rejection) The error that ended the thread, when nothing there caught it.
 * @throws {Error} (as a rejection) When the thread exits before it reports (e.g. `process.exit`).
 * @throws {unknown} (as a rejection) `signal.reason` when the signal aborts.
 * @example Checksum a buffer on a thread, handing the buffer over
 * ```ts
 * const bytes = new Uint8Array(1 << 20);
 * const sum = await runOffLoop<Uint8Array, number>({ module: checksumUrl, name: 'checksum' }, bytes, { transfer: [bytes.buffer] });
 * assert.equal(bytes.byteLength, 0); // handed over, not copied
 * ```
 */
export async function runOffLoop<I, O>(
  task: OffLoopTask,
  input: I,
  { transfer = [], signal }: OffLoopOptions = {},
): Promise<O> {
  // TODO(step 3): check the task's address before any thread starts.
  // TODO(step 3): how does the input reach the thread, and which bytes move instead of being copied?
  // TODO(step 3): the thread reports once; what if it dies before it does?
  // TODO(step 3): a thread per call: what must happen to it before the call settles, whatever the outcome?
  return notImplemented(`step 3 of ${readme} (runOffLoop)`);
}

/**
 * The checksum of `bytes`, computed in a worker thread; `bytes.buffer` is transferred, not copied.
 *
 * @param bytes The data; its whole buffer moves to the thread, so `bytes` is empty (detached) after the call.
 * @returns Resolves with `checksum(bytes)` once the thread is gone.
 * @throws {TypeError} (as a rejection) When `bytes` is not a Uint8Array over an ArrayBuffer.
 * @example The bytes move to the thread
 * ```ts
 * const expected = checksum(bytes);
 * assert.equal(await checksumOffLoop(bytes), expected);
 * assert.equal(bytes.byteLength, 0);
 * ```
 */
export async function checksumOffLoop(bytes: Uint8Array): Promise<number> {
  // TODO(step 3): which task, and which buffer to hand over?
  return notImplemented(`step 3 of ${readme} (checksumOffLoop)`);
}

/** Options of `startHashThread`. */
export interface HashThreadOptions {
  /** The most bytes one `checksum()` call can hand over; a positive integer, default 1 MiB. */
  capacity?: number;
}

/**
 * A long-lived hash thread that takes its work through shared memory (hand-off-protocol.ts): no
 * message per request, no thread start per request, and the event loop awaits the answer with
 * `Atomics.waitAsync` instead of blocking in `Atomics.wait`.
 */
export interface HashThread {
  /** The most bytes one `checksum()` call can hand over. */
  readonly capacity: number;
  /**
   * The checksum of `bytes`, computed by the hash thread. Calls made at once are served one after
   * another, in call order; each gets its own bytes' checksum.
   *
   * @param bytes At most `capacity` bytes; they are copied into shared memory, and stay usable.
   * @returns Resolves with `checksum(bytes)`.
   * @throws {TypeError} (as a rejection) When `bytes` is not a Uint8Array.
   * @throws {RangeError} (as a rejection) When `bytes` is longer than `capacity`.
   * @throws {Error} (as a rejection) When the thread is closed.
   */
  checksum(bytes: Uint8Array): Promise<number>;
  /**
   * Lets every `checksum()` called before it finish, then terminates the thread. Idempotent.
   *
   * @returns Resolves once the thread is gone.
   */
  close(): Promise<void>;
}

/**
 * Starts a hash thread and waits until it is ready for requests.
 *
 * @param options `capacity`.
 * @returns Resolves with the running thread's handle; the caller must `close()` it.
 * @throws {RangeError} (as a rejection) When `capacity` is not a positive integer; no thread starts then.
 * @throws {Error} (as a rejection) When the thread exits before it is ready.
 * @example Hash on a long-lived thread, then close it
 * ```ts
 * const hasher = await startHashThread({ capacity: 1 << 16 });
 * try {
 *   assert.equal(await hasher.checksum(bytes), checksum(bytes));
 * } finally {
 *   await hasher.close();
 * }
 * ```
 */
export async function startHashThread({ capacity = 1 << 20 }: HashThreadOptions = {}): Promise<HashThread> {
  // TODO(step 4): validate before any thread starts.
  // TODO(step 4): the thread and this one share two buffers: which kind of buffer can two threads see at once?
  // TODO(step 4): when is the thread ready to take a request?
  // TODO(step 4): shared memory holds one request at a time: what do calls made at once do?
  // TODO(step 4): wait for the thread's answer without blocking this thread (and where Atomics.waitAsync is missing?).
  // TODO(step 4): close(): what must it wait for, and what must be gone when it resolves?
  return notImplemented(`step 4 of ${readme} (startHashThread)`);
}
