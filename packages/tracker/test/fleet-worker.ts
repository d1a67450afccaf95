/**
 * One worker process of the fleet tests: a tracker over Redis that submits its keys, polls
 * whatever the queue holds, and prints one JSON line per event on stdout. SIGTERM closes it.
 * Settings come from the environment (see `FleetWorkerEnv` in fleet.ts).
 */
import { createVideoClient } from "@aimlapi-video/client";
import { createTracker } from "../src/index.js";
import { redisStore } from "../src/redis.js";

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`fleet-worker: missing ${name}`);
  return value;
};
const worker = env("WORKER");
const print = (line: object) => process.stdout.write(`${JSON.stringify({ worker, ...line })}\n`);

// The client's own limiter is wide open: the budget under test is the fleet's, in BullMQ.
const client = (maxRetries: number) =>
  createVideoClient({
    apiKey: "fleet-key",
    baseUrl: env("API_URL"),
    headers: { "x-worker": worker },
    maxRetries,
    limiter: { maxConcurrent: 64, requestsPerSecond: 10_000 },
  });
const interval = Number(env("POLL_INTERVAL_MS"));
const tracker = createTracker({
  store: redisStore({
    connection: { host: "127.0.0.1", port: Number(env("REDIS_PORT")) },
    queue: env("QUEUE"),
    pollsPerSecond: Number(env("POLLS_PER_SECOND")),
    concurrency: 32,
    lockMs: 1_000,
  }),
  client: client(2),
  pollClient: client(0),
  budget: { maxConcurrent: 32, requestsPerSecond: 2_000 },
  schedule: { firstDelayMs: interval, intervalMs: interval, backoff: 1, maxIntervalMs: interval },
  learn: false,
});
void (async () => {
  for await (const event of tracker.events()) {
    print({ type: event.type, key: event.key, id: "id" in event ? event.id : undefined });
  }
})();

process.once("SIGTERM", () => {
  tracker.close().finally(() => process.exit(0));
});

const keys = env("KEYS").split(",").filter(Boolean);
await Promise.all(
  keys.map(async (key) => {
    const submitted = await tracker.submit(
      { model: "kling-video/v1/standard/text-to-video", prompt: key, duration: 5 },
      { key },
    );
    print({ type: "submitted", key, id: submitted.id, duplicate: submitted.duplicate });
  }),
);
await tracker.resume();
print({ type: "submitted-all" });
