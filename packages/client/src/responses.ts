import type { ErrorBody } from "@aimlapi-video/types";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OutOfCreditsError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type Violation,
} from "./errors.js";
import { parseJson } from "./generation.js";
import type { Redactor } from "./redact.js";
import { parseRetryAfter } from "./retry.js";

const MAX_TEXT = 500;
/** The API's words for an account that cannot pay: out of credits, or over a plan's spend limit. */
const OUT_OF_CREDITS = /out of credits|insufficient (credits|balance|funds)|spend(ing)? limit/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const HINTS: Record<number, string> = {
  401: "Check the API key (the apiKey option or AIMLAPI_API_KEY).",
  403: "The account may be out of credits, or the key may not make this call (this model, or the account's logs).",
  404: "Check the generation id and the base URL.",
};

/** What an error reads of an answer: a Response, or the transport's PlannedResponse. */
type AnswerHead = Pick<Response, "status" | "statusText" | "headers">;

/**
 * Turns an error answer into the matching APIError subclass. Only error answers need this, so the
 * client imports it on the first one: it stays out of the core bundle. The body is read as text first so
 * that an HTML page or an empty body becomes a typed error, not a JSON parse crash. Each piece
 * of the server's text loses the key before it is cut or joined to others: a key cut in half no
 * longer matches, and the start a server's own cut left would no longer end its text. The client
 * then redacts the whole error once more.
 */
export function errorFromResponse(
  response: AnswerHead,
  text: string,
  { mayHaveCreatedTask, redact }: { mayHaveCreatedTask: boolean; redact: Redactor },
): APIError {
  const { status } = response;
  const json = parseJson(text);
  const body = isRecord(json) ? (json as ErrorBody) : redact.clip(text, MAX_TEXT) || undefined;
  const violations = [
    ...violationsFromBody(json),
    ...violationsFromHeader(response.headers.get("sl-violations") ?? ""),
  ].map(({ location, message }) => ({
    location: redact.text(location),
    message: redact.text(message),
  }));
  const rawRequestId =
    (isRecord(json) && typeof json.requestId === "string" ? json.requestId : undefined) ??
    response.headers.get("x-request-id") ??
    undefined;
  const requestId = rawRequestId === undefined ? undefined : redact.text(rawRequestId);

  const server = serverMessage(json);
  const detail =
    server === undefined ? describeNonJson(response, text, redact) : redact.text(server);
  const parts = [`${status} ${detail}`];
  if (violations.length) {
    parts.push(
      `Spec violations: ${violations.map((v) => `${v.location}: ${v.message}`).join("; ")}.`,
    );
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  if (status === 429) {
    parts.push(
      retryAfterMs === undefined
        ? "Rate or concurrency limit reached; retry later."
        : `Rate or concurrency limit reached; retry after ${Math.ceil(retryAfterMs / 1000)}s.`,
    );
  }
  const hint = HINTS[status];
  if (hint) parts.push(hint);
  if (requestId) parts.push(`(request id ${requestId})`);

  const message = parts.join(" ");
  const options = { status, requestId, body, violations, mayHaveCreatedTask };
  if (status === 400) return new BadRequestError(message, options);
  if (status === 401) return new AuthenticationError(message, options);
  if (status === 403 && OUT_OF_CREDITS.test(detail)) {
    return new OutOfCreditsError(
      `${status} ${detail} Top up the balance: nothing runs until then, and retrying does not help.${requestId ? ` (request id ${requestId})` : ""}`,
      options,
    );
  }
  if (status === 403) return new PermissionDeniedError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  if (status === 422) return new UnprocessableEntityError(message, options);
  if (status === 429) return new RateLimitError(message, { ...options, retryAfterMs });
  if (status >= 500) return new InternalServerError(message, options);
  return new APIError(message, options);
}

function serverMessage(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  const { message, detail, title } = json;
  if (typeof message === "string" && message) return message;
  if (Array.isArray(message)) return message.map(String).join("; ");
  if (typeof detail === "string" && detail) return detail;
  return typeof title === "string" ? title : undefined;
}

function describeNonJson(response: AnswerHead, text: string, redact: Redactor): string {
  const type = redact.text(
    response.headers.get("content-type")?.split(";")[0] || "no content type",
  );
  const reason = redact.text(response.statusText || "error");
  if (!text.trim()) return `${reason} with an empty body`.trim();
  return `${reason} with a body that is not the API's JSON (${type}): ${redact.clip(text.replace(/\s+/g, " "), 120)}`;
}

/** Problem-details bodies list violations under `validation` (Prism's 422). */
function violationsFromBody(json: unknown): Violation[] {
  if (!isRecord(json) || !Array.isArray(json.validation)) return [];
  return json.validation.filter(isRecord).map(toViolation);
}

/** Prism reports request violations in the `sl-violations` header when it answers a spec'd 400. */
function violationsFromHeader(header: string): Violation[] {
  const raw = parseJson(header);
  return Array.isArray(raw) ? raw.filter(isRecord).map(toViolation) : [];
}

function toViolation(v: Record<string, unknown>): Violation {
  const location = Array.isArray(v.location) ? v.location.join(".") : String(v.location ?? "");
  return { location, message: String(v.message ?? "") };
}
