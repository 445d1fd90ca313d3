/**
 * Given: the child programs this kata starts, and the command line that starts one with the
 * runtime running this code (Node or Deno), so the kata needs neither `openssl` nor `sleep`.
 *
 * The programs are small plain-JavaScript scripts in `./children/`; each file starts with a
 * comment saying what it reads, writes and how it ends. The reference in `solutions/spawn-chain/`
 * imports this file as it is.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { isDeno } from '../../lib/runtime.ts';

/** The child programs in `./children/`, by file name without `.mjs`. */
export type ProgramName = 'cat' | 'dgst' | 'echo-args' | 'enc' | 'exit' | 'exit-early' | 'sleep' | 'yes';

/** A program and its arguments, ready for `run()`, `chain()` or any other function here. */
export interface ProgramCommand {
  file: string;
  args: string[];
}

/** The environment variable the encrypter reads the password from: `enc.mjs -pass env:SPAWN_CHAIN_PASSWORD`. */
export const passwordVariable = 'SPAWN_CHAIN_PASSWORD';

/**
 * The environment variable that makes every child program record itself: when it names a file,
 * each child appends one JSON line `{ pid, program, args }` to it as it starts. The tests use it
 * to check that no child outlives a test and that no password travels on a command line.
 */
export const childLogVariable = 'SPAWN_CHAIN_LOG';

/**
 * Builds the command that starts one of the kata's child programs with the current runtime:
 * `node <script> ...args` on Node, `deno run -A <script> ...args` on Deno.
 *
 * @param name Which program, e.g. `'sleep'`.
 * @param args Its arguments, passed as they are (no shell ever sees them).
 * @returns The file to start and its arguments.
 * @throws {TypeError} When `name` is not one of the programs or an argument is not a string.
 * @example Start a sleeper for 200 ms
 * ```ts
 * const { file, args } = program('sleep', ['200']);
 * const { stdout } = await run(file, args); // '{"pid":4242,"start":...,"end":...}'
 * ```
 */
export function program(name: ProgramName, args: readonly string[] = []): ProgramCommand {
  if (!programNames.includes(name)) {
    throw new TypeError(
      `Cannot build the command: the program must be one of ${programNames.join(', ')}, received ${String(name)}`,
    );
  }
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    throw new TypeError(
      `Cannot build the command: the arguments must be an array of strings, received ${String(args)}`,
    );
  }
  const script = fileURLToPath(new URL(`./children/${name}.mjs`, import.meta.url));
  return { file: runtime.file, args: [...runtime.args, script, ...args] };
}

const programNames: readonly string[] = ['cat', 'dgst', 'echo-args', 'enc', 'exit', 'exit-early', 'sleep', 'yes'];

/**
 * The executable running this code (Node's or Deno's: both report it as `process.execPath`), and
 * what it needs before a script's path to run it. The children are plain JavaScript, so Node runs
 * them as they are.
 */
const runtime: { file: string; args: readonly string[] } = {
  file: process.execPath,
  args: isDeno ? ['run', '-A'] : [],
};
