/**
 * `npm run dev -- <command>` (`deno task dev <command>`): the maintainer's commands, apart from
 * the learner's (`npm test`, `npm run kata`). `npm run bench`, `npm run check:stubs`,
 * `npm run mistakes`, `npm run mutation` and `npm run snapshot` are short for the commands of the same name.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { bench } from './bench.ts';
import { checkStubs } from './check-stubs.ts';
import { checkMistakes } from './mistakes.ts';
import { mutation } from './mutation.ts';
import { newKata } from './new-kata.ts';
import { snapshot } from './snapshot.ts';

const usage = `Usage: npm run dev -- <command>   (or: deno task dev <command>)

  new <slug>                scaffold a kata: kata.json, README, stub, reference, spec
  check-stubs [<kata>...]   every kata is laid out as its kata.json says, every stub fails only
                            with "Not implemented yet", every test names a README step
  mistakes [<kata>...]      every classic mistake is caught by the test its header names
  snapshot [--check]        rewrite (or check) what is derived from the kata folders: the stubs
                            reset restores, and the README's kata table
  bench [<kata>...]         how fast the references are, next to a baseline
  mutation [<kata>...]      mutation testing of the references with StrykerJS: how many changes
    [--concurrency <n>]     to a reference its spec notices; reports in reports/mutation/<kata>/`;

const root = fileURLToPath(new URL('..', import.meta.url));
const [command, ...args] = process.argv.slice(2);

try {
  process.exitCode = await run();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}

async function run(): Promise<number> {
  switch (command) {
    case 'new':
      return newKata(root, args[0]);
    case 'check-stubs':
      return checkStubs(root, args);
    case 'mistakes':
      return checkMistakes(root, args);
    case 'snapshot':
      return snapshot(root, args.includes('--check'));
    case 'bench':
      return bench(root, args);
    case 'mutation':
      return mutation(root, args);
    default:
      console.log(usage);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}
