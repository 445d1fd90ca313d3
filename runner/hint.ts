/**
 * Hints one at a time: each request reveals the next hint of the step the learner is on, and the
 * state file remembers how many they have seen.
 *
 * @module
 */
import type { Step } from './hints.ts';
import { hintLines } from './screen.ts';
import { UsageError } from './usage-error.ts';
import type { Workspace } from './workspace.ts';

/** The outcome of asking for a hint. */
export interface Reveal {
  step: Step;
  /** How many hints of the step the learner has now seen. */
  shown: number;
  /** False when every hint of the step was already shown: nothing new this time. */
  revealed: boolean;
}

/**
 * Reveals the next hint of a step.
 *
 * @param stepNumber The step the learner is on; without it (or for a step without hints), the
 *   first step with hints not seen yet.
 * @returns What the learner now knows.
 * @throws {TypeError} When the kata's README has no hints in the expected format.
 * @example
 * ```ts
 * const { step, shown } = revealHint(workspace, 'closable-queue', 2);
 * console.log(step.hints[shown - 1]);
 * ```
 */
export function revealHint(workspace: Workspace, slug: string, stepNumber?: number): Reveal {
  const steps = workspace.steps(slug);
  const seen = (step: Step) => workspace.progress.hintsShown(slug, step.number);
  const step =
    steps.find((candidate) => candidate.number === stepNumber) ??
    steps.find((candidate) => seen(candidate) < candidate.hints.length) ??
    steps.at(-1)!;
  const revealed = seen(step) < step.hints.length;
  if (revealed) workspace.progress.showHint(slug, step.number);
  return { step, shown: seen(step), revealed };
}

/**
 * The lines that answer a hint request: the step's hints so far, and what to do next.
 *
 * @param command How to ask again, e.g. `'npm run kata -- hint closable-queue'` or `'press h'`.
 */
export function revealLines({ step, shown, revealed }: Reveal, command: string): string[] {
  const next = revealed
    ? shown < step.hints.length
      ? `For the next hint: ${command}`
      : `That was the last hint of step ${step.number}.`
    : `You have seen every hint of step ${step.number}. Reread the step in the README, or ask someone to pair with you.`;
  return [...hintLines(step, shown), '', next];
}

/**
 * Reads `--step` as a step number.
 *
 * @returns The number, or `undefined` when the option was not given.
 * @throws {UsageError} When it is not a positive integer.
 */
export function parseStep(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const step = Number(text);
  if (!Number.isInteger(step) || step < 1)
    throw new UsageError(`Cannot show a hint: --step must be a positive integer, received ${text}`);
  return step;
}
