/**
 * The spec's record of every child a test starts, to prove that none outlives the test and that
 * no password travels on a command line.
 *
 * Each test gets a fresh scratch folder and a log file in it, named by the environment variable
 * the given child programs read (`childLogVariable`): every child the code under test starts
 * inherits the variable and appends `{ pid, program, args }` to the log as it starts.
 *
 * Tests of a file may run at the same time and still each see only their own children:
 * `process.env` answers the variable with the log of the test whose code reads it (an
 * `AsyncLocalStorage` follows each test through its awaits, timers and callbacks), and a child
 * inherits the environment of the moment it is started, from the test that started it.
 *
 * A child records itself only once its runtime has booted, so a test that needs a child on
 * record waits for it (`waitForEntries`). The folders stay until `sweepChildLogs()`, at the end
 * of the file, so that a child that starts late still finds its log, and is still caught.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, aroundEach, beforeAll } from 'vitest';
import { isDeno } from '../../../lib/runtime.ts';
import { childLogVariable } from '../children.ts';

/**
 * Options for a `describe()` whose tests may run at the same time. Not on Deno, whose
 * `node:child_process` gives a child the real environment when no `env` is passed, not
 * `process.env`: there the tests run one at a time, and the real variable names the running test's
 * log. (Mutation testing runs them one at a time too: see dev/mutation.vitest.config.ts.)
 */
export const concurrently = { concurrent: !isDeno };

/** One child, as it recorded itself when it started. */
export interface ChildEntry {
  pid: number;
  /** Its script's file name, e.g. `'sleep.mjs'`. */
  program: string;
  args: string[];
}

/** Every log of this test file, for the final sweep. */
const logs: ChildLog[] = [];
/** The children a test's `close()` named as survivors and killed. */
const reported = new Set<number>();

/** The log of the test whose code is running, wherever its awaits, timers and callbacks lead. */
const currentLog = new AsyncLocalStorage<ChildLog>();

/** The children started during one test, and a scratch folder for it. */
export class ChildLog {
  /** An empty folder for the test, removed by `sweepChildLogs()`. */
  readonly folder: string;
  /** The log file, which the test's children find in their environment. */
  readonly path: string;

  /** Creates the folder; the log file appears with the first child. */
  constructor() {
    this.folder = mkdtempSync(join(tmpdir(), 'spawn-chain-'));
    this.path = join(this.folder, 'children.jsonl');
    logs.push(this);
  }

  /** Every child that has recorded itself so far, oldest first. */
  entries(): ChildEntry[] {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n').filter(Boolean);
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
    for (const { pid } of survivors) {
      process.kill(pid, 'SIGKILL');
      reported.add(pid);
    }
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
  // A child its test already named and killed may not be reaped yet: it is that test's failure, not a new one.
  const survivors = logs.flatMap((log) => log.running()).filter(({ pid }) => !reported.has(pid));
  for (const { pid } of survivors) process.kill(pid, 'SIGKILL');
  for (const log of logs.splice(0)) rmSync(log.folder, { recursive: true, force: true });
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
 * Variables the children go without. Node reads the certificates `NODE_EXTRA_CA_CERTS` names at
 * every start, which can cost more than the rest of its start, and no child opens a TLS connection.
 */
const withheld: ReadonlySet<string | symbol> = new Set(['NODE_EXTRA_CA_CERTS']);

/**
 * Makes `process.env` answer `childLogVariable` with the log of the test whose code reads it, and
 * list it among its keys, so that every way of starting a child (execa, which copies
 * `process.env`, or `node:child_process`, which reads it) hands each child its own test's log.
 * The `withheld` variables read as unset. Everything else reads and writes the real environment.
 *
 * @returns A function that puts the real `process.env` back.
 */
function followTestsInEnv(): () => void {
  const real = process.env;
  /** How `key` reads here, when not as in the real environment: `{ value }`, undefined for unset. */
  const shown = (key: string | symbol): { value: string | undefined } | undefined =>
    key === childLogVariable && currentLog.getStore()
      ? { value: currentLog.getStore()!.path }
      : withheld.has(key)
        ? { value: undefined }
        : undefined;
  process.env = new Proxy(real, {
    get: (target, key) => {
      const own = shown(key);
      return own ? own.value : Reflect.get(target, key);
    },
    set: (target, key, value) => Reflect.set(target, key, value),
    has: (target, key) => {
      const own = shown(key);
      return own ? own.value !== undefined : Reflect.has(target, key);
    },
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target).filter((key) => !withheld.has(key));
      return shown(childLogVariable) && !keys.includes(childLogVariable) ? [...keys, childLogVariable] : keys;
    },
    getOwnPropertyDescriptor: (target, key) => {
      const own = shown(key);
      if (!own) return Reflect.getOwnPropertyDescriptor(target, key);
      return own.value === undefined
        ? undefined
        : { value: own.value, writable: true, enumerable: true, configurable: true };
    },
  });
  return () => {
    process.env = real;
    delete real[childLogVariable];
  };
}

/**
 * Gives each test of the calling file a fresh `ChildLog`, checks after each test that none of its
 * children outlived it, and sweeps every log at the end of the file. Tests may run at the same
 * time (see `concurrently`): each sees only its own children.
 *
 * @returns A function that gives the log of the test calling it.
 */
export function logChildrenOfEachTest(): () => ChildLog {
  let restoreEnv = () => {};
  beforeAll(() => {
    restoreEnv = followTestsInEnv();
  });
  aroundEach(async (runTest) => {
    const log = new ChildLog();
    // Where process.env is not read (Deno's node:child_process without env), the real variable
    // serves, which is right as long as the tests run one at a time there.
    process.env[childLogVariable] = log.path;
    await currentLog.run(log, runTest);
    await log.close();
  });
  afterAll(() => {
    restoreEnv();
    sweepChildLogs();
  });
  return () => {
    const log = currentLog.getStore();
    if (!log) throw new Error('Cannot read the child log: only the code of a running test has one');
    return log;
  };
}
