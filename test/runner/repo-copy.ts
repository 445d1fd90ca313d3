/**
 * A temporary copy of the repo in which a test drives `npm run kata` as a learner would: the
 * runner, the maintainer's commands, the shared config and support files, and the chosen katas'
 * folders with their references. node_modules is a link to the real one. The copy has no .git, so everything the
 * runner does here works without git. Both are removed when the test finishes.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';
import { readKatas } from '../../lib/katas.ts';
import { scriptCommand } from '../../lib/runtime.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const shared = [
  'package.json',
  'deno.json',
  'tsconfig.json',
  'vitest.config.ts',
  'README.md',
  'lib',
  'runner',
  'dev',
  'test/support',
];
const perKata = ['katas', 'solutions'];

/** What a finished run of the runner printed, and how it exited. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Copies the repo for one test.
 *
 * @param context The test's context: the copy is removed when the test finishes, and what the
 *   runner printed is shown when it fails.
 * @param katas The katas to copy, e.g. `['closable-queue']`.
 * @param manifest Which katas the copy knows: only the copied ones (so `check` can pass), or every
 *   kata of the repo (so `list` shows them all; of the others only the kata.json is copied, so their
 *   learner's files are missing).
 * @returns The copy; it is removed when the test finishes.
 */
export function copyRepo(context: TestContext, katas: string[], manifest: 'copied' | 'all' = 'copied'): RepoCopy {
  const root = mkdtempSync(join(tmpdir(), 'kata-runner-'));
  for (const path of shared) cpSync(join(repo, path), join(root, path), { recursive: true });
  for (const slug of katas) {
    for (const folder of perKata) cpSync(join(repo, folder, slug), join(root, folder, slug), { recursive: true });
  }
  if (manifest === 'all') {
    for (const { slug } of readKatas(repo).filter((kata) => !katas.includes(kata.slug))) {
      mkdirSync(join(root, 'katas', slug), { recursive: true });
      cpSync(join(repo, 'katas', slug, 'kata.json'), join(root, 'katas', slug, 'kata.json'));
    }
  }
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  const copy = new RepoCopy(root);
  context.onTestFailed(() => copy.report());
  context.onTestFinished(() => copy.remove());
  return copy;
}

/** A copy of the repo, and ways to run the runner in it. */
export class RepoCopy {
  readonly root: string;
  readonly #sessions = new Set<Session>();

  constructor(root: string) {
    this.root = root;
  }

  /** The absolute path of a file in the copy. */
  path(relative: string): string {
    return join(this.root, relative);
  }

  /** Reads a file of the copy as bytes. */
  read(relative: string): Buffer {
    return readFileSync(this.path(relative));
  }

  /** Writes a file of the copy, as a learner's editor would. */
  write(relative: string, content: string | Uint8Array): void {
    writeFileSync(this.path(relative), content);
  }

  /** Copies a file of the copy over another: a reference or a mistake over the stub. */
  copy(from: string, to: string): void {
    cpSync(this.path(from), this.path(to));
  }

  /**
   * Runs `runner/main.ts` (or another script) with arguments until it exits.
   *
   * @param input What to type into it; stdin ends after it.
   * @param script The script to start, e.g. `dev/main.ts` for the maintainer's commands.
   */
  async run(args: readonly string[], input = '', script = 'runner/main.ts'): Promise<Finished> {
    const session = this.start(args, script);
    session.child.stdin!.end(input);
    return session.exited;
  }

  /** Starts the runner and leaves it running, to type into it and read what it prints as it goes. */
  start(args: readonly string[], script = 'runner/main.ts'): Session {
    const session = new Session(this.root, [...scriptCommand(join(this.root, script)), ...args], args);
    this.#sessions.add(session);
    return session;
  }

  /** Prints what each runner started here printed: after a failure, that is where the story is. */
  report(): void {
    for (const session of this.#sessions)
      console.log(`The runner (${session.args.join(' ')}) printed:\n${session.output}`);
  }

  /** Kills whatever still runs and deletes the copy. */
  remove(): void {
    for (const session of this.#sessions) session.kill();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A running runner: its output so far, a way to type lines, and its exit. */
export class Session {
  readonly child: ChildProcess;
  readonly exited: Promise<Finished>;
  /** The runner's arguments, for messages. */
  readonly args: string[];
  #stdout = '';
  #stderr = '';
  #read = 0;

  constructor(cwd: string, [file, ...args]: string[], runnerArgs: readonly string[]) {
    this.args = [...runnerArgs];
    // The runner must not believe it runs inside this test's Vitest.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST$|NODE_ENV$)/.test(name)),
    );
    // Its own process group, so that kill() reaches the runner's own children and their test processes.
    this.child = spawn(file!, args, { cwd, env: { ...env, CI: 'true', NO_COLOR: '1' }, stdio: 'pipe', detached: true });
    this.child.stdin!.on('error', () => {}); // typing into a runner that already quit: its exit tells the story
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.#stdout += text));
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.#stderr += text));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => resolve({ code, stdout: this.#stdout, stderr: this.#stderr }));
    });
  }

  /** Everything printed so far. */
  get output(): string {
    return this.#stdout + this.#stderr;
  }

  /** Types a line, as a learner does in the line-based mode. */
  type(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /**
   * Waits until the runner prints something that matches, after what earlier waits consumed.
   *
   * @param what For the failure message: what the test was waiting to see.
   * @returns The text printed since the previous wait, up to and including the match.
   */
  async waitFor(pattern: RegExp, ms: number, what: string): Promise<string> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.#stdout.slice(this.#read));
      if (match) {
        const seen = this.#stdout.slice(this.#read, this.#read + match.index + match[0].length);
        this.#read += match.index + match[0].length;
        return seen;
      }
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `The runner never showed ${what} (${pattern}) within ${ms} ms. It printed:\n${this.output.slice(-3000)}`,
    );
  }

  /** Kills it and every process it started. */
  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // the whole group has exited already
    }
  }
}
