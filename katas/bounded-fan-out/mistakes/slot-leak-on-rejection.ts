/**
 * Mistake: a task that rejects or throws never hands its slot on, so every failure shrinks the limit until nothing runs.
 * Caught by: run() starts the next task when one rejects or throws
 *
 * The wrong line, in start(): the rejection handler settles the caller's promise but does not call
 * `next()`, so only a task that fulfils hands its slot on.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: keepsSlotOnFailure`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ keepsSlotOnFailure: true });
