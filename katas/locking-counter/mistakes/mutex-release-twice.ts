/**
 * Mistake: the release function has no "already released" flag, so calling it twice hands the lock on again while the next holder still has it.
 * Caught by: Mutex release called twice never lets a third task in, under every explored schedule
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
  readonly #waiters = new Set<(release: Release) => void>();

  override get locked(): boolean {
    return this.#locked;
  }

  override tryAcquire(): Release | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#release;
  }

  override acquire(options: AcquireOptions = {}): Promise<Release> {
    const signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      return Promise.reject(new TypeError('Cannot acquire Mutex: signal must be an AbortSignal'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const release = this.tryAcquire();
    if (release) return Promise.resolve(release);
    return new Promise((resolve, reject) => {
      const grant = (release: Release) => (signal?.removeEventListener('abort', onAbort), resolve(release));
      const onAbort = () => (this.#waiters.delete(grant), reject(signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(grant);
    });
  }

  /** One release for every holder: nothing tells a second call from the first. */
  readonly #release: Release = () => {
    const [oldest] = this.#waiters;
    if (oldest === undefined) {
      this.#locked = false;
      return;
    }
    this.#waiters.delete(oldest);
    oldest(this.#release);
  };
}
