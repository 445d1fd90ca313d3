/**
 * The code every thread of a `WorkerPool` runs: it loads the task module named in `workerData`,
 * says it is ready, then runs the module's default export once per message and posts the outcome.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What a thread posts to the pool: `ready` once, when its module is loaded, then one outcome per task. */
export type ThreadMessage = { kind: 'ready' } | { kind: 'done'; output: unknown } | { kind: 'failed'; error: unknown };

/** The pool starts this module in a worker, so the port to it is always there. */
const pool = parentPort!;
const { default: task } = (await import(workerData.moduleUrl)) as { default: (input: unknown) => unknown };

// One task at a time: the pool sends the next input only after this one's outcome arrived.
pool.on('message', async (input: unknown) => {
  let outcome: ThreadMessage;
  try {
    outcome = { kind: 'done', output: await task(input) };
  } catch (error) {
    // Stryker disable next-line StringLiteral: the pool reads every outcome but 'done' as a failure, so no caller can tell this kind's spelling
    outcome = { kind: 'failed', error };
  }
  send(outcome);
});

// Messages sent before the listener above exists can be lost in some runtimes: the pool waits for this.
send({ kind: 'ready' });

function send(message: ThreadMessage): void {
  try {
    pool.postMessage(message);
  } catch (error) {
    // An output or error that cannot cross threads (a function, say) fails its task, not the thread.
    // Stryker disable next-line StringLiteral: the pool reads every outcome but 'done' as a failure, so no caller can tell this kind's spelling
    pool.postMessage({ kind: 'failed', error } satisfies ThreadMessage);
  }
}
