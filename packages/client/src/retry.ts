/** How failed requests are retried. Every delay is in milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Cap of the first backoff window; each retry doubles it. */
  initialDelayMs: number;
  /** Cap of any backoff window. */
  maxDelayMs: number;
  /** A server's Retry-After longer than this is not waited for: the error is raised instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Exponential backoff with "equal jitter": half the window is fixed, so no retry comes at once,
 * and half is random, so the retries of many clients spread over the window.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const window = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.floor((window + random() * window) / 2);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
