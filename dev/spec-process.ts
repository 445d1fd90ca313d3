/**
 * Runs a kata's spec in a child process of its own, with a deadline: the maintainer's checks run
 * every stub and every classic mistake this way, so a run that hangs or starves cannot stop the
 * check, and each run has its own environment (`KATA_MISTAKE`). The child runs the spec with the
 * same `SpecRunner` as the learner's loop and hands back the same `PhaseRun`s.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Side } from '../lib/katas.ts';
import { scriptCommand } from '../lib/runtime.ts';
import type { Phase, PhaseRun } from '../runner/spec-runner.ts';

/** What to run, as the child reads it from its command line. */
export interface SpecJob {
  slug: string;
  side: Side;
  phases: Phase[];
}

/** The outcome of a run in a child process. */
export interface IsolatedRun {
  /** One per phase asked for; none when the child did not finish. */
  phases: PhaseRun[];
  /** True when the deadline stopped the child. */
  timedOut: boolean;
  /** What the child wrote to stderr: the cause when it crashed. */
  stderr: string;
  seconds: number;
}

const child = fileURLToPath(new URL('./spec-child.ts', import.meta.url));

/**
 * Runs the phases of a kata's spec in a child process.
 *
 * @param job The kata, the side and the phases.
 * @param options `env`: extra environment for the run, e.g. `KATA_MISTAKE`; `deadlineMs`: when to
 *   kill the child and every process it started.
 * @returns What the run found.
 * @example Run the reference's fast tests
 * ```ts
 * const { phases } = await runSpecInChild({ slug: 'closable-queue', side: 'solutions', phases: ['fast'] }, { deadlineMs: 60_000 });
 * ```
 */
export async function runSpecInChild(
  job: SpecJob,
  { env = {}, deadlineMs }: { env?: Record<string, string>; deadlineMs: number },
): Promise<IsolatedRun> {
  const folder = mkdtempSync(join(tmpdir(), 'kata-spec-'));
  const output = join(folder, 'phases.json');
  const [file, ...args] = scriptCommand(child);
  const started = performance.now();
  const process_ = spawn(file, [...args, JSON.stringify(job), output], {
    env: { ...process.env, ...env, CI: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so the deadline kills every descendant
  });
  let stderr = '';
  process_.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(process_.pid);
  }, deadlineMs);
  await new Promise((resolve) => process_.on('close', resolve));
  clearTimeout(timer);
  let phases: PhaseRun[] = [];
  try {
    phases = JSON.parse(readFileSync(output, 'utf8')) as PhaseRun[];
  } catch {
    // no output: the child crashed or was killed; stderr says why
  }
  rmSync(folder, { recursive: true, force: true });
  return { phases, timedOut, stderr, seconds: (performance.now() - started) / 1000 };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}
