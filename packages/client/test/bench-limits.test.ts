// The per-call benches must measure calls, not the limiter's pacing (bench/limits.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { UNPACED } from "../bench/limits.js";
import { type Release, RequestLimiter } from "../src/limiter.js";

afterEach(() => {
  vi.useRealTimers();
});

/** How many of `count` sequential requests start without the clock moving. */
async function startedAtOnce(limiter: RequestLimiter, count: number): Promise<number> {
  vi.useFakeTimers();
  for (let i = 0; i < count; i++) {
    const release = await Promise.race([limiter.acquire(), Promise.resolve().then(() => null)]);
    if (!release) return i;
    (release as Release)();
  }
  return count;
}

describe("the benches' limits", () => {
  it("let a bench's loop of 5,000 calls start each at once: its figures are the calls' cost", async () => {
    expect(await startedAtOnce(new RequestLimiter(UNPACED), 5_000)).toBe(5_000);
  });

  it("are needed: the default budget holds the sixth call of a loop for its turn", async () => {
    expect(await startedAtOnce(new RequestLimiter(), 5_000)).toBe(5);
  });
});
