/**
 * A thread for the shared-memory specs: loads the module under test by URL and plays one role
 * against the buffers it is given, then posts what it saw.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CountJob } from '../types.ts';

/** What the spec sends as `workerData`. */
export type Role =
  /** Posts `'waiting'`, locks the mutex (which the spec holds), marks `entered`, unlocks, posts `'done'`. */
  | { role: 'lock-once'; kata: string; lock: SharedArrayBuffer; entered: SharedArrayBuffer }
  /**
   * After the start line, adds 1 to `counter` (an AtomicCounter) a chunk of 1000 at a time, until
   * every counting thread has seen the others add during `enough` of its chunks, or it has added
   * `most`; posts a `CountedReport`.
   */
  | {
      role: 'count';
      kata: string;
      counter: SharedArrayBuffer;
      enough: number;
      most: number;
      control: SharedArrayBuffer;
      parties: number;
    }
  /** Calls the module's `addOnes(job)` for each job, posting `{ added: mode }` after each, then `'done'`. */
  | { role: 'add-ones'; kata: string; jobs: Omit<CountJob, 'module'>[] }
  /** After the start line, adds a sample of `step` `times` times: samples and total under the lock, or with two AtomicCounters. */
  | {
      role: 'write';
      kata: string;
      pair: Pair;
      times: number;
      step: number;
      control: SharedArrayBuffer;
      parties: number;
    }
  /** After the start line, reads the pair until every writer is done; posts how often samples x step and total disagreed. */
  | {
      role: 'read';
      kata: string;
      pair: Pair;
      step: number;
      control: SharedArrayBuffer;
      parties: number;
      writers: number;
    };

/** A sample count and a running total: with a SharedMutex over one buffer, or as two AtomicCounters. */
export type Pair =
  | { kind: 'locked'; lock: SharedArrayBuffer; words: SharedArrayBuffer }
  | { kind: 'atomic'; samples: SharedArrayBuffer; total: SharedArrayBuffer };

/** What a counting thread posts. */
export interface CountedReport {
  /** How many times it added 1. */
  added: number;
  /** In how many of its chunks the counter moved by more than its own additions: another thread added meanwhile. */
  sharedChunks: number;
}

/** What a reader posts. */
export interface ReadReport {
  reads: number;
  disagreements: number;
}

/** Control words: [arrived at the start line, writers done or counters that saw enough]. */
const arrivedWord = 0;
const writersDoneWord = 1;
const sawEnoughWord = 1;

const job = workerData as Role;
const kata = (await import(job.kata)) as typeof import('#kata/locking-counter/locking-counter.ts');

/** Waits until `parties` threads have arrived, so the roles really overlap. */
function startTogether(control: Int32Array, parties: number): void {
  if (Atomics.add(control, arrivedWord, 1) + 1 === parties) Atomics.notify(control, arrivedWord);
  for (
    let arrived = Atomics.load(control, arrivedWord);
    arrived < parties;
    arrived = Atomics.load(control, arrivedWord)
  ) {
    Atomics.wait(control, arrivedWord, arrived);
  }
}

/** Adds one sample and reads the pair, each as the pair's kind allows. */
function pairOf(pair: Pair, step: number): { add(): void; read(): [samples: number, total: number] } {
  if (pair.kind === 'atomic') {
    const samples = new kata.AtomicCounter(pair.samples);
    const total = new kata.AtomicCounter(pair.total);
    return {
      add: () => (samples.increment(), total.increment(step)),
      read: () => [samples.count, total.count],
    };
  }
  const mutex = new kata.SharedMutex(pair.lock);
  const words = new Int32Array(pair.words, 0, 2); // plain reads and writes: the lock alone keeps them in step
  return {
    add: () => mutex.withLock(() => ((words[0] = words[0]! + 1), (words[1] = words[1]! + step))),
    read: () => mutex.withLock(() => [words[0]!, words[1]!]),
  };
}

if (job.role === 'add-ones') {
  for (const adding of job.jobs) {
    kata.addOnes({ ...adding, module: job.kata });
    parentPort?.postMessage({ added: adding.mode });
  }
  parentPort?.postMessage('done');
} else if (job.role === 'lock-once') {
  const mutex = new kata.SharedMutex(job.lock);
  parentPort?.postMessage('waiting');
  mutex.lock();
  Atomics.store(new Int32Array(job.entered), 0, 1);
  mutex.unlock();
  parentPort?.postMessage('done');
} else {
  const control = new Int32Array(job.control);
  startTogether(control, job.parties);
  if (job.role === 'count') {
    const counter = new kata.AtomicCounter(job.counter);
    const word = new Int32Array(job.counter, 0, 1);
    const report: CountedReport = { added: 0, sharedChunks: 0 };
    // Counting on while the others have not seen enough: they need this thread's additions to see.
    while (Atomics.load(control, sawEnoughWord) < job.parties && report.added < job.most) {
      const before = Atomics.load(word, 0);
      for (let i = 0; i < 1000; i++) counter.increment();
      report.added += 1000;
      if (Atomics.load(word, 0) - before === 1000) continue;
      if (++report.sharedChunks === job.enough) Atomics.add(control, sawEnoughWord, 1);
    }
    parentPort?.postMessage(report);
  } else if (job.role === 'write') {
    const pair = pairOf(job.pair, job.step);
    for (let i = 0; i < job.times; i++) pair.add();
    Atomics.add(control, writersDoneWord, 1);
    parentPort?.postMessage('done');
  } else {
    const pair = pairOf(job.pair, job.step);
    const report: ReadReport = { reads: 0, disagreements: 0 };
    while (Atomics.load(control, writersDoneWord) < job.writers) {
      const [samples, total] = pair.read();
      report.reads++;
      if (total !== samples * job.step) report.disagreements++;
    }
    parentPort?.postMessage(report);
  }
}
