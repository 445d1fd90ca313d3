/**
 * The spec's record of every child a test starts, to prove that none outlives the test and that
 * no password travels on a command line.
 *
 * Each test gets a fresh scratch folder and a log file in it, named by the environment variable
 * the given child programs read (`childLogVariable`): every child the code under test starts
 * inherits the variable and appends `{ pid, program, args }` to the log as it starts.
 *
 * A child records itself only once its runtime has booted, so a test that needs a child on
 * record waits for it (`waitForEntries`). The folders stay until `sweepChildLogs()`, at the end
 * of the file, so that a child that starts late still finds its log, and is still caught.
 *
 * @module
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { childLogVariable } from '../children.ts';

/** One child, as it recorded itself when it started. */
export interface ChildEntry {
  pid: number;
  /** Its script's file name, e.g. `'sleep.mjs'`. */
  program: string;
  args: string[];
}

/** Every log of this test file, for the final sweep. */
const logs: ChildLog[] = [];

/** The children started during one test, and a scratch folder for it. */
export class ChildLog {
  /** An empty folder for the test, removed by `sweepChildLogs()`. */
  readonly folder: string;
  readonly #path: string;

  /** Creates the folder and points the children started from now on at its log file. */
  constructor() {
    this.folder = mkdtempSync(join(tmpdir(), 'spawn-chain-'));
    this.#path = join(this.folder, 'children.jsonl');
    process.env[childLogVariable] = this.#path;
    logs.push(this);
  }

  /** Every child that has recorded itself so far, oldest first. */
  entries(): ChildEntry[] {
    if (!existsSync(this.#path)) return [];
    const lines = readFileSync(this.#path, 'utf8').split('\n').filter(Boolean);
    return lines.map((line) => JSON.parse(line) as ChildEntry);
  }

  /** The recorded children still running now. */
  running(): ChildEntry[] {
    return this.entries().filter(({ pid }) => isRunning(pid));
  }

  /**
   * Resolves with the entries once at least `count` children have recorded themselves, or when
   * `ms` have passed (a child killed while its runtime booted never records itself).
   */
  async waitForEntries(count: number, ms = 5000): Promise<ChildEntry[]> {
    const deadline = performance.now() + ms;
    while (this.entries().length < count && performance.now() < deadline) await pause(10);
    return this.entries();
  }

  /**
   * Waits up to `graceMs` for every recorded child to exit, then kills any survivor (they are all
   * this test's children).
   *
   * @throws {Error} Naming the survivors, when there were any.
   */
  async close(graceMs = 2000): Promise<void> {
    const deadline = performance.now() + graceMs;
    let survivors = this.running();
    while (survivors.length > 0 && performance.now() < deadline) {
      await pause(25);
      survivors = this.running();
    }
    if (survivors.length === 0) return;
    for (const { pid } of survivors) process.kill(pid, 'SIGKILL');
    throw new Error(
      `${survivors.length} child process(es) still ran ${graceMs} ms after the test: ${survivors.map(describe).join(', ')}. ` +
        'A promise here must not settle while a child it started is alive: kill the children you give up on, ' +
        'and wait for them to exit (await the execa promise) before settling.',
    );
  }
}

/**
 * Kills every recorded child of this file still running (one that recorded itself after its
 * test ended), removes the folders, and fails naming them, if there were any.
 */
function sweepChildLogs(): void {
  const survivors = logs.flatMap((log) => log.running());
  for (const { pid } of survivors) process.kill(pid, 'SIGKILL');
  for (const log of logs.splice(0)) rmSync(log.folder, { recursive: true, force: true });
  delete process.env[childLogVariable];
  if (survivors.length > 0) {
    throw new Error(
      `${survivors.length} child process(es) outlived their tests: ${survivors.map(describe).join(', ')}`,
    );
  }
}

/** True while the process `pid` exists (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A child as a short label, e.g. `sleep.mjs 10000 (pid 4242)`. */
export function describe({ pid, program, args }: ChildEntry): string {
  return `${[program, ...args].join(' ')} (pid ${pid})`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Gives each test of the calling file a fresh `ChildLog`, checks after each test that none of its
 * children outlived it, and sweeps every log at the end of the file.
 *
 * @returns The current test's log.
 */
export function logChildrenOfEachTest(): () => ChildLog {
  let log: ChildLog;
  beforeEach(() => {
    log = new ChildLog();
  });
  afterEach(() => log.close());
  afterAll(sweepChildLogs);
  return () => log;
}
