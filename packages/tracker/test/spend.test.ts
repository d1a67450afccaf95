/**
 * Spend over both stores, against the fake API's catalogue (`FAKE_CATALOGUE`: body() at $0.1 a
 * second, seedance by resolution, wan not priced before): each submit's quote, each completion's
 * cost, the report per model and window, and the limit refusing before anything is sent, from
 * the records of earlier runs too.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadRequestError, createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTracker,
  type Engine,
  SpendLimitError,
  type SpendLimitOptions,
  type TrackedStatus,
  type Tracker,
} from "../src/index.js";
import { body, FAST, type FakeApi, seedance, startFakeApi, wan } from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";
import { bothStores } from "./stores.js";

const KLING = body("").model;
const SEEDANCE = seedance("", 5).model;
const WAN = wan("").model;

let api: FakeApi;
let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi({
    durationMs: (b) => (b.prompt?.includes("slow") ? 60_000 : 200),
    createAnswer: (b) => (b.prompt?.includes("invalid") ? "400" : "created"),
    failWhen: (b) => b.prompt?.includes("refused") ?? false,
    usageUsd: (b, usd) => (b.prompt?.includes("unreported") ? null : usd),
  });
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-spend-"));
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

let storeId = 0;
const stores = bothStores({
  dir: () => dir,
  redisPort: () => redis.port,
  queuePrefix: "spend",
  next: () => ++storeId,
});

describe.each(stores)("spend over %s", (_name, newStore) => {
  const open = (store: () => Engine, spendLimit?: SpendLimitOptions): Tracker =>
    createTracker({
      store: store(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
      schedule: FAST,
      learn: false,
      spendLimit,
    });
  const until = (tracker: Tracker, key: string, status: TrackedStatus) =>
    vi.waitFor(async () => expect((await tracker.get(key))?.status).toBe(status), {
      timeout: 10_000,
      interval: 20,
    });

  it("records each create's quote and each completion's cost, and reports them per model and window", async () => {
    const store = newStore();
    const tracker = open(store);
    const p = (name: string) => `${name}-${storeId}`;
    await tracker.resume();
    const first = await tracker.submit(body(p("first")), { key: "first" });
    expect(first.quote).toEqual({
      status: "priced",
      model: KLING,
      usd: 0.5,
      lines: [{ unit: "second", units: 5, rate: 0.1, usd: 0.5 }],
      text: "5 s × $0.1/s",
    });
    await until(tracker, "first", "completed");
    expect((await tracker.get("first"))?.cost).toEqual({ usd: 0.5, credits: 1_000_000 });

    await tracker.submit({ ...body(p("unreported")), duration: 10 }, { key: "unreported" });
    await tracker.submit(seedance(p("slow-720p"), 5, "720p"), { key: "slow-720p" });
    // No resolution: the model's default (1080p, $1 per 10 s) prices it.
    await tracker.submit(seedance(p("slow-default"), 10), { key: "slow-default" });
    await tracker.submit(body(p("refused")), { key: "refused" });
    await expect(tracker.submit(body(p("invalid")), { key: "invalid" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    const variable = await tracker.submit(wan(p("slow-variable")), { key: "slow-variable" });
    expect(variable.quote).toEqual({
      status: "unknown",
      model: WAN,
      reason: `${WAN} has a variable price: it is known only after the request`,
    });
    await until(tracker, "unreported", "completed");
    await until(tracker, "refused", "failed");
    // Completed without saying what it cost: its quote counts.
    expect((await tracker.get("unreported"))?.cost).toBeUndefined();

    const all = await tracker.spend();
    expect(all).toEqual({
      since: undefined,
      until: undefined,
      spentUsd: 1.5,
      inFlightUsd: 1.2,
      unknown: 1,
      byModel: {
        // first, unreported and refused (failed: never charged); invalid created nothing.
        [KLING]: { spentUsd: 1.5, inFlightUsd: 0, generations: 3 },
        [SEEDANCE]: { spentUsd: 0, inFlightUsd: 1.2, generations: 2 },
        [WAN]: { spentUsd: 0, inFlightUsd: 0, generations: 1 },
      },
    });
    const later = await tracker.spend({ since: first.submittedAt + 1 });
    expect(later).toMatchObject({ since: first.submittedAt + 1, spentUsd: 1, inFlightUsd: 1.2 });
    const earlier = await tracker.spend({ until: new Date(first.submittedAt) });
    expect(earlier).toMatchObject({
      spentUsd: 0.5,
      inFlightUsd: 0,
      byModel: { [KLING]: { spentUsd: 0.5, inFlightUsd: 0, generations: 1 } },
    });
    await expect(tracker.spend({ since: Number.NaN })).rejects.toThrow(
      "Invalid spend since: expected epoch milliseconds or a valid Date, received NaN.",
    );
    await tracker.close();

    // The records are the store's: a restart reports the same.
    const reopened = open(store);
    expect(await reopened.spend()).toEqual(all);
    await reopened.close();
  });

  it("refuses a create over the limit before anything is sent, counting the records of earlier runs; a known key is never refused", async () => {
    const store = newStore();
    const p = (name: string) => `limit-${name}-${storeId}`;
    const earlier = open(store);
    await earlier.resume();
    await earlier.submit(body(p("done")), { key: "done" });
    await earlier.submit(body(p("slow")), { key: "slow" });
    await expect(earlier.submit(body(p("invalid")), { key: "invalid" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await until(earlier, "done", "completed");
    await earlier.close();

    // $1 committed: 0.5 spent, 0.5 in flight.
    const tracker = open(store, { totalUsd: 1.4 });
    await tracker.resume();
    const refused = tracker.submit(body(p("new")), { key: "new" });
    await expect(refused).rejects.toBeInstanceOf(SpendLimitError);
    await expect(refused).rejects.toMatchObject({
      key: "new",
      limitUsd: 1.4,
      committedUsd: 1,
      quote: { status: "priced", usd: 0.5 },
      message: expect.stringMatching(
        /^The create of key new was not sent: its quote, \$0\.5 \(5 s × \$0\.1\/s\), on top of \$1 committed .* is over the total spend limit of \$1\.4\./,
      ),
    });
    expect(api.stats.attempts.get(p("new"))).toBeUndefined();
    expect(await tracker.get("new")).toBeUndefined();

    // Submitting a known key creates nothing: it is never refused.
    expect(await tracker.submit(body(p("slow")), { key: "slow" })).toMatchObject({
      duplicate: true,
      status: "pending",
    });
    // A rejected key is created again by a submit or a retry: both are checked.
    await expect(tracker.submit(body(p("invalid")), { key: "invalid" })).rejects.toBeInstanceOf(
      SpendLimitError,
    );
    await expect(tracker.retryCreate("invalid")).rejects.toBeInstanceOf(SpendLimitError);
    expect(api.stats.attempts.get(p("invalid"))).toBe(1);
    // An unknown price is refused, whatever the room.
    await expect(tracker.submit(wan(p("variable")), { key: "variable" })).rejects.toMatchObject({
      name: "SpendLimitError",
      quote: { status: "unknown", model: WAN },
    });

    // $0.4 of room, ten creates of $0.1 at once: exactly four are sent.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        tracker.submit(seedance(p(`slow-480p-${i}`), 5, "480p"), { key: `480p-${i}` }),
      ),
    );
    const sent = results.filter((r) => r.status === "fulfilled");
    expect(sent).toHaveLength(4);
    expect(
      results.every((r) => r.status === "fulfilled" || r.reason instanceof SpendLimitError),
    ).toBe(true);
    const created = api.stats.paid.filter((paid) =>
      results.some((_, i) => paid.prompt === p(`slow-480p-${i}`)),
    );
    expect(created).toHaveLength(4);
    expect(await tracker.spend()).toMatchObject({ spentUsd: 0.5, inFlightUsd: 0.9 });
    await tracker.close();

    // A window counts what was submitted within it only.
    const windowed = open(store, { windowUsd: 0.5, windowMs: 1 });
    expect(await windowed.submit(body(p("windowed")), { key: "windowed" })).toMatchObject({
      status: "pending",
    });
    await expect(
      windowed.submit(body(p("windowed-2")), { key: "windowed-2" }),
    ).resolves.toMatchObject({ status: "pending" });
    await windowed.close();
    const daily = open(store, { windowUsd: 2.5 });
    await expect(daily.submit(body(p("daily")), { key: "daily" })).rejects.toMatchObject({
      name: "SpendLimitError",
      limitUsd: 2.5,
      committedUsd: 2.4,
      message: expect.stringMatching(/is over the spend limit per 24 h window of \$2\.5\./),
    });
    await daily.close();

    // Allowed, an unknown price counts as nothing, and the report says how many there are.
    const allowing = open(store, { totalUsd: 100, unknownPrice: "allow" });
    await allowing.submit(wan(p("slow-variable")), { key: "variable" });
    expect(await allowing.spend()).toMatchObject({ unknown: 1, inFlightUsd: 1.9 });
    await allowing.close();
  });

  it("records an unknown quote when the catalogue cannot be read, and refuses it under a limit", async () => {
    const store = newStore();
    const p = (name: string) => `catalogue-${name}-${storeId}`;
    api.catalogue({ status: 503 });
    try {
      const tracker = open(store);
      const record = await tracker.submit(body(p("a")), { key: "a" });
      expect(record).toMatchObject({
        status: "pending",
        quote: { status: "unknown", model: KLING },
      });
      expect(record.quote).toMatchObject({
        reason: expect.stringMatching(/^the model catalogue could not be read \(503 /),
      });
      await tracker.close();
      const limited = open(store, { totalUsd: 10 });
      await expect(limited.submit(body(p("b")), { key: "b" })).rejects.toMatchObject({
        name: "SpendLimitError",
        quote: { status: "unknown" },
        message: expect.stringMatching(/its price cannot be quoted \(the model catalogue/),
      });
      expect(api.stats.attempts.get(p("b"))).toBeUndefined();
      await limited.close();
    } finally {
      api.catalogue({ status: undefined });
    }
  });
});
