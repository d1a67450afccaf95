import type { Quote } from "@aimlapi-video/client";

/**
 * The tracker's own errors. Each names the key and, once the create has answered, the paid
 * generation id: whatever failed, the caller never loses what it paid for.
 */
export interface TrackerErrorOptions {
  key?: string | undefined;
  id?: string | undefined;
  cause?: unknown;
}

export class TrackerError extends Error {
  override name = "TrackerError";
  /** The submission's key, when the error concerns one. */
  readonly key: string | undefined;
  /** The generation id, when the create answered with one (it is paid for: keep it). */
  readonly id: string | undefined;

  constructor(message: string, options: TrackerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.key = options.key;
    this.id = options.id;
  }
}

/**
 * The store failed: unreachable, full, read-only, too slow, or closed. From `submit` before the
 * create, nothing was sent; `id` is set when the create had already answered (see
 * `UnrecordedCreateError`).
 */
export class StoreError extends TrackerError {
  override name = "StoreError";
}

/**
 * The create answered with `id` (the task exists and is paid for), but the store refused to record
 * it. The tracker keeps the id in memory and retries the write until the store takes it (or
 * `close()` gives up and lists it); keep the id on your side too.
 */
export class UnrecordedCreateError extends StoreError {
  override name = "UnrecordedCreateError";
  declare readonly key: string;
  declare readonly id: string;
}

/**
 * The store's data disappeared or was replaced under the tracker (a deleted or swapped SQLite file,
 * a Redis that restarted empty): the keys it held may have been created already. No create starts
 * until you call `tracker.acknowledgeStoreLoss()`.
 */
export class StoreLostError extends TrackerError {
  override name = "StoreLostError";
}

/**
 * Creates are paused for the whole tracker (over Redis, the whole fleet), e.g. after a 403 "out of
 * credits": nothing was sent. Polls go on; `tracker.resumeCreates()` lifts the pause.
 */
export class CreatesPausedError extends TrackerError {
  override name = "CreatesPausedError";
}

/** `submit` or `retryCreate` after `close()`: nothing was sent. */
export class TrackerClosedError extends TrackerError {
  override name = "TrackerClosedError";
}

/** A create that `close()` stopped waiting for: its task may exist, and `id` is set when it does. */
export interface UnsettledCreate {
  key: string;
  id?: string | undefined;
}

/**
 * `close()` stopped waiting (its timeout, or a second `close()`) while creates had not recorded
 * their outcome: each of `unsettled` may have been paid for; those with an `id` certainly were.
 */
export class CloseTimeoutError extends TrackerError {
  override name = "CloseTimeoutError";
  readonly unsettled: UnsettledCreate[];

  constructor(message: string, unsettled: UnsettledCreate[]) {
    super(message);
    this.unsettled = unsettled;
  }
}

/**
 * A key was to be looked up in the account's request log before its create (its store lost data,
 * so it may have been created already) and the lookup could not finish: nothing was sent.
 */
export class LookupFailedError extends TrackerError {
  override name = "LookupFailedError";
}

/** `onCompleted` threw; it runs again (without polling again) after a backoff. */
export class CompletionHookError extends TrackerError {
  override name = "CompletionHookError";
}

/**
 * The create would take what is committed (completed generations' costs plus the quotes of creates
 * in flight) over `spendLimit`, or its price cannot be quoted and unknown prices are refused:
 * nothing was sent, nothing claimed. `limitUsd` is the limit that refused it (the total, or the
 * window's), `committedUsd` what counted against it then.
 */
export class SpendLimitError extends TrackerError {
  override name = "SpendLimitError";
  readonly limitUsd: number;
  readonly committedUsd: number;
  readonly quote: Quote;

  constructor(
    message: string,
    options: { key: string; limitUsd: number; committedUsd: number; quote: Quote },
  ) {
    super(message, { key: options.key });
    this.limitUsd = options.limitUsd;
    this.committedUsd = options.committedUsd;
    this.quote = options.quote;
  }
}
