/**
 * The watchdog's report channel: when a test process's event loop starves, the watchdog thread
 * (watchdog-thread.mjs) appends one JSON line to the file this environment variable names, before it
 * stops the process. Whoever runs the spec and wants to know, sets the variable and reads the file.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';

/** The environment variable that names the report file; unset, the watchdog only prints its lesson. */
export const watchdogReportVariable = 'KATA_WATCHDOG_REPORT';

/** What the watchdog reports: the tests running when the event loop starved, and for how long. */
export interface Starvation {
  /**
   * The names of the tests running then: one, or several where a file runs tests side by side (one
   * of them starved the loop); none when a test file starved it while it loaded.
   */
  tests: string[];
  /** How long the event loop went without a turn, in milliseconds. */
  silentMs: number;
}

/**
 * Reads every starvation a report file holds: one a test process, when several ran the spec at once.
 *
 * @param file The report file's path.
 * @returns The starvations, oldest first; none when the file does not exist or holds none.
 * @example
 * ```ts
 * const starvedIn = readStarvations(report).flatMap((starvation) => starvation.tests);
 * ```
 */
export function readStarvations(file: string): Starvation[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Starvation);
}
