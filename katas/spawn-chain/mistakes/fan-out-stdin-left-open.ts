/**
 * Mistake: runInParallel() leaves each child's stdin an open pipe that nobody ends, so a child that reads its input waits forever.
 * Caught by: runInParallel() resolves with every result, in the order of the commands
 */
import { execa, type Result } from 'execa';
import { ChildFailedError, type RunResult } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function runInParallel(
  commands: readonly { file: string; args?: readonly string[] }[],
): Promise<RunResult[]> {
  // execa's stdin is a pipe by default, and with no input nothing ever ends it.
  const children = commands.map(({ file, args = [] }) => execa(file, args));
  try {
    const results = await Promise.all(children);
    return results.map(({ stdout }) => ({ stdout, exitCode: 0 }));
  } catch (error) {
    for (const child of children) child.kill();
    await Promise.allSettled(children);
    const { command, exitCode, signal, stderr, originalMessage } = error as Result<{ stdin: 'pipe' }>;
    throw new ChildFailedError(command, { exitCode, signal, stderr, reason: originalMessage }, { cause: error });
  }
}
