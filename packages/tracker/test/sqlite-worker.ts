/**
 * One process of the SQLite tests that share a file between processes: a tracker over
 * `sqliteStore({ path: DB, leaseMs: LEASE_MS, watchMs: WATCH_MS })` that prints one JSON line per
 * event on stdout. MODE=poll resumes (it polls while it holds the file's lease) and runs until
 * SIGTERM; MODE=submit submits KEYS (each key is its prompt) without resuming, then closes;
 * MODE=list prints every record of the file, then closes; MODE=lock holds the write lock of the
 * file for HOLD_MS without a tracker (on a new file: what a process switching it to WAL holds).
 * Its requests carry `x-worker: WORKER`.
 */
import { createVideoClient } from "@aimlapi-video/client";
import Database from "better-sqlite3";
import { createTracker, sqliteStore } from "../src/index.js";
import { env, printEvents, printer, submitKeys } from "./worker-process.js";

const worker = env("WORKER");
const mode = env("MODE");
const print = printer(worker);

if (mode === "lock") {
  const db = new Database(env("DB"));
  db.exec("BEGIN IMMEDIATE");
  print({ type: "locked" });
  await new Promise((resolve) => setTimeout(resolve, Number(env("HOLD_MS"))));
  db.exec("COMMIT");
  db.close();
  process.exit(0);
}

const client = (maxRetries: number) =>
  createVideoClient({
    apiKey: "sqlite-worker-key",
    baseUrl: env("API_URL"),
    headers: { "x-worker": worker },
    maxRetries,
  });
const interval = Number(env("POLL_INTERVAL_MS", "100"));
const tracker = createTracker({
  store: sqliteStore({
    path: env("DB"),
    leaseMs: Number(env("LEASE_MS", "30000")),
    watchMs: Number(env("WATCH_MS", "1000")),
  }),
  client: client(2),
  pollClient: client(0),
  schedule: { firstDelayMs: interval, intervalMs: interval, backoff: 1, maxIntervalMs: interval },
  learn: false,
});
printEvents(tracker, print);

if (mode === "poll") {
  process.once("SIGTERM", () => {
    tracker.close().finally(() => process.exit(0));
  });
  await tracker.resume();
  print({ type: "ready" });
} else if (mode === "submit") {
  await submitKeys(tracker, env("KEYS").split(",").filter(Boolean), print);
  await tracker.close();
} else if (mode === "list") {
  for (const record of await tracker.list()) {
    print({ type: "record", key: record.key, id: record.id, status: record.status });
  }
  await tracker.close();
} else {
  throw new Error(`sqlite-worker: unknown MODE ${mode}`);
}
