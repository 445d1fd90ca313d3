/**
 * Lets mutation testing (`npm run mutation`) see into worker threads. It switches a mutant on, and
 * records which tests reach which mutants, in a global of the test's own thread; a thread started
 * from that test would otherwise run the unmutated code and record its reach nowhere. The prelude
 * this module writes for a new thread carries the active mutant over, and sends back every mutant
 * the thread reaches for the test that started it. Outside a mutation run it is empty.
 *
 * @module
 */

/** The global the mutated code reads and writes (mutation testing's default namespace). */
const namespace = '__stryker__';
/** The channel on which threads report the mutants they reach. */
const coverageChannel = 'thread-mutant-coverage';

/** The part of the global this module reads and writes. */
interface MutationState {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

/** One mutant a thread reached while the test `test` ran. */
interface Reached {
  test: string;
  mutant: string;
}

let listening = false;

/**
 * JavaScript to run in a new thread before its module loads: it sets the mutant that is active
 * here, and while tests' reach is being recorded, reports each mutant the thread reaches.
 *
 * @returns The prelude, or `''` outside a mutation run.
 */
export function mutationPrelude(): string {
  const state = (globalThis as Record<string, unknown>)[namespace] as MutationState | undefined;
  if (state === undefined) return '';
  const { activeMutant, currentTestId } = state;
  if (currentTestId === undefined) return `globalThis.${namespace} = ${JSON.stringify({ activeMutant })};`;
  listen(state);
  return `{
  const channel = new BroadcastChannel(${JSON.stringify(coverageChannel)});
  channel.unref();
  const test = ${JSON.stringify(currentTestId)};
  // The proxy is the prototype: only a mutant's first count goes through it, to report the mutant
  // and define it on the object itself, where every later count lands as on a plain object.
  const reached = Object.create(new Proxy({}, {
    set(_, mutant, count, counts) {
      channel.postMessage({ test, mutant });
      Object.defineProperty(counts, mutant, { value: count, writable: true, enumerable: true, configurable: true });
      return true;
    },
  }));
  globalThis.${namespace} = { currentTestId: test, mutantCoverage: { static: {}, perTest: { [test]: reached } } };
}
`;
}

/** Adds the mutants threads report to this thread's record, once per process. */
function listen(state: MutationState): void {
  if (listening) return;
  listening = true;
  const channel = new BroadcastChannel(coverageChannel);
  (channel as unknown as { unref(): void }).unref();
  channel.onmessage = (event) => {
    const { test, mutant } = (event as MessageEvent).data as Reached;
    state.mutantCoverage ??= { static: {}, perTest: {} };
    const counts = (state.mutantCoverage.perTest[test] ??= {});
    counts[mutant] = (counts[mutant] ?? 0) + 1;
  };
}
