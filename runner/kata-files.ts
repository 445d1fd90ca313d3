/**
 * The files of a folder as bytes, and a fingerprint that changes whenever any of them does.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files by path relative to their folder, `/`-separated, in sorted order. */
export type Files = Map<string, Uint8Array>;

/**
 * Reads every file under a folder, subfolders included.
 *
 * @param folder An absolute path; a folder that does not exist has no files.
 * @returns The files, sorted by path.
 * @example
 * ```ts
 * const stub = readFiles(join(root, 'katas/closable-queue')).get('closable-queue.ts');
 * ```
 */
export function readFiles(folder: string): Files {
  const files: Files = new Map();
  if (!existsSync(folder)) return files;
  const paths = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  for (const path of paths) files.set(path, new Uint8Array(readFileSync(join(folder, path))));
  return files;
}

/**
 * Hashes files, paths included, so that two sets get the same fingerprint only when every path
 * and byte agrees.
 *
 * @param sets The file sets to hash together, e.g. the kata's and its spec's.
 * @returns A hex SHA-256.
 * @example Has the learner touched the kata since it passed?
 * ```ts
 * const changed = fingerprint(readFiles(kataFolder)) !== fingerprintWhenItPassed;
 * ```
 */
export function fingerprint(...sets: Files[]): string {
  const hash = createHash('sha256');
  for (const files of sets) {
    hash.update(`${files.size}\0`);
    for (const [path, bytes] of files) hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * Whether two file sets hold the same paths with the same bytes.
 *
 * @returns True when they are identical.
 */
export function sameFiles(a: Files, b: Files): boolean {
  return fingerprint(a) === fingerprint(b);
}
