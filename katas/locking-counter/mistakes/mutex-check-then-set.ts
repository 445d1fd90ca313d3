/**
 * Mistake: acquire() checks that the lock is free, awaits its turn, then takes it without checking again, so a task that asks right after a release gets in too.
 * Caught by: Mutex keeps one holder at a time, under every explored schedule
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
  readonly #waiters: (() => void)[] = [];

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
    if (this.#locked) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => (signal?.removeEventListener('abort', onAbort), resolve());
        const onAbort = () => (this.#waiters.splice(this.#waiters.indexOf(wake), 1), reject(signal?.reason));
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(wake);
      });
    }
    this.#locked = true; // checked before the await, set after it
    return this.#releaseFor();
  }

  #releaseFor(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#locked = false;
      this.#waiters.shift()?.();
    };
  }
}
