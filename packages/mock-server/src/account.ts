import { createHash } from "node:crypto";
import type { CatalogModel } from "@aimlapi-video/types";
import { apiError, jsonAnswer } from "./answers.js";
import type { Billing } from "./billing.js";
import { type Catalogue, VIDEO_MODEL_TYPE } from "./catalogue.js";
import { type Answer, withJson } from "./forward.js";
import type { GenerationStore } from "./generations.js";
import type { RequestLog } from "./request-log.js";
import { safeDecode } from "./video-files.js";

const LOGS_PATH = "/v2/logs";
const CATALOGUE_PATHS = new Set(["/v1/models", "/models", "/api/v1/models"]);
// Not under /v1, and the id's slashes are not escaped: /model/google/veo-3.1-t2v.
const MODEL_PATH = "/model/";
const BALANCE_PATH = "/v2/billing";
const LEDGER_PATH = "/v2/billing/transactions";
/** Each model's OpenAPI document, the catalogue's `info.docsJson`. */
export const DOCS_JSON_PATH = "/docs-json";

/** What the mock keeps with the lifecycle on: its generations and the account's side. */
export interface MockState {
  store: GenerationStore;
  requestLog: RequestLog;
  catalogue: Catalogue;
  billing: Billing;
}

/** A GET the mock answers from its state, once Prism has checked the request. */
export interface StatePage {
  /** Where Prism checks the request (path and query), when not where it was sent. */
  target?: string;
  /** An answer that stands before Prism is asked: the rate limit of /v2/logs. */
  refusal?: () => Answer | undefined;
  /** The page, built on Prism's answer to the checked request (its CORS headers stay). */
  answer(checked: Answer): Answer;
}

/**
 * The account's pages: the request log, the model catalogue, the balance and the ledger. Their
 * refusals (a bad window, cursor or model id) come in the API's error body.
 */
export function statePage(
  state: MockState,
  url: URL,
  ifNoneMatch: string | undefined,
  /** The mock's origin as the client reached it: where `info.docsJson` points. */
  origin: string,
): StatePage | undefined {
  const { pathname, searchParams: query } = url;
  const page = (build: () => object | string) => (checked: Answer) => {
    const result = build();
    return typeof result === "string" ? apiError(400, result, pathname) : withJson(checked, result);
  };
  if (pathname === LOGS_PATH) {
    return {
      refusal: () => {
        const retryAfter = state.requestLog.admit();
        if (retryAfter === undefined) return undefined;
        const refused = apiError(429, "Too Many Requests", pathname);
        refused.headers["retry-after"] = String(retryAfter);
        return refused;
      },
      answer: page(() => state.requestLog.page(query)),
    };
  }
  if (CATALOGUE_PATHS.has(pathname)) {
    const { etag } = state.catalogue;
    return {
      answer: (checked) => {
        if (sameTag(ifNoneMatch, etag)) {
          // Not modified: no body, so no content type either.
          const kept = Object.entries(checked.headers).filter(([name]) => name !== "content-type");
          return {
            status: 304,
            headers: { ...Object.fromEntries(kept), etag },
            body: Buffer.alloc(0),
          };
        }
        const data = state.catalogue.list(query).map((model) => withDocsOn(model, origin));
        const list = withJson(checked, { object: "list", data });
        return { ...list, headers: { ...list.headers, etag } };
      },
    };
  }
  if (pathname.startsWith(MODEL_PATH)) {
    const raw = pathname.slice(MODEL_PATH.length);
    const id = safeDecode(raw) ?? raw;
    return {
      // Prism's route has one segment for the id.
      target: `${MODEL_PATH}${encodeURIComponent(id)}${url.search}`,
      answer: (checked) => {
        const model = state.catalogue.one(id, query);
        return model
          ? withJson(checked, { object: "model", data: withDocsOn(model, origin) })
          : apiError(404, `Model ${id} not found`, pathname);
      },
    };
  }
  if (pathname === BALANCE_PATH) return { answer: page(() => state.billing.balance()) };
  if (pathname === LEDGER_PATH) return { answer: page(() => state.billing.page(query)) };
  return undefined;
}

/**
 * `GET /docs-json?model=<id>&endpoint=<type>`: the model's OpenAPI document (by id or alias), with
 * a strong ETag and 304 for `If-None-Match`; 404 in the API's error body for a model the catalogue
 * does not list or another endpoint, 400 without a model.
 */
export function docsJsonAnswer(
  state: MockState,
  url: URL,
  ifNoneMatch: string | undefined,
): Answer {
  const id = url.searchParams.get("model");
  if (!id) return apiError(400, "model is required", DOCS_JSON_PATH);
  const endpoint = url.searchParams.get("endpoint");
  const document =
    endpoint === null || endpoint === VIDEO_MODEL_TYPE ? state.catalogue.document(id) : undefined;
  if (!document) {
    const what = endpoint === null ? "" : ` for endpoint ${endpoint}`;
    return apiError(404, `Model ${id} not found${what}`, DOCS_JSON_PATH);
  }
  const answer = jsonAnswer(200, document);
  const etag = `"${createHash("sha256").update(answer.body).digest("hex").slice(0, 16)}"`;
  if (sameTag(ifNoneMatch, etag)) return { status: 304, headers: { etag }, body: Buffer.alloc(0) };
  return { ...answer, headers: { ...answer.headers, etag } };
}

/** The entry with `info.docsJson` on the given origin (its path and query kept). */
export function withDocsOn(model: CatalogModel, origin: string): CatalogModel {
  const docs = model.info?.docsJson;
  if (typeof docs !== "string" || !origin) return model;
  const at = new URL(docs);
  return { ...model, info: { ...model.info, docsJson: `${origin}${at.pathname}${at.search}` } };
}

/** Whether `If-None-Match` names this entity tag, compared weakly (RFC 9110 13.1.2). */
function sameTag(ifNoneMatch: string | undefined, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return (ifNoneMatch ?? "")
    .split(",")
    .some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
