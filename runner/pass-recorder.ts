/**
 * A Vitest reporter for `npm test katas`: when a run covered a kata's whole spec (its fast and its
 * timing tests) and everything passed, it remembers the kata as solved, as the learner's loop does;
 * when such a run failed, it forgets an earlier pass. So `npm run kata -- list` agrees with
 * whichever way the learner ran the spec.
 *
 * @module
 */
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';
import { Workspace } from './workspace.ts';

/** The kata a spec file belongs to: `katas/<slug>/test/...`. */
const specOf = /[/\\]katas[/\\]([^/\\]+)[/\\]test[/\\]/;
const projects = ['katas', 'katas:timing'];

/**
 * Records the katas whose whole spec a run passed or failed.
 *
 * @example
 * ```ts
 * await startVitest('test', ['katas/'], { reporters: ['default', new PassRecorder(root)] });
 * ```
 */
export class PassRecorder implements Reporter {
  readonly #root: string;
  /** The fingerprint of each kata whose whole spec the current run covers, taken as the run starts. */
  #covered = new Map<string, string>();

  /** @param root The repo's root folder. */
  constructor(root: string) {
    this.#root = root;
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    this.#covered.clear();
    const workspace = new Workspace(this.#root);
    const running = new Set(
      specifications
        .filter((spec) => projects.includes(spec.project.name))
        .map((spec) => `${spec.project.name} ${spec.moduleId}`),
    );
    const all = (await specifications[0]?.project.vitest.globTestSpecifications()) ?? [];
    for (const kata of workspace.katas) {
      const whole = all.filter(
        (spec) => projects.includes(spec.project.name) && specOf.exec(spec.moduleId)?.[1] === kata.slug,
      );
      if (whole.length > 0 && whole.every((spec) => running.has(`${spec.project.name} ${spec.moduleId}`))) {
        this.#covered.set(kata.slug, workspace.fingerprint(kata.slug));
      }
    }
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: string): void {
    if (reason === 'interrupted' || this.#covered.size === 0) return;
    const workspace = new Workspace(this.#root);
    for (const [slug, fingerprint] of this.#covered) {
      const modules = testModules.filter(
        (module) => projects.includes(module.project.name) && specOf.exec(module.moduleId)?.[1] === slug,
      );
      // A test skipped by a filter (-t) has no note; a timing test that skipped itself says why.
      const tests = modules.flatMap((module) => [...module.children.allTests()]);
      const filtered = tests.some((test) => {
        const result = test.result();
        return result.state === 'skipped' && !result.note;
      });
      if (filtered) continue;
      const solved = unhandledErrors.length === 0 && modules.every((module) => module.ok()) && tests.length > 0;
      workspace.progress.recordRun(slug, fingerprint, solved);
    }
  }
}
