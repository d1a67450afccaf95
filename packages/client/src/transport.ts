import {
  AimlApiError,
  APIConnectionError,
  RequestTimeoutError,
  UnexpectedResponseError,
} from "./errors.js";
import type { HttpAnswer, HttpClient, HttpExchange } from "./http.js";
import type { RequestLimiter } from "./limiter.js";
import { nextHop } from "./redirect.js";
import { backoffDelay, parseRetryAfter, type RetryPolicy } from "./retry.js";
import { onAbort, sleep, userAbort } from "./signals.js";

export interface TransportOptions {
  /** What sends each attempt: fetch by default, node:http with `nodeHttpClient()`. */
  http: HttpClient;
  /** Bound of one attempt, from sending the request to the last byte of the answer. */
  timeoutMs: number;
  /** Answers longer than this are refused; the API's answers are a few hundred bytes. */
  maxResponseBytes: number;
  retry: RetryPolicy;
  /** The budget every attempt waits for: concurrency, rate, and the slow-down after a 429. */
  limiter: RequestLimiter;
  /** Called before each retry; for logging. Never given the request's headers. */
  onRetry?: ((event: RetryEvent) => void | Promise<void>) | undefined;
}

export interface RetryEvent {
  method: string;
  url: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Per-call settings the SDK's methods pass through openapi-fetch's `init` to the transport. */
export interface CallSettings {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** The caller's own signal, for a Request that middleware may have copied (and so unlinked). */
  signal?: AbortSignal | undefined;
  /**
   * An endpoint's own limit (`/v2/logs`: 200 a minute), waited for before the client's budget;
   * a 429 then slows this one down, not the generations' polls.
   */
  limiter?: RequestLimiter | undefined;
}

/**
 * What the SDK's own calls give openapi-fetch as its `Request` class: it keeps the URL and init
 * as they are, so the body is serialised once and never copied, and the signal reaches `fetch`
 * in its `init`. (undici follows the signal of a copied Request through a weak reference, which
 * a garbage collection breaks: nodejs/undici#4068.)
 */
export class PlannedRequest {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit & { sdk?: CallSettings },
  ) {
    this.method = init.method ?? "GET";
  }
}

/**
 * What the transport answers the SDK's own calls with: the answer in memory, with what
 * openapi-fetch and the client read of it. Building a Response (its headers copied, its body a
 * stream read back into a string) was a third of a poll's garbage; raw calls still get one.
 */
export class PlannedResponse {
  readonly ok: boolean;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly bytes: Uint8Array | null,
    /** It came after following a redirect (on the same origin: see nextHop). */
    readonly redirected: boolean,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    return this.bytes ? decoder.decode(this.bytes) : "";
  }
}

const decoder = new TextDecoder();

/** Error codes that prove the request never left this machine, so a retry cannot duplicate it. */
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: string | ArrayBuffer | undefined;
  signal: AbortSignal | undefined;
  settings: CallSettings;
  /** One of the SDK's own calls (no middleware): answered with a PlannedResponse. */
  planned: boolean;
  /** Holds a caller's Request, whose signal follows the caller's only while it is alive. */
  keep?: Request;
}

/**
 * The `fetch` given to openapi-fetch, so raw calls get the same safety as the SDK's methods.
 *
 * Every attempt is bounded from the call to the last body byte, and settles at its bound even if
 * `fetch` ignores its signal. The body is read here, under that bound and a size limit, and
 * handed on in memory.
 *
 * A GET is retried on connection errors, timeouts, 408, 429 and 5xx. Any other method (the POST
 * that creates a paid task) is retried only when it certainly did not reach the server (the
 * connection was never made) or the server refused it with 429; every other failure is raised
 * with `mayHaveCreatedTask`, because a blind retry could pay for the video twice. For the same
 * reason a create follows no redirect; a read follows a few on its own origin (see nextHop).
 */
export function createTransport(options: TransportOptions): typeof fetch {
  return async (input, init) => {
    const call = await describeCall(input as RequestInfo | PlannedRequest, init);
    const idempotent = call.method === "GET" || call.method === "HEAD";
    const maxRetries = call.settings.maxRetries ?? options.retry.maxRetries;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < maxRetries;
      let delayMs: number;
      let reason: string;
      try {
        const response = await limitedAttempt(options, call, idempotent);
        const retryable = idempotent ? RETRYABLE_STATUS(response.status) : response.status === 429;
        if (!canRetry || !retryable) return response;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter !== undefined && retryAfter > options.retry.maxRetryAfterMs) return response;
        // Never sooner than the backoff: a Retry-After of 0 must not turn into a hot loop.
        delayMs = Math.max(retryAfter ?? 0, backoffDelay(options.retry, attempt));
        reason = `HTTP ${response.status}`;
      } catch (error) {
        const failure = error as AttemptFailure;
        if (!(failure instanceof AttemptFailure)) throw error;
        if (!canRetry || !failure.retryable) throw failure.error;
        delayMs = backoffDelay(options.retry, attempt);
        reason = failure.error.message;
      }
      // Awaited: the client's wrapper loads the redaction first, and a callback that throws
      // fails this call instead of rejecting unhandled.
      await options.onRetry?.({
        method: call.method,
        url: call.url,
        attempt: attempt + 1,
        delayMs,
        reason,
      });
      await sleep(delayMs, call.signal);
    }
  };
}

async function describeCall(
  input: RequestInfo | PlannedRequest,
  init: RequestInit | undefined,
): Promise<Call> {
  if (input instanceof PlannedRequest) {
    const { method, headers, body, signal, sdk } = input.init;
    return {
      method: method ?? "GET",
      url: input.url,
      // openapi-fetch builds a Headers, and the body with the client's serializer (a string).
      headers: headers as Headers,
      body: (body ?? undefined) as string | undefined,
      signal: signal ?? undefined,
      settings: sdk ?? {},
      planned: true,
    };
  }
  // A raw call, or an SDK call through middleware: read the body once, so that no attempt copies
  // a Request. openapi-fetch copies the SDK's settings onto the Request it builds.
  const request = input instanceof Request && !init ? input : new Request(input, init);
  const sdk = (request as { sdk?: CallSettings }).sdk;
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body ? await request.arrayBuffer() : undefined,
    signal: sdk?.signal ?? request.signal,
    settings: sdk ?? {},
    planned: false,
    keep: request,
  };
}

/** One attempt, once the limiters give it a turn; a 429 slows down the endpoint's own, or the client's. */
async function limitedAttempt(
  options: TransportOptions,
  call: Call,
  idempotent: boolean,
): Promise<Response> {
  const own = call.settings.limiter;
  const releaseOwn = await own?.acquire(call.signal);
  try {
    const release = await options.limiter.acquire(call.signal);
    try {
      const response = await attemptOnce(options, call, idempotent);
      if (response.status === 429) {
        (own ?? options.limiter).refused(parseRetryAfter(response.headers.get("retry-after")));
      }
      return response;
    } finally {
      release();
    }
  } finally {
    releaseOwn?.();
  }
}

/** Why an attempt failed, and whether another attempt is safe and may help. */
class AttemptFailure {
  constructor(
    readonly error: AimlApiError,
    readonly retryable: boolean,
  ) {}
}

/** Internal marker of the attempt's own deadline. */
const TIMEOUT = Symbol("timeout");

/**
 * One attempt. The timer and the abort subscription are strong references held until it settles,
 * and the result is raced against them, so the bound holds whatever `fetch` and the GC do.
 */
async function attemptOnce(
  options: TransportOptions,
  call: Call,
  idempotent: boolean,
): Promise<Response> {
  const { signal } = call;
  if (signal?.aborted) throw new AttemptFailure(userAbort(signal), false);
  const timeoutMs = call.settings.timeoutMs ?? options.timeoutMs;
  let exchange: HttpExchange | undefined;
  let stop!: (why: typeof TIMEOUT | "abort") => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => {}); // it may be stopped before a race listens
  const timer = setTimeout(() => {
    exchange?.abort(new DOMException("timed out", "TimeoutError"));
    stop(TIMEOUT);
  }, timeoutMs);
  const unsubscribe = signal
    ? onAbort(signal, () => {
        exchange?.abort(signal.reason);
        stop("abort");
      })
    : undefined;
  let phase: "headers" | "body" = "headers";
  try {
    // The redirects a read follows (nextHop) are part of this attempt, under its deadline.
    let url = call.url;
    let hops = 0;
    let response: HttpAnswer;
    for (;;) {
      const { method, headers, body } = call;
      exchange = options.http.send({ method, url, headers, body });
      response = await Promise.race([exchange.answer, stopped]);
      const next = nextHop(response, url, idempotent, hops);
      if (next === undefined) break;
      exchange.abort();
      url = next;
      hops += 1;
    }
    const redirected = hops > 0;
    phase = "body";
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > options.maxResponseBytes) throw tooLarge(response, options, idempotent);
    const body = await Promise.race([response.read(options.maxResponseBytes), stopped]);
    if (!body) throw tooLarge(response, options, idempotent);
    const bytes = NULL_BODY_STATUS.has(response.status) ? null : body;
    const { status, statusText, headers } = response;
    if (call.planned) {
      return new PlannedResponse(
        status,
        statusText,
        headers,
        bytes,
        redirected,
      ) as unknown as Response;
    }
    const answer = new Response(bytes as Uint8Array<ArrayBuffer> | null, {
      status,
      statusText,
      headers,
    });
    // A constructed Response says false; the client checks what a redirected answer is about.
    if (redirected) Object.defineProperty(answer, "redirected", { value: true });
    return answer;
  } catch (error) {
    exchange?.abort();
    // Past this point the request may have reached the server: a create may exist.
    const mayHaveCreatedTask = !idempotent;
    if (error === "abort" && signal) {
      throw new AttemptFailure(userAbort(signal, mayHaveCreatedTask), false);
    }
    if (error === TIMEOUT) {
      const waiting = phase === "headers" ? "the answer's headers" : "the rest of the answer";
      throw new AttemptFailure(
        new RequestTimeoutError(`No answer within ${timeoutMs} ms (waiting for ${waiting}).`, {
          mayHaveCreatedTask,
        }),
        idempotent,
      );
    }
    // Our own verdict on the answer (too large, a redirect not followed): another attempt gets the same.
    if (error instanceof AimlApiError) {
      throw new AttemptFailure(error, false);
    }
    const code = errorCode(error);
    const neverSent = phase === "headers" && NEVER_SENT.has(code ?? "");
    const where =
      phase === "body"
        ? "The connection failed while reading the answer"
        : "Could not reach the API";
    throw new AttemptFailure(
      new APIConnectionError(`${where} (${code ?? describe(error)}).`, {
        cause: error,
        mayHaveCreatedTask: mayHaveCreatedTask && !neverSent,
      }),
      idempotent || neverSent,
    );
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

function tooLarge(response: { status: number }, options: TransportOptions, idempotent: boolean) {
  return new UnexpectedResponseError(
    `The ${response.status} answer is larger than ${options.maxResponseBytes} bytes; it is not the API's JSON.`,
    { status: response.status, mayHaveCreatedTask: !idempotent },
  );
}

const describe = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof Error && cause.message ? `${message}: ${cause.message}` : message;
};

/** Node's fetch wraps the socket error: `TypeError('fetch failed', { cause: { code } })`. */
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
