/**
 * Replay tokens: a schedule written as a short string, `<scenario>:<lanes>`, where each task is a
 * letter (`a` is the first lane) followed by how many steps it takes in a row when more than one.
 * `lost-update:ab2a` is a, b, b, a.
 *
 * @module
 */

/** The most tasks a token can name: one letter each. */
export const maxTasks = 26;

/**
 * Writes a schedule as a replay token.
 *
 * @param scenario The scenario's name.
 * @param choices The task chosen at each step.
 * @returns The token, e.g. `lost-update:ab2a`.
 * @throws {RangeError} When a choice is not a task index a token can name.
 * @example
 * ```ts
 * assert.equal(encodeToken('lost-update', [0, 1, 1, 0]), 'lost-update:ab2a');
 * ```
 */
export function encodeToken(scenario: string, choices: readonly number[]): string {
  let lanes = '';
  for (let step = 0; step < choices.length; ) {
    const task = choices[step]!;
    if (!Number.isInteger(task) || task < 0 || task >= maxTasks) {
      throw new RangeError(
        `Cannot encode replay token: each choice must be a task index from 0 to ${maxTasks - 1}, received ${task}`,
      );
    }
    let run = 1;
    while (choices[step + run] === task) run++;
    lanes += String.fromCharCode(97 + task) + (run > 1 ? String(run) : '');
    step += run;
  }
  return `${scenario}:${lanes}`;
}

/**
 * Reads a replay token back.
 *
 * @param token A token from `encodeToken`, e.g. `lost-update:ab2a`.
 * @returns The scenario's name and the choices.
 * @throws {TypeError} When `token` is not a string.
 * @throws {SyntaxError} When it is not of the form `<scenario>:<lanes>`.
 * @example
 * ```ts
 * assert.deepEqual(decodeToken('lost-update:ab2a'), { scenario: 'lost-update', choices: [0, 1, 1, 0] });
 * ```
 */
export function decodeToken(token: string): { scenario: string; choices: number[] } {
  if (typeof token !== 'string')
    throw new TypeError(`Cannot decode replay token: it must be a string, received ${typeof token}`);
  const match = /^([a-z0-9-]+):((?:[a-z][0-9]*)*)$/.exec(token.trim());
  if (!match) {
    throw new SyntaxError(
      `Cannot decode replay token: it must look like <scenario>:<lanes>, such as lost-update:ab2a, received ${token}`,
    );
  }
  const choices: number[] = [];
  for (const [, letter, count] of match[2]!.matchAll(/([a-z])([0-9]*)/g)) {
    const times = count === '' ? 1 : Number(count);
    for (let index = 0; index < times; index++) choices.push(letter!.charCodeAt(0) - 97);
  }
  return { scenario: match[1]!, choices };
}
