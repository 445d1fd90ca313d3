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

const heartbeat = new SharedArrayBuffer(8); // [0]: last beat, ms modulo 2^31; [1]: bytes of the test's name
const testName = new SharedArrayBuffer(1024);
const beats = new Int32Array(heartbeat);

function beat(): void {
  Atomics.store(beats, 0, Date.now() % 2 ** 31);
}

beat();
setInterval(beat, 200).unref();
const watchdog = new Worker(new URL('./watchdog-thread.mjs', import.meta.url), {
  workerData: { heartbeat, testName, limitMs: starvationLimitMs, reportFile: process.env[watchdogReportVariable] },
});
watchdog.unref();

beforeEach((context) => {
  const bytes = new TextEncoder().encode(context.task.name).slice(0, testName.byteLength);
  new Uint8Array(testName).set(bytes);
  Atomics.store(beats, 1, bytes.length);
  beat();
  (globalThis as Record<symbol, Set<string> | undefined>)[toDoSeen]?.clear(); // only this test's to-dos restore a cut message
  // Only a spec run against the learner's stubs meets their to-dos; elsewhere a "Not implemented
  // yet" in an error is text the test checks (the runner's own tests read the loop's output).
  if (context.task.file.projectName?.startsWith('katas')) {
    context.onTestFailed(({ task }) => task.result?.errors?.forEach(showAsToDo));
  }
});

afterEach(() => Atomics.store(beats, 1, 0));

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
