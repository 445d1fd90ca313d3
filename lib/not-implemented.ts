/**
 * What a kata stub throws (or rejects with) where the learner has work to do.
 *
 * @module
 */

/** Marks a part of a kata that the learner has not written yet. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/**
 * Fails with one clear line that points the learner at the README step to do next.
 *
 * The stack is cut to the message on purpose: the stub's own frames teach nothing, and a red
 * test should read as a to-do item, not as a crash.
 *
 * @param step Where to look, for example `'step 2 of katas/closable-queue/README.md (ClosableQueue.get)'`.
 * @throws {NotImplementedError} Always.
 * @example Mark a method as the learner's to-do
 * ```ts
 * async get(): Promise<T> {
 *   notImplemented('step 2 of katas/closable-queue/README.md (ClosableQueue.get)');
 * }
 * ```
 */
export function notImplemented(step: string): never {
  const error = new NotImplementedError(`Not implemented yet: ${step}`);
  error.stack = `${error.name}: ${error.message}`;
  ((globalThis as Record<symbol, Set<string>>)[toDoSeen] ??= new Set()).add(error.message);
  throw error;
}

/**
 * Where the messages of every `NotImplementedError` thrown so far are kept, whole: an assertion
 * that prints the error may cut its message short (`step 7 of katas/…`), and the test runner
 * restores it from here.
 */
export const toDoSeen: unique symbol = Symbol.for('katas.notImplemented.seen');
