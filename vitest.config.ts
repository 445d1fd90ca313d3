/**
 * One spec per kata (`katas/<slug>/test/`), run against either side: the learner's stubs or the
 * references in `solutions/`.
 *
 * Specs import the code under test as `#kata/<slug>/<file>.ts`; the project a test runs in decides
 * where that points. Each side has two projects: the fast, deterministic tests run in parallel
 * first, then the timing tests run one file at a time so that they do not measure each other.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { kataFile } from './test/support/kata-file.ts';

const sides = ['katas', 'solutions'] as const;
const specTests = 'katas/*/test/**/*.test.ts';
const timingTests = 'katas/*/test/**/*.timing.test.ts';
/** The learner's loop (`npm run kata`) has tests of its own, which are not a kata's spec. */
const runnerTests = 'test/runner/**/*.test.ts';
/** The interleaving explorer (lib/explore/) has tests of its own too, bound to no side. */
const explorerTests = 'test/explorer/**/*.test.ts';

/** Resolves `#kata/<slug>/<file>` to the side under test (see test/support/kata-file.ts). */
function kataSide(side: (typeof sides)[number]) {
  return {
    name: 'kata-side',
    enforce: 'pre' as const,
    resolveId(id: string) {
      const match = /^#kata\/([^/]+)\/(.+)$/.exec(id);
      const url = match ? kataFile(side, match[1]!, match[2]!) : undefined;
      return url ? fileURLToPath(url) : null;
    },
  };
}

/** One side's project: its fast tests, or its timing tests. Also the base of `npm run mutation`'s config. */
export function project(side: (typeof sides)[number], timing: boolean): TestProjectInlineConfiguration {
  return {
    plugins: [kataSide(side)],
    test: {
      name: timing ? `${side}:timing` : side,
      include: timing ? [timingTests] : [specTests],
      exclude: timing ? [] : [timingTests],
      setupFiles: ['test/support/setup.ts'],
      fileParallelism: !timing,
      // Each side's timing tests form a group of their own, after every fast test: two timing
      // projects in one group would run side by side when both sides are run at once.
      sequence: { groupOrder: timing ? 1 + sides.indexOf(side) : 0 },
      // A timing test measures several rounds and stops starting new ones after its own budget;
      // on a loaded machine a round in flight may still take a while, and must end in a skip, not a timeout.
      testTimeout: timing ? 60_000 : 20_000,
      hookTimeout: 20_000,
    },
  };
}

export default defineConfig({
  test: {
    // One test process per core. The fast tests prove concurrency structurally, so they may share
    // the cores; the timing tests run alone after them (see `project`).
    maxWorkers: availableParallelism(),
    projects: [
      ...sides.flatMap((side) => [project(side, false), project(side, true)]),
      {
        test: {
          name: 'explorer',
          include: [explorerTests],
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'runner',
          include: [runnerTests],
          setupFiles: ['test/support/setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 + sides.length },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
