/**
 * A copy of every kata's learner's files (kata.json's `files.learner`) as they are handed out, kept
 * in runner/kata-snapshot.json, so that `reset` can restore them byte for byte without git (a
 * learner may have downloaded an archive). `npm run snapshot` regenerates it; `npm run snapshot --
 * --check` fails in CI when it no longer matches katas/, so it cannot drift.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readFiles, type Files } from './kata-files.ts';
import type { Kata } from '../lib/katas.ts';

/** Where the snapshot lives, relative to the repo's root. */
export const snapshotPath = 'runner/kata-snapshot.json';

/** A file's content: text when it is valid UTF-8 (readable in a diff), base64 otherwise. */
type Stored = string | { base64: string };
/** Every kata's learner's files, by slug, then by path inside katas/<slug>/. */
type Snapshot = Record<string, Record<string, Stored>>;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Renders the snapshot of the katas as they are on disk now.
 *
 * @param root The repo's root folder.
 * @param katas The katas.
 * @returns The text of runner/kata-snapshot.json.
 * @example Regenerate the snapshot
 * ```ts
 * writeFileSync(join(root, snapshotPath), renderSnapshot(root, readKatas(root)));
 * ```
 */
export function renderSnapshot(root: string, katas: readonly Kata[]): string {
  const snapshot: Snapshot = {};
  for (const {
    slug,
    files: { learner },
  } of katas) {
    const files = [...readFiles(join(root, 'katas', slug))].filter(([path]) => learner.includes(path));
    if (files.length === 0) continue;
    snapshot[slug] = Object.fromEntries(files.map(([path, bytes]) => [path, store(bytes)]));
  }
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/**
 * The files of one kata as the snapshot keeps them.
 *
 * @param root The repo's root folder.
 * @param slug The kata.
 * @returns Its files, or `undefined` when the snapshot has no copy of it.
 * @throws {Error} When runner/kata-snapshot.json is missing.
 * @throws {SyntaxError} When it is not valid JSON.
 * @example
 * ```ts
 * const stub = snapshotFiles(root, 'closable-queue')?.get('closable-queue.ts');
 * ```
 */
export function snapshotFiles(root: string, slug: string): Files | undefined {
  const path = join(root, snapshotPath);
  if (!existsSync(path)) throw new Error(`Cannot read the katas as they were handed out: ${snapshotPath} is missing`);
  const kata = (JSON.parse(readFileSync(path, 'utf8')) as Snapshot)[slug];
  if (!kata) return undefined;
  return new Map(Object.entries(kata).map(([file, stored]) => [file, load(stored)]));
}

/**
 * Writes files into a folder, creating subfolders as needed.
 *
 * @param folder An absolute path.
 * @param files What to write, by relative path.
 */
export function writeFiles(folder: string, files: Files): void {
  for (const [path, bytes] of files) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

function store(bytes: Uint8Array): Stored {
  try {
    return utf8.decode(bytes);
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

function load(stored: Stored): Uint8Array {
  return typeof stored === 'string'
    ? new TextEncoder().encode(stored)
    : new Uint8Array(Buffer.from(stored.base64, 'base64'));
}
