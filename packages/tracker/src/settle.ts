import { positive } from "./options.js";

const MINUTE = 60_000;
const MAX_WINDOW_MS = 45 * 24 * 60 * MINUTE;

/**
 * How the tracker settles an ambiguous create from the account's request log (`GET /v2/logs`,
 * where every create is listed under its client request id, sometimes minutes late).
 */
export interface SettleOptions {
  /** How long an ambiguous key is looked up, from the moment it turned ambiguous. Default 30 min. */
  windowMs: number;
  /** The first lookup, after this long (rows take a while to appear). Default 10 s. */
  firstDelayMs: number;
  /** Lookups then back off, doubling up to this interval. Default 5 min. */
  maxIntervalMs: number;
  /**
   * The written re-create policy, off by default: send the create again (once per key, with the
   * same client request id) when no row of it appeared this long after it was sent. A row that
   * appears later than that means two paid generations; both are then reported.
   */
  recreateAfterMs: number | undefined;
  /**
   * Look a new key up in the log before paying for it: `"after-loss"` (default) once this tracker
   * has seen its store lose data (a key it no longer knows may have been created before),
   * `"always"`, or `"never"`.
   */
  beforeCreate: "after-loss" | "always" | "never";
  /** How far back (and ahead, for clocks that differ) that lookup reads. Default 24 h. */
  beforeCreateWindowMs: number;
}

export const DEFAULT_SETTLE_OPTIONS: SettleOptions = {
  windowMs: 30 * MINUTE,
  firstDelayMs: 10_000,
  maxIntervalMs: 5 * MINUTE,
  recreateAfterMs: undefined,
  beforeCreate: "after-loss",
  beforeCreateWindowMs: 24 * 60 * MINUTE,
};

const BEFORE_CREATE = ["after-loss", "always", "never"];

/** The options with their defaults, checked; `false` turns settling off. */
export function settleOptions(
  input: Partial<SettleOptions> | false | undefined,
): SettleOptions | false {
  if (input === false) return false;
  const options = { ...DEFAULT_SETTLE_OPTIONS, ...input };
  positive("settle.windowMs", options.windowMs, 1);
  positive("settle.firstDelayMs", options.firstDelayMs, 1);
  positive("settle.maxIntervalMs", options.maxIntervalMs, 1);
  positive("settle.beforeCreateWindowMs", options.beforeCreateWindowMs, 1);
  // The log answers windows of up to 92 days; the lookup reads this far on both sides.
  if (options.beforeCreateWindowMs > MAX_WINDOW_MS) {
    throw new TypeError(
      `Invalid settle.beforeCreateWindowMs: expected at most 45 days (${MAX_WINDOW_MS} ms), received ${options.beforeCreateWindowMs}.`,
    );
  }
  if (options.recreateAfterMs !== undefined) {
    positive("settle.recreateAfterMs", options.recreateAfterMs, 1);
    if (options.recreateAfterMs > options.windowMs) {
      throw new TypeError(
        `Invalid settle.recreateAfterMs: expected at most settle.windowMs (${options.windowMs} ms), received ${options.recreateAfterMs} (the key would stop being looked up first).`,
      );
    }
  }
  if (!BEFORE_CREATE.includes(options.beforeCreate)) {
    throw new TypeError(
      `Invalid settle.beforeCreate: expected "after-loss", "always" or "never", received ${JSON.stringify(options.beforeCreate)}.`,
    );
  }
  return options;
}

/** The wait after the `lookups`-th lookup (from 1): the first delay, doubling, capped. */
export const lookupDelay = (options: SettleOptions, lookups: number): number =>
  Math.min(options.maxIntervalMs, options.firstDelayMs * 2 ** Math.min(lookups, 30));
