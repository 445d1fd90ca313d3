/**
 * `npm run mutation [kata...]`: mutation testing of the references with StrykerJS. For each chosen
 * kata, one at a time and each in a process of its own (dev/mutation-kata.ts), Stryker mutates the reference twins of the learner's files
 * (`solutions/<slug>/`, kata.json's `files.learner`) and runs that kata's own spec against each
 * mutant, in the `solutions` project only, timing tests left out (dev/mutation.vitest.config.ts).
 * A mutant no test kills is a change to the reference the spec does not notice. Reports go to
 * `reports/mutation/<slug>/` (index.html, mutation.json).
 *
 * Code that runs in a worker thread counts too: a thread started with `startTypeScriptWorker` gets
 * the test's active mutant and reports the mutants it reaches (lib/thread-mutants.ts).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readKatas } from '../lib/katas.ts';
import { scriptCommand } from '../lib/runtime.ts';

/** The variable that tells dev/mutation.vitest.config.ts which kata's spec to run. */
export const mutationKataVariable = 'KATA_MUTATION';

/** The lowest mutation score a kata may have, in percent: under it, `npm run mutation` fails. */
export const breakBelow = 95;

/** Where a kata's reports go, from the repo's root: `index.html` and `mutation.json`. */
export function reportFolder(slug: string): string {
  return `reports/mutation/${slug}`;
}

/** What one kata's run found. */
interface Outcome {
  slug: string;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  /** Mutants disabled in place as equivalent (`// Stryker disable ...: <reason>`); they do not count. */
  disabled: number;
  /** Mutants that do not count either: compile or runtime errors. */
  invalid: number;
  /** Percent of the valid mutants the spec detects (killed or timed out); NaN when there are none. */
  score: number;
  seconds: number;
}

/**
 * Runs Stryker on the chosen katas' references, one kata at a time, each in a process of its own
 * (dev/mutation-kata.ts), then sums up their JSON reports.
 *
 * @param root The repo's root folder.
 * @param args Slugs (empty for every kata), optionally `--concurrency <n>` (Stryker's test
 *   processes; at most 2 by default) and `--incremental` (reuse the last run's results for the
 *   mutants and tests that did not change, kept in `incremental.json` beside the reports).
 * @returns 0 when every kata ran and scored at least `breakBelow`, 1 otherwise.
 */
export async function mutation(root: string, args: readonly string[]): Promise<number> {
  const { chosen, concurrency, incremental } = parseArgs(args);
  const katas = readKatas(root);
  const unknown = chosen.filter((slug) => !katas.some((kata) => kata.slug === slug));
  if (unknown.length > 0) throw new Error(`No such kata: ${unknown.join(', ')}`);
  const outcomes: Outcome[] = [];
  let failed = false;
  for (const kata of katas.filter((kata) => chosen.length === 0 || chosen.includes(kata.slug))) {
    const report = join(root, reportFolder(kata.slug), 'mutation.json');
    rmSync(report, { force: true });
    const started = performance.now();
    const [file, ...rest] = scriptCommand(join(root, 'dev', 'mutation-kata.ts'));
    const child = spawn(file, [...rest, kata.slug, String(concurrency), ...(incremental ? ['--incremental'] : [])], {
      cwd: root,
      stdio: 'inherit',
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0 || !existsSync(report)) {
      console.error(`✗ ${kata.slug}: Stryker did not finish (exit code ${code})`);
      failed = true;
      continue;
    }
    outcomes.push(summarize(kata.slug, JSON.parse(readFileSync(report, 'utf8')) as Report, seconds));
  }
  const columns = ['kata', 'score', 'killed', 'survived', 'timeout', 'no-cov', 'disabled', 'invalid', 'time'];
  const rows = outcomes.map((o) => [
    o.slug,
    `${o.score.toFixed(2)}%`,
    ...[o.killed, o.survived, o.timeout, o.noCoverage, o.disabled, o.invalid].map(String),
    `${Math.round(o.seconds)} s`,
  ]);
  const widths = columns.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
  console.log('');
  for (const row of [columns, ...rows])
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log(`\nReports: ${reportFolder('<kata>')}/index.html and mutation.json`);
  const low = outcomes.filter((o) => !(o.score >= breakBelow));
  for (const o of low) console.error(`✗ ${o.slug}: mutation score ${o.score.toFixed(2)}% is under ${breakBelow}%`);
  return failed || low.length > 0 ? 1 : 0;
}

/** The part of Stryker's JSON report (mutation-testing-report-schema) the summary reads. */
interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

function summarize(slug: string, report: Report, seconds: number): Outcome {
  const statuses = Object.values(report.files).flatMap((file) => file.mutants.map((mutant) => mutant.status));
  const count = (status: string) => statuses.filter((each) => each === status).length;
  const [killed, survived, timeout, noCoverage] = ['Killed', 'Survived', 'Timeout', 'NoCoverage'].map(count) as [
    number,
    number,
    number,
    number,
  ];
  const valid = killed + survived + timeout + noCoverage;
  const score = ((killed + timeout) / valid) * 100;
  const disabled = count('Ignored');
  return {
    slug,
    killed,
    survived,
    timeout,
    noCoverage,
    disabled,
    invalid: statuses.length - valid - disabled,
    score,
    seconds,
  };
}

function parseArgs(args: readonly string[]): { chosen: string[]; concurrency: number; incremental: boolean } {
  const chosen: string[] = [];
  let concurrency = Math.min(2, availableParallelism());
  let incremental = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--incremental') {
      incremental = true;
      continue;
    }
    const value = arg === '--concurrency' ? args[++i] : arg.startsWith('--concurrency=') ? arg.split('=')[1] : null;
    if (value === null) {
      chosen.push(arg);
      continue;
    }
    concurrency = Number(value);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`--concurrency needs a positive integer, received ${value}`);
  }
  return { chosen, concurrency, incremental };
}
