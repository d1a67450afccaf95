// A create whose answer was lost, settled from the account's request log while a person waits:
// the tracker's `settle(key)` at once, then on the tracker's own schedule (from 1 s instead of
// 10 s: someone is watching), until the log shows it, the settle timeout, or Ctrl-C. Shared by
// `generate` and `resume`; `find` describes its lookups in the same words.
import { setTimeout as sleep } from "node:timers/promises";
import { APIUserAbortError, type LookupResult, type LookupScope } from "@aimlapi-video/client";
import {
  DEFAULT_SETTLE_OPTIONS,
  type ErrorInfo,
  lookupDelay,
  type TrackedGeneration,
  type Tracker,
} from "@aimlapi-video/tracker";
import { usd } from "./prices.js";
import type { Session } from "./session.js";

const DEFAULT_SETTLE_TIMEOUT_S = 300;

export interface SettleFlags {
  /** `--settle-timeout`, in seconds; 0 leaves the decision to the user at once. */
  settleTimeout?: number;
}

export const settleTimeoutMs = (flags: SettleFlags): number =>
  (flags.settleTimeout ?? DEFAULT_SETTLE_TIMEOUT_S) * 1000;

/** Lookups 2, 4, 8 … s apart, doubling to the tracker's 5 min. */
const SCHEDULE = { ...DEFAULT_SETTLE_OPTIONS, firstDelayMs: 1_000 };

export type Found = Extract<LookupResult, { status: "found" }>;

/** How a search of the request log for one key ended. */
export interface Settled {
  /** The record now: `pending` with its id when the log showed the create (or someone decided meanwhile). */
  record: TrackedGeneration;
  /** The lookup that found it. */
  found?: Found | undefined;
  /** Lookups made, and the last one that read the log. */
  lookups: number;
  last?: LookupResult | undefined;
  /** Why the latest lookup could not read the log, if it could not. */
  error?: ErrorInfo | undefined;
  /** How long it looked (ms). */
  tookMs: number;
}

/**
 * Looks the `ambiguous` key up until `deadline` (epoch ms; the last lookup starts then, and is
 * never cut). Prints what it does, `label` first (`resume` has several keys). Rejects with an
 * `APIUserAbortError` on Ctrl-C.
 */
export async function settleFromLog(
  session: Session,
  tracker: Tracker,
  ambiguous: TrackedGeneration,
  deadline: number,
  label = "",
): Promise<Settled> {
  const { signal } = session.interrupt;
  const say = (line: string) => session.reporter?.note(`${label}${line}`);
  const started = Date.now();
  const { key } = ambiguous;
  let record = ambiguous;
  say(
    `The create's answer was lost; looking for it in the account's request log (client request id ${record.clientRequestId ?? key})…`,
  );
  const search: Omit<Settled, "record" | "tookMs"> = { lookups: 0 };
  const end = (current: TrackedGeneration): Settled => ({
    ...search,
    record: current,
    tookMs: Date.now() - started,
  });
  for (;;) {
    if (record.status === "ambiguous") {
      const looked = await untilInterrupted(tracker.settle(key), signal, () =>
        interrupted(key, search.lookups),
      );
      record = looked.record;
      search.lookups += 1;
      search.error = looked.error;
      if (looked.lookup) search.last = looked.lookup;
      const { lookup, error } = looked;
      if (lookup?.status === "found") {
        search.found = lookup;
        say(
          `Found generation ${lookup.id} in the request log (cost ${usd(lookup.cost.usd)}): waiting for it.`,
        );
        if (lookup.duplicates.length > 0) say(`Warning: ${duplicatesLine(lookup)}`);
        return end(record);
      }
      // A log that refuses this key (401, 403) will not show it in a minute either.
      if (error?.status === 401 || error?.status === 403) return end(record);
    } else if (!turningAmbiguous(record)) {
      // Decided meanwhile (`resolve` in another terminal, another `resume`): that decision stands.
      if (record.id) say(`Key ${key} was resolved meanwhile: generation ${record.id}.`);
      return end(record);
    }
    const left = deadline - Date.now();
    if (left <= 0) return end(record);
    const waitMs = Math.min(lookupDelay(SCHEDULE, search.lookups), left);
    if (search.error) {
      say(
        `Could not read the request log (${search.error.message}); trying again in ${s(waitMs)}.`,
      );
    } else if (search.lookups === 1) {
      say(
        `Not in the log yet (rows can appear minutes late): looking again for up to ${s(left)} (Ctrl-C to stop).`,
      );
    }
    await sleep(waitMs, undefined, { signal }).catch(() => {
      throw interrupted(key, search.lookups);
    });
    record = (await tracker.get(key)) ?? record;
  }
}

/**
 * A create whose claim expired: the tracker is recording it as ambiguous (`resume` hears of it
 * before the store has it), so it is looked up once the store says so.
 */
const turningAmbiguous = (record: TrackedGeneration) =>
  record.status === "creating" && (record.claimUntil ?? 0) <= Date.now();

/** The `settled` field of a result: where the generation id came from, and what it cost. */
export const settledJson = (found: Found) => ({
  via: "request-log" as const,
  id: found.id,
  cost: found.cost,
  ...(found.duplicates.length > 0
    ? { duplicates: found.duplicates.map((row) => row.inference_id) }
    : {}),
});

/** What a search that found nothing looked at, for the message that leaves the decision to you. */
export function describeSearch(settled: Settled): string {
  const { lookups, last, error, record } = settled;
  const id = record.clientRequestId ?? record.key;
  const over = `${lookups} lookup${lookups === 1 ? "" : "s"} over ${s(settled.tookMs)}`;
  const why = `${lookups === 1 ? "which" : "the last"} failed: ${error?.message ?? "no reason given"}`;
  if (lookups === 0)
    return `Not looked up in the account's request log yet (client request id ${id}).`;
  if (!last) {
    return `Could not read the account's request log to look for it (client request id ${id}; ${over}, ${why}).`;
  }
  const failed = error ? `; ${why}` : "";
  return `Not found in the account's request log (client request id ${id}; ${over}, the last read ${describeScope(last.scope)}${failed}). Rows can appear minutes late.`;
}

/** A lookup's window, and how much of it was read. */
export const describeScope = (scope: LookupScope): string =>
  `${scope.pages} page${scope.pages === 1 ? "" : "s"}, ${scope.rows} row${scope.rows === 1 ? "" : "s"} of ${scope.model} from ${scope.start} to ${scope.end}${scope.complete ? "" : ", stopped before the window's end"}`;

/** Other generations the same client request id made: each one was paid for. */
export const duplicatesLine = (found: Found): string =>
  `the same request also made ${found.duplicates
    .map((row) => `${row.inference_id} (${usd(row.cost.usd)}, ${row.created})`)
    .join(", ")}: each one is a paid generation.`;

const s = (ms: number) => `${Math.max(0, Math.round(ms / 1000))}s`;

const interrupted = (key: string, lookups: number) =>
  new APIUserAbortError(
    `The create of key ${key} was not found in the request log yet (${lookups} lookup${lookups === 1 ? "" : "s"}); it may or may not have made a generation.`,
  );

/**
 * `promise`, or `abort()`'s error at Ctrl-C: a lookup takes no signal. It goes on unobserved, and
 * whatever it records is for the next run to read.
 */
function untilInterrupted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  abort: () => Error,
): Promise<T> {
  promise.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(abort());
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}
