/**
 * SIGTERM with creates in flight, over both stores, in a real process: `close()` waits for the
 * creates to record their ids and then exits; a second SIGTERM stops the waiting, and the error
 * lists what may have been paid. Asserted at the fake API's side: every paid id is recorded.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTracker, type Engine, sqliteStore } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { type FakeApi, startFakeApi } from "./fake-api.js";
import { startWorker } from "./fleet.js";
import { type RedisServer, startRedis } from "./redis-server.js";

let api: FakeApi;
let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi({
    // Creates answer late: 1.5 s, or 30 s for the ones a second signal gives up on.
    createDelayMs: (b) => (b.prompt?.startsWith("stuck") ? 30_000 : 1_500),
    durationMs: () => 60_000,
  });
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-close-"));
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

const COUNT = 30;
let run = 0;

const stores: Array<[string, () => { env: Record<string, string>; open: () => Engine }]> = [
  [
    "SQLite",
    () => {
      const db = join(dir, `close-${++run}.db`);
      return { env: { STORE: "sqlite", DB: db }, open: () => sqliteStore({ path: db }) };
    },
  ],
  [
    "Redis (BullMQ)",
    () => {
      const queue = `close-${++run}`;
      const connection = { host: "127.0.0.1", port: redis.port };
      return {
        env: { STORE: "redis", REDIS_PORT: String(redis.port), QUEUE: queue },
        open: () => redisStore({ connection, queue }),
      };
    },
  ],
];

describe.each(stores)("close() over %s", (_name, newStore) => {
  const paidFor = (prefix: string) =>
    api.stats.paid.filter((p) => p.prompt.startsWith(`${prefix}-`));

  /**
   * Starts the service, waits until every create has reached the server (none answered yet),
   * sends `signals` SIGTERMs 300 ms apart, and waits for it to exit.
   */
  async function terminate(env: Record<string, string>, prefix: string, signals: number) {
    const worker = startWorker(
      { ...env, WORKER: "w", API_URL: api.url, PREFIX: prefix, COUNT: `${COUNT}` },
      "close-worker.ts",
    );
    try {
      await expect.poll(() => paidFor(prefix).length, { timeout: 15_000 }).toBe(COUNT);
      for (let i = 0; i < signals; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 300));
        worker.process.kill("SIGTERM");
      }
      await worker.waitFor((line) => line.type === "closed" || line.type === "close-failed");
    } finally {
      await worker.stop();
    }
    return worker;
  }

  /** A tracker of our own over the store the service used. */
  const reopen = (open: () => Engine) =>
    createTracker({ store: open(), client: createVideoClient({ apiKey: "k", baseUrl: api.url }) });

  it("SIGTERM with creates in flight: waits for them, records every paid id, refuses the rest", async () => {
    const { env, open } = newStore();
    const prefix = `term-${run}`;
    const worker = await terminate(env, prefix, 1);
    expect(worker.process.exitCode).toBe(0);
    const submitted = worker.lines.filter((line) => line.type === "submitted");
    expect(submitted).toHaveLength(COUNT);
    expect(worker.lines).toContainEqual(
      expect.objectContaining({ type: "submit-failed", key: "late", name: "TrackerClosedError" }),
    );
    expect(api.stats.creates.get(`${prefix}-late`)).toBeUndefined();

    // The store holds every id the API handed out, each key created once.
    const tracker = reopen(open);
    const records = await tracker.list();
    await tracker.close();
    const recorded = new Map(records.map((r) => [r.id, r.status]));
    for (const { id } of paidFor(prefix)) expect(recorded.get(id)).toBe("pending");
    expect(new Set(records.map((r) => r.key)).size).toBe(COUNT);
  });

  it("a second SIGTERM forces the close: the error lists every create that may have been paid", async () => {
    const { env, open } = newStore();
    const prefix = `stuck-${run}`;
    const worker = await terminate(env, prefix, 2);
    // A clean exit with the list, not a crash.
    expect(worker.process.exitCode).toBe(3);
    const failed = worker.lines.find((line) => line.type === "close-failed");
    expect(failed).toMatchObject({ name: "CloseTimeoutError" });
    const unsettled = (failed?.unsettled ?? []) as Array<{ key: string }>;
    expect(unsettled.map((u) => u.key).sort()).toEqual(
      Array.from({ length: COUNT }, (_, i) => `k${i}`).sort(),
    );
    // Their claims stay: the next run finds them `creating` (then ambiguous), never creates them again.
    const tracker = reopen(open);
    expect((await tracker.list(["creating"])).length).toBe(COUNT);
    await tracker.close();
  });
});
