/**
 * Ambiguous creates settled from the account's request log, over both stores: the fake API lists
 * every create under its client request id in `GET /v2/logs` (after a delay the test sets), and
 * the assertions count at the API what was paid.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTracker,
  type Engine,
  type SettleOptions,
  type Tracker,
  type TrackerEvent,
} from "../src/index.js";
import { body, FAST, type FakeApi, startFakeApi } from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";
import { bothStores } from "./stores.js";

type Answer = "created" | "500" | "never" | "drop" | "400";
let api: FakeApi;
let redis: RedisServer;
let dir: string;
/** How each prompt's creates answer, in turn (the last one repeats). */
const answers = new Map<string, Answer[]>();

beforeAll(async () => {
  api = await startFakeApi({
    durationMs: () => 200,
    createAnswer: (b) => {
      const queue = answers.get(b.prompt ?? "") ?? ["created"];
      return (queue.length > 1 ? queue.shift() : queue[0]) as Answer;
    },
  });
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-settle-"));
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => api.logs({ delayMs: 0, latencyMs: 0, status: undefined }));

let n = 0;
const stores = bothStores({
  dir: () => dir,
  redisPort: () => redis.port,
  queuePrefix: "settle",
  next: () => ++n,
  sqlite: { watchMs: 100 },
});

/** Lookups every 100–400 ms; the window is the test's. */
const SETTLE = { firstDelayMs: 100, maxIntervalMs: 400 };

describe.each(stores)("settling ambiguous creates over %s", (_name, newStore) => {
  const open = (store: () => Engine, settle: Partial<SettleOptions> | false = {}): Tracker =>
    createTracker({
      store: store(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
      schedule: FAST,
      learn: false,
      // The create call is cut after 1 s: a create whose answer never comes turns ambiguous then.
      claimMs: 2_000,
      settle: settle && { ...SETTLE, windowMs: 3_000, ...settle },
    });

  function record(tracker: Tracker): TrackerEvent[] {
    const events: TrackerEvent[] = [];
    const push = (event: TrackerEvent) => events.push(event);
    for (const type of ["completed", "failed", "ambiguous", "settled", "recreated"] as const) {
      tracker.on(type as "completed", push);
    }
    return events;
  }

  /** A key and prompt of its own: client request ids are account-wide, like the keys behind them. */
  const unique = (label: string) => `${label}-${++n}`;

  async function until(tracker: Tracker, key: string, status: string, timeout = 10_000) {
    await vi.waitFor(async () => expect((await tracker.get(key))?.status).toBe(status), {
      timeout,
      interval: 50,
    });
  }

  it.each([
    ["a 500 after the task was created", "500"],
    ["an answer that never came (the call was cut)", "never"],
  ] as const)(
    "adopts the generation of %s from the log, and completes it with one create",
    async (_, answer) => {
      const key = unique(`lost-${answer}`);
      answers.set(key, [answer]);
      const tracker = open(newStore());
      const events = record(tracker);
      await tracker.resume();
      const submitted = await tracker.submit(body(key), { key });
      expect(submitted.status).toBe("ambiguous");
      await until(tracker, key, "completed");
      const [paid, ...more] = api.stats.paid.filter((p) => p.prompt === key);
      expect(more).toEqual([]);
      expect(paid?.clientRequestId).toBe(key);
      expect(events.map((e) => e.type)).toEqual(["ambiguous", "settled", "completed"]);
      expect(events[1]).toMatchObject({ type: "settled", key, id: paid?.id, via: "lookup" });
      expect(await tracker.get(key)).toMatchObject({ id: paid?.id, clientRequestId: key });
      await tracker.close();
    },
  );

  it("keeps looking while the log has no row yet, and adopts the row that appears 5 s late", async () => {
    api.logs({ delayMs: 5_000 });
    const key = unique("late");
    answers.set(key, ["500"]);
    const tracker = open(newStore(), { windowMs: 15_000 });
    const events = record(tracker);
    await tracker.resume();
    await tracker.submit(body(key), { key });
    await until(tracker, key, "completed", 15_000);
    const settled = events.find((e) => e.type === "settled");
    expect(settled).toMatchObject({ key, id: api.stats.paid.find((p) => p.prompt === key)?.id });
    // It looked before the row appeared and found nothing, then found it.
    const record_ = await tracker.get(key);
    expect(record_?.settle?.lookups).toBeGreaterThan(1);
    expect(api.stats.creates.get(key)).toBe(1);
    await tracker.close();
  }, 20_000);

  it("leaves a key whose row appears past the window ambiguous, says what it looked at, and never re-creates it", async () => {
    api.logs({ delayMs: 60_000 });
    const key = unique("past");
    answers.set(key, ["500"]);
    const tracker = open(newStore(), { windowMs: 1_000 });
    const events = record(tracker);
    await tracker.resume();
    await tracker.submit(body(key), { key });
    await vi.waitFor(() => expect(events.filter((e) => e.type === "ambiguous")).toHaveLength(2), {
      timeout: 5_000,
    });
    const final = events.at(-1);
    expect(final).toMatchObject({ type: "ambiguous", key, settle: { done: true } });
    if (final?.type !== "ambiguous") throw new Error("unreachable");
    expect(final.settle?.lookups).toBeGreaterThanOrEqual(2);
    expect(final.settle?.last).toMatchObject({ clientRequestId: key, complete: true });
    expect(final.error.message).toMatch(/not found in the account's request log after \d+ lookup/);
    const stored = await tracker.get(key);
    expect(stored).toMatchObject({ status: "ambiguous", settle: { done: true } });
    // Nothing more happens: no lookup, no create.
    const reads = api.stats.logReads;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(api.stats.logReads).toBe(reads);
    expect(api.stats.attempts.get(key)).toBe(1);
    await tracker.close();
  });

  it("leaves a create that never reached the server ambiguous until the window ends, and never re-creates it", async () => {
    const key = unique("never-reached");
    answers.set(key, ["drop"]);
    const tracker = open(newStore(), { windowMs: 1_000 });
    const events = record(tracker);
    await tracker.resume();
    expect((await tracker.submit(body(key), { key })).status).toBe("ambiguous");
    await vi.waitFor(async () => expect((await tracker.get(key))?.settle?.done).toBe(true), {
      timeout: 5_000,
    });
    expect(events.map((e) => e.type)).toEqual(["ambiguous", "ambiguous"]);
    expect(api.stats.attempts.get(key)).toBe(1);
    expect(api.stats.creates.get(key)).toBeUndefined();
    await tracker.close();
  });

  it("keeps looking while the log cannot be read, and says why when it gives up", async () => {
    api.logs({ status: 503 });
    const key = unique("unreadable");
    answers.set(key, ["500"]);
    const tracker = open(newStore(), { windowMs: 800 });
    await tracker.resume();
    await tracker.submit(body(key), { key });
    await vi.waitFor(async () => expect((await tracker.get(key))?.settle?.done).toBe(true), {
      timeout: 5_000,
    });
    const stored = await tracker.get(key);
    expect(stored?.settle?.lookups).toBeGreaterThanOrEqual(2);
    expect(stored?.settle?.lastError).toMatchObject({ status: 503 });
    expect(stored?.error?.message).toContain("the last one failed");
    // The create existed all along: the user can still adopt it.
    const paid = api.stats.paid.find((p) => p.prompt === key);
    await tracker.markCreated(key, paid?.id as string);
    await until(tracker, key, "completed");
    expect(api.stats.creates.get(key)).toBe(1);
    await tracker.close();
  });

  it("under the written policy, re-creates once with the same client request id when no row appeared", async () => {
    const key = unique("policy");
    answers.set(key, ["drop", "created"]);
    const tracker = open(newStore(), { windowMs: 3_000, recreateAfterMs: 300 });
    const events = record(tracker);
    await tracker.resume();
    await tracker.submit(body(key), { key });
    await until(tracker, key, "completed");
    expect(events.map((e) => e.type)).toEqual(["ambiguous", "recreated", "completed"]);
    expect(api.stats.attempts.get(key)).toBe(2);
    expect(api.stats.paid.filter((p) => p.prompt === key)).toEqual([
      expect.objectContaining({ clientRequestId: key }),
    ]);
    await tracker.close();
  });

  it("under the written policy, re-creates at most once per key", async () => {
    const key = unique("policy-once");
    answers.set(key, ["drop"]);
    const tracker = open(newStore(), { windowMs: 1_500, recreateAfterMs: 200 });
    const events = record(tracker);
    await tracker.resume();
    await tracker.submit(body(key), { key });
    await vi.waitFor(async () => expect((await tracker.get(key))?.settle?.done).toBe(true), {
      timeout: 8_000,
    });
    expect(events.map((e) => e.type)).toEqual(["ambiguous", "recreated", "ambiguous", "ambiguous"]);
    expect(api.stats.attempts.get(key)).toBe(2);
    expect(await tracker.get(key)).toMatchObject({
      status: "ambiguous",
      settle: { recreated: true },
    });
    await tracker.close();
  });

  it("looks a key up from one process at a time, however many share the store", async () => {
    // Reads take 150 ms and come every 50–100 ms: two processes looking the key up would overlap.
    api.logs({ delayMs: 60_000, latencyMs: 150 });
    const key = unique("one-at-a-time");
    answers.set(key, ["500"]);
    const store = newStore();
    const settle = { firstDelayMs: 50, maxIntervalMs: 100, windowMs: 2_000 };
    const [a, b] = [open(store, settle), open(store, settle)];
    await Promise.all([a.resume(), b.resume()]);
    const before = api.stats.logReads;
    api.stats.maxLogReadsOpen = 0;
    await a.submit(body(key), { key });
    await vi.waitFor(async () => expect((await b.get(key))?.settle?.done).toBe(true), {
      timeout: 8_000,
    });
    expect(api.stats.logReads - before).toBeGreaterThanOrEqual(5);
    expect(api.stats.maxLogReadsOpen).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it("keeps a key ambiguous when its retry certainly created nothing: the first create may exist", async () => {
    const key = unique("retry-refused");
    answers.set(key, ["500", "400"]);
    const tracker = open(newStore(), false);
    await tracker.resume();
    expect((await tracker.submit(body(key), { key })).status).toBe("ambiguous");
    const before = await tracker.get(key);
    await expect(tracker.retryCreate(key)).rejects.toMatchObject({ name: "BadRequestError" });
    expect(await tracker.get(key)).toMatchObject({
      status: "ambiguous",
      error: before?.error,
      sentAt: before?.sentAt,
    });
    expect(api.stats.attempts.get(key)).toBe(2);
    expect(api.stats.creates.get(key)).toBe(1);
    await tracker.close();
  });

  it("does not settle on its own with settle: false", async () => {
    const key = unique("off");
    answers.set(key, ["500"]);
    const tracker = open(newStore(), false);
    await tracker.resume();
    const reads = api.stats.logReads;
    await tracker.submit(body(key), { key });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await tracker.get(key);
    expect(stored?.status).toBe("ambiguous");
    expect(stored?.settle).toBeUndefined();
    expect(api.stats.logReads).toBe(reads);
    await tracker.close();
  });

  it("settles one key on demand with settle(key): not found yet, then adopted", async () => {
    api.logs({ delayMs: 60_000 });
    const key = unique("on-demand");
    answers.set(key, ["500"]);
    const tracker = open(newStore(), false);
    const events = record(tracker);
    await tracker.resume();
    await tracker.submit(body(key), { key });
    const early = await tracker.settle(key);
    expect(early.lookup).toMatchObject({ status: "not-found", scope: { clientRequestId: key } });
    expect(early.record.status).toBe("ambiguous");
    api.logs({ delayMs: 0 });
    const found = await tracker.settle(key);
    const paid = api.stats.paid.find((p) => p.prompt === key);
    expect(found).toMatchObject({
      lookup: { status: "found", id: paid?.id },
      record: { status: "pending" },
    });
    await until(tracker, key, "completed");
    expect(events.map((e) => e.type)).toEqual(["ambiguous", "settled", "completed"]);
    // A key settled meanwhile is answered as it is, without a lookup; an unknown key is refused.
    const reads = api.stats.logReads;
    expect(await tracker.settle(key)).toEqual({ record: await tracker.get(key) });
    expect(api.stats.logReads).toBe(reads);
    await expect(tracker.settle("no-such-key")).rejects.toThrow(
      'Invalid settle key "no-such-key": expected a record in status ambiguous, received no record.',
    );
    await tracker.close();
  });

  it("looks a new key up before paying for it when told to, and adopts an earlier create of it", async () => {
    const key = unique("before");
    const first = open(newStore());
    await first.resume();
    const created = await first.submit(body(key), { key });
    await until(first, key, "completed");
    await first.close();
    // Another store that never knew the key (a lost file, an emptied Redis): it is not paid again.
    const second = open(newStore(), { beforeCreate: "always" });
    const events = record(second);
    await second.resume();
    const again = await second.submit(body(key), { key });
    expect(again).toMatchObject({ duplicate: true, id: created.id, status: "pending" });
    expect(events[0]).toMatchObject({ type: "settled", via: "before-create", id: created.id });
    await until(second, key, "completed");
    expect(api.stats.creates.get(key)).toBe(1);
    // A key the log has never seen is created.
    const fresh = unique("before-fresh");
    expect(await second.submit(body(fresh), { key: fresh })).toMatchObject({ duplicate: false });
    expect(api.stats.creates.get(fresh)).toBe(1);
    await second.close();
  });

  it("sends nothing when close() starts while a submit is between its claim and its POST", async () => {
    const key = unique("close-race");
    const store = newStore();
    let lookups = 0;
    let lookingUp: () => void = () => {};
    const looking = new Promise<void>((resolve) => {
      lookingUp = resolve;
    });
    // The lookup before the create answers late: close() comes in meanwhile.
    const slowLogs: typeof fetch = async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes("/v2/logs")) {
        lookups += 1;
        lookingUp();
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return fetch(input, init);
    };
    const tracker = createTracker({
      store: store(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url, fetch: slowLogs }),
      schedule: FAST,
      learn: false,
      settle: { ...SETTLE, beforeCreate: "always" },
    });
    await tracker.resume();
    const submitted = tracker.submit(body(key), { key }).catch((error: unknown) => error);
    await looking;
    const closed = tracker.close();
    expect(await submitted).toMatchObject({ name: "TrackerClosedError", key });
    await closed;
    expect(lookups).toBe(1);
    expect(api.stats.attempts.get(key)).toBeUndefined();
    // The key is free again: nothing was sent for it.
    const reopened = open(store);
    expect(await reopened.get(key)).toMatchObject({ status: "rejected" });
    expect(await reopened.submit(body(key), { key })).toMatchObject({ duplicate: false });
    expect(api.stats.creates.get(key)).toBe(1);
    await reopened.close();
  });

  it("refuses to create, sending nothing, when the lookup before it cannot read the log", async () => {
    api.logs({ status: 401 });
    const key = unique("before-unreadable");
    const tracker = open(newStore(), { beforeCreate: "always" });
    await tracker.resume();
    await expect(tracker.submit(body(key), { key })).rejects.toMatchObject({
      name: "LookupFailedError",
      key,
    });
    expect(api.stats.attempts.get(key)).toBeUndefined();
    expect(await tracker.get(key)).toMatchObject({ status: "rejected" });
    // Once the log can be read, submitting again looks and creates.
    api.logs({ status: undefined });
    expect(await tracker.submit(body(key), { key })).toMatchObject({ duplicate: false });
    expect(api.stats.creates.get(key)).toBe(1);
    await tracker.close();
  });
});
