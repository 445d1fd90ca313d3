/**
 * Waiting in specs without hanging: every wait has a deadline and says what was still waiting.
 *
 * @module
 */

/**
 * Resolves or rejects like `promise`, but rejects after `ms` with a message naming what was still
 * waiting, so a lost wake-up or a deadlock fails fast and reads as a lesson.
 *
 * @param promise The operation under test.
 * @param ms The deadline in milliseconds.
 * @param waiting What was still waiting, e.g. `'the 2nd get() after close()'`; a function is called
 *   at the deadline, so it can describe live state.
 * @returns What `promise` resolves with.
 * @example A getter that close() must wake
 * ```ts
 * await expect(within(queue.get(), 1000, 'a get() blocked when close() was called')).rejects.toThrow(QueueClosedError);
 * ```
 */
export function within<T>(promise: PromiseLike<T>, ms: number, waiting: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const what = typeof waiting === 'function' ? waiting() : waiting;
      reject(new Error(`Still waiting after ${ms} ms: ${what}. Something that should have woken it never did.`));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Lets every queued microtask run, and the ones they queue, `rounds` deep.
 *
 * @param rounds How many promise hops to allow; the default covers a few nested awaits.
 */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Resolves on a later turn of the event loop, after all pending microtasks and I/O callbacks. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves with `'settled'` if `promise` settles within a few microtask hops, `'pending'` otherwise.
 * Proves that a call blocks without any timer.
 *
 * @example
 * ```ts
 * expect(await stateOf(queue.get())).toBe('pending');
 * ```
 */
export async function stateOf(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  const tracked = track(promise);
  await flushMicrotasks();
  return tracked.current.state === 'pending' ? 'pending' : 'settled';
}

/** How a promise stands right now, as `track` sees it. */
export type Tracked<T> =
  | { state: 'pending' }
  | { state: 'fulfilled'; value: T }
  | { state: 'rejected'; reason: unknown };

/**
 * Follows a promise without awaiting it: the returned object's `state` changes as the promise
 * settles. Marks the promise as handled, so a rejection the test checks later is never reported
 * as unhandled.
 */
export function track<T>(promise: Promise<T>): { readonly current: Tracked<T> } {
  const tracked: { current: Tracked<T> } = { current: { state: 'pending' } };
  promise.then(
    (value) => (tracked.current = { state: 'fulfilled', value }),
    (reason: unknown) => (tracked.current = { state: 'rejected', reason }),
  );
  return tracked;
}

/**
 * Passes if `promise` is still pending after a few microtask hops: proves that a call blocks,
 * without any timer. A not-implemented stub's rejection is rethrown as it is, so it reads as the
 * to-do item it is.
 *
 * @param what The call, for the failure message, e.g. `'get() on an empty queue'`.
 */
export async function expectPending(promise: Promise<unknown>, what: string): Promise<void> {
  const tracked = track(promise);
  await flushMicrotasks();
  const now = tracked.current;
  if (now.state === 'pending') return;
  if (now.state === 'rejected' && isNotImplemented(now.reason)) throw now.reason;
  const outcome =
    now.state === 'fulfilled' ? `resolved with ${String(now.value)}` : `rejected with ${String(now.reason)}`;
  throw new Error(`${what} should still be waiting, but it ${outcome}`);
}

/** Whether `error` is a kata stub's "not implemented yet" error. */
export function isNotImplemented(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotImplementedError';
}
