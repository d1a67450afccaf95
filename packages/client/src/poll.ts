import {
  AimlApiError,
  APIConnectionError,
  APIUserAbortError,
  GenerationFailedError,
  InternalServerError,
  RateLimitError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "./errors.js";
import {
  type AnyGeneration,
  asCompleted,
  type CompletedGeneration,
  failureOf,
  isFinal,
  isSuccess,
} from "./generation.js";
import { checkNumber, MAX_TIMER_MS } from "./options.js";
import { onAbort, sleep } from "./signals.js";

/** The polling schedule of `waitForGeneration`. Every duration is in milliseconds. */
export interface PollSchedule {
  /** Wait before the first poll: a new task is queued and never done at once. */
  firstDelayMs: number;
  /** Wait between the first polls; at least 100 ms. */
  intervalMs: number;
  /** Each wait is this many times the previous one (≥ 1)… */
  backoff: number;
  /** …up to this. */
  maxIntervalMs: number;
  /** Spread each wait by ±this fraction (0–1), so many waiting clients do not poll in step. */
  jitter: number;
  /** Give up (WaitTimeoutError) after this long in all. */
  timeoutMs: number;
  /**
   * Polls in a row that may fail for a passing reason (network error, timeout, 5xx, an answer
   * that is not a generation) before the wait gives up with that error. A 429 is not a failure:
   * it only slows the polls down.
   */
  maxFailedPolls: number;
}

/**
 * Kling takes about 5–6 minutes for a 5 s video and 11–14 for a 10 s one, longer under load.
 * Polls start at 10 s (the vendor's own samples poll every 10–15 s) and ease off to 30 s, about
 * 25 free GETs for a typical job, and the 20-minute limit leaves room above the slowest
 * documented case (the vendor's samples give up after about 17 minutes).
 */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  firstDelayMs: 10_000,
  intervalMs: 10_000,
  backoff: 1.5,
  maxIntervalMs: 30_000,
  jitter: 0.1,
  timeoutMs: 20 * 60_000,
  maxFailedPolls: 5,
};

/** The floor of the poll loop: no option and no server answer makes it poll faster. */
export const MIN_POLL_INTERVAL_MS = 100;

/** Throws a clear error for any schedule value that would misbehave, before anything is sent. */
export function checkSchedule(schedule: PollSchedule): void {
  const ms = (name: keyof PollSchedule, min: number) =>
    checkNumber(name, schedule[name], { min, max: MAX_TIMER_MS, unit: "ms" });
  ms("firstDelayMs", 0);
  ms("intervalMs", MIN_POLL_INTERVAL_MS);
  ms("maxIntervalMs", schedule.intervalMs);
  ms("timeoutMs", 1);
  checkNumber("backoff", schedule.backoff, { min: 1, max: 10 });
  checkNumber("jitter", schedule.jitter, { min: 0, max: 1 });
  checkNumber("maxFailedPolls", schedule.maxFailedPolls, { min: 0, max: 1_000, integer: true });
}

/** What `onProgress` receives after every poll. */
export interface Progress<G extends AnyGeneration> {
  generation: G;
  elapsedMs: number;
  /** Successful polls so far, this one included. */
  polls: number;
}

export interface WaitOptions<G extends AnyGeneration> extends Partial<PollSchedule> {
  signal?: AbortSignal | undefined;
  onProgress?(progress: Progress<G>): void;
}

/** A poll that failed for a reason that may pass; the next poll may well succeed. */
const isPassing = (error: unknown) =>
  error instanceof APIConnectionError ||
  error instanceof InternalServerError ||
  error instanceof UnexpectedResponseError ||
  (error instanceof AimlApiError && error.status === 408);

const DEADLINE = Symbol("deadline");

/**
 * Polls `retrieve` until the generation is final. Resolves with the completed generation; rejects
 * with GenerationFailedError, WaitTimeoutError, an abort, or a failure that did not pass.
 *
 * One deadline bounds everything: the waits and any poll in flight. A 429 never speeds the loop
 * up: the client's limiter holds every request until the server's Retry-After, and the interval
 * keeps growing while the server refuses.
 */
export async function pollUntilDone<G extends AnyGeneration>(
  id: string,
  retrieve: (signal: AbortSignal) => Promise<G>,
  options: WaitOptions<G> & { schedule: PollSchedule },
): Promise<CompletedGeneration<G>> {
  const { schedule, signal, onProgress } = options;
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(DEADLINE), schedule.timeoutMs);
  const unsubscribe = signal ? onAbort(signal, () => deadline.abort(signal.reason)) : undefined;
  let last: G | undefined;
  let lastFailure: unknown;
  let polls = 0;
  let failures = 0;
  let wait = schedule.firstDelayMs * spread(schedule.jitter);
  let interval = schedule.intervalMs;
  const next = () => {
    const wait = interval * spread(schedule.jitter);
    interval = Math.min(schedule.maxIntervalMs, interval * schedule.backoff);
    return wait;
  };
  try {
    for (;;) {
      await sleep(wait, deadline.signal);
      try {
        last = await retrieve(deadline.signal);
        if (last.status === "completed" && !isSuccess(last)) {
          // Possibly a moment before the URL is written; the next poll may carry it.
          throw new UnexpectedResponseError(`Generation ${id} is completed but has no video.url.`);
        }
      } catch (error) {
        if (error instanceof RateLimitError) {
          // The client's limiter already holds every request until the server's Retry-After;
          // here the interval only keeps growing while the server refuses.
          wait = next();
          continue;
        }
        if (isPassing(error) && failures < schedule.maxFailedPolls) {
          failures += 1;
          lastFailure = error;
          wait = next();
          continue;
        }
        throw error;
      }
      polls += 1;
      failures = 0;
      lastFailure = undefined;
      onProgress?.({ generation: last, elapsedMs: elapsed(), polls });
      if (isFinal(last)) {
        if (isSuccess(last)) return asCompleted(last);
        const { name, message } = failureOf(last);
        throw new GenerationFailedError(id, name, message, last);
      }
      wait = next();
    }
  } catch (error) {
    if (deadline.signal.reason === DEADLINE) {
      throw new WaitTimeoutError(id, last, elapsed(), lastFailure);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

/** A factor in [1 - jitter, 1 + jitter]. */
const spread = (jitter: number) => 1 + jitter * (2 * Math.random() - 1);
