import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type RequestLimiter,
  type RetryPolicy,
} from "@aimlapi-video/client";
import type { TrackerError } from "./errors.js";
import type { Observation } from "./schedule.js";
import type { ErrorInfo, TrackedGeneration, TrackedStatus } from "./types.js";

/** What one poll (or claim check) decided, for the engine to record and schedule. */
export interface PollOutcome {
  /** Fields to change; a status change is recorded only from the status the record had. */
  update: Partial<TrackedGeneration>;
  /** The server refused (429): pause every poll that shares the budget for this long, then retry. */
  pauseMs?: number | undefined;
  /** Called once the update is in the store (the tracker forgets what it kept for a retry). */
  recorded?: (() => void) | undefined;
}

export type PollHandler = (record: TrackedGeneration) => Promise<PollOutcome>;

/** What the engine tells the tracker on its own: a problem it noticed in the background. */
export type ProblemListener = (error: TrackerError) => void;

/**
 * A store and the scheduler that goes with it. The tracker decides (what to create, when to poll,
 * what a poll means); an engine makes it durable and runs the polls: in process over SQLite, or
 * across a fleet over Redis with BullMQ. Every method rejects with a `StoreError` (or
 * `StoreLostError`) when the store fails, and never hangs: a store that does not answer in time
 * counts as failed.
 */
export interface Engine {
  /**
   * Rejects when no create may start now: the store's data was lost or replaced since it was
   * opened (`StoreLostError`), creates are paused (`CreatesPausedError`), or the store cannot keep
   * a claim durably (`StoreError`).
   */
  beforeCreate(key: string): Promise<void>;
  /**
   * Records `record` unless its key exists. Resolves with undefined when this call claimed the
   * key (go ahead and create), or with the record that already holds it.
   */
  claim(record: TrackedGeneration): Promise<TrackedGeneration | undefined>;
  /**
   * Applies `update` if the key's status is one of `from`, and (re)schedules the key by its new
   * status. Resolves with the new record, or undefined when the status did not match.
   */
  transition(
    key: string,
    from: readonly TrackedStatus[],
    update: Partial<TrackedGeneration>,
  ): Promise<TrackedGeneration | undefined>;
  get(key: string): Promise<TrackedGeneration | undefined>;
  list(statuses?: readonly TrackedStatus[]): Promise<TrackedGeneration[]>;
  /** The newest completion times observed for a profile, oldest first. */
  observations(profile: string): Promise<Observation[]>;
  observe(profile: string, observation: Observation): Promise<void>;
  /** Pauses creates for everyone sharing the store (`reason`), or lifts the pause (undefined). */
  pauseCreates(reason: ErrorInfo | undefined): Promise<void>;
  /** Takes the store as it is now after a loss (a new identity); creates may start again. */
  acceptLoss(): Promise<void>;
  /**
   * Starts polling every `creating` and `pending` record, the ones left by earlier processes
   * included, and watching the store; problems noticed in the background go to `onProblem`.
   */
  start(poll: PollHandler, budget: RequestLimiter, onProblem: ProblemListener): Promise<void>;
  /** Stops polling and releases the store; polls in progress finish first. */
  close(): Promise<void>;
}

/** When the scheduler should look at a record next, or undefined when it is done. */
export function dueAt(record: TrackedGeneration): number | undefined {
  if (record.status === "creating") return record.claimUntil ?? 0;
  if (record.status === "pending") return record.nextPollAt ?? 0;
  // An ambiguous key is due while the tracker looks it up in the request log.
  if (record.status === "ambiguous") return record.nextPollAt;
  return undefined;
}

/** The store's retries back off like the client's, in windows of 2 s doubling to 2 min. */
const STORE_RETRY: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  initialDelayMs: 2_000,
  maxDelayMs: 120_000,
};

/**
 * How long to wait before trying again after the store refused a write (or a hook failed) for the
 * `attempt`-th time in a row (from 0): 1–2 s, doubling to 1–2 min (the client's equal jitter).
 */
export const storeRetryDelay = (attempt: number): number => backoffDelay(STORE_RETRY, attempt);

/** Rejects with `error()` when `promise` has not settled within `ms`; a late rejection is ignored. */
export function within<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
