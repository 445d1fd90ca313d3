/**
 * Mistake: the signal is only checked when a task is added, so tasks already waiting still start after the abort.
 * Caught by: limit(c, { signal }) aborting rejects the pending tasks with signal.reason and lets running tasks finish
 *
 * The missing line: no `signal.addEventListener('abort', ...)` that rejects the waiting tasks; only
 * run() looks at `signal.aborted`, so an abort turns away later calls and nothing else.
 * The rest of the limiter is right: see support/flawed-limit.ts, where the line is marked
 * `// flaw: ignoresAbortOfWaiting`.
 */
import { flawedLimit } from './support/flawed-limit.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const limit = flawedLimit({ ignoresAbortOfWaiting: true });
