import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { RequestKind } from "./faults.js";

/** The caller's own id for a request: recorded in `GET /v2/logs`, echoed in the answer. */
export const CLIENT_REQUEST_ID_HEADER = "x-client-request-id";
/** On every API answer: the request's inference id; for a video create, the generation id. */
export const INFERENCE_ID_HEADER = "x-inference-id";

// The API's rule. Any other value is dropped without an error, as the API drops it.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// An id the API could have issued: `<uuid>:<model>`.
const ISSUED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:./i;

/** The request's `X-Client-Request-Id` when it is a valid one. */
export function clientRequestId(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[CLIENT_REQUEST_ID_HEADER];
  // Node joins a repeated header with ", ", which the alphabet refuses: two ids are no valid one.
  return typeof value === "string" && CLIENT_REQUEST_ID.test(value) ? value : undefined;
}

/** The text of the request's bearer key, for `key_prefix`; the mock never shows it. */
export function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
}

/**
 * The answer's `x-inference-id`: the generation's id for a create that made one and for a poll of
 * a generation the mock knows; none for a poll of an id the API could not have issued (as the API
 * leaves it out); a fresh one for any other request.
 */
export function inferenceIdFor(
  kind: RequestKind,
  generationId: string | undefined,
  polledId: string | null,
): string | undefined {
  if (generationId !== undefined) return generationId;
  if (kind === "poll" && !ISSUED_ID.test(polledId ?? "")) return undefined;
  return randomUUID();
}

/** A fresh id in the style of the API's `requestId` (`req_…`). */
export function newRequestId(): string {
  return `req_${randomBytes(8).toString("hex")}`;
}
