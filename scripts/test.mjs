#!/usr/bin/env node
// `npm test <side>[/<kata>] [vitest options]`: runs the specs against katas/ or solutions/.
//
//   npm test katas                     every spec against the learner's stubs
//   npm test solutions/closable-queue  one spec against the reference
//   npm test katas -- --watch          re-run on every save (the default in an interactive terminal)
//   npm test runner                    the tests of the learner's loop, `npm run kata`
//
// The side picks the Vitest projects (see vitest.config.ts), the kata picks the spec's folder
// under test/; every other argument goes to Vitest as it is.
import { parseCLI, startVitest } from 'vitest/node';

const sides = ['katas', 'solutions'];
const usage = `Usage: npm test <katas|solutions>[/<kata>] [-- vitest options], or npm test runner
Examples: npm test katas, npm test solutions/closable-queue, npm test katas/closable-queue -- --watch`;

const { filter: targets, options } = parseCLI(['vitest', ...process.argv.slice(2)]);
if (targets.length === 0) targets.push('solutions');

const projects = new Set();
const filters = [];
for (const target of targets) {
  if (target === 'runner') {
    projects.add('runner');
    continue;
  }
  const [side, kata, ...rest] = target.replace(/\/+$/, '').split('/');
  if (!sides.includes(side) || rest.length > 0) {
    console.error(`Cannot run tests: expected katas or solutions, optionally followed by /<kata>, received ${target}\n${usage}`);
    process.exit(2);
  }
  projects.add(side).add(`${side}:timing`);
  if (kata) filters.push(`test/${kata}/`);
}

const vitest = await startVitest('test', filters, { ...options, project: [...projects] });
if (!vitest.shouldKeepServer()) {
  await vitest.close();
  process.exit(process.exitCode ?? 0);
}
