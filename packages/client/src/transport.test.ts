import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  API_KEY,
  BODY,
  fakeFetch,
  generation,
  hang,
  json,
  networkError,
} from "../test/fake-fetch.js";
import { createVideoClient } from "./client.js";
import {
  AimlApiError,
  APIConnectionError,
  APIUserAbortError,
  InternalServerError,
  RateLimitError,
  RequestTimeoutError,
} from "./errors.js";
import type { RetryEvent } from "./transport.js";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(
  steps: Parameters<typeof fakeFetch>,
  options: { maxRetries?: number; timeoutMs?: number } = {},
) {
  const { fetch, calls } = fakeFetch(...steps);
  const retries: RetryEvent[] = [];
  const client = createVideoClient({
    apiKey: API_KEY,
    baseUrl: "http://api.test",
    fetch,
    onRetry: (e) => retries.push(e),
    ...options,
  });
  return { client, calls, retries };
}

/** Runs `promise` to completion while advancing fake time; returns what it settled with. */
async function settle<T>(promise: Promise<T>): Promise<T | Error> {
  const result = promise.catch((e: Error) => e);
  await vi.runAllTimersAsync();
  return result;
}

const ok = () => json(200, generation("queued"));

describe("GET retries", () => {
  it.each([
    ["500", json(500, { message: "boom" })],
    ["502 HTML", new Response("<html/>", { status: 502 })],
    ["503", json(503, { message: "unavailable" })],
    ["408", new Response("", { status: 408 })],
    ["429", json(429, { message: "slow down" })],
    ["a reset connection", networkError("ECONNRESET")],
    ["a refused connection", networkError("ECONNREFUSED")],
  ])("retries after %s", async (_, failure) => {
    const { client, calls, retries } = setup([failure, ok()]);
    const result = await settle(client.getGeneration("gen-1"));
    expect(result).toMatchObject({ status: "queued" });
    expect(calls).toHaveLength(2);
    expect(retries).toHaveLength(1);
  });

  it("backs off exponentially with equal jitter, capped", async () => {
    const { client, retries } = setup(
      [json(500, {}), json(500, {}), json(500, {}), json(500, {}), json(500, {}), ok()],
      { maxRetries: 5 },
    );
    await settle(client.getGeneration("gen-1"));
    // random() = 0.5 → three quarters of min(8000, 500 · 2^n): half fixed, half random
    expect(retries.map((r) => r.delayMs)).toEqual([375, 750, 1500, 3000, 6000]);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it("waits exactly as long as Retry-After says, in seconds or as an HTTP date", async () => {
    vi.setSystemTime(new Date("2026-11-25T10:00:00Z"));
    const date = "Wed, 25 Nov 2026 10:00:33 GMT"; // 29.7 s after the first retry
    const { client, calls, retries } = setup([
      json(429, {}, { "retry-after": "3" }),
      json(503, {}, { "retry-after": date }),
      ok(),
    ]);
    const promise = client.getGeneration("gen-1");
    // After a 429 the client's limiter adds 0–20 % (here 10 %) so clients do not return in step.
    await vi.advanceTimersByTimeAsync(3_299);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(promise).resolves.toMatchObject({ status: "queued" });
    expect(retries.map((r) => r.delayMs)).toEqual([3_000, 29_700]);
  });

  it("raises a Retry-After longer than the cap instead of waiting for it", async () => {
    const { client, calls } = setup([json(429, {}, { "retry-after": "3600" }), ok()]);
    const error = await settle(client.getGeneration("gen-1"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(calls).toHaveLength(1);
  });

  it("gives up after maxRetries and raises the last failure", async () => {
    const { client, calls } = setup([json(500, { message: "still broken" })], { maxRetries: 3 });
    const error = await settle(client.getGeneration("gen-1"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(4);
  });

  it("respects maxRetries: 0", async () => {
    const { client, calls } = setup([networkError("ECONNRESET"), ok()], { maxRetries: 0 });
    expect(await settle(client.getGeneration("gen-1"))).toBeInstanceOf(APIConnectionError);
    expect(calls).toHaveLength(1);
  });

  it("fails the call, typed, when the onRetry callback throws", async () => {
    const { fetch, calls } = fakeFetch(json(503, {}), ok());
    const client = createVideoClient({
      apiKey: API_KEY,
      baseUrl: "http://api.test",
      fetch,
      onRetry: () => {
        throw new Error("logger down");
      },
    });
    const error = await settle(client.getGeneration("gen-1"));
    expect(error).toBeInstanceOf(AimlApiError);
    expect((error as Error).cause).toEqual(new Error("logger down"));
    expect(calls).toHaveLength(1);
  });

  it("does not retry a 4xx that retrying cannot fix", async () => {
    const { client, calls } = setup([json(404, { message: "no such generation" }), ok()]);
    await settle(client.getGeneration("gen-1"));
    expect(calls).toHaveLength(1);
  });

  it("times out one attempt after timeoutMs and retries it", async () => {
    const { client, calls } = setup([hang, ok()], { timeoutMs: 5_000 });
    const promise = client.getGeneration("gen-1");
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toMatchObject({ status: "queued" });
    expect(calls).toHaveLength(2);
  });
});

describe("the create call (a paid task) is never sent twice", () => {
  it.each([
    ["a refused connection", networkError("ECONNREFUSED")],
    ["a failed DNS lookup", networkError("ENOTFOUND")],
    ["a connect timeout", networkError("UND_ERR_CONNECT_TIMEOUT")],
    ["429", json(429, { message: "Too Many Requests" }, { "retry-after": "1" })],
  ])("retries after %s: the server certainly did not take it", async (_, failure) => {
    const { client, calls } = setup([failure, json(200, { id: "gen-1", status: "queued" })]);
    expect(await settle(client.createGeneration(BODY))).toMatchObject({
      id: "gen-1",
      status: "queued",
    });
    expect(calls).toHaveLength(2);
    // The retry is the same request: the log shows both attempts under one client request id.
    const ids = calls.map((call) => call.headers.get("x-client-request-id"));
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
  });

  it.each([
    ["a reset connection", networkError("ECONNRESET"), APIConnectionError],
    ["a socket closed mid-answer", networkError("UND_ERR_SOCKET"), APIConnectionError],
    ["an unknown network failure", new TypeError("fetch failed"), APIConnectionError],
    ["a 500", json(500, { message: "Internal server error" }), InternalServerError],
    ["a 502", new Response("<html>Bad gateway</html>", { status: 502 }), InternalServerError],
    ["a 504", json(504, { message: "Generation timeout" }), InternalServerError],
  ])("does not retry after %s and says the task may exist", async (_, failure, ErrorClass) => {
    const { client, calls } = setup([failure, json(200, { id: "gen-2", status: "queued" })]);
    const error = await settle(client.createGeneration(BODY));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ mayHaveCreatedTask: true });
    expect((error as Error).message).toContain("may have been created");
    expect(calls).toHaveLength(1);
  });

  it("does not retry a timed-out create", async () => {
    const { client, calls } = setup([hang, json(200, { id: "gen-2", status: "queued" })], {
      timeoutMs: 1_000,
    });
    const error = await settle(client.createGeneration(BODY));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ mayHaveCreatedTask: true });
    expect(calls).toHaveLength(1);
  });

  it("sends the same body on the retry", async () => {
    const { client, calls } = setup([
      networkError("ECONNREFUSED"),
      json(200, { id: "g", status: "queued" }),
    ]);
    await settle(client.createGeneration(BODY));
    expect(calls.map((c) => JSON.parse(c.body))).toEqual([BODY, BODY]);
  });
});

describe("cancellation", () => {
  it("aborts a request in flight", async () => {
    const { client } = setup([hang]);
    const controller = new AbortController();
    const promise = client.getGeneration("gen-1", { signal: controller.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await promise).toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborts a retry's backoff and leaves no timer behind", async () => {
    const { client, calls } = setup([json(503, {}, { "retry-after": "20" }), ok()]);
    const controller = new AbortController();
    const promise = client.getGeneration("gen-1", { signal: controller.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    expect(await promise).toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("does not send at all when the signal is already aborted", async () => {
    const { client, calls } = setup([ok()]);
    const error = await settle(client.createGeneration(BODY, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
  });
});
