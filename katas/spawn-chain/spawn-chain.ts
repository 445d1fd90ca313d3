/**
 * Child processes without a shell: run one, poll one while working, start many at once, stream
 * data through a chain of them, and kill one that overstays: the JavaScript take on "use
 * subprocess to manage child processes".
 *
 * Every function returns a promise and reports every error as a rejection. None settles while a
 * child it started is still running. Argument errors read `Cannot <action>: <rule>, received
 * <value>`: the rule names what is wrong (a parameter, or a field of a command), the value shows
 * what was received. A `ChildFailedError` tells how the child ended in `exitCode`, `signal` and
 * `stderr` (text, its final newline removed), with execa's error as its `cause`.
 *
 * Read katas/spawn-chain/README.md first.
 *
 * @module
 */
// Given: execa runs the children; ./children.ts builds the command lines of the kata's child
// programs (`program('sleep', ['200'])`), whichever runtime runs this file; ./errors.ts holds the
// two error classes this module rejects with, re-exported below for its callers.
import { execa } from 'execa';
import { notImplemented } from '../../lib/not-implemented.ts';
import { passwordVariable, program } from './children.ts';
import { ChildFailedError, ChildTimeoutError } from './errors.ts';

export { ChildFailedError, ChildTimeoutError, type ChildOutcome } from './errors.ts';

/** What a child printed and how it ended. */
export interface RunResult {
  /** Everything it wrote to stdout, as text, with one final newline removed. */
  stdout: string;
  /** Its exit code: always 0 in a result, since any other ending rejects. */
  exitCode: number;
}

/** Options of `run()`. */
export interface RunOptions {
  /** Written to the child's stdin, which then ends; without it the child reads end-of-file at once. */
  input?: string | Uint8Array;
  /** Variables added to the parent's environment for this child. */
  env?: Record<string, string>;
}

/** One stage of a `chain()`: a program, its arguments and extra environment variables. */
export interface Command {
  file: string;
  args?: readonly string[];
  env?: Record<string, string>;
}

/**
 * Runs a program to its end, without a shell, and resolves with what it printed.
 *
 * @param file The program: a path, or a name looked up on `PATH`.
 * @param args Its arguments, each passed as it is: no shell splits, expands or runs them.
 * @param options `input` for its stdin, `env` added to the parent's environment.
 * @returns Its stdout (one final newline removed) and exit code 0.
 * @throws {ChildFailedError} (as a rejection) when it exits with a non-zero code, is killed by a
 *   signal, or cannot start (a missing program); the message names the command.
 * @throws {TypeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Print the arguments a child received
 * ```ts
 * const { file, args } = program('echo-args', ['a b', '$(x)']);
 * const { stdout } = await run(file, args);
 * assert.equal(stdout, '["a b","$(x)"]');
 * ```
 */
export async function run(file: string, args: readonly string[] = [], options: RunOptions = {}): Promise<RunResult> {
  // TODO(step 1): argument list: hand execa the arguments as an array, never a command line for a shell.
  // TODO(step 1): stdin: what does a child that reads its input see when there is no input?
  // TODO(step 2): failure: which endings of a child are failures, and what does the caller learn?
  notImplemented('step 1 of katas/spawn-chain/README.md (run)');
}

/**
 * Starts a program, its stdin empty, and calls `onPoll` every `intervalMs` while it runs, so the
 * parent keeps working: the JavaScript take on a loop around `Popen.poll()`.
 *
 * @param file The program.
 * @param args Its arguments.
 * @param onPoll Called every `intervalMs` until the child ends, never after the promise settles.
 *   If it throws, the child is killed and the promise rejects with that error.
 * @param intervalMs Milliseconds between calls: a positive number.
 * @returns Its exit code once it has exited, whatever the code (0 included, non-zero too).
 * @throws {ChildFailedError} (as a rejection) when it is killed by a signal or cannot start.
 * @throws {TypeError | RangeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Count while a child sleeps
 * ```ts
 * let polls = 0;
 * const { file, args } = program('sleep', ['300']);
 * const code = await pollUntilExit(file, args, () => polls++, 50);
 * assert.equal(code, 0); // and polls is about 6
 * ```
 */
export async function pollUntilExit(
  file: string,
  args: readonly string[],
  onPoll: () => void,
  intervalMs: number,
): Promise<number> {
  // TODO(step 3): polling: keep the parent working while the child runs, and stop when it ends.
  // TODO(step 3): exit status: which endings are an answer, and which are an error?
  notImplemented('step 3 of katas/spawn-chain/README.md (pollUntilExit)');
}

/**
 * Starts every child at once and waits for all of them: N children that each take a second
 * finish in about a second, not N.
 *
 * @param commands The programs and their arguments (`env` is ignored here); every child's stdin is empty.
 * @returns Their results, in the order of `commands`, once every one has exited with code 0.
 * @throws {ChildFailedError} (as a rejection) as soon as one fails; the others are killed first,
 *   and the promise rejects only once all of them have exited.
 * @throws {TypeError} (as a rejection) for a wrong command, before any child is started.
 * @example Ten sleepers in about the time of one
 * ```ts
 * const sleeper = program('sleep', ['1000']);
 * const results = await runInParallel(Array.from({ length: 10 }, () => sleeper)); // about 1 s
 * ```
 */
export async function runInParallel(
  commands: readonly { file: string; args?: readonly string[] }[],
): Promise<RunResult[]> {
  // TODO(step 4): fan-out: when does each child start, relative to waiting for the others?
  // TODO(step 4): clean failure: what happens to the children still running when one fails?
  notImplemented('step 4 of katas/spawn-chain/README.md (runInParallel)');
}

/**
 * Streams `data` through a pipeline of children, like `a | b | c` in a shell: each child's stdout
 * feeds the next child's stdin while they all run, so no intermediate output is ever held whole.
 *
 * @param data Written to the first child's stdin, which then ends.
 * @param commands The stages, in order: at least one.
 * @returns Every byte the last child wrote to stdout, unchanged (no newline removed).
 * @throws {ChildFailedError} (as a rejection) when any child fails, naming that child; a child
 *   that stops early because the next one stopped reading is not a failure.
 * @throws {TypeError | RangeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Hash bytes with a child
 * ```ts
 * const digest = await chain(new TextEncoder().encode('abc'), [program('dgst')]); // 32 bytes
 * ```
 */
export async function chain(data: Uint8Array, commands: readonly Command[]): Promise<Uint8Array> {
  // TODO(step 5): streaming: connect each child's stdout to the next child's stdin while both run.
  // TODO(step 5): binary output: keep the last child's bytes exactly as written.
  // TODO(step 5): pipefail: every stage must succeed, not only the last.
  notImplemented('step 5 of katas/spawn-chain/README.md (chain)');
}

/**
 * Encrypts `data` with the `enc` child. The password travels in the child's environment, never on
 * its command line, where any user listing processes could read it.
 *
 * @param data The plaintext.
 * @param password The password.
 * @returns The ciphertext: a 32-byte header, then as many bytes as `data`.
 * @throws {ChildFailedError} (as a rejection) when the child fails.
 * @throws {TypeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Round trip
 * ```ts
 * const secret = await encrypt(bytes, 'hunter2');
 * assert.deepEqual(await decrypt(secret, 'hunter2'), bytes);
 * ```
 */
export async function encrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  // TODO(step 6): secrets: where can a child read a password that nobody listing processes can see?
  notImplemented('step 6 of katas/spawn-chain/README.md (encrypt)');
}

/**
 * Decrypts what `encrypt()` produced, with the `enc -d` child and the same password.
 *
 * @param data The ciphertext.
 * @param password The password it was encrypted with.
 * @returns The plaintext.
 * @throws {ChildFailedError} (as a rejection) when the child fails, e.g. for an input shorter than the header.
 * @throws {TypeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Round trip
 * ```ts
 * assert.deepEqual(await decrypt(await encrypt(bytes, 'hunter2'), 'hunter2'), bytes);
 * ```
 */
export async function decrypt(data: Uint8Array, password: string): Promise<Uint8Array> {
  notImplemented('step 6 of katas/spawn-chain/README.md (decrypt)');
}

/**
 * Encrypts `data` and hashes the ciphertext, streaming it from the encrypter child into the
 * hasher child: the book's `openssl enc | openssl dgst`.
 *
 * @param data The plaintext.
 * @param password The password.
 * @returns The SHA-256 digest of the ciphertext: 32 bytes, different each time (random salt).
 * @throws {ChildFailedError} (as a rejection) when either child fails.
 * @throws {TypeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Hash a ciphertext without holding it
 * ```ts
 * const digest = await encryptThenHash(bytes, 'hunter2'); // 32 bytes
 * ```
 */
export async function encryptThenHash(data: Uint8Array, password: string): Promise<Uint8Array> {
  notImplemented('step 6 of katas/spawn-chain/README.md (encryptThenHash)');
}

/**
 * Runs a program, its stdin empty, but kills it if it runs longer than `timeoutMs`:
 * `communicate(timeout=...)` followed by `terminate()`.
 *
 * @param file The program.
 * @param args Its arguments.
 * @param timeoutMs How long it may run: a positive number of milliseconds.
 * @returns Its stdout and exit code, like `run()`, when it ends in time.
 * @throws {ChildTimeoutError} (as a rejection) when the time runs out; the child is dead by then.
 * @throws {ChildFailedError} (as a rejection) when it fails before the time runs out.
 * @throws {TypeError | RangeError} (as a rejection) for a wrong argument, before anything is started.
 * @example Give up on a sleeper
 * ```ts
 * const { file, args } = program('sleep', ['10000']);
 * await assert.rejects(runWithTimeout(file, args, 300), ChildTimeoutError);
 * ```
 */
export async function runWithTimeout(file: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  // TODO(step 7): deadline: when the time is up, the promise rejects, and the child?
  notImplemented('step 7 of katas/spawn-chain/README.md (runWithTimeout)');
}
