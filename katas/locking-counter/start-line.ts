/**
 * A start line in shared memory: threads arrive and wait there until the main thread opens it, so
 * that they all begin at the same moment.
 *
 * @module
 */
import { checkSharedBuffer } from './checks.ts';

/** Word indexes in the buffer. */
const arrivedWord = 0;
const openWord = 1;

/**
 * Where threads wait until the main thread lets them all go at once.
 *
 * @example Hold threads until every one is ready
 * ```ts
 * const line = new StartLine(); // main thread; pass line.buffer in workerData
 * const mine = new StartLine(workerData.line); // each thread, once loaded:
 * mine.arrive();
 * parentPort.postMessage('ready');
 * mine.waitForOpen();
 * line.open(); // main thread, once every thread said it is ready
 * ```
 */
export class StartLine {
  /** The bytes a buffer needs to hold the start line. */
  static readonly byteLength = 8;
  /** The shared memory holding the start line; pass it to the threads. */
  readonly buffer: SharedArrayBuffer;
  /** [how many threads have arrived, 1 once open]. */
  readonly #words: Int32Array;

  /**
   * @param buffer Shared memory holding the start line; a new, closed one by default.
   * @throws {TypeError} When `buffer` is not a SharedArrayBuffer.
   * @throws {RangeError} When it has fewer than `StartLine.byteLength` bytes.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(StartLine.byteLength)) {
    checkSharedBuffer('create StartLine', buffer, StartLine.byteLength);
    this.buffer = buffer;
    this.#words = new Int32Array(buffer, 0, 2);
  }

  /** How many threads have arrived so far. */
  get arrived(): number {
    return Atomics.load(this.#words, arrivedWord);
  }

  /** Counts the calling thread in. */
  arrive(): void {
    Atomics.add(this.#words, arrivedWord, 1);
  }

  /** Blocks the calling thread until the line opens; returns at once if it is open already. */
  waitForOpen(): void {
    Atomics.wait(this.#words, openWord, 0); // checks and sleeps in one step, so an open() in between is never missed
  }

  /** Lets every waiting thread go, and every later one through without stopping. */
  open(): void {
    Atomics.store(this.#words, openWord, 1);
    Atomics.notify(this.#words, openWord);
  }
}
