/**
 * `npm run kata`, driven as a learner drives it, in a temporary copy of the repo: the list, hints
 * one at a time, reset, check, the solution, the watch loop and the interview in their line-based
 * mode, bad input, and code that starves the event loop; and the maintainer's commands that keep
 * a kata one folder: `snapshot` and `new`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'vitest';
import { readKatas } from '../../lib/katas.ts';
import { copyRepo, type Finished } from './repo-copy.ts';

const kata = 'closable-queue';
const stub = `katas/${kata}/${kata}.ts`;
const readme = `katas/${kata}/README.md`;
const reference = `solutions/${kata}/${kata}.ts`;
const root = fileURLToPath(new URL('../../', import.meta.url));
const handedOut = (path: string) => readFileSync(`${root}${path}`);
const katas = readKatas(root);
const slugs = katas.map((entry) => entry.slug);

/** What a run printed, for failure messages. */
function printed(run: Finished): string {
  return `exit code ${run.code}; it printed:\n${run.stdout}${run.stderr}`;
}

// Each test has its own copy of the repo, and most of their time is spent waiting for runs: they run concurrently.
describe.concurrent('npm run kata', () => {
  describe('npm run kata -- list', () => {
    test('shows every kata in order, with its status, book item and estimated time', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata], 'all');
      const fresh = await repo.run(['list']);
      expect(fresh.code, printed(fresh)).toBe(0);
      const positions = slugs.map((slug) => fresh.stdout.indexOf(`. ${slug}:`));
      expect(
        positions.every((position) => position >= 0),
        `every kata folder should be listed: ${printed(fresh)}`,
      ).toBe(true);
      expect(positions, 'the katas should be listed in the order their kata.json files give').toEqual(
        [...positions].sort((a, b) => a - b),
      );
      for (const { item } of katas) expect(fresh.stdout, 'each kata should name its book item').toContain(item);
      expect(fresh.stdout, 'the loop is started as the README says, by the plain command, without watch').toMatch(
        /(npm run kata|deno task kata) opens on /,
      );
      expect(fresh.stdout, 'each kata should show an estimated time').toMatch(/about \d+ (h|min)/);
      expect(fresh.stdout, `a kata as handed out is not started: ${printed(fresh)}`).toMatch(
        new RegExp(`${kata}:.*not started`),
      );
      expect(fresh.stdout, 'a kata missing from katas/ should say so').toContain('not in katas/ yet');

      repo.write(stub, `${repo.read(stub)}\n// my first line\n`);
      const edited = await repo.run(['list']);
      expect(edited.stdout, `a kata the learner edited is in progress: ${printed(edited)}`).toMatch(
        new RegExp(`${kata}:.*in progress`),
      );
    });
  });

  describe('npm test, as the loop sees it', () => {
    test('list shows a kata as solved once npm test ran its whole spec green, and not after a run of part of it', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      repo.copy(reference, stub);
      const part = await repo.run([`katas/${kata}`, '--run', '-t', 'FIFO'], '', 'runner/test.ts');
      expect(part.code, printed(part)).toBe(0);
      const notYet = await repo.run(['list']);
      expect(notYet.stdout, `a filtered run proves nothing: ${printed(notYet)}`).not.toMatch(
        new RegExp(`${kata}:.*✓ solved`),
      );

      const whole = await repo.run([`katas/${kata}`, '--run'], '', 'runner/test.ts');
      expect(whole.code, printed(whole)).toBe(0);
      const solved = await repo.run(['list']);
      expect(solved.stdout, printed(solved)).toMatch(new RegExp(`${kata}:.*✓ solved`));
    });
  });

  describe('npm run kata -- hint', () => {
    test('shows the next hint of the step the learner is on, one more each time it is asked', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const first = await repo.run(['hint', kata]);
      expect(first.code, printed(first)).toBe(0);
      expect(first.stdout, `the stub fails at step 1, so the hint is step 1's first: ${printed(first)}`).toMatch(
        /Step 1: .*\(hint 1 of \d\)/,
      );
      expect(first.stdout).toMatch(/^ {2}1\. /m);
      expect(first.stdout, 'only one hint the first time').not.toMatch(/^ {2}2\. /m);

      const second = await repo.run(['hint', kata]);
      expect(second.stdout, `asking again should reveal hint 2, and keep hint 1 in view: ${printed(second)}`).toMatch(
        /Step 1: .*\(hint 2 of \d\)/,
      );
      expect(second.stdout).toMatch(/^ {2}1\. [\s\S]*^ {2}2\. /m);

      const otherStep = await repo.run(['hint', kata, '--step', '2']);
      expect(otherStep.stdout, `--step 2 has its own count, starting at hint 1: ${printed(otherStep)}`).toMatch(
        /Step 2: .*\(hint 1 of \d\)/,
      );
    });

    test('reports a README without hints in the expected format as an error, not a crash', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      repo.write(readme, '# closable-queue\n\n## Steps\n\n### Step 1: a buffer\nNo hints here yet.\n');
      const run = await repo.run(['hint', kata]);
      expect(run.code, printed(run)).toBe(1);
      expect(run.stderr, 'the message should name the README and the format it expects').toMatch(
        /README\.md must give them under "### Step N: <title>" headings/,
      );
      expect(run.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
    });
  });

  describe('npm run kata -- reset', () => {
    test("puts the learner's files back byte for byte after the learner says yes, without git, and keeps everything else", async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      repo.write(stub, 'export const mine = 1;\n');
      repo.write(readme, 'my notes\r\n');
      repo.write(`katas/${kata}/notes.txt`, 'keep me');

      const refused = await repo.run(['reset', kata], 'n\n');
      expect(refused.code, printed(refused)).toBe(1);
      expect(refused.stdout, 'the question should list what would be lost, and only that').toMatch(
        new RegExp(`katas/${kata}/: ${kata}\\.ts\n`),
      );
      expect(repo.read(stub).toString(), 'answering no must change nothing').toBe('export const mine = 1;\n');

      const done = await repo.run(['reset', kata], 'y\n');
      expect(done.code, printed(done)).toBe(0);
      expect(repo.read(stub).equals(handedOut(stub)), 'the stub should be restored byte for byte').toBe(true);
      expect(repo.read(readme).toString(), "notes in the README are not the learner's code: they stay").toBe(
        'my notes\r\n',
      );
      expect(repo.read(`katas/${kata}/notes.txt`).toString(), 'a file the learner added is kept').toBe('keep me');

      const again = await repo.run(['reset', kata, '--yes']);
      expect(again.stdout, printed(again)).toContain('nothing to reset');
    });
  });

  describe('npm run kata -- check and solution', () => {
    test('check exits with 1 while a kata fails and 0 once every kata passes; solution then shows the reference', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const unsolved = await repo.run(['check']);
      expect(unsolved.code, printed(unsolved)).toBe(1);
      expect(unsolved.stdout, 'the table should show the kata as not solved, with its lesson').toMatch(
        new RegExp(`${kata}\\s+✗ not yet\\s+0/\\d+ tests[\\s\\S]*Next: Not implemented yet: step 1`),
      );

      repo.copy(reference, stub);
      const solved = await repo.run(['check']);
      expect(solved.code, printed(solved)).toBe(0);
      expect(solved.stdout).toMatch(new RegExp(`${kata}\\s+✓ solved`));
      expect(solved.stdout).toContain('1 of 1 katas solved.');

      const shown = await repo.run(['solution', kata]);
      expect(shown.code, printed(shown)).toBe(0);
      expect(shown.stdout, 'the reference should be printed').toContain(
        handedOut(reference).toString().split('\n').slice(0, 5).join('\n'),
      );
      expect(shown.stdout, 'a kata known to pass is not run again').not.toContain('Running the spec');
    });

    test('solution refuses before the kata passes, and --force shows it anyway', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const refused = await repo.run(['solution', kata]);
      expect(refused.code, printed(refused)).toBe(1);
      expect(refused.stdout).toContain('Not yet: solve it first');
      expect(refused.stdout, 'nothing of the reference may leak').not.toContain(
        'solutions/closable-queue/closable-queue.ts',
      );

      const forced = await repo.run(['solution', kata, '--force']);
      expect(forced.code, printed(forced)).toBe(0);
      expect(forced.stdout).toContain(`── solutions/${kata}/${kata}.ts`);
    });
  });

  describe('npm run kata -- watch', () => {
    test('runs the spec again after the learner saves, in the line-based mode, and quits on q', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const session = repo.start([]);
      await session.waitFor(/✗ 0 of \d+ tests pass/, 30_000, 'the first run against the stub');
      await session.waitFor(/Next: Not implemented yet: step 1/, 1000, 'the lesson of the first failing test');

      session.type('h');
      await session.waitFor(/Step 1: .*\(hint 1 of \d\)/, 5000, 'a hint after typing h');

      repo.copy(reference, stub);
      await session.waitFor(/Running the tests of closable-queue/, 10_000, 'a new run after the file was saved');
      await session.waitFor(/✓ Solved/, 60_000, 'the kata solved after the reference was saved');

      session.type('q');
      const quit = await session.exited;
      expect(quit.code, printed(quit)).toBe(0);
    });

    test('points Next: at the lowest step failing, an assertion of step 1 before a "not implemented" of a later step', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, ['spawn-chain']);
      const spawnStub = 'katas/spawn-chain/spawn-chain.ts';
      // run() half written: it starts the program but ignores the input and the environment it is given.
      const halfWritten = repo
        .read(spawnStub)
        .toString()
        .replace(
          /notImplemented\('step 1 of katas\/spawn-chain\/README\.md \(run\)'\);/,
          'const { stdout } = await execa(file, [...args]);\n  return { stdout: String(stdout), exitCode: 0 };',
        );
      expect(halfWritten, 'the stub of run() should still fail with its step-1 line').not.toBe(
        repo.read(spawnStub).toString(),
      );
      repo.write(spawnStub, halfWritten);
      const session = repo.start(['watch', 'spawn-chain']);
      const shown = await session.waitFor(
        /Step \d+ of katas\/spawn-chain\/README\.md/,
        60_000,
        'the lesson of the first run',
      );
      expect(shown, 'the lesson is step 1, where run() still fails').toMatch(
        /Step 1 of katas\/spawn-chain\/README\.md/,
      );
      expect(
        /Next: (.*)/.exec(shown)?.[1],
        'an assertion failure of step 1 outranks "not implemented" of later steps',
      ).not.toMatch(/Not implemented yet/);
      session.type('q');
      await session.exited;
    });

    test('reports code that starves the event loop as a lesson, and keeps going', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      repo.write(stub, "export * from './mistakes/microtask-spin.ts';\n"); // the learner's module, written as the classic mistake
      const run = await repo.run(['check']);
      expect(run.code, printed(run)).toBe(1);
      expect(run.stdout, 'the lesson should name the starvation').toContain('Next: The event loop starved');
    });
  });

  describe('npm run kata -- interview', () => {
    test('runs the loop with a countdown and no hints, then prints the tests passing over time', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const session = repo.start(['interview', kata, '--minutes', '0.15']);
      await session.waitFor(/Interview: \d\d:\d\d left of 0\.15 min/, 30_000, 'the countdown');
      session.type('h');
      await session.waitFor(/Hints are off in an interview/, 5000, 'hints refused');
      const end = await session.exited;
      expect(end.code, printed(end)).toBe(0);
      expect(end.stdout, 'the summary').toMatch(
        /Interview on closable-queue: 0\.15 min, time is up\n {2}time +tests passing\n {2}\d\d:\d\d +0\/\d+/,
      );
      expect(end.stdout).toContain('Not solved: 0 of');
    });
  });

  describe('npm run kata with bad input', () => {
    test.for([
      [['hint', 'nope'], /Cannot show a hint: the kata must be one of (.+), received "nope"/],
      [['reset'], /Cannot reset: the kata must be one of (.+), received nothing/],
      [
        ['solution', 'Closable-Queue'],
        /Cannot show the solution: the kata must be one of (.+), received "Closable-Queue"/,
      ],
      [
        ['lst'],
        /Cannot run the kata command: it must be one of watch, list, hint, reset, check, solution, interview, play, replay, received lst/,
      ],
      [
        ['interview', kata, '--minutes', 'soon'],
        /Cannot start the interview: --minutes must be a positive number, received soon/,
      ],
      [['list', '--force'], /Cannot list: --force is not an option of list, received --force/],
    ] as const)('%j exits with 2 and says what it expected', async ([args, message], context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata], 'all');
      const run = await repo.run(args);
      expect(run.code, printed(run)).toBe(2);
      expect(run.stderr).toMatch(message);
      const listed = message.exec(run.stderr)?.[1];
      if (listed && args[0] !== 'lst') expect(listed, 'an unknown kata lists every kata').toBe(slugs.join(', '));
    });
  });

  describe('npm run snapshot', () => {
    test('--check passes when the snapshot matches katas/ and fails naming each file that changed', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, [kata]);
      const written = await repo.run(['snapshot'], '', 'dev/main.ts');
      expect(written.code, printed(written)).toBe(0);
      const matching = await repo.run(['snapshot', '--check'], '', 'dev/main.ts');
      expect(matching.code, printed(matching)).toBe(0);

      repo.write(stub, 'changed');
      const drifted = await repo.run(['snapshot', '--check'], '', 'dev/main.ts');
      expect(drifted.code, printed(drifted)).toBe(1);
      expect(drifted.stdout).toContain(`${stub} changed`);
      const kataJson = `katas/${kata}/kata.json`;
      repo.write(
        kataJson,
        repo
          .read(kataJson)
          .toString()
          .replace(/"builds": "[^"]*"/, '"builds": "something else"'),
      );
      const table = await repo.run(['snapshot', '--check'], '', 'dev/main.ts');
      expect(table.stdout, 'the README table is derived from kata.json, and checked').toContain(
        'the kata table does not match',
      );
    });
  });

  describe('npm run dev -- new', () => {
    test('scaffolds a kata in one folder that list shows and check:stubs accepts, with no other file edited', async (context) => {
      const { expect } = context;
      const repo = copyRepo(context, []);
      const created = await repo.run(['new', 'bounded-thing'], '', 'dev/main.ts');
      expect(created.code, printed(created)).toBe(0);
      const listed = await repo.run(['list']);
      expect(listed.stdout, printed(listed)).toMatch(/1\. bounded-thing: .*not started/);
      const checked = await repo.run(['check-stubs', 'bounded-thing'], '', 'dev/main.ts');
      expect(checked.code, printed(checked)).toBe(0);
      expect(checked.stdout).toMatch(/✓ bounded-thing: 1 tests fail with "Not implemented yet"/);
      const derived = await repo.run(['snapshot', '--check'], '', 'dev/main.ts');
      expect(derived.code, `new leaves the derived files current: ${printed(derived)}`).toBe(0);
      expect(repo.read('README.md').toString(), 'the README table lists the new kata').toContain(
        '[bounded-thing](katas/bounded-thing/README.md)',
      );
      repo.copy('solutions/bounded-thing/bounded-thing.ts', 'katas/bounded-thing/bounded-thing.ts');
      const solved = await repo.run(['check']);
      expect(solved.code, `the placeholder reference passes its spec: ${printed(solved)}`).toBe(0);
    });
  });
});
