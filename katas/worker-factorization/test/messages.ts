/**
 * The README's rule for argument errors: messages read
 * `Cannot <action>: <argument> must be <rule>, received <value>`.
 *
 * @module
 */

/**
 * A pattern for an argument error's message: it says what could not be done, names the argument and
 * shows what was received.
 *
 * @param argument The argument's name, e.g. `'threads'`; any name when `undefined` (an element of an
 *   array may be named in more than one way).
 * @param received What the message must show after `received`; any text when left out (a `TypeError`
 *   may show the value's type rather than the value).
 * @returns The pattern, for `toThrow`.
 * @example
 * ```ts
 * expect(() => new WorkerPool(url, { threads: 0 })).toThrow(argumentMessage('threads', '0'));
 * ```
 */
export function argumentMessage(argument: string | undefined, received?: string): RegExp {
  const name = argument === undefined ? '\\S+' : literally(argument);
  const value = received === undefined ? '\\S' : literally(received);
  return new RegExp(`^Cannot [^:]+: ${name} .*received ${value}`);
}

/** How the README words it, for failure messages. */
export const messageRule = 'messages read "Cannot <action>: <argument> must be <rule>, received <value>"';

/** `text` as a pattern that matches exactly it. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
