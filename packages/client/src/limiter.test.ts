import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { API_KEY, generation, json } from "../test/fake-fetch.js";
import { createVideoClient } from "./client.js";
import { APIUserAbortError } from "./errors.js";
import { createRequestLimiter, RequestLimiter } from "./limiter.js";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Starts `n` acquisitions and records when (virtual ms) each one got its turn. */
function line(limiter: RequestLimiter, n: number, signal?: AbortSignal) {
  const started = Date.now();
  const turns: number[] = [];
  const releases: ((refused?: boolean) => void)[] = [];
  const done = Array.from({ length: n }, () =>
    limiter.acquire(signal).then(
      (release) => {
        turns.push(Date.now() - started);
        releases.push(release);
      },
      (error: unknown) => error,
    ),
  );
  return { turns, releases, done };
}

describe("RequestLimiter", () => {
  it("holds the requests in flight to maxConcurrent", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 2, requestsPerSecond: 1_000 });
    const { turns, releases } = line(limiter, 5);
    await vi.advanceTimersByTimeAsync(100);
    expect(turns).toHaveLength(2);
    expect(limiter.stats).toEqual({ active: 2, waiting: 3 });
    releases[0]?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(turns).toHaveLength(3);
  });

  it("lets a tenth of a second's worth start at once, then spaces the rest", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 100, requestsPerSecond: 50 });
    const { turns, releases } = line(limiter, 8);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(turns).toEqual([0, 0, 0, 0, 0, 20, 40, 60]);
    for (const release of releases) release();
  });

  it("starts at most requestsPerSecond, evenly spaced", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 100, requestsPerSecond: 10 });
    const { turns, releases } = line(limiter, 5);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(turns).toEqual([0, 100, 200, 300, 400]);
    for (const release of releases) release();
  });

  it("after a 429, halves the rate and holds everyone until Retry-After, stretched", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 100, requestsPerSecond: 10 });
    limiter.refused(2_000);
    expect(limiter.currentRate).toBe(5);
    const { turns } = line(limiter, 3);
    await vi.advanceTimersByTimeAsync(5_000);
    // Retry-After 2 s × (1 + 0.2 × 0.5), then 200 ms at the halved rate, then recovering.
    expect(turns.slice(0, 2)).toEqual([2_200, 2_400]);
    expect(turns[2]).toBeGreaterThan(2_580);
  });

  it("never speeds up for a Retry-After of 0 and recovers gradually", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 100, requestsPerSecond: 10 });
    limiter.refused(0);
    limiter.refused(0);
    expect(limiter.currentRate).toBe(2.5);
    const { turns } = line(limiter, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(turns[0]).toBeGreaterThanOrEqual(400); // at least one interval at the slowed rate
    // A tenth of the configured rate per second once the pause (here 400 ms × 1.1) is over.
    expect(limiter.currentRate).toBeCloseTo(2.5 + 0.56, 5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(limiter.currentRate).toBe(10); // back to, never beyond, the configured rate
  });

  it("lets an aborted waiter go without taking a turn or leaving a listener", async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 1, requestsPerSecond: 1_000 });
    const first = line(limiter, 1);
    await vi.advanceTimersByTimeAsync(1);
    const controller = new AbortController();
    const queued = line(limiter, 3, controller.signal);
    controller.abort("stop");
    expect(await Promise.all(queued.done)).toEqual([
      expect.any(APIUserAbortError),
      expect.any(APIUserAbortError),
      expect.any(APIUserAbortError),
    ]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    first.releases[0]?.();
    const next = line(limiter, 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.turns).toHaveLength(1);
  });

  it("refuses bad limits with the option's name", () => {
    expect(() => createRequestLimiter({ maxConcurrent: 0 })).toThrow(/Invalid maxConcurrent/);
    expect(() => createRequestLimiter({ requestsPerSecond: Number.NaN })).toThrow(
      /Invalid requestsPerSecond: .*received NaN/,
    );
  });
});

describe("one budget for the clients that share a limiter", () => {
  it("two clients never exceed it together, and a 429 to one slows both", async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const starts: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      starts.push(Date.now());
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      calls += 1;
      await new Promise((r) => setTimeout(r, 50));
      inFlight -= 1;
      return calls === 1
        ? json(429, {}, { "retry-after": "3" })
        : json(200, generation("generating"));
    };
    const limiter = createRequestLimiter({ maxConcurrent: 3, requestsPerSecond: 20 });
    const options = { apiKey: API_KEY, baseUrl: "http://api.test", fetch, limiter, maxRetries: 0 };
    const [a, b] = [createVideoClient(options), createVideoClient(options)];
    const first = a.getGeneration("gen-0").catch((e) => e);
    await vi.advanceTimersByTimeAsync(60);
    await first; // the 429
    const refusedAt = Date.now();
    const gets = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).getGeneration(`gen-${i}`));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(gets);
    expect(peak).toBeLessThanOrEqual(3);
    expect(calls).toBe(11);
    // Nobody started before Retry-After (3 s, stretched by 10 %), then at most at the halved rate.
    const later = starts.slice(1);
    expect(Math.min(...later) - refusedAt).toBeGreaterThanOrEqual(3_300 - 60);
    const gaps = later.slice(1).map((t, i) => t - (later[i] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(95); // the halved rate, 10/s…
    // …recovering, never beyond 20/s: at most 2 (a tenth of a second's worth) in any 100 ms.
    for (const t of later)
      expect(later.filter((u) => u >= t && u < t + 100).length).toBeLessThanOrEqual(2);
  });

  it("a client's own limiter takes limits as options", () => {
    expect(() => createVideoClient({ apiKey: API_KEY, limiter: { requestsPerSecond: 0 } })).toThrow(
      /Invalid requestsPerSecond/,
    );
    expect(new RequestLimiter().maxConcurrent).toBe(64);
  });
});
