/**
 * Runs before every spec file: starts the event-loop watchdog (see watchdog-thread.mjs), and cuts
 * a stub's "not implemented yet" failures down to their one line.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach } from 'vitest';
import { toDoSeen } from '../../lib/not-implemented.ts';
import { watchdogReportVariable } from './watchdog-report.ts';

/** How long the spec's thread may go without a turn of its event loop before the run is stopped. */
const starvationLimitMs = 10_000;

const heartbeat = new SharedArrayBuffer(8); // [0]: last beat, ms modulo 2^31; [1]: bytes of the running tests' names
const testNames = new SharedArrayBuffer(4096);
const beats = new Int32Array(heartbeat);

function beat(): void {
  Atomics.store(beats, 0, Date.now() % 2 ** 31);
}

beat();
setInterval(beat, 200).unref();
const watchdog = new Worker(new URL('./watchdog-thread.mjs', import.meta.url), {
  workerData: { heartbeat, testNames, limitMs: starvationLimitMs, reportFile: process.env[watchdogReportVariable] },
});
watchdog.unref();

/** The tests running now, by id: one, or several where a file runs tests side by side. */
const running = new Map<string, string>();

/** Hands the watchdog the names of the tests running now, one a line. */
function nameRunningTests(): void {
  const bytes = new TextEncoder().encode([...running.values()].join('\n')).slice(0, testNames.byteLength);
  new Uint8Array(testNames).set(bytes);
  Atomics.store(beats, 1, bytes.length);
}

beforeEach((context) => {
  running.set(context.task.id, context.task.name);
  nameRunningTests();
  beat();
  // Only the to-dos of the tests running now restore a cut message; a test that starts beside
  // others keeps theirs.
  if (running.size === 1) (globalThis as Record<symbol, Set<string> | undefined>)[toDoSeen]?.clear();
  // Only a spec run against the learner's stubs meets their to-dos; elsewhere a "Not implemented
  // yet" in an error is text the test checks (the runner's own tests read the loop's output).
  if (context.task.file.projectName?.startsWith('katas')) {
    context.onTestFailed(({ task }) => task.result?.errors?.forEach(showAsToDo));
  }
});

afterEach((context) => {
  running.delete(context.task.id);
  nameRunningTests();
});

const toDo = /Not implemented yet:[^"\n\\]*/;
/** How an assertion marks where it cut a long value short. */
const cut = '…';

/**
 * A stub's `NotImplementedError` often reaches the test wrapped: in an assertion (`expected
 * RangeError, received NotImplementedError {...}`) or as the cause of a failed property. The diff
 * and the stack teach nothing; the stub's own line names the README step to do next, so the error
 * is replaced by that line.
 */
function showAsToDo(error: object): void {
  let line = toDo.exec(JSON.stringify(error))?.[0];
  if (!line) return;
  if (line.includes(cut)) {
    const start = line.slice(0, line.indexOf(cut));
    const seen = (globalThis as Record<symbol, Set<string> | undefined>)[toDoSeen] ?? new Set<string>();
    line = [...seen].find((message) => message.startsWith(start)) ?? start;
  }
  const fields = error as Record<string, unknown>;
  for (const key of Object.keys(fields)) delete fields[key];
  Object.assign(fields, { name: 'NotImplementedError', message: line, stack: `NotImplementedError: ${line}` });
}
