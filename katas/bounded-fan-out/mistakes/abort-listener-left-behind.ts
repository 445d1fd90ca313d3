/**
 * Mistake: mapConcurrent() adds an abort listener with `{ once: true }` and never removes it, so a signal that never aborts keeps one listener per call.
 * Caught by: mapConcurrent() leaves no listener on its signal once it settles, however it ends
 *
 * `once` removes a listener only after it has fired. A long-lived signal (a server's shutdown
 * signal) passed to every call collects a listener, and everything it holds, per call, until Node
 * warns of a possible memory leak. The listener must go in a `finally` once every call has ended.
 *
 * The missing line: no `removeEventListener` in a `finally`. The rest is the reference's: see
 * support/flawed-map-concurrent.ts, where the line is marked `// flaw: leavesListenerBehind`.
 */
import { flawedMapConcurrent } from './support/flawed-map-concurrent.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const mapConcurrent = flawedMapConcurrent({ leavesListenerBehind: true });
