/**
 * Reading the learner's keys: single key presses in a terminal, whole lines everywhere else (a
 * pipe, CI, an editor's task panel), so the loop works in both.
 *
 * @module
 */
import { createInterface, type Interface } from 'node:readline';

/** True when both ends are a terminal (and not CI): keys come one at a time and the screen can be redrawn. */
export const interactive: boolean = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;

/**
 * Delivers what the learner types as keys: a key press in a terminal, or the first letter of each
 * line typed otherwise (`n`, `next` and `N` are all `n`; an empty line is `''`).
 *
 * @example
 * ```ts
 * const keys = new Keys((key) => key === 'q' && keys.stop());
 * keys.start();
 * ```
 */
export class Keys {
  readonly #onKey: (key: string) => void;
  #lines: Interface | undefined;
  readonly #onData = (chunk: string) => {
    for (const key of chunk) this.#onKey(key === '\u0003' ? 'q' : key.toLowerCase()); // Ctrl-C quits, as it would without raw mode
  };

  /** @param onKey Called with each key. */
  constructor(onKey: (key: string) => void) {
    this.#onKey = onKey;
  }

  /** Starts listening: raw key presses when interactive, lines otherwise. */
  start(): void {
    if (interactive) {
      process.stdin.setRawMode(true);
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', this.#onData);
      process.stdin.resume();
    } else {
      this.#lines = createInterface({ input: process.stdin });
      this.#lines.on('line', (line) => this.#onKey(line.trim().charAt(0).toLowerCase()));
    }
  }

  /**
   * Stops listening for good and gives the terminal back as it was. Idempotent. Stdin is closed:
   * an open pipe would keep the process alive after the loop ends.
   */
  stop(): void {
    if (interactive) {
      process.stdin.off('data', this.#onData);
      process.stdin.setRawMode(false);
    }
    this.#lines?.close();
    this.#lines = undefined;
    process.stdin.destroy();
  }
}

/**
 * Asks a question and waits for one line.
 *
 * @param question Printed before waiting, e.g. `'Reset? [y/N] '`.
 * @returns The answer, trimmed; `''` when stdin ends first.
 * @example
 * ```ts
 * if ((await ask('Reset katas/closable-queue/? [y/N] ')).toLowerCase() === 'y') reset();
 * ```
 */
export function ask(question: string): Promise<string> {
  process.stdout.write(question);
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) => {
    lines.once('line', (line) => {
      if (!process.stdin.isTTY) process.stdout.write('\n'); // a typed answer ends its own line; a piped one does not
      resolve(line.trim());
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}
