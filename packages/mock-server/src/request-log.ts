import type { RequestLogEntry, RequestLogPage } from "@aimlapi-video/types";
import { checkOption } from "./check-option.js";
import { newRequestId } from "./request-ids.js";

export type { RequestLogEntry };

export interface RequestLogOptions {
  /**
   * Real milliseconds between a request and its row showing in `GET /v2/logs`, as the API's
   * analytics pipeline lags. Default 0.
   */
  delayMs?: number;
  /** Requests to `GET /v2/logs` answered in any 60 s; more get 429. Default 200, the API's. */
  limitPerMinute?: number;
}

/** What the mock's server tells the log of a request it answered. */
export interface LoggedRequest {
  /** Date.now() when the request arrived. */
  arrivedAt: number;
  model: string;
  succeeded: boolean;
  /** What the request cost: a create that made a generation its price, anything else 0. */
  usd: number;
  inferenceId: string;
  clientRequestId: string | undefined;
  /** The bearer key the request was made with, for `key_prefix`; never shown. */
  key: string | undefined;
}

interface Row {
  entry: RequestLogEntry;
  arrivedAt: number;
  key: string | undefined;
}

/** The mock's own rate for the `credits` of a row (the API's rate is not public). */
export const CREDITS_PER_USD = 2_000_000;
// Bounds the memory of a long-running mock; the oldest rows are forgotten first.
const MAX_ROWS = 10_000;
const RATE_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 92 * 86_400_000;
const UNIT_MS = { h: 3_600_000, d: 86_400_000 } as const;

/** The account's record of the API requests the mock answered, behind `GET /v2/logs`. */
export class RequestLog {
  // By arrival, oldest first.
  readonly #rows: Row[] = [];
  // When each request to /v2/logs answered within the last minute arrived, oldest first.
  readonly #admitted: number[] = [];
  readonly #delayMs: number;
  readonly #limitPerMinute: number;
  readonly #now: () => number;

  // Date.now is looked up at each call, so that a test's fake clock reaches it.
  constructor(options: RequestLogOptions = {}, now: () => number = () => Date.now()) {
    const { delayMs = 0, limitPerMinute = 200 } = options;
    checkOption("delayMs", delayMs, Number.isFinite(delayMs) && delayMs >= 0, "at least 0");
    checkOption(
      "limitPerMinute",
      limitPerMinute,
      Number.isInteger(limitPerMinute) && limitPerMinute >= 1,
      "at least 1 and whole",
    );
    this.#delayMs = delayMs;
    this.#limitPerMinute = limitPerMinute;
    this.#now = now;
  }

  record(request: LoggedRequest): void {
    const { usd } = request;
    const row: Row = {
      arrivedAt: request.arrivedAt,
      key: request.key,
      entry: {
        created: new Date(request.arrivedAt).toISOString(),
        status: request.succeeded ? "succeeded" : "failed",
        origin: "api",
        model: request.model,
        cost: { usd, credits: Math.round(usd * CREDITS_PER_USD) },
        tokens: { input: 0, output: 0, total: 0 },
        request_id: newRequestId(),
        inference_id: request.inferenceId,
        client_request_id: request.clientRequestId ?? null,
      },
    };
    // A slow request is recorded after quicker ones that arrived later: keep arrival order.
    let at = this.#rows.length;
    while (at > 0 && (this.#rows[at - 1]?.arrivedAt ?? 0) > row.arrivedAt) at--;
    this.#rows.splice(at, 0, row);
    if (this.#rows.length > MAX_ROWS) this.#rows.shift();
  }

  /** Every row, shown or not yet, oldest first; copies, without the key. */
  list(): RequestLogEntry[] {
    return this.#rows.map((row) => structuredClone(row.entry));
  }

  /**
   * Counts a request to `GET /v2/logs` in the sliding minute. Undefined when it may be answered;
   * otherwise the whole seconds until an earlier request leaves the window (refused requests are
   * not counted).
   */
  admit(): number | undefined {
    const now = this.#now();
    while ((this.#admitted[0] ?? now) <= now - RATE_WINDOW_MS) this.#admitted.shift();
    const oldest = this.#admitted[0];
    if (oldest !== undefined && this.#admitted.length >= this.#limitPerMinute) {
      return Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000);
    }
    this.#admitted.push(now);
    return undefined;
  }

  /**
   * The page `GET /v2/logs` answers for a query Prism has checked, newest first; or why the query
   * is refused (a 400).
   */
  page(query: URLSearchParams): RequestLogPage | string {
    const now = this.#now();
    const window = windowOf(query, now);
    if (typeof window === "string") return window;
    const models = query.getAll("model");
    const statuses = query.getAll("status");
    const prefix = query.get("key_prefix");
    const matching = this.#rows
      .filter(
        ({ arrivedAt, entry, key }) =>
          arrivedAt + this.#delayMs <= now &&
          arrivedAt >= window.from &&
          arrivedAt <= window.to &&
          (models.length === 0 || models.includes(entry.model)) &&
          (statuses.length === 0 || statuses.includes(entry.status)) &&
          (prefix === null || key?.startsWith(prefix) === true),
      )
      .reverse();
    const limit = Number(query.get("limit") ?? 50);
    const offset = Number(query.get("offset") ?? 0);
    return {
      data: matching.slice(offset, offset + limit).map((row) => structuredClone(row.entry)),
      pagination: {
        limit,
        offset,
        total: matching.length,
        has_more: offset + limit < matching.length,
      },
    };
  }
}

/** The window of arrival times a query asks for: `period` up to now, `start`–`end`, or all. */
function windowOf(query: URLSearchParams, now: number): { from: number; to: number } | string {
  const period = query.get("period");
  const start = query.get("start");
  const end = query.get("end");
  if (period !== null) {
    if (start !== null || end !== null) return "Give either period or start and end, not both";
    const [, count, unit] = /^([1-9]\d*)([hd])$/.exec(period) ?? [];
    if (count === undefined || (unit !== "h" && unit !== "d")) {
      return `period must be a positive integer then h or d; received "${period}"`;
    }
    return { from: now - Number(count) * UNIT_MS[unit], to: now };
  }
  if (start === null && end === null) return { from: -Infinity, to: Infinity };
  if (start === null || end === null) return "start and end go together";
  const from = Date.parse(start);
  const to = Date.parse(end);
  // Prism checked the format; a leap second (23:59:60) passes it and no Date holds it.
  if (Number.isNaN(from) || Number.isNaN(to)) return "start and end must be ISO 8601 date-times";
  if (from > to) return "start must not be after end";
  if (to - from > MAX_WINDOW_MS) return "The window from start to end is at most 92 days";
  return { from, to };
}
