/**
 * What child processes cost on this runtime, with the reference spawn-chain: starting one, ten at
 * a time against ten in a row, and streaming 64 MiB through the encrypter and the hasher.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { program } from './children.ts';
import { chain, encryptThenHash, run, runInParallel } from '../../solutions/spawn-chain/spawn-chain.ts';

const mebibyte = 1 << 20;

/** The shortest of `tries` runs of `fn`, in milliseconds. */
async function best(tries: number, fn: () => Promise<unknown>): Promise<number> {
  let shortest = Infinity;
  for (let i = 0; i < tries; i++) {
    const start = performance.now();
    await fn();
    shortest = Math.min(shortest, performance.now() - start);
  }
  return shortest;
}

export default async function bench(): Promise<void> {
  const echo = program('echo-args');
  await run(echo.file, echo.args); // warm up the file cache
  const spawn = await best(10, () => run(echo.file, echo.args));
  console.log(`one child (echo-args), start to exit, best of 10   ${spawn.toFixed(1)} ms`);

  const sleeper = program('sleep', ['100']);
  const sleepers = Array.from({ length: 10 }, () => sleeper);
  const sequential = await best(2, async () => {
    for (const { file, args } of sleepers) await run(file, args);
  });
  const parallel = await best(2, () => runInParallel(sleepers));
  console.log(`10 sleepers of 100 ms, one after another            ${sequential.toFixed(0)} ms`);
  console.log(`10 sleepers of 100 ms, runInParallel()              ${parallel.toFixed(0)} ms`);
  console.log(`  parallel / sequential                             ${(parallel / sequential).toFixed(2)}`);

  const size = 64 * mebibyte;
  const data = new Uint8Array(randomBytes(size));
  const hashOnly = await best(2, () => chain(data, [program('dgst')]));
  const encryptAndHash = await best(2, () => encryptThenHash(data, 'benchmark'));
  const rate = (ms: number) => `${(size / mebibyte / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(`64 MiB through dgst alone, best of 2                ${rate(hashOnly)}`);
  console.log(`64 MiB through encryptThenHash() (enc | dgst)       ${rate(encryptAndHash)}`);
}
