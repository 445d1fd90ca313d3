/**
 * The one-shot commands: list, hint, reset, check and solution. Each prints what it did and
 * resolves with the process's exit code.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { revealHint, revealLines } from './hint.ts';
import { readFiles } from './kata-files.ts';
import { applyReset, describePlan, planReset } from './reset.ts';
import { kataCommand, kataList, style, verdictLines } from './screen.ts';
import { SpecRunner } from './spec-runner.ts';
import { ask } from './terminal.ts';
import { UsageError } from './usage-error.ts';
import { assess, judge } from './verdict.ts';
import type { Workspace } from './workspace.ts';

/**
 * `list`: every kata in order with its status, book item and estimated time.
 *
 * @returns 0.
 */
export function list(workspace: Workspace): number {
  const next = workspace.nextKata();
  console.log(kataList(workspace, next.slug).join('\n'));
  console.log(`\n${kataCommand('')} opens on ${next.slug}; ${kataCommand('check')} runs every spec.`);
  return 0;
}

/**
 * `hint <slug>`: the next hint of the step the learner is on, found by running the kata's fast
 * tests, or of the step given with `--step`.
 *
 * @returns 0, or 1 when there is no step to hint at because the fast tests pass. It rejects with a
 *   `UsageError` when `--step` names a step without hints, and with a `TypeError` when the README
 *   has no hints in the expected format.
 */
export async function hint(workspace: Workspace, slug: string, stepNumber: number | undefined): Promise<number> {
  const steps = workspace.steps(slug);
  if (stepNumber !== undefined && !steps.some((step) => step.number === stepNumber)) {
    throw new UsageError(
      `Cannot show a hint: --step must be a step with hints (${steps.map((step) => step.number).join(', ')}), received ${stepNumber}`,
    );
  }
  let step = stepNumber;
  if (step === undefined) {
    console.log(style.dim(`Running the fast tests of ${slug} to find your step...`));
    const lesson = judge(await withRunner(workspace, (runner) => runner.run(slug, 'fast'))).lesson;
    if (!lesson) {
      console.log(
        `The fast tests of ${slug} pass: there is no step left to hint at. ${kataCommand('check')} runs the timing tests too; --step N shows a step's hints.`,
      );
      return 1;
    }
    step = lesson.step;
    if (step === undefined)
      console.log(
        style.dim(
          `The failing test belongs to no step (${lesson.test ?? lesson.text}); here are the hints in the README's order.`,
        ),
      );
  }
  const again = kataCommand(`hint ${slug}${stepNumber === undefined ? '' : ` --step ${stepNumber}`}`);
  console.log(revealLines(revealHint(workspace, slug, step), again).join('\n'));
  return 0;
}

/**
 * `reset <slug>`: puts the kata's files back as they were handed out, after asking.
 *
 * @param yes Skip the question (`--yes`).
 * @returns 0 when reset or nothing to do, 1 when the learner said no. It rejects when the snapshot
 *   has no copy of the kata.
 */
export async function reset(workspace: Workspace, slug: string, yes: boolean): Promise<number> {
  const plan = planReset(workspace, slug);
  if (plan.changed.length === 0) {
    console.log(`katas/${slug}/ is as it was handed out: nothing to reset.`);
    return 0;
  }
  console.log(
    `Reset puts these files back as they were handed out, and your changes to them are lost:\n  ${describePlan(slug, plan).join('\n  ')}`,
  );
  if (!yes && (await ask('Reset them? [y/N] ')).toLowerCase() !== 'y') {
    console.log('Nothing was reset.');
    return 1;
  }
  applyReset(workspace, slug, plan);
  console.log(`Reset ${plan.changed.length} file${plan.changed.length === 1 ? '' : 's'} of katas/${slug}/.`);
  return 0;
}

/**
 * `check`: runs every kata's spec once and prints a summary table.
 *
 * @returns 0 only when every kata is solved.
 */
export async function check(workspace: Workspace): Promise<number> {
  const rows: string[] = [];
  let solved = 0;
  await withRunner(workspace, async (runner) => {
    for (const [index, kata] of workspace.katas.entries()) {
      const name = `${index + 1}. ${kata.slug}`.padEnd(26);
      if (workspace.status(kata.slug) === 'missing') {
        rows.push(`  ${name} ${style.dim('– not in katas/ yet')}`);
        continue;
      }
      process.stdout.write(style.dim(`Checking ${kata.slug}...\n`));
      const started = performance.now();
      const verdict = await assess(workspace, runner, kata.slug);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const result = verdict.solved ? style.green('✓ solved'.padEnd(10)) : style.red('✗ not yet'.padEnd(10));
      rows.push(`  ${name} ${result} ${`${verdict.passed}/${verdict.total} tests`.padEnd(13)} ${seconds} s`);
      if (verdict.lesson) rows.push(style.dim(`       Next: ${verdict.lesson.text}`));
      if (verdict.solved) solved++;
    }
  });
  console.log(`\n${rows.join('\n')}\n\n${solved} of ${workspace.katas.length} katas solved.`);
  return solved === workspace.katas.length ? 0 : 1;
}

/**
 * `solution <slug>`: prints the reference, once the learner's kata passes its spec.
 *
 * @param force Show it anyway (`--force`, for facilitators).
 * @returns 0 when shown, 1 when refused.
 */
export async function solution(workspace: Workspace, slug: string, force: boolean): Promise<number> {
  if (!force && workspace.status(slug) !== 'solved') {
    console.log(style.dim(`Running the spec of ${slug}: the reference is shown once your kata passes...`));
    const verdict = await withRunner(workspace, (runner) => assess(workspace, runner, slug));
    if (!verdict.solved) {
      console.log(
        [...verdictLines(slug, verdict), '', `Not yet: solve it first. Stuck? ${kataCommand(`hint ${slug}`)}`].join(
          '\n',
        ),
      );
      return 1;
    }
  }
  const folder = join(workspace.root, 'solutions', slug);
  for (const [path, bytes] of readFiles(folder)) {
    console.log(`${style.bold(`── solutions/${slug}/${path}`)}\n${new TextDecoder().decode(bytes)}`);
  }
  if (existsSync(join(workspace.folder(slug), 'mistakes'))) {
    console.log(
      `Now read katas/${slug}/mistakes/: each file is a classic wrong version, with the test that catches it.`,
    );
  }
  return 0;
}

async function withRunner<T>(workspace: Workspace, use: (runner: SpecRunner) => Promise<T>): Promise<T> {
  const runner = new SpecRunner(workspace.root);
  try {
    return await use(runner);
  } finally {
    await runner.close();
  }
}
