/**
 * One worker process of the fleet tests: a tracker over Redis that submits its keys, polls
 * whatever the queue holds, and prints one JSON line per event on stdout. SIGTERM closes it.
 * Settings come from the environment (see `FleetWorkerEnv` in fleet.ts).
 */
import { createVideoClient } from "@aimlapi-video/client";
import { createTracker } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { env, printEvents, printer, submitKeys } from "./worker-process.js";

const worker = env("WORKER");
const print = printer(worker);

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
printEvents(tracker, print);

process.once("SIGTERM", () => {
  tracker.close().finally(() => process.exit(0));
});

await submitKeys(tracker, env("KEYS").split(",").filter(Boolean), print);
await tracker.resume();
print({ type: "submitted-all" });
