import type {
  CompletedGeneration,
  CreateGenerationBody,
  GenerationCost,
  LookupScope,
  Quote,
  RequestLogEntry,
} from "@aimlapi-video/client";
import type { TrackerError } from "./errors.js";

/**
 * Where a tracked generation is:
 * - `creating`: the intent is recorded and the paid POST is (or may be) under way;
 * - `ambiguous`: the create failed in a way that may have created the task (or its process died
 *   mid-request). The tracker looks its client request id up in the account's request log for a
 *   while (`settle`) and adopts the generation it finds; until then, or when it gives up, it waits
 *   for your decision: `markCreated(key, id)` or `retryCreate(key)`;
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
  /** The body's price at the catalogue, taken before the claim (`unknown` with the reason when it could not be). */
  quote?: Quote | undefined;
  /** What the generation cost, as its completed answer said (`meta.usage` or the cost headers). */
  cost?: GenerationCost | undefined;
  /** The `X-Client-Request-Id` of its creates (the key, or derived from it): how the log finds them. */
  clientRequestId?: string | undefined;
  /** When its latest create was sent (epoch ms): the request log is read around it. */
  sentAt?: number | undefined;
  /** The search of the request log while `ambiguous` (its next lookup is at `nextPollAt`). */
  settle?: Settlement | undefined;
  /** Until when the create in progress holds its claim; after it, a `creating` record is ambiguous. */
  claimUntil?: number | undefined;
  id?: string | undefined;
  createdAt?: number | undefined;
  /** The scheduled poll's offset in the plan (ms after `createdAt`), and when it is due (for an ambiguous key, its next lookup). */
  pollOffset?: number | undefined;
  nextPollAt?: number | undefined;
  lastPolledAt?: number | undefined;
  polls: number;
  finishedAt?: number | undefined;
  error?: ErrorInfo | undefined;
  /** The final generation as the server returned it. */
  result?: unknown;
}

/** How the request log was searched for an ambiguous key's generation. */
export interface Settlement {
  /** When the key became ambiguous, and until when it is looked up. */
  since: number;
  until: number;
  lookups: number;
  /** The last lookup's scope; `lastError` when it could not read the log. */
  last?: LookupScope | undefined;
  lastError?: ErrorInfo | undefined;
  /** The tracker stopped looking: the decision is yours. */
  done?: boolean | undefined;
  /** The written re-create policy sent the create again (once per key, never twice). */
  recreated?: boolean | undefined;
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

/**
 * A create may or may not have happened. Sent when the key turns ambiguous (the tracker will look
 * it up in the request log until `settle.until`) and again when the tracker stops looking without
 * finding it (`settle.done`): the decision is then yours (`markCreated` or `retryCreate`).
 */
export interface AmbiguousEvent {
  type: "ambiguous";
  key: string;
  error: ErrorInfo;
  settle?: Settlement | undefined;
}

/**
 * An ambiguous create was found in the account's request log (or, before creating a key its store
 * had lost, an earlier create of it was): the tracker adopted its generation, as `markCreated`
 * would, and polls it to completion. `duplicates` lists other generations the same client request
 * id created (each one paid).
 */
export interface SettledEvent {
  type: "settled";
  key: string;
  id: string;
  via: "lookup" | "before-create";
  cost: RequestLogEntry["cost"];
  lookup: LookupScope;
  duplicates: string[];
}

/** The written re-create policy (`settle.recreateAfterMs`) sent an ambiguous key's create again. */
export interface RecreatedEvent {
  type: "recreated";
  key: string;
  settle: Settlement;
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
export type TrackerEvent =
  | CompletedEvent
  | FailedEvent
  | AmbiguousEvent
  | SettledEvent
  | RecreatedEvent
  | ErrorEvent;

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
