// What every child program shares. Importing this file records the child in the child log when
// SPAWN_CHAIN_LOG names a file: one JSON line with its pid, its program and its arguments, so the
// tests can check that no child outlives a test and that no secret travels on a command line.
import { appendFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import process from 'node:process';
import { pipeline } from 'node:stream/promises';

const log = process.env.SPAWN_CHAIN_LOG;
if (log) {
  const [, script = '', ...args] = process.argv;
  appendFileSync(log, `${JSON.stringify({ pid: process.pid, program: basename(script), args })}\n`);
}

/** Writes `message` to stderr and ends the program with `code` at once. */
export function fail(message, code = 2) {
  writeSync(2, `${message}\n`); // synchronous, so exit cannot cut it short
  process.exit(code);
}

/**
 * True when a write failed because the reader closed its end of the pipe. Like a Unix tool that
 * receives SIGPIPE, a child here then stops, but quietly and with status 0: the reader had all it
 * wanted.
 */
export function isReaderGone(error) {
  return error?.code === 'EPIPE' || /broken pipe/i.test(String(error?.message));
}

/** Streams stdin through `transform` to stdout, with back-pressure, until stdin ends. */
export async function filterStdin(transform) {
  try {
    await pipeline(process.stdin, transform, process.stdout);
  } catch (error) {
    if (isReaderGone(error)) process.exit(0);
    fail(String(error?.message ?? error), 1);
  }
}
