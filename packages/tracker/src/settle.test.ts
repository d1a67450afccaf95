import { describe, expect, it } from "vitest";
import { DEFAULT_SETTLE_OPTIONS, lookupDelay, settleOptions } from "./settle.js";

describe("settleOptions", () => {
  it("fills the defaults, and false turns settling off", () => {
    expect(settleOptions(undefined)).toEqual(DEFAULT_SETTLE_OPTIONS);
    expect(settleOptions({ windowMs: 60_000 })).toMatchObject({
      windowMs: 60_000,
      firstDelayMs: 10_000,
    });
    expect(settleOptions(false)).toBe(false);
  });

  it.each([
    [{ windowMs: 0 }, "Invalid settle.windowMs: expected a positive number, received 0."],
    [
      { firstDelayMs: Number.NaN },
      "Invalid settle.firstDelayMs: expected a positive number, received NaN.",
    ],
    [
      { windowMs: 60_000, recreateAfterMs: 120_000 },
      "Invalid settle.recreateAfterMs: expected at most settle.windowMs (60000 ms), received 120000",
    ],
    [
      { beforeCreateWindowMs: 50 * 86_400_000 },
      "Invalid settle.beforeCreateWindowMs: expected at most 45 days",
    ],
    [
      { beforeCreate: "sometimes" as never },
      'Invalid settle.beforeCreate: expected "after-loss", "always" or "never", received "sometimes".',
    ],
  ])("refuses %j, naming the option, what it expects and what it received", (input, message) => {
    expect(() => settleOptions(input)).toThrow(message);
  });
});

describe("lookupDelay", () => {
  it("doubles from the first delay up to the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 20].map((n) => lookupDelay(DEFAULT_SETTLE_OPTIONS, n));
    expect(delays).toEqual([20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });
});
