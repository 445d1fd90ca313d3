/**
 * What the runner remembers between runs, in .kata-state.json (git ignores it): how many hints of
 * each step the learner has seen, and the fingerprint of each kata when its spec last passed.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The state file's name, in the repo's root. */
export const stateFile = '.kata-state.json';

interface KataState {
  /** Hints seen, by step number. */
  hints?: Record<string, number>;
  /** The fingerprint of the kata and its spec the last time the spec passed. */
  passed?: string;
}

/**
 * The learner's progress, saved after every change.
 *
 * @example Reveal one more hint of step 2
 * ```ts
 * const progress = new Progress(root);
 * progress.showHint('closable-queue', 2);
 * assert.equal(progress.hintsShown('closable-queue', 2), 1);
 * ```
 */
export class Progress {
  readonly #path: string;
  readonly #katas: Record<string, KataState>;

  /**
   * Loads the state file, or starts empty when there is none.
   *
   * @param root The repo's root folder.
   * @throws {TypeError} When the state file is not valid JSON (deleting it starts over).
   */
  constructor(root: string) {
    this.#path = join(root, stateFile);
    if (!existsSync(this.#path)) {
      this.#katas = {};
      return;
    }
    try {
      this.#katas = (JSON.parse(readFileSync(this.#path, 'utf8')) as { katas: Record<string, KataState> }).katas ?? {};
    } catch (error) {
      throw new TypeError(
        `Cannot read ${stateFile}: it must be the JSON this runner writes (delete it to start over), received ${String(error)}`,
      );
    }
  }

  /**
   * How many hints of a step the learner has seen.
   *
   * @returns 0 when none.
   */
  hintsShown(slug: string, step: number): number {
    return this.#katas[slug]?.hints?.[step] ?? 0;
  }

  /** Counts one more hint of a step as seen. */
  showHint(slug: string, step: number): void {
    const kata = (this.#katas[slug] ??= {});
    kata.hints = { ...kata.hints, [step]: this.hintsShown(slug, step) + 1 };
    this.#save();
  }

  /**
   * The fingerprint of a kata when its spec last passed.
   *
   * @returns `undefined` when it has not passed since it last changed.
   */
  passedWith(slug: string): string | undefined {
    return this.#katas[slug]?.passed;
  }

  /**
   * Remembers the outcome of a full run of a kata's spec.
   *
   * @param fingerprint The kata's and spec's fingerprint when the run started.
   * @param solved Whether the spec passed.
   */
  recordRun(slug: string, fingerprint: string, solved: boolean): void {
    const kata = (this.#katas[slug] ??= {});
    if (solved) kata.passed = fingerprint;
    else delete kata.passed;
    this.#save();
  }

  #save(): void {
    writeFileSync(this.#path, `${JSON.stringify({ katas: this.#katas }, null, 2)}\n`);
  }
}
