/** An `addOnes` that fails: named as a counting thread's `job.module`, it makes that thread fail after the start line. */
export function addOnes(): void {
  throw new RangeError('addOnes failed on purpose (the spec expects this error)');
}
