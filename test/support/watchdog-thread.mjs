// The watchdog's own thread. A spec's thread that spins on microtasks (`while (!ready) await null`)
// never runs a timer again, so no timer on that thread can stop it; this thread still runs. When
// the spec's heartbeat stops for too long it prints what was running and ends the process, so the
// run fails with a lesson instead of hanging. When the spec's runner asked for a report file
// (see watchdog-report.ts), the names of the tests running then also go there, as one JSON line.
import { appendFileSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { heartbeat, testNames, limitMs, reportFile } = workerData;
const beats = new Int32Array(heartbeat);
const nameBytes = new Uint8Array(testNames);

setInterval(() => {
  const silentMs = (Date.now() % 2 ** 31) - Atomics.load(beats, 0);
  if (silentMs < limitMs) return;
  const length = Atomics.load(beats, 1);
  const text = new TextDecoder().decode(nameBytes.slice(0, length));
  const tests = text === '' ? [] : text.split('\n');
  if (reportFile) appendFileSync(reportFile, `${JSON.stringify({ tests, silentMs })}\n`);
  const where =
    tests.length === 0
      ? 'while a test file loaded'
      : tests.length === 1
        ? `in "${tests[0]}"`
        : `in one of the ${tests.length} tests running side by side: ${tests.map((test) => `"${test}"`).join(', ')}`;
  writeSync(
    2,
    `\n\nThe event loop starved for ${Math.round(silentMs / 1000)} s ${where}.\n` +
      'Something kept the thread busy without ever giving timers or I/O a turn: a loop like\n' +
      '`while (!ready) await null` re-queues itself as a microtask forever. Wait on a promise that\n' +
      'the other side resolves instead of polling. Stopping this test process now.\n\n',
  );
  process.kill(process.pid, 'SIGKILL');
}, 500);
