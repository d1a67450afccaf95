/**
 * Three worker processes × 1,000 generations on one Redis queue with a fleet-wide budget of 200
 * GETs a second, against a fake API that answers 429 to every GET for three seconds in the
 * middle. The GET rate the server sees, over any 2-second window, stays within the budget + 10 %,
 * storm included: a 429 pauses the whole queue instead of making each poll retry on its own.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeApi, startFakeApi } from "./fake-api.js";
import { type FleetWorker, startWorker } from "./fleet.js";
import { type RedisServer, startRedis } from "./redis-server.js";

const BUDGET = 200; // GETs per second, all workers together
const WINDOW_MS = 2_000;

let api: FakeApi;
let redis: RedisServer;
const workers: FleetWorker[] = [];

beforeAll(async () => {
  api = await startFakeApi({ durationMs: () => 60_000 });
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("3 workers × 1,000 generations stay within the fleet-wide GET budget, through a 429 storm", async () => {
  for (const w of [0, 1, 2]) {
    workers.push(
      startWorker({
        WORKER: `w${w}`,
        API_URL: api.url,
        REDIS_PORT: String(redis.port),
        QUEUE: "budget",
        KEYS: Array.from({ length: 1_000 }, (_, i) => `w${w}-${i}`).join(","),
        POLLS_PER_SECOND: String(BUDGET),
        // Each generation wants a GET every 0.5 s: 6,000 a second wanted, 200 allowed.
        POLL_INTERVAL_MS: "500",
      }),
    );
  }
  await Promise.all(workers.map((w) => w.waitFor((line) => line.type === "submitted-all")));
  expect(api.stats.creates.size).toBe(3_000);
  const from = Date.now();
  await sleep(3_000);
  api.storm(true);
  const stormFrom = Date.now();
  await sleep(3_000);
  api.storm(false);
  const stormUntil = Date.now();
  await sleep(3_000);
  const until = Date.now();

  const gets = api.stats.gets.map((g) => g.at);
  const windows: number[] = [];
  for (let t = from - api.startedAt; t + WINDOW_MS <= until - api.startedAt; t += 100) {
    windows.push(gets.filter((at) => at >= t && at < t + WINDOW_MS).length);
  }
  const worst = Math.max(...windows) / (WINDOW_MS / 1000);
  const inStorm = api.stats.gets.filter((g) => g.status === 429).length;
  console.log(
    `fleet GETs: worst ${worst.toFixed(0)}/s over ${WINDOW_MS / 1000} s windows (budget ${BUDGET}/s); ` +
      `429s during the ${((stormUntil - stormFrom) / 1000).toFixed(1)} s storm: ${inStorm}`,
  );
  expect(windows.length).toBeGreaterThan(50);
  expect(worst).toBeLessThanOrEqual(BUDGET * 1.1);
  // The limiter is what held the fleet back (it wanted 6,000 GETs a second), not a stall.
  expect(worst).toBeGreaterThan(BUDGET * 0.4);
  // The storm slowed the fleet down (each 429 pauses the queue ≥ 1 s) instead of speeding it up.
  expect(inStorm / ((stormUntil - stormFrom) / 1000)).toBeLessThan(BUDGET);
});
