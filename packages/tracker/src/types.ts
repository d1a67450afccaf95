import type { CompletedGeneration, CreateGenerationBody } from "@aimlapi-video/client";
import type { TrackerError } from "./errors.js";

/**
 * Where a tracked generation is:
 * - `creating`: the intent is recorded and the paid POST is (or may be) under way;
 * - `ambiguous`: the create failed in a way that may have created the task (or its process died
 *   mid-request); it waits for your decision: `markCreated(key, id)` or `retryCreate(key)`;
 * - `rejected`: the create certainly created nothing (e.g. a 400); `retryCreate(key)` may try again;
 * - `pending`: created, polled by the scheduler;
 * - `completed` / `failed`: final.
 */
export type TrackedStatus =
  | "creating"
  | "ambiguous"
  | "rejected"
  | "pending"
  | "completed"
  | "failed";

/** An error as the store keeps it: plain data, never the API key (the client redacts it). */
export interface ErrorInfo {
  name: string;
  message: string;
  status?: number | undefined;
}

/** What the store holds for one key. Times are epoch milliseconds. */
export interface TrackedGeneration {
  key: string;
  status: TrackedStatus;
  body: CreateGenerationBody;
  /** What drives the duration (model, requested duration, resolution): polls are learned per profile. */
  profile: string;
  submittedAt: number;
  /** Until when the create in progress holds its claim; after it, a `creating` record is ambiguous. */
  claimUntil?: number | undefined;
  id?: string | undefined;
  createdAt?: number | undefined;
  /** The scheduled poll's offset in the plan (ms after `createdAt`), and when it is due. */
  pollOffset?: number | undefined;
  nextPollAt?: number | undefined;
  lastPolledAt?: number | undefined;
  polls: number;
  finishedAt?: number | undefined;
  error?: ErrorInfo | undefined;
  /** The final generation as the server returned it. */
  result?: unknown;
}

export interface CompletedEvent {
  type: "completed";
  key: string;
  id: string;
  generation: CompletedGeneration;
  /** What the `onCompleted` hook returned (e.g. a downloaded file's path). */
  download?: unknown;
}

export interface FailedEvent {
  type: "failed";
  key: string;
  id: string;
  error: ErrorInfo;
}

export interface AmbiguousEvent {
  type: "ambiguous";
  key: string;
  error: ErrorInfo;
}

/**
 * Something went wrong that the caller must know even when no call of theirs is waiting: an id
 * the store refused to record, a store whose data was lost, creates paused, an `onCompleted` that
 * threw. `error` is typed (`UnrecordedCreateError`, `StoreLostError`, …) and carries the key and,
 * where one exists, the paid generation id.
 */
export interface ErrorEvent {
  type: "error";
  error: TrackerError;
  key?: string | undefined;
  id?: string | undefined;
}

/**
 * Delivered at least once: a process that dies after delivering and before recording the outcome
 * leaves the generation pending, and whoever polls it next delivers it again. Deduplicate on
 * `key` + `id`.
 */
export type TrackerEvent = CompletedEvent | FailedEvent | AmbiguousEvent | ErrorEvent;

export const errorInfo = (error: unknown): ErrorInfo => {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return {
      name: error.name,
      message: error.message,
      ...(typeof status === "number" ? { status } : {}),
    };
  }
  return { name: "Error", message: String(error) };
};
