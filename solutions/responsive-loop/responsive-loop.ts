/**
 * Keeping the event loop responsive: a non-blocking file read, CPU work cut into chunks that yield
 * to the loop, CPU work moved to a thread with its buffer transferred (no copy), and a hand-off to
 * a long-lived thread through shared memory, awaited with `Atomics.waitAsync`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import { absorb, checksumSeed } from '../../katas/responsive-loop/checksum.ts';
import {
  atomicsWaitAsync,
  controlBytes,
  slot,
  state,
  type HashThreadData,
} from '../../katas/responsive-loop/hand-off-protocol.ts';
import type { OffLoopMessage, OffLoopWorkerData } from '../../katas/responsive-loop/off-loop-thread.ts';

const given = new URL('../../katas/responsive-loop/', import.meta.url);
/** The code each `runOffLoop` thread runs, and the module whose `checksum` it calls for `checksumOffLoop`. */
const offLoopThread = new URL('off-loop-thread.ts', given);
const checksumModule = new URL('checksum.ts', given);
const hashThread = new URL('hash-thread.ts', given);

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
  if (typeof path !== 'string')
    throw new TypeError(`Cannot read config: path must be a string, received ${typeof path}`);
  // The promise API hands the read to the runtime's I/O threads; readFileSync would wait right here.
  return readFile(path, 'utf8');
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
  checkBytes('checksum in chunks', bytes);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`Cannot checksum in chunks: chunkSize must be a positive integer, received ${chunkSize}`);
  }
  signal?.throwIfAborted();
  let hash = absorb(checksumSeed, bytes, 0, Math.min(bytes.length, chunkSize));
  const chunks = Math.ceil(bytes.length / chunkSize);
  for (let chunk = 1; chunk < chunks; chunk++) {
    // A macrotask, not a microtask: `await null` would run before any timer or I/O and yield nothing.
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const start = chunk * chunkSize;
    hash = absorb(hash, bytes, start, Math.min(bytes.length, start + chunkSize));
  }
  return hash;
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
  const module = taskModule(task);
  signal?.throwIfAborted();
  const workerData: OffLoopWorkerData = { module, name: task.name, input };
  // The input travels with the thread's start: the buffers in transferList move, every other byte is copied.
  const thread = startTypeScriptWorker(offLoopThread, { workerData, transferList: transfer });
  try {
    return await outcomeOf<O>(thread, signal);
  } finally {
    await thread.terminate(); // a thread per call: it must not outlive the call, whatever happened
  }
}

/** Settles with the thread's one message, or with why it never came. */
function outcomeOf<O>(thread: Worker, signal: AbortSignal | undefined): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    // Whatever comes first settles; what comes later changes nothing, and leaves no listener on the signal.
    const settle = (fn: () => void) => {
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort);
    thread.once('message', (message: OffLoopMessage) =>
      settle(() => (message.kind === 'done' ? resolve(message.output as O) : reject(message.error))),
    );
    // An error nobody caught in the thread, e.g. thrown by a timer the task left: it ends the thread.
    thread.on('error', (error) => settle(() => reject(error)));
    thread.once('exit', (code) =>
      settle(() =>
        reject(new Error(`Cannot finish task: its worker thread exited with code ${code} before reporting`)),
      ),
    );
  });
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
  checkBytes('checksum off the loop', bytes);
  if (!(bytes.buffer instanceof ArrayBuffer)) {
    throw new TypeError(
      `Cannot checksum off the loop: bytes must view an ArrayBuffer, received a view of ${bytes.buffer.constructor.name}`,
    );
  }
  return runOffLoop<Uint8Array, number>({ module: checksumModule, name: 'checksum' }, bytes, {
    transfer: [bytes.buffer],
  });
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
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`Cannot start hash thread: capacity must be a positive integer, received ${capacity}`);
  }
  const workerData: HashThreadData = {
    control: new SharedArrayBuffer(controlBytes),
    data: new SharedArrayBuffer(capacity),
  };
  const thread = startTypeScriptWorker(hashThread, { workerData });
  await new Promise<void>((resolve, reject) => {
    thread.once('message', () => resolve());
    // Nothing to terminate then: the thread is gone already.
    thread.once('exit', (code) =>
      reject(new Error(`Cannot start hash thread: it exited with code ${code} before it was ready`)),
    );
  });
  return new SharedMemoryHasher(thread, workerData, capacity);
}

/** The handle `startHashThread` returns. */
class SharedMemoryHasher implements HashThread {
  readonly capacity: number;
  readonly #thread: Worker;
  readonly #slots: Int32Array;
  readonly #data: Uint8Array;
  /** The last request in line: shared memory holds one request at a time, so each waits for the one before. */
  #line: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(thread: Worker, { control, data }: HashThreadData, capacity: number) {
    this.#thread = thread;
    this.#slots = new Int32Array(control);
    this.#data = new Uint8Array(data);
    this.capacity = capacity;
  }

  async checksum(bytes: Uint8Array): Promise<number> {
    checkBytes('checksum on the hash thread', bytes);
    if (bytes.length > this.capacity) {
      throw new RangeError(
        `Cannot checksum on the hash thread: bytes must fit the capacity of ${this.capacity}, received ${bytes.length} bytes`,
      );
    }
    if (this.#closing) throw new Error('Cannot checksum on the hash thread: it is closed');
    const turn = this.#line.then(() => this.#handOff(bytes));
    this.#line = turn.catch(() => {});
    return turn;
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#line.then(() => this.#thread.terminate()).then(() => {}));
  }

  async #handOff(bytes: Uint8Array): Promise<number> {
    this.#data.set(bytes);
    Atomics.store(this.#slots, slot.length, bytes.length);
    Atomics.store(this.#slots, slot.state, state.request);
    Atomics.notify(this.#slots, slot.state);
    while (Atomics.load(this.#slots, slot.state) === state.request)
      await changeOf(this.#slots, slot.state, state.request);
    const result = Atomics.load(this.#slots, slot.result) >>> 0;
    Atomics.store(this.#slots, slot.state, state.idle);
    return result;
  }
}

/**
 * Resolves once `slots[index]` may no longer hold `value`, without blocking this thread: with
 * `Atomics.waitAsync` where the runtime has it, else by looking again on each turn of a 1 ms timer.
 * The caller re-checks the value either way.
 */
async function changeOf(slots: Int32Array, index: number, value: number): Promise<void> {
  // `.value` is a promise of the wake-up, or at once `'not-equal'` when the value changed already.
  await (atomicsWaitAsync?.(slots, index, value).value ?? new Promise<void>((resolve) => setTimeout(resolve, 1)));
}

/** The one check of the bytes every entry point takes. */
function checkBytes(action: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Cannot ${action}: bytes must be a Uint8Array, received ${typeof bytes}`);
  }
}

/** Checks a task's address once, before any thread starts. */
function taskModule(task: OffLoopTask): string {
  const module = String(task?.module); // a URL's text is its href
  if (!URL.canParse(module) || new URL(module).protocol !== 'file:') {
    throw new TypeError(
      `Cannot run off the loop: task.module must be a file: URL or URL string, not a path, received ${module}`,
    );
  }
  if (typeof task.name !== 'string' || task.name === '') {
    throw new TypeError(
      `Cannot run off the loop: task.name must be the name of an export, received ${String(task.name)}`,
    );
  }
  return new URL(module).href;
}
