/**
 * `npm run kata -- play` and `replay`, driven as a learner drives them, in a temporary copy of the
 * repo, in the line-based mode: each key typed on its own line.
 */
import { describe, test } from 'vitest';
import { copyRepo, type Finished } from './repo-copy.ts';

const katas = ['locking-counter', 'closable-queue'];

/** What a run printed, for failure messages. */
function printed(run: Finished): string {
  return `exit code ${run.code}; it printed:\n${run.stdout}${run.stderr}`;
}

/** Types keys, one per line. */
const keys = (...typed: string[]) => `${typed.join('\n')}\n`;

describe.concurrent('npm run kata -- play and replay', () => {
  test('play lost-update: expanding increment() and reading twice before writing loses an update, and the token replays it', async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const run = await repo.run(['play', 'lost-update'], keys('e', '1', '2', '2', '1'));
    expect(run.code, printed(run)).toBe(0);
    expect(run.stdout, `the tasks are shown as lanes: ${printed(run)}`).toMatch(/step \| sensor 0 +\| sensor 1/);
    expect(run.stdout, 'e expands increment() into its read and its write').toContain(
      'paused after: read 0 (inside increment())',
    );
    expect(run.stdout, `the game ends when the update is lost: ${printed(run)}`).toContain(
      'You found it: lost update: count is 1 after 2 increments',
    );
    expect(run.stdout, 'and names the token and the replay command').toMatch(
      /(npm run kata --|deno task kata) replay locking-counter lost-update:ab2a/,
    );

    const replayed = await repo.run(['replay', 'locking-counter', 'lost-update:ab2a']);
    expect(replayed.code, `a failing schedule exits with 1: ${printed(replayed)}`).toBe(1);
    expect(replayed.stdout, 'the replay shows the same interleaving').toMatch(
      /read 0[\s\S]*read 0[\s\S]*wrote 1, done[\s\S]*wrote 1, done[^\n]*count 1 +<- lost update/,
    );
  });

  test('play lost-update: folded, each increment is one move and nothing breaks; u undoes a move', async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const run = await repo.run(['play', 'lost-update'], keys('1', '2', 'u', 'e', '2', 'q'));
    expect(run.code, printed(run)).toBe(0);
    expect(run.stdout, `folded, sensor 0 reads and writes in one move: ${printed(run)}`).toMatch(
      /read 0 +\|[^\n]*\n[^\n]*wrote 1, done/,
    );
    expect(run.stdout, 'two folded increments count 2').toContain(
      'Every task finished and nothing broke (token lost-update:a2b2)',
    );
    expect(run.stdout, 'u takes the last move back').toContain('Undone.');
    expect(run.stdout, 'after the undo, sensor 0 has finished and sensor 1 is ready again').toMatch(
      /Undone\.[\s\S]*sensor 0: finished\n\s+2 sensor 1: ready to start/,
    );
    expect(run.stdout, 'expanded after the undo, sensor 1 reads what sensor 0 wrote and pauses').toContain(
      'sensor 1: paused after: read 1 (inside increment())',
    );
    expect(run.stdout, 'q stops the game').toContain('Stopped.');
  });

  test('play close-wakes-one: two getters wait and close() wakes only one; the deadlock names what the other waits on', async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const run = await repo.run(['play', 'close-wakes-one'], keys('1', '2', '3'));
    expect(run.code, printed(run)).toBe(0);
    expect(run.stdout, `a task that cannot move says why: ${printed(run)}`).toContain(
      'getter 1: cannot move: waits in get()',
    );
    expect(run.stdout, `the game ends in a deadlock: ${printed(run)}`).toContain(
      'You found it: deadlock: no task can run and 1 of 3 has not finished: getter 2 waits in get(); nobody will put or close',
    );
    const replayed = await repo.run(['replay', 'closable-queue', 'close-wakes-one:abc']);
    expect(replayed.code, printed(replayed)).toBe(1);
    expect(replayed.stdout, 'a game token replays the game').toContain(
      'against katas/closable-queue/mistakes/close-wakes-one.ts',
    );
    expect(replayed.stdout).toContain('getter 2 waits in get()');
  });

  test('play check-then-act-lock: a task that asks right after a release gets in too', async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const run = await repo.run(['play', 'check-then-act-lock'], keys('1', '2', '2', '1'));
    expect(run.code, printed(run)).toBe(0);
    expect(run.stdout, `task 2 cannot move while it waits: ${printed(run)}`).toContain('task 2 cannot move now');
    expect(run.stdout, printed(run)).toMatch(/You found it: task \d and task \d hold the lock at once/);
    expect(run.stdout).toMatch(/(npm run kata --|deno task kata) replay locking-counter check-then-act-lock:[a-z0-9]+/);
  });

  test("replay runs a spec's token against the learner's code: not written yet, then passing once it is", async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const stub = await repo.run(['replay', 'locking-counter', 'one-holder:bcb']);
    expect(stub.code, printed(stub)).toBe(1);
    expect(stub.stdout, 'against the stub, the one line of the step to do').toContain(
      'Not implemented yet: step 1 of katas/locking-counter/README.md',
    );
    repo.copy('solutions/locking-counter/locking-counter.ts', 'katas/locking-counter/locking-counter.ts');
    const solved = await repo.run(['replay', 'locking-counter', 'one-holder:bcb']);
    expect(solved.code, printed(solved)).toBe(0);
    expect(solved.stdout).toMatch(/task 2 +\| task 3/);
    expect(solved.stdout).toContain('This schedule passes with katas/locking-counter/locking-counter.ts');
  });

  test('play and replay reject an unknown scenario, kata or token with a usage error', async (context) => {
    const { expect } = context;
    const repo = copyRepo(context, katas);
    const game = await repo.run(['play', 'no-such-game']);
    expect(game.code, printed(game)).toBe(2);
    expect(game.stderr).toContain(
      'Cannot play: the scenario must be one of lost-update, check-then-act-lock, close-wakes-one, received no-such-game',
    );
    const kata = await repo.run(['replay', 'spawn-chain', 'x:a']);
    expect(kata.code, printed(kata)).toBe(2);
    expect(kata.stderr).toMatch(/Cannot replay: the kata must be one with explored scenarios/);
    const token = await repo.run(['replay', 'locking-counter', 'lost update']);
    expect(token.code, printed(token)).toBe(2);
    expect(token.stderr).toMatch(/Cannot decode replay token/);
    const misfit = await repo.run(['replay', 'locking-counter', 'lost-update:c']);
    expect(misfit.code, printed(misfit)).toBe(2);
    expect(misfit.stderr, 'a token that does not fit the scenario').toMatch(/cannot run there/);
  });
});
