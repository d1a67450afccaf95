import { describe, expect, it } from "vitest";
import { GenerationStore } from "../src/generations.js";

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function pollStatuses(store: GenerationStore, id: string, polls: number): string[] {
  return Array.from({ length: polls }, () => {
    const status = store.peek(id)?.status ?? "unknown";
    store.recordPoll(id);
    return status;
  });
}

describe("GenerationStore", () => {
  it("shows each status for pollsPerStep polls, and says the next poll may change it", () => {
    const store = new GenerationStore({ pollsPerStep: 2 });
    const id = store.create("m", "completed");
    expect(store.peek(id)).toEqual({ status: "queued", nextChangeInMs: 0 });
    expect(pollStatuses(store, id, 6)).toEqual([
      "queued",
      "queued",
      "generating",
      "generating",
      "completed",
      "completed",
    ]);
    expect(store.peek(id)).toEqual({ status: "completed", nextChangeInMs: undefined });
  });

  it("walks a realistic five-minute generation in five seconds at time scale 60", () => {
    const time = clock();
    const store = new GenerationStore({ timeScale: 60 }, time.now);
    const id = store.create("m", "completed");
    // 20 s queued and 280 s generating, simulated: a third of a second and 4.67 s in real time.
    expect(store.peek(id)).toEqual({ status: "queued", nextChangeInMs: 334 });
    // Polls alone do not move it: only the clock does.
    expect(pollStatuses(store, id, 5)).toEqual(Array(5).fill("queued"));
    time.advance(334);
    expect(store.peek(id)).toEqual({ status: "generating", nextChangeInMs: 4_666 });
    time.advance(4_665);
    expect(store.peek(id)?.status).toBe("generating");
    time.advance(1);
    expect(store.peek(id)).toEqual({ status: "completed", nextChangeInMs: undefined });
  });

  it("takes its phases and a poll count with the time scale, whichever comes first", () => {
    const time = clock();
    const store = new GenerationStore(
      { timeScale: 10, queuedMs: 1_000, generatingMs: 9_000, pollsPerStep: 3 },
      time.now,
    );
    const id = store.create("m", "error");
    expect(store.peek(id)).toEqual({ status: "queued", nextChangeInMs: 0 });
    time.advance(100);
    expect(store.peek(id)?.status).toBe("generating");
    expect(pollStatuses(store, id, 6)).toEqual([
      "generating",
      "generating",
      "generating",
      "generating",
      "generating",
      "generating",
    ]);
    // Six polls make step 2 by polls: the final status.
    expect(store.peek(id)?.status).toBe("error");
  });

  it("does not know ids it did not create", () => {
    expect(new GenerationStore().peek("other")).toBeUndefined();
  });

  it("lists what it created, with the status the next poll sees", () => {
    const store = new GenerationStore();
    const id = store.create("kling", "completed");
    store.recordPoll(id);
    expect(store.list()).toEqual([
      expect.objectContaining({ id, model: "kling", polls: 1, status: "generating" }),
    ]);
  });

  it("expires the URLs handed out so far, not the next one", () => {
    const store = new GenerationStore();
    const id = store.create("m", "completed");
    const first = store.issueUrl(id) ?? -1;
    store.expireUrls(id, 410);
    const second = store.issueUrl(id) ?? -1;
    expect(store.urlRefusal(id, first)).toBe(410);
    expect(store.urlRefusal(id, second)).toBeUndefined();
  });

  it("rejects settings that would never or always move, naming the setting", () => {
    expect(() => new GenerationStore({ pollsPerStep: 0 })).toThrow(
      "pollsPerStep must be a number at least 1; received 0",
    );
    expect(() => new GenerationStore({ timeScale: 0 })).toThrow(/timeScale .* above 0/);
    expect(() => new GenerationStore({ timeScale: 1, queuedMs: -1 })).toThrow(/queuedMs/);
    expect(() => new GenerationStore({ timeScale: Number.NaN })).toThrow(/timeScale/);
  });
});
