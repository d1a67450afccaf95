import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Budget } from "./budget.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Takes `count` slots, releasing each at once; records when each was granted. */
function takeAll(budget: Budget, count: number): number[] {
  const granted: number[] = [];
  for (let i = 0; i < count; i++) {
    void budget.take().then((release) => {
      granted.push(Date.now());
      release();
    });
  }
  return granted;
}

describe("Budget", () => {
  it("starts at most requestsPerSecond a second, spread over the second", async () => {
    const budget = new Budget({ concurrency: 100, requestsPerSecond: 50 });
    const started = Date.now();
    const granted = takeAll(budget, 200);
    await vi.advanceTimersByTimeAsync(2_000);
    const firstSecond = granted.filter((t) => t - started < 1_000).length;
    expect(firstSecond).toBeGreaterThanOrEqual(45);
    expect(firstSecond).toBeLessThanOrEqual(55);
    // Spread: no 100 ms holds more than a tenth of the second's budget plus one.
    for (let t = started; t < started + 1_000; t += 100) {
      expect(granted.filter((g) => g >= t && g < t + 100).length).toBeLessThanOrEqual(6);
    }
    budget.close();
  });

  it("holds at most `concurrency` requests in flight", async () => {
    const budget = new Budget({ concurrency: 3, requestsPerSecond: 1_000 });
    const releases: Array<() => void> = [];
    for (let i = 0; i < 5; i++) void budget.take().then((release) => releases.push(release));
    await vi.advanceTimersByTimeAsync(100);
    expect(releases).toHaveLength(3);
    expect(budget.waiting).toBe(2);
    releases[0]?.();
    releases[0]?.(); // releasing twice frees one slot only
    await vi.advanceTimersByTimeAsync(100);
    expect(releases).toHaveLength(4);
    budget.close();
  });

  it("after a 429 starts nothing until the pause ends, then at half the rate, recovering", async () => {
    const budget = new Budget({ concurrency: 100, requestsPerSecond: 100 });
    budget.pause(2_000);
    const started = Date.now();
    const granted = takeAll(budget, 500);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(granted).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_001);
    const secondAfter = granted.filter((t) => t - started >= 2_000 && t - started < 3_000).length;
    expect(secondAfter).toBeGreaterThan(40);
    expect(secondAfter).toBeLessThan(70);
    budget.close();
  });

  it("names a bad option", () => {
    expect(() => new Budget({ requestsPerSecond: 0 })).toThrow(
      /Invalid budget.requestsPerSecond: expected a positive number, received 0/,
    );
  });
});
