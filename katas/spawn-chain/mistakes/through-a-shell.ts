/**
 * Mistake: run() starts the child through a shell (shell: true), which splits, expands and runs its arguments.
 * Caught by: run() passes each argument to the child as it is: no shell splits, expands or runs it
 */
import { execa } from 'execa';
import { ChildFailedError, type RunOptions, type RunResult } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function run(file: string, args: readonly string[] = [], options: RunOptions = {}): Promise<RunResult> {
  const { input, env } = options;
  const result = await execa(file, args, {
    env,
    ...(input === undefined ? { stdin: 'ignore' } : { input }),
    shell: true,
    reject: false,
  });
  if (result.failed)
    throw new ChildFailedError(result.command, {
      exitCode: result.exitCode,
      signal: result.signal,
      stderr: result.stderr,
    });
  return { stdout: result.stdout, exitCode: 0 };
}
