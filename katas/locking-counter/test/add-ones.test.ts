/**
 * addOnes: what each counting thread runs. First on this thread; then in a thread of the spec's
 * own while the spec holds the lock, to see that only `'locked'` mode waits for it.
 */
import { describe, expect, test, type TestContext } from 'vitest';
import { AtomicCounter, addOnes, type CountMode, SharedMutex } from '#kata/locking-counter/locking-counter.ts';
import { startTypeScriptWorker } from '../../../lib/typescript-worker.ts';
import { within } from '../../../test/support/wait.ts';
import { kataFileUrl } from '../../../test/support/kata-file.ts';
import { StartLine } from '../start-line.ts';

/** A job for addOnes, on a new counter and lock. */
function jobFor(mode: CountMode, perThread: number) {
  return {
    mode,
    perThread,
    counter: new AtomicCounter().buffer,
    lock: new SharedMutex().buffer,
    startLine: new StartLine().buffer,
  };
}

/** Starts a thread that calls the module under test's addOnes(job); it is terminated when the test ends. */
function startAddingThread(context: TestContext, job: ReturnType<typeof jobFor>) {
  const kata = kataFileUrl(context.task.file.projectName, 'locking-counter', 'locking-counter.ts');
  const thread = startTypeScriptWorker(new URL('./shared-memory-thread.ts', import.meta.url), {
    workerData: { role: 'add-ones', kata, job },
  });
  context.onTestFinished(async () => {
    await thread.terminate();
  });
  return thread;
}

/** Wakes every thread sleeping in Atomics.wait anywhere in `buffer`, and says how many there were. */
function wakeSleepers(buffer: SharedArrayBuffer): number {
  const words = new Int32Array(buffer);
  let woken = 0;
  for (let index = 0; index < words.length; index++) woken += Atomics.notify(words, index);
  return woken;
}

/**
 * Watches a thread running addOnes while the lock is held, until it finishes or is found asleep on
 * the lock's buffer (a thread that waits for a SharedMutex sleeps in Atomics.wait).
 */
async function whileLockIsHeld(thread: ReturnType<typeof startAddingThread>, lock: SharedArrayBuffer) {
  let finished = false;
  const done = within(
    new Promise<void>((resolve, reject) => {
      thread.on('message', (message) => message === 'done' && resolve());
      thread.once('error', reject);
    }),
    10_000,
    'the thread to finish addOnes',
  );
  done.then(
    () => (finished = true),
    () => (finished = true),
  );
  let asleep = 0;
  const deadline = performance.now() + 5000;
  while (!finished && asleep === 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    asleep = wakeSleepers(lock);
  }
  return { finished, asleep, done };
}

describe('step 7: countInThreads() and addOnes()', () => {
  describe('addOnes', () => {
    test.each(['unsafe', 'atomic', 'locked'] as const)(
      "addOnes() in '%s' mode adds perThread ones to the counter, on one thread",
      (mode) => {
        const job = jobFor(mode, 1000);
        const counter = new AtomicCounter(job.counter);
        counter.increment(5);
        addOnes({ ...job, module: import.meta.url });
        expect(counter.count, `addOnes() must add 1 perThread times to the count already there: 5 + 1000`).toBe(1005);
        expect(new SharedMutex(job.lock).locked, 'addOnes() must leave the lock free').toBe(false);
      },
    );

    test.concurrent.for(['unsafe', 'atomic'] as const)(
      "addOnes() in '%s' mode adds without waiting for the lock",
      async (mode, context) => {
        const job = jobFor(mode, 1000);
        const mutex = new SharedMutex(job.lock);
        mutex.lock();
        const thread = startAddingThread(context, job);
        const { asleep, done } = await whileLockIsHeld(thread, job.lock);
        mutex.unlock();
        context
          .expect(asleep, `'${mode}' mode waited for the SharedMutex in job.lock: only 'locked' mode takes it`)
          .toBe(0);
        await done;
        context.expect(new AtomicCounter(job.counter).count).toBe(1000);
      },
    );

    test("addOnes() in 'locked' mode adds only while it holds the SharedMutex in job.lock", async (context) => {
      const job = jobFor('locked', 1000);
      const mutex = new SharedMutex(job.lock);
      mutex.lock();
      const thread = startAddingThread(context, job);
      const { finished, asleep, done } = await whileLockIsHeld(thread, job.lock);
      const whileHeld = new AtomicCounter(job.counter).count;
      mutex.unlock();
      expect(
        finished,
        "'locked' mode finished while this thread held the lock: each ++ must run under the SharedMutex in job.lock",
      ).toBe(false);
      expect(whileHeld, "'locked' mode added while this thread held the lock").toBe(0);
      expect(asleep, "'locked' mode must wait for the held lock asleep, in SharedMutex.lock()").toBeGreaterThan(0);
      await done;
      expect(new AtomicCounter(job.counter).count, 'once the lock is free, every addition must count').toBe(1000);
    });
  });
});
