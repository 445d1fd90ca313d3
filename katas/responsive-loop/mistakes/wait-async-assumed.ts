/**
 * Mistake: HashThread.checksum() calls atomicsWaitAsync without looking whether the runtime has it: where Atomics.waitAsync is missing, every call fails.
 * Caught by: HashThread works where Atomics.waitAsync is missing, looking again on a short timer
 *
 * The wrong line, in the hand-off: `await atomicsWaitAsync!(...).value`, where the right one falls
 * back to a 1 ms timer and a second look when `atomicsWaitAsync` is undefined. Node 20 and Deno 2
 * have it; runtimes and browsers without it exist, and the README asks for both ways.
 * The rest is right: see support/flawed-hash-thread.ts, where the line is marked `// flaw: assumesWaitAsync`.
 */
import { flawedStartHashThread } from './support/flawed-hash-thread.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export const startHashThread = flawedStartHashThread({ assumesWaitAsync: true });
