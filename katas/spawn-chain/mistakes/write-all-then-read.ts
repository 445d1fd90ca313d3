/**
 * Mistake: encrypt() and decrypt() write all the data to the child before they read any of its output, a deadlock once the data outgrows the pipe buffers.
 * Caught by: decrypt(encrypt(data)) gives the data back
 */
import { execa } from 'execa';
import { passwordVariable, program } from '../children.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function encrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  return throughEncrypter(data, password, []);
}

export async function decrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  return throughEncrypter(data, password, ['-d']);
}

async function throughEncrypter(data: Uint8Array, password: string, flags: string[]): Promise<Uint8Array> {
  const { file, args } = program('enc', [...flags, '-pass', `env:${passwordVariable}`]);
  const child = execa(file, args, { env: { [passwordVariable]: password }, buffer: false, encoding: 'buffer' });
  // Waits until every byte is written: the child blocks on its full stdout and stops reading, so
  // for a large input this never completes.
  await new Promise<void>((resolve, reject) =>
    child.stdin.end(data, (error?: Error | null) => (error ? reject(error) : resolve())),
  );
  const chunks: Uint8Array[] = [];
  for await (const chunk of child.stdout) chunks.push(chunk as Uint8Array);
  await child;
  return new Uint8Array(Buffer.concat(chunks));
}
