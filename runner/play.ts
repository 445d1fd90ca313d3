/**
 * `play <scenario>`: the learner is the scheduler. The tasks are shown as swim lanes; the learner
 * picks which task takes its next step (number keys), undoes a move (`u`), and expands an operation
 * such as `increment()` into its parts (`e`), until the rule breaks or every task is stuck. Then
 * the token of the interleaving found is printed, which `replay` accepts.
 *
 * Each move re-runs the scenario from the start with the moves so far: the same choices give the
 * same run, so undo is "run again with one move fewer".
 *
 * @module
 */
import { execute, type Chooser, type ScheduleView } from '../lib/explore/execution.ts';
import { encodeToken, swimLanes, type Execution } from '../lib/explore/explore.ts';
import { gameScenario } from './scenarios.ts';
import { kataCommand, style } from './screen.ts';
import { interactive, Keys } from './terminal.ts';

/** Thrown out of the chooser to stop a run: the learner undid a move or quit. */
class Interrupt extends Error {
  readonly reason: 'undo' | 'quit';

  constructor(reason: 'undo' | 'quit') {
    super(reason);
    this.reason = reason;
  }
}

/** Key presses (or the first letters of typed lines) as something to await; `'q'` once input ends. */
class KeyQueue {
  readonly #pending: string[] = [];
  #waiting: ((key: string) => void) | undefined;
  #ended = false;
  readonly #keys = new Keys((key) => this.#push(key));

  start(): void {
    this.#keys.start();
    process.stdin.once('end', () => this.#end());
    process.stdin.once('close', () => this.#end());
  }

  stop(): void {
    this.#keys.stop();
  }

  next(): Promise<string> {
    const key = this.#pending.shift();
    if (key !== undefined) return Promise.resolve(key);
    if (this.#ended) return Promise.resolve('q');
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  #push(key: string): void {
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting(key);
    } else {
      this.#pending.push(key);
    }
  }

  #end(): void {
    this.#ended = true;
    this.#push('q');
  }
}

/** How each task stands before the learner's move. */
function taskLines(view: ScheduleView, enabled: readonly number[]): string[] {
  return view.taskNames.map((name, task) => {
    const events = view.steps.flatMap((step) => step.events[task] ?? []);
    const last = events.at(-1);
    let status: string;
    if (enabled.includes(task))
      status =
        events.length === 0
          ? 'ready to start'
          : `paused after: ${last}${view.within[task] ? ` (inside ${view.within[task]})` : ''}`;
    else if (last === 'done' || last?.startsWith('threw')) status = 'finished';
    else status = `cannot move: ${last ?? 'blocked'}`;
    return `  ${enabled.includes(task) ? style.bold(String(task + 1)) : ' '} ${name}: ${status}`;
  });
}

/**
 * Plays a game: the learner schedules its tasks until the rule breaks, everything blocks, or they quit.
 *
 * @param root The repo's root folder.
 * @param name The game, e.g. `'lost-update'`.
 * @returns 0. Rejects with a UsageError for an unknown game.
 */
export async function play(root: string, name: string | undefined): Promise<number> {
  const { game, scenario } = await gameScenario(root, name);
  const keys = new KeyQueue();
  keys.start();
  try {
    return await gameLoop();
  } finally {
    keys.stop();
  }

  async function gameLoop(): Promise<number> {
    console.log(`${style.bold(`Play the scheduler: ${name}`)} (${game.kata})`);
    console.log(`${scenario.title ?? ''}\nYour goal: ${game.goal}.`);
    console.log(
      `You choose which task takes its next step. Keys: a number picks a task, u undoes your last move, e expands or folds an operation into its parts, q quits.${interactive ? '' : ' Type each key on its own line.'}`,
    );
    const schedule: number[] = []; // every step's task, the learner's and the ones that followed by themselves
    const moves: number[] = []; // where each of the learner's moves starts in the schedule
    let expanded = false;
    for (;;) {
      let note = '';
      const choose: Chooser = async (enabled, step, previous, view) => {
        if (step < schedule.length) return schedule[step]!;
        // Folded, an operation is one move: a task paused inside one goes on by itself.
        if (!expanded && previous !== undefined && enabled.includes(previous) && view.within[previous])
          return record(previous);
        if (enabled.length === 1 && view.steps.length === 0) return record(enabled[0]!);
        if (view.steps.length > 0)
          console.log(`\n${swimLanes({ taskNames: [...view.taskNames], choices: schedule, steps: [...view.steps] })}`);
        else console.log('');
        console.log(taskLines(view, enabled).join('\n'));
        if (note) console.log(style.yellow(note));
        note = '';
        for (;;) {
          process.stdout.write(`Step ${step + 1} (${expanded ? 'expanded' : 'operations folded'}): which task moves? `);
          const key = await keys.next();
          if (!interactive) process.stdout.write('\n');
          if (key === 'q') throw new Interrupt('quit');
          if (key === 'u') {
            if (moves.length === 0) {
              console.log('Nothing to undo yet.');
              continue;
            }
            throw new Interrupt('undo');
          }
          if (key === 'e') {
            expanded = !expanded;
            console.log(
              expanded
                ? 'Expanded: each part of an operation is a move of its own.'
                : 'Folded: an operation is one move again.',
            );
            continue;
          }
          const task = Number(key) - 1;
          if (!Number.isInteger(task) || task < 0 || task >= view.taskNames.length) {
            console.log(
              `Type a task's number (1 to ${view.taskNames.length}), u, e or q; received ${key || 'an empty line'}.`,
            );
            continue;
          }
          if (!enabled.includes(task)) {
            console.log(`${view.taskNames[task]} cannot move now: it waits for another task, or it has finished.`);
            continue;
          }
          moves.push(schedule.length);
          return record(task);
        }
      };
      const record = (task: number) => (schedule.push(task), task);
      let execution: Execution;
      try {
        execution = await execute(scenario, choose);
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        if (error.reason === 'quit') {
          console.log('Stopped. The tasks were left where they were.');
          return 0;
        }
        schedule.length = moves.pop()!;
        console.log('Undone.');
        continue;
      }
      console.log(`\n${swimLanes(execution)}`);
      const token = encodeToken(scenario.name, execution.choices);
      if (execution.failure) {
        console.log(`\n${style.green('You found it')}: ${execution.failure.message}`);
        console.log(
          `The token of this interleaving is ${style.bold(token)}. Replay it: ${kataCommand(`replay ${game.kata} ${token}`)}`,
        );
        return 0;
      }
      console.log(
        `\nEvery task finished and nothing broke (token ${token}). Press u to undo a move and try another order, or q to quit.`,
      );
      for (;;) {
        const key = await keys.next();
        if (key === 'q') return 0;
        if (key === 'u' && moves.length > 0) break;
        console.log('u undoes your last move, q quits.');
      }
      schedule.length = moves.pop()!;
      console.log('Undone.');
    }
  }
}
