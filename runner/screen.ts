/**
 * How the runner shows things: colours when the terminal has them, the progress bar, the list of
 * katas, a verdict and a step's hints. Every function returns lines of text; the caller prints.
 *
 * @module
 */
import { isDeno } from '../lib/runtime.ts';
import type { Step } from './hints.ts';
import type { Kata } from '../lib/katas.ts';
import type { Verdict } from './verdict.ts';
import type { Status, Workspace } from './workspace.ts';

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !process.env.CI;
const paint = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);

/**
 * How to type one of the runner's commands in the runtime that runs it.
 *
 * @param args The command and its arguments, e.g. `'hint closable-queue'`; `''` for the loop itself.
 * @returns `npm run kata -- hint closable-queue` under Node, `deno task kata hint closable-queue` under Deno.
 */
export function kataCommand(args: string): string {
  if (args === '') return isDeno ? 'deno task kata' : 'npm run kata';
  return isDeno ? `deno task kata ${args}` : `npm run kata -- ${args}`;
}

/** Text styles; plain text when stdout is not a colour terminal. */
export const style = { bold: paint(1), dim: paint(2), red: paint(31), green: paint(32), yellow: paint(33) };

const statusMarks: Record<Status, string> = {
  solved: style.green('✓ solved'),
  'in progress': style.yellow('◐ in progress'),
  'not started': '○ not started',
  missing: style.dim('– not in katas/ yet'),
};

/**
 * A bar of solved katas, e.g. `[██████░░░░░░] 2/4 katas solved`.
 *
 * @param solved How many are solved.
 * @param total How many there are.
 * @returns One line.
 */
export function progressBar(solved: number, total: number): string {
  const width = 24;
  const filled = Math.round((solved / total) * width);
  return `[${style.green('█'.repeat(filled))}${'░'.repeat(width - filled)}] ${solved}/${total} katas solved`;
}

/**
 * Every kata in order, with its status, book item and estimated time.
 *
 * @param current The kata to mark with an arrow, if any.
 * @returns The lines of the list.
 * @example
 * ```ts
 * console.log(kataList(new Workspace(root)).join('\n'));
 * ```
 */
export function kataList(workspace: Workspace, current?: string): string[] {
  const minutes = workspace.katas.reduce((sum, kata) => sum + kata.minutes, 0);
  const lines = [
    `${style.bold('Concurrency katas')}: ${progressBar(workspace.solvedCount(), workspace.katas.length)}, about ${duration(minutes)} in all`,
    '',
  ];
  workspace.katas.forEach((kata, index) => {
    const mark = kata.slug === current ? '→' : ' ';
    lines.push(
      `${mark} ${index + 1}. ${style.bold(kata.slug)}: ${kata.title}   ${statusMarks[workspace.status(kata.slug)]}`,
    );
    lines.push(`     ${style.dim(`${kata.item} · about ${duration(kata.minutes)}`)}`);
  });
  return lines;
}

/**
 * The heading of a kata: which one, where it comes from, how long it takes.
 *
 * @returns Two lines.
 */
export function kataHeading(workspace: Workspace, kata: Kata): string[] {
  const position = workspace.katas.indexOf(kata) + 1;
  return [
    `${style.bold(kata.slug)}: ${kata.title}  ${style.dim(`(kata ${position} of ${workspace.katas.length})`)}`,
    style.dim(`${kata.item} · about ${duration(kata.minutes)}`),
  ];
}

/**
 * What a verdict means for the learner: the count of passing tests and the lesson, or the news
 * that the kata is solved and what to read next.
 *
 * @returns The lines to print.
 */
export function verdictLines(slug: string, verdict: Verdict): string[] {
  if (verdict.solved) {
    const skipped = verdict.skipped.map((test) =>
      style.dim(`  Skipped: ${test.name}${test.note ? `: ${test.note}` : ''}`),
    );
    return [
      style.green(
        `✓ Solved: ${verdict.passed} of ${verdict.total} tests pass${verdict.skipped.length > 0 ? `, ${verdict.skipped.length} skipped` : ''}.`,
      ),
      ...skipped,
      ...verdict.output.flatMap((text) =>
        text
          .trimEnd()
          .split('\n')
          .map((line) => `  ${line}`),
      ),
      `  Read the reference: ${kataCommand(`solution ${slug}`)}`,
      `  Then the classic mistakes, each with the test that catches it: katas/${slug}/mistakes/`,
    ];
  }
  const waiting = verdict.timingRan ? '' : style.dim(' (the timing tests run once these pass)');
  const lines = [
    verdict.total === 0
      ? style.red('✗ No test could run')
      : style.red(`✗ ${verdict.passed} of ${verdict.total} tests pass`) + waiting,
  ];
  const lesson = verdict.lesson;
  if (lesson) {
    lines.push(`  Next: ${style.bold(lesson.text)}`);
    if (lesson.test) lines.push(style.dim(`  In:   ${lesson.test}`));
    if (lesson.step !== undefined) lines.push(style.dim(`  Step ${lesson.step} of katas/${slug}/README.md`));
  }
  return lines;
}

/**
 * The hints of a step seen so far, numbered.
 *
 * @param shown How many to show, from hint 1.
 * @returns The lines, starting with the step's title.
 */
export function hintLines(step: Step, shown: number): string[] {
  return [
    style.bold(`Step ${step.number}: ${step.title}`) + style.dim(` (hint ${shown} of ${step.hints.length})`),
    ...step.hints.slice(0, shown).map((hint, index) => `  ${index + 1}. ${hint}`),
  ];
}

/** Minutes as `45 min` or `4 h 30 min`. */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Seconds as `mm:ss`. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
