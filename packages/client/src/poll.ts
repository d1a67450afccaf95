import {
  GenerationFailedError,
  RateLimitError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "./errors.js";
import {
  type AnyGeneration,
  type CompletedGeneration,
  failureOf,
  isCompleted,
  isFinal,
} from "./generation.js";
import { DeadlineExceeded, sleep, withLinkedSignal } from "./signals.js";

/** The polling schedule of `waitForGeneration`. Every duration is in milliseconds. */
export interface PollSchedule {
  /** Wait before the first poll: a new task is queued and never done at once. */
  firstDelayMs: number;
  /** Wait between the first polls. */
  intervalMs: number;
  /** Each wait is this many times the previous one… */
  backoff: number;
  /** …up to this. */
  maxIntervalMs: number;
  /** Spread each wait by ±this fraction, so many waiting clients do not poll in step. */
  jitter: number;
  /** Give up (WaitTimeoutError) after this long in all. */
  timeoutMs: number;
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
};

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

/**
 * Polls `retrieve` until the generation is final. Resolves with the completed generation; rejects
 * with GenerationFailedError, WaitTimeoutError, an abort, or a request error that survived the
 * client's retries. A 429 here waits as long as the server asked (within the timeout).
 */
export async function pollUntilDone<G extends AnyGeneration>(
  id: string,
  retrieve: (signal: AbortSignal) => Promise<G>,
  options: WaitOptions<G> & { schedule: PollSchedule },
): Promise<CompletedGeneration<G>> {
  const { schedule, signal, onProgress } = options;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  let last: G | undefined;
  let polls = 0;
  let wait = schedule.firstDelayMs;
  let interval = schedule.intervalMs;

  const remaining = () => schedule.timeoutMs - elapsed();
  for (;;) {
    await sleep(Math.min(jittered(wait, schedule.jitter), Math.max(0, remaining())), signal);
    if (remaining() <= 0) throw new WaitTimeoutError(id, last, elapsed());
    try {
      // The deadline bounds the polls too: one still in flight when it passes is abandoned.
      last = await withLinkedSignal(signal, retrieve, remaining());
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw new WaitTimeoutError(id, last, elapsed());
      if (!(error instanceof RateLimitError)) throw error;
      wait = error.retryAfterMs ?? interval;
      continue;
    }
    polls += 1;
    onProgress?.({ generation: last, elapsedMs: elapsed(), polls });
    if (isFinal(last)) {
      if (isCompleted(last)) return last;
      if (last.status === "completed") {
        throw new UnexpectedResponseError(`Generation ${id} is completed but has no video.url.`);
      }
      const { name, message } = failureOf(last);
      throw new GenerationFailedError(id, name, message, last);
    }
    wait = interval;
    interval = Math.min(schedule.maxIntervalMs, interval * schedule.backoff);
  }
}

const jittered = (ms: number, jitter: number) => ms * (1 + jitter * (2 * Math.random() - 1));
