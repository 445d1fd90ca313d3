/**
 * Where `npm run bench` starts on Node: dev/main.ts with TypeScript loaded by
 * lib/typescript-loader.mjs on this thread only. A loader given on the command line would be
 * inherited by every worker thread the benchmarks start and inflate what they measure; here a
 * thread starts as it does in a test process.
 *
 * @module
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('../lib/typescript-loader.mjs', import.meta.url);
await import('./main.ts');
