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
 * @module
 */
import { inspect } from 'node:util';
import { execa, type Result, type ResultPromise } from 'execa';
import { passwordVariable, program } from '../../katas/spawn-chain/children.ts';
import { ChildFailedError, ChildTimeoutError } from '../../katas/spawn-chain/errors.ts';

export { ChildFailedError, ChildTimeoutError, type ChildOutcome } from '../../katas/spawn-chain/errors.ts';

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
  checkCommand('run the command', { file, args, env: options.env });
  const { input, env } = options;
  if (input !== undefined && typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot run the command: the input must be a string or a Uint8Array, received ${inspect(input)}`,
    );
  }
  // An argument array, never a command line: execa passes each argument to the program as it is
  // (shell: false is its default). Without input, stdin is empty rather than an open pipe nobody
  // writes to, so a child that reads its input cannot wait forever.
  const result = await execa(file, args, {
    env,
    ...(input === undefined ? { stdin: 'ignore' } : { input }),
    reject: false,
  });
  if (result.failed) throw childFailed(result);
  return { stdout: result.stdout, exitCode: 0 };
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
  checkCommand('poll the command', { file, args });
  if (typeof onPoll !== 'function') {
    throw new TypeError(`Cannot poll the command: onPoll must be a function, received ${inspect(onPoll)}`);
  }
  checkDuration('poll the command', 'intervalMs', intervalMs);
  const child = execa(file, args, { stdin: 'ignore', stdout: 'ignore', reject: false });
  let pollError: { error: unknown } | undefined;
  const timer = setInterval(() => {
    try {
      onPoll();
    } catch (error) {
      pollError ??= { error };
      child.kill();
    }
  }, intervalMs);
  // The interval must stop whatever happens, or onPoll would outlive the child.
  const result = await child.finally(() => clearInterval(timer));
  if (pollError) throw pollError.error;
  // A non-zero exit is an answer here, like Popen.poll() returning it; a signal or a failed start
  // leaves no exit code to return, so it is an error.
  if (result.exitCode === undefined) throw childFailed(result);
  return result.exitCode;
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
  checkCommands('run the commands', commands);
  // Start them all before awaiting any: awaiting inside the loop would run them one at a time.
  const children = commands.map(({ file, args = [] }) => execa(file, args, { stdin: 'ignore' }));
  try {
    const results = await Promise.all(children);
    return results.map(({ stdout }) => ({ stdout, exitCode: 0 }));
  } catch (error) {
    // Promise.all rejects at the first failure while the others still run: stop them, and wait
    // until they have exited so that none outlives the call.
    for (const child of children) child.kill();
    await Promise.allSettled(children);
    throw childFailed(error as Result);
  }
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
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`Cannot chain the commands: the data must be a Uint8Array, received ${inspect(data)}`);
  }
  checkCommands('chain the commands', commands);
  if (commands.length === 0)
    throw new RangeError('Cannot chain the commands: there must be at least one command, received 0');
  const last = commands.length - 1;
  // Start every stage at once, then connect them with execa's pipe(), which streams one child's
  // stdout into the next one's stdin with back-pressure. Only the last child's stdout is kept;
  // every stderr is kept for the error message. Binary output, exactly as written.
  const children = commands.map(({ file, args = [], env }, index) =>
    execa(file, args, {
      env,
      ...(index === 0 ? { input: data } : {}),
      encoding: 'buffer',
      // Stryker disable next-line ObjectLiteral: buffering every stdout changes only how much memory the parent uses
      buffer: { stdout: index === last, stderr: true },
      stripFinalNewline: false,
    }),
  );
  // pipe() settles once both of its children have exited, and fails if either failed (like a
  // shell's pipefail), naming the failed one. When a reader stops early, pipe() closes the pipe
  // behind it, so the writer stops too instead of blocking forever on a full pipe.
  const pipeline = children
    .slice(1)
    .reduce<Promise<Result> & Pick<ResultPromise, 'pipe'>>((source, child) => source.pipe(child), children[0]!);
  try {
    return (await pipeline).stdout as Uint8Array;
  } catch (error) {
    throw childFailed(error as Result);
  }
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
  return chain(data, [encrypter(password)]);
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
  return chain(data, [encrypter(password, ['-d'])]);
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
  return chain(data, [encrypter(password), program('dgst')]);
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
  checkCommand('run the command', { file, args });
  checkDuration('run the command', 'timeoutMs', timeoutMs);
  // execa sends SIGTERM when the time is up, SIGKILL if the child is still there a second later,
  // and settles only after the child has exited: a rejected promise never leaves it running.
  const result = await execa(file, args, {
    stdin: 'ignore',
    timeout: timeoutMs,
    forceKillAfterDelay: 1000,
    reject: false,
  });
  if (result.timedOut) throw new ChildTimeoutError(result.command, timeoutMs);
  if (result.failed) throw childFailed(result);
  return { stdout: result.stdout, exitCode: 0 };
}

/** The encrypter (or, with `-d`, the decrypter), told to read the password from its environment. */
function encrypter(password: string, flags: readonly string[] = []): Command {
  if (typeof password !== 'string') {
    throw new TypeError(`Cannot encrypt or decrypt: the password must be a string, received ${inspect(password)}`);
  }
  const { file, args } = program('enc', [...flags, '-pass', `env:${passwordVariable}`]);
  return { file, args, env: { [passwordVariable]: password } };
}

/** Turns a failed execa result into the error this module promises. */
function childFailed(result: Result): ChildFailedError {
  // Text for run() and the others, bytes for chain(), which keeps its final newline.
  const stderr = (
    typeof result.stderr === 'string' ? result.stderr : new TextDecoder().decode(result.stderr as Uint8Array)
  ).trimEnd();
  const { command, exitCode, signal, originalMessage } = result;
  return new ChildFailedError(command, { exitCode, signal, stderr, reason: originalMessage }, { cause: result });
}

/** Checks a list of commands, all of them before any child starts. */
function checkCommands(action: string, commands: readonly Command[]): void {
  if (!Array.isArray(commands))
    throw new TypeError(`Cannot ${action}: the commands must be an array, received ${inspect(commands)}`);
  for (const command of commands) {
    if (typeof command !== 'object' || command === null) {
      throw new TypeError(`Cannot ${action}: each command must be an object with a file, received ${inspect(command)}`);
    }
    checkCommand(action, command);
  }
}

/** Checks one command at the boundary, so every function words its argument errors alike. */
// Stryker disable next-line ArrayDeclaration: the default only feeds the check, which any array of strings passes alike
function checkCommand(action: string, { file, args = [], env }: Command): void {
  if (typeof file !== 'string' || file === '') {
    throw new TypeError(`Cannot ${action}: the file must be a non-empty string, received ${inspect(file)}`);
  }
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    throw new TypeError(`Cannot ${action}: the arguments must be an array of strings, received ${inspect(args)}`);
  }
  if (
    env !== undefined &&
    (typeof env !== 'object' || env === null || !Object.values(env).every((value) => typeof value === 'string'))
  ) {
    throw new TypeError(`Cannot ${action}: env must be an object of strings, received ${inspect(env)}`);
  }
}

/** Checks a time in milliseconds: 0 would mean "no timeout" to execa, so it is out of range. */
function checkDuration(action: string, name: string, ms: number): void {
  if (typeof ms !== 'number')
    throw new TypeError(`Cannot ${action}: ${name} must be a number, received ${inspect(ms)}`);
  if (!(ms > 0 && ms < Infinity))
    throw new RangeError(`Cannot ${action}: ${name} must be a positive finite number, received ${ms}`);
}
