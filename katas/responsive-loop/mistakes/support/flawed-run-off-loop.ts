/**
 * A `runOffLoop` with one classic flaw switched on, for the gallery: with no flaw it behaves like
 * the reference. Each wrong line stands next to the right one it replaces, marked `// flaw: <name>`.
 *
 * @module
 */
import { startTypeScriptWorker } from '../../../../lib/typescript-worker.ts';
import type { OffLoopMessage } from '../../off-loop-thread.ts';
import type { OffLoopOptions, OffLoopTask } from '../../../../solutions/responsive-loop/responsive-loop.ts';

/** The flaws a `runOffLoop` can have. */
export interface RunOffLoopFlaws {
  /** No `'error'` listener: the thread's uncaught error becomes an unhandled `'error'` event here. */
  ignoresThreadErrors?: boolean;
  /** The `'abort'` listener stays on the signal after the call settles: a long-lived signal collects one per call. */
  keepsAbortListener?: boolean;
  /** Aborting rejects the call, but the thread runs on: rejecting a promise stops no code. */
  abortLeavesThreadRunning?: boolean;
}

const offLoopThread = new URL('../../off-loop-thread.ts', import.meta.url);

/**
 * Builds a `runOffLoop` with the given flaws.
 *
 * @param flaws The flaws to switch on.
 * @returns A function with `runOffLoop`'s signature.
 */
export function flawedRunOffLoop(flaws: RunOffLoopFlaws) {
  return async function runOffLoop<I, O>(
    task: OffLoopTask,
    input: I,
    { transfer = [], signal }: OffLoopOptions = {},
  ): Promise<O> {
    const module = String(task?.module);
    if (!URL.canParse(module) || new URL(module).protocol !== 'file:') {
      throw new TypeError(`Cannot run off the loop: task.module must be a file: URL, received ${module}`);
    }
    if (typeof task.name !== 'string' || task.name === '') {
      throw new TypeError(`Cannot run off the loop: task.name must name an export, received ${String(task.name)}`);
    }
    signal?.throwIfAborted();
    const thread = startTypeScriptWorker(offLoopThread, {
      workerData: { module: new URL(module).href, name: task.name, input },
      transferList: transfer,
    });
    try {
      return await new Promise<O>((resolve, reject) => {
        const settle = (fn: () => void) => {
          if (!flaws.keepsAbortListener) signal?.removeEventListener('abort', abort); // flaw: keepsAbortListener
          fn();
        };
        const abort = () => settle(() => reject(signal!.reason));
        signal?.addEventListener('abort', abort);
        thread.once('message', (message: OffLoopMessage) =>
          settle(() => (message.kind === 'done' ? resolve(message.output as O) : reject(message.error))),
        );
        if (!flaws.ignoresThreadErrors) thread.on('error', (error) => settle(() => reject(error))); // flaw: ignoresThreadErrors
        thread.once('exit', (code) =>
          settle(() => reject(new Error(`Cannot finish task: its worker thread exited with code ${code}`))),
        );
      });
    } finally {
      if (!(flaws.abortLeavesThreadRunning && signal?.aborted)) await thread.terminate(); // flaw: abortLeavesThreadRunning
    }
  };
}
