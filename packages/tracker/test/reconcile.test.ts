/**
 * reconcile() over both stores, against a fresh fake API per test (its ledger is the test's own):
 * the fake charges a generation in its ledger when a GET first sees it completed, at its price
 * unless the test says otherwise, and pages the ledger two entries at a time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTracker, type TrackedGeneration, type Tracker } from "../src/index.js";
import {
  body,
  FAST,
  type FakeApi,
  type FakeApiOptions,
  seedance,
  startFakeApi,
} from "./fake-api.js";
import { type RedisServer, startRedis } from "./redis-server.js";
import { bothStores } from "./stores.js";

let redis: RedisServer;
let dir: string;
let api: FakeApi | undefined;
let tracker: Tracker | undefined;

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-reconcile-"));
});

afterEach(async () => {
  await tracker?.close();
  await api?.close();
});

afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

let storeId = 0;
const stores = bothStores({
  dir: () => dir,
  redisPort: () => redis.port,
  queuePrefix: "reconcile",
  next: () => ++storeId,
}).map(([name, make]) => [name, () => make()()] as const);

describe.each(stores)("reconcile over %s", (_name, newStore) => {
  async function start(options: FakeApiOptions = {}): Promise<Tracker> {
    api = await startFakeApi({
      durationMs: () => 150,
      failWhen: (b) => b.prompt === "refused",
      ...options,
    });
    api.ledgerPageSize(2);
    tracker = createTracker({
      store: newStore(),
      client: createVideoClient({ apiKey: "test-key", baseUrl: api.url, maxRetries: 0 }),
      schedule: FAST,
      learn: false,
    });
    await tracker.resume();
    return tracker;
  }

  /** Submits each key (its prompt), and waits until every one has finished. */
  async function run(
    tracker: Tracker,
    bodies: Record<string, Parameters<Tracker["submit"]>[0]>,
  ): Promise<Map<string, TrackedGeneration>> {
    for (const [key, b] of Object.entries(bodies)) await tracker.submit(b, { key });
    return vi.waitFor(
      async () => {
        const records = await tracker.list(["completed", "failed"]);
        expect(records).toHaveLength(Object.keys(bodies).length);
        return new Map(records.map((record) => [record.key, record]));
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  it("matches every charge of a clean run, and reports nothing else", async () => {
    const tracker = await start();
    await run(tracker, {
      a: body("a"),
      b: { ...body("b"), duration: 10 },
      c: seedance("c", 5, "720p"),
      // Failed: never charged, and nothing expected.
      refused: body("refused"),
    });
    const before = Date.now();
    const report = await tracker.reconcile({ graceMs: 0 });
    expect(report).toEqual({
      from: expect.any(String),
      to: expect.any(String),
      matched: 3,
      unknownCharges: [],
      uncharged: [],
      mismatched: [],
    });
    // The window: the 24 h before now, as ISO.
    const to = Date.parse(report.to);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - Date.parse(report.from)).toBe(24 * 60 * 60_000);
  });

  it("finds a charge behind the tracker's back, a missing one after the grace, and amounts that differ", async () => {
    const tracker = await start({
      // over: charged a quarter more than it reported; close: within the tolerance.
      chargeUsd: (b, usd) =>
        b.prompt === "uncharged"
          ? null
          : b.prompt === "over"
            ? usd + 0.25
            : b.prompt === "close"
              ? usd + 0.005
              : b.prompt === "unreported"
                ? usd + 0.1
                : usd,
      // unreported: no meta.usage, so its quote is what it should have cost.
      usageUsd: (b, usd) => (b.prompt === "unreported" ? null : usd),
    });
    const records = await run(tracker, {
      ok: body("ok"),
      uncharged: body("uncharged"),
      over: body("over"),
      close: body("close"),
      unreported: body("unreported"),
      refused: body("refused"),
    });
    const id = (key: string) => records.get(key)?.id as string;
    const fake = api as FakeApi;
    fake.charge({ id: "gen-behind", usd: 0.7 });
    // A failed generation charged after all (e.g. one the tracker gave up polling).
    fake.charge({ id: id("refused"), usd: 0.5 });
    // Outside the window read.
    fake.charge({ id: "gen-last-week", usd: 1, at: Date.now() - 7 * 24 * 60 * 60_000 });

    const report = await tracker.reconcile({ graceMs: 0 });
    expect(report.matched).toBe(2);
    expect(report.unknownCharges).toEqual([
      expect.objectContaining({
        direction: "CHARGE",
        type: "MODEL_USAGE",
        amount: { usd: 0.7, credits: 1_400_000 },
        reference_id: "gen-behind",
      }),
    ]);
    const uncharged = records.get("uncharged") as TrackedGeneration;
    expect(report.uncharged).toEqual([
      { key: "uncharged", id: uncharged.id, finishedAt: uncharged.finishedAt },
    ]);
    expect(report.mismatched.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: "over", id: id("over"), chargedUsd: 0.75, expectedUsd: 0.5, from: "cost" },
      { key: "refused", id: id("refused"), chargedUsd: 0.5, expectedUsd: 0, from: "failed" },
      { key: "unreported", id: id("unreported"), chargedUsd: 0.6, expectedUsd: 0.5, from: "quote" },
    ]);

    // Charges land after completion: within the grace (10 min by default), none is missing yet.
    expect((await tracker.reconcile()).uncharged).toEqual([]);
    // A tighter tolerance finds the cent and a half too.
    expect((await tracker.reconcile({ graceMs: 0, toleranceUsd: 0.001 })).mismatched).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "close", chargedUsd: 0.505 })]),
    );
    // A window after everything: no charge read, no generation expected to be in it.
    const later = Date.now() + 60_000;
    expect(await tracker.reconcile({ since: later, until: new Date(later + 60_000) })).toEqual({
      from: new Date(later).toISOString(),
      to: new Date(later + 60_000).toISOString(),
      matched: 0,
      unknownCharges: [],
      uncharged: [],
      mismatched: [],
    });
    await expect(tracker.reconcile({ since: later, until: later - 1 })).rejects.toThrow(
      /^Invalid reconcile window: expected since before until/,
    );
  });
});
