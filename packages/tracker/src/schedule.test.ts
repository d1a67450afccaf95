import { DEFAULT_POLL_SCHEDULE } from "@aimlapi-video/client";
import { describe, expect, it } from "vitest";
import {
  defaultPlan,
  jitteredPoll,
  learnedPlan,
  meanLag,
  type Observation,
  pollsUntil,
} from "./schedule.js";

const MIN = 60_000;
/** Completions spread evenly over 5–6 minutes, seen to within a second. */
const kling5s: Observation[] = Array.from({ length: 50 }, (_, i) => ({
  ms: 5 * MIN + (i / 49) * MIN,
  widthMs: 1_000,
}));

describe("defaultPlan", () => {
  it("follows the client's waitForGeneration schedule: 10 s, then growing by 1.5 up to 30 s", () => {
    const plan = defaultPlan();
    const offsets: number[] = [];
    for (let t = 0; offsets.length < 8; t = plan.next(t)) if (t > 0) offsets.push(t);
    expect(offsets).toEqual([10_000, 20_000, 35_000, 57_500, 87_500, 117_500, 147_500, 177_500]);
    expect(
      plan.next(DEFAULT_POLL_SCHEDULE.timeoutMs * 2) - DEFAULT_POLL_SCHEDULE.timeoutMs * 2,
    ).toBeLessThanOrEqual(30_000);
  });
});

describe("learnedPlan", () => {
  it("needs enough observations, then beats the default on lag with no more polls than a 15 s loop", () => {
    expect(learnedPlan(kling5s.slice(0, 10))).toBeUndefined();
    const plan = learnedPlan(kling5s);
    if (!plan) throw new Error("expected a plan");
    expect(plan.source).toBe("learned");
    expect(meanLag(plan, kling5s)).toBeLessThanOrEqual(2_500);
    expect(meanLag(defaultPlan(), kling5s)).toBeGreaterThan(10_000);
    const polls = pollsUntil(plan, 6 * MIN);
    expect(polls).toBeLessThanOrEqual(6 * 4); // the vendor's 15 s loop: 24 polls by 6 min
  });

  it("polls densely where the completions are and rarely before them", () => {
    const plan = learnedPlan(kling5s);
    if (!plan) throw new Error("expected a plan");
    const offsets: number[] = [];
    for (let t = plan.next(0); t < 7 * MIN; t = plan.next(t)) offsets.push(t);
    const perMinuteBefore = offsets.filter((t) => t < 4.5 * MIN).length / 4.5;
    const perMinuteDuring = offsets.filter((t) => t >= 5 * MIN && t <= 6 * MIN).length;
    expect(perMinuteDuring).toBeGreaterThan(5 * perMinuteBefore);
  });
});

describe("jitteredPoll", () => {
  it("moves each poll within ±10 % of its gap and never adds or drops one", () => {
    const plan = defaultPlan();
    let state = { nominal: 0, at: 0 };
    for (const random of [0, 1, 0.5, 0, 1]) {
      const before = state;
      state = jitteredPoll(plan, state.nominal, state.at, () => random);
      const gap = state.nominal - before.nominal;
      expect(state.nominal).toBe(plan.next(before.nominal));
      expect(Math.abs(state.at - state.nominal)).toBeLessThanOrEqual(gap * 0.1 + 1e-9);
      expect(state.at).toBeGreaterThanOrEqual(before.at);
    }
  });
});
