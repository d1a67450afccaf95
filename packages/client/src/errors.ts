import type { ErrorBody } from "@aimlapi-video/types";
import type { Quote } from "./quote.js";

export interface AimlApiErrorOptions {
  status?: number | undefined;
  requestId?: string | undefined;
  mayHaveCreatedTask?: boolean | undefined;
  cause?: unknown;
}

/** The base of every error this client throws: `catch (e) { if (e instanceof AimlApiError) … }`. */
export class AimlApiError extends Error {
  override name = "AimlApiError";
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's request id, when it gave one; quote it to the vendor's support. */
  readonly requestId: string | undefined;
  /**
   * True when a create call failed after the request may have reached the server: the task (and
   * its charge) may exist. Such a call is never retried automatically.
   */
  readonly mayHaveCreatedTask: boolean;
  /**
   * For a create: the `X-Client-Request-Id` it was sent with. With `mayHaveCreatedTask`, pass it
   * and `sentAt` to `client.findGeneration` to find the task in the account's request log.
   */
  clientRequestId: string | undefined;
  /** For a create: when it was sent (epoch ms). */
  sentAt: number | undefined;

  constructor(message: string, options: AimlApiErrorOptions = {}) {
    super(
      options.mayHaveCreatedTask
        ? `${message} The generation task may have been created (and charged): look for it before creating it again.`
        : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.status = options.status;
    this.requestId = options.requestId;
    this.mayHaveCreatedTask = options.mayHaveCreatedTask ?? false;
    this.clientRequestId = undefined;
    this.sentAt = undefined;
  }

  /** Marks the error as a create's, sent at `sentAt` with this client request id. */
  traceCreate(clientRequestId: string, sentAt: number): void {
    if (this.clientRequestId !== undefined) return;
    this.clientRequestId = clientRequestId;
    this.sentAt = sentAt;
    if (this.mayHaveCreatedTask) {
      this.message += ` Its client request id is ${clientRequestId}.`;
    }
  }
}

/** A violation of the spec reported by a validating server or proxy (such as the Prism mock). */
export interface Violation {
  /** Where, e.g. `body.duration`. */
  location: string;
  message: string;
}

interface APIErrorOptions extends AimlApiErrorOptions {
  status: number;
  body: ErrorBody | string | undefined;
  violations?: Violation[] | undefined;
}

/** The server answered with an error status. `body` is its parsed JSON body, or its raw text. */
export class APIError extends AimlApiError {
  override name = "APIError";
  declare readonly status: number;
  readonly body: ErrorBody | string | undefined;
  /** Spec violations the server listed, if any. */
  readonly violations: Violation[];

  constructor(message: string, options: APIErrorOptions) {
    super(message, options);
    this.body = options.body;
    this.violations = options.violations ?? [];
  }
}

/** 400: the request broke the API's rules; `message` carries the server's validation detail. */
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
/** 403: the key may not do this; most often the account is out of credits. */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
/**
 * 403 "You've run out of credits" (or a plan's spend limit): not a permission problem. Nothing
 * runs until the balance is topped up; retrying, or sending another create, fails the same way.
 */
export class OutOfCreditsError extends APIError {
  override name = "OutOfCreditsError";
}
/** 404: unknown path or generation id. */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 422: the request does not match the spec (answered by validating mocks and proxies). */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
/** 429: rate or concurrency limit. `retryAfterMs` is how long the server asked us to wait. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: APIErrorOptions & { retryAfterMs?: number | undefined }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}
/** 5xx: the server or the video provider failed. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The request never got an answer: DNS, refused or reset connection, TLS, … */
export class APIConnectionError extends AimlApiError {
  override name = "APIConnectionError";
}
/** No answer within the client's `timeoutMs` for one request. */
export class RequestTimeoutError extends APIConnectionError {
  override name = "RequestTimeoutError";
}
/**
 * The caller's AbortSignal fired; its `reason` is the `cause`. On a create call that was already
 * sent, `mayHaveCreatedTask` is true: the server may have created the task before the abort.
 */
export class APIUserAbortError extends AimlApiError {
  override name = "APIUserAbortError";
  constructor(
    message = "The request was aborted by the caller.",
    options: AimlApiErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The server answered 2xx with a body that is not the generation the spec describes. */
export class UnexpectedResponseError extends AimlApiError {
  override name = "UnexpectedResponseError";
}

/**
 * The server answered with a redirect the client does not follow: any redirect of a create (a
 * create is never sent twice), and on a read one to another origin, one without a usable
 * `Location`, or more than a few in a row. `status` is the redirect's; `location` its target
 * without the query, when it named one.
 */
export class RedirectError extends AimlApiError {
  override name = "RedirectError";
  readonly location: string | undefined;
  constructor(message: string, options: AimlApiErrorOptions & { location: string | undefined }) {
    super(message, options);
    this.location = options.location;
  }
}

/** The generation ended with status `error`. */
export class GenerationFailedError extends AimlApiError {
  override name = "GenerationFailedError";
  constructor(
    readonly generationId: string,
    /** The server's error name, e.g. `GenerationError`, when it gave one. */
    readonly errorName: string | undefined,
    /** The server's explanation. */
    readonly errorMessage: string,
    /** The final generation as the server returned it. */
    readonly generation: unknown,
  ) {
    super(
      `Generation ${generationId} failed: ${errorName ? `${errorName}: ` : ""}${errorMessage}. ` +
        "No video was produced; check the prompt and parameters before creating a new task.",
    );
  }
}

/** `waitForGeneration` gave up before the generation reached a final status. */
export class WaitTimeoutError extends AimlApiError {
  override name = "WaitTimeoutError";
  constructor(
    readonly generationId: string,
    /** The last state seen, if any poll succeeded. */
    readonly lastGeneration: unknown,
    readonly elapsedMs: number,
    /** The last failed poll, if the wait ended while the polls were failing. */
    cause?: unknown,
  ) {
    super(
      `Gave up waiting for generation ${generationId} after ${Math.round(elapsedMs / 1000)}s; ` +
        "it may still complete. Resume with waitForGeneration(id) (a longer timeoutMs), do not create it again.",
      { cause },
    );
  }
}

/**
 * A create refused before anything was sent: its quote is above the limit (`maxUsdPerCreate`, or
 * the call's `maxUsd`), or it could not be priced and `refuseUnknownPrice` is on.
 */
export class PriceLimitError extends AimlApiError {
  override name = "PriceLimitError";
  constructor(
    /** What the create would cost, or why that is unknown. */
    readonly quote: Quote,
    /** The limit in USD. */
    readonly limitUsd: number | undefined,
  ) {
    super(
      quote.status === "priced"
        ? `Not sent: it would cost ≈ $${quote.usd} (${quote.text}), above the limit of $${limitUsd}.`
        : `Not sent: its price is unknown (${quote.reason}) and unknown prices are refused (refuseUnknownPrice).`,
    );
  }
}

/** One problem found in a request body before sending it. */
export interface ValidationIssue {
  /** The field, e.g. `body.duration`. */
  field: string;
  expected: string;
  received: string;
}

/** The request body does not match the spec; nothing was sent. */
export class ValidationError extends AimlApiError {
  override name = "ValidationError";
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `Invalid request body (nothing was sent): ${issues
        .map((i) => `${i.field}: expected ${i.expected}, received ${i.received}`)
        .join("; ")}. Pass { validate: false } to send it anyway.`,
    );
  }
}
