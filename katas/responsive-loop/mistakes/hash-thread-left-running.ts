/**
 * Mistake: HashThread.close() only refuses new calls; the hash thread, blocked in Atomics.wait, never ends.
 * Caught by: startHashThread() starts one thread, and HashThread.close() ends it
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import { atomicsWaitAsync, controlBytes, slot, state, type HashThreadData } from '../hand-off-protocol.ts';
import type { HashThread, HashThreadOptions } from '../../../solutions/responsive-loop/responsive-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

const hashThread = new URL('../hash-thread.ts', import.meta.url);

export async function startHashThread({ capacity = 1 << 20 }: HashThreadOptions = {}): Promise<HashThread> {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`Cannot start hash thread: capacity must be a positive integer, received ${capacity}`);
  const workerData: HashThreadData = {
    control: new SharedArrayBuffer(controlBytes),
    data: new SharedArrayBuffer(capacity),
  };
  const thread = startTypeScriptWorker(hashThread, { workerData });
  await new Promise((resolve) => thread.once('message', resolve));
  return new Hasher(thread, workerData, capacity);
}

class Hasher implements HashThread {
  readonly capacity: number;
  readonly #thread: Worker;
  readonly #slots: Int32Array;
  readonly #data: Uint8Array;
  #line: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(thread: Worker, { control, data }: HashThreadData, capacity: number) {
    this.#thread = thread;
    this.#slots = new Int32Array(control);
    this.#data = new Uint8Array(data);
    this.capacity = capacity;
  }

  async checksum(bytes: Uint8Array): Promise<number> {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError(`Cannot checksum on the hash thread: bytes must be a Uint8Array, received ${typeof bytes}`);
    if (bytes.length > this.capacity)
      throw new RangeError(
        `Cannot checksum on the hash thread: bytes must fit the capacity of ${this.capacity}, received ${bytes.length} bytes`,
      );
    if (this.#closing) throw new Error('Cannot checksum on the hash thread: it is closed');
    const turn = this.#line.then(() => this.#handOff(bytes));
    this.#line = turn.catch(() => {});
    return turn;
  }

  close(): Promise<void> {
    void this.#thread;
    return (this.#closing ??= this.#line.then(() => {})); // "it has nothing left to do": it is still alive, waiting
  }

  async #handOff(bytes: Uint8Array): Promise<number> {
    this.#data.set(bytes);
    Atomics.store(this.#slots, slot.length, bytes.length);
    Atomics.store(this.#slots, slot.state, state.request);
    Atomics.notify(this.#slots, slot.state);
    while (Atomics.load(this.#slots, slot.state) === state.request)
      await atomicsWaitAsync!(this.#slots, slot.state, state.request).value;
    const result = Atomics.load(this.#slots, slot.result) >>> 0;
    Atomics.store(this.#slots, slot.state, state.idle);
    return result;
  }
}
