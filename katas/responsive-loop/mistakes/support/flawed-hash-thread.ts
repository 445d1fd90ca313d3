/**
 * A `startHashThread` with one classic flaw switched on, for the gallery: with no flaw it behaves
 * like the reference. Each wrong line stands next to the right one it replaces, marked
 * `// flaw: <name>`.
 *
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../../lib/typescript-worker.ts';
import type { HashThread, HashThreadOptions } from '../../../../solutions/responsive-loop/responsive-loop.ts';
import { atomicsWaitAsync, controlBytes, type HashThreadData, slot, state } from '../../hand-off-protocol.ts';

/** The flaws a hash thread can have. */
export interface HashThreadFlaws {
  /** `close()` only refuses new calls, and leaves the thread waiting in `Atomics.wait` for good. */
  keepsThreadOnClose?: boolean;
  /** `checksum()` waits with `Atomics.wait`, which blocks the event loop for the whole computation. */
  blocksInAtomicsWait?: boolean;
  /** `checksum()` hands every call straight to shared memory: calls made at once overwrite each other. */
  servesCallsAtOnce?: boolean;
  /** `startHashThread()` waits for `'ready'` only: a thread that exits before it says so leaves the call pending for good. */
  waitsForReadyOnly?: boolean;
  /** `checksum()` calls `atomicsWaitAsync` without looking whether the runtime has it. */
  assumesWaitAsync?: boolean;
}

const hashThread = new URL('../../hash-thread.ts', import.meta.url);

/**
 * Builds a `startHashThread` with the given flaws.
 *
 * @param flaws The flaws to switch on.
 * @returns A function with `startHashThread`'s signature.
 */
export function flawedStartHashThread(flaws: HashThreadFlaws) {
  return async function startHashThread({ capacity = 1 << 20 }: HashThreadOptions = {}): Promise<HashThread> {
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
      if (flaws.waitsForReadyOnly) return; // flaw: waitsForReadyOnly
      thread.once('exit', (code) => reject(new Error(`Cannot start hash thread: it exited with code ${code}`)));
    });
    return new Hasher(thread, workerData, capacity, flaws);
  };
}

class Hasher implements HashThread {
  readonly capacity: number;
  readonly #thread: Worker;
  readonly #slots: Int32Array;
  readonly #data: Uint8Array;
  readonly #flaws: HashThreadFlaws;
  #line: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(thread: Worker, { control, data }: HashThreadData, capacity: number, flaws: HashThreadFlaws) {
    this.#thread = thread;
    this.#slots = new Int32Array(control);
    this.#data = new Uint8Array(data);
    this.capacity = capacity;
    this.#flaws = flaws;
  }

  async checksum(bytes: Uint8Array): Promise<number> {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`Cannot checksum on the hash thread: bytes must be a Uint8Array, received ${typeof bytes}`);
    }
    if (bytes.length > this.capacity) {
      throw new RangeError(
        `Cannot checksum on the hash thread: bytes must fit the capacity of ${this.capacity}, received ${bytes.length} bytes`,
      );
    }
    if (this.#closing) throw new Error('Cannot checksum on the hash thread: it is closed');
    if (this.#flaws.servesCallsAtOnce) return this.#handOff(bytes); // flaw: servesCallsAtOnce
    const turn = this.#line.then(() => this.#handOff(bytes));
    this.#line = turn.catch(() => {});
    return turn;
  }

  close(): Promise<void> {
    if (this.#flaws.keepsThreadOnClose) return (this.#closing ??= this.#line.then(() => {})); // flaw: keepsThreadOnClose
    return (this.#closing ??= this.#line.then(() => this.#thread.terminate()).then(() => {}));
  }

  async #handOff(bytes: Uint8Array): Promise<number> {
    this.#data.set(bytes);
    Atomics.store(this.#slots, slot.length, bytes.length);
    Atomics.store(this.#slots, slot.state, state.request);
    Atomics.notify(this.#slots, slot.state);
    while (Atomics.load(this.#slots, slot.state) === state.request) {
      if (this.#flaws.blocksInAtomicsWait)
        Atomics.wait(this.#slots, slot.state, state.request); // flaw: blocksInAtomicsWait
      else if (this.#flaws.assumesWaitAsync)
        await atomicsWaitAsync!(this.#slots, slot.state, state.request).value; // flaw: assumesWaitAsync
      else
        await (atomicsWaitAsync?.(this.#slots, slot.state, state.request).value ??
          new Promise<void>((resolve) => setTimeout(resolve, 1)));
    }
    const result = Atomics.load(this.#slots, slot.result) >>> 0;
    Atomics.store(this.#slots, slot.state, state.idle);
    return result;
  }
}
