/**
 * Mistake: a release frees the lock and wakes every waiter to race for it, so the first to run wins, and a task that asks right after the release beats the ones that waited.
 * Caught by: Mutex grants the lock in the order it was asked for, under every explored schedule
 */
import {
  Mutex as Reference,
  type AcquireOptions,
  type Release,
} from '../../../solutions/locking-counter/locking-counter.ts';

export * from '../../../solutions/locking-counter/locking-counter.ts';

// runExclusive() is the reference's: it calls this class's acquire().
export class Mutex extends Reference {
  #locked = false;
  readonly #sleepers = new Set<() => void>();

  override get locked(): boolean {
    return this.#locked;
  }

  override tryAcquire(): Release | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#releaseFor();
  }

  override async acquire(options: AcquireOptions = {}): Promise<Release> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      throw new TypeError(`Cannot acquire Mutex: signal must be an AbortSignal, received ${String(signal)}`);
    signal?.throwIfAborted();
    while (this.#locked) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => (signal?.removeEventListener('abort', onAbort), resolve());
        const onAbort = () => (this.#sleepers.delete(wake), reject(signal?.reason));
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#sleepers.add(wake);
      });
    }
    this.#locked = true;
    return this.#releaseFor();
  }

  #releaseFor(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#locked = false;
      const woken = [...this.#sleepers];
      this.#sleepers.clear();
      for (const wake of woken) wake(); // all of them: the losers go back to sleep
    };
  }
}
