/**
 * The katas, read from their folders: each `katas/<slug>/kata.json` says what the kata is and what
 * role each of its files plays. The one loader of kata manifests: the runner, the maintainer's
 * commands, the benchmark, the Vitest config and the tests all read katas through it.
 *
 * A kata's folder holds everything of it: README.md, kata.json, the learner's files, the given
 * files, the spec (`test/`), the gallery of classic mistakes (`mistakes/`) and the benchmark
 * (`bench.ts`). Only the learner's files have a reference twin, in `solutions/<slug>/`.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The roles of a kata's files, each a list of paths inside `katas/<slug>/`. */
export interface KataFiles {
  /** What the learner writes: stubs here, the reference in `solutions/<slug>/`. */
  learner: string[];
  /** Code handed out complete, used by both sides; a path ending in `/` is a folder of it. */
  given: string[];
  /** Entry points of worker threads (also learner's or given). */
  threads: string[];
  /** Programs started as child processes (also learner's or given; a folder ends in `/`). */
  children: string[];
}

/** One kata, as its folder's kata.json describes it. */
export interface Kata {
  /** Its folder's name in katas/ and solutions/. */
  slug: string;
  /** Its place in the order a learner takes the katas, from 1. */
  order: number;
  /** What it teaches, in a few words. */
  title: string;
  /** Where it comes from, in full, e.g. `Effective Python, item 55: use Queue to ...`. */
  item: string;
  /** The same, short, for tables: e.g. `item 55`. */
  book: string;
  /** How long a learner needs, roughly, in minutes. */
  minutes: number;
  /** What the learner builds, for the README's table. */
  builds: string;
  /** What the learner learns, for the README's table. */
  learns: string;
  files: KataFiles;
}

/** The sides a spec runs against: the learner's stubs, or the references. */
export type Side = 'katas' | 'solutions';

/** The kata's own files that are neither the learner's nor given: its documentation, spec, gallery and benchmark. */
export const kataOwnFiles: readonly string[] = ['README.md', 'kata.json', 'bench.ts', 'test/', 'mistakes/'];

/**
 * Reads every kata's manifest, in the order a learner takes them.
 *
 * @param root The repo's root folder.
 * @returns The katas sorted by `order`; none when there is no katas/ folder.
 * @throws {SyntaxError} When a kata.json is not valid JSON.
 * @throws {TypeError} When a kata.json lacks a field or has one of the wrong shape.
 * @throws {RangeError} When two katas share an order.
 * @example List the slugs
 * ```ts
 * const slugs = readKatas(root).map((kata) => kata.slug);
 * ```
 */
export function readKatas(root: string): Kata[] {
  const folder = join(root, 'katas');
  if (!existsSync(folder)) return [];
  const slugs = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'kata.json')))
    .map((entry) => entry.name);
  const katas = slugs.map((slug) => readKata(root, slug)).sort((a, b) => a.order - b.order);
  katas.forEach((kata, index) => {
    const twin = katas[index + 1];
    if (twin?.order === kata.order) {
      throw new RangeError(
        `Cannot order the katas: every kata.json needs its own order, received ${kata.order} for both ${kata.slug} and ${twin.slug}`,
      );
    }
  });
  return katas;
}

/**
 * Reads and checks one kata's manifest.
 *
 * @param root The repo's root folder.
 * @param slug The kata's folder name.
 * @returns The kata.
 * @throws {SyntaxError} When its kata.json is not valid JSON.
 * @throws {TypeError} When its kata.json lacks a field or has one of the wrong shape.
 */
export function readKata(root: string, slug: string): Kata {
  const path = `katas/${slug}/kata.json`;
  const manifest = JSON.parse(readFileSync(join(root, path), 'utf8')) as Partial<Omit<Kata, 'files'>> & {
    files?: Partial<KataFiles>;
  };
  const text = (field: 'title' | 'item' | 'book' | 'builds' | 'learns') => {
    const value = manifest[field];
    if (typeof value !== 'string' || value.trim() === '') fail(`"${field}" must be a non-empty string`, value);
    return value;
  };
  const positive = (field: 'order' | 'minutes') => {
    const value = manifest[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      fail(`"${field}" must be a positive integer`, value);
    return value;
  };
  const paths = (role: keyof KataFiles) => {
    const value = manifest.files?.[role] ?? [];
    if (
      !Array.isArray(value) ||
      !value.every((file) => typeof file === 'string' && file !== '' && !file.startsWith('/') && !file.includes('..'))
    ) {
      fail(`"files.${role}" must be an array of paths inside the kata's folder`, value);
    }
    return value;
  };
  function fail(rule: string, value: unknown): never {
    throw new TypeError(`Cannot read ${path}: ${rule}, received ${JSON.stringify(value)}`);
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) fail('the folder name must be lowercase words joined by dashes', slug);
  return {
    slug,
    order: positive('order'),
    title: text('title'),
    item: text('item'),
    book: text('book'),
    minutes: positive('minutes'),
    builds: text('builds'),
    learns: text('learns'),
    files: { learner: paths('learner'), given: paths('given'), threads: paths('threads'), children: paths('children') },
  };
}

/**
 * Where a kata's file is on one side: the learner's files have a twin per side, every other file
 * exists once, in the kata's folder.
 *
 * @param root The repo's root folder.
 * @param side Which side's learner files to use.
 * @param kata The kata.
 * @param file A path inside `katas/<slug>/`, e.g. `'closable-queue.ts'`.
 * @returns The file's absolute path (which may not exist).
 * @example The reference's main module
 * ```ts
 * kataPath(root, 'solutions', kata, 'closable-queue.ts'); // <root>/solutions/closable-queue/closable-queue.ts
 * ```
 */
export function kataPath(root: string, side: Side, kata: Kata, file: string): string {
  const swapped = side === 'solutions' && kata.files.learner.includes(file);
  return join(root, swapped ? 'solutions' : 'katas', kata.slug, file);
}

/**
 * Finds what is wrong with a kata's folders: files without a role, roles without files, a
 * reference that is not exactly the learner's files.
 *
 * @param root The repo's root folder.
 * @param kata The kata.
 * @returns One line per problem; none when the kata is laid out right.
 * @example
 * ```ts
 * for (const kata of readKatas(root)) console.log(layoutProblems(root, kata));
 * ```
 */
export function layoutProblems(root: string, kata: Kata): string[] {
  const problems: string[] = [];
  const folder = join(root, 'katas', kata.slug);
  const { learner, given, threads, children } = kata.files;
  const claimed = [...learner, ...given, ...kataOwnFiles];
  const covers = (path: string, entry: string) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry);
  for (const path of filesUnder(folder)) {
    if (!claimed.some((entry) => covers(path, entry)))
      problems.push(`katas/${kata.slug}/${path} has no role: list it in kata.json's files.learner or files.given`);
  }
  for (const entry of [...learner, ...given]) {
    if (!existsSync(join(folder, entry)))
      problems.push(`katas/${kata.slug}/kata.json names ${entry}, which does not exist`);
  }
  for (const entry of [...threads, ...children]) {
    if (![...learner, ...given].includes(entry))
      problems.push(
        `katas/${kata.slug}/kata.json names the entry point ${entry}, which is neither a learner's nor a given file`,
      );
  }
  const reference = filesUnder(join(root, 'solutions', kata.slug));
  for (const path of learner)
    if (!reference.includes(path))
      problems.push(`solutions/${kata.slug}/${path} is missing: every learner's file needs its reference`);
  for (const path of reference)
    if (!learner.includes(path))
      problems.push(
        `solutions/${kata.slug}/${path} is not a learner's file: given code lives once, in katas/${kata.slug}/`,
      );
  return problems;
}

/** Every file under a folder, as `/`-separated relative paths; none when the folder does not exist. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(folder.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}
