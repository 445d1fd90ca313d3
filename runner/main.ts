/**
 * `npm run kata -- [command]` (`deno task kata [command]`): the learner's loop around the katas'
 * specs. Without a command it watches the first kata not solved yet.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { check, hint, list, reset, solution } from './commands.ts';
import { parseStep } from './hint.ts';
import { play } from './play.ts';
import { replay } from './replay.ts';
import { kataCommand } from './screen.ts';
import { UsageError } from './usage-error.ts';
import { watch } from './watch.ts';
import { Workspace } from './workspace.ts';

const usage = `Usage: npm run kata -- [command] [options]   (or: deno task kata [command] [options])

  watch [<kata>]                   run the kata's spec on every save, with keys for a hint, the
                                   list, a reset and the next kata (the default command; it opens
                                   on the first kata not solved)
  list                             every kata in order: status, book item, estimated time
  hint <kata> [--step N]           the next hint of the step you are on (or of step N)
  reset <kata> [--yes]             put the kata's files back as they were handed out, after asking
  check                            run every kata's spec once; exit code 0 only if all are solved
  solution <kata> [--force]        the reference, once your kata passes (--force shows it anyway)
  interview <kata> --minutes <N>   the loop on one kata with a countdown and no hints, then a
                                   summary of the tests passing over time
  play <scenario>                  be the scheduler: pick which task moves next until a classic
                                   bug shows (lost-update, check-then-act-lock, close-wakes-one)
  replay <kata> <token>            re-run exactly the interleaving a token names, as swim lanes`;

/** The options each command takes. */
const optionsOf: Record<string, string[]> = {
  watch: [],
  list: [],
  hint: ['step'],
  reset: ['yes'],
  check: [],
  solution: ['force'],
  interview: ['minutes'],
  play: [],
  replay: [],
};

const root = fileURLToPath(new URL('..', import.meta.url));

// Output piped into a pager or `head` that quits early: stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  if (error instanceof UsageError) console.error(`The commands: ${kataCommand('--help')}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}

async function main(args: string[]): Promise<number> {
  const { positionals, values } = readArgs(args);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [command = 'watch', slug, ...extra] = positionals;
  const allowed = optionsOf[command];
  if (!allowed)
    throw new UsageError(
      `Cannot run the kata command: it must be one of ${Object.keys(optionsOf).join(', ')}, received ${command}`,
    );
  const misplaced = Object.keys(values).find((option) => !allowed.includes(option));
  if (misplaced)
    throw new UsageError(`Cannot ${command}: --${misplaced} is not an option of ${command}, received --${misplaced}`);
  if (command === 'play' && extra.length === 0) return play(root, slug);
  if (command === 'replay') return replay(root, slug, extra);
  const workspace = new Workspace(root);
  const takesKata = command !== 'list' && command !== 'check';
  if (extra.length > 0 || (!takesKata && slug !== undefined)) {
    throw new UsageError(
      `Cannot ${command}: ${takesKata ? 'it takes one kata' : 'it takes no kata'}, received ${positionals.slice(1).join(' ')}`,
    );
  }
  switch (command) {
    case 'list':
      return list(workspace);
    case 'check':
      return check(workspace);
    case 'watch':
      return watch(workspace, slug === undefined ? {} : { slug: workspace.kata(slug, 'watch').slug });
    case 'hint':
      return hint(workspace, workspace.kata(slug, 'show a hint').slug, parseStep(values.step));
    case 'reset':
      return reset(workspace, workspace.kata(slug, 'reset').slug, values.yes === true);
    case 'solution':
      return solution(workspace, workspace.kata(slug, 'show the solution').slug, values.force === true);
    default:
      return watch(workspace, {
        slug: workspace.kata(slug, 'start the interview').slug,
        minutes: parseMinutes(values.minutes),
      });
  }
}

function readArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        step: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        force: { type: 'boolean' },
        minutes: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`Cannot read the command line: ${(error as Error).message}`);
  }
}

function parseMinutes(text: string | undefined): number {
  const minutes = Number(text);
  if (text === undefined || !Number.isFinite(minutes) || minutes <= 0) {
    throw new UsageError(
      `Cannot start the interview: --minutes must be a positive number, received ${text ?? 'nothing'}`,
    );
  }
  return minutes;
}
