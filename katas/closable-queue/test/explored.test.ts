/**
 * The closable-queue kata's interleavings, explored: every schedule of a few producers, consumers,
 * closers and workers within two preemptions, at the places a real program waits. A failure prints
 * the shortest schedule that breaks the rule as swim lanes (a deadlock names what each task waits
 * on), with a token that `npm run kata -- replay closable-queue <token>` re-runs.
 */
import { describe, test } from 'vitest';
import * as kata from '#kata/closable-queue/closable-queue.ts';
import { expectEverySchedule } from '../../../lib/explore/explore.ts';
import { buildScenarios } from './scenarios.ts';

const scenarios = buildScenarios(kata);
const options = { kata: 'closable-queue' };

describe('step 2: `get()` waits', () => {
  test('ClosableQueue hands a put item to the getter that waited, not to a get() called in the same step, under every explored schedule', async () => {
    await expectEverySchedule(scenarios.handoff!, options);
  });
});

describe('step 3: `put()` waits while the queue is full', () => {
  test('ClosableQueue.put() resolves only once its item is in the queue, under every explored schedule', async () => {
    await expectEverySchedule(scenarios.backpressure!, options);
  });
});

describe('step 5: `close()`', () => {
  test('ClosableQueue.close() wakes every waiting getter, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['close-wakes-all']!, options);
  });
});

describe('step 6: errors as rejections, and `AbortSignal`', () => {
  test('ClosableQueue.get() aborted at any moment never swallows an item, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['abort-get']!, options);
  });
});

describe('step 7: `for await...of`', () => {
  test('for await loops sharing a queue handle each item once and all end after close(), under every explored schedule', async () => {
    await expectEverySchedule(scenarios['for-await-consumers']!, options);
  });
});

describe('step 8: `StoppableWorker`, `startWorkers()`, `stopWorkers()`', () => {
  test("stopWorkers() rejects with a failed worker's error instead of waiting forever, under every explored schedule", async () => {
    await expectEverySchedule(scenarios['stop-on-failure']!, options);
  });
});

describe('step 9: `runPipeline()`', () => {
  test('runPipeline() with a failing stage rejects only once no work runs, and starts none after, under every explored schedule', async () => {
    await expectEverySchedule(scenarios['pipeline-failure']!, options);
  });
});
