/**
 * Mistake: checksumOffLoop() is "async" but computes the checksum on the calling thread, blocking the event loop.
 * Caught by: checksumOffLoop() lets a timer set during the work fire before the work finishes
 */
import { checksum } from '../checksum.ts';

export * from '../../../solutions/responsive-loop/responsive-loop.ts';

export async function checksumOffLoop(bytes: Uint8Array): Promise<number> {
  const sum = checksum(bytes);
  structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] }); // detaches the buffer as a transfer would: only where it runs is wrong
  return sum;
}
