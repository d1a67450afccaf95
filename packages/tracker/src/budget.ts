import { positive } from "./options.js";

/** The request budget of one process: how many requests at once, and how many per second. */
export interface BudgetOptions {
  /** Requests in flight at once (and so sockets open at most). Default 64. */
  concurrency: number;
  /** Requests started per second. Default 50. */
  requestsPerSecond: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { concurrency: 64, requestsPerSecond: 50 };

/** After a 429 the rate halves, then climbs back to the configured rate over this long. */
const RECOVERY_MS = 30_000;

/**
 * A FIFO gate in front of every request of a tracker: a slot (concurrency) and a token (rate,
 * refilled continuously, bursts of at most a tenth of a second's worth so requests are spread).
 * A 429 pauses everyone for the server's Retry-After and halves the rate, which then recovers
 * gradually; it never speeds anything up.
 */
export class Budget {
  readonly options: BudgetOptions;
  #active = 0;
  #tokens = 1;
  #refilledAt = Date.now();
  #pausedUntil = 0;
  #factor = 1;
  #factorAt = Date.now();
  #waiters: Array<(release: () => void) => void> = [];
  #head = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: Partial<BudgetOptions> = {}) {
    this.options = {
      concurrency: positive("budget.concurrency", options.concurrency, DEFAULT_BUDGET.concurrency),
      requestsPerSecond: positive(
        "budget.requestsPerSecond",
        options.requestsPerSecond,
        DEFAULT_BUDGET.requestsPerSecond,
      ),
    };
  }

  /** Waits for a slot and a token; call the returned function when the request is over. */
  take(): Promise<() => void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#drain();
    });
  }

  /** The server refused (429): nobody starts for `ms`, and the rate halves. */
  pause(ms: number): void {
    const now = Date.now();
    this.#pausedUntil = Math.max(this.#pausedUntil, now + ms);
    this.#factor = Math.max(0.05, this.#currentFactor(now) / 2);
    this.#factorAt = now;
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /** Requests waiting for the budget. */
  get waiting(): number {
    return this.#waiters.length - this.#head;
  }

  /** Drops the waiters (they never settle) and the timer: the tracker is closing. */
  close(): void {
    clearTimeout(this.#timer);
    this.#waiters = [];
    this.#head = 0;
  }

  #currentFactor(now: number): number {
    return Math.min(1, this.#factor + (now - this.#factorAt) / RECOVERY_MS);
  }

  #drain(): void {
    while (this.#head < this.#waiters.length && this.#active < this.options.concurrency) {
      const now = Date.now();
      if (now < this.#pausedUntil) {
        this.#wakeAt(this.#pausedUntil);
        return;
      }
      const rate = this.options.requestsPerSecond * this.#currentFactor(now);
      const burst = Math.max(1, rate / 10);
      this.#tokens = Math.min(burst, this.#tokens + ((now - this.#refilledAt) / 1000) * rate);
      this.#refilledAt = now;
      if (this.#tokens < 1) {
        this.#wakeAt(now + ((1 - this.#tokens) / rate) * 1000);
        return;
      }
      this.#tokens -= 1;
      this.#active += 1;
      const resolve = this.#waiters[this.#head] as (release: () => void) => void;
      this.#head += 1;
      if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
        this.#waiters = this.#waiters.slice(this.#head);
        this.#head = 0;
      }
      let released = false;
      resolve(() => {
        if (released) return;
        released = true;
        this.#active -= 1;
        this.#drain();
      });
    }
  }

  #wakeAt(at: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain();
      },
      Math.max(1, Math.ceil(at - Date.now())),
    );
  }
}
