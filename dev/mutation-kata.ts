/**
 * One kata's mutation run, in a process of its own (`npm run mutation` starts one per kata, so
 * that each Stryker run starts clean): `tsx dev/mutation-kata.ts <slug> <concurrency> [--incremental]`.
 * See dev/mutation.ts.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { readKata } from '../lib/katas.ts';
import { breakBelow, mutationKataVariable, reportFolder } from './mutation.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const [slug, concurrency, ...flags] = process.argv.slice(2);
const kata = readKata(root, slug!);
const reports = reportFolder(kata.slug);

process.chdir(root);
process.env[mutationKataVariable] = kata.slug; // read by dev/mutation.vitest.config.ts in Stryker's test processes
await new Stryker({
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'dev/mutation.vitest.config.ts', related: false },
  mutate: kata.files.learner.map((file) => `solutions/${kata.slug}/${file}`),
  coverageAnalysis: 'perTest',
  concurrency: Number(concurrency),
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: process.stdout.isTTY, logTests: false, reportScoreTable: true },
  // Stryker sets the exit code to 1 when the score is under `break`.
  thresholds: { high: 95, low: 80, break: breakBelow },
  incremental: flags.includes('--incremental'),
  incrementalFile: `${reports}/incremental.json`,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['/reports', '/.kata-state.json'],
  cleanTempDir: true,
}).runMutationTest();
