// Runs one kata's spec in a child process with a deadline, and reads back every test's outcome.
//
// A child process, because a spec that starves its event loop cannot be stopped from inside;
// the watchdog in test/support/setup.ts names such a test on stderr, and the deadline here is the
// last resort.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url);
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const runtime = globalThis.Deno ? [globalThis.Deno.execPath(), 'run', '-A'] : [process.execPath];

/**
 * @param {object} options
 * @param {string} options.kata The kata's slug: its spec is test/<kata>/.
 * @param {string[]} options.projects The Vitest projects to run, e.g. ['katas', 'katas:timing'].
 * @param {Record<string, string>} [options.env] Extra environment, e.g. KATA_MISTAKE.
 * @param {number} options.deadlineMs When to kill the run.
 * @returns {Promise<{ tests: { name: string, file: string, status: string, messages: string[] }[],
 *   starvedIn?: string, timedOut: boolean, exitCode: number | null, seconds: number, stderr: string }>}
 */
export async function runSpec({ kata, projects, env = {}, deadlineMs }) {
  const folder = mkdtempSync(join(tmpdir(), 'kata-run-'));
  const report = join(folder, 'report.json');
  const args = [vitest, 'run', `test/${kata}/`, ...projects.flatMap((p) => ['--project', p]), '--reporter=json', `--outputFile=${report}`];
  const started = performance.now();
  const child = spawn(runtime[0], [...runtime.slice(1), ...args], {
    cwd: root,
    env: { ...process.env, ...env, CI: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: process.platform !== 'win32', // its own process group, so the deadline kills every descendant
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child);
  }, deadlineMs);
  const exitCode = await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  let tests = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    tests = json.testResults.flatMap((file) =>
      file.assertionResults.map((test) => ({
        name: test.title,
        file: file.name,
        status: test.status,
        messages: test.failureMessages ?? [],
      })),
    );
  } catch {
    // no report: the run crashed or was killed; stderr says why
  }
  rmSync(folder, { recursive: true, force: true });
  const starvedIn = /The event loop starved for \d+ s in "([^"]*)"/.exec(stderr)?.[1];
  return { tests, starvedIn, timedOut, exitCode, seconds, stderr };
}

function killTree(child) {
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Every kata in the manifest (katas.json), in the order a learner takes them. */
export function katas() {
  return JSON.parse(readFileSync(new URL('../katas.json', import.meta.url), 'utf8')).katas;
}
