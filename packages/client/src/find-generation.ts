import type { RequestLogEntry, RequestLogPage, RequestLogQuery } from "@aimlapi-video/types";
import { AimlApiError, UnexpectedResponseError } from "./errors.js";
import { checkNumber } from "./options.js";

export interface FindGenerationOptions {
  /** The create's model: the log is scanned for this model only. */
  model: string;
  /** When the create was sent (an error's `sentAt`, or your own record of it). */
  sentAt: number | Date;
  /**
   * How far on each side of `sentAt` rows are looked at: the server's clock and the time the
   * request took both move its row. Default 10 min.
   */
  windowMs?: number | undefined;
  /** Pages of 100 rows read at most (each one request of the endpoint's 200 a minute). Default 20. */
  maxPages?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What a lookup read: the window, and how much of it. */
export interface LookupScope {
  clientRequestId: string;
  model: string;
  /** The window, as sent (ISO 8601). */
  start: string;
  end: string;
  pages: number;
  rows: number;
  /** False when `maxPages` stopped the scan before the window's last row. */
  complete: boolean;
  /** When the lookup ran (epoch ms). */
  at: number;
}

/**
 * The log's answer for one client request id:
 * - `found`: a request with this id succeeded, and `id` is the generation it created (the oldest,
 *   if several did: `duplicates` lists the others, each one paid);
 * - `not-found`: no succeeded request with this id in the window, *yet*. Rows come from an
 *   analytics pipeline and may appear minutes late, so this never proves the create did not
 *   happen. `failed` lists the requests with this id that the API refused (none of them charged).
 *
 * A lookup that could not read the log rejects instead, with the API's typed error (401, 403, 429,
 * 5xx, a connection error): that says nothing about the create either.
 */
export type LookupResult =
  | {
      status: "found";
      /** The generation id (the row's `inference_id`). */
      id: string;
      cost: RequestLogEntry["cost"];
      row: RequestLogEntry;
      duplicates: RequestLogEntry[];
      failed: RequestLogEntry[];
      scope: LookupScope;
    }
  | { status: "not-found"; failed: RequestLogEntry[]; scope: LookupScope };

export const DEFAULT_LOOKUP_WINDOW_MS = 10 * 60_000;
export const DEFAULT_LOOKUP_MAX_PAGES = 20;
/** The endpoint's largest page. */
const PAGE_SIZE = 100;

/** Reads one page of `GET /v2/logs`; the client gives it the budget and the typed errors. */
export type ReadLogPage = (query: RequestLogQuery, signal?: AbortSignal) => Promise<unknown>;

/** Scans the window page by page and sorts the rows that carry `clientRequestId`. */
export async function findByClientRequestId(
  clientRequestId: string,
  options: FindGenerationOptions,
  readPage: ReadLogPage,
): Promise<LookupResult> {
  const { model, signal } = checkFindOptions(options);
  const sentAt = new Date(options.sentAt).getTime();
  const windowMs = options.windowMs ?? DEFAULT_LOOKUP_WINDOW_MS;
  const maxPages = options.maxPages ?? DEFAULT_LOOKUP_MAX_PAGES;
  const start = new Date(sentAt - windowMs).toISOString();
  const end = new Date(sentAt + windowMs).toISOString();
  const matches: RequestLogEntry[] = [];
  let rows = 0;
  let pages = 0;
  let complete = false;
  while (pages < maxPages) {
    const query: RequestLogQuery = { start, end, model: [model], limit: PAGE_SIZE, offset: rows };
    const { page, read } = checkPage(await readPage(query, signal));
    pages++;
    rows += read;
    for (const row of page.data) {
      if (row.client_request_id === clientRequestId) matches.push(row);
    }
    // Newest first: a row that lands meanwhile pushes the others back, so none is skipped
    // (one may be read twice; matches are told apart by their inference id below).
    if (!page.pagination.has_more || read === 0) {
      complete = true;
      break;
    }
  }
  const scope: LookupScope = {
    clientRequestId,
    model,
    start,
    end,
    pages,
    rows,
    complete,
    at: Date.now(),
  };
  const unique = [...new Map(matches.map((row) => [row.inference_id, row])).values()];
  const byTime = (a: RequestLogEntry, b: RequestLogEntry) =>
    Date.parse(a.created) - Date.parse(b.created);
  const succeeded = unique.filter((row) => row.status === "succeeded").sort(byTime);
  const failed = unique.filter((row) => row.status !== "succeeded").sort(byTime);
  const [row, ...duplicates] = succeeded;
  if (!row) return { status: "not-found", failed, scope };
  return { status: "found", id: row.inference_id, cost: row.cost, row, duplicates, failed, scope };
}

function checkFindOptions(options: FindGenerationOptions) {
  if (typeof options?.model !== "string" || options.model === "") {
    throw new AimlApiError(
      `Invalid findGeneration model: expected the create's model id, received ${JSON.stringify(options?.model)}.`,
    );
  }
  const sentAt = new Date(options.sentAt as number).getTime();
  if (!Number.isFinite(sentAt)) {
    throw new AimlApiError(
      `Invalid findGeneration sentAt: expected a Date or epoch milliseconds, received ${String(options.sentAt)}.`,
    );
  }
  // The API refuses windows over 92 days.
  checkNumber("windowMs", options.windowMs, { min: 1_000, max: 45 * 86_400_000, unit: "ms" });
  checkNumber("maxPages", options.maxPages, { min: 1, max: 1_000, integer: true });
  return options;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The page as the spec describes it, and how many rows it held (the next offset moves by that);
 * a row without the fields a lookup relies on is skipped.
 */
function checkPage(json: unknown): { page: RequestLogPage; read: number } {
  const pagination = isRecord(json) ? json.pagination : undefined;
  if (!isRecord(json) || !Array.isArray(json.data) || !isRecord(pagination)) {
    throw new UnexpectedResponseError(
      "Expected a page of the request log ({ data: [...], pagination }) from GET /v2/logs.",
    );
  }
  const data = json.data.filter(
    (row): row is RequestLogEntry =>
      isRecord(row) &&
      typeof row.inference_id === "string" &&
      row.inference_id !== "" &&
      typeof row.status === "string" &&
      typeof row.created === "string",
  );
  const has_more = pagination.has_more === true;
  const page = { data, pagination: { ...(pagination as RequestLogPage["pagination"]), has_more } };
  return { page, read: json.data.length };
}
