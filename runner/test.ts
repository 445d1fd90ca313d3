/**
 * `npm test <side>[/<kata>] [vitest options]`: runs the specs against katas/ or solutions/.
 *
 *   npm test katas                     every spec against the learner's stubs
 *   npm test solutions/closable-queue  one spec against the reference
 *   npm test katas -- --watch          re-run on every save (the default in an interactive terminal)
 *   npm test runner                    the tests of the learner's loop, `npm run kata`
 *   npm test explorer                  the tests of the interleaving explorer, lib/explore/
 *
 * The side picks the Vitest projects (see vitest.config.ts), the kata picks the spec's folder
 * katas/<kata>/test/; every other argument goes to Vitest as it is. A run of a kata's whole spec
 * against katas/ counts for `npm run kata -- list` (see pass-recorder.ts).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { PassRecorder } from './pass-recorder.ts';

// Vitest colours its output whenever TERM allows, even into a pipe or a file; colour belongs on a
// terminal only. Set before Vitest loads, since it decides once, and its test processes inherit it.
if (!process.stdout.isTTY && !('FORCE_COLOR' in process.env)) process.env.NO_COLOR = '1';
const { parseCLI, startVitest } = await import('vitest/node');

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = `Usage: npm test <katas|solutions>[/<kata>] [-- vitest options], or npm test runner, or npm test explorer
Examples: npm test katas, npm test solutions/closable-queue, npm test katas/closable-queue -- --watch, npm test explorer`;

const { filter: targets, options } = parseCLI(['vitest', ...process.argv.slice(2)]);
if (targets.length === 0) targets.push('solutions');

const projects = new Set<string>();
const filters: string[] = [];
for (const target of targets) {
  if (target === 'runner' || target === 'explorer') {
    projects.add(target);
    continue;
  }
  const [side, kata, ...rest] = target.replace(/\/+$/, '').split('/');
  if ((side !== 'katas' && side !== 'solutions') || rest.length > 0) {
    console.error(
      `Cannot run tests: expected katas or solutions, optionally followed by /<kata>, received ${target}\n${usage}`,
    );
    process.exit(2);
  }
  projects.add(side).add(`${side}:timing`);
  if (kata) filters.push(`katas/${kata}/test/`);
}

// Vitest's own reporters as asked for (`--reporter`), and the pass recorder when the learner's side runs.
const { reporter = ['default'], ...rest } = options as typeof options & { reporter?: string[] };
const reporters = [...reporter, ...(projects.has('katas') ? [new PassRecorder(root)] : [])];
const vitest = await startVitest('test', filters, { ...rest, reporters, project: [...projects] });
if (!vitest.shouldKeepServer()) {
  await vitest.close();
  process.exit(process.exitCode ?? 0);
}
