/**
 * Mistake: runWithTimeout() rejects when its timer fires but never kills the child, which runs on after the caller has given up.
 * Caught by: runWithTimeout() rejects with ChildTimeoutError long before a 10 s child would end, and the child is dead by then
 */
import { ChildTimeoutError, run, type RunResult } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function runWithTimeout(file: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChildTimeoutError([file, ...args].join(' '), timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([run(file, args), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
