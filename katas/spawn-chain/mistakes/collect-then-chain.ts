/**
 * Mistake: chain() runs each child to its end and collects its whole output before starting the next one, so an endless writer never lets the chain finish.
 * Caught by: chain() ends when the last child exits early without reading: yes | exit-early resolves with "bye\n"
 */
import { execa } from 'execa';
import { ChildFailedError, type Command } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function chain(data: Uint8Array, commands: readonly Command[]): Promise<Uint8Array> {
  let output = data;
  for (const { file, args = [], env } of commands) {
    // Waits for this child to exit, holding all it wrote, before the next child even starts.
    const result = await execa(file, args, {
      env,
      input: output,
      encoding: 'buffer',
      stripFinalNewline: false,
      reject: false,
    });
    if (result.failed)
      throw new ChildFailedError(result.command, {
        exitCode: result.exitCode,
        signal: result.signal,
        reason: result.shortMessage,
      });
    output = result.stdout;
  }
  return output;
}
