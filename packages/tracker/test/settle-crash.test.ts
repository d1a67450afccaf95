/**
 * A process killed with SIGKILL after sending a create that the fake API received (the task
 * exists, its answer never comes or comes late): a fresh tracker on the same store finds the key
 * `creating`, turns it ambiguous when the dead process's claim expires, settles it from the
 * request log and completes it, with exactly one create at the API. Over SQLite and Redis.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVideoClient } from "@aimlapi-video/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTracker, type Engine, sqliteStore, type TrackerEvent } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { FAST, type FakeApi, startFakeApi } from "./fake-api.js";
import { startWorker } from "./fleet.js";
import { type RedisServer, startRedis } from "./redis-server.js";

/** The worker's claim: its create would be cut after half of it, long after the kill. */
const CLAIM_MS = 3_000;

let api: FakeApi;
let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi({
    durationMs: () => 200,
    // A "slow-" key's answer comes after the worker is dead; any other key's never comes.
    createAnswer: ({ prompt = "" }) => (prompt.startsWith("slow-") ? "created" : "never"),
    createDelayMs: () => 2_000,
  });
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), "tracker-settle-crash-"));
});

afterAll(async () => {
  await api?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
/** The worker's environment for a store, and how the test opens the same store. */
const stores: Array<[string, () => { env: Record<string, string>; open: () => Engine }]> = [
  [
    "SQLite",
    () => {
      const path = join(dir, `crash-${++n}.db`);
      return { env: { DB: path }, open: () => sqliteStore({ path, watchMs: 100 }) };
    },
  ],
  [
    "Redis (BullMQ)",
    () => {
      const queue = `settle-crash-${++n}`;
      const connection = { host: "127.0.0.1", port: redis.port };
      return {
        env: { REDIS_PORT: String(redis.port), QUEUE: queue },
        open: () => redisStore({ connection, queue, lockMs: 1_000 }),
      };
    },
  ],
];

describe.each(stores)("a worker killed mid-create, over %s", (_name, newStore) => {
  it.each([
    ["never answers", "never"],
    ["answers late", "slow"],
  ])("a create that %s: the restart settles it from the log, with one create", async (_, how) => {
    const key = `${how}-${++n}`;
    const store = newStore();
    const worker = startWorker(
      { WORKER: key, API_URL: api.url, KEYS: key, CLAIM_MS: String(CLAIM_MS), ...store.env },
      "settle-worker.ts",
    );
    // The task exists as soon as the create arrives; kill the worker before any answer.
    await expect.poll(() => api.stats.creates.get(key), { timeout: 20_000, interval: 10 }).toBe(1);
    worker.process.kill("SIGKILL");
    await worker.exited;
    expect(worker.lines).toEqual([]);

    const tracker = createTracker({
      store: store.open(),
      client: createVideoClient({ apiKey: "restart-key", baseUrl: api.url }),
      schedule: FAST,
      learn: false,
      claimMs: 1_000,
      settle: { firstDelayMs: 100, maxIntervalMs: 400, windowMs: 10_000 },
    });
    expect(await tracker.get(key)).toMatchObject({ status: "creating", clientRequestId: key });
    const events: TrackerEvent[] = [];
    for (const type of ["completed", "failed", "ambiguous", "settled", "recreated"] as const) {
      tracker.on(type as "completed", (event) => events.push(event));
    }
    await tracker.resume();
    await vi.waitFor(async () => expect((await tracker.get(key))?.status).toBe("completed"), {
      timeout: 15_000,
      interval: 50,
    });

    const paid = api.stats.paid.filter((p) => p.prompt === key);
    expect(paid).toEqual([expect.objectContaining({ clientRequestId: key })]);
    expect(api.stats.attempts.get(key)).toBe(1);
    const id = paid[0]?.id;
    expect(events.map((e) => e.type)).toEqual(["ambiguous", "settled", "completed"]);
    expect(events[1]).toMatchObject({ key, id, via: "lookup", duplicates: [] });
    expect(events[2]).toMatchObject({ key, id });
    expect(await tracker.get(key)).toMatchObject({ status: "completed", id });
    await tracker.close();
  });
});
