/**
 * The katas in the order a learner takes them, as katas.json lists them: the one source of order,
 * titles, book items and estimated times.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './usage-error.ts';

/** One kata, as the manifest describes it. */
export interface Kata {
  /** Its folder name in katas/, solutions/, test/ and mistakes/. */
  slug: string;
  /** What it teaches, in a few words. */
  title: string;
  /** The book item it comes from. */
  item: string;
  /** How long a learner needs, roughly. */
  minutes: number;
}

/**
 * Reads katas.json and checks that every entry has what the runner shows.
 *
 * @param root The repo's root folder.
 * @returns The katas in manifest order.
 * @throws {SyntaxError} When katas.json is not valid JSON.
 * @throws {TypeError} When it has no katas or an entry lacks a field.
 * @example List the slugs
 * ```ts
 * const slugs = readManifest(root).map((kata) => kata.slug);
 * ```
 */
export function readManifest(root: string): Kata[] {
  const path = join(root, 'katas.json');
  const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const katas = (manifest as { katas?: unknown }).katas;
  if (!Array.isArray(katas) || katas.length === 0) {
    throw new TypeError(`Cannot read ${path}: it must hold a non-empty "katas" array, received ${JSON.stringify(manifest)}`);
  }
  return katas.map((entry: Partial<Kata>) => {
    const valid =
      typeof entry.slug === 'string' && /^[a-z0-9-]+$/.test(entry.slug) &&
      typeof entry.title === 'string' && typeof entry.item === 'string' &&
      typeof entry.minutes === 'number' && entry.minutes > 0;
    if (!valid) {
      throw new TypeError(`Cannot read ${path}: every kata needs a slug (lowercase, digits, dashes), a title, an item and positive minutes, received ${JSON.stringify(entry)}`);
    }
    return entry as Kata;
  });
}

/**
 * Finds a kata by its slug.
 *
 * @param katas The manifest.
 * @param slug What the user typed.
 * @param action What the user wanted, for the message, e.g. `'show a hint'`.
 * @returns The kata.
 * @throws {UsageError} When no kata has that slug; the message lists every slug.
 * @example
 * ```ts
 * const kata = findKata(readManifest(root), 'closable-queue', 'reset');
 * ```
 */
export function findKata(katas: readonly Kata[], slug: string | undefined, action: string): Kata {
  const kata = katas.find((candidate) => candidate.slug === slug);
  if (kata) return kata;
  const known = katas.map((candidate) => candidate.slug).join(', ');
  const received = slug === undefined ? 'nothing' : JSON.stringify(slug);
  throw new UsageError(`Cannot ${action}: the kata must be one of ${known}, received ${received}`);
}
