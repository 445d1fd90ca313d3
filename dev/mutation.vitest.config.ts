/**
 * The Vitest config `npm run mutation` hands to Stryker: the `solutions` project of
 * vitest.config.ts, narrowed to one kata's spec (`KATA_MUTATION=<slug>`), timing tests left out as
 * they are in that project. Stryker runs it in its sandbox, where `#kata/<slug>/<file>` resolves to
 * the mutated copy of the reference.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { project } from '../vitest.config.ts';
import { mutationKataVariable } from './mutation.ts';

const slug = process.env[mutationKataVariable];
if (!slug) throw new Error(`Cannot pick a spec: set ${mutationKataVariable}=<slug> (npm run mutation does)`);
const solutions = project('solutions', false);

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      {
        ...solutions,
        test: {
          ...solutions.test,
          include: [`katas/${slug}/test/**/*.test.ts`],
          // Mutation testing asks for one test at a time, at the root, which a project does not
          // inherit. Side by side (test.concurrent), tests would record each other's reach of the
          // mutants, and a bail on two failing at once loses both results: a killed mutant survives.
          maxConcurrency: 1,
        },
      },
    ],
  },
});
