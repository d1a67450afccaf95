import { describe, expect, it } from "vitest";
import { GenerationStore } from "../src/generations.js";

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function pollStatuses(store: GenerationStore, id: string, polls: number): string[] {
  return Array.from({ length: polls }, () => {
    const status = store.peek(id) ?? "unknown";
    store.recordPoll(id);
    return status;
  });
}

describe("GenerationStore", () => {
  it("shows each status for pollsPerStep polls", () => {
    const store = new GenerationStore({ pollsPerStep: 2 });
    const id = store.create("m", "completed");
    expect(pollStatuses(store, id, 6)).toEqual([
      "queued",
      "queued",
      "generating",
      "generating",
      "completed",
      "completed",
    ]);
  });

  it("moves on with time when msPerStep is set, polled or not", () => {
    const time = clock();
    const store = new GenerationStore(
      { pollsPerStep: Number.POSITIVE_INFINITY, msPerStep: 1_000 },
      time.now,
    );
    const id = store.create("m", "error");
    expect(store.peek(id)).toBe("queued");
    time.advance(1_000);
    expect(store.peek(id)).toBe("generating");
    time.advance(5_000);
    expect(store.peek(id)).toBe("error");
  });

  it("does not know ids it did not create", () => {
    expect(new GenerationStore().peek("other")).toBeUndefined();
  });

  it("rejects settings that would never or always move", () => {
    expect(() => new GenerationStore({ pollsPerStep: 0 })).toThrow(RangeError);
    expect(() => new GenerationStore({ msPerStep: 0 })).toThrow(RangeError);
  });
});
