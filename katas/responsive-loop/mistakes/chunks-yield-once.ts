/**
 * Mistake: checksumInChunks() yields once, before the work, and then computes every chunk in one go.
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
  await new Promise((resolve) => setImmediate(resolve)); // "now it is async": the loop gets one turn, then none until the end
  signal?.throwIfAborted();
  let hash = checksumSeed;
  for (let start = 0; start < bytes.length; start += chunkSize)
    hash = absorb(hash, bytes, start, Math.min(bytes.length, start + chunkSize));
  return hash;
}
