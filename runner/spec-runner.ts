/**
 * Runs a kata's spec against one side through Vitest's Node API, and reads back each test's
 * outcome: the one way the repo runs a spec and the one shape of its result, for the learner's
 * loop and the maintainer's checks alike.
 *
 * One Vitest instance serves every run, so a re-run after a save starts in about a second. The
 * code under test runs in Vitest's child processes, never in the runner's: a microtask spin there
 * starves that process's event loop, the watchdog of test/support/setup.ts kills it and reports the
 * test through its report file (see test/support/watchdog-report.ts), and the run ends with that as
 * its lesson. A deadline per run is the last resort.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import type { Reporter, TestCase, TestModule, TestSpecification, TestSuite, Vitest } from 'vitest/node';
import type { Side } from '../lib/katas.ts';
import { readStarvations, watchdogReportVariable } from '../test/support/watchdog-report.ts';

/** The fast tests run on every save; the timing tests (slow) only once the fast ones pass. */
export type Phase = 'fast' | 'timing';

/** How one test ended. */
export interface TestOutcome {
  /** The test's own name. */
  name: string;
  /** Its suites' names and its own, joined with ` > `. */
  fullName: string;
  /** `pending` means it never finished: its process died, or the run was stopped. */
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The first line of each of its errors, when it failed: at least one. */
  messages?: string[];
  /** Why it skipped itself, e.g. a timing test on a busy machine. */
  note?: string;
  /** The README step it belongs to: the step its suite names (`describe('step N: ...')`). */
  step?: number;
}

/** The outcome of one phase of a kata's spec. */
export interface PhaseRun {
  phase: Phase;
  /** Every test of the phase, in the spec's order (files by path, tests as written). */
  tests: TestOutcome[];
  /** Spec files that could not run, e.g. because the kata's code does not compile. */
  loadErrors: string[];
  /** Errors that escaped every test, e.g. a promise rejected with nobody waiting for it. */
  escapedErrors: string[];
  /**
   * The tests running when an event loop starved, as the watchdogs named them, in every test process
   * that starved (none named: while a file loaded).
   */
  starvedIn?: string[];
  /** Set when the run was stopped at its deadline, in milliseconds. */
  timedOutAfterMs?: number;
  /** True when `cancel()` stopped it because the learner saved again. */
  cancelled: boolean;
  /** What the tests printed (the timing tests print their figures). */
  output: string[];
}

/** Deadlines per phase, in milliseconds: far beyond what a spec needs, only there for hangs nothing else stops. */
export interface Deadlines {
  fast: number;
  timing: number;
}

/** Options of a `SpecRunner`. */
export interface SpecRunnerOptions {
  /** The side the specs run against; `katas` (the learner's) by default. */
  side?: Side;
  /** When to stop a run that nothing else stopped. */
  deadlines?: Deadlines;
}

const suiteStep = /^step (\d+)\b/i;

/**
 * Runs katas' specs, one phase at a time.
 *
 * @example Run the fast tests of a kata
 * ```ts
 * const runner = new SpecRunner(root);
 * const run = await runner.run('closable-queue', 'fast');
 * console.log(run.tests.filter((test) => test.state === 'passed').length);
 * await runner.close();
 * ```
 */
export class SpecRunner {
  readonly #root: string;
  readonly #deadlines: Deadlines;
  readonly #projects: Record<Phase, string>;
  /** Where the watchdog of a test process reports a starved event loop (see test/support/watchdog-report.ts). */
  readonly #reports = mkdtempSync(join(tmpdir(), 'kata-watchdog-'));
  /** The report file of this runner's test processes; emptied before each run. */
  readonly #report = join(this.#reports, 'starved.jsonl');
  #vitest: Promise<Vitest> | undefined;
  #closed = false;
  /** Set by cancel(); the run that sees it (the current one, or else the next) ends as cancelled and clears it. */
  #cancelled = false;
  #output: string[] = [];

  /**
   * @param root The repo's root folder.
   * @param options The side to run against, and the deadlines.
   */
  constructor(
    root: string,
    { side = 'katas', deadlines = { fast: 120_000, timing: 300_000 } }: SpecRunnerOptions = {},
  ) {
    this.#root = root;
    this.#deadlines = deadlines;
    this.#projects = { fast: side, timing: `${side}:timing` };
  }

  /**
   * Runs one phase of a kata's spec.
   *
   * @param slug The kata: its spec is katas/<slug>/test/.
   * @param phase `fast` for the deterministic tests, `timing` for its `*.timing.test.ts` files.
   * @returns How every test of the phase ended; a phase with no spec files has no tests.
   */
  async run(slug: string, phase: Phase): Promise<PhaseRun> {
    if (this.#closed)
      throw new Error(`Cannot run the spec of ${slug}: the runner is closed, received a run after close()`);
    const vitest = await this.#start();
    const projectName = this.#projects[phase];
    const specifications = (await vitest.globTestSpecifications([`${join(this.#root, 'katas', slug, 'test')}/`]))
      .filter((specification) => specification.project.name === projectName)
      .sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    const result: PhaseRun = { phase, tests: [], loadErrors: [], escapedErrors: [], cancelled: false, output: [] };
    if (specifications.length === 0) return result;
    writeFileSync(this.#report, '');
    this.#output = [];
    const finished = this.#cancelled
      ? 'cancelled'
      : await this.#withDeadline(vitest, specifications, this.#deadlines[phase]);
    result.cancelled = this.#cancelled;
    this.#cancelled = false;
    if (finished === 'cancelled') return result;
    result.output = this.#output;
    const starvations = readStarvations(this.#report);
    if (starvations.length > 0) result.starvedIn = starvations.flatMap((starvation) => starvation.tests);
    if (finished === 'timed out') {
      result.timedOutAfterMs = this.#deadlines[phase];
      return result;
    }
    const ran = new Set(specifications.map((specification) => specification.moduleId));
    for (const module of finished.testModules.filter(
      (candidate) => ran.has(candidate.moduleId) && candidate.project.name === projectName,
    )) {
      const file = relative(this.#root, module.moduleId);
      for (const error of module.errors()) result.loadErrors.push(`Cannot run ${file}: ${summary(error.message)}`);
      for (const test of module.children.allTests()) result.tests.push(outcome(test));
    }
    // A test process killed by the watchdog shows up as an escaped error too; starvedIn says it better.
    if (result.starvedIn !== undefined) return result;
    for (const error of finished.unhandledErrors as { message?: string }[]) {
      result.escapedErrors.push(`An error escaped the tests: ${summary(error.message ?? String(error))}`);
    }
    return result;
  }

  /**
   * Makes the next run load a file afresh: Vitest keeps transformed modules until told.
   *
   * @param path The absolute path of a file that changed.
   */
  changed(path: string): void {
    void this.#vitest?.then((vitest) => vitest.invalidateFile(path));
  }

  /** Stops the current run as soon as its running tests finish; its result says `cancelled`. */
  async cancel(): Promise<void> {
    this.#cancelled = true;
    await (await this.#vitest)?.cancelCurrentRun('keyboard-input');
  }

  /** Ends Vitest and every test process; a run still going ends with them. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#discard();
    rmSync(this.#reports, { recursive: true, force: true });
  }

  /** Ends the current Vitest instance; the next run starts a new one. */
  async #discard(): Promise<void> {
    const vitest = this.#vitest;
    this.#vitest = undefined;
    await (await vitest)?.close();
  }

  #start(): Promise<Vitest> {
    this.#vitest ??= this.#create();
    return this.#vitest;
  }

  async #create(): Promise<Vitest> {
    // Vitest's test processes take their environment from this process when they start.
    process.env[watchdogReportVariable] = this.#report;
    const { createVitest } = await import('vitest/node');
    const collector: Reporter = { onUserConsoleLog: (log) => void this.#output.push(log.content) };
    const stdout = new OpenWritable(() => {});
    const stderr = new OpenWritable(() => {});
    return createVitest(
      'test',
      {
        root: this.#root,
        config: join(this.#root, 'vitest.config.ts'),
        watch: false,
        project: Object.values(this.#projects),
        reporters: [collector],
      },
      {},
      { stdout, stderr },
    );
  }

  /** Runs the specifications, or gives up at the deadline and replaces the Vitest instance (and its stuck processes). */
  async #withDeadline(vitest: Vitest, specifications: TestSpecification[], ms: number) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'timed out'>((resolve) => (timer = setTimeout(resolve, ms, 'timed out')));
    const running = vitest.runTestSpecifications(specifications);
    const finished = await Promise.race([running, deadline]);
    clearTimeout(timer);
    if (finished === 'timed out') {
      running.catch(() => {}); // discarding Vitest below may reject the abandoned run
      await this.#discard();
    }
    return finished;
  }
}

/**
 * A sink for Vitest's output streams. Vitest pipes each test process's output into them, and a
 * pipe ends its destination when the process exits; these stay open for the next process.
 */
class OpenWritable extends Writable {
  constructor(onText: (text: string) => void) {
    super({
      write(chunk: Buffer | string, _encoding, callback) {
        onText(String(chunk));
        callback();
      },
    });
  }

  override end(): this {
    return this;
  }
}

function outcome(test: TestCase): TestOutcome {
  const result = test.result();
  const outcome: TestOutcome = { name: test.name, fullName: test.fullName, state: result.state };
  if (result.state === 'failed') {
    const messages = (result.errors ?? []).map((error) => firstLine(error.message ?? 'failed without a message'));
    outcome.messages = messages.length > 0 ? messages : ['failed without a message'];
  }
  if (result.state === 'skipped' && result.note) outcome.note = result.note;
  const step = suiteStepOf(test);
  if (step !== undefined) outcome.step = step;
  return outcome;
}

function suiteStepOf(test: TestCase): number | undefined {
  let parent: TestSuite | TestModule = test.parent;
  while (parent.type === 'suite') {
    const number = suiteStep.exec(parent.name)?.[1];
    if (number) return Number(number);
    parent = parent.parent;
  }
  return undefined;
}

function firstLine(text: string): string {
  return plain(text).trim().split('\n')[0]!.trim();
}

/**
 * One line from a compiler's or loader's multi-line, coloured report: its first line that says
 * something, and where, e.g. `[PARSE_ERROR] Unexpected token at katas/x/x.ts:243:23`.
 */
function summary(message: string): string {
  const text = plain(message);
  const line =
    text
      .split('\n')
      .map((part) => part.trim())
      .find((part) => part !== '' && !/^Transform failed with \d+ errors?:$/.test(part)) ?? text.trim();
  const where = /[\w./-]+\.[cm]?[jt]sx?:\d+:\d+/.exec(text)?.[0];
  return where && !line.includes(where) ? `${line} at ${where}` : line;
}

/** Text without terminal colour codes. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every terminal colour code
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
