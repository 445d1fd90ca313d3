/**
 * Mistake: mapConcurrent() reads its items twice, once to size the results and once to start the calls, so a generator, already spent, maps to nothing.
 * Caught by: mapConcurrent() reads its items once, so a generator works
 *
 * An array or a Set can be read again and again; a generator (or any one-shot iterator, like a
 * stream of lines) is empty the second time. `[...items].length` then `Array.from(items, ...)`
 * works in every test that passes an array, and resolves with holes for a generator.
 *
 * The rest is the reference's: see support/flawed-map-concurrent.ts, where the two reads are
 * marked `// flaw: readsItemsTwice`.
 */
import { flawedMapConcurrent } from './support/flawed-map-concurrent.ts';

export * from '../../../solutions/bounded-fan-out/bounded-fan-out.ts';

export const mapConcurrent = flawedMapConcurrent({ readsItemsTwice: true });
