/**
 * Reads a kata's hints from its README, the one place they live: under a heading
 * `### Step N: <title>`, each hint is `<details><summary>Hint K</summary>...</details>`, from the
 * concept to nearly the answer.
 *
 * @module
 */

/** One step of a kata's task, with its hints in the order to reveal them. */
export interface Step {
  /** N in `### Step N: <title>`. */
  number: number;
  /** The heading's title, as written. */
  title: string;
  /** The hints as plain text, hint 1 first. */
  hints: string[];
}

const stepHeading = /^### Step (\d+): (.+)$/;
const anyHeading = /^#{1,3} /;
const hintBlock = /<details>\s*<summary>\s*Hint (\d+)\s*<\/summary>([\s\S]*?)<\/details>/g;

/**
 * Finds every step with hints in a README.
 *
 * @param markdown The README's text.
 * @param where The README's path, for the messages.
 * @returns The steps that have hints, in the README's order.
 * @throws {TypeError} When the README has no hint in the expected format, or a step's hints are
 *   not numbered 1, 2, 3... in order.
 * @example
 * ```ts
 * const steps = readSteps('### Step 1: a buffer\n<details><summary>Hint 1</summary>Use an <code>Array</code>.</details>', 'README.md');
 * assert.deepEqual(steps, [{ number: 1, title: 'a buffer', hints: ['Use an `Array`.'] }]);
 * ```
 */
export function readSteps(markdown: string, where: string): Step[] {
  const steps: Step[] = [];
  let section: { number: number; title: string; lines: string[] } | undefined;
  const finish = () => {
    if (section) steps.push(toStep(section.number, section.title, section.lines.join('\n'), where));
    section = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = stepHeading.exec(line);
    if (heading || anyHeading.test(line)) finish();
    if (heading) section = { number: Number(heading[1]), title: heading[2]!.trim(), lines: [] };
    else section?.lines.push(line);
  }
  finish();
  const withHints = steps.filter((step) => step.hints.length > 0);
  if (withHints.length === 0) {
    throw new TypeError(
      `Cannot read the hints: ${where} must give them under "### Step N: <title>" headings, each as <details><summary>Hint 1</summary>...</details>, received none`,
    );
  }
  return withHints;
}

function toStep(number: number, title: string, body: string, where: string): Step {
  const found = [...body.matchAll(hintBlock)];
  const numbers = found.map((match) => Number(match[1]));
  if (numbers.some((n, index) => n !== index + 1)) {
    throw new TypeError(
      `Cannot read the hints of step ${number} in ${where}: they must be numbered Hint 1, Hint 2... in order, received ${numbers.map((n) => `Hint ${n}`).join(', ')}`,
    );
  }
  return { number, title, hints: found.map((match) => plainText(match[2]!)) };
}

/** Turns a hint's HTML into one line for a terminal: `<code>` becomes backticks, entities are decoded. */
function plainText(html: string): string {
  return html
    .replace(/<code>([\s\S]*?)<\/code>/g, '`$1`')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The numbers of every step a README has, with hints or without.
 *
 * @param markdown The README's text.
 * @returns N of each `### Step N: <title>` heading, in the README's order.
 * @example
 * ```ts
 * assert.deepEqual(readStepNumbers('### Step 1: a buffer\n### Step 2: get'), [1, 2]);
 * ```
 */
export function readStepNumbers(markdown: string): number[] {
  return markdown.split(/\r?\n/).flatMap((line) => {
    const heading = stepHeading.exec(line);
    return heading ? [Number(heading[1])] : [];
  });
}
