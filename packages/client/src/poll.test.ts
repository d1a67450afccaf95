import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { API_KEY, BODY, completed, fakeFetch, generation, hang, json } from "../test/fake-fetch.js";
import { createVideoClient } from "./client.js";
import {
  APIUserAbortError,
  GenerationFailedError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "./errors.js";
import { DEFAULT_POLL_SCHEDULE } from "./poll.js";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0.5); // jitter factor 1: exact schedules
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(...steps: Parameters<typeof fakeFetch>) {
  const { fetch, calls } = fakeFetch(...steps);
  const started = Date.now();
  const times: number[] = [];
  const timedFetch: typeof fetch = (input, init) => {
    times.push(Date.now() - started);
    return fetch(input, init);
  };
  const client = createVideoClient({
    apiKey: API_KEY,
    baseUrl: "http://api.test",
    fetch: timedFetch,
    maxRetries: 0,
  });
  return { client, calls, times };
}

async function settle<T>(promise: Promise<T>): Promise<T | Error> {
  const result = promise.catch((e: Error) => e);
  await vi.runAllTimersAsync();
  return result;
}

const g = (status: string, extra = {}) => json(200, generation(status, extra));

describe("waitForGeneration", () => {
  it("polls queued → generating → completed and reports progress", async () => {
    const { client } = setup(g("queued"), g("generating"), json(200, completed()));
    const progress: unknown[] = [];
    const result = await settle(
      client.waitForGeneration("gen-1", {
        onProgress: ({ generation, elapsedMs, polls }) =>
          progress.push([generation.status, elapsedMs, polls]),
      }),
    );
    expect(result).toMatchObject({
      status: "completed",
      video: { url: "https://cdn.example.test/v.mp4" },
    });
    expect(progress).toEqual([
      ["queued", 10_000, 1],
      ["generating", 20_000, 2],
      ["completed", 35_000, 3],
    ]);
  });

  it("follows the schedule: first delay, then an interval growing by backoff up to the maximum", async () => {
    const { client, times } = setup(
      ...Array.from({ length: 6 }, () => g("generating")),
      json(200, completed()),
    );
    await settle(
      client.waitForGeneration("gen-1", {
        firstDelayMs: 1_000,
        intervalMs: 2_000,
        backoff: 2,
        maxIntervalMs: 10_000,
      }),
    );
    const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it("spreads each wait by the jitter fraction", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { client, times } = setup(json(200, completed()));
    await settle(client.waitForGeneration("gen-1", { firstDelayMs: 10_000, jitter: 0.2 }));
    expect(times).toEqual([8_000]);
  });

  it("keeps sleeping between polls on a status the spec does not list", async () => {
    const { client, calls } = setup(g("moderating"));
    const promise = client
      .waitForGeneration("gen-1", { intervalMs: 10_000, backoff: 1 })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    // first poll at 10 s, then one every 10 s: never a tight loop
    expect(calls).toHaveLength(6);
    await vi.runAllTimersAsync();
    expect(await promise).toBeInstanceOf(WaitTimeoutError);
  });

  it("raises GenerationFailedError with the id and the server's error", async () => {
    const { client } = setup(
      g("error", { error: { name: "ProviderError", message: "Prompt rejected" } }),
    );
    const error = await settle(client.waitForGeneration("gen-1"));
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(error).toMatchObject({
      generationId: "gen-1",
      errorName: "ProviderError",
      errorMessage: "Prompt rejected",
    });
    expect((error as Error).message).toBe(
      "Generation gen-1 failed: ProviderError: Prompt rejected. No video was produced; check the prompt and parameters before creating a new task.",
    );
  });

  it("reads the legacy path's string error", async () => {
    const { client, calls } = setup(g("error", { error: "Prompt rejected" }));
    const error = await settle(client.waitForGeneration("gen-1", { legacy: true }));
    expect(error).toMatchObject({ errorName: undefined, errorMessage: "Prompt rejected" });
    expect(calls[0]?.url).toContain("/v2/generate/video/kling/generation?generation_id=gen-1");
  });

  it("rejects a completed generation without a video URL", async () => {
    const { client } = setup(g("completed"));
    expect(await settle(client.waitForGeneration("gen-1"))).toBeInstanceOf(UnexpectedResponseError);
  });

  it("gives up after timeoutMs with the id and the last generation seen", async () => {
    const { client, times } = setup(g("generating"));
    const error = await settle(
      client.waitForGeneration("gen-1", { timeoutMs: 60_000, intervalMs: 20_000, backoff: 1 }),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      generationId: "gen-1",
      elapsedMs: 60_000,
      lastGeneration: { status: "generating" },
    });
    expect(times).toEqual([10_000, 30_000, 50_000]);
  });

  it("abandons a poll still in flight at the deadline", async () => {
    const { client } = setup(g("queued"), hang);
    const controller = new AbortController();
    const promise = client
      .waitForGeneration("gen-1", {
        timeoutMs: 25_000,
        intervalMs: 10_000,
        signal: controller.signal,
      })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(25_000);
    const error = await promise;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ elapsedMs: 25_000, lastGeneration: { status: "queued" } });
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("cannot be driven into a hot loop by a 429 with Retry-After 0 (or a past date) on every answer", async () => {
    for (const retryAfter of ["0", "Wed, 21 Oct 2015 07:28:00 GMT"]) {
      const { client, calls } = setup(json(429, {}, { "retry-after": retryAfter }));
      const wait = client
        .waitForGeneration("gen-1", { firstDelayMs: 0, intervalMs: 100, timeoutMs: 60_000 })
        .catch((e) => e);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await wait).toBeInstanceOf(WaitTimeoutError);
      // Before: about 355 GETs a second. Now the interval grows and the client's rate halves
      // with each refusal: 14 GETs in the minute, each a single attempt.
      expect(calls.length).toBeLessThanOrEqual(15);
    }
  });

  it("waits as told by a 429 while polling, then goes on", async () => {
    const { client, times } = setup(
      json(429, { message: "Too Many Requests" }, { "retry-after": "45" }),
      json(200, completed()),
    );
    await settle(client.waitForGeneration("gen-1"));
    // The limiter holds the next poll until Retry-After (45 s), stretched by 0–20 % (here 10 %).
    expect(times).toEqual([10_000, 10_000 + 49_500]);
  });

  it("aborts while sleeping, and leaves no timer or listener behind", async () => {
    const { client, calls } = setup(g("queued"));
    const controller = new AbortController();
    const promise = client
      .waitForGeneration("gen-1", { signal: controller.signal })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(15_000);
    controller.abort();
    expect(await promise).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("leaves no timer or listener behind when it resolves", async () => {
    const { client } = setup(g("queued"), json(200, completed()));
    const controller = new AbortController();
    await settle(client.waitForGeneration("gen-1", { signal: controller.signal }));
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("documents defaults suited to minutes-long jobs", () => {
    expect(DEFAULT_POLL_SCHEDULE).toEqual({
      firstDelayMs: 10_000,
      intervalMs: 10_000,
      backoff: 1.5,
      maxIntervalMs: 30_000,
      jitter: 0.1,
      timeoutMs: 1_200_000,
      maxFailedPolls: 5,
    });
  });
});

describe("generateVideo", () => {
  it("hands over the id as soon as the task exists, then waits for the video", async () => {
    const { client, calls } = setup(
      json(200, { id: "gen-1", status: "queued" }),
      json(200, completed()),
    );
    const events: string[] = [];
    const promise = client.generateVideo(BODY, {
      onCreated: (created) => events.push(`created ${created.id} after ${calls.length} call`),
      onProgress: ({ generation }) => events.push(generation.status),
    });
    const result = await settle(promise);
    expect(events).toEqual(["created gen-1 after 1 call", "completed"]);
    expect(result).toMatchObject({ status: "completed" });
    expect(calls.map((c) => c.method)).toEqual(["POST", "GET"]);
  });

  it("uses the client's poll defaults", async () => {
    const { fetch } = fakeFetch(
      json(200, { id: "gen-1", status: "queued" }),
      json(200, completed()),
    );
    const times: number[] = [];
    const client = createVideoClient({
      apiKey: API_KEY,
      baseUrl: "http://api.test",
      fetch: (i, init) => {
        times.push(Date.now());
        return fetch(i, init);
      },
      poll: { firstDelayMs: 500 },
    });
    await settle(client.generateVideo(BODY));
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBe(500);
  });
});
