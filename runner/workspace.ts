/**
 * The repo as the runner sees it: the manifest, each kata's files and status, and the learner's
 * progress.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSteps, type Step } from './hints.ts';
import { fingerprint, readFiles, sameFiles } from './kata-files.ts';
import { findKata, readManifest, type Kata } from './manifest.ts';
import { Progress } from './progress.ts';
import { snapshotFiles } from './snapshot.ts';

/**
 * Where a learner stands on a kata. `solved`: its spec passed and nothing changed since;
 * `not started`: its files are as they were handed out; `missing`: katas/<slug>/ does not exist.
 */
export type Status = 'solved' | 'in progress' | 'not started' | 'missing';

/**
 * The repo's katas and the learner's progress through them.
 *
 * @example Where does the learner stand?
 * ```ts
 * const workspace = new Workspace(root);
 * for (const kata of workspace.katas) console.log(kata.slug, workspace.status(kata.slug));
 * ```
 */
export class Workspace {
  /** The repo's root folder. */
  readonly root: string;
  /** Every kata, in manifest order. */
  readonly katas: readonly Kata[];
  /** Hints seen and katas passed. */
  readonly progress: Progress;

  /**
   * @param root The repo's root folder.
   * @throws {SyntaxError} When katas.json is not valid JSON.
   * @throws {TypeError} When katas.json lacks what the runner shows, or the state file cannot be read.
   */
  constructor(root: string) {
    this.root = root;
    this.katas = readManifest(root);
    this.progress = new Progress(root);
  }

  /**
   * Finds a kata by slug, for a command.
   *
   * @param action What the command does, for the message, e.g. `'reset'`.
   * @throws {UsageError} When no kata has that slug.
   */
  kata(slug: string | undefined, action: string): Kata {
    return findKata(this.katas, slug, action);
  }

  /** The learner's folder of a kata: katas/<slug>, absolute. */
  folder(slug: string): string {
    return join(this.root, 'katas', slug);
  }

  /** A fingerprint of the learner's files and the spec, to tell whether a pass still holds. */
  fingerprint(slug: string): string {
    return fingerprint(readFiles(this.folder(slug)), readFiles(join(this.root, 'test', slug)));
  }

  /** Where the learner stands on a kata, without running its spec. */
  status(slug: string): Status {
    const files = readFiles(this.folder(slug));
    if (files.size === 0) return 'missing';
    if (this.progress.passedWith(slug) === this.fingerprint(slug)) return 'solved';
    const handedOut = snapshotFiles(this.root, slug);
    return handedOut && sameFiles(files, handedOut) ? 'not started' : 'in progress';
  }

  /** How many katas are solved. */
  solvedCount(): number {
    return this.katas.filter((kata) => this.status(kata.slug) === 'solved').length;
  }

  /**
   * The kata to work on after `slug`: the next one in order that is not solved, wrapping around.
   *
   * @param slug The current kata; without it, the search starts at the first kata.
   * @returns The next kata to work on, or the one after `slug` when every kata is solved.
   */
  nextKata(slug?: string): Kata {
    const start = slug === undefined ? 0 : this.katas.findIndex((kata) => kata.slug === slug) + 1;
    const inOrder = [...this.katas.slice(start), ...this.katas.slice(0, start)];
    return inOrder.find((kata) => !['solved', 'missing'].includes(this.status(kata.slug))) ?? inOrder[0]!;
  }

  /**
   * The steps of a kata that have hints, from its README.
   *
   * @throws {TypeError} When the README is missing or has no hints in the expected format.
   */
  steps(slug: string): Step[] {
    const readme = `katas/${slug}/README.md`;
    const path = join(this.root, readme);
    if (!existsSync(path)) throw new TypeError(`Cannot read the hints: ${readme} must exist, received no such file`);
    return readSteps(readFileSync(path, 'utf8'), readme);
  }
}
