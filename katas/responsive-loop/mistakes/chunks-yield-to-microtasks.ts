/**
 * Mistake: checksumInChunks() "yields" with `await null` between chunks, a microtask, so no timer or I/O ever runs in between.
 * Caught by: checksumInChunks() gives the event loop a turn between chunks
 */
import { absorb, checksumSeed } from '../checksum.ts';
import type { ChunkOptions } from '../../../solutions/responsive-loop/responsive-loop.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export async function checksumInChunks(
  bytes: Uint8Array,
  { chunkSize = 16_384, signal }: ChunkOptions = {},
): Promise<number> {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`Cannot checksum in chunks: bytes must be a Uint8Array, received ${typeof bytes}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`Cannot checksum in chunks: chunkSize must be a positive integer, received ${chunkSize}`);
  signal?.throwIfAborted();
  let hash = checksumSeed;
  for (let start = 0; start < bytes.length; start += chunkSize) {
    if (start > 0) {
      await null; // looks like a yield; the continuation runs as a microtask, before any timer
      signal?.throwIfAborted();
    }
    hash = absorb(hash, bytes, start, Math.min(bytes.length, start + chunkSize));
  }
  return hash;
}
