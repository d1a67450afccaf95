import { RequestLimiter } from "@aimlapi-video/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalScheduler } from "./local-scheduler.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// A rate high enough not to space the runs: these tests are about due times and concurrency.
const budget = (maxConcurrent = 64) =>
  new RequestLimiter({ maxConcurrent, requestsPerSecond: 100_000 });

describe("LocalScheduler", () => {
  it("runs each key at its due time, earliest first, with one timer for all", async () => {
    const runs: Array<[string, number]> = [];
    const start = Date.now();
    const scheduler = new LocalScheduler(budget(), async (key) => {
      runs.push([key, Date.now() - start]);
    });
    scheduler.schedule("late", start + 3_000);
    scheduler.schedule("early", start + 1_000);
    scheduler.start();
    scheduler.schedule("middle", start + 2_000); // added while the loop sleeps
    await vi.advanceTimersByTimeAsync(2_500);
    expect(runs).toEqual([
      ["early", 1_000],
      ["middle", 2_000],
    ]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs.map(([key]) => key)).toEqual(["early", "middle", "late"]);
    await scheduler.stop();
  });

  it("a new schedule of a key replaces the old one", async () => {
    const runs: string[] = [];
    const start = Date.now();
    const scheduler = new LocalScheduler(budget(), async (key) => {
      runs.push(key);
    });
    scheduler.start();
    scheduler.schedule("k", start + 1_000);
    scheduler.schedule("k", start + 5_000);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(["k"]);
    await scheduler.stop();
  });

  it("holds at most the budget's runs at once, and a key due while it runs waits for that run", async () => {
    let running = 0;
    let most = 0;
    const runs: Array<[string, number]> = [];
    let again = true;
    const start = Date.now();
    const scheduler: LocalScheduler = new LocalScheduler(budget(2), async (key) => {
      running += 1;
      most = Math.max(most, running);
      runs.push([key, Date.now() - start]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (key === "a" && again) {
        again = false;
        scheduler.schedule("a", Date.now()); // due again at once, while this run is still going
      }
      running -= 1;
    });
    for (const key of ["a", "b", "c", "d"]) scheduler.schedule(key, start);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(most).toBe(2);
    // Two at a time, a second each (the limiter's spacing adds a millisecond); then `a` again.
    const second = (ms: number) => Math.floor(ms / 1_000);
    expect(runs.map(([, at]) => second(at))).toEqual([0, 0, 1, 1, 2]);
    expect(new Set(runs.slice(0, 4).map(([key]) => key))).toEqual(new Set(["a", "b", "c", "d"]));
    expect(runs[4]?.[0]).toBe("a");
    await scheduler.stop();
  });
});
