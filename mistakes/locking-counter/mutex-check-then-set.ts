/**
 * Mistake: acquire() checks that the lock is free, awaits its turn, then takes it without checking again, so a task that asks right after a release gets in too.
 * Caught by: Mutex lets only one task hold the lock at a time, under every schedule
 */
import type { AcquireOptions, Release } from '../../solutions/locking-counter/locking-counter.ts';

export * from '../../solutions/locking-counter/locking-counter.ts';

export class Mutex {
  #locked = false;
  readonly #waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  tryAcquire(): Release | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#releaseFor();
  }

  async acquire(options: AcquireOptions = {}): Promise<Release> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`Cannot acquire Mutex: signal must be an AbortSignal, received ${String(signal)}`);
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

  async runExclusive<T>(fn: () => T | Promise<T>, options?: AcquireOptions): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError('Cannot run exclusively: fn must be a function');
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
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
