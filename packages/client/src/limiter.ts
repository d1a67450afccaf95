import { checkNumber } from "./options.js";
import { onAbort, userAbort } from "./signals.js";

export interface LimiterOptions {
  /** Requests in flight at once (each holds a connection). Default 64. */
  maxConcurrent?: number | undefined;
  /** Requests started per second, at most. Default 50. */
  requestsPerSecond?: number | undefined;
}

export const DEFAULT_LIMITS = { maxConcurrent: 64, requestsPerSecond: 50 } as const;

/** The rate never drops below this while the server refuses: one request every 2 s. */
const MIN_RATE = 0.5;
/** After a 429, the rate wins back this share of the configured rate per second without one. */
const RECOVERY_PER_SECOND = 0.1;

/** Ends a request's turn. */
export type Release = () => void;

interface Waiter {
  resolve(release: Release): void;
  reject(error: unknown): void;
  done: boolean;
  unsubscribe?: () => void;
}

/**
 * One request budget: a client's requests (and those of every client given the same limiter) wait
 * here for a slot, so 10,000 waits have at most `maxConcurrent` requests in flight and start at
 * most `requestsPerSecond` requests a second (a tenth of a second's worth at once), however their
 * polls line up.
 *
 * A 429 slows everyone down at once: the rate is halved and nobody starts before the server's
 * Retry-After (stretched by a random 0–20 %, so the clients behind one limit do not come back in
 * step). The rate then recovers linearly, a tenth of the configured rate per second without a
 * 429. An answer never makes it faster than configured.
 */
export class RequestLimiter {
  readonly maxConcurrent: number;
  readonly requestsPerSecond: number;
  #rate: number;
  #active = 0;
  #queue: Waiter[] = [];
  #head = 0;
  #nextStart = 0;
  #pausedUntil = 0;
  #recoveredAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LimiterOptions = {}) {
    checkNumber("maxConcurrent", options.maxConcurrent, { min: 1, max: 10_000, integer: true });
    checkNumber("requestsPerSecond", options.requestsPerSecond, { min: MIN_RATE, max: 100_000 });
    this.maxConcurrent = options.maxConcurrent ?? DEFAULT_LIMITS.maxConcurrent;
    this.requestsPerSecond = options.requestsPerSecond ?? DEFAULT_LIMITS.requestsPerSecond;
    this.#rate = this.requestsPerSecond;
  }

  /** The rate in force now: below `requestsPerSecond` while recovering from a 429. */
  get currentRate(): number {
    this.#recover();
    return this.#rate;
  }

  /** Requests in flight, and requests waiting for a slot. */
  get stats() {
    return { active: this.#active, waiting: this.#queue.length - this.#head };
  }

  /** Resolves with `release` once this request may start; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(userAbort(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, done: false };
      if (signal) {
        waiter.unsubscribe = onAbort(signal, () => {
          if (waiter.done) return;
          waiter.done = true; // skipped when its turn comes: removal from the queue stays O(1)
          reject(userAbort(signal));
        });
      }
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** The server refused with 429: halve the rate and hold every request until `retryAfterMs`. */
  refused(retryAfterMs: number | undefined): void {
    this.#recover();
    this.#rate = Math.max(MIN_RATE, this.#rate / 2);
    const pause = Math.max(retryAfterMs ?? 0, 1000 / this.#rate) * (1 + 0.2 * Math.random());
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + pause);
    this.#recoveredAt = this.#pausedUntil; // recovery starts when the pause ends
  }

  #release() {
    this.#active -= 1;
    this.#pump();
  }

  /** Wins back rate for the time since the pause after the last 429 ended, or the last look. */
  #recover() {
    const now = Date.now();
    if (now <= this.#recoveredAt) return;
    if (this.#rate < this.requestsPerSecond) {
      const won = ((now - this.#recoveredAt) / 1000) * RECOVERY_PER_SECOND * this.requestsPerSecond;
      this.#rate = Math.min(this.requestsPerSecond, this.#rate + won);
    }
    this.#recoveredAt = now;
  }

  #pump() {
    while (this.#active < this.maxConcurrent && this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head] as Waiter;
      if (waiter.done) {
        this.#dequeue();
        continue;
      }
      const now = Date.now();
      // A tenth of a second's worth may start at once (a token bucket), so a busy client is not
      // held to a timer between every two requests; past that, starts are evenly spaced.
      const burst = Math.max(1, Math.floor(this.#rate / 10));
      const start = Math.max(
        this.#nextStart - (burst - 1) * (1000 / this.#rate),
        this.#pausedUntil,
      );
      if (start > now) {
        this.#wake(start - now);
        return;
      }
      this.#dequeue();
      waiter.done = true;
      waiter.unsubscribe?.();
      this.#active += 1;
      this.#recover();
      this.#nextStart = Math.max(this.#nextStart, now) + 1000 / this.#rate;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#release();
      });
    }
  }

  #dequeue() {
    this.#head += 1;
    // Compact now and then, so a long-lived limiter's queue does not grow without end.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #wake(ms: number) {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }
}

/** A limiter to share between clients: pass it as `limiter` to each. */
export const createRequestLimiter = (options?: LimiterOptions) => new RequestLimiter(options);
