import type { RequestLimiter } from "@aimlapi-video/client";
import type { Observation } from "./schedule.js";
import type { TrackedGeneration, TrackedStatus } from "./types.js";

/** What one poll (or claim check) decided, for the engine to record and schedule. */
export interface PollOutcome {
  /** Fields to change; a status change is recorded only from the status the record had. */
  update: Partial<TrackedGeneration>;
  /** The server refused (429): pause every poll that shares the budget for this long, then retry. */
  pauseMs?: number | undefined;
}

export type PollHandler = (record: TrackedGeneration) => Promise<PollOutcome>;

/**
 * A store and the scheduler that goes with it. The tracker decides (what to create, when to poll,
 * what a poll means); an engine makes it durable and runs the polls: in process over SQLite, or
 * across a fleet over Redis with BullMQ.
 */
export interface Engine {
  /**
   * Records `record` (status `creating`) unless its key exists. Resolves with undefined when this
   * call claimed the key (go ahead and create), or with the record that already holds it.
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
  /** Starts polling every `creating` and `pending` record, the ones left by earlier processes included. */
  start(poll: PollHandler, budget: RequestLimiter): Promise<void>;
  /** Stops polling and releases the store; polls in progress finish first. */
  close(): Promise<void>;
}

/** After a poll that failed in the store itself (a busy database, a lost connection), try again this much later. */
export const RETRY_AFTER_STORE_ERROR_MS = 5_000;

/** When the scheduler should look at a record next, or undefined when it is done. */
export function dueAt(record: TrackedGeneration): number | undefined {
  if (record.status === "creating") return record.claimUntil ?? 0;
  if (record.status === "pending") return record.nextPollAt ?? 0;
  return undefined;
}
