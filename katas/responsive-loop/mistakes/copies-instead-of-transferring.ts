/**
 * Mistake: runOffLoop() posts the input without its transfer list, so every buffer is copied and the caller's stays attached.
 * Caught by: runOffLoop() transfers the buffers in transfer: the caller's ArrayBuffer is detached
 */
import {
  runOffLoop as reference,
  type OffLoopOptions,
  type OffLoopTask,
} from '../../../solutions/responsive-loop/responsive-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export function runOffLoop<I, O>(task: OffLoopTask, input: I, { signal }: OffLoopOptions = {}): Promise<O> {
  return reference(task, input, { signal }); // the transfer list is dropped: structured clone copies the bytes
}
