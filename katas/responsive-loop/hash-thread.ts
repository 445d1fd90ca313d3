/**
 * The hash thread of step 4 (given): it sleeps in `Atomics.wait` until the event loop posts a
 * request in shared memory, checksums the shared bytes, stores the result and wakes the event loop.
 * The protocol is in hand-off-protocol.ts.
 *
 * It posts one message, `'ready'`, once it is about to wait for its first request; after that it
 * never posts again. It runs until it is terminated. Blocking in `Atomics.wait` is fine here: this
 * thread has nothing else to do, and its waiting freezes nobody else.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checksum } from './checksum.ts';
import { slot, state, type HashThreadData } from './hand-off-protocol.ts';

const { control, data } = workerData as HashThreadData;
const slots = new Int32Array(control);
const bytes = new Uint8Array(data);

parentPort!.postMessage('ready');
for (;;) {
  // Sleep until the state leaves idle or done, that is, until a request arrives.
  for (let now = Atomics.load(slots, slot.state); now !== state.request; now = Atomics.load(slots, slot.state)) {
    Atomics.wait(slots, slot.state, now);
  }
  const length = Atomics.load(slots, slot.length);
  Atomics.store(slots, slot.result, checksum(bytes.subarray(0, length)) | 0);
  Atomics.store(slots, slot.state, state.done);
  Atomics.notify(slots, slot.state);
}
