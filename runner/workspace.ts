/**
 * The repo as the runner sees it: the manifest, each kata's files and status, and the learner's
 * progress.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKatas, type Kata } from '../lib/katas.ts';
import { readSteps, type Step } from './hints.ts';
import { fingerprint, readFiles, sameFiles, type Files } from './kata-files.ts';
import { Progress } from './progress.ts';
import { snapshotFiles } from './snapshot.ts';
import { UsageError } from './usage-error.ts';

/**
 * Where a learner stands on a kata. `solved`: its spec passed and nothing changed since;
 * `not started`: the learner's files are as they were handed out; `missing`: they do not exist.
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
  /** Every kata, in the order a learner takes them. */
  readonly katas: readonly Kata[];
  /** Hints seen and katas passed. */
  readonly progress: Progress;

  /**
   * @param root The repo's root folder.
   * @throws {SyntaxError} When a kata.json is not valid JSON.
   * @throws {TypeError} When a kata.json lacks what the runner shows, or the state file cannot be read.
   */
  constructor(root: string) {
    this.root = root;
    this.katas = readKatas(root);
    this.progress = new Progress(root);
  }

  /**
   * Finds a kata by slug, for a command.
   *
   * @param action What the command does, for the message, e.g. `'reset'`.
   * @throws {UsageError} When no kata has that slug.
   */
  kata(slug: string | undefined, action: string): Kata {
    const kata = this.katas.find((candidate) => candidate.slug === slug);
    if (kata) return kata;
    const known = this.katas.map((candidate) => candidate.slug).join(', ');
    const received = slug === undefined ? 'nothing' : JSON.stringify(slug);
    throw new UsageError(`Cannot ${action}: the kata must be one of ${known}, received ${received}`);
  }

  /** A kata's folder: katas/<slug>, absolute. */
  folder(slug: string): string {
    return join(this.root, 'katas', slug);
  }

  /** The learner's files of a kata as they are now, by path inside its folder; a missing file is left out. */
  learnerFiles(slug: string): Files {
    const learner = this.kata(slug, 'read the kata').files.learner;
    return new Map([...readFiles(this.folder(slug))].filter(([path]) => learner.includes(path)));
  }

  /**
   * A fingerprint of what a pass of the spec depends on: the kata's folder but its README, gallery
   * and benchmark. It tells whether a pass still holds.
   */
  fingerprint(slug: string): string {
    const ignored = (path: string) => path === 'README.md' || path === 'bench.ts' || path.startsWith('mistakes/');
    return fingerprint(new Map([...readFiles(this.folder(slug))].filter(([path]) => !ignored(path))));
  }

  /** Where the learner stands on a kata, without running its spec. */
  status(slug: string): Status {
    const files = this.learnerFiles(slug);
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
