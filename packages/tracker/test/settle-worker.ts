/**
 * A process that submits KEYS (each key its prompt) with a claim of CLAIM_MS, over SQLite (DB) or
 * Redis (REDIS_PORT, QUEUE), printing one JSON line per event; settle-crash.test.ts kills it while
 * its create is in flight. Its claim is short so that the restarted tracker sees it expire soon.
 */
import { createVideoClient } from "@aimlapi-video/client";
import { createTracker, sqliteStore } from "../src/index.js";
import { redisStore } from "../src/redis.js";
import { env, printEvents, printer, submitKeys } from "./worker-process.js";

const print = printer(env("WORKER"));
const tracker = createTracker({
  store: process.env.DB
    ? sqliteStore({ path: env("DB") })
    : redisStore({
        connection: { host: "127.0.0.1", port: Number(env("REDIS_PORT")) },
        queue: env("QUEUE"),
      }),
  client: createVideoClient({ apiKey: "settle-worker-key", baseUrl: env("API_URL") }),
  claimMs: Number(env("CLAIM_MS")),
});
printEvents(tracker, print);
await submitKeys(tracker, env("KEYS").split(",").filter(Boolean), print);
await tracker.close();
