/**
 * The locking-counter kata's interleavings, explored: every schedule of a few tasks within two
 * preemptions, at the pauses the kata already takes (the counter's pause, the time a holder keeps
 * the lock). A failure prints the shortest schedule that breaks the rule as swim lanes, with a token
 * that `npm run kata -- replay locking-counter <token>` re-runs.
 */
import { describe, expect, test } from 'vitest';
import * as kata from '#kata/locking-counter/locking-counter.ts';
import { expectEverySchedule, explore, expectReplayPasses } from '../../../lib/explore/explore.ts';
import { buildScenarios } from './scenarios.ts';

const scenarios = buildScenarios(kata);
const options = { kata: 'locking-counter' };

describe('step 1: `Mutex`: `locked`, `tryAcquire()`, `acquire()` and the release', () => {
  test('Mutex keeps one holder at a time, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['one-holder']!, options);
  });

  test('Mutex release called twice never lets a third task in, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['release-twice']!, options);
  });

  test('Mutex grants the lock in the order it was asked for, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['fair-order']!, options);
  });
});

describe('step 2: `Mutex`: abort and `runExclusive()`', () => {
  test('Mutex never hands the lock to an aborted waiter, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['abort-while-waiting']!, options);
  });
});

describe('step 3: `LockingCounter`', () => {
  test('Counter loses an update: the explorer finds the 4-step schedule that does it (given)', async () => {
    const result = await explore(scenarios['lost-update']!, options);
    expect(result.failure, 'the racy Counter must lose an update in some schedule').toBeDefined();
    console.log(`${result.summary}\n${result.failure!.report}`);
    expect(result.failure!.execution.choices.length, 'two reads, then two writes').toBe(4);
  });

  test('LockingCounter never loses an update, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['locking-counter']!, options);
  });

  test('LockingCounter counts right when all three sensors start while the first one is paused', async () => {
    // A pinned schedule: sensor 0 reads and pauses, sensors 1 and 2 start (and must wait for the lock), then each runs on.
    await expectReplayPasses(scenarios['locking-counter']!, 'locking-counter:abc');
  });
});
