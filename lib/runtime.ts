/**
 * Facts about the runtime this code runs in: the one place the repo asks whether it is Node or Deno.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

/** True when this code runs under Deno rather than Node. */
export const isDeno: boolean = 'Deno' in globalThis;

const deno = (globalThis as unknown as { Deno?: { execPath(): string; version: { deno: string } } }).Deno;

/** The runtime's name and version, e.g. `Node v20.19.0` or `Deno 2.9.6`. */
export const runtimeName: string = deno ? `Deno ${deno.version.deno}` : `Node ${process.version}`;

/**
 * The command line that runs a TypeScript or JavaScript file in this runtime, for a child process:
 * Deno runs TypeScript as it is, Node goes through tsx.
 *
 * @param script The script's absolute path.
 * @returns The program, then its arguments up to and including the script's path.
 * @example Start the learner's loop in a child process
 * ```ts
 * const [file, ...args] = scriptCommand('/repo/runner/main.ts');
 * spawn(file, [...args, 'list']);
 * ```
 */
export function scriptCommand(script: string): [string, ...string[]] {
  if (deno) return [deno.execPath(), 'run', '-A', script];
  return [process.execPath, fileURLToPath(import.meta.resolve('tsx/cli')), script];
}
