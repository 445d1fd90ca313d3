/**
 * The child process of `runSpecInChild`: runs the phases its command line names with a
 * `SpecRunner` and writes their `PhaseRun`s, as JSON, to the file named after them.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SpecRunner, type PhaseRun } from '../runner/spec-runner.ts';
import type { SpecJob } from './spec-process.ts';

const [jobText, output] = process.argv.slice(2);
const job = JSON.parse(jobText!) as SpecJob;
const runner = new SpecRunner(fileURLToPath(new URL('..', import.meta.url)), { side: job.side });
const phases: PhaseRun[] = [];
try {
  for (const phase of job.phases) phases.push(await runner.run(job.slug, phase));
} finally {
  await runner.close();
}
writeFileSync(output!, JSON.stringify(phases));
process.exit(0); // threads or children a broken mistake left behind must not keep this process alive
