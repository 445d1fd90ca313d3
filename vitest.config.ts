/**
 * One spec per kata, run against either side: `katas/` (the learner's stubs) or `solutions/`.
 *
 * Specs import the code under test as `#kata/<slug>/<file>.ts`; the project a test runs in decides
 * where that points. Each side has two projects: the fast, deterministic tests run in parallel
 * first, then the timing tests run one file at a time so that they do not measure each other.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const sides = ['katas', 'solutions'] as const;
const timingTests = 'test/**/*.timing.test.ts';
/** The learner's loop (`npm run kata`) has tests of its own, which are not a kata's spec. */
const runnerTests = 'test/runner/**/*.test.ts';

/**
 * Resolves `#kata/<slug>/<file>` to the side under test.
 *
 * `KATA_MISTAKE=mistakes/<slug>/<name>.ts` swaps that file in for the kata's main module
 * (`<slug>/<slug>.ts`); the mistakes check uses it to run a spec against a known wrong version.
 */
function kataSide(side: (typeof sides)[number]) {
  const mistake = process.env.KATA_MISTAKE;
  return {
    name: 'kata-side',
    enforce: 'pre' as const,
    resolveId(id: string) {
      const match = /^#kata\/([^/]+)\/(.+)$/.exec(id);
      if (!match) return null;
      const [, slug, file] = match;
      if (mistake && mistake.split('/').at(-2) === slug && file === `${slug}.ts`) return `${root}${mistake}`;
      const path = `${root}${side}/${slug}/${file}`;
      return existsSync(path) ? path : null;
    },
  };
}

function project(side: (typeof sides)[number], timing: boolean): TestProjectInlineConfiguration {
  return {
    plugins: [kataSide(side)],
    test: {
      name: timing ? `${side}:timing` : side,
      include: timing ? [timingTests] : ['test/**/*.test.ts'],
      exclude: timing ? [runnerTests] : [timingTests, runnerTests],
      setupFiles: ['test/support/setup.ts'],
      fileParallelism: !timing,
      sequence: { groupOrder: timing ? 1 : 0 },
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      ...sides.flatMap((side) => [project(side, false), project(side, true)]),
      {
        test: {
          name: 'runner',
          include: [runnerTests],
          setupFiles: ['test/support/setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
