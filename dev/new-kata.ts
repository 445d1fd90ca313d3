/**
 * `npm run dev -- new <slug>`: scaffolds a kata in one folder, ready to be written: a kata.json
 * placed last in the order, a README skeleton with one step and its hints, a stub that fails with
 * "Not implemented yet", a reference that passes, and a one-test spec. Then it refreshes what is
 * derived from the kata folders, so `check:stubs` accepts the new kata at once and no other file
 * needs editing by hand.
 *
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readKatas } from '../lib/katas.ts';
import { snapshot } from './snapshot.ts';

/**
 * Creates the kata's files.
 *
 * @param root The repo's root folder.
 * @param slug The new kata's folder name: lowercase words joined by dashes.
 * @returns 0.
 * @throws {RangeError} When the slug is not lowercase words joined by dashes, or the kata exists.
 */
export function newKata(root: string, slug: string | undefined): number {
  if (slug === undefined || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(slug)) {
    throw new RangeError(
      `Cannot create a kata: the slug must be lowercase words joined by dashes, received ${slug ?? 'nothing'}`,
    );
  }
  if (existsSync(join(root, 'katas', slug)))
    throw new RangeError(`Cannot create a kata: katas/${slug}/ exists already, received ${slug}`);
  const order = Math.max(0, ...readKatas(root).map((kata) => kata.order)) + 1;
  const name = slug.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  const readme = `katas/${slug}/README.md`;
  const files: Record<string, string> = {
    [`katas/${slug}/kata.json`]: `${JSON.stringify(
      {
        order,
        title: `What ${slug} teaches, in a few words`,
        item: 'Where the kata comes from, in full',
        book: 'its source, short',
        minutes: 60,
        builds: 'what the learner builds',
        learns: 'what the learner learns',
        files: { learner: [`${slug}.ts`], given: [], threads: [], children: [] },
      },
      null,
      2,
    )}\n`,
    [readme]: `# ${slug}: what it teaches

## The story

The original lesson, and its JavaScript translation.

## Run it

\`\`\`sh
npm test katas/${slug}        # your code, re-run on every save
npm test solutions/${slug}    # the reference
\`\`\`

## The contract

- What \`${name}\` guarantees, one line per guarantee, errors included.

## Steps

### Step 1: ${name}

What to build first.

<details><summary>Hint 1</summary>The concept.</details>
<details><summary>Hint 2</summary>The shape.</details>
<details><summary>Hint 3</summary>Nearly the answer.</details>
`,
    [`katas/${slug}/${slug}.ts`]: `/**
 * The learner's module of the ${slug} kata.
 *
 * @module
 */
import { notImplemented } from '../../lib/not-implemented.ts';

/**
 * Doubles a number: the placeholder of the kata's first step.
 *
 * @param n Any number.
 * @returns Twice \`n\`.
 * @example
 * \`\`\`ts
 * assert.equal(${name}(2), 4);
 * \`\`\`
 */
export function ${name}(n: number): number {
  // TODO(step 1): the concept this step teaches.
  return notImplemented('step 1 of ${readme} (${name})');
}
`,
    [`solutions/${slug}/${slug}.ts`]: `/**
 * The reference of the ${slug} kata.
 *
 * @module
 */

/**
 * Doubles a number: the placeholder of the kata's first step.
 *
 * @param n Any number.
 * @returns Twice \`n\`.
 * @example
 * \`\`\`ts
 * assert.equal(${name}(2), 4);
 * \`\`\`
 */
export function ${name}(n: number): number {
  return n * 2;
}
`,
    [`katas/${slug}/test/${slug}.test.ts`]: `import { describe, expect, test } from 'vitest';
import { ${name} } from '#kata/${slug}/${slug}.ts';

describe('step 1: ${name}', () => {
  test('${name}() doubles a number', () => {
    expect(${name}(2)).toBe(4);
  });
});
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  console.log(`Created katas/${slug}/ (kata ${order}) and solutions/${slug}/:\n  ${Object.keys(files).join('\n  ')}`);
  snapshot(root, false);
  console.log(
    `Next: fill in kata.json and the README, write the stub, the spec, the reference, katas/${slug}/mistakes/ and katas/${slug}/bench.ts, then npm run check:stubs ${slug}.`,
  );
  return 0;
}
