/**
 * Mistake: the limiter starts every task at once, as `Promise.all(cells.map(query))` does: the bound is only counted, never enforced.
 * Caught by: run() runs at most 3 tasks at once with limit(3), and 3 do run
 *
 * The wrong line, in run(): `start(task)` for every call, never `waiting.push(task)`: "the event
 * loop will cope", so no task ever waits for a slot while activeCount still counts them all.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: neverWaits`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ neverWaits: true });
