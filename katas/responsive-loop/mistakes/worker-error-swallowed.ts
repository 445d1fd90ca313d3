/**
 * Mistake: runOffLoop() listens only for results: a task that throws leaves its promise pending forever.
 * Caught by: runOffLoop() rejects with the error the task threw
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
  try {
    return await new Promise<O>((resolve, reject) => {
      thread.once('message', (message: OffLoopMessage) => {
        if (message.kind === 'done') resolve(message.output as O); // a 'failed' message is dropped on the floor
      });
      thread.once('exit', (code) =>
        reject(new Error(`Cannot finish task: its worker thread exited with code ${code}`)),
      );
    });
  } finally {
    await thread.terminate();
  }
}
