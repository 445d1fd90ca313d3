/**
 * Turns a run of a kata's spec into what the learner needs: solved or not, how many tests pass,
 * and the one lesson to act on next.
 *
 * @module
 */
import type { PhaseRun, SpecRunner, TestOutcome } from './spec-runner.ts';
import type { Workspace } from './workspace.ts';

/** The next thing to fix, in one line. */
export interface Lesson {
  /** What went wrong: a failing test's first line, or what stopped the run. */
  text: string;
  /** The test it comes from, with its suites. */
  test?: string;
  /** The README step it belongs to, when known. */
  step?: number;
}

/** The outcome of a kata's whole spec. */
export interface Verdict {
  /** Every test passed or skipped itself, fast and timing, and nothing else went wrong. */
  solved: boolean;
  /** The learner saved again during the run, which was stopped; nothing here counts. */
  cancelled: boolean;
  passed: number;
  /** Tests that ran: the timing tests count only once the fast ones pass. */
  total: number;
  /** Whether the timing tests ran. */
  timingRan: boolean;
  /** Tests that skipped themselves, with their notes. */
  skipped: TestOutcome[];
  /** The next thing to fix; absent when solved. */
  lesson?: Lesson;
  /** What the timing tests printed: their measured figures. */
  output: string[];
}

/**
 * Judges the phases of one run.
 *
 * @param fast The fast tests' run.
 * @param timing The timing tests' run, when the fast ones passed.
 * @returns The verdict; its lesson is the fast phase's, or else the timing phase's.
 * @example
 * ```ts
 * const verdict = judge(await runner.run(slug, 'fast'));
 * console.log(verdict.lesson?.text);
 * ```
 */
export function judge(fast: PhaseRun, timing?: PhaseRun): Verdict {
  const runs = timing ? [fast, timing] : [fast];
  const tests = runs.flatMap((run) => run.tests);
  const lesson = lessonOf(fast) ?? (timing && lessonOf(timing));
  const cancelled = runs.some((run) => run.cancelled);
  const verdict: Verdict = {
    solved: !lesson && !cancelled && timing !== undefined && fast.tests.length > 0,
    cancelled,
    passed: tests.filter((test) => test.state === 'passed').length,
    total: tests.length,
    timingRan: timing !== undefined,
    skipped: tests.filter((test) => test.state === 'skipped'),
    output: timing?.output ?? [],
  };
  if (lesson) verdict.lesson = lesson;
  return verdict;
}

/**
 * Runs a kata's spec the way the loop does: the fast tests, then the timing tests once the fast
 * ones pass. Remembers whether the kata is solved, unless the run was cancelled.
 *
 * @param onTiming Called when the timing tests start, so a screen can say so.
 * @returns The verdict.
 * @example
 * ```ts
 * const verdict = await assess(workspace, runner, 'closable-queue');
 * process.exitCode = verdict.solved ? 0 : 1;
 * ```
 */
export async function assess(
  workspace: Workspace,
  runner: SpecRunner,
  slug: string,
  onTiming?: () => void,
): Promise<Verdict> {
  const fingerprint = workspace.fingerprint(slug);
  const fast = await runner.run(slug, 'fast');
  let verdict = judge(fast);
  if (!verdict.lesson && !verdict.cancelled && fast.tests.length > 0) {
    onTiming?.();
    verdict = judge(fast, await runner.run(slug, 'timing'));
  }
  if (!verdict.cancelled) workspace.progress.recordRun(slug, fingerprint, verdict.solved);
  return verdict;
}

/**
 * The test that comes first in the README: the lowest step, a test of no step last, and among
 * tests of one step the spec's order (simplest first).
 */
function earliest(tests: readonly TestOutcome[]): TestOutcome | undefined {
  const rank = (test: TestOutcome) => test.step ?? Infinity;
  return tests.reduce<TestOutcome | undefined>(
    (best, test) => (best === undefined || rank(test) < rank(best) ? test : best),
    undefined,
  );
}

function lessonOf(run: PhaseRun): Lesson | undefined {
  if (run.timedOutAfterMs !== undefined) {
    return {
      text: `The ${run.phase} tests did not finish within ${run.timedOutAfterMs / 1000} s and were stopped: something waits forever, or keeps a thread or child process busy`,
    };
  }
  if (run.starvedIn !== undefined) {
    // Tests running side by side all stall when one starves the loop: name the earliest step's.
    const starved = run.starvedIn;
    const test = earliest(run.tests.filter((candidate) => starved.includes(candidate.name)));
    const lesson: Lesson = {
      text: 'The event loop starved: something kept the thread busy without ever giving timers or I/O a turn, like `while (!ready) await null`. Wait on a promise that the other side resolves instead',
    };
    const named = test?.fullName ?? starved[0];
    if (named !== undefined) lesson.test = starved.length > 1 ? `${named} (or a test running beside it)` : named;
    if (test?.step !== undefined) lesson.step = test.step;
    return lesson;
  }
  if (run.loadErrors.length > 0) return { text: run.loadErrors[0]! };
  // The earliest thing in the README left to fix, assertion failures and "not implemented" alike.
  const first = earliest(run.tests.filter((test) => test.state === 'failed'));
  if (first) {
    const lesson: Lesson = { text: first.messages?.[0] ?? 'failed', test: first.fullName };
    if (first.step !== undefined) lesson.step = first.step;
    return lesson;
  }
  if (run.escapedErrors.length > 0) return { text: run.escapedErrors[0]! };
  if (run.tests.some((test) => test.state === 'pending'))
    return { text: `Some ${run.phase} tests never finished: their test process ended early` };
  if (run.phase === 'fast' && run.tests.length === 0)
    return { text: 'The kata has no spec to run: its test/<slug>/ folder has no test file' };
  return undefined;
}
