/**
 * Mistake: runOffLoop() starts a thread per call and never terminates it: a task that leaves a timer running keeps its thread alive for good.
 * Caught by: runOffLoop() leaves nothing behind: no thread, though its task left a timer running, and no listener on its signal
 */
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import type { OffLoopMessage } from '../off-loop-thread.ts';
import type { OffLoopOptions, OffLoopTask } from '../../../solutions/responsive-loop/responsive-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

const offLoopThread = new URL('../off-loop-thread.ts', import.meta.url);

export async function runOffLoop<I, O>(
  task: OffLoopTask,
  input: I,
  { transfer = [] }: OffLoopOptions = {},
): Promise<O> {
  const module = new URL(task.module).href;
  const thread = startTypeScriptWorker(offLoopThread, {
    workerData: { module, name: task.name, input },
    transferList: transfer,
  });
  return new Promise<O>((resolve, reject) => {
    thread.once('message', (message: OffLoopMessage) =>
      message.kind === 'done' ? resolve(message.output as O) : reject(message.error),
    );
    thread.once('exit', (code) => reject(new Error(`Cannot finish task: its worker thread exited with code ${code}`)));
    // no terminate(): "the thread is done anyway" - it is not gone until it is terminated or ends by itself
  });
}
