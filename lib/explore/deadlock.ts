/**
 * The deadlock report: once no task can run and some have not finished, say what each one waits on
 * and why nobody will wake it.
 *
 * @module
 */
import type { Failure } from './scenario.ts';

/** What the report needs to know of a task. */
export interface TaskProgress {
  readonly name: string;
  readonly finished: boolean;
  /** What it awaits through `world.waitIn`, innermost last. */
  readonly waitingIn: readonly string[];
  /** The last thing it did. */
  readonly lastEvent: string;
}

/**
 * Describes a deadlock.
 *
 * @param tasks Every task of the schedule, finished or not.
 * @param hint Why nobody can wake them, from the scenario (e.g. `'nobody will put or close'`);
 *   without it, the report names the tasks that finished.
 * @returns A failure of kind `'deadlock'`, whose `waiting` lists one line per unfinished task, e.g.
 *   `getter 2 waits in get()`.
 * @example
 * ```ts
 * deadlock([{ name: 'getter 2', finished: false, waitingIn: ['get()'], lastEvent: 'not started' }], 'nobody will put or close').message;
 * // 'deadlock: no task can run and 1 of 1 has not finished: getter 2 waits in get(); nobody will put or close'
 * ```
 */
export function deadlock(tasks: readonly TaskProgress[], hint?: string): Failure {
  const stuck = tasks.filter((task) => !task.finished);
  const waiting = stuck.map((task) =>
    task.waitingIn.length > 0
      ? `${task.name} waits in ${task.waitingIn.at(-1)}`
      : `${task.name} waits on something no task will settle (its last step: ${task.lastEvent})`,
  );
  const finished = tasks.filter((task) => task.finished).map((task) => task.name);
  const why =
    hint ??
    (finished.length > 0
      ? `${finished.join(', ')} ${finished.length === 1 ? 'has' : 'have'} finished, and nobody else can wake ${stuck.length === 1 ? 'it' : 'them'}`
      : 'every task waits on another');
  const count = `${stuck.length} of ${tasks.length} ${stuck.length === 1 ? 'has' : 'have'} not finished`;
  return {
    kind: 'deadlock',
    message: `deadlock: no task can run and ${count}: ${waiting.join('; ')}; ${why}`,
    waiting: [...waiting, why],
  };
}
