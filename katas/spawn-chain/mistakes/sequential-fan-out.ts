/**
 * Mistake: runInParallel() awaits each child before starting the next, so N children take N times as long as one.
 * Caught by: runInParallel() starts every child before waiting for any: several of 4 sleepers are alive at once
 */
import { run, type RunResult } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function runInParallel(
  commands: readonly { file: string; args?: readonly string[] }[],
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const { file, args = [] } of commands) results.push(await run(file, args)); // the next starts only after this one ended
  return results;
}
