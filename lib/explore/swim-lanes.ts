/**
 * Swim lanes: a schedule printed as a table, one column per task and one row per step, with what
 * each task did in that step and the state after it.
 *
 * @module
 */
import type { Execution } from './scenario.ts';

/** The widest a cell may be before it is cut with `...`. */
const maxCell = 44;

function cut(text: string): string {
  return text.length <= maxCell ? text : `${text.slice(0, maxCell - 3)}...`;
}

/**
 * Renders a schedule as swim lanes. A task that moved in a step it was not chosen for (woken by the
 * chosen one) has its cell marked `(woken)`. The last row ends with the failure, if any.
 *
 * @param execution The schedule, e.g. a shrunk failing one.
 * @returns The table as lines of text, without a trailing newline.
 * @example
 * ```ts
 * console.log(swimLanes(execution));
 * // step | sensor 0      | sensor 1      | state
 * //    1 | read 0        |               | count 0
 * ```
 */
export function swimLanes(execution: Execution): string {
  const hasState = execution.steps.some((step) => step.state !== undefined);
  const header = ['step', ...execution.taskNames, ...(hasState ? ['state'] : [])];
  const rows = execution.steps.map((step, index) => [
    String(index + 1),
    ...execution.taskNames.map((_, task) => {
      const events = step.events[task] ?? [];
      if (events.length === 0) return '';
      return cut(`${task === step.task ? '' : '(woken) '}${events.join(', ')}`);
    }),
    ...(hasState ? [cut(step.state ?? '')] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padStart(widths[0]!) : cell.padEnd(widths[column]!)))
      .join(' | ')
      .trimEnd();
  const lines = [line(header), widths.map((width) => '-'.repeat(width)).join('-+-'), ...rows.map(line)];
  const failure = execution.failure;
  if (failure) {
    if (rows.length > 0)
      lines[lines.length - 1] += `  <- ${failure.kind === 'deadlock' ? 'deadlock' : failure.message}`;
    if (failure.kind === 'deadlock') lines.push(...(failure.waiting ?? []).map((wait) => `  ${wait}`));
  }
  return lines.join('\n');
}
