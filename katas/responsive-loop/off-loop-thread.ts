/**
 * The code a `runOffLoop` thread runs (given): it calls one exported function of one module on the
 * input it was started with, posts the outcome once, and ends.
 *
 * A function cannot be posted to a thread, so the thread is told where the function lives:
 * `workerData` is `{ module, name, input }`, where `module` is a `file:` URL string and `name` the
 * export to call. Start it with the input in `workerData` and the buffers to hand over in
 * `transferList`; then listen for exactly one `OffLoopMessage`.
 *
 * Errors are reported as a message, never thrown out of the thread: a thread that throws makes
 * some runtimes print an "Uncaught (in worker)" report even when the error is handled, and a
 * passing run should be quiet.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What the thread posts, once: the function's result, or the error it threw (or rejected with). */
export type OffLoopMessage = { kind: 'done'; output: unknown } | { kind: 'failed'; error: unknown };

/** What the thread expects in `workerData`. */
export interface OffLoopWorkerData {
  /** The `file:` URL of the module, as a string. */
  module: string;
  /** The name of the export to call. */
  name: string;
  /** The argument to call it with. */
  input: unknown;
}

const port = parentPort!;
const { module, name, input } = workerData as OffLoopWorkerData;

try {
  const exports = (await import(module)) as Record<string, unknown>;
  const fn = exports[name];
  if (typeof fn !== 'function') {
    throw new TypeError(`Cannot run task: ${module} must export a function named ${name}, received ${typeof fn}`);
  }
  const output: unknown = await fn(input);
  port.postMessage({ kind: 'done', output } satisfies OffLoopMessage, transferablesOf(output));
} catch (error) {
  port.postMessage({ kind: 'failed', error: cloneable(error) } satisfies OffLoopMessage);
}

/** An output that is a buffer, or a view on one, travels back without a copy. */
function transferablesOf(output: unknown): ArrayBuffer[] {
  if (output instanceof ArrayBuffer) return [output];
  if (ArrayBuffer.isView(output) && output.buffer instanceof ArrayBuffer) return [output.buffer];
  return [];
}

/** Errors survive structured clone (type, message, stack); anything else that would not becomes an Error saying what it was. */
function cloneable(error: unknown): unknown {
  try {
    return structuredClone(error);
  } catch {
    return new Error(`The task threw a value that cannot be sent between threads: ${String(error)}`);
  }
}
