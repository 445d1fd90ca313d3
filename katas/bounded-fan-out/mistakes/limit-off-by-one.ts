/**
 * Mistake: the limiter admits a task while `active <= concurrency`, so one task more than the limit runs.
 * Caught by: run() runs at most 3 tasks at once with limit(3), and 3 do run
 *
 * The wrong line, in run(): `if (active <= concurrency) start(task)` where the right one is
 * `active < concurrency`: the check runs before `active` counts the task being admitted.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: admitsOneTooMany`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ admitsOneTooMany: true });
