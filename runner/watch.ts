/**
 * The learner's loop: one kata at a time, its spec re-run on every save, a compact status, and
 * keys for the next kata, a hint, the list, a reset and quitting. In a terminal the status is
 * redrawn in place; elsewhere (a pipe, CI) it is printed line by line and keys are typed as lines.
 *
 * The interview mode is the same loop on one kata, with a visible countdown, no hints, and a
 * summary of tests passing over time at the end.
 *
 * @module
 */
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { revealHint, revealLines } from './hint.ts';
import type { Kata } from '../lib/katas.ts';
import { applyReset, describePlan, planReset, type ResetPlan } from './reset.ts';
import { clock, hintLines, kataHeading, kataList, progressBar, style, verdictLines } from './screen.ts';
import { SpecRunner } from './spec-runner.ts';
import { interactive, Keys } from './terminal.ts';
import { assess, type Verdict } from './verdict.ts';
import type { Workspace } from './workspace.ts';

/** Options of the loop. */
export interface WatchOptions {
  /** The kata to open; by default the first one not solved. */
  slug?: string;
  /** Runs an interview of this many minutes on `slug`: a countdown, no hints, no other kata. */
  minutes?: number;
}

/** A point on the interview's timeline: how many tests passed after a run. */
interface Sample {
  seconds: number;
  passed: number;
  total: number;
  solved: boolean;
}

/** How long to wait after a change for more: an editor often writes a file in several steps. */
const settleMs = 150;

/**
 * Runs the loop until the learner quits (or the interview's time is up).
 *
 * @returns The process's exit code: 0. It rejects with a `UsageError` for an unknown kata, and
 *   with an `Error` when the kata's folder does not exist.
 * @example
 * ```ts
 * process.exitCode = await watch(new Workspace(root), { slug: 'closable-queue' });
 * ```
 */
export async function watch(workspace: Workspace, options: WatchOptions = {}): Promise<number> {
  return new Loop(workspace, options).run();
}

class Loop {
  readonly #workspace: Workspace;
  readonly #runner: SpecRunner;
  readonly #keys = new Keys((key) => this.#onKey(key));
  readonly #interview: { minutes: number; startedAt: number; samples: Sample[] } | undefined;
  #kata: Kata;
  #watcher: FSWatcher | undefined;
  readonly #changed = new Set<string>();
  #settle: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  /** The interview's whole minutes left when last told, so the line-based mode says each minute once. */
  #minutesLeft: number | undefined;
  /** What the spec is doing: idle, or which tests run. */
  #phase: 'idle' | 'fast' | 'timing' = 'idle';
  /** The loop of runs, while one is going; a save during it sets #again and cancels the run. */
  #running: Promise<void> | undefined;
  #again = false;
  #verdict: Verdict | undefined;
  /** The step of the last hint asked for, until the lesson moves to another step. */
  #hintStep: number | undefined;
  /** Shown under the status until the next key: the list, a hint's follow-up, a question. */
  #note: string[] = [];
  #pendingReset: ResetPlan | undefined;
  #stopped = false;
  #finish: (code: number) => void = () => {};
  readonly #onInterrupt = () => void this.#stop();

  constructor(workspace: Workspace, options: WatchOptions) {
    this.#workspace = workspace;
    this.#runner = new SpecRunner(workspace.root);
    this.#kata = options.slug === undefined ? workspace.nextKata() : workspace.kata(options.slug, 'watch');
    if (workspace.status(this.#kata.slug) === 'missing') {
      throw new Error(`Cannot watch ${this.#kata.slug}: katas/${this.#kata.slug}/ must exist, received no such folder`);
    }
    if (options.minutes !== undefined)
      this.#interview = { minutes: options.minutes, startedAt: Date.now(), samples: [] };
  }

  run(): Promise<number> {
    const finished = new Promise<number>((resolve) => (this.#finish = resolve));
    process.once('SIGINT', this.#onInterrupt);
    this.#keys.start();
    if (this.#interview) this.#clock = setInterval(() => this.#tick(), 1000);
    this.#open(this.#kata);
    return finished;
  }

  #open(kata: Kata): void {
    this.#watcher?.close();
    this.#kata = kata;
    this.#verdict = undefined;
    this.#hintStep = undefined;
    this.#watcher = watchFolder(this.#workspace.folder(kata.slug), { recursive: true }, (_event, file) =>
      this.#onChange(file),
    );
    this.#watcher.on('error', () => {}); // a folder deleted while watched: the next run reports the missing files
    this.#runSoon();
  }

  #onChange(file: string | Buffer | null): void {
    if (file !== null) this.#changed.add(join(this.#workspace.folder(this.#kata.slug), String(file)));
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => {
      for (const path of this.#changed) this.#runner.changed(path);
      this.#changed.clear();
      this.#runSoon();
    }, settleMs);
  }

  /** Runs the spec now, or as soon as the current run (cancelled) ends. */
  #runSoon(): void {
    if (this.#running) {
      this.#again = true;
      void this.#runner.cancel();
      return;
    }
    this.#running = this.#runs().finally(() => (this.#running = undefined));
  }

  async #runs(): Promise<void> {
    do {
      this.#again = false;
      const slug = this.#kata.slug;
      this.#phase = 'fast';
      this.#status();
      const verdict = await assess(this.#workspace, this.#runner, slug, () => {
        this.#phase = 'timing';
        this.#status();
      });
      if (this.#stopped) return;
      if (verdict.cancelled || slug !== this.#kata.slug) {
        this.#again = true; // cancelled for a newer save, or for another kata: run again
        continue;
      }
      if (verdict.lesson?.step !== this.#verdict?.lesson?.step) this.#hintStep = undefined; // moved on: show the new step's hints
      this.#verdict = verdict;
      this.#interview?.samples.push({
        seconds: this.#elapsed(),
        passed: verdict.passed,
        total: verdict.total,
        solved: verdict.solved,
      });
    } while (this.#again);
    this.#phase = 'idle';
    this.#status();
  }

  #onKey(key: string): void {
    if (this.#pendingReset) {
      const plan = this.#pendingReset;
      this.#pendingReset = undefined;
      if (key === 'y') applyReset(this.#workspace, this.#kata.slug, plan); // the watcher sees the files change and runs the spec
      this.#show([key === 'y' ? `Reset ${plan.changed.join(', ')}.` : 'Nothing was reset.']);
      return;
    }
    const interview = this.#interview !== undefined;
    switch (key) {
      case 'q':
        void this.#stop();
        return;
      case 'n':
        if (interview) return this.#show(['Only one kata in an interview.']);
        this.#open(this.#workspace.nextKata(this.#kata.slug));
        return;
      case 'h':
        if (interview) return this.#show(['Hints are off in an interview.']);
        return this.#hint();
      case 'l':
        return this.#show(kataList(this.#workspace, this.#kata.slug));
      case 'r':
        return this.#askReset();
      case '':
        return this.#status();
      default:
        this.#show([`${JSON.stringify(key)} is not a key here. ${this.#keyList()}`]);
    }
  }

  #hint(): void {
    try {
      const reveal = revealHint(this.#workspace, this.#kata.slug, this.#verdict?.lesson?.step);
      this.#hintStep = reveal.step.number;
      this.#show(interactive ? revealLines(reveal, 'press h').slice(-1) : revealLines(reveal, 'type h'));
    } catch (error) {
      this.#show([(error as Error).message]);
    }
  }

  #askReset(): void {
    const plan = planReset(this.#workspace, this.#kata.slug);
    if (plan.changed.length === 0)
      return this.#show([`katas/${this.#kata.slug}/ is as it was handed out: nothing to reset.`]);
    this.#pendingReset = plan;
    const confirm = interactive
      ? 'Press y to reset them, any other key to keep them.'
      : 'Type y to reset them, anything else to keep them.';
    this.#show([
      'Reset puts these files back as they were handed out, and your changes to them are lost:',
      ...describePlan(this.#kata.slug, plan).map((line) => `  ${line}`),
      confirm,
    ]);
  }

  /** Shows a note under the status: redrawn in a terminal, printed otherwise. */
  #show(note: string[]): void {
    this.#note = note;
    if (interactive) this.#draw();
    else console.log(note.join('\n'));
  }

  /** Shows where the run stands: the whole screen in a terminal; otherwise a line while running and the verdict when done. */
  #status(): void {
    this.#note = [];
    if (interactive) return this.#draw();
    if (this.#phase === 'fast') console.log(style.dim(`Running the tests of ${this.#kata.slug}...`));
    else if (this.#phase === 'timing') console.log(style.dim('The fast tests pass; running the timing tests...'));
    else console.log(['', ...this.#statusLines(), this.#keyList(), ''].join('\n'));
  }

  #draw(): void {
    const running = {
      idle: [],
      fast: [style.yellow('Running the tests...')],
      timing: [style.yellow('The fast tests pass; running the timing tests...')],
    }[this.#phase];
    const lines = [...this.#statusLines(), ...running, ...this.#hintsSoFar()];
    if (this.#note.length > 0) lines.push('', ...this.#note);
    lines.push(
      '',
      style.dim(`Watching katas/${this.#kata.slug}/: save a file to run the spec again.`),
      this.#keyList(),
    );
    process.stdout.write(`\x1b[2J\x1b[H${lines.join('\n')}\n`);
  }

  #statusLines(): string[] {
    const lines = kataHeading(this.#workspace, this.#kata);
    if (this.#interview)
      lines.push(style.bold(`Interview: ${clock(this.#secondsLeft())} left of ${this.#interview.minutes} min`));
    else lines.push(progressBar(this.#workspace.solvedCount(), this.#workspace.katas.length));
    lines.push('');
    if (this.#verdict) lines.push(...verdictLines(this.#kata.slug, this.#verdict));
    if (this.#verdict?.solved && !this.#interview) lines.push('  Press n for the next kata.');
    return lines;
  }

  /** The hints seen so far for the step the learner is on, so they stay in view. */
  #hintsSoFar(): string[] {
    if (this.#interview || this.#verdict?.solved) return [];
    const number = this.#hintStep ?? this.#verdict?.lesson?.step;
    const shown = number === undefined ? 0 : this.#workspace.progress.hintsShown(this.#kata.slug, number);
    if (shown === 0) return [];
    try {
      const step = this.#workspace.steps(this.#kata.slug).find((candidate) => candidate.number === number);
      return step ? ['', ...hintLines(step, shown)] : [];
    } catch {
      return []; // a README without hints: pressing h says so
    }
  }

  #keyList(): string {
    const keys = this.#interview ? 'r reset · q finish' : 'n next kata · h hint · l list · r reset this kata · q quit';
    return style.dim(interactive ? `Keys: ${keys}` : `Type a letter and Enter: ${keys}`);
  }

  #tick(): void {
    const left = this.#secondsLeft();
    if (left <= 0) return void this.#stop();
    const minutes = Math.ceil(left / 60);
    if (interactive) this.#draw();
    else if (minutes !== this.#minutesLeft) console.log(style.dim(`${minutes} min left`));
    this.#minutesLeft = minutes;
  }

  #elapsed(): number {
    return this.#interview ? (Date.now() - this.#interview.startedAt) / 1000 : 0;
  }

  #secondsLeft(): number {
    return this.#interview ? this.#interview.minutes * 60 - this.#elapsed() : Infinity;
  }

  async #stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#clock);
    clearTimeout(this.#settle);
    this.#watcher?.close();
    this.#keys.stop();
    process.off('SIGINT', this.#onInterrupt);
    await this.#runner.close();
    await this.#running?.catch(() => {}); // a run cut short by the close above ends with an error nobody needs
    if (this.#interview) console.log(['', ...this.#summary()].join('\n'));
    this.#finish(0);
  }

  /** The interview's record: tests passing after each run, and how it ended. */
  #summary(): string[] {
    const { minutes, samples } = this.#interview!;
    const timeUp = this.#secondsLeft() <= 0;
    const lines = [
      style.bold(
        `Interview on ${this.#kata.slug}: ${minutes} min, ${timeUp ? 'time is up' : `finished after ${clock(this.#elapsed())}`}`,
      ),
    ];
    lines.push('  time   tests passing');
    for (const sample of samples) {
      const width = 20;
      const bar = '█'.repeat(sample.total === 0 ? 0 : Math.round((sample.passed / sample.total) * width));
      lines.push(
        `  ${clock(sample.seconds)}  ${`${sample.passed}/${sample.total}`.padStart(7)}  ${bar}${sample.solved ? '  solved' : ''}`,
      );
    }
    const solvedAt = samples.find((sample) => sample.solved);
    const last = this.#verdict;
    if (solvedAt) lines.push(style.green(`Solved at ${clock(solvedAt.seconds)}.`));
    else if (last)
      lines.push(
        `Not solved: ${last.passed} of ${last.total} tests pass at the end.${last.lesson ? ` Next lesson: ${last.lesson.text}` : ''}`,
      );
    else lines.push('No run of the spec finished.');
    return lines;
  }
}
