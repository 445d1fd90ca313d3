/**
 * Mistake: encrypt() and decrypt() give the encrypter its password on the command line (-pass pass:...), where any user listing processes can read it.
 * Caught by: encrypt() passes the password through the environment, never on a command line
 */
import { program } from '../children.ts';
import { chain } from '../../../solutions/spawn-chain/spawn-chain.ts';

export * from '../../../solutions/spawn-chain/spawn-chain.ts';

export async function encrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  return chain(data, [program('enc', ['-pass', `pass:${password}`])]);
}

export async function decrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  return chain(data, [program('enc', ['-d', '-pass', `pass:${password}`])]);
}
