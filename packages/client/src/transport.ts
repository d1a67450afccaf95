import { APIConnectionError, APIUserAbortError, RequestTimeoutError } from "./errors.js";
import { backoffDelay, parseRetryAfter, type RetryPolicy } from "./retry.js";
import { sleep } from "./signals.js";

export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Called before each retry; for logging. Never given the request's headers. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
  method: string;
  url: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: string;
}

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

/**
 * The `fetch` given to openapi-fetch: adds a per-attempt timeout and retries, so raw calls on the
 * openapi-fetch client get the same safety as the SDK's methods.
 *
 * A GET is retried on connection errors, timeouts, 408, 429 and 5xx. Any other method (the POST
 * that creates a paid task) is retried only when it certainly did not reach the server (the
 * connection was never made) or the server refused it with 429; every other failure is raised
 * with `mayHaveCreatedTask`, because a blind retry could pay for the video twice.
 */
export function createTransport(options: TransportOptions): typeof fetch {
  const { retry } = options;
  return async (input, init) => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    const idempotent = request.method === "GET" || request.method === "HEAD";
    const signal = request.signal;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < retry.maxRetries;
      let delayMs: number;
      let reason: string;
      try {
        const response = await attemptOnce(options, request.clone(), signal);
        const retryable = idempotent ? RETRYABLE_STATUS(response.status) : response.status === 429;
        if (!canRetry || !retryable) return response;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return response;
        // Release the connection; not awaited, as a tee'd body only settles when every branch does.
        response.body?.cancel().catch(() => {});
        delayMs = retryAfter ?? backoffDelay(retry, attempt);
        reason = `HTTP ${response.status}`;
      } catch (error) {
        if (error instanceof APIUserAbortError) throw error;
        const neverSent = NEVER_SENT.has(errorCode(error) ?? "");
        const failure = toConnectionError(error, options.timeoutMs, !idempotent && !neverSent);
        if (!canRetry || !(idempotent || neverSent)) throw failure;
        delayMs = backoffDelay(retry, attempt);
        reason = failure.message;
      }
      options.onRetry?.({
        method: request.method,
        url: request.url,
        attempt: attempt + 1,
        delayMs,
        reason,
      });
      await sleep(delayMs, signal);
    }
  };
}

/** One attempt, bounded by `timeoutMs`; the timer and listener are released when it settles. */
async function attemptOnce(
  options: TransportOptions,
  request: Request,
  userSignal: AbortSignal,
): Promise<Response> {
  if (userSignal.aborted) throw new APIUserAbortError();
  const controller = new AbortController();
  const timeout = new TimeoutMarker();
  const onAbort = () => controller.abort();
  userSignal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(timeout), options.timeoutMs);
  try {
    // The signal goes inside the Request, so that a custom fetch that ignores `init` still aborts.
    return await options.fetch(new Request(request, { signal: controller.signal }));
  } catch (error) {
    if (controller.signal.reason === timeout) throw timeout;
    if (userSignal.aborted) throw new APIUserAbortError();
    throw error;
  } finally {
    clearTimeout(timer);
    userSignal.removeEventListener("abort", onAbort);
  }
}

class TimeoutMarker extends Error {}

function toConnectionError(error: unknown, timeoutMs: number, mayHaveCreatedTask: boolean) {
  if (error instanceof TimeoutMarker) {
    return new RequestTimeoutError(`No answer within ${timeoutMs} ms.`, {
      mayHaveCreatedTask,
    });
  }
  const code = errorCode(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new APIConnectionError(`Could not reach the API (${detail}).`, {
    cause: error,
    mayHaveCreatedTask,
  });
}

/** Node's fetch wraps the socket error: `TypeError('fetch failed', { cause: { code } })`. */
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
